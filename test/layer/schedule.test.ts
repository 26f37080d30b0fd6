import { describe, expect, it } from 'vitest';
import { eachChunked, makeYield, Meter } from '../../lib/layer/schedule.ts';

/** A clock the test moves by hand. */
function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('Meter', () => {
  it('sums synchronous slices and keeps the longest', () => {
    const c = clock();
    const m = new Meter(c.now, async () => undefined, 10);
    m.measure(() => c.advance(4));
    m.measure(() => c.advance(7));
    m.enter();
    c.advance(2);
    // Nested slices count once.
    m.measure(() => c.advance(3));
    m.exit();
    expect(m.reading()).toEqual({ totalMs: 16, longestMs: 7, slices: 3 });
  });

  it('closes the slice when the measured function throws', () => {
    const c = clock();
    const m = new Meter(c.now, async () => undefined);
    expect(() =>
      m.measure(() => {
        c.advance(5);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(m.reading()).toEqual({ totalMs: 5, longestMs: 5, slices: 1 });
    expect(m.elapsed()).toBe(0);
  });

  it('does not count time spent yielding or waiting for the background', async () => {
    const c = clock();
    const m = new Meter(c.now, async () => c.advance(100), 10);
    m.enter();
    c.advance(6);
    await m.pause(); // yields: +100 ms outside any slice
    c.advance(3);
    // The background answers later (a microtask after the slice closed).
    await m.wait(Promise.resolve().then(() => c.advance(500)));
    c.advance(2);
    m.exit();
    expect(m.reading()).toEqual({ totalMs: 11, longestMs: 6, slices: 3 });
  });

  it('says when to yield and only yields then', async () => {
    const c = clock();
    let yields = 0;
    const m = new Meter(
      c.now,
      async () => {
        yields++;
      },
      10,
    );
    m.enter();
    c.advance(5);
    expect(m.shouldYield()).toBe(false);
    await m.maybePause();
    expect(yields).toBe(0);
    c.advance(5);
    expect(m.shouldYield()).toBe(true);
    await m.maybePause();
    expect(yields).toBe(1);
    expect(m.elapsed()).toBe(0);
    m.exit();
  });

  it('eachChunked cuts a long loop into slices under the budget', async () => {
    const c = clock();
    const m = new Meter(c.now, async () => undefined, 10);
    const seen: number[] = [];
    m.enter();
    await eachChunked([...Array(20).keys()], m, (i) => {
      c.advance(3);
      seen.push(i);
    });
    m.exit();
    expect(seen).toHaveLength(20);
    const r = m.reading();
    expect(r.totalMs).toBe(60);
    // 3 ms items in 10 ms slices: four items (12 ms) at most per slice.
    expect(r.longestMs).toBeLessThanOrEqual(12);
    expect(r.slices).toBeGreaterThanOrEqual(5);
  });
});

describe('makeYield', () => {
  it('prefers scheduler.yield', async () => {
    let called = 0;
    const g = { scheduler: { yield: async () => void called++ } } as unknown as typeof globalThis;
    await makeYield(g)();
    expect(called).toBe(1);
  });

  it('falls back to a MessageChannel, then to setTimeout', async () => {
    await makeYield({ MessageChannel } as unknown as typeof globalThis)();
    let timeouts = 0;
    const g = {
      setTimeout: (fn: () => void) => {
        timeouts++;
        return setTimeout(fn, 0);
      },
    } as unknown as typeof globalThis;
    await makeYield(g)();
    expect(timeouts).toBe(1);
  });
});
