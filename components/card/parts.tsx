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

/** What an "inferred" tag can be about. */
export type InferredFact = 'title' | 'date' | 'issuer' | 'deadline';

/**
 * What an "inferred" tag says when asked (its tooltip and accessible name): what was inferred and
 * from which words of the notice, e.g. `Date inferred from “从2008年11月起”`, `Deadline 2017-12-31
 * inferred from “年内” and “2017年4月1日”`. The quotes are corpus text in the page's script.
 */
export function inferredExplanation(fact: InferredFact, evidence: readonly string[], date = ''): string {
  if (evidence.length === 0) return t('inferredNoEvidence');
  const quotes = evidence.map((q) => t('quoted', q)).join(t('inferredAnd'));
  switch (fact) {
    case 'title':
      return t('inferredTitleFrom', quotes);
    case 'date':
      return t('inferredDateFrom', quotes);
    case 'issuer':
      return t('inferredIssuerFrom', quotes);
    case 'deadline':
      return t('inferredDeadlineFrom', date, quotes);
  }
}

/**
 * The "inferred" tag after a value that is our reading rather than the text's. It explains itself
 * (`explain`, as its tooltip and its accessible name). A real space comes before it and hidden
 * brackets around it, so that text copied by selection reads `2023 (inferred)`, never `2023inferred`.
 */
export function Inferred({ when, explain }: { when: boolean; explain?: string }) {
  if (!when) return null;
  const label = explain ?? t('inferredNoEvidence');
  return (
    <>
      {' '}
      <span class="inferred" role="note" title={label} aria-label={label}>
        <span class="copy-only">(</span>
        {t('cardInferred')}
        <span class="copy-only">)</span>
      </span>
    </>
  );
}

/**
 * Chips (themes, shared terms) as a reader copies them: hidden separators between them, so that
 * selected text reads `Paperless, Risk management`, not `PaperlessRisk management`.
 */
export function Chips({
  items,
  kind = '',
  lang,
  label,
}: {
  /** `lang` on an item overrides the chips' `lang` (UI words among corpus words). */
  items: ReadonlyArray<{ key: string; text: string; lang?: string | undefined }>;
  kind?: string;
  lang?: string | undefined;
  label?: string;
}) {
  const sep = t('listSeparator');
  return (
    <span class="chips" aria-label={label}>
      {items.map((it, i) => (
        <span class="chip-item" key={it.key}>
          <span class={kind ? `chip ${kind}` : 'chip'} lang={it.lang ?? lang}>
            {it.text}
          </span>
          {i < items.length - 1 && <span class="copy-only">{sep}</span>}
        </span>
      ))}
    </span>
  );
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
