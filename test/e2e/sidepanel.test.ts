/**
 * The side panel in Chromium with the built extension, doing what a reader does: annotate with the
 * keyboard command, edit a note and see it in another tab and another panel without reloading,
 * delete and undo, re-attach an orphan after the page changed, search across scripts with a
 * filter, switch how measures are marked, and open results. Plus the hostile cases: a note, tags
 * and a page title full of markup render inert, and a write refused for quota keeps the draft.
 *
 * The panel is opened as a tab (`sidepanel.html?tab=<id>`: a tab is not Chrome's side panel, so it
 * is told which tab to show). Every test uses a page of its own (`?case=…`: another page key), so
 * the tests share one browser and one database without seeing each other's annotations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/annotation/model.ts';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';
import {
  annotateText,
  ask,
  drawn,
  logTabs,
  openPanel,
  selectText,
  tabIdOf,
  waitForLayer,
  worker,
} from './panel-helpers.ts';

const HOST = 'www.dalian.gov.cn';
const DALIAN = readFileSync(join(PAGES_DIR, 'dalian-2023.hans.html'), 'utf8');
/** The Dalian page's first paragraph (the preamble), which the "revised" page rewrites. */
const PREAMBLE = /<p>为进一步打造[^<]*<\/p>/u;
const OLD_PHRASE = '聚焦“企业所需”“群众所盼”';
const NEW_PHRASE = '本页已更新，原导语改为这一句新的说明文字';

describe('side panel in Chromium', () => {
  let harness: ExtensionHarness;
  let server: PagesServer;
  /** Which version of `/_e2e/revised.html` the server sends. */
  let revision: 'before' | 'after' = 'before';
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await startPagesServer({
      dirs: [PAGES_DIR],
      made: (path) => {
        if (path !== '/_e2e/revised.html') return null;
        return revision === 'before' ? DALIAN : DALIAN.replace(PREAMBLE, `<p>${NEW_PHRASE}。</p>`);
      },
    });
    harness = await launchExtension(undefined, { extraArgs: [GOV_HOST_RULES] });
    await logTabs(harness);
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  /** Opens a fixture page and waits for the layer. */
  async function web(path: string): Promise<Page> {
    const page = await harness.context.newPage();
    pages.push(page);
    await page.goto(server.url(HOST, path));
    await waitForLayer(page);
    return page;
  }

  /** Whether focus is on the element. */
  const focused = (l: Locator) => l.evaluate((el) => el === document.activeElement).catch(() => false);

  /** The panel's item for an annotation. */
  const item = (panel: Page, id: string) =>
    panel.locator(`[data-testid="annotation"][data-annotation-id="${id}"]`);

  /** The annotations stored for a page URL (through the background). */
  async function storedFor(page: Page, url: string): Promise<Annotation[]> {
    const list = (await ask(page, 'annotations-list', { keys: [url], after: null, limit: null })) as {
      items: Annotation[];
    };
    return list.items;
  }

  it('annotates with the keyboard command; after a reload the highlight is drawn again', async () => {
    const path = '/dalian-2023.hans.html?case=command';
    const url = server.url(HOST, path);
    const page = await web(path);
    await selectText(page, '7×24小时通关保障');
    // First the real key. Chromium does not route synthetic (CDP) key events to extension command
    // accelerators, headless or not (checked with Chromium 156: nothing happens), so when no
    // highlight appears the command is dispatched the closest real way there is: the service
    // worker's own `commands.onCommand` event, with the page's tab, which runs the listener the
    // browser runs on the key press (bg.onCommand → annotate-selection to the tab).
    await page.bringToFront();
    await page.keyboard.press('Alt+Shift+H');
    const byKey = await page
      .waitForFunction(`(CSS.highlights.get('policylens-user-yellow')?.size ?? 0) > 0`, undefined, {
        timeout: 1_500,
      })
      .then(
        () => true,
        () => false,
      );
    if (!byKey) {
      const tabId = await tabIdOf(harness, url);
      await worker(harness).evaluate(
        `chrome.commands.onCommand.dispatch('annotate-selection', { id: ${tabId}, index: 0, windowId: -1, active: true })`,
      );
    }
    const expected = { 'policylens-user-yellow': ['7×24小时通关保障'] };
    await expect.poll(() => drawn(page)).toEqual(expected);
    const { panel } = await openPanel(harness, null);
    const stored = await storedFor(panel, url);
    expect(stored.map((a) => [a.quote.exact, a.colour, a.measureId])).toEqual([
      ['7×24小时通关保障', 'yellow', 'dalian-2023:2.13'],
    ]);
    await panel.close();

    await page.reload();
    await waitForLayer(page);
    await expect.poll(() => drawn(page), { timeout: 10_000 }).toEqual(expected);
  });

  it('a note edited in the panel shows in a second tab of the page and in another panel, without reload', async () => {
    const path = '/dalian-2023.hans.html?case=note';
    const url = server.url(HOST, path);
    const one = await web(path);
    // The same page under another spelling of its URL (a tracking parameter): one page key.
    const two = await web(`${path}&utm_source=wechat`);
    await annotateText(one, '提前申报', 'blue');
    await expect.poll(() => drawn(one)).toEqual({ 'policylens-user-blue': ['提前申报'] });
    await expect.poll(() => drawn(two)).toEqual({ 'policylens-user-blue': ['提前申报'] });

    const tabId = await tabIdOf(harness, url);
    const { panel: a, errors: errorsA } = await openPanel(harness, tabId);
    const { panel: b, errors: errorsB } = await openPanel(harness, tabId);
    const [record] = await storedFor(a, url);
    if (!record) throw new Error('the annotation was not stored');
    const id = record.id;
    expect(await a.getByTestId('page-title').textContent()).toContain('大连海关');
    await item(a, id).waitFor();
    await item(b, id).waitFor();
    expect(await item(a, id).getAttribute('data-state')).toBe('anchored');
    // No marker before there is a note.
    expect(await two.locator(`[data-policylens-annotation="${id}"]`).count()).toBe(0);

    // Keyboard only: focus the editor button, Enter, type, Ctrl+Enter.
    await item(a, id).getByTestId('note-edit').focus();
    await a.keyboard.press('Enter');
    const input = item(a, id).getByTestId('note-input');
    await expect.poll(() => focused(input)).toBe(true);
    await a.keyboard.type('**保税** warehouse: ask 大连海关 first');
    // The preview renders as the reader types.
    await expect
      .poll(() => item(a, id).locator('[data-testid="note-preview"] strong').textContent())
      .toBe('保税');
    await a.keyboard.press('Control+Enter');
    await item(a, id).getByTestId('note').waitFor();
    expect(await item(a, id).getByTestId('note-input').count()).toBe(0);

    // The other tab of the page shows the note marker, and the other panel the note: no reload.
    await two.locator(`[data-policylens-annotation="${id}"]`).waitFor({ timeout: 10_000 });
    await expect
      .poll(() =>
        item(b, id)
          .locator('[data-testid="note"] strong')
          .textContent()
          .catch(() => null),
      )
      .toBe('保税');
    expect((await storedFor(a, url))[0]?.note).toBe('**保税** warehouse: ask 大连海关 first');

    // Colour, status and tags from the keyboard too; the page follows the colour.
    await item(a, id).locator('input[data-colour="blue"]').focus();
    await a.keyboard.press('ArrowRight'); // the next colour: pink
    await expect.poll(() => drawn(two)).toEqual({ 'policylens-user-pink': ['提前申报'] });
    await item(a, id).getByTestId('status').selectOption('todo');
    await item(a, id).getByTestId('tag-input').fill('申报, 大连');
    await item(a, id).getByTestId('tag-input').press('Enter');
    await expect.poll(() => item(b, id).getByTestId('tag').allTextContents()).toEqual(['申报×', '大连×']);
    expect((await storedFor(b, url))[0]).toMatchObject({
      colour: 'pink',
      status: 'todo',
      tags: ['申报', '大连'],
    });
    // Existing tags are suggested to other annotations, not to this one.
    expect(await item(a, id).locator('[data-testid="tag-suggestions"] option').count()).toBe(0);

    // A click on the page's marker opens the panel at this annotation's note editor.
    await one.bringToFront();
    await one.locator(`[data-policylens-annotation="${id}"]`).click();
    await expect
      .poll(() =>
        item(a, id)
          .getByTestId('note-input')
          .evaluate((el) => el === document.activeElement)
          .catch(() => false),
      )
      .toBe(true);
    expect(errorsA).toEqual([]);
    expect(errorsB).toEqual([]);
    await a.close();
    await b.close();
  });

  it('delete and undo (the toast’s button, and Ctrl+Z)', async () => {
    const path = '/dalian-2023.hans.html?case=delete';
    const url = server.url(HOST, path);
    const page = await web(path);
    await annotateText(page, '全天候', 'green');
    await expect.poll(() => drawn(page)).toEqual({ 'policylens-user-green': ['全天候'] });
    const { panel, errors } = await openPanel(harness, await tabIdOf(harness, url));
    const [record] = await storedFor(panel, url);
    if (!record) throw new Error('the annotation was not stored');
    const id = record.id;
    await item(panel, id).waitFor();

    await item(panel, id).getByTestId('delete').click();
    await panel.getByTestId('toast').waitFor();
    await expect.poll(() => item(panel, id).count()).toBe(0);
    await expect.poll(() => drawn(page)).toEqual({});
    expect(await storedFor(panel, url)).toEqual([]);
    // Focus is on Undo, so Enter (or a click) brings it back.
    expect(await panel.getByTestId('undo').evaluate((el) => el === document.activeElement)).toBe(true);
    await panel.keyboard.press('Enter');
    await item(panel, id).waitFor();
    await expect.poll(() => drawn(page)).toEqual({ 'policylens-user-green': ['全天候'] });
    expect((await storedFor(panel, url)).map((a) => [a.id, a.created])).toEqual([[id, record.created]]);
    expect(await panel.getByTestId('toast').count()).toBe(0);
    // Focus went to the annotation that came back.
    expect(await item(panel, id).evaluate((el) => el === document.activeElement)).toBe(true);

    // Ctrl+Z, outside any text field, undoes a delete too.
    await item(panel, id).getByTestId('delete').click();
    await expect.poll(() => item(panel, id).count()).toBe(0);
    await panel.locator('h1').click();
    await panel.keyboard.press('Control+z');
    await item(panel, id).waitFor();
    await expect.poll(() => drawn(page)).toEqual({ 'policylens-user-green': ['全天候'] });
    expect(errors).toEqual([]);
    await panel.close();
  });

  it('an annotation orphaned by a changed page is listed with its quote and re-attached to new text', async () => {
    const path = '/_e2e/revised.html';
    const url = server.url(HOST, path);
    revision = 'before';
    const page = await web(path);
    await annotateText(page, OLD_PHRASE, 'orange');
    await expect.poll(() => drawn(page)).toEqual({ 'policylens-user-orange': [OLD_PHRASE] });

    revision = 'after';
    await page.reload();
    await waitForLayer(page);
    const { panel, errors } = await openPanel(harness, await tabIdOf(harness, url));
    const [record] = await storedFor(panel, url);
    if (!record) throw new Error('the annotation was not stored');
    const orphan = panel.locator(`[data-testid="orphans"] [data-annotation-id="${record.id}"]`);
    await orphan.waitFor({ timeout: 10_000 });
    expect(await orphan.getAttribute('data-state')).toBe('orphan');
    expect(await orphan.getByTestId('annotation-quote').textContent()).toBe(OLD_PHRASE);
    expect(await drawn(page)).toEqual({});

    // Without a selection: told what to do.
    await page.evaluate(() => getSelection()?.removeAllRanges());
    await orphan.getByTestId('reattach').click();
    await expect
      .poll(() => orphan.getByTestId('reattach-error').getAttribute('data-error'))
      .toBe('no-selection');

    await selectText(page, NEW_PHRASE);
    await orphan.getByTestId('reattach').click();
    const placed = panel.locator(`[data-testid="annotations"] [data-annotation-id="${record.id}"]`);
    await placed.waitFor({ timeout: 10_000 });
    await expect.poll(() => drawn(page)).toEqual({ 'policylens-user-orange': [NEW_PHRASE] });
    expect(await panel.getByTestId('orphans').count()).toBe(0);
    const [after] = await storedFor(panel, url);
    expect(after?.quote.exact).toBe(NEW_PHRASE);
    expect(after?.id).toBe(record.id);
    expect(errors).toEqual([]);
    await panel.close();
  });

  it('notes, tags and page titles full of markup render inert', async () => {
    const path = '/dalian-2023.hans.html?case=xss';
    const url = server.url(HOST, path);
    const payload = 'window.__pwned = (window.__pwned || 0) + 1';
    const record: Annotation = {
      id: '7d1c0b4e-2f3a-4b5c-9d8e-0a1b2c3d4e5f',
      page: {
        url,
        canonical: null,
        title: `<img src=x onerror="${payload}">标题<script>${payload}</script>`,
      },
      keys: [url],
      quote: { type: 'TextQuoteSelector', exact: '实施出口大米“跨区直通”', prefix: '', suffix: '' },
      position: null,
      measureId: null,
      colour: 'yellow',
      tags: [`<img src=x onerror="${payload}">`, '<b>粗体</b>', '" onmouseover="alert(1)'],
      note: [
        `<script>${payload}</script>`,
        `<img src=x onerror="${payload}">`,
        `[click me](javascript:${payload})`,
        `[data](data:text/html,<script>${payload}</script>)`,
        '<a href="javascript:alert(1)">raw link</a>',
        '<svg onload="alert(1)"></svg>',
        '[fine](https://example.org/a)',
      ].join('\n\n'),
      status: 'none',
      created: '2026-12-01T00:00:00.000Z',
      updated: '2026-12-01T00:00:00.000Z',
    };
    const page = await web(path);
    const { panel, errors } = await openPanel(harness, await tabIdOf(harness, url));
    expect(
      await ask(panel, 'annotations-import', { records: [record], onConflict: null, skipInvalid: false }),
    ).toMatchObject({
      ok: true,
      written: 1,
    });
    const card = item(panel, record.id);
    await card.getByTestId('note').waitFor({ timeout: 10_000 });
    // Markup stays text: in the note, the tags and the title.
    expect(await card.getByTestId('note').textContent()).toContain(`<script>${payload}</script>`);
    expect(await card.getByTestId('note').textContent()).toContain(
      '<a href="javascript:alert(1)">raw link</a>',
    );
    expect(await card.getByTestId('tag').allTextContents()).toEqual([
      `<img src=x onerror="${payload}">×`,
      '<b>粗体</b>×',
      '" onmouseover="alert(1)×',
    ]);
    /** What the panel's DOM holds that could run or load something. */
    const inert = () =>
      panel.evaluate(() => {
        const app = document.getElementById('app') as HTMLElement;
        const all = [...app.querySelectorAll('*')];
        return {
          pwned: (window as { __pwned?: number }).__pwned ?? null,
          onAttributes: all.flatMap((el) =>
            [...el.attributes].filter((a) => /^on/iu.test(a.name)).map((a) => a.name),
          ),
          badLinks: [...app.querySelectorAll('[href], [src], [action], [formaction]')].filter(
            (el) => !/^https?:\/\//iu.test(el.getAttribute('href') ?? ''),
          ).length,
          embedded: app.querySelectorAll('img, script, svg, iframe, object, embed, style, link').length,
          links: [...app.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.getAttribute('rel')]),
        };
      });
    // Only the http(s) link is a link, and it opens without a way back to the panel.
    const safe = {
      pwned: null,
      onAttributes: [],
      badLinks: 0,
      embedded: 0,
      links: [['https://example.org/a', 'noopener noreferrer']],
    };
    await panel.waitForTimeout(300); // an onerror would have fired by now
    expect(await inert()).toEqual(safe);

    // The editor's live preview renders it the same way.
    await card.getByTestId('note-edit').click();
    await card.getByTestId('note-preview').waitFor();
    expect(await card.getByTestId('note-preview').textContent()).toContain(`<script>${payload}</script>`);
    // The search result shows the page title as text.
    await panel.getByTestId('section-all').click();
    await panel.getByTestId('search').fill('标题');
    const result = panel.locator(`[data-testid="result"][data-id="${record.id}"]`);
    await result.waitFor();
    // (A snippet of it: the part around the match.)
    expect(await result.textContent()).toContain(`">标题<script>${payload}</script>`);
    await panel.waitForTimeout(300);
    expect(await inert()).toEqual(safe);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned ?? null)).toBeNull();
    expect(errors).toEqual([]);
    expect(await ask(panel, 'annotation-delete', { id: record.id })).toMatchObject({ ok: true });
    await panel.close();
  });

  it('a save refused for quota keeps the draft and says why; once there is room, Retry saves it', async () => {
    const path = '/dalian-2023.hans.html?case=quota';
    const url = server.url(HOST, path);
    const page = await web(path);
    await annotateText(page, '附条件提离', 'yellow');
    await expect.poll(() => drawn(page)).toEqual({ 'policylens-user-yellow': ['附条件提离'] });
    const tabId = await tabIdOf(harness, url);
    let { panel, errors } = await openPanel(harness, tabId);
    const [record] = await storedFor(panel, url);
    if (!record) throw new Error('the annotation was not stored');
    const id = record.id;

    // A real quota first: DevTools' per-origin override. The extension holds unlimitedStorage,
    // which exempts its origin from the quota, so Chromium ignores the override for its IndexedDB
    // (checked with Chromium 156: 20 MB written under a 1,000-byte override). Then the error is
    // injected where IndexedDB raises it: the panel's IDBObjectStore put/add throw the browser's
    // own QuotaExceededError (a DOMException), with no hook in the product's code.
    const cdp = await harness.context.newCDPSession(panel);
    const origin = `chrome-extension://${harness.extensionId}`;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    const realQuota = await panel.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open('quota-probe', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('s');
          open.onerror = () => resolve(false);
          open.onsuccess = () => {
            const tx = open.result.transaction('s', 'readwrite');
            tx.objectStore('s').put('x'.repeat(1_000_000), 'k');
            tx.oncomplete = () => resolve(false);
            tx.onabort = () => resolve(tx.error?.name === 'QuotaExceededError');
          };
        }),
    );
    const full = async (on: boolean): Promise<void> => {
      if (realQuota) {
        await cdp.send('Storage.overrideQuotaForOrigin', on ? { origin, quotaSize: 1 } : { origin });
        return;
      }
      // A string, so that no bundler helper leaks into the page.
      await panel.evaluate(`(() => {
        window.__full = ${on};
        if (window.__patched) return;
        window.__patched = true;
        for (const name of ['put', 'add']) {
          const original = IDBObjectStore.prototype[name];
          IDBObjectStore.prototype[name] = function (...args) {
            if (window.__full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            return original.apply(this, args);
          };
        }
      })()`);
    };
    if (!realQuota) await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await full(true);

    const card = item(panel, id);
    await card.getByTestId('note-edit').click();
    await expect.poll(() => focused(card.getByTestId('note-input'))).toBe(true);
    const text = 'Draft written while the disk is full: 附条件提离 needs a bond.';
    await card.getByTestId('note-input').fill(text);
    await card.getByTestId('note-save').click();
    const error = card.getByTestId('note-error');
    await error.waitFor();
    expect(await error.getAttribute('data-error')).toBe('quota');
    expect(await error.textContent()).toContain('storage is full');
    expect(await card.getByTestId('note-input').inputValue()).toBe(text);
    expect((await storedFor(panel, url))[0]?.note).toBe('');

    // Room again: Retry saves what is in the editor.
    await full(false);
    await card.getByTestId('note-error-retry').click();
    await card.getByTestId('note').waitFor();
    expect(await card.getByTestId('note-error').count()).toBe(0);
    expect((await storedFor(panel, url))[0]?.note).toBe(text);
    await cdp.detach();
    expect(errors).toEqual([]);

    // Refused again, then the panel is closed: the draft outlives it and comes back in the editor.
    await full(true);
    await card.getByTestId('note-edit').click();
    await expect.poll(() => focused(card.getByTestId('note-input'))).toBe(true);
    await card.getByTestId('note-input').fill(`${text} Second thoughts.`);
    await card.getByTestId('note-save').click();
    await card.getByTestId('note-error').waitFor();
    await panel.close();
    if (realQuota) {
      const again = await harness.context.newCDPSession(page);
      await again.send('Storage.overrideQuotaForOrigin', { origin });
      await again.detach();
    }
    ({ panel, errors } = await openPanel(harness, tabId));
    const back = item(panel, id);
    await back.getByTestId('note-input').waitFor();
    expect(await back.getByTestId('note-input').inputValue()).toBe(`${text} Second thoughts.`);
    await back.getByTestId('note-save').click();
    await back.getByTestId('note').waitFor();
    expect((await storedFor(panel, url))[0]?.note).toBe(`${text} Second thoughts.`);
    expect(errors).toEqual([]);
    await panel.close();
  });

  it('search: a Traditional query finds Simplified annotations, a filter narrows them, results open', async () => {
    const base = server.url(HOST, '/dalian-2023.hans.html?case=search');
    const make = (n: number, colour: Annotation['colour'], exact: string): Annotation => ({
      id: `3f2b1c4d-5e6f-4a7b-8c9d-${String(n).padStart(12, '0')}`,
      page: { url: base, canonical: null, title: '大连海关惠企措施' },
      keys: [base],
      quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
      position: null,
      measureId: null,
      colour,
      tags: ['申报'],
      note: '',
      status: 'relevant',
      created: `2026-12-0${n}T00:00:00.000Z`,
      updated: `2026-12-0${n}T00:00:00.000Z`,
    });
    const green = make(1, 'green', '推广“提前申报”“两步申报”');
    const blue = make(2, 'blue', '提前申报');
    const { panel, errors } = await openPanel(harness, null);
    expect(
      await ask(panel, 'annotations-import', {
        records: [green, blue],
        onConflict: null,
        skipInvalid: false,
      }),
    ).toMatchObject({ ok: true, written: 2 });

    // `/` jumps to the search box from anywhere outside a text field.
    await panel.locator('h1').click();
    await panel.keyboard.press('/');
    expect(await panel.getByTestId('search').evaluate((el) => el === document.activeElement)).toBe(true);
    await panel.keyboard.type('提前申報');
    const results = panel.getByTestId('result');
    const ids = () =>
      results.evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-id')}`),
      );
    await expect.poll(ids).toContain(`annotation:${green.id}`);
    expect(await ids()).toContain(`annotation:${blue.id}`);
    expect((await ids()).some((x) => x.startsWith('measure:'))).toBe(true);
    // The Simplified text is shown as stored, the match marked.
    expect(await panel.locator(`[data-id="${blue.id}"] mark`).allTextContents()).toEqual(['提前申报']);

    await panel.getByTestId('filter-colour').selectOption('green');
    await expect.poll(ids).toEqual([`annotation:${green.id}`]);
    await panel.getByTestId('filter-colour').selectOption('');
    await panel.getByTestId('filter-kind').selectOption('measure');
    await expect.poll(async () => (await ids()).every((x) => x.startsWith('measure:'))).toBe(true);
    await panel.getByTestId('filter-kind').selectOption('');

    // An annotation result opens its page and flashes the passage once it is anchored there.
    const opened = harness.context.waitForEvent('page');
    await panel.locator(`[data-testid="result"][data-id="${blue.id}"]`).click();
    const page = await opened;
    pages.push(page);
    await page.waitForURL(base);
    await expect
      .poll(
        () => page.evaluate(`[...(CSS.highlights.get('policylens-flash') ?? [])].map((r) => r.toString())`),
        {
          timeout: 15_000,
          interval: 100,
        },
      )
      .toEqual(['提前申报']);

    // A measure result opens the library at the measure, reusing one library tab.
    await panel.bringToFront();
    await panel.getByTestId('search').fill('全天候');
    const measure = panel.locator('[data-testid="result"][data-kind="measure"]');
    await measure.first().waitFor();
    const first = await measure.first().getAttribute('data-id');
    const library = harness.context.waitForEvent('page');
    await measure.first().click();
    const lib = await library;
    await lib.waitForURL(/library\.html#measure=/u);
    await expect.poll(() => lib.getByTestId('library-measure').getAttribute('data-measure-id')).toBe(first);
    const second = await measure.nth(1).getAttribute('data-id');
    const tabsBefore = harness.context.pages().length;
    await measure.nth(1).click();
    await expect.poll(() => lib.getByTestId('library-measure').getAttribute('data-measure-id')).toBe(second);
    expect(harness.context.pages().length).toBe(tabsBefore);
    await lib.close();
    expect(errors).toEqual([]);
    for (const r of [green, blue]) await ask(panel, 'annotation-delete', { id: r.id });
    await panel.close();
  });

  it('settings: the tint mode changes the page at once; the shortcuts are listed; persistence is shown', async () => {
    const path = '/dalian-2023.hans.html?case=settings';
    const page = await web(path);
    const { panel, errors } = await openPanel(harness, await tabIdOf(harness, server.url(HOST, path)));
    /** The layer's measure rule, read from the style sheets adopted into the page. */
    const rule = () =>
      page.evaluate(() =>
        [...document.adoptedStyleSheets]
          .flatMap((s) => [...s.cssRules].map((r) => r.cssText))
          .filter((t) => t.includes('::highlight(policylens-matched)') && !t.startsWith('@media'))
          .join('\n'),
      );
    expect(await rule()).toContain('text-decoration');
    await panel.getByTestId('section-settings').click();
    await panel.locator('input[data-tint="tint"]').check();
    await expect.poll(rule).toContain('background-color');
    await panel.locator('input[data-tint="badges"]').check();
    await expect.poll(rule).toBe('');
    // The measures are still recognised: only their marks changed.
    expect(await page.evaluate(`CSS.highlights.get('policylens-matched')?.size ?? 0`)).toBeGreaterThan(0);
    await panel.locator('input[data-tint="underline"]').check();
    await expect.poll(rule).toContain('text-decoration');

    // "Print my highlights": the page's print rule for the reader's highlights goes, and comes back.
    await annotateText(page, '全天候', 'pink');
    const hidesOnPrint = () =>
      page.evaluate(() =>
        [...document.adoptedStyleSheets]
          .flatMap((s) => [...s.cssRules].map((r) => r.cssText))
          .some((t) => t.startsWith('@media print') && t.includes('policylens-user-pink')),
      );
    await expect.poll(hidesOnPrint).toBe(true);
    await panel.getByTestId('print-highlights').check();
    await expect.poll(hidesOnPrint).toBe(false);
    await panel.getByTestId('print-highlights').uncheck();
    await expect.poll(hidesOnPrint).toBe(true);

    // Shortcuts: the bound keys as Chromium reports them, "not set" with where to set it.
    const row = (name: string) => panel.locator(`[data-testid="commands"] tr[data-command="${name}"]`);
    await row('annotate-selection').waitFor();
    expect(await row('annotate-selection').locator('kbd').textContent()).toBe('Alt+Shift+H');
    expect(await row('open-side-panel').locator('kbd').textContent()).toBe('Alt+Shift+K');
    expect(await row('scan-page').locator('kbd').textContent()).toBe('Alt+Shift+U');
    expect(await panel.getByTestId('keys-where').textContent()).toContain('chrome://extensions/shortcuts');
    expect(await panel.getByTestId('panel-keys').textContent()).toContain('Ctrl+Z');
    // Headless Chromium answers persist() with false.
    expect(await panel.getByTestId('persistence').getAttribute('data-persistence')).toMatch(
      /^(granted|denied)$/u,
    );
    expect(errors).toEqual([]);
    await panel.close();
  });

  it('says so plainly where the layer does not run, and offers to scan', async () => {
    const { panel, errors } = await openPanel(harness, null);
    // Its own tab is an extension page: no content script there.
    await panel.getByTestId('not-running').waitFor();
    expect(await panel.getByTestId('not-running').textContent()).toContain(
      'PolicyLens is not running on this page.',
    );
    expect(await panel.getByTestId('panel-scan').count()).toBe(1);
    // The measures list of a page where it runs: a click scrolls to the measure and flashes it.
    const path = '/dalian-2023.hans.html?case=measures';
    const page = await web(path);
    const tabId = await tabIdOf(harness, server.url(HOST, path));
    await panel.goto(harness.url(`sidepanel.html?tab=${tabId}`));
    const m = panel.locator('[data-testid="measure"][data-measure-id="dalian-2023:4.38"]');
    await panel
      .getByTestId('measures')
      .locator('..')
      .evaluate((el) => ((el as HTMLDetailsElement).open = true));
    await m.click();
    await expect
      .poll(() => page.evaluate(`(CSS.highlights.get('policylens-flash')?.size ?? 0)`), { interval: 100 })
      .toBe(1);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    expect(errors).toEqual([]);
    await panel.close();
  });
});
