/**
 * Annotations, the side panel and the library in real Firefox, through the routes a reader has:
 *
 * - a highlight made from a selection with the toolbar's swatch (a real click), drawn with CSS
 *   highlights, found again after a reload and in a second tab of the page;
 * - the toolbar's "Note": Firefox's sidebar cannot be opened from a page (`sidebarAction.open()`
 *   refuses a content script's request), so the panel page opens in a window for the tab
 *   (`lib/background/side-panel.ts`); a note written there shows as a marker on the page, and the
 *   marker brings that window back rather than opening another;
 * - a card's related measure opens the library page at that measure (`tabs.create`).
 *
 * WebDriver BiDi cannot navigate a tab to a moz-extension:// page, but it drives the pages the
 * extension opens itself, which is how the panel and the library are reached here. The sidebar's
 * own frame is browser chrome, out of BiDi's reach; the same panel page runs in it.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HIGHLIGHT_MATCHED } from '../../lib/layer/highlights.ts';
import { startPagesServer, type PagesServer } from '../e2e/pages-server.ts';
import { launchFirefox, type FirefoxHarness } from './harness.ts';
import { annotateText, clickInLayer, drawn, highlightSize, openCard, stats } from './page-helpers.ts';

const HOST = 'dalian.customs.gov.cn';

describe('Firefox: annotations, the side panel and the library', () => {
  let harness: FirefoxHarness;
  let server: PagesServer;
  let mark = 0;

  beforeAll(async () => {
    server = await startPagesServer();
    harness = await launchFirefox();
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  beforeEach(() => {
    mark = harness.mark();
  });

  afterEach(() => {
    expect(harness.extensionErrors(mark), 'extension errors on the browser console').toEqual([]);
  });

  /** Opens a fixture page and waits for the layer's tints. */
  async function web(path: string): Promise<Page> {
    const page = await harness.newPage();
    await page.goto(server.url(HOST, path));
    await waitForLayer(page);
    return page;
  }

  async function waitForLayer(page: Page): Promise<void> {
    await expect.poll(() => highlightSize(page, HIGHLIGHT_MATCHED), { timeout: 15_000 }).toBeGreaterThan(0);
  }

  /** The extension pages open now whose address starts with `path`. */
  async function countExtensionPages(path: string): Promise<number> {
    let n = 0;
    for (const p of await harness.browser.pages()) {
      const href = await p.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(harness.url(path))) n++;
    }
    return n;
  }

  it('a highlight from the selection toolbar is found again after a reload and in another tab', async () => {
    const page = await web('/dalian-2023.hans.html?case=highlight');
    await annotateText(page, '提前申报', '[data-colour="green"]');
    const want = { 'policylens-user-green': ['提前申报'] };
    await expect.poll(() => drawn(page), { timeout: 10_000 }).toEqual(want);

    await page.reload();
    await waitForLayer(page);
    await expect.poll(() => drawn(page), { timeout: 10_000 }).toEqual(want);
    await expect.poll(async () => (await stats(page))?.annotations?.anchored, { timeout: 10_000 }).toBe(1);

    // The same page under another spelling of its URL (a tracking parameter): one page.
    const two = await web('/dalian-2023.hans.html?case=highlight&utm_source=wechat');
    await expect.poll(() => drawn(two), { timeout: 10_000 }).toEqual(want);
    // A page script clicking the toolbar creates nothing (only trusted events count).
    await two.close();
    await page.close();
  });

  it('"Note" opens the panel in a window for the tab; the note shows as a marker that brings it back', async () => {
    const page = await web('/dalian-2023.hans.html?case=note');
    await annotateText(page, '全天候', '[data-action="note"]');
    const panel = await harness.extensionPage('sidepanel.html?tab=');
    const errors: string[] = [];
    panel.on('pageerror', (e) => errors.push(String(e)));

    // The panel shows the page's annotation with its note editor open and focused.
    const input = await panel.waitForSelector('[data-testid="annotation"] [data-testid="note-input"]', {
      timeout: 15_000,
    });
    if (!input) throw new Error('no note editor');
    const id = await panel.evaluate(
      () => document.querySelector('[data-testid="annotation"]')?.getAttribute('data-annotation-id') ?? '',
    );
    expect(id).not.toBe('');
    expect(
      await panel.evaluate(() =>
        document.querySelector('[data-testid="annotation-quote"]')?.textContent?.includes('全天候'),
      ),
    ).toBe(true);
    await expect
      .poll(() =>
        panel.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null).catch(() => null),
      )
      .toBe('note-input');

    await panel.keyboard.type('**24/7** clearance: ask the broker');
    await panel.keyboard.down('Control');
    await panel.keyboard.press('Enter');
    await panel.keyboard.up('Control');
    await panel.waitForSelector(`[data-annotation-id="${id}"] [data-testid="note"] strong`, {
      timeout: 10_000,
    });

    // The page gets a marker (the note itself never enters the page).
    const marker = `[data-policylens-annotation="${id}"]`;
    await expect
      .poll(() => page.$(`pierce/${marker}`).then((h) => h !== null), { timeout: 10_000 })
      .toBe(true);
    const leaked = await page.evaluate(() => {
      const root = document.querySelector('policylens-layer, div[data-policylens-layer]')?.shadowRoot;
      const texts = [document.documentElement.textContent ?? '', root?.textContent ?? ''];
      for (const el of [...document.querySelectorAll('*'), ...(root?.querySelectorAll('*') ?? [])]) {
        for (const a of Array.from(el.attributes)) texts.push(a.value);
      }
      return texts.some((t) => t.includes('ask the broker'));
    });
    expect(leaked).toBe(false);

    // The marker brings the same window back: still one panel for this tab.
    await clickInLayer(page, marker);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await countExtensionPages('sidepanel.html')).toBe(1);
    expect(errors).toEqual([]);
    await panel.close();
    await page.close();
  });

  it('the panel window: Firefox’s shortcuts and storage in Settings; a measure found in Everything opens the library', async () => {
    const page = await web('/dalian-2023.hans.html?case=panel');
    await annotateText(page, '提前申报', '[data-action="note"]');
    const panel = await harness.extensionPage('sidepanel.html?tab=');
    const errors: string[] = [];
    panel.on('pageerror', (e) => errors.push(String(e)));
    await panel.waitForSelector('[data-testid="annotation"]', { timeout: 15_000 });

    await (await panel.waitForSelector('[data-testid="section-settings"]'))?.click();
    const key = (name: string) =>
      panel.evaluate(
        (n) =>
          document.querySelector(`[data-testid="commands"] tr[data-command="${n}"] kbd`)?.textContent ?? null,
        name,
      );
    await expect.poll(() => key('annotate-selection')).toBe('Alt+Shift+H');
    // Firefox binds every suggested key, as Chromium does since scan-page moved off Alt+Shift+P.
    expect(await key('open-side-panel')).toBe('Alt+Shift+K');
    expect(await key('scan-page')).toBe('Alt+Shift+U');
    expect(
      await panel.evaluate(() => document.querySelector('[data-testid="keys-where"]')?.textContent ?? ''),
    ).toContain('about:addons');
    // With unlimitedStorage, Firefox makes the extension's storage persistent without asking.
    await expect
      .poll(() =>
        panel.evaluate(
          () => document.querySelector('[data-testid="persistence"]')?.getAttribute('data-persistence') ?? '',
        ),
      )
      .toBe('granted');

    await (await panel.waitForSelector('[data-testid="section-all"]'))?.click();
    const search = await panel.waitForSelector('[data-testid="search"]');
    await search?.type('全天候');
    const result = await panel.waitForSelector('[data-testid="result"][data-kind="measure"]', {
      timeout: 10_000,
    });
    const id = await result?.evaluate((el) => el.getAttribute('data-id'));
    expect(id).toMatch(/^[a-z]+-\d{4}:/u);
    await result?.click();
    const library = await harness.extensionPage(`library.html#measure=${id}`);
    await library.waitForSelector(`[data-testid="library-measure"][data-measure-id="${id}"]`, {
      timeout: 15_000,
    });
    expect(errors).toEqual([]);
    await library.close();
    await panel.close();
    await page.close();
  });

  it('a card’s related measure opens the library page at that measure', async () => {
    const page = await web('/dalian-2023.hans.html?case=library');
    await clickInLayer(page, '[data-policylens-measure="dalian-2023:2.13"]');
    await expect
      .poll(async () => (await openCard(page))?.related ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0);
    const target = await page.evaluate(
      () =>
        document
          .querySelector('policylens-layer, div[data-policylens-layer]')
          ?.shadowRoot?.querySelector('[data-policylens-related]')
          ?.getAttribute('data-policylens-related') ?? '',
    );
    expect(target).toMatch(/^[a-z]+-\d{4}:/u);
    await clickInLayer(page, `[data-policylens-related="${target}"]`);
    const library = await harness.extensionPage('library.html');
    await library.waitForSelector(`[data-testid="library-measure"][data-measure-id="${target}"]`, {
      timeout: 15_000,
    });
    expect(
      await library.evaluate(() => document.querySelector('[data-testid="measure-title"]')?.textContent),
    ).toBeTruthy();
    await library.close();
    await page.close();
  });
});
