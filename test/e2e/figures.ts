/**
 * The per-page figures both browser suites print after their seed pages (Chromium:
 * `layer-pages.test.ts`, Firefox: `test/e2e-firefox/layer-pages.test.ts`), read from the layer's
 * own stats, so the README can set the two browsers side by side.
 */
import type { LayerStats } from '../../lib/layer/stats.ts';

/** One seed page as the layer saw it. */
export interface PageFigure {
  page: string;
  badges: number;
  tints: number;
  /** DOMContentLoaded → every card ready (the layer's `readyAfterDclMs`). */
  readyAfterDclMs: number | null | undefined;
  /** Main-thread time the layer spent. */
  mainThreadMs: number;
}

export function pageFigure(page: string, badges: number, tints: number, s: LayerStats): PageFigure {
  return { page, badges, tints, readyAfterDclMs: s.readyAfterDclMs, mainThreadMs: s.mainThreadMs };
}

/** A plain-text table: page, badges, tints, DOMContentLoaded → cards ready, layer main thread. */
export function figureTable(browser: string, figures: readonly PageFigure[]): string {
  // Whole milliseconds: Firefox rounds performance.now() to 1 ms, Chromium gives 0.1 ms.
  const cell = (v: number | null | undefined, width: number) =>
    (typeof v === 'number' ? String(Math.round(v)) : '?').padStart(width);
  return [
    `${browser}, seed pages: badges, tints, DOMContentLoaded → cards ready, layer main-thread time`,
    ...figures.map(
      (f) =>
        `  ${f.page.padEnd(26)}${cell(f.badges, 4)} badges${cell(f.tints, 4)} tints` +
        `${cell(f.readyAfterDclMs, 6)} ms${cell(f.mainThreadMs, 6)} ms`,
    ),
  ].join('\n');
}
