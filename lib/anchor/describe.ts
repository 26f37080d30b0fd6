/**
 * Selectors for a span of page text: what the store keeps so the annotation can be found again.
 *
 * The quote keeps {@link CONTEXT_CHARS} code units of context on either side, fewer at the edges of
 * the text, as Hypothesis does (Apache Annotator keeps only as much as makes the quote unique on
 * the page as it is; a fixed context stays useful after the page changes, which is when it is
 * needed). A context never ends in half a surrogate pair: when the 32nd unit would be one half of
 * an emoji, the context is one unit shorter, so every selector is well-formed UTF-16 and survives
 * JSON, IndexedDB and other tools unchanged.
 */
import { CONTEXT_CHARS, type TextPositionSelector, type TextQuoteSelector } from '../annotation/model.ts';
import { offsetsFromRange, type TextIndex } from './text.ts';

/** The selectors of one annotation's target. */
export interface SpanSelectors {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * Selectors for `text.slice(start, end)`. Throws a `RangeError` unless
 * `0 <= start <= end <= text.length` (integers).
 */
export function describeSpan(text: string, start: number, end: number): SpanSelectors {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > text.length) {
    throw new RangeError(`span [${start}, ${end}) is outside 0..${text.length}`);
  }
  let from = Math.max(0, start - CONTEXT_CHARS);
  // The prefix would begin with the second half of a pair: leave that half out.
  if (from > 0 && isLow(text.charCodeAt(from)) && isHigh(text.charCodeAt(from - 1))) from++;
  let to = Math.min(text.length, end + CONTEXT_CHARS);
  // The suffix would end with the first half of a pair: leave that half out.
  if (to < text.length && isHigh(text.charCodeAt(to - 1)) && isLow(text.charCodeAt(to))) to--;
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(from, start),
      suffix: text.slice(end, Math.max(end, to)),
    },
    position: { type: 'TextPositionSelector', start, end },
  };
}

/**
 * Selectors for a DOM range (a reader's selection) over the index's root, or null when the range
 * lies outside it.
 */
export function describeRange(
  index: TextIndex,
  range: Pick<Range, 'startContainer' | 'startOffset' | 'endContainer' | 'endOffset'>,
): SpanSelectors | null {
  const span = offsetsFromRange(index, range);
  return span ? describeSpan(index.text, span.start, span.end) : null;
}
