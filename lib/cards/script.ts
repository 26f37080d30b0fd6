/**
 * Simplified or Traditional: which script a page is written in, and conversion of corpus strings
 * into it. Cards speak the page's script, so a reader on a Traditional page sees 大連海關, not
 * 大连海关, whatever the script of the document the measure comes from.
 *
 * Traditional → Simplified is opencc-js `t2cn` (the normaliser's table, ≈ 100 kB). Simplified →
 * Traditional would need OpenCC's `cn2t` tables (≈ 1.1 MB), so it uses the corpus's build-time
 * tables instead (`Corpus.scripts`, made with those same tables): whole corpus strings first,
 * then character by character. {@link useScriptTables} installs them (the background does, with
 * the bundled corpus).
 */
import { Converter as T2cnConverter } from 'opencc-js/t2cn';
import type { Script, ScriptTables } from '../corpus/types.ts';

let t2cn: ((s: string) => string) | undefined;
let tables: ScriptTables = { toHant: {}, toHans: {}, hantChars: {} };

/** Installs the corpus's build-time conversion tables. */
export function useScriptTables(next: ScriptTables): void {
  tables = next;
  charClass.clear();
}

const own = (record: Record<string, string>, key: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

/** Simplified → Traditional (Taiwan standard characters): a corpus string, else per character. */
export function toHant(text: string): string {
  const whole = own(tables.toHant, text);
  if (whole !== undefined) return whole;
  if (text.includes(' / ')) return text.split(' / ').map(toHant).join(' / ');
  let out = '';
  for (const ch of text) out += own(tables.hantChars, ch) ?? ch;
  return out;
}

/** Traditional → Simplified (mainland forms). */
export function toHans(text: string): string {
  const whole = own(tables.toHans, text);
  if (whole !== undefined) return whole;
  t2cn ??= T2cnConverter({ from: 't', to: 'cn' });
  return t2cn(text);
}

/** `text`, written in `from`, in the script `to` (unchanged when they are the same). */
export function convertScript(text: string, from: Script, to: Script): string {
  if (from === to || text === '') return text;
  return to === 'Hant' ? toHant(text) : toHans(text);
}

/** How many CJK characters {@link detectScript} looks at, at most: a page's script shows early. */
export const DETECT_SAMPLE = 20_000;

/** Per character: 1 when t2cn changes it (Traditional), 2 when cn2t does (Simplified), 0 neither. */
const charClass = new Map<string, 0 | 1 | 2>();

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

function classify(ch: string): 0 | 1 | 2 {
  const known = charClass.get(ch);
  if (known !== undefined) return known;
  t2cn ??= T2cnConverter({ from: 't', to: 'cn' });
  const cls: 0 | 1 | 2 = t2cn(ch) !== ch ? 1 : own(tables.hantChars, ch) !== undefined ? 2 : 0;
  charClass.set(ch, cls);
  return cls;
}

/**
 * The script of a page from its block texts: counts the CJK characters that only exist in
 * Traditional (t2cn changes them) and those that only exist in Simplified (Simplified → Traditional
 * changes them: the build-time character table).
 * Traditional when the Traditional count clearly dominates (at least 3 such characters and more
 * than twice the Simplified count); Simplified otherwise, including for pages with no telling
 * characters at all. Characters shared by both scripts (most of them) count for neither.
 */
export function detectScript(texts: readonly string[]): Script {
  let hant = 0;
  let hans = 0;
  let seen = 0;
  outer: for (const text of texts) {
    for (const ch of text) {
      if (!CJK.test(ch)) continue;
      if (++seen > DETECT_SAMPLE) break outer;
      const cls = classify(ch);
      if (cls === 1) hant++;
      else if (cls === 2) hans++;
    }
  }
  return hant >= 3 && hant > 2 * hans ? 'Hant' : 'Hans';
}

/**
 * The script to show corpus text in for a UI language: Traditional for zh-TW, zh-HK, zh-MO and
 * any `zh-Hant` tag, Simplified otherwise (including every non-Chinese language).
 */
export function scriptForLanguage(lang: string): Script {
  return /^zh[-_](?:tw|hk|mo|hant)\b/iu.test(lang) ? 'Hant' : 'Hans';
}
