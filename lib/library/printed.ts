/**
 * Printed numbers as addresses: `#doc=dalian-2023/(十三)` names the measure a reader sees printed as
 * (十三) in Dalian's notice. Readers cite measures the way the document prints them, with as much
 * of the path as it takes: `(十三)` in Dalian, `(六)1.` in Xiamen 2024 (six items are numbered
 * `1.`), `三、2、` in Zhejiang, `一、第3段` for an unnumbered paragraph, `27` for Changsha's task 27.
 *
 * A printed number is read as a list of numerals, each with its form: `(十三)` (a Chinese numeral
 * in brackets), `二、` (a bare Chinese numeral), `1.` / `1、` (Arabic; the two marks are treated
 * alike, since readers mix them up), `第3段` (a paragraph). Full-width brackets and dots, spaces
 * and separators (`/`, `>`, `-`) are folded away, so `（十三）`, `二、/(一)/3.` and `二、(一)3.` all
 * read. A measure matches when its printed path ends with the numerals asked for. When several
 * do, the ones whose forms match too are preferred (Changsha's `(八)` is measure 8, its task table's
 * group `八、` is not a measure), and if that still leaves several, the answer lists them.
 */
import type { Measure } from '../corpus/types.ts';

/** One numeral of a printed path. */
export interface Numeral {
  /** The numeral itself: `十三`, `1`, `p3` for a third unnumbered paragraph. */
  value: string;
  form: 'paren' | 'cn' | 'arabic' | 'paragraph';
}

/** What a printed number names in a document. */
export type PrintedResolution =
  | { kind: 'found'; measure: Measure }
  /** Several measures end with these numerals (a bare `1.` in Xiamen 2024): the reader picks. */
  | { kind: 'ambiguous'; candidates: Measure[] }
  /** Nothing printed so, or not a printed number at all. */
  | { kind: 'none' };

const CN = '[一二三四五六七八九十百零〇两]+';
const TOKEN = new RegExp(`第(\\d+)段|\\((${CN})\\)|(${CN})、?|(\\d+)(?:[.、])?`, 'gu');
/** What may stand between numerals. */
const SEPARATORS = /^[\s/>›\-.、,]*$/u;

/** Full-width forms a reader may type, folded to the ones the corpus prints. */
function fold(s: string): string {
  return s
    .normalize('NFKC') // （）．１ → ().1
    .replace(/[〔【［]/gu, '(')
    .replace(/[〕】］]/gu, ')')
    .replace(/[。]/gu, '.');
}

/** The numerals of a printed number or path, or null when it holds anything else. */
export function readNumerals(printed: string): Numeral[] | null {
  const s = fold(printed).trim();
  const out: Numeral[] = [];
  let at = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(s); m !== null; m = TOKEN.exec(s)) {
    if (!SEPARATORS.test(s.slice(at, m.index))) return null;
    if (m[1] !== undefined) out.push({ value: `p${Number(m[1])}`, form: 'paragraph' });
    else if (m[2] !== undefined) out.push({ value: m[2], form: 'paren' });
    else if (m[3] !== undefined) out.push({ value: m[3], form: 'cn' });
    else if (m[4] !== undefined) out.push({ value: String(Number(m[4])), form: 'arabic' });
    at = m.index + m[0].length;
  }
  if (!SEPARATORS.test(s.slice(at))) return null;
  return out.length > 0 ? out : null;
}

/** A measure's whole printed path as numerals: its sections', then its own. */
export function measureNumerals(m: Pick<Measure, 'id' | 'number' | 'path'>): Numeral[] {
  const out: Numeral[] = [];
  for (const p of m.path) out.push(...(readNumerals(p) ?? []));
  if (m.number !== null) out.push(...(readNumerals(m.number) ?? []));
  else {
    // An unnumbered paragraph: its id ends in `.p<n>` (`zhejiang-2004:1.p3`).
    const p = /\.p(\d+)$/u.exec(m.id)?.[1];
    if (p) out.push({ value: `p${Number(p)}`, form: 'paragraph' });
  }
  return out;
}

/** Which of a document's measures a printed number or path names. */
export function resolvePrinted(measures: readonly Measure[], printed: string): PrintedResolution {
  const asked = readNumerals(printed);
  if (!asked) return { kind: 'none' };
  const byValue: Array<{ m: Measure; forms: boolean }> = [];
  for (const m of measures) {
    const own = measureNumerals(m);
    if (own.length < asked.length) continue;
    const tail = own.slice(own.length - asked.length);
    if (!tail.every((n, i) => n.value === asked[i]?.value)) continue;
    byValue.push({ m, forms: tail.every((n, i) => sameForm(n, asked[i] as Numeral)) });
  }
  const exact = byValue.filter((c) => c.forms);
  const pick = exact.length > 0 ? exact : byValue;
  if (pick.length === 1) return { kind: 'found', measure: (pick[0] as { m: Measure }).m };
  if (pick.length === 0) return { kind: 'none' };
  return { kind: 'ambiguous', candidates: pick.map((c) => c.m) };
}

/** Whether two numerals are printed alike (a bare Chinese numeral asked for fits either Chinese form). */
function sameForm(own: Numeral, asked: Numeral): boolean {
  return own.form === asked.form;
}
