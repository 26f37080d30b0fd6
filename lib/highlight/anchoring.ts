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
import { anchorAllAsync, DEFAULT_BUDGET_MS } from '../anchor/batch.ts';
import { describeRange as describeIndexRange } from '../anchor/describe.ts';
import { rangeFromOffsets, textIndex, textIndexSteps, type TextIndex } from '../anchor/text.ts';
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
  opts: { yieldFn: YieldFn; now: () => number; onSlice?: (ms: number) => void },
): Promise<BatchResult[]> {
  // Work in slices of the anchoring engine's budget, and say how long each one was.
  let sliceStart = opts.now();
  const endSlice = async (): Promise<void> => {
    opts.onSlice?.(opts.now() - sliceStart);
    await opts.yieldFn();
    sliceStart = opts.now();
  };
  const due = (): boolean => opts.now() - sliceStart >= DEFAULT_BUDGET_MS;
  // Reading a large page's text is sliced too (a 1 MB page has a hundred thousand Text nodes).
  const steps = textIndexSteps(root, 2_000);
  let index: TextIndex;
  for (;;) {
    const r = steps.next();
    if (r.done) {
      index = r.value;
      break;
    }
    if (due()) await endSlice();
  }
  await endSlice();
  const results = await anchorAllAsync(
    index.text,
    targets.map((t) => ({ quote: t.quote, position: t.position })),
    { yieldToHost: opts.yieldFn, now: opts.now, ...(opts.onSlice ? { onSlice: opts.onSlice } : {}) },
  );
  // The page may have changed while the slices yielded (a ticking clock elsewhere changes its text
  // all the time). Ranges are made on the Text nodes read at the start, so a change elsewhere does
  // not move them; a range is kept only where those nodes still say what was anchored.
  sliceStart = opts.now();
  const out: BatchResult[] = [];
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i] as AnchorTarget;
    const r = results[i];
    let range: Range | null = null;
    if (r && r.status === 'anchored') {
      range = rangeFromOffsets(index, r.start, r.end);
      if (range && range.toString() !== index.text.slice(r.start, r.end)) range = null;
    }
    const anchored = range !== null && r?.status === 'anchored';
    out.push({
      target,
      range,
      state: { id: target.id, status: anchored ? 'anchored' : 'orphan', method: anchored ? r.method : null },
    });
    if (due()) await endSlice();
  }
  opts.onSlice?.(opts.now() - sliceStart);
  return out;
}
