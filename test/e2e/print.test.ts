/**
 * Printing, end to end: Chromium prints notices with the extension at work (`page.pdf`, A4, with
 * background graphics, as a reader who ticks "Background graphics" does), poppler renders the PDF
 * to pixels (`pdf.ts`), and the pixels are compared with the same notice printed by a Chromium
 * without the extension.
 *
 * - Nothing of the layer prints: badges, measure tints (in the most visible mode, "tint"), the
 *   stronger tint of the measure whose card is open, and the card itself. The PDF is identical,
 *   pixel for pixel, to the one without the extension, on a paragraph notice, a task table and a
 *   Traditional notice.
 * - The reader's highlights print only when the setting says so, and the setting takes effect on
 *   the open page at once, both ways. The short flash of "Show on page" is not a highlight and
 *   never prints.
 */
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from './chromium.ts';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';
import { annotateText, logTabs, tabIdOf, waitForLayer, worker } from './panel-helpers.ts';
import { diffPrints, rasterize, requirePoppler, type Raster } from './pdf.ts';

const VIEWPORT = { width: 1280, height: 900 };
const BADGES = '[data-policylens-measure]';
const CARD = '[data-policylens-card]';

/** Notices of three layouts: paragraphs, a task table, Traditional text. */
const NOTICES = [
  { host: 'www.dalian.gov.cn', path: '/dalian-2023.hans.html' },
  { host: 'www.changsha.gov.cn', path: '/changsha-2017.hans.html' },
  { host: 'www.xm.gov.cn', path: '/xiamen-2024.hant.html' },
] as const;

/** The passage the reader highlights on the Dalian notice. */
const PASSAGE = '推行船舶电讯检疫便捷措施';

async function printed(page: Page): Promise<Raster[]> {
  return rasterize(await page.pdf({ format: 'A4', printBackground: true }));
}

describe('printing a notice in Chromium', () => {
  let harness: ExtensionHarness;
  let server: PagesServer;
  /** Each notice printed without the extension. */
  const plain = new Map<string, Raster[]>();

  beforeAll(async () => {
    requirePoppler();
    server = await startPagesServer({ dirs: [PAGES_DIR] });
    const browser = await chromium.launch({
      executablePath: findChromium(),
      args: ['--no-sandbox', '--disable-gpu', GOV_HOST_RULES],
    });
    try {
      for (const n of NOTICES) {
        const page = await browser.newPage({ viewport: VIEWPORT });
        await page.goto(server.url(n.host, n.path));
        plain.set(n.path, await printed(page));
      }
    } finally {
      await browser.close();
    }
    harness = await launchExtension(undefined, { extraArgs: [GOV_HOST_RULES] });
    await logTabs(harness);
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  async function setSettings(tintMode: string, printHighlights: boolean): Promise<void> {
    await worker(harness).evaluate(
      `chrome.storage.local.set({ settings: ${JSON.stringify({ tintMode, printHighlights })} })`,
    );
  }

  async function open(n: (typeof NOTICES)[number]): Promise<Page> {
    const page = await harness.context.newPage();
    await page.setViewportSize(VIEWPORT);
    await page.goto(server.url(n.host, n.path));
    await waitForLayer(page);
    await expect.poll(() => page.locator(BADGES).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    return page;
  }

  /** What the layer shows on screen now (so that a clean print is not a print of nothing). */
  function onScreen(page: Page) {
    return page.evaluate(() => {
      const size = (name: string): number => CSS.highlights.get(name)?.size ?? 0;
      return {
        matched: size('policylens-matched'),
        active: size('policylens-active'),
        user: size('policylens-user-yellow'),
      };
    });
  }

  it('prints no badge, no tint and no card, on paragraphs, a table and a Traditional notice', async () => {
    await setSettings('tint', false);
    for (const n of NOTICES) {
      const page = await open(n);
      if (n.path === '/dalian-2023.hans.html') {
        await annotateText(page, PASSAGE, 'yellow');
        await expect.poll(async () => (await onScreen(page)).user, { timeout: 10_000 }).toBe(1);
      }
      await page.locator(BADGES).first().click();
      await page.locator(CARD).waitFor();
      const shown = await onScreen(page);
      expect(shown.matched, n.path).toBeGreaterThan(10);
      expect(shown.active, n.path).toBeGreaterThan(0);

      const diff = diffPrints(plain.get(n.path) as Raster[], await printed(page));
      expect(diff.pages[1], `${n.path}: pages`).toBe(diff.pages[0]);
      expect(diff.changed, `${n.path}: pixels that differ from the print without the extension`).toEqual(
        diff.changed.map(() => 0),
      );
      await page.close();
    }
  });

  it("prints the reader's highlights only when the setting says so, at once, and never the flash", async () => {
    await setSettings('underline', false);
    const n = NOTICES[0];
    const page = await open(n);
    // The passage highlighted in the test above is in the store; a fresh profile highlights it here.
    await page.waitForTimeout(1_000);
    if ((await onScreen(page)).user === 0) await annotateText(page, PASSAGE, 'yellow');
    await expect.poll(async () => (await onScreen(page)).user, { timeout: 10_000 }).toBe(1);
    const reference = plain.get(n.path) as Raster[];
    const total = (d: ReturnType<typeof diffPrints>): number => d.changed.reduce((a, b) => a + b, 0);

    // Off (the default): the highlight stays on screen and off paper.
    expect(total(diffPrints(reference, await printed(page)))).toBe(0);

    // On, without reloading: the passage prints in its colour, and nothing else does.
    await setSettings('underline', true);
    let withHighlight: Raster[] = [];
    await expect
      .poll(
        async () => {
          withHighlight = await printed(page);
          return total(diffPrints(reference, withHighlight));
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThan(200);
    const diff = diffPrints(reference, withHighlight);
    expect(diff.changed.filter((c) => c > 0)).toHaveLength(1);
    // The yellow highlight (rgba(240, 228, 66, 0.45) on white, over black text and its own line).
    const yellowish = diff.samples.filter(([r, g, b]) => r - b > 40 && g - b > 30).length;
    expect(yellowish / diff.samples.length).toBeGreaterThan(0.6);

    // "Show on page" flashes a measure: the flash is on screen while the page prints, not on paper.
    const tab = await tabIdOf(harness, page.url());
    await worker(harness).evaluate(
      `chrome.tabs.sendMessage(${tab}, { policylens: 1, direction: 'background-to-content', type: 'reveal', data: { measureId: 'dalian-2023:2.13', annotationId: null } })`,
    );
    await page.waitForFunction(() => (CSS.highlights.get('policylens-flash')?.size ?? 0) > 0);
    const duringFlash = await printed(page);
    expect(
      await page.evaluate(() => CSS.highlights.get('policylens-flash')?.size ?? 0),
      'the flash lasted through printing',
    ).toBeGreaterThan(0);
    expect(total(diffPrints(withHighlight, duringFlash))).toBe(0);

    // Off again, without reloading: the paper is the page's own again.
    await setSettings('underline', false);
    await expect
      .poll(async () => total(diffPrints(reference, await printed(page))), { timeout: 15_000 })
      .toBe(0);
    await page.close();
  });
});
