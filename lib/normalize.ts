/**
 * The one normaliser for corpus and page text alike.
 *
 * Matching works on normalised text, but everything a person sees (highlights, quotes, badges)
 * must land on the page's own characters. So `normalize` returns, besides the folded string, an
 * offset map from every normalised UTF-16 unit back to the original span it came from.
 *
 * What it folds, and why:
 * - Traditional → Simplified (mainland forms) with opencc-js `t2cn`, character by character. A
 *   per-character conversion is context free, so a slice of the original normalises to exactly the
 *   slice of the normalised text (the property the offset map needs); on our seeds it gives the
 *   same result as phrase conversion (pinned in the tests).
 * - Full-width ASCII (！…～) and the ideographic space to their ASCII forms; ASCII letters to
 *   lower case, so "AEO" and "ａｅｏ" meet.
 * - Chinese punctuation that has an ASCII twin (，；：（）！？) to that twin; every kind of
 *   double or single quote to `"` or `'`; every dash to `-`; 〔〕【】［］〖〗 to `[` `]`.
 * - Whitespace (spaces, tabs, line breaks, NBSP, zero-width) is collapsed to one space between two
 *   non-CJK letters or digits ("single window", "h986 x") and dropped everywhere else: Chinese has
 *   no word spaces, and pages reflow lines and pad punctuation anywhere. At either end of the input
 *   a run is kept (as one space) when its inner neighbour is a word character, so that a slice of
 *   the original always normalises to the matching slice of the normalised text.
 */
import { Converter } from 'opencc-js/t2cn';

/** A normalised string and the original span of every one of its UTF-16 units. */
export interface Normalized {
  /** The normalised text. */
  readonly text: string;
  /** `starts[i]` is the original offset where normalised unit `i` begins. */
  readonly starts: Uint32Array;
  /** `ends[i]` is the original offset just after the source of normalised unit `i`. */
  readonly ends: Uint32Array;
  /** Length of the original string. */
  readonly originalLength: number;
}

let t2cn: ((s: string) => string) | undefined;
const charCache = new Map<string, string>();

/** Traditional → Simplified for one code point, cached: pages repeat the same few thousand. */
function foldScript(cp: string): string {
  const cached = charCache.get(cp);
  if (cached !== undefined) return cached;
  t2cn ??= Converter({ from: 't', to: 'cn' });
  const out = t2cn(cp);
  charCache.set(cp, out);
  return out;
}

const PUNCT: Record<string, string> = {
  '，': ',',
  '；': ';',
  '：': ':',
  '（': '(',
  '）': ')',
  '！': '!',
  '？': '?',
  '“': '"',
  '”': '"',
  '„': '"',
  '‟': '"',
  '「': '"',
  '」': '"',
  '『': '"',
  '』': '"',
  '〝': '"',
  '〞': '"',
  '＂': '"',
  '″': '"',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '＇': "'",
  '′': "'",
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '―': '-',
  '－': '-',
  '─': '-',
  '━': '-',
  '〔': '[',
  '〕': ']',
  '【': '[',
  '】': ']',
  '［': '[',
  '］': ']',
  '〖': '[',
  '〗': ']',
  '．': '.',
  '｡': '。',
  '､': '、',
};

/** Whitespace, including NBSP, the ideographic space and zero-width characters. */
export function isSpace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  // Fast path: ASCII and CJK are decided by code range; the regex only sees the rare rest.
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c >= 0x3400 && c <= 0xfaff) return false;
  return /^[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]$/u.test(ch);
}

/** A folded character that keeps a space next to another one: a non-CJK letter or digit. */
function isWordChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  if ((c >= 0x2e80 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7ff) || (c >= 0xf900 && c <= 0xfaff))
    return false;
  return /^[\p{L}\p{N}]$/u.test(ch) && !/^[\u{20000}-\u{3134f}]$/u.test(ch);
}

/**
 * Folds one non-space code point. Exported so that other modules (the corpus compiler's
 * keyword tables) fold their constants exactly as text is folded.
 */
export function foldChar(cp: string): string {
  const code = cp.codePointAt(0) ?? 0;
  const mapped = PUNCT[cp];
  if (mapped !== undefined) return mapped;
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0).toLowerCase();
  if (code < 0x80) return cp.toLowerCase();
  if (code >= 0x3400) return foldScript(cp);
  return cp;
}

/** Folded form of every code point seen so far: pages repeat the same few thousand characters. */
const foldCache = new Map<number, string>();

function foldCode(code: number, cp: string): string {
  let folded = foldCache.get(code);
  if (folded === undefined) {
    folded = foldChar(cp);
    foldCache.set(code, folded);
  }
  return folded;
}

/** Normalises `input` and keeps the map back to it. See the module comment for the rules. */
export function normalize(input: string): Normalized {
  return fold(input, true, foldCode);
}

/**
 * Whitespace only: the whitespace rules of `normalize` (a run becomes one space between two word
 * characters and disappears elsewhere), with the same offset map, and every other character kept
 * as it is. For re-anchoring annotations (`lib/anchor/`): a page whose lines were reflowed or
 * re-indented has not changed its text, but a page where 發 became 发 or ， became , has, and a
 * highlight must cover the characters the reader chose.
 */
export function collapseSpace(input: string): Normalized {
  return fold(input, true, null);
}

/**
 * The one implementation: `withMap` false skips the offsets (matching needs only the text);
 * `foldChars` null keeps every non-space character as it is (`collapseSpace`). It is passed in,
 * not switched by a flag, so that a bundle using only `collapseSpace` (the content script's
 * anchoring) does not carry the Traditional → Simplified tables.
 */
function fold(
  input: string,
  withMap: boolean,
  foldChars: ((code: number, cp: string) => string) | null,
): Normalized {
  // The output is at most two units per input unit (a fold may expand one code point); without
  // folding it is never longer than the input.
  const cap = foldChars !== null ? input.length * 2 : input.length;
  const units = new Uint16Array(cap);
  const starts = new Uint32Array(withMap ? cap : 0);
  const ends = new Uint32Array(withMap ? cap : 0);
  let n = 0;
  // Pending whitespace run: [start, end) in the original, or start < 0 when none.
  let wsStart = -1;
  let wsEnd = -1;
  let prevFolded = ''; // last emitted non-space character (folded), '' at the start

  const flushSpace = (next: string): void => {
    if (wsStart < 0) return;
    const keep = (prevFolded === '' || isWordChar(prevFolded)) && (next === '' || isWordChar(next));
    if (keep) {
      units[n] = 0x20;
      if (withMap) {
        starts[n] = wsStart;
        ends[n] = wsEnd;
      }
      n++;
    }
    wsStart = -1;
  };

  const len = input.length;
  for (let i = 0; i < len;) {
    const start = i;
    const code = input.codePointAt(i) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    i += width;
    const cp = width === 1 ? (input[start] as string) : input.slice(start, i);
    if (isSpace(cp)) {
      if (wsStart < 0) wsStart = start;
      wsEnd = i;
      continue;
    }
    const folded = foldChars !== null ? foldChars(code, cp) : cp;
    if (folded === '') continue;
    if (wsStart >= 0) flushSpace(folded[0] as string);
    for (let k = 0; k < folded.length; k++) {
      units[n] = folded.charCodeAt(k);
      if (withMap) {
        starts[n] = start;
        ends[n] = i;
      }
      n++;
    }
    prevFolded = folded.length === 1 ? folded : folded.slice(-1);
  }
  flushSpace('');
  let text = '';
  for (let k = 0; k < n; k += 8192) {
    text += String.fromCharCode(...units.subarray(k, Math.min(n, k + 8192)));
  }
  return withMap
    ? { text, starts: starts.slice(0, n), ends: ends.slice(0, n), originalLength: len }
    : { text, starts, ends, originalLength: len };
}

/** Normalised text only, for callers that need no map (indexes, keyword tables). */
export function normalizeText(input: string): string {
  return fold(input, false, foldCode).text;
}

/**
 * Maps a span `[start, end)` of the normalised text back to the original string.
 * An empty span maps to an empty span at the corresponding original position.
 */
export function toOriginalSpan(n: Normalized, start: number, end: number): [number, number] {
  if (start < 0 || end > n.text.length || start > end) {
    throw new RangeError(`span [${start}, ${end}) is outside 0..${n.text.length}`);
  }
  if (start === end) {
    const at = start < n.text.length ? (n.starts[start] ?? 0) : n.originalLength;
    return [at, at];
  }
  return [n.starts[start] ?? 0, n.ends[end - 1] ?? n.originalLength];
}
