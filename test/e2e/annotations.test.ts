/**
 * The reader's annotations on the page, in Chromium with the built extension: what the in-page
 * part (`lib/highlight/`) does between the reader, the page and the background.
 *
 * - "Annotate this measure" on a card highlights the whole measure and records the measure;
 *   a selection inside a measure records that measure, one outside records none.
 * - A page that re-renders the annotated paragraph (same text, new nodes) keeps the highlight on
 *   the new nodes; a passage that arrives late is highlighted when it arrives.
 * - A page script that clicks our toolbar's buttons (untrusted events) creates nothing.
 * - A note never enters the page: the page (its DOM, our open shadow root included) shows a marker
 *   and no word of the note.
 *
 * Every test uses a page of its own (`?case=…`), so they share one browser and one database.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/annotation/model.ts';
import { pageKeys } from '../../lib/annotation/page-url.ts';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';
import {
  annotateText,
  ask,
  drawn,
  logTabs,
  selectText,
  tabIdOf,
  waitForLayer,
  worker,
} from './panel-helpers.ts';

const HOST = 'www.dalian.gov.cn';
const DALIAN = readFileSync(join(PAGES_DIR, 'dalian-2023.hans.html'), 'utf8');
/** Measure (十三) of the Dalian notice, and a phrase inside it. */
const MEASURE_ID = 'dalian-2023:2.13';
const INSIDE = '提供进出境7×24小时通关保障';

/** The Dalian page with a script that re-renders the paragraph holding (十三) after `ms`. */
function rerendered(ms: number): string {
  return DALIAN.replace(
    '</body>',
    `<script>
setTimeout(() => {
  for (const p of document.querySelectorAll('p')) {
    if (!p.textContent.includes(${JSON.stringify(INSIDE)})) continue;
    const copy = document.createElement('p');
    copy.textContent = p.textContent;
    p.replaceWith(copy);
    document.body.setAttribute('data-rerendered', '1');
  }
}, ${ms});
</script></body>`,
  );
}

/** The Dalian page whose paragraph holding (十三) is added `ms` after load (as a late-loading notice would). */
function late(ms: number): string {
  const para = /<p><strong>\(十三\)[\s\S]*?<\/p>/u.exec(DALIAN);
  if (!para) throw new Error('the Dalian fixture changed: (十三) not found');
  return DALIAN.replace(para[0], '<div id="later"></div>').replace(
    '</body>',
    `<script>
setTimeout(() => {
  const holder = document.getElementById('later');
  holder.insertAdjacentHTML('afterend', ${JSON.stringify(para[0])});
  holder.remove();
  document.body.setAttribute('data-arrived', '1');
}, ${ms});
</script></body>`,
  );
}

describe('annotations on the page in Chromium', () => {
  let harness: ExtensionHarness;
  let server: PagesServer;
  /** An extension page, to read the store as the side panel does. */
  let extPage: Page;
  let lateMode: 'full' | 'late' = 'full';

  beforeAll(async () => {
    server = await startPagesServer({
      dirs: [PAGES_DIR],
      made: (path) => {
        if (path === '/_e2e/rerender.html') return rerendered(1_500);
        if (path === '/_e2e/late.html') return lateMode === 'full' ? DALIAN : late(1_500);
        return null;
      },
    });
    harness = await launchExtension(undefined, { extraArgs: [GOV_HOST_RULES] });
    await logTabs(harness);
    extPage = await harness.context.newPage();
    await extPage.goto(harness.url('popup.html'));
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  /** The stored annotations of a page URL. */
  async function stored(url: string): Promise<Annotation[]> {
    const keys = pageKeys({ url, canonical: null });
    const answer = (await ask(extPage, 'annotations-list', { keys, after: null, limit: 100 })) as {
      items: Annotation[];
    };
    return answer.items;
  }

  async function open(path: string): Promise<Page> {
    const page = await harness.context.newPage();
    await page.goto(server.url(HOST, path));
    await waitForLayer(page);
    return page;
  }

  it('annotates a whole measure from its card, and a selection records the measure it lies in', async () => {
    const url = server.url(HOST, '/dalian-2023.hans.html?case=measure');
    const page = await open('/dalian-2023.hans.html?case=measure');
    await page.locator(`[data-policylens-measure="${MEASURE_ID}"]`).click();
    const card = page.locator(`[data-policylens-card="${MEASURE_ID}"]`);
    await card.waitFor();
    await card.locator('[data-action="annotate-measure"]').click();
    await expect.poll(async () => (await stored(url)).length, { timeout: 10_000 }).toBe(1);
    const [whole] = await stored(url);
    expect(whole?.measureId).toBe(MEASURE_ID);
    expect(whole?.quote.exact).toContain(INSIDE);
    expect(whole?.quote.exact).toContain('保障进出境船舶');
    // The highlight covers what was stored.
    await expect.poll(async () => Object.values(await drawn(page)).flat()).toContain(whole?.quote.exact);

    // A selection inside the measure records it; one in the page's header records none.
    await page.keyboard.press('Escape');
    await annotateText(page, INSIDE, 'green');
    await expect.poll(async () => (await stored(url)).length, { timeout: 10_000 }).toBe(2);
    const inside = (await stored(url)).find((a) => a.quote.exact === INSIDE);
    expect(inside?.measureId).toBe(MEASURE_ID);
    expect(inside?.colour).toBe('green');

    const title = await page.evaluate(() => document.querySelector('h1')?.textContent?.trim() ?? '');
    expect(title.length).toBeGreaterThan(4);
    await annotateText(page, title.slice(0, 6), 'blue');
    await expect.poll(async () => (await stored(url)).length, { timeout: 10_000 }).toBe(3);
    const outside = (await stored(url)).find((a) => a.colour === 'blue');
    expect(outside?.measureId).toBeNull();
    await page.close();
  });

  it('annotates what is selected now, however quickly commands follow selections', async () => {
    const url = server.url(HOST, '/dalian-2023.hans.html?case=quick');
    const page = await open('/dalian-2023.hans.html?case=quick');
    const tabId = await tabIdOf(harness, url);
    const phrases = ['实现船到即检', '扩大智慧电讯检疫应用范围', '缩短船舶等待作业时间'];
    for (const phrase of phrases) {
      await selectText(page, phrase);
      // At once, as a keyboard shortcut pressed right after selecting would (what the browser's
      // command does: the background asks the tab's content script).
      const answer = (await worker(harness).evaluate(
        `chrome.tabs.sendMessage(${tabId}, { policylens: 1, direction: 'background-to-content', type: 'annotate-selection', data: {} }, { frameId: 0 })`,
      )) as { ok: boolean };
      expect(answer.ok).toBe(true);
    }
    await expect
      .poll(async () => ((await drawn(page))['policylens-user-yellow'] ?? []).sort())
      .toEqual([...phrases].sort());
    expect((await stored(url)).map((a) => a.quote.exact).sort()).toEqual([...phrases].sort());
    // The selection is cleared once annotated, so the toolbar does not come back over it.
    expect(await page.evaluate(() => getSelection()?.isCollapsed ?? true)).toBe(true);
    await page.close();
  });

  it('keeps the highlight when the page re-renders the annotated paragraph', async () => {
    const url = server.url(HOST, '/_e2e/rerender.html');
    const page = await open('/_e2e/rerender.html');
    await annotateText(page, INSIDE, 'pink');
    await expect.poll(async () => (await stored(url)).length, { timeout: 10_000 }).toBe(1);
    await page.waitForSelector('body[data-rerendered]', { timeout: 10_000 });
    // The old nodes are gone; the highlight is drawn again on the new ones.
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const h = CSS.highlights.get('policylens-user-pink');
            const ranges = h ? ([...h] as Range[]) : [];
            return ranges.map((r) => ({ text: r.toString(), connected: r.startContainer.isConnected }));
          }),
        { timeout: 10_000 },
      )
      .toEqual([{ text: INSIDE, connected: true }]);
    await page.close();
  });

  it('highlights a passage that arrives after the page loaded', async () => {
    lateMode = 'full';
    const url = server.url(HOST, '/_e2e/late.html');
    let page = await open('/_e2e/late.html');
    await annotateText(page, INSIDE, 'orange');
    await expect.poll(async () => (await stored(url)).length, { timeout: 10_000 }).toBe(1);
    await page.close();

    lateMode = 'late';
    page = await harness.context.newPage();
    await page.goto(url);
    await waitForLayer(page);
    expect(await page.evaluate(() => document.body.hasAttribute('data-arrived'))).toBe(false);
    await page.waitForSelector('body[data-arrived]', { timeout: 10_000 });
    await expect
      .poll(async () => (await drawn(page))['policylens-user-orange'] ?? [], { timeout: 10_000 })
      .toEqual([INSIDE]);
    await page.close();
  });

  it('ignores clicks a page script makes on our buttons', async () => {
    const url = server.url(HOST, '/dalian-2023.hans.html?case=synthetic');
    const page = await open('/dalian-2023.hans.html?case=synthetic');
    const swatch = page.locator('[data-policylens-toolbar] button[data-colour="yellow"]');
    for (let attempt = 0; attempt < 5 && (await swatch.count()) === 0; attempt++) {
      await selectText(page, INSIDE);
      await page.waitForTimeout(400);
    }
    await swatch.waitFor();
    // The page reaches into our open shadow root and clicks, dispatches, presses.
    await page.evaluate(() => {
      const root = document.querySelector('policylens-layer')?.shadowRoot;
      const button = root?.querySelector<HTMLButtonElement>(
        '[data-policylens-toolbar] button[data-colour="yellow"]',
      );
      button?.click();
      button?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      root?.querySelector<HTMLButtonElement>('[data-action="note"]')?.click();
    });
    await page.waitForTimeout(1_000);
    expect(await stored(url)).toEqual([]);
    expect(await drawn(page)).toEqual({});
    await page.close();
  });

  it('shows a marker for a note and never the note itself', async () => {
    const url = server.url(HOST, '/dalian-2023.hans.html?case=private');
    const page = await open('/dalian-2023.hans.html?case=private');
    await annotateText(page, INSIDE, 'yellow');
    await expect.poll(async () => (await stored(url)).length, { timeout: 10_000 }).toBe(1);
    const [a] = await stored(url);
    const secret = '仅供内部：联系人王五 13800000000';
    const r = (await ask(extPage, 'annotation-update', {
      id: a?.id,
      patch: { note: secret, tags: ['机密标签'] },
    })) as { ok: boolean };
    expect(r.ok).toBe(true);
    const marker = page.locator(`[data-policylens-annotation="${a?.id}"]`);
    await marker.waitFor({ timeout: 10_000 });
    // Everything the page can read: its markup, and every text and attribute in our shadow root.
    const everything = await page.evaluate(() => {
      const parts: string[] = [new XMLSerializer().serializeToString(document)];
      const root = document.querySelector('policylens-layer')?.shadowRoot;
      if (root) {
        parts.push(root.textContent ?? '');
        for (const el of root.querySelectorAll('*')) for (const at of el.attributes) parts.push(at.value);
      }
      return parts.join('\n');
    });
    expect(everything).not.toContain('王五');
    expect(everything).not.toContain('机密标签');
    expect(
      await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)),
    ).not.toContain('王五');
    await page.close();
  });
});
