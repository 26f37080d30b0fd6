/**
 * The toolbar button and its popup, in Chromium with the built extension, as a first-time reader
 * meets them:
 *
 * - every keyboard command gets the key the manifest suggests (`commands.getAll()`: Chromium leaves
 *   a command without a key when the key is one of its own), and the popup shows the keys bound now;
 * - the toolbar icon exists at every size the stores ask for (16, 32, 48, 96, 128), and at 16 px it
 *   stays visible on light and dark toolbars with a two-digit count over its corner;
 * - the popup lists the measures on the page and jumps to each, opens a corpus document in the
 *   library (one library tab, reused), shows no internal hash, and offers "Pause on this site"
 *   only where the layer runs.
 *
 * The popup is opened as a tab for a given tab (`popup.html?tab=<id>`), as the side panel tests do:
 * opened from the toolbar it would show the active tab.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import type { Corpus } from '../../lib/corpus/types.ts';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';
import { logTabs, tabIdOf, waitForLayer, worker } from './panel-helpers.ts';

const HOST = 'www.dalian.gov.cn';
const expected = JSON.parse(readFileSync(join(PAGES_DIR, 'expected.json'), 'utf8')) as Record<
  string,
  { measures: string[] }
>;

/** The sizes the stores and browsers ask for: toolbar 16 (32 at 2×), management page 48 (96), store 128. */
const ICON_SIZES = [16, 32, 48, 96, 128];

/**
 * Where Chromium draws a two-digit badge over a 16 px action icon, in the icon's pixels. From
 * `IconWithBadgeImageSource` (chrome/browser/ui/extensions/icon_with_badge_image_source.cc): the
 * icon sits centred in a 28 × 28 area (at 6, 6); the badge is 12 high at the area's bottom, about
 * 16 wide for two digits and right-aligned, and a 1 px ring around it is cleared. So it covers the
 * icon from x = 5 and from y = 9 to the icon's right and bottom edges.
 */
const BADGE_COVER = { x: 5, y: 9 };

/** Toolbar colours: light, Chromium's dark toolbar, and a darker one. */
const TOOLBARS = ['#ffffff', '#3c3c3c', '#202124'];

type ChromeApi = {
  chrome: {
    commands: { getAll(): Promise<Array<{ name?: string; shortcut?: string }>> };
    runtime: { getManifest(): Record<string, unknown>; getURL(path: string): string };
    management: { getSelf(): Promise<{ icons?: Array<{ size: number; url: string }> }> };
  };
};

describe('toolbar button and popup in Chromium', () => {
  let harness: ExtensionHarness;
  let server: PagesServer;
  let corpus: Corpus;

  beforeAll(async () => {
    corpus = compileSeedsDir();
    server = await startPagesServer({ dirs: [PAGES_DIR] });
    harness = await launchExtension(undefined, { extraArgs: [GOV_HOST_RULES] });
    await logTabs(harness);
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  async function popupFor(tabId: number | null): Promise<{ popup: Page; errors: string[] }> {
    const popup = await harness.context.newPage();
    const errors: string[] = [];
    popup.on('pageerror', (e) => errors.push(e.message));
    await popup.goto(harness.url(tabId === null ? 'popup.html' : `popup.html?tab=${tabId}`));
    return { popup, errors };
  }

  it('Chromium binds every suggested key, and the popup shows the keys bound now', async () => {
    const { popup, errors } = await popupFor(null);
    const { commands, manifest } = await popup.evaluate(async () => {
      const c = (globalThis as unknown as ChromeApi).chrome;
      return { commands: await c.commands.getAll(), manifest: c.runtime.getManifest() };
    });
    const suggested = Object.entries(
      manifest['commands'] as Record<string, { suggested_key?: { default?: string } }>,
    ).map(([name, c]) => [name, c.suggested_key?.default] as const);
    // The three commands a reader is told about, each with a key of its own.
    expect(suggested.map(([name]) => name).sort()).toEqual(
      ['annotate-selection', 'open-side-panel', 'scan-page'].sort(),
    );
    expect(new Set(suggested.map(([, key]) => key)).size).toBe(3);
    for (const [name, key] of suggested) {
      expect(key, name).toMatch(/^Alt\+Shift\+[A-Z]$/u);
      expect(commands.find((c) => c.name === name)?.shortcut, name).toBe(key);
    }

    // The popup lists them as bound.
    for (const [name, key] of suggested) {
      const row = popup.locator(`[data-testid="popup-keys"] [data-command="${name}"]`);
      await row.waitFor();
      expect(await row.locator('kbd').textContent(), name).toBe(key);
    }
    // "Scan this page" says its key.
    const scanKey = suggested.find(([name]) => name === 'scan-page')?.[1] ?? '';
    expect(await popup.getByTestId('scan-page').getAttribute('aria-keyshortcuts')).toBe(scanKey);
    expect(errors).toEqual([]);
    await popup.close();
  });

  it('has a toolbar icon at every store size, visible at 16 px on light and dark toolbars under a count', async () => {
    const { popup } = await popupFor(null);
    const found = await popup.evaluate(
      async ({ cover, toolbars }) => {
        const c = (globalThis as unknown as ChromeApi).chrome;
        const self = await c.management.getSelf();
        const manifest = c.runtime.getManifest();
        const load = (url: string) =>
          new Promise<HTMLImageElement>((resolve, reject) => {
            const img = new Image();
            img.onload = () => resolve(img);
            img.onerror = () => reject(new Error(`cannot load ${url}`));
            img.src = url;
          });
        // The sizes as the browser took them from the manifest; the pictures from the package.
        const files = (manifest['icons'] ?? {}) as Record<string, string>;
        const icons: Array<{ size: number; width: number; height: number }> = [];
        for (const icon of self.icons ?? []) {
          const file = files[String(icon.size)];
          const img = await load(c.runtime.getURL(file ?? 'missing'));
          icons.push({ size: icon.size, width: img.naturalWidth, height: img.naturalHeight });
        }
        const action = (manifest['action'] ?? {}) as { default_icon?: Record<string, string> };
        const small = action.default_icon?.['16'];
        // The 16 px toolbar icon, composed over each toolbar colour as Chromium would draw it,
        // with the badge's area cut away: how many of the pixels left stand out from the toolbar
        // (WCAG non-text contrast, 3:1).
        const visible: Record<string, number> = {};
        let ink = 0;
        if (small) {
          const img = await load(c.runtime.getURL(small));
          const canvas = document.createElement('canvas');
          canvas.width = 16;
          canvas.height = 16;
          const ctx = canvas.getContext('2d');
          if (!ctx) throw new Error('no 2d context');
          ctx.drawImage(img, 0, 0, 16, 16);
          const px = ctx.getImageData(0, 0, 16, 16).data;
          const lin = (v: number) => {
            const s = v / 255;
            return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          };
          const lum = (r: number, g: number, b: number) =>
            0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
          for (const hex of toolbars) {
            const bg = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
            const bgLum = lum(...bg);
            let n = 0;
            for (let y = 0; y < 16; y++) {
              for (let x = 0; x < 16; x++) {
                if (x >= cover.x && y >= cover.y) continue;
                const i = (y * 16 + x) * 4;
                const a = (px[i + 3] ?? 0) / 255;
                const mix = [0, 1, 2].map((k) => (px[i + k] ?? 0) * a + bg[k]! * (1 - a)) as [
                  number,
                  number,
                  number,
                ];
                const l = lum(...mix);
                const ratio = (Math.max(l, bgLum) + 0.05) / (Math.min(l, bgLum) + 0.05);
                if (ratio >= 3) n++;
              }
            }
            visible[hex] = n;
          }
          for (let i = 3; i < px.length; i += 4) if ((px[i] ?? 0) >= 128) ink++;
        }
        return { icons, defaultIcon: action.default_icon ?? null, visible, ink };
      },
      { cover: BADGE_COVER, toolbars: TOOLBARS },
    );
    expect(found.icons.map((i) => i.size).sort((a, b) => a - b)).toEqual(ICON_SIZES);
    for (const icon of found.icons)
      expect([icon.width, icon.height], String(icon.size)).toEqual([icon.size, icon.size]);
    // The toolbar button names its own pictures (16 and 32 for 2× screens).
    expect(Object.keys(found.defaultIcon ?? {}).sort()).toEqual(['16', '32']);
    // A solid mark, not a faint one: at least a third of the 16 px square is drawn.
    expect(found.ink).toBeGreaterThanOrEqual(256 / 3);
    // With a count over its corner, at least 30 of the 16 × 16 pixels still stand out from each
    // toolbar (the badge covers 77 of them).
    for (const hex of TOOLBARS) expect(found.visible[hex], hex).toBeGreaterThanOrEqual(30);
    await popup.close();
  });

  it('lists the measures on the page and jumps to each', async () => {
    const path = '/dalian-2023.hans.html?case=popup-list';
    const page = await harness.context.newPage();
    await page.goto(server.url(HOST, path));
    await waitForLayer(page);
    const tabId = await tabIdOf(harness, server.url(HOST, path));
    const { popup, errors } = await popupFor(tabId);
    const items = popup.locator('[data-testid="popup-measures"] [data-measure-id]');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(43);
    const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-measure-id')));
    expect(ids).toEqual(expected['dalian-2023.hans.html']?.measures);
    // Each item names the measure by its number as printed and its title.
    const thirteen = popup.locator('[data-testid="popup-measures"] [data-measure-id="dalian-2023:2.13"]');
    expect(await thirteen.textContent()).toContain('(十三)');
    expect(await thirteen.textContent()).toContain('保障进出境船舶“全天候”通关');

    // A click scrolls the page to the measure and flashes it.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await thirteen.click();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    const flashed = await page.evaluate(() =>
      [...(CSS.highlights.get('policylens-flash') ?? [])].map((r) => (r as Range).toString()),
    );
    expect(flashed.join('')).toContain('保障进出境船舶“全天候”通关');
    // The corpus version's hash is no reader's business.
    expect(await popup.locator('body').textContent()).not.toContain(corpus.version);
    expect(errors).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('opens a corpus document in the library, reusing the one library tab', async () => {
    const { popup, errors } = await popupFor(null);
    const docs = popup.locator('[data-testid="document-list"] [data-doc-id]');
    await expect.poll(() => docs.count()).toBe(corpus.documents.length);
    const libraryTabs = async () =>
      (await worker(harness).evaluate(
        `chrome.tabs.query({}).then((ts) => ts.map((t) => t.url ?? '').filter((u) => u.includes('/library.html')))`,
      )) as string[];
    expect(await libraryTabs()).toEqual([]);

    await docs.filter({ hasText: '大连' }).click();
    await expect
      .poll(libraryTabs, { timeout: 10_000 })
      .toEqual([harness.url('library.html#doc=dalian-2023')]);
    // Playwright may learn of the tab the background opened a moment after chrome.tabs does.
    const libraryPage = () => harness.context.pages().find((p) => p.url().includes('/library.html'));
    await expect.poll(() => libraryPage() !== undefined, { timeout: 10_000 }).toBe(true);
    const library = libraryPage();
    const shown = () => library?.getByTestId('document').getAttribute('data-doc-id');
    await expect.poll(shown, { timeout: 10_000 }).toBe('dalian-2023');
    // A second document goes to the same tab.
    await docs.filter({ hasText: '长沙' }).click();
    await expect
      .poll(libraryTabs, { timeout: 10_000 })
      .toEqual([harness.url('library.html#doc=changsha-2017')]);
    await expect.poll(shown, { timeout: 10_000 }).toBe('changsha-2017');
    // "Open the library" brings that tab forward as the reader left it.
    await popup.getByTestId('open-library').click();
    await popup.waitForTimeout(500);
    expect(await libraryTabs()).toEqual([harness.url('library.html#doc=changsha-2017')]);
    expect(errors).toEqual([]);
    await library?.close();
    await popup.close();
  });

  it('offers "Pause on this site" only where the layer runs', async () => {
    // The popup's own tab: an extension page, where nothing runs.
    const own = await popupFor(null);
    await own.popup.getByTestId('scan-page').waitFor();
    await own.popup.getByTestId('not-running').waitFor();
    expect(await own.popup.getByTestId('pause-site').count()).toBe(0);
    await own.popup.close();

    // A page that is no government site and was never scanned.
    const path = '/non-trade-health.html?case=popup-pause';
    const plain = await harness.context.newPage();
    await plain.goto(`http://127.0.0.1:${server.port}${path}`);
    const tabs = (await worker(harness).evaluate(
      `chrome.tabs.query({}).then((ts) => ts.map((t) => t.id))`,
    )) as number[];
    // The newest tab is that page (no content script speaks from it to learn its id another way).
    const plainId = Math.max(...tabs);
    const off = await popupFor(plainId);
    await off.popup.getByTestId('not-running').waitFor();
    expect(await off.popup.getByTestId('pause-site').count()).toBe(0);
    await off.popup.close();
    await plain.close();

    // A government page where it runs.
    const govPath = '/xiamen-2008.hans.html?case=popup-pause';
    const gov = await harness.context.newPage();
    await gov.goto(server.url(HOST, govPath));
    await waitForLayer(gov);
    const on = await popupFor(await tabIdOf(harness, server.url(HOST, govPath)));
    await on.popup.getByTestId('pause-site').waitFor({ timeout: 10_000 });
    expect(await on.popup.getByTestId('pause-site').textContent()).toBe('Pause on this site');
    expect(on.errors).toEqual([]);
    await on.popup.close();
    await gov.close();
  });
});
