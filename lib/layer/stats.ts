/**
 * The layer's counts for one page: what the popup shows (`PageStats`, through 'get-stats' and
 * 'page-stats') plus timing figures the tests and the benchmark read from the host element's
 * `data-policylens-stats` attribute.
 */
import type { PageStats } from '../messaging.ts';
import type { AnnotationCounts } from '../highlight/page-annotations.ts';
import type { MeterReading } from './schedule.ts';

/** `PageStats` and the layer's own figures; sent as is (a `PageStats` with extra fields). */
export interface LayerStats extends PageStats {
  /**
   * Milliseconds from the content script's start until the first scan's cards were ready (badges
   * rendered); null until then. Declared on gov sites the script runs at document_end, just before
   * DOMContentLoaded; injected later, this is from the injection.
   */
  readyMs: number | null;
  /** The same end point measured from DOMContentLoaded, when navigation timing has it. */
  readyAfterDclMs: number | null;
  /** Blocks sent to the matcher, over all scans. */
  blocks: number;
  /** Regions (subtrees) extracted, over all scans. */
  regions: number;
  /** Same-origin frames scanned besides the top document. */
  frames: number;
  /** Synchronous slices measured. */
  slices: number;
  /** Scan steps that threw (reported to console.debug only). */
  errors: number;
  /** The reader's annotations on the page, once they have loaded (`lib/highlight/`). */
  annotations?: AnnotationCounts;
}

/** Rounds to 0.1 ms: finer figures are noise. */
const r1 = (x: number): number => Math.round(x * 10) / 10;

/** Counts of marks, as the layer knows them. */
export interface MarkCounts {
  matched: number;
  unmatched: number;
}

/** Accumulates the figures of one page. */
export class StatsRecorder {
  scans = 0;
  blocks = 0;
  regions = 0;
  frames = 0;
  errors = 0;
  paused = false;
  private readyMs: number | null = null;
  private readyAfterDclMs: number | null = null;

  /**
   * @param scriptStart when the content script started (performance.now() scale)
   */
  constructor(private readonly scriptStart: number) {}

  /**
   * Records the first time all cards were ready (later calls keep the first figure).
   * @param dcl DOMContentLoaded's start on the same scale, when known (see {@link dclStart})
   */
  markReady(now: number, dcl: number | null = null): void {
    if (this.readyMs !== null) return;
    this.readyMs = r1(Math.max(0, now - this.scriptStart));
    this.readyAfterDclMs = dcl === null ? null : r1(Math.max(0, now - dcl));
  }

  get ready(): boolean {
    return this.readyMs !== null;
  }

  snapshot(counts: MarkCounts, meter: MeterReading): LayerStats {
    return {
      recognised: counts.matched + counts.unmatched,
      matched: counts.matched,
      unmatched: counts.unmatched,
      scans: this.scans,
      paused: this.paused,
      mainThreadMs: r1(meter.totalMs),
      longestTaskMs: r1(meter.longestMs),
      readyMs: this.readyMs,
      readyAfterDclMs: this.readyAfterDclMs,
      blocks: this.blocks,
      regions: this.regions,
      frames: this.frames,
      slices: meter.slices,
      errors: this.errors,
    };
  }
}

/** Navigation timing as the layer reads it (a subset of PerformanceNavigationTiming). */
interface NavTimingLike {
  domContentLoadedEventStart?: number;
}

/** DOMContentLoaded's start (performance.now() scale) from navigation timing, or null. */
export function dclStart(perf: Pick<Performance, 'getEntriesByType'> | undefined): number | null {
  try {
    const nav = perf?.getEntriesByType?.('navigation')[0] as NavTimingLike | undefined;
    const dcl = nav?.domContentLoadedEventStart;
    return typeof dcl === 'number' && dcl > 0 ? dcl : null;
  } catch {
    return null;
  }
}

/** Whether two snapshots differ in what the popup shows (to avoid chatty 'page-stats' messages). */
export function countsChanged(a: PageStats | null, b: PageStats): boolean {
  return (
    a === null ||
    a.recognised !== b.recognised ||
    a.matched !== b.matched ||
    a.unmatched !== b.unmatched ||
    a.scans !== b.scans ||
    a.paused !== b.paused
  );
}
