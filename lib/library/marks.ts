/**
 * The reader's highlights on the library's own copy of a text: where each annotation's quote lies
 * in a line of a corpus document, found on normalised text (so a quote taken from a Traditional page
 * marks a Simplified document, and full-width punctuation matches half-width), mapped back to the
 * line's own characters through the normaliser's offset map. The line is then cut into pieces, each
 * with the annotations that cover it, for rendering as text and `<mark>`s (never as HTML).
 */
import type { ColourId } from '../annotation/model.ts';
import { normalize, normalizeText, toOriginalSpan } from '../normalize.ts';

/** A quote to mark. */
export interface QuoteMark {
  id: string;
  colour: ColourId;
  exact: string;
}

/** A piece of a line and the annotations covering it (empty: plain text). */
export interface MarkedPiece {
  text: string;
  ids: string[];
  /** The colour of the last annotation covering it (the one made last is drawn on top). */
  colour: ColourId | null;
}

/** Quotes shorter than this (normalised) are not marked: two characters occur everywhere. */
export const MIN_MARK_CHARS = 3;

/** Where each quote occurs in `line` (first occurrence), as spans of the line's own characters. */
export function quoteSpans(
  line: string,
  quotes: readonly QuoteMark[],
): Array<QuoteMark & { start: number; end: number }> {
  if (quotes.length === 0) return [];
  const n = normalize(line);
  const out: Array<QuoteMark & { start: number; end: number }> = [];
  for (const q of quotes) {
    const needle = normalizeText(q.exact).trim();
    if (needle.length < MIN_MARK_CHARS) continue;
    const at = n.text.indexOf(needle);
    if (at < 0) continue;
    const [start, end] = toOriginalSpan(n, at, at + needle.length);
    out.push({ ...q, start, end });
  }
  return out;
}

/** `line` cut into pieces at every quote's edges, each with the quotes that cover it. */
export function markPieces(line: string, quotes: readonly QuoteMark[]): MarkedPiece[] {
  const spans = quoteSpans(line, quotes);
  if (spans.length === 0) return [{ text: line, ids: [], colour: null }];
  const cuts = [...new Set([0, line.length, ...spans.flatMap((s) => [s.start, s.end])])].sort(
    (a, b) => a - b,
  );
  const out: MarkedPiece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i] as number;
    const b = cuts[i + 1] as number;
    if (b <= a) continue;
    const over = spans.filter((s) => s.start <= a && s.end >= b);
    out.push({
      text: line.slice(a, b),
      ids: over.map((s) => s.id),
      colour: over[over.length - 1]?.colour ?? null,
    });
  }
  return out;
}
