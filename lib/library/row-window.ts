/**
 * The rows of a long list that are worth putting in the DOM: those in view, plus a few on either
 * side, for lists whose rows have a known height each (a header is shorter than an item). The
 * Annotations view draws 10,000 annotations this way with a few dozen elements.
 *
 * ```ts
 * const offsets = rowOffsets(rows.map((r) => (r.kind === 'group' ? 44 : 104)));
 * const { start, end } = rowWindow(offsets, scroller.scrollTop, scroller.clientHeight);
 * // render rows[start..end), row i at top = offsets[i]; the list is offsets[rows.length] tall
 * ```
 */

/** Rows drawn beyond each edge of the view, so that a quick scroll shows no blank. */
export const OVERSCAN_ROWS = 6;

/** Prefix sums of row heights: `offsets[i]` is row i's top, `offsets[n]` the list's height. */
export function rowOffsets(heights: readonly number[]): Float64Array {
  const out = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) out[i + 1] = (out[i] as number) + Math.max(0, heights[i] ?? 0);
  return out;
}

/** The index of the row at `y` (the last row whose top is ≤ y), clamped to the rows. */
export function rowAt(offsets: Float64Array, y: number): number {
  const n = offsets.length - 1;
  if (n <= 0) return 0;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] as number) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Rows `[start, end)` to draw for a view of `height` pixels scrolled to `top`. */
export function rowWindow(
  offsets: Float64Array,
  top: number,
  height: number,
  overscan = OVERSCAN_ROWS,
): { start: number; end: number } {
  const n = offsets.length - 1;
  if (n <= 0) return { start: 0, end: 0 };
  const first = rowAt(offsets, Math.max(0, top));
  const last = rowAt(offsets, Math.max(0, top + Math.max(0, height) - 1));
  return { start: Math.max(0, first - overscan), end: Math.min(n, last + 1 + overscan) };
}

/**
 * Where to scroll so that row `i` is fully in a view of `height` scrolled to `top`: unchanged when
 * it already is, else just enough (the row at the top when it was above, at the bottom when below).
 */
export function scrollToShow(offsets: Float64Array, i: number, top: number, height: number): number {
  const n = offsets.length - 1;
  if (i < 0 || i >= n) return top;
  const rowTop = offsets[i] as number;
  const rowBottom = offsets[i + 1] as number;
  if (rowTop < top) return rowTop;
  if (rowBottom > top + height) return Math.max(0, rowBottom - height);
  return top;
}
