/**
 * Main-thread accounting and yielding for the in-page layer.
 *
 * The layer never holds the page's main thread for long: work is cut into slices, and between
 * slices it yields to the event loop (`scheduler.yield()` where the browser has it, which keeps the
 * continuation ahead of other tasks, else a `MessageChannel` message, else `setTimeout(0)`).
 * {@link Meter} measures every synchronous slice with `performance.now()`: the sum is the
 * main-thread time the layer cost the page, the maximum its longest task. A slice is opened with
 * `enter()` and closed with `exit()`; {@link Meter.pause} closes the slice, yields, and opens the
 * next one, and {@link Meter.shouldYield} says when the current slice has used its budget.
 *
 * Plain TypeScript with injectable clocks and yields, so it is unit-tested in Node.
 */

/** A slice budget well under the 50 ms long-task threshold, leaving room for one more step. */
export const SLICE_BUDGET_MS = 12;

/** Resolves on a later task, giving the page's own tasks (input, rendering) a turn. */
export type YieldFn = () => Promise<void>;

interface SchedulerLike {
  yield?: () => Promise<unknown>;
}

/**
 * The best yield the global object offers: `scheduler.yield()`, else a `MessageChannel` round trip
 * (not clamped like nested timeouts), else `setTimeout(0)`.
 */
export function makeYield(global: typeof globalThis = globalThis): YieldFn {
  const scheduler = (global as { scheduler?: SchedulerLike }).scheduler;
  if (scheduler && typeof scheduler.yield === 'function') {
    const y = scheduler.yield.bind(scheduler);
    return () => y().then(() => undefined);
  }
  if (typeof global.MessageChannel === 'function') {
    const channel = new global.MessageChannel();
    const queue: Array<() => void> = [];
    channel.port1.onmessage = () => queue.shift()?.();
    return () =>
      new Promise<void>((resolve) => {
        queue.push(resolve);
        channel.port2.postMessage(null);
      });
  }
  return () => new Promise<void>((resolve) => global.setTimeout(resolve, 0));
}

/** Main-thread time the layer spent: the sum of its slices and the longest one. */
export interface MeterReading {
  totalMs: number;
  longestMs: number;
  slices: number;
}

/** Measures synchronous slices; see the module comment. */
export class Meter {
  private total = 0;
  private longest = 0;
  private count = 0;
  private start: number | null = null;
  private depth = 0;

  constructor(
    private readonly now: () => number,
    private readonly yieldFn: YieldFn,
    readonly budgetMs: number = SLICE_BUDGET_MS,
  ) {}

  /** Opens a slice (nested calls count once: only the outermost enter/exit pair measures). */
  enter(): void {
    if (this.depth++ === 0) this.start = this.now();
  }

  /** Closes the slice opened by the matching `enter()`. */
  exit(): void {
    if (this.depth === 0) return;
    if (--this.depth > 0 || this.start === null) return;
    const ms = this.now() - this.start;
    this.start = null;
    this.total += ms;
    this.count++;
    if (ms > this.longest) this.longest = ms;
  }

  /** Runs `fn` as (part of) a slice and returns its result; exceptions close the slice too. */
  measure<T>(fn: () => T): T {
    this.enter();
    try {
      return fn();
    } finally {
      this.exit();
    }
  }

  /** Milliseconds since the current slice opened (0 outside a slice). */
  elapsed(): number {
    return this.start === null ? 0 : this.now() - this.start;
  }

  /** Whether the current slice has used its budget and should yield at the next safe point. */
  shouldYield(): boolean {
    return this.elapsed() >= this.budgetMs;
  }

  /**
   * Closes the current slice (all nesting levels), yields, and reopens at the same depth. Used at
   * safe points inside async work that runs between `enter()` and `exit()`.
   */
  async pause(): Promise<void> {
    const depth = this.depth;
    if (depth > 0) {
      this.depth = 1;
      this.exit();
    }
    try {
      await this.yieldFn();
    } finally {
      for (let i = 0; i < depth; i++) this.enter();
    }
  }

  /** Yields only when the slice has used its budget. */
  async maybePause(): Promise<void> {
    if (this.shouldYield()) await this.pause();
  }

  /**
   * Awaits `promise` outside any slice (waiting for the background is not main-thread time), then
   * reopens the slice.
   */
  async wait<T>(promise: Promise<T>): Promise<T> {
    const depth = this.depth;
    if (depth > 0) {
      this.depth = 1;
      this.exit();
    }
    try {
      return await promise;
    } finally {
      for (let i = 0; i < depth; i++) this.enter();
    }
  }

  reading(): MeterReading {
    return { totalMs: this.total, longestMs: this.longest, slices: this.count };
  }
}

/**
 * Calls `fn` on each item, yielding whenever the meter's slice budget is used. The caller must be
 * inside a slice (`meter.enter()`).
 */
export async function eachChunked<T>(
  items: readonly T[],
  meter: Meter,
  fn: (item: T, index: number) => void,
): Promise<void> {
  for (let i = 0; i < items.length; i++) {
    fn(items[i] as T, i);
    if (i + 1 < items.length) await meter.maybePause();
  }
}

/**
 * Runs async tasks one after another, never two at once: each waits for the one before it, a task
 * that throws is reported to `onError` and does not stop the ones after it, and nothing runs once
 * `stopped()` says so. `run` resolves when its task has run (or was skipped); `idle` when all
 * queued so far have.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly onError: (e: unknown) => void,
    private readonly stopped: () => boolean,
  ) {}

  run(task: () => Promise<void>): Promise<void> {
    const next = this.tail.then(async () => {
      if (this.stopped()) return;
      try {
        await task();
      } catch (e) {
        this.onError(e);
      }
    });
    this.tail = next;
    return next;
  }

  get idle(): Promise<void> {
    return this.tail;
  }
}
