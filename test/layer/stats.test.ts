import { describe, expect, it } from 'vitest';
import { countsChanged, dclStart, StatsRecorder } from '../../lib/layer/stats.ts';

const meter = { totalMs: 12.345, longestMs: 4.06, slices: 7 };

describe('StatsRecorder', () => {
  it('snapshots PageStats plus the layer figures, rounded to 0.1 ms', () => {
    const s = new StatsRecorder(100);
    s.scans = 2;
    s.blocks = 65;
    const snap = s.snapshot({ matched: 43, unmatched: 2 }, meter);
    expect(snap).toEqual({
      recognised: 45,
      matched: 43,
      unmatched: 2,
      scans: 2,
      paused: false,
      mainThreadMs: 12.3,
      longestTaskMs: 4.1,
      readyMs: null,
      readyAfterDclMs: null,
      blocks: 65,
      regions: 0,
      frames: 0,
      slices: 7,
      errors: 0,
    });
    // A JSON round trip keeps it (the host attribute).
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
  });

  it('records the first ready time only, from the script start and from DOMContentLoaded', () => {
    const s = new StatsRecorder(100);
    expect(s.ready).toBe(false);
    s.markReady(350.04, 120);
    s.markReady(900, 120);
    expect(s.ready).toBe(true);
    const snap = s.snapshot({ matched: 0, unmatched: 0 }, meter);
    expect(snap.readyMs).toBe(250);
    expect(snap.readyAfterDclMs).toBe(230);
  });
});

describe('countsChanged', () => {
  const base = new StatsRecorder(0).snapshot({ matched: 1, unmatched: 0 }, meter);
  it('reports changes the popup shows, not timing noise', () => {
    expect(countsChanged(null, base)).toBe(true);
    expect(countsChanged(base, { ...base, mainThreadMs: 99 })).toBe(false);
    expect(countsChanged(base, { ...base, matched: 2, recognised: 2 })).toBe(true);
    expect(countsChanged(base, { ...base, scans: 5 })).toBe(true);
    expect(countsChanged(base, { ...base, paused: true })).toBe(true);
  });
});

describe('dclStart', () => {
  it('reads navigation timing, or gives null', () => {
    const perf = (entries: unknown[]) =>
      ({ getEntriesByType: () => entries }) as unknown as Pick<Performance, 'getEntriesByType'>;
    expect(dclStart(perf([{ domContentLoadedEventStart: 42.5 }]))).toBe(42.5);
    expect(dclStart(perf([{ domContentLoadedEventStart: 0 }]))).toBeNull();
    expect(dclStart(perf([]))).toBeNull();
    expect(dclStart(undefined)).toBeNull();
    const throwing = {
      getEntriesByType: () => {
        throw new Error('no');
      },
    } as unknown as Pick<Performance, 'getEntriesByType'>;
    expect(dclStart(throwing)).toBeNull();
  });
});
