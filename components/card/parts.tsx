/**
 * Small pieces the cards share. Every page- or corpus-derived string is a Preact text child:
 * nothing is ever parsed as HTML.
 */
import type { ComponentChildren } from 'preact';
import { reduction } from '../../lib/cards/time.ts';
import type { Duration, Script, TimeLimit } from '../../lib/corpus/types.ts';
import { t } from '../../lib/i18n.ts';

/** The BCP 47 tag for card text in a script (picks the right CJK glyphs). */
export function langOf(script: Script): string {
  return script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
}

/** The "inferred" tag after a value that is our reading rather than the text's. */
export function Inferred({ when }: { when: boolean }) {
  return when ? <span class="inferred">{t('cardInferred')}</span> : null;
}

/** One label/value row of a card's field list. */
export function Field({
  label,
  children,
  lang,
}: {
  label: string;
  children: ComponentChildren;
  lang?: string;
}) {
  return (
    <>
      <dt>{label}</dt>
      <dd lang={lang}>{children}</dd>
    </>
  );
}

/** A number as a card shows it: whole numbers plain, fractions to one decimal. */
function amount(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** A duration in its own unit, in the UI language: `10 min`, `24 h`, `2 days`, `5 working days`. */
export function formatDuration(d: Duration): string {
  switch (d.unit) {
    case 'minute':
      return t('timeMinutes', amount(d.amount));
    case 'hour':
      return t('timeHours', amount(d.amount));
    case 'day':
      return d.amount === 1 ? t('timeDay') : t('timeDays', amount(d.amount));
    case 'working-day':
      return d.amount === 1 ? t('timeWorkingDay') : t('timeWorkingDays', amount(d.amount));
  }
}

/**
 * What a time limit commits to, in the text's own unit: `within 5 working days`, `same day`,
 * `5 → 3 working days (−40%)`. The reduction is given only when the two units compare (a working
 * day is not 24 hours); otherwise the card says the units differ.
 */
export function timeLimitText(tl: TimeLimit): string {
  switch (tl.kind) {
    case 'same-day':
      return t('timeSameDay');
    case 'immediate':
      return t('timeImmediate');
    case 'reduced-by':
      return tl.duration ? t('timeReducedBy', formatDuration(tl.duration)) : '';
    case 'within':
      return tl.duration ? t('timeWithin', formatDuration(tl.duration)) : '';
    case 'reduced-to': {
      if (!tl.duration || !tl.from) return '';
      const change = t('timeReducedTo', formatDuration(tl.from), formatDuration(tl.duration));
      const cut = reduction(tl);
      return cut === null
        ? `${change} (${t('timeNotComparable')})`
        : `${change} (${t('timeCut', Math.round(cut * 100))})`;
    }
  }
}
