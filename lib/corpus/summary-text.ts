/**
 * Corpus strings of the summary (`virtual:policylens-corpus-summary`: titles, issuers, ports) in
 * either script, for the popup and the side panel: the build writes the other script's forms into
 * the summary, so these pages carry no conversion tables (`lib/cards/script.ts` has them).
 */
import type { CorpusSummary, Script } from './types.ts';

/** `text` (a title, issuer or port of the summary) in `script`, or as it is written. */
export function summaryText(summary: Pick<CorpusSummary, 'inScript'>, text: string, script: Script): string {
  const table = summary.inScript?.[script];
  return table && Object.prototype.hasOwnProperty.call(table, text) ? (table[text] ?? text) : text;
}
