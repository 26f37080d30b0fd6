/**
 * "Pause on this site" and "Resume", in Chromium with the built extension: the change takes effect
 * at once in every open tab of that host, with no reload, and in no tab of another host.
 *
 * Paused, a tab shows nothing of PolicyLens: no badge, no measure tint, none of the reader's
 * highlights, no count on the toolbar button. Resumed, all of it comes back. The popup, opened for
 * a paused tab, says the site is paused, shows no counts and offers "Resume".
 *
 * Two tabs show pages of www.dalian.gov.cn (the Dalian notice with one annotation, and the Xiamen
 * 2008 notice); a third shows the Xiamen 2008 notice on www.xiamen.gov.cn and must not change.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/annotation/model.ts';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';
import { ask, drawn, logTabs, tabIdOf, waitForLayer, worker } from './panel-helpers.ts';

const HOST = 'www.dalian.gov.cn';
const OTHER_HOST = 'www.xiamen.gov.cn';
const BADGES = '[data-policylens-measure]';
const INSIDE = '提供进出境7×24小时通关保障';

/** What a tab shows of PolicyLens now. */
interface Shown {
  badges: number;
  tints: number;
  highlights: Record<string, string[]>;
  /** The toolbar button's count for the tab. */
  count: string;
}

describe('pause and resume on a site in Chromium', () => {
  let harness: ExtensionHarness;
  let server: PagesServer;
  /** An extension page: sends what the popup sends. */
  let extPage: Page;

  beforeAll(async () => {
    server = await startPagesServer({ dirs: [PAGES_DIR] });
    harness = await launchExtension(undefined, { extraArgs: [GOV_HOST_RULES] });
    await logTabs(harness);
    extPage = await harness.context.newPage();
    await extPage.goto(harness.url('popup.html'));
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  async function open(host: string, path: string): Promise<{ page: Page; tabId: number }> {
    const page = await harness.context.newPage();
    await page.goto(server.url(host, path));
    await waitForLayer(page);
    return { page, tabId: await tabIdOf(harness, server.url(host, path)) };
  }

  async function shown(tab: { page: Page; tabId: number }): Promise<Shown> {
    const [badges, tints, highlights, count] = await Promise.all([
      tab.page.locator(BADGES).count(),
      tab.page.evaluate(() => CSS.highlights.get('policylens-matched')?.size ?? 0),
      drawn(tab.page),
      worker(harness).evaluate(`chrome.action.getBadgeText({ tabId: ${tab.tabId} })`) as Promise<string>,
    ]);
    return { badges, tints, highlights, count };
  }

  it('pausing a host clears every open tab of it at once; resuming brings everything back', async () => {
    const url = server.url(HOST, '/dalian-2023.hans.html');
    const record: Annotation = {
      id: '6a1f0c3e-2b7d-4e59-8c4a-3d5e7f9a1b02',
      page: { url, canonical: null, title: 'Dalian' },
      keys: [url],
      quote: { type: 'TextQuoteSelector', exact: INSIDE, prefix: '', suffix: '' },
      position: null,
      measureId: 'dalian-2023:2.13',
      colour: 'green',
      tags: [],
      note: '',
      status: 'none',
      created: '2026-12-01T00:00:00.000Z',
      updated: '2026-12-01T00:00:00.000Z',
    };
    expect(
      await ask(extPage, 'annotations-import', { records: [record], onConflict: null, skipInvalid: false }),
    ).toMatchObject({ ok: true, written: 1 });

    const dalian = await open(HOST, '/dalian-2023.hans.html');
    const xiamenHere = await open(HOST, '/xiamen-2008.hans.html');
    const elsewhere = await open(OTHER_HOST, '/xiamen-2008.hans.html');
    // One tint per measure (a measure's other blocks are tinted only while its card is open).
    const before = {
      dalian: { badges: 43, tints: 43, highlights: { 'policylens-user-green': [INSIDE] }, count: '43' },
      xiamenHere: { badges: 15, tints: 15, highlights: {}, count: '15' },
      elsewhere: { badges: 15, tints: 15, highlights: {}, count: '15' },
    };
    await expect.poll(() => shown(dalian), { timeout: 15_000 }).toEqual(before.dalian);
    await expect.poll(() => shown(xiamenHere)).toEqual(before.xiamenHere);
    await expect.poll(() => shown(elsewhere)).toEqual(before.elsewhere);

    // Pause, as the popup does it.
    await ask(extPage, 'set-paused', { host: HOST, paused: true });
    const nothing: Shown = { badges: 0, tints: 0, highlights: {}, count: '' };
    await expect.poll(() => shown(dalian), { timeout: 5_000 }).toEqual(nothing);
    await expect.poll(() => shown(xiamenHere), { timeout: 5_000 }).toEqual(nothing);
    // Nothing of ours is left in the page: no host element, no style sheet.
    expect(
      await dalian.page.evaluate(() => ({
        hosts: document.querySelectorAll('policylens-layer').length,
        sheets: document.adoptedStyleSheets.length,
      })),
    ).toEqual({ hosts: 0, sheets: 0 });
    expect(await shown(elsewhere)).toEqual(before.elsewhere);
    // While paused, a page that changes is left alone.
    await dalian.page.evaluate(() => {
      const p = document.createElement('p');
      // Measure-like, and without the annotated phrase (a second copy of it would make the
      // annotation ambiguous, hence an orphan, by design).
      p.textContent = '(四十四)推行“5+2”工作制，工作日延长通关时间，节假日预约通关。';
      document.body.append(p);
    });
    await dalian.page.waitForTimeout(1_000);
    expect(await shown(dalian)).toEqual(nothing);

    // Resume: everything comes back, without a reload (the added paragraph is read too).
    await ask(extPage, 'set-paused', { host: HOST, paused: false });
    await expect.poll(() => shown(xiamenHere), { timeout: 10_000 }).toEqual(before.xiamenHere);
    await expect
      .poll(
        async () => {
          const s = await shown(dalian);
          return { ...s, badges: s.badges >= 43, tints: s.tints >= 43 };
        },
        { timeout: 10_000 },
      )
      .toMatchObject({ badges: true, tints: true, highlights: before.dalian.highlights });
    expect(Number((await shown(dalian)).count)).toBeGreaterThanOrEqual(43);
    expect(await shown(elsewhere)).toEqual(before.elsewhere);
    // Pause and resume again, quickly: the last word wins, and no badge is drawn twice.
    await ask(extPage, 'set-paused', { host: HOST, paused: true });
    await ask(extPage, 'set-paused', { host: HOST, paused: false });
    await expect.poll(() => shown(xiamenHere), { timeout: 10_000 }).toEqual(before.xiamenHere);
    for (const tab of [dalian, xiamenHere, elsewhere]) await tab.page.close();
  });

  it('the popup says a site is paused, shows no counts, and resumes it', async () => {
    const tab = await open(HOST, '/dalian-2023.hans.html?case=popup');
    const popup = await harness.context.newPage();
    const errors: string[] = [];
    popup.on('pageerror', (e) => errors.push(e.message));
    await popup.goto(harness.url(`popup.html?tab=${tab.tabId}`));
    const pause = popup.getByTestId('pause-site');
    await expect.poll(() => pause.textContent(), { timeout: 10_000 }).toBe('Pause on this site');
    expect(await popup.getByTestId('stat-matched').textContent()).toBe('43');
    expect(await popup.getByTestId('popup-paused').count()).toBe(0);

    await pause.click();
    await expect.poll(() => tab.page.locator(BADGES).count(), { timeout: 5_000 }).toBe(0);
    await popup.getByTestId('popup-paused').waitFor();
    expect(await popup.getByTestId('popup-paused').textContent()).toContain('Paused on this site');
    expect(await popup.getByTestId('popup-paused').textContent()).toContain(HOST);
    // Not 0/0/0 as if the page held no measure: no counts while paused.
    expect(await popup.getByTestId('stat-matched').count()).toBe(0);
    expect(await pause.textContent()).toBe('Resume on this site');
    // Opened afresh on the paused tab, the popup says the same.
    await popup.reload();
    await popup.getByTestId('popup-paused').waitFor();

    await popup.getByTestId('pause-site').click();
    await expect.poll(() => tab.page.locator(BADGES).count(), { timeout: 10_000 }).toBe(43);
    await expect.poll(() => popup.getByTestId('stat-matched').textContent()).toBe('43');
    expect(await popup.getByTestId('popup-paused').count()).toBe(0);
    expect(errors).toEqual([]);
    await popup.close();
    await tab.page.close();
  });
});
