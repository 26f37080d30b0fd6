/**
 * Small pieces the cards share. Every page- or corpus-derived string is a Preact text child:
 * nothing is ever parsed as HTML.
 */
import type { ComponentChildren } from 'preact';
import type { Script } from '../../lib/corpus/types.ts';
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

/** Hours as a card shows them: whole numbers plain, fractions to one decimal. */
export function formatHours(hours: number): string {
  return Number.isInteger(hours) ? String(hours) : hours.toFixed(1);
}
