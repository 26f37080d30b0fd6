/**
 * The store and the background's annotation side in Chromium with the built extension, for what
 * only a real browser can say:
 * - the keyboard commands get the keys they suggest (Chromium leaves a command without a key when
 *   the key is taken);
 * - a click in an extension page reaches the background's handler with its user gesture, so the
 *   side panel opens; the same message without a click does not open it;
 * - a write in the MV3 service worker reaches extension pages on both BroadcastChannels: Dexie's
 *   own (`liveQuery` in a page refreshes) and ours (ids and page keys);
 * - the page's own origin sees no PolicyLens database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Annotation } from '../../lib/annotation/model.ts';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';

/** The part of `chrome` these tests call inside the browser (types only: erased before it runs). */
interface ChromeApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  commands: { getAll(): Promise<Array<{ name?: string; shortcut?: string }>> };
  tabs: { getCurrent(): Promise<{ id?: number } | undefined> };
}
type WithChrome = { chrome: ChromeApi };

const RECORD: Annotation = {
  id: '0b7c2a6e-3f1d-4c59-9a8e-2d4f6b1c9e01',
  page: { url: 'https://www.dalian.gov.cn/dalian-2023.hans.html', canonical: null, title: '大连海关' },
  keys: ['https://www.dalian.gov.cn/dalian-2023.hans.html'],
  quote: { type: 'TextQuoteSelector', exact: '提供进出境7×24小时通关保障', prefix: '', suffix: '' },
  position: null,
  measureId: 'dalian-2023:2.13',
  colour: 'green',
  tags: ['5+2'],
  note: 'private note',
  status: 'todo',
  created: '2026-12-01T00:00:00.000Z',
  updated: '2026-12-01T00:00:00.000Z',
};

describe('store and annotation messages in Chromium', () => {
  let harness: ExtensionHarness;
  let server: PagesServer;

  beforeAll(async () => {
    server = await startPagesServer({ dirs: [PAGES_DIR] });
    harness = await launchExtension(undefined, { extraArgs: [GOV_HOST_RULES] });
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  /** Opens an extension page and collects its uncaught errors. */
  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    const page = await harness.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(harness.url(path));
    return { page, errors };
  }

  /** Sends a page-to-background message from an extension page. */
  function ask(page: Page, type: string, data: unknown): Promise<unknown> {
    return page.evaluate(
      ([t, d]) =>
        (globalThis as unknown as WithChrome).chrome.runtime.sendMessage({
          policylens: 1,
          direction: 'page-to-background',
          type: t,
          data: d,
        }),
      [type, data] as const,
    );
  }

  it('Chromium assigns the suggested keys of both new commands', async () => {
    const commands = await harness.serviceWorker.evaluate(() =>
      (globalThis as unknown as WithChrome).chrome.commands.getAll(),
    );
    const key = (name: string) => commands.find((c) => c.name === name)?.shortcut;
    expect(key('annotate-selection')).toBe('Alt+Shift+H');
    expect(key('open-side-panel')).toBe('Alt+Shift+K');
  });

  it('a click in an extension page opens the side panel through the background; no click, no panel', async () => {
    const { page, errors } = await open('sidepanel.html');
    // The panel opens for a tab: this page's own (any tab will do).
    const tabId = await page.evaluate(
      async () => (await (globalThis as unknown as WithChrome).chrome.tabs.getCurrent())?.id,
    );
    expect(typeof tabId).toBe('number');
    // Without a user gesture: refused by Chrome, answered as ok:false. (Playwright's evaluate
    // itself counts as a gesture, for Chrome's 5 s of transient activation: send it later.)
    await page.evaluate(`setTimeout(() => {
      chrome.runtime
        .sendMessage({ policylens: 1, direction: 'page-to-background', type: 'open-side-panel', data: { tabId: ${tabId}, annotationId: null } })
        .then((r) => { window.__late = r; });
    }, 6000)`);
    // No evaluate meanwhile: each one would be a fresh gesture.
    await page.waitForTimeout(7_000);
    expect(await page.evaluate(() => (window as { __late?: unknown }).__late)).toEqual({ ok: false });
    // With one: a button whose click sends the same message (a string, so that no bundler helper
    // leaks into the page).
    await page.evaluate(`(() => {
      const b = document.createElement('button');
      b.id = 'open';
      b.textContent = 'open';
      document.body.append(b);
      b.addEventListener('click', () => {
        chrome.runtime
          .sendMessage({ policylens: 1, direction: 'page-to-background', type: 'open-side-panel', data: { tabId: ${tabId}, annotationId: null } })
          .then((r) => { window.__opened = r; });
      });
    })()`);
    await page.click('#open');
    await expect
      .poll(() => page.evaluate(() => (window as { __opened?: unknown }).__opened))
      .toEqual({ ok: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a write in the service worker reaches extension pages on Dexie’s channel and on ours', async () => {
    const { page, errors } = await open('sidepanel.html');
    await page.evaluate(`(() => {
      window.__heard = [];
      for (const name of ['policylens-annotations', 'x-storagemutated-1']) {
        const ch = new BroadcastChannel(name);
        ch.onmessage = (e) => window.__heard.push({ name, data: e.data });
      }
    })()`);
    const r = await ask(page, 'annotations-import', {
      records: [RECORD],
      onConflict: null,
      skipInvalid: false,
    });
    expect(r).toEqual({ ok: true, written: 1, kept: 0, refused: [] });
    type Heard = Array<{ name: string; data: Record<string, unknown> }>;
    const heard = () => page.evaluate(() => (window as unknown as { __heard: Heard }).__heard);
    await expect
      .poll(async () => (await heard()).map((h) => h.name).sort())
      .toContain('policylens-annotations');
    const all = await heard();
    expect(all.find((h) => h.name === 'policylens-annotations')?.data).toEqual({
      kind: 'import',
      ids: [RECORD.id],
      keys: RECORD.keys,
    });
    // Dexie's notice names the table's key ranges that changed: what liveQuery subscribers check.
    expect(
      all.some((h) => h.name === 'x-storagemutated-1' && 'idb://policylens/annotations/' in h.data),
    ).toBe(true);

    // The record round-trips through the service worker's store, and search finds it.
    expect(await ask(page, 'annotation-get', { id: RECORD.id })).toEqual(RECORD);
    const found = (await ask(page, 'annotations-search', { text: '通關保障', script: 'Hant' })) as {
      hits: Array<{ kind: string; id: string }>;
    };
    expect(found.hits.some((h) => h.kind === 'annotation' && h.id === RECORD.id)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('tabs.query hides a gov.cn tab’s URL, while its content script’s messages carry it', async () => {
    // Why the background keeps its own tab → page registry (TabPages) for change notices.
    await harness.serviceWorker.evaluate(`(() => {
      globalThis.__senders = [];
      chrome.runtime.onMessage.addListener((m, s) => {
        globalThis.__senders.push({ type: m && m.type, tabId: s.tab && s.tab.id, tabUrl: s.tab && s.tab.url });
      });
    })()`);
    const web = await harness.context.newPage();
    const url = server.url('www.dalian.gov.cn', '/dalian-2023.hans.html');
    await web.goto(url);
    type Seen = Array<{ type: string; tabId: number; tabUrl?: string }>;
    const seen = () => harness.serviceWorker.evaluate(`globalThis.__senders`) as Promise<Seen>;
    await expect.poll(async () => (await seen()).length).toBeGreaterThan(0);
    const first = (await seen())[0];
    expect(first?.tabUrl).toBe(url);
    const queried = (await harness.serviceWorker.evaluate(
      `chrome.tabs.query({}).then((ts) => ts.map((t) => ({ id: t.id, url: t.url })))`,
    )) as Array<{ id: number; url?: string }>;
    expect(queried.find((t) => t.id === first?.tabId)).toEqual({ id: first?.tabId });
    await web.close();
  });

  it('a click on a note marker in the page opens the side panel at that annotation', async () => {
    const web = await harness.context.newPage();
    const url = server.url('www.dalian.gov.cn', '/dalian-2023.hans.html');
    const { page } = await open('popup.html');
    const record: Annotation = {
      ...RECORD,
      id: '5e9f1d2c-7a4b-4e3c-8d2f-1a6b9c0e7f02',
      page: { url, canonical: null, title: 'Dalian' },
      keys: [url],
      quote: { type: 'TextQuoteSelector', exact: '提供进出境7×24小时通关保障', prefix: '', suffix: '' },
    };
    expect(
      await ask(page, 'annotations-import', { records: [record], onConflict: null, skipInvalid: false }),
    ).toMatchObject({
      ok: true,
      written: 1,
    });
    await web.goto(url);
    const marker = web.locator(`[data-policylens-annotation="${record.id}"]`);
    await marker.waitFor({ timeout: 15_000 });
    await marker.click();
    // The content script's click reached the background with its gesture: the panel opened, and
    // was told which annotation to show.
    await expect
      .poll(() => page.evaluate(`chrome.storage.session.get('sidePanelFocus')`))
      .toMatchObject({ sidePanelFocus: { annotationId: record.id } });
    const cdp = await harness.context.newCDPSession(page);
    const { targetInfos } = await cdp.send('Target.getTargets');
    await cdp.detach();
    expect(targetInfos.some((t) => t.url === harness.url('sidepanel.html'))).toBe(true);
    expect(await ask(page, 'annotation-delete', { id: record.id })).toMatchObject({ ok: true });
    await page.close();
    await web.close();
  });

  it('a tab hears what an extension page changes, across a service worker restart', async () => {
    /** The user highlights the content script drew: CSS highlight name → texts. */
    const drawn = (page: Page) =>
      page.evaluate(`(() => {
        const out = {};
        for (const [name, h] of CSS.highlights) {
          if (name.startsWith('policylens-user-') && h.size > 0) out[name] = [...h].map((r) => r.toString());
        }
        return out;
      })()`);
    const web = await harness.context.newPage();
    await web.goto(server.url('www.dalian.gov.cn', '/dalian-2023.hans.html'));
    // The layer is up once the measures are tinted.
    await expect
      .poll(() => web.evaluate(`CSS.highlights.get('policylens-matched')?.size ?? 0`), { timeout: 15_000 })
      .toBeGreaterThan(0);
    // Select ten characters of measure (十三) and press the toolbar's green swatch.
    await web.evaluate(`(() => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.data.indexOf('7×24小时通关保障');
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 10);
        getSelection().removeAllRanges();
        getSelection().addRange(r);
        return;
      }
    })()`);
    await web.locator('[data-policylens-toolbar] button[data-colour="green"]').click();
    await expect.poll(() => drawn(web)).toEqual({ 'policylens-user-green': ['7×24小时通关保障'] });

    const { page } = await open('sidepanel.html');
    const list = (await ask(page, 'annotations-list', { keys: null, after: null, limit: 10 })) as {
      items: Annotation[];
    };
    const mine = list.items.find((a) => a.quote.exact === '7×24小时通关保障');
    expect(mine).toMatchObject({ colour: 'green', measureId: 'dalian-2023:2.13', note: '' });

    // The service worker stops (as when idle); the next message starts a fresh one, which still
    // knows which tab shows the page (storage.session). harness.serviceWorker is stale from here.
    const cdp = await harness.context.newCDPSession(page);
    const stopped = new Promise<void>((resolve) => {
      cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
        const ours = e.versions.filter((v) => v.scriptURL.includes(harness.extensionId));
        if (ours.length > 0 && ours.every((v) => v.runningStatus === 'stopped')) resolve();
      });
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stopped;
    await cdp.detach();
    const updated = await ask(page, 'annotation-update', {
      id: mine?.id,
      patch: { colour: 'pink', note: 'n' },
    });
    expect(updated).toMatchObject({ ok: true });
    await expect.poll(() => drawn(web)).toEqual({ 'policylens-user-pink': ['7×24小时通关保障'] });
    expect(await ask(page, 'annotation-delete', { id: mine?.id })).toMatchObject({ ok: true });
    await expect.poll(() => drawn(web)).toEqual({});
    await page.close();
    await web.close();
  });

  it('the annotated page’s own origin sees no PolicyLens database', async () => {
    const web = await harness.context.newPage();
    await web.goto(server.url('www.dalian.gov.cn', '/dalian-2023.hans.html'));
    const names = await web.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(names).not.toContain('policylens');
    const { page } = await open('sidepanel.html');
    const ours = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(ours).toContain('policylens');
    await page.close();
    await web.close();
  });
});
