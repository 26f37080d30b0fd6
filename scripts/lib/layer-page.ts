/**
 * Reading the in-page layer from Playwright, for the demo and the benchmark: its stats (the JSON in
 * the `data-policylens-stats` attribute of the `<policylens-layer>` host, or of the `<div>` host the
 * layer falls back to, see `lib/layer/host.ts` and `lib/layer/stats.ts`)
 * and its badges (`[data-policylens-measure]` in the host's open shadow root; Playwright's CSS
 * locators pierce open shadow roots).
 */
import type { Page } from 'playwright-core';
import { HOST_SELECTOR, STATS_ATTRIBUTE } from '../../lib/layer/host.ts';
import type { LayerStats } from '../../lib/layer/stats.ts';

export type { LayerStats };

export const BADGES = '[data-policylens-measure]';
export const MATCHED_BADGES = '[data-policylens-measure]:not([data-policylens-measure="unmatched"])';
export const CARD = '[data-policylens-card]';

/** The layer's stats, or null before the host exists. */
export async function readStats(page: Page): Promise<LayerStats | null> {
  const raw = await page.evaluate(
    ([selector, attr]) => document.querySelector(selector)?.getAttribute(attr) ?? null,
    [HOST_SELECTOR, STATS_ATTRIBUTE] as const,
  );
  return raw ? (JSON.parse(raw) as LayerStats) : null;
}

/** Waits until the layer says its first scan's cards are ready; null on timeout. */
export async function waitReady(page: Page, timeoutMs: number): Promise<LayerStats | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await readStats(page);
    if (s && s.readyMs !== null) return s;
    if (Date.now() > deadline) return null;
    await page.waitForTimeout(50);
  }
}

/** Badges on the page: all of them, and those of matched measures. */
export async function badgeCounts(page: Page): Promise<{ badges: number; matched: number }> {
  return {
    badges: await page.locator(BADGES).count(),
    matched: await page.locator(MATCHED_BADGES).count(),
  };
}

/**
 * The stats with every slice so far counted. The layer publishes its stats from inside a slice, so
 * the stats published when the cards became ready leave out that last slice (the one that laid the
 * badges out and rendered them). A `resize` event makes the layer lay out again and publish; that
 * publication counts all earlier slices. Falls back to the current stats after `timeoutMs`.
 */
export async function settledStats(page: Page, timeoutMs = 2_000): Promise<LayerStats | null> {
  const before = await readStats(page);
  if (!before) return null;
  await page.evaluate(() => window.dispatchEvent(new Event('resize')));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await readStats(page);
    if (s && s.slices > before.slices) return s;
    if (Date.now() > deadline) return s ?? before;
    await page.waitForTimeout(25);
  }
}

/** A plausible government host name for a fixture page (any `*.gov.cn` name reaches the server). */
export function govHostFor(file: string): string {
  if (file.startsWith('dalian')) return 'www.dalian.gov.cn';
  if (file.startsWith('xiamen-2008')) return 'xiamen.customs.gov.cn';
  if (file.startsWith('xiamen')) return 'www.xm.gov.cn';
  if (file.startsWith('zhejiang')) return 'www.zj.gov.cn';
  if (file.startsWith('changsha')) return 'changsha.customs.gov.cn';
  return 'www.linjiang.gov.cn';
}

/** How to install Chromium, for the demo's and the bench's messages. */
export const CHROMIUM_INSTALL =
  'Install it with `apt-get install -y chromium fonts-noto-cjk` (Debian or Ubuntu, as root), or set ' +
  'CHROMIUM_PATH to a Chromium binary.';

/** What `findChromium()` threw, without its hint about the tests, and how to install Chromium. */
export function chromiumMissing(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${message.replace(/\s*The browser tests need it:[\s\S]*$/, '')} ${CHROMIUM_INSTALL}`;
}
