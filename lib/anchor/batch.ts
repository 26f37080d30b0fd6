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
import {
  beginAnchor,
  POSITION_SCALE,
  type AnchorResult,
  type AnchorSelectors,
  type Bounds,
  type Hint,
  type PendingAnchor,
} from './match.ts';
import { SearchText } from './search.ts';

/** Where a well-found annotation was and is: its stored start and its start now. */
interface Landmark {
  was: number;
  now: number;
}

/**
 * Where a landmark says an annotation stored at `was` is now: as far moved as the landmark, give
 * or take everything between them (all of it may have been rewritten, so the spread grows with
 * the distance).
 */
function hintFrom(l: Landmark, was: number): Hint {
  return { at: was + l.now - l.was, spread: POSITION_SCALE + Math.abs(was - l.was) };
}

/**
 * How far a result may be from where the last landmark said and still confirm it, when it agrees
 * with nearly all of its selector: whitespace re-wrapped between two annotations moves the second
 * by a few characters.
 */
const DRIFT = POSITION_SCALE;

/**
 * Whether a result found `moved` characters from its stored start confirms a shift: exactly that
 * far, or within {@link DRIFT} of it when it agrees with nearly all of its selector.
 */
function confirms(moved: number, shift: number, r: AnchorResult): boolean {
  return moved === shift || (Math.abs(moved - shift) <= DRIFT && r.status === 'anchored' && r.score >= 0.9);
}

/** The start of the page: nothing before it can move. */
const PAGE_START: Landmark = { was: 0, now: 0 };

/**
 * Where an annotation stored at `was` may start now, given the landmarks before and after it:
 * after the one before and before the one after (annotations keep their order), and moved by
 * about as much as one of them moved, or anything in between (whatever was inserted or removed
 * between the two landmarks lies before it, after it, or around it). Give or take what lies
 * between it and the nearer landmark (all of that may have been rewritten too), and
 * {@link POSITION_SCALE} more.
 */
function between(prev: Landmark, next: Landmark | undefined, was: number): Bounds {
  if (!next) return { min: prev.now, max: Infinity };
  const a = prev.now - prev.was;
  const b = next.now - next.was;
  const slack = POSITION_SCALE + Math.min(was - prev.was, next.was - was);
  return {
    min: Math.max(prev.now, was + Math.min(a, b) - slack),
    max: Math.min(next.now, was + Math.max(a, b) + slack),
  };
}

/** Whether a result is the quote itself with its whole stored context around it. */
function solid(text: string, item: AnchorSelectors, r: AnchorResult): boolean {
  if (r.status !== 'anchored' || !item.quote) return false;
  const { exact, prefix = '', suffix = '' } = item.quote;
  return (
    text.slice(r.start, r.end) === exact &&
    r.start >= prefix.length &&
    text.startsWith(prefix, r.start - prefix.length) &&
    text.startsWith(suffix, r.end)
  );
}

/**
 * Anchors `items` on `text` step by step; the generator's return value is the results, in the
 * order of `items`. Drive it with `next()` until `done`, or use `anchorAll` / `anchorAllAsync`.
 *
 * Two passes, in the order of the stored positions.
 *
 * The first anchors every annotation, each one looked for first where the one before it moved
 * to. Results that confirm how far the text around them moved are landmarks: found exactly that
 * far from their stored start, or found whole (quote and context) at a new distance that the next
 * annotation confirms. A new distance nobody confirms stays in doubt: a table row repeated
 * elsewhere, word for word with its context, looks exactly like the passage moved.
 *
 * The second runs the scored search again for everything not a landmark, bounded by the landmarks
 * on both sides: annotations keep their order on a page, so a copy of the passage before the
 * previous landmark or after the next one is not taken for it.
 */
export function* anchorSteps(
  text: string | SearchText,
  items: readonly AnchorSelectors[],
): Generator<void, AnchorResult[], void> {
  const st = typeof text === 'string' ? new SearchText(text) : text;
  const results: Array<AnchorResult | undefined> = new Array<AnchorResult | undefined>(items.length);
  const storedStart = (i: number): number | null => {
    const p = items[i]?.position;
    return p && Number.isInteger(p.start) ? p.start : null;
  };
  const order = items
    .map((_, i) => i)
    .sort((a, b) => (storedStart(a) ?? Infinity) - (storedStart(b) ?? Infinity) || a - b);

  const landmarks: Landmark[] = [];
  const again: Array<{ i: number; run: PendingAnchor }> = [];
  /** How far the text moved at the last landmark (nothing moved until told otherwise). */
  let shift = 0;
  /** A result found whole at a new distance, waiting for the next annotation to confirm it. */
  let doubt: (Landmark & { i: number; run: PendingAnchor }) | null = null;
  const release = (): void => {
    if (doubt) again.push({ i: doubt.i, run: doubt.run });
    doubt = null;
  };
  for (const i of order) {
    const item = items[i] as AnchorSelectors;
    const was = storedStart(i);
    const last = landmarks[landmarks.length - 1];
    const hints = was !== null && last ? [hintFrom(last, was)] : [];
    const lookFirst = was !== null && doubt ? [was + doubt.now - doubt.was] : [];
    const options = { hints, lookFirst, storedIsCurrent: false };
    const first = beginAnchor(st, item, options);
    let result: AnchorResult;
    let run: PendingAnchor | null = null;
    if (typeof first === 'function') {
      if (!st.prepared) yield* st.prepareSteps();
      run = first;
      result = first({ ...options, bounds: { min: last ? last.now : 0, max: Infinity } });
    } else {
      result = first;
    }
    results[i] = result;
    if (was !== null) {
      const moved = result.status === 'anchored' ? result.start - was : null;
      if (moved !== null && confirms(moved, shift, result)) {
        // Found where the last landmark said (give or take re-wrapped whitespace nearby).
        landmarks.push({ was, now: was + moved });
        shift = moved;
        release();
      } else if (moved !== null && doubt && confirms(moved, doubt.now - doubt.was, result)) {
        landmarks.push({ was: doubt.was, now: doubt.now }, { was, now: was + moved });
        shift = moved;
        doubt = null;
      } else if (moved !== null && run && solid(st.text, item, result)) {
        release();
        doubt = { i, run, was, now: was + moved };
      } else if (run) {
        again.push({ i, run });
      }
    }
    yield;
  }
  release();

  // The second pass: the landmarks on both sides are known now.
  for (const { i, run } of again) {
    const was = storedStart(i) as number;
    // The last landmark stored at or before this one, and the first stored after it.
    let lo = 0;
    let hi = landmarks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((landmarks[mid] as Landmark).was <= was) lo = mid + 1;
      else hi = mid;
    }
    const prev = landmarks[lo - 1];
    const next = landmarks[lo];
    // Without a landmark after it, the first pass knew all there is to know.
    if (!next) continue;
    const bounds = between(prev ?? PAGE_START, next, was);
    // A result that agrees with nearly all of its selector, in its place between the landmarks,
    // stands: narrower bounds can only take candidates away from it, not add a better one.
    const r = results[i] as AnchorResult;
    if (r.status === 'anchored' && r.score >= 0.9 && r.start >= bounds.min && r.start <= bounds.max) continue;
    // Both neighbours' shifts are confirmed expectations for this one.
    const hints = [prev, next].flatMap((l) => (l ? [hintFrom(l, was)] : []));
    results[i] = run({ hints, storedIsCurrent: false, bounds });
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
