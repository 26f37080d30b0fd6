/**
 * Approximate matches of a quote in a window of page text, with exact spans and edit counts: the
 * fuzzy part of re-anchoring (`match.ts` decides which match, if any, is the annotation).
 *
 * The matching itself is Myers' bit-parallel algorithm from the maintained `approx-string-match`
 * package (what Hypothesis uses). Two of its habits are worked around here, not re-implemented:
 * - it reports only a window's fewest-edit matches, so callers keep windows small and also look
 *   "pinned" at the expected position (a near match right there must not be hidden by an exact
 *   one a character away, as in runs like "00000");
 * - for each end it reports the start that makes the match longest and the edits of the best match
 *   ending there, which need not be the edits of that whole span (for "0000" in "030002" it
 *   reports "30002" with one edit). So spans are re-checked one by one ({@link edits}), and the
 *   starts just after a reported start and the ends just before a reported end are tried too.
 */
import search from 'approx-string-match';

/** A span of a window with the edits between it and the quote. */
export interface Span {
  start: number;
  end: number;
  errors: number;
}

/**
 * A character no page text holds (the Unicode noncharacter U+FFFF), to pin an alignment to an edge.
 * Parsed at run time from an escape: Chrome refuses to load an extension whose content script
 * holds a noncharacter literally ("isn't UTF-8 encoded"), and the minifier writes `'\uffff'` and
 * even `String.fromCharCode(0xffff)` out as the character itself. The browser tests' build step
 * (`test/e2e/global-setup.ts`) fails on any noncharacter in the built scripts.
 */
export const PIN: string = JSON.parse('"\\uffff"') as string;

/** Start or end alternatives tried beside a reported one (a reported edge may be off by a few). */
const BOUNDARY_SHIFTS = 2;

/** Quotes longer than this are aligned chunk by chunk, to bound the work per candidate. */
export const ALIGN_CHUNK = 1024;

/**
 * Edits allowed per {@link ALIGN_CHUNK} characters of a long quote (about 6%): a long passage
 * rewritten in a quarter of its text (what the general minimum would allow) is a different
 * passage, and Myers' work grows with the edits allowed, so this bounds the time one long quote
 * can take.
 */
const LONG_EDITS = 64;

/**
 * Reported matches re-checked per search (each check is an alignment of the whole quote): a
 * window rarely holds more places than this that read equally well, and a long quote in a long
 * window can report dozens of neighbouring ends that are all the same place.
 */
const MAX_MATCHES = 6;

/** Starts of a long quote's first chunk followed through the rest (the fewest edits first). */
const LONG_HEADS = 2;

/**
 * Whether offset `i` of `text` is between two characters, not inside a surrogate pair: a match may
 * cost fewer edits when it cuts an emoji in half, but a highlight cannot.
 */
function whole(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const b = text.charCodeAt(i - 1);
  return !(c >= 0xdc00 && c <= 0xdfff && b >= 0xd800 && b <= 0xdbff);
}

/** `s` reversed, code unit by code unit (the quote and the window alike, so matches correspond). */
export const reversed = (s: string): string => s.split('').reverse().join('');

/**
 * `count` {@link PIN}s: a frame that an alignment must keep, since dropping it costs more edits
 * than the search allows (so the search reports only alignments that reach it).
 */
export function frame(count: number): string {
  return PIN.repeat(count);
}

/**
 * Edits between the whole `span` and the whole `quote`, or Infinity when more than `max`. Both
 * strings are framed by {@link frame}s of `max + 1` PINs, which align only with each other and
 * cost more than `max` to drop, so the only matches within `max` are whole span against whole
 * quote: the count is their edit distance.
 */
export function edits(span: string, quote: string, max: number): number {
  const f = frame(max + 1);
  const best = search(f + span + f, f + quote + f, max)[0]?.errors ?? Infinity;
  return best <= max ? best : Infinity;
}

/**
 * The fewest-edit matches of `quote` in `window`, each span re-checked (see the module comment).
 * With `pinned`, matches that start exactly at the window's start are looked for as well.
 */
export function spansIn(window: string, quote: string, maxErrors: number, pinned: boolean): Span[] {
  const out = new Map<string, Span>();
  // A span a few characters off a reported match has at most that many edits more than it: the
  // check allows no more (Myers' work grows with the edits allowed, so this keeps it small).
  const consider = (start: number, end: number, reported: number): void => {
    const key = `${start}:${end}`;
    if (start < 0 || end > window.length || start >= end || out.has(key)) return;
    const span = window.slice(start, end);
    const e = span === quote ? 0 : edits(span, quote, Math.min(maxErrors, reported + BOUNDARY_SHIFTS + 1));
    if (e !== Infinity) out.set(key, { start, end, errors: e });
  };
  const forward = search(window, quote, maxErrors);
  // No match within `maxErrors` anywhere in the window: the other searches would find none either.
  if (forward.length === 0) return [];
  for (const m of forward.slice(0, MAX_MATCHES)) {
    if (m.errors === 0) out.set(`${m.start}:${m.end}`, m);
    else
      for (let d = 0; d <= Math.min(BOUNDARY_SHIFTS, m.errors); d++) consider(m.start + d, m.end, m.errors);
  }
  const n = window.length;
  for (const m of search(reversed(window), reversed(quote), maxErrors).slice(0, MAX_MATCHES)) {
    for (let d = 0; d <= Math.min(BOUNDARY_SHIFTS, m.errors); d++)
      consider(n - m.end, n - m.start - d, m.errors);
  }
  if (pinned) {
    // Only alignments that begin at the window's start are reported (see `frame`).
    const f = frame(maxErrors + 1);
    for (const m of search(f + window, f + quote, maxErrors)) {
      for (let d = 0; d <= BOUNDARY_SHIFTS; d++) consider(0, m.end - f.length - d, m.errors);
    }
  }
  return [...out.values()];
}

/**
 * Where `chunk` ends when it starts exactly at `text[from]`, with its edits (the ends with the
 * fewest). Used between the first and the last chunk of a long quote, where only the running edit
 * count matters, not the exact edges.
 */
function chunkEnds(text: string, from: number, chunk: string, maxErrors: number): Span[] {
  const window = text.slice(from, from + chunk.length + maxErrors);
  const f = frame(maxErrors + 1);
  return search(f + window, f + chunk, maxErrors).map((m) => ({
    start: from,
    end: from + m.end - f.length,
    errors: m.errors,
  }));
}

/**
 * The approximate matches of `quote` in `text[from, to)`, as spans of `text` (see
 * {@link spansIn}; `pinned` when `from` is where the quote is expected to start). A quote longer
 * than {@link ALIGN_CHUNK} is aligned chunk by chunk, each chunk starting where the previous one
 * ended, so the work stays linear in the quote (a whole-quote alignment costs length²/32 steps per
 * window); its edits are the chunks' edits added up, each chunk allowed its share of `maxErrors`
 * and at most {@link LONG_EDITS} per {@link ALIGN_CHUNK} characters.
 */
export function align(
  text: string,
  quote: string,
  maxErrors: number,
  from: number,
  to: number,
  pinned: boolean,
): Span[] {
  const shift = (s: Span): Span => ({ start: from + s.start, end: from + s.end, errors: s.errors });
  const window = text.slice(from, to);
  if (quote.length <= ALIGN_CHUNK) {
    return spansIn(window, quote, maxErrors, pinned)
      .map(shift)
      .filter((s) => whole(text, s.start) && whole(text, s.end));
  }
  const budget = (len: number): number =>
    Math.min(Math.floor((len * maxErrors) / quote.length), Math.ceil((len * LONG_EDITS) / ALIGN_CHUNK));
  const out: Span[] = [];
  const head = quote.slice(0, ALIGN_CHUNK);
  // The head starts early enough in the window for the rest of the quote to fit after it.
  const rest = quote.length - ALIGN_CHUNK - budget(quote.length - ALIGN_CHUNK);
  const headWindow = window.slice(0, Math.max(head.length, window.length - rest));
  const heads = spansIn(headWindow, head, budget(head.length), pinned)
    .map(shift)
    .sort((a, b) => a.errors - b.errors)
    .slice(0, LONG_HEADS);
  for (const h of heads) {
    let end = h.end;
    let errors = h.errors;
    let at = ALIGN_CHUNK;
    // The middle chunks: only how far they reach and what they cost.
    for (; at + ALIGN_CHUNK < quote.length; at += ALIGN_CHUNK) {
      const chunk = quote.slice(at, at + ALIGN_CHUNK);
      const best = chunkEnds(text, end, chunk, budget(chunk.length)).sort((a, b) => a.errors - b.errors)[0];
      if (!best) break;
      end = best.end;
      errors += best.errors;
    }
    if (at + ALIGN_CHUNK < quote.length) continue;
    // The last chunk: its exact ends, each one a candidate.
    const last = quote.slice(at);
    const k = budget(last.length);
    for (const s of spansIn(text.slice(end, end + last.length + k), last, k, true)) {
      if (
        s.start === 0 &&
        errors + s.errors <= maxErrors &&
        whole(text, h.start) &&
        whole(text, end + s.end)
      ) {
        out.push({ start: h.start, end: end + s.end, errors: errors + s.errors });
      }
    }
  }
  return out;
}
