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
  return /^[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]$/u.test(ch);
}

/** A folded character that keeps a space next to another one: a non-CJK letter or digit. */
function isWordChar(ch: string): boolean {
  return (
    /^[\p{L}\p{N}]$/u.test(ch) && !/^[\u2e80-\u9fff\uac00-\ud7ff\uf900-\ufaff\u{20000}-\u{3134f}]$/u.test(ch)
  );
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

/** Normalises `input` and keeps the map back to it. See the module comment for the rules. */
export function normalize(input: string): Normalized {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  // Pending whitespace run: [start, end) in the original, or start < 0 when none.
  let wsStart = -1;
  let wsEnd = -1;
  let prevFolded = ''; // last emitted non-space character (folded), '' at the start

  const flushSpace = (next: string): void => {
    if (wsStart < 0) return;
    const keep = (prevFolded === '' || isWordChar(prevFolded)) && (next === '' || isWordChar(next));
    if (keep) {
      out.push(' ');
      starts.push(wsStart);
      ends.push(wsEnd);
    }
    wsStart = -1;
  };

  let i = 0;
  for (const cp of input) {
    const start = i;
    i += cp.length;
    if (isSpace(cp)) {
      if (wsStart < 0) wsStart = start;
      wsEnd = i;
      continue;
    }
    const folded = foldChar(cp);
    flushSpace(folded.slice(0, 1));
    for (let k = 0; k < folded.length; k++) {
      out.push(folded[k] as string);
      starts.push(start);
      ends.push(i);
    }
    if (folded !== '') prevFolded = folded.slice(-1);
  }
  flushSpace('');
  return {
    text: out.join(''),
    starts: Uint32Array.from(starts),
    ends: Uint32Array.from(ends),
    originalLength: input.length,
  };
}

/** Normalised text only, for callers that need no map (indexes, keyword tables). */
export function normalizeText(input: string): string {
  return normalize(input).text;
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
