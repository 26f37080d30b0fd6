/**
 * The in-page side of anchoring: the body's text, the reader's selections turned into selectors,
 * and stored selectors turned back into live `Range`s, in slices. The rules themselves (position,
 * exact quote, scored search, minimum score, ambiguity) are `lib/anchor/`'s, shared with the side
 * panel and the command line; this file only connects them to the page.
 */
import type {
  AnchorState,
  AnchorTarget,
  TextPositionSelector,
  TextQuoteSelector,
} from '../annotation/model.ts';
import { anchorAllAsync } from '../anchor/batch.ts';
import { describeRange as describeIndexRange } from '../anchor/describe.ts';
import { rangeFromOffsets, textIndex } from '../anchor/text.ts';
import type { YieldFn } from '../layer/schedule.ts';

/** One target's outcome: its live range when anchored. */
export interface BatchResult {
  target: AnchorTarget;
  range: Range | null;
  state: AnchorState;
}

/** The selectors of a range under `root` (a selection, a measure), or null when it is not text of `root`. */
export function describeRange(
  root: Node,
  range: Range,
): { quote: TextQuoteSelector; position: TextPositionSelector } | null {
  const described = describeIndexRange(textIndex(root), range);
  if (!described || described.quote.exact === '') return null;
  return described;
}

/**
 * Anchors `targets` against `root`'s text as it is now, in slices that yield to the page, and
 * returns a live range for each one anchored. The text is read once per batch.
 */
export async function anchorBatch(
  root: Node,
  targets: readonly AnchorTarget[],
  opts: { yieldFn: YieldFn; now: () => number },
): Promise<BatchResult[]> {
  const index = textIndex(root);
  const results = await anchorAllAsync(
    index.text,
    targets.map((t) => ({ quote: t.quote, position: t.position })),
    { yieldToHost: opts.yieldFn, now: opts.now },
  );
  // The page may have changed while the slices yielded (a ticking clock elsewhere changes its text
  // all the time). Ranges are made on the Text nodes read at the start, so a change elsewhere does
  // not move them; a range is kept only where those nodes still say what was anchored.
  return targets.map((target, i) => {
    const r = results[i];
    let range: Range | null = null;
    if (r && r.status === 'anchored') {
      range = rangeFromOffsets(index, r.start, r.end);
      if (range && range.toString() !== index.text.slice(r.start, r.end)) range = null;
    }
    const anchored = range !== null && r?.status === 'anchored';
    return {
      target,
      range,
      state: { id: target.id, status: anchored ? 'anchored' : 'orphan', method: anchored ? r.method : null },
    };
  });
}
