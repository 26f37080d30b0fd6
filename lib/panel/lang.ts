/**
 * The `lang` of Chinese text the side panel shows as it came (quotes and page titles keep their
 * page's script), so that the browser picks Simplified or Traditional glyph forms and screen
 * readers the right voice. UI strings get the UI language from the document; these spans need
 * their own.
 */
import { toHans } from '../cards/script.ts';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** Characters looked at, at most: the script shows within a sentence or two. */
const SAMPLE = 400;

/**
 * `zh-Hant` when the text has Traditional-only characters (ones opencc's t2cn changes) making up at
 * least 1 in 20 of its CJK characters, `zh-Hans` for other CJK text, undefined without CJK (the
 * UI's language applies). The ratio keeps a Simplified text with one ambiguous character (著 in
 * 著作) Simplified, while a four-character Traditional quote with one 關 is Traditional.
 */
export function langOf(text: string): 'zh-Hans' | 'zh-Hant' | undefined {
  let cjk = 0;
  let hant = 0;
  for (const ch of text) {
    if (!CJK.test(ch)) continue;
    if (++cjk > SAMPLE) break;
    if (toHans(ch) !== ch) hant++;
  }
  if (cjk === 0) return undefined;
  return hant > 0 && hant * 20 >= Math.min(cjk, SAMPLE) ? 'zh-Hant' : 'zh-Hans';
}
