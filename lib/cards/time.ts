/**
 * Time limits as a card shows them: in the unit the text uses (minutes, hours, days, working days,
 * the same day, immediately), with a figure that compares two durations only where their units
 * allow it. A working day is not 24 hours and "the same day" is no number of hours, so nothing is
 * converted into hours the text never says. Tiny and import-free: the content script uses it.
 */
import type { Duration, TimeLimit, TimeUnit } from '../corpus/types.ts';

/** Minutes per unit, for the units a clock measures; days and working days have none. */
const MINUTES: Partial<Record<TimeUnit, number>> = { minute: 1, hour: 60 };

/**
 * Two durations on one scale, when their units allow it: minutes and hours convert, days compare
 * with days and working days with working days, and a working day never with hours or days.
 * Returns the pair in a common unit, or null.
 */
export function comparable(a: Duration, b: Duration): [Duration, Duration] | null {
  if (a.unit === b.unit) return [a, b];
  const ma = MINUTES[a.unit];
  const mb = MINUTES[b.unit];
  if (ma === undefined || mb === undefined) return null;
  return [
    { amount: a.amount * ma, unit: 'minute' },
    { amount: b.amount * mb, unit: 'minute' },
  ];
}

/** How much a `reduced-to` limit cuts, as a share of the old duration, when the units allow; else null. */
export function reduction(limit: Pick<TimeLimit, 'duration' | 'from'>): number | null {
  if (!limit.duration || !limit.from) return null;
  const pair = comparable(limit.from, limit.duration);
  if (!pair || pair[0].amount <= 0) return null;
  return (pair[0].amount - pair[1].amount) / pair[0].amount;
}
