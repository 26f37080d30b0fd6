/**
 * Many annotations on one page text: what a visit does (every stored annotation of the page,
 * re-anchored after the page loaded or changed) and what the CLI does with an annotation file.
 *
 * Shared work:
 * - one {@link SearchText}: the collapsed text and the 4-gram index are built once, and only if
 *   some annotation needs the scored search;
 * - the annotations are taken in the order of their stored positions, and each one is first
 *   looked for where the one before it moved to (its stored start shifted by the same amount).
 *   A paragraph inserted near the top shifts everything after it by the same length, so after the
 *   first annotation below it the others are found at once, without scanning the page.
 *
 * Slicing: `anchorSteps` is a generator that yields after each annotation and between the
 * building steps (64 K characters of text collapsed per step), so a caller on the main thread can
 * stop after a few milliseconds and let the page breathe; `anchorAllAsync` does that with a time
 * budget per slice. No step runs long: one annotation is a few alignments of bounded size.
 */
import { beginAnchor, type AnchorResult, type AnchorSelectors } from './match.ts';
import { SearchText } from './search.ts';

/**
 * Anchors `items` on `text` step by step; the generator's return value is the results, in the
 * order of `items`. Drive it with `next()` until `done`, or use `anchorAll` / `anchorAllAsync`.
 */
export function* anchorSteps(
  text: string | SearchText,
  items: readonly AnchorSelectors[],
): Generator<void, AnchorResult[], void> {
  const st = typeof text === 'string' ? new SearchText(text) : text;
  const results: Array<AnchorResult | undefined> = new Array<AnchorResult | undefined>(items.length);
  const startOf = (i: number): number => {
    const p = items[i]?.position;
    return p && Number.isFinite(p.start) ? p.start : Infinity;
  };
  const order = items.map((_, i) => i).sort((a, b) => startOf(a) - startOf(b) || a - b);
  // How far the last anchored annotation moved from its stored start (positions in order).
  let shift: number | null = null;
  for (const i of order) {
    const item = items[i] as AnchorSelectors;
    const stored = item.position;
    const hint =
      shift !== null && stored && Number.isInteger(stored.start) ? stored.start + shift : undefined;
    const first = beginAnchor(st, item, hint === undefined ? {} : { hint });
    let result: AnchorResult;
    if (typeof first === 'function') {
      if (!st.prepared) yield* st.prepareSteps();
      result = first();
    } else {
      result = first;
    }
    results[i] = result;
    if (result.status === 'anchored' && stored && Number.isInteger(stored.start)) {
      shift = result.start - stored.start;
    }
    yield;
  }
  return results as AnchorResult[];
}

/** Anchors every item at once (Node, the CLI, tests). */
export function anchorAll(text: string | SearchText, items: readonly AnchorSelectors[]): AnchorResult[] {
  const steps = anchorSteps(text, items);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** How `anchorAllAsync` shares the thread. */
export interface SliceOptions {
  /** Work per slice before yielding, in milliseconds (a slice ends after the step that passes it). */
  budgetMs?: number;
  /** Gives the thread back (e.g. a zero-delay timeout, or `scheduler.yield()`). */
  yieldToHost?: () => Promise<void>;
  /** A clock in milliseconds (performance.now by default). */
  now?: () => number;
  /** Told the length of every slice, for the bench and the layer's statistics. */
  onSlice?: (ms: number) => void;
}

/** Default work per slice: well under a frame, so input stays responsive while a page re-anchors. */
export const DEFAULT_BUDGET_MS = 8;

/**
 * Anchors every item in slices of about `budgetMs`, yielding to the host between slices, so the
 * main thread never runs one long task.
 */
export async function anchorAllAsync(
  text: string | SearchText,
  items: readonly AnchorSelectors[],
  options: SliceOptions = {},
): Promise<AnchorResult[]> {
  const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const now = options.now ?? ((): number => performance.now());
  const yieldToHost =
    options.yieldToHost ?? ((): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0)));
  const steps = anchorSteps(text, items);
  for (;;) {
    const t0 = now();
    let r = steps.next();
    while (!r.done && now() - t0 < budget) r = steps.next();
    options.onSlice?.(now() - t0);
    if (r.done) return r.value;
    await yieldToHost();
  }
}
