/**
 * The library page end to end, in real Chromium with the built extension:
 *
 * - opened empty it is the measure list; a measure is opened with the keyboard alone (one tab stop
 *   into the list, arrows, Enter), and back and forward move between the list and the measure,
 *   focus returning to the row that was opened;
 * - a printed number in an address (`#doc=dalian-2023/(十三)`) opens its document at that measure;
 *   a number several measures print lists them;
 * - the reader's annotation of a measure is shown in the measure and in its document, and opens its
 *   page at the passage;
 * - related items clicked on cards reuse one library tab, whose history keeps both measures;
 * - every string of the UI is in the browser's language (zh-CN, zh-TW, en: Chromium's `--lang`),
 *   and corpus text carries its own `lang`.
 */
import * as OpenCC from 'opencc-js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/annotation/model.ts';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';
import { ask } from './panel-helpers.ts';

/** Opens an extension page and collects its uncaught errors. */
async function open(harness: ExtensionHarness, path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await harness.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(harness.url(path));
  await page.getByTestId('library').waitFor();
  return { page, errors };
}

/** The focused element's test-relevant attributes. */
function focused(page: Page): Promise<{ tag: string; measure: string | null; text: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      measure: el?.getAttribute('data-measure-id') ?? null,
      text: (el?.textContent ?? '').trim().slice(0, 60),
    };
  });
}

describe('library in Chromium', () => {
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

  it('opens empty on the measure list; keyboard alone opens a measure; back and forward stay in the library', async () => {
    const { page, errors } = await open(harness, 'library.html');
    await page.getByTestId('measure-list').waitFor();
    expect(await page.getByTestId('measure-count').textContent()).toBe('156 of 156 measures');
    expect(await page.locator('[aria-current="page"]').textContent()).toBe('Measures');
    // Only the rows in view are rendered.
    expect(await page.locator('.mrow').count()).toBeLessThan(40);

    // Tab from the top of the page into the list: it is one stop (its active row).
    let stops = 0;
    for (; stops < 40 && (await focused(page)).measure === null; stops++) await page.keyboard.press('Tab');
    expect((await focused(page)).measure).toBe('xiamen-2008:1');
    // Arrows move through the list; End reaches a row far below what was rendered.
    await page.keyboard.press('End');
    expect((await focused(page)).measure).toBe('changsha-2017:t31');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).measure).toBe('xiamen-2008:3');
    // Tab leaves the list (one stop), Shift+Tab comes back to the same row.
    await page.keyboard.press('Tab');
    expect((await focused(page)).measure).toBeNull();
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).measure).toBe('xiamen-2008:3');

    await page.keyboard.press('Enter');
    await page.getByTestId('library-measure').waitFor();
    expect(page.url()).toBe(harness.url('library.html#measure=xiamen-2008:3'));
    expect(await focused(page)).toMatchObject({ tag: 'h2', text: '提高通关效率，营造良好通关环境。' });
    expect(await page.title()).toBe('三、 提高通关效率，营造良好通关环境。 · PolicyLens library');

    // Back: the list, focus on the row that was opened; forward: the measure again.
    await page.goBack();
    await page.getByTestId('measure-list').waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ measure: 'xiamen-2008:3' });
    await page.goForward();
    await page.getByTestId('library-measure').waitFor();
    expect(await page.getByTestId('measure-number').textContent()).toBe('三、');

    // A related measure, then side by side, with the keyboard: each a history entry.
    await page.locator('[data-testid="related-item"] a').first().focus();
    const firstRelated = await page
      .locator('[data-testid="related-item"]')
      .first()
      .getAttribute('data-measure-id');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('library-measure').getAttribute('data-measure-id'))
      .toBe(firstRelated);
    await page.goBack();
    await expect
      .poll(() => page.getByTestId('library-measure').getAttribute('data-measure-id'))
      .toBe('xiamen-2008:3');
    await page.getByTestId('side-by-side-link').first().focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('side-by-side').waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'h3' });
    expect(await page.getByTestId('side-right').getAttribute('data-measure-id')).toBe(firstRelated);
    expect(await page.locator('.side-by-side [data-kind="instrument"]').count()).toBeGreaterThan(0);
    await page.goBack();
    await expect.poll(() => page.getByTestId('side-by-side').count()).toBe(0);

    // The section navigation, by keyboard: Documents, then back to Measures.
    await page.getByTestId('nav-documents').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('document-list').waitFor();
    await page.goBack();
    await page.getByTestId('library-measure').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('searches and filters in the address: typing replaces the entry, a filter adds one', async () => {
    const { page, errors } = await open(harness, 'library.html#measures');
    const length = () => page.evaluate(() => history.length);
    const before = await length();
    await page.getByTestId('measure-search').click();
    await page.keyboard.type('擔保'); // Traditional finds Simplified
    await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent('擔保')}`);
    expect(await length()).toBe(before);
    const count = Number((await page.getByTestId('measure-count').textContent())?.split(' ')[0]);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(156);
    expect(await page.locator('.mrow mark').first().textContent()).toBe('担保');
    await page.getByTestId('filter-port').selectOption('Xiamen');
    await expect.poll(() => page.url()).toContain('port=Xiamen');
    expect(await length()).toBe(before + 1);
    const ids = await page
      .locator('.mrow')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-measure-id')));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id?.startsWith('xiamen-'))).toBe(true);
    await page.goBack();
    await expect.poll(() => page.url()).not.toContain('port=');
    expect(await page.getByTestId('measure-search').inputValue()).toBe('擔保');
    // `/` from anywhere outside a text field goes to the search box.
    await page.getByTestId('measure-count').click();
    await page.keyboard.press('/');
    expect(await page.getByTestId('measure-search').evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
    // An address the library does not know: said, over the measure list (no dead end).
    await page.goto(harness.url('library.html#nowhere'));
    await page.getByTestId('unknown-address').waitFor();
    expect(await page.getByTestId('measure-count').textContent()).toBe('156 of 156 measures');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a document at a printed number, and lists the measures a bare number could mean', async () => {
    const { page, errors } = await open(harness, 'library.html#doc=dalian-2023/(十三)');
    const target = page.locator('[data-testid="doc-measure"][aria-current="true"]');
    await target.waitFor();
    expect(await target.getAttribute('data-measure-id')).toBe('dalian-2023:2.13');
    expect(await focused(page)).toMatchObject({ measure: 'dalian-2023:2.13' });
    expect(await target.isVisible()).toBe(true);
    const box = await target.boundingBox();
    expect(box && box.y >= 0 && box.y < 900).toBe(true);
    expect(await target.textContent()).toContain('(十三)保障进出境船舶“全天候”通关。');
    // All 43 measures are in the document, labelled as printed, with every framing line.
    expect(await page.getByTestId('doc-measure').count()).toBe(43);
    expect(await page.locator('h3.doc-heading').allTextContents()).toContain('二、畅通跨境贸易通道');

    // Full-width brackets, and a whole path, resolve too; a measure id as well.
    for (const hash of [
      '#doc=dalian-2023/（十三）',
      '#doc=dalian-2023/二、/(十三)',
      '#doc=dalian-2023:2.13',
    ]) {
      await page.goto(harness.url(`library.html${hash}`));
      await expect
        .poll(() => target.getAttribute('data-measure-id'), { timeout: 5_000 })
        .toBe('dalian-2023:2.13');
    }

    // Xiamen 2024 prints `1.` six times: the page asks which, over the whole document.
    await page.goto(harness.url('library.html#doc=xiamen-2024/1.'));
    const which = page.getByTestId('printed-ambiguous');
    await which.waitFor();
    expect(await which.locator('a').count()).toBe(6);
    await which.locator('a', { hasText: '(六)1.' }).click();
    await expect.poll(() => target.getAttribute('data-measure-id')).toBe('xiamen-2024:2.6.1');
    expect(await page.getByTestId('document').getAttribute('data-doc-id')).toBe('xiamen-2024');
    expect(await target.locator('p.doc-line').first().getAttribute('lang')).toBe('zh-Hant');
    // Its label is its address.
    expect(await target.getByTestId('doc-number').getAttribute('href')).toBe('#doc=xiamen-2024/(六)1.');

    // A number the document does not print: said, and the document shown.
    await page.goto(harness.url('library.html#doc=dalian-2023/(九十九)'));
    await page.getByTestId('printed-none').waitFor();
    expect(await page.getByTestId('doc-measure').count()).toBe(43);

    // Changsha's task 27, in its table; and from a measure, "read it in its document".
    await page.goto(harness.url('library.html#doc=changsha-2017/27'));
    await expect.poll(() => target.getAttribute('data-measure-id')).toBe('changsha-2017:t27');
    expect(await target.evaluate((el) => el.tagName)).toBe('TR');
    await page.goto(harness.url('library.html#measure=zhejiang-2004:1.p3'));
    await page.getByTestId('read-in-document').click();
    await expect.poll(() => target.getAttribute('data-measure-id')).toBe('zhejiang-2004:1.p3');
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#doc=zhejiang-2004/一、第3段');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the reader's annotation in the measure and its document, and opens its page at the passage", async () => {
    const url = server.url('www.customs.gov.cn', '/dalian-2023.hans.html?case=library');
    const exact = '提供进出境7×24小时通关保障';
    const record: Annotation = {
      id: '6a0e9c1d-2b3f-4c5d-8e7f-000000000013',
      page: { url, canonical: null, title: '大连海关惠企措施' },
      keys: [url],
      quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
      position: null,
      measureId: 'dalian-2023:2.13',
      colour: 'green',
      tags: ['5+2'],
      note: 'Ask the **broker**',
      status: 'todo',
      created: '2026-12-01T00:00:00.000Z',
      updated: '2026-12-01T00:00:00.000Z',
    };
    const { page, errors } = await open(harness, 'library.html#measure=dalian-2023:2.13');
    expect(
      await ask(page, 'annotations-import', { records: [record], onConflict: null, skipInvalid: false }),
    ).toMatchObject({
      ok: true,
      written: 1,
    });
    // The import was written by the background: the page hears it and shows the annotation.
    const mine = page.getByTestId('my-annotation');
    await mine.waitFor();
    expect(await mine.locator('.my-quote').textContent()).toBe(exact);
    expect(await mine.getByTestId('my-note').locator('strong').textContent()).toBe('broker');

    // In the measure list: "mine" keeps only it, with its count.
    await page.goto(harness.url('library.html#measures?mine=1'));
    await expect
      .poll(() =>
        page.locator('.mrow').evaluateAll((els) => els.map((e) => e.getAttribute('data-measure-id'))),
      )
      .toEqual(['dalian-2023:2.13']);
    expect(await page.getByTestId('mine-count').textContent()).toBe('1 mine');

    // In its document: the quote is marked on the text, the note one click away.
    await page.goto(harness.url('library.html#doc=dalian-2023/(十三)'));
    const marked = page.locator('[data-measure-id="dalian-2023:2.13"] mark.mine');
    await marked.waitFor();
    expect(await marked.textContent()).toBe(exact);
    expect(await marked.getAttribute('class')).toContain('colour-green');
    await page.locator('[data-measure-id="dalian-2023:2.13"] summary').click();

    // Open the page at the passage: a tab opens it, and the passage is flashed once anchored.
    const opened = harness.context.waitForEvent('page');
    await page.locator('[data-measure-id="dalian-2023:2.13"]').getByTestId('open-passage').click();
    const web = await opened;
    await web.waitForURL(url);
    await expect
      .poll(
        () => web.evaluate(`[...(CSS.highlights.get('policylens-flash') ?? [])].map((r) => r.toString())`),
        {
          timeout: 20_000,
          interval: 100,
        },
      )
      .toEqual([exact]);
    await expect.poll(() => page.getByTestId('open-status').count()).toBe(0);
    expect(errors).toEqual([]);
    await web.close();
    await page.close();
  });

  it('reuses one library tab for related items clicked on cards, with both measures in its history', async () => {
    const web = await harness.context.newPage();
    await web.setViewportSize({ width: 1280, height: 800 });
    await web.goto(server.url('www.changsha.gov.cn', '/changsha-2017.hans.html?case=library'));
    const badge = web.locator('[data-policylens-measure="changsha-2017:3.8"]');
    await badge.waitFor({ timeout: 30_000 });
    await badge.click();
    const libraryPages = () =>
      harness.context.pages().filter((p) => p.url().startsWith(harness.url('library.html')));
    expect(libraryPages()).toHaveLength(0);

    const opened = harness.context.waitForEvent('page');
    await web.locator('[data-policylens-card] [data-policylens-related="xiamen-2008:3"]').click();
    const library = await opened;
    await library.waitForURL(harness.url('library.html#measure=xiamen-2008:3'));
    await library.getByTestId('library-measure').waitFor();
    await library.evaluate(
      () => ((globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true),
    );

    // The second related item goes to the same tab: no new tab, the page not reloaded.
    await web.bringToFront();
    await web.locator('[data-policylens-card] [data-policylens-related="dalian-2023:2.13"]').click();
    await library.waitForURL(harness.url('library.html#measure=dalian-2023:2.13'));
    await expect
      .poll(() => library.getByTestId('library-measure').getAttribute('data-measure-id'))
      .toBe('dalian-2023:2.13');
    expect(libraryPages()).toHaveLength(1);
    expect(
      await library.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    // The library tab is the one in front.
    expect(await library.evaluate(() => document.visibilityState)).toBe('visible');

    // Its history holds both: back returns to the first measure.
    await library.goBack();
    await expect
      .poll(() => library.getByTestId('library-measure').getAttribute('data-measure-id'))
      .toBe('xiamen-2008:3');
    await library.close();
    await web.close();
  });
});

/** Latin words allowed in Chinese UI strings: names and acronyms, not English. */
const LATIN_OK = /^(?:PolicyLens|AEO|Markdown|JSON|CSV|W3C|H986|ERP|WMS|ITOS|HL2008|H2010)$/u;

/**
 * Characters Traditional Chinese writes as Simplified does, which OpenCC's Simplified → Taiwan
 * character table changes anyway: 准 (批准, 准入; 準 is "accurate").
 */
const SHARED = new Set(['准']);

/** OpenCC's converters (made once: each builds its dictionaries). */
const toHans = OpenCC.Converter({ from: 'tw', to: 'cn' });
const toHant = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** What a UI string in `lang` must not contain; null when it is fine. */
function wrongLanguage(text: string, lang: 'en' | 'zh-CN' | 'zh-TW'): string | null {
  if (lang === 'en') return /[\u3400-\u9fff]/u.test(text) ? 'Chinese in English' : null;
  const words = (text.match(/[A-Za-z]{2,}/gu) ?? []).filter((w) => !LATIN_OK.test(w));
  if (words.length > 0) return `English (${words.join(' ')})`;
  for (const ch of text) {
    if (!/[\u3400-\u9fff]/u.test(ch)) continue;
    if (lang === 'zh-CN' && toHans(ch) !== ch) return `Traditional ${ch}`;
    if (lang === 'zh-TW' && toHant(ch) !== ch && !SHARED.has(ch)) return `Simplified ${ch}`;
  }
  return null;
}

describe.each([
  ['en', 'en'],
  ['zh-CN', 'zh-CN'],
  ['zh-TW', 'zh-TW'],
] as const)('library in %s', (flag, lang) => {
  let harness: ExtensionHarness;

  beforeAll(async () => {
    harness = await launchExtension(undefined, { extraArgs: [`--lang=${flag}`] });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('speaks the browser language in every string it shows, and marks corpus text with its own', async () => {
    const { page, errors } = await open(harness, 'library.html');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    const places = [
      '#measures',
      '#measures?port=Dalian&instrument=round-the-clock&mine=1',
      '#measure=dalian-2023:2.13&with=changsha-2017:3.8',
      '#measure=nowhere:1',
      '#documents',
      '#doc=xiamen-2024/(六)1.',
      '#doc=changsha-2017/27',
      '#doc=xiamen-2024/1.',
      '#doc=dalian-2023/(九十九)',
      '#nowhere',
    ];
    const problems: string[] = [];
    for (const place of places) {
      await page.goto(harness.url(`library.html${place}`));
      await page.waitForTimeout(300);
      const strings = await page.evaluate((uiLang) => {
        const out: string[] = [];
        const ui = (el: Element | null): boolean =>
          (el?.closest('[lang]')?.getAttribute('lang') ?? '') === uiLang;
        const walker = document.createTreeWalker(
          document.getElementById('app') as Node,
          NodeFilter.SHOW_TEXT,
        );
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = (n.textContent ?? '').trim();
          if (text !== '' && ui(n.parentElement)) out.push(text);
        }
        for (const el of document.querySelectorAll('#app [aria-label], #app [title], #app [placeholder]')) {
          for (const a of ['aria-label', 'title', 'placeholder']) {
            const v = el.getAttribute(a);
            if (v && ui(el)) out.push(v);
          }
        }
        // The window title: the corpus text it names, then the library's own name.
        out.push(document.title.split(' · ').pop() ?? '');
        return out;
      }, lang);
      for (const s of strings) {
        const why = wrongLanguage(s, lang);
        if (why) problems.push(`${place}: ${why}: ${s}`);
      }
    }
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
