/**
 * Names the Compare view draws, in the UI language: instruments and fields by their thesaurus
 * labels, ports by `portLabel`, documents by port and year, and an estimate of how wide a label is
 * in SVG (which lays text out on one line and cannot wrap it).
 */
import { convertScript } from '../../../lib/cards/script.ts';
import type { CorpusDocument, Script } from '../../../lib/corpus/types.ts';
import { portLabel, yearOf, type CompareInstrument } from '../../../lib/library/compare.ts';
import type { LabelLang } from '../../../lib/thesaurus/thesaurus.ts';

export function instrumentName(row: Pick<CompareInstrument, 'labels'>, lang: LabelLang): string {
  return row.labels[lang];
}

/** A document as the pictures name it: its port and year (`Xiamen 2008`, `厦门 2008`). */
export function documentName(doc: CorpusDocument, lang: LabelLang): string {
  return `${portLabel(doc, lang)} ${yearOf(doc.date) ?? doc.date}`;
}

/** A document's title in the reader's script. */
export function documentTitle(doc: CorpusDocument, script: Script): string {
  return convertScript(doc.title, doc.script, script);
}

/** The `lang` of Chinese text in a script. */
export const scriptLang = (script: Script): string => (script === 'Hant' ? 'zh-Hant' : 'zh-Hans');

/** Wide characters (CJK, full-width forms) take a whole em; others a little over half of one. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** About how many pixels `text` takes at `size` px (system sans-serif; CJK one em each). */
export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? size : ch === ' ' ? size * 0.3 : size * 0.58;
  return w;
}

/** `text` cut to fit `max` pixels at `size` px, with an ellipsis when cut. */
export function fitText(text: string, size: number, max: number): string {
  if (textWidth(text, size) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (textWidth(`${out}${ch}…`, size) > max) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}
