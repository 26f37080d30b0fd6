/**
 * End to end: the in-page layer in real Chromium with the built extension. The fixture pages are
 * served over HTTP on 127.0.0.1 and reached under government host names
 * (`--host-resolver-rules=MAP *.gov.cn 127.0.0.1`), so the manifest's content script runs on them
 * as it would on the real sites. A few extra pages (late content, frames) are made up by the
 * server under `/_e2e/`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import type { Corpus, Measure } from '../../lib/corpus/types.ts';
import type { LayerStats } from '../../lib/layer/stats.ts';
import { CHROME_BUILD_DIR } from './chromium.ts';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';

const expected = JSON.parse(readFileSync(join(PAGES_DIR, 'expected.json'), 'utf8')) as Record<
  string,
  { docId: string | null; script: 'Hans' | 'Hant'; measures: string[] }
>;

const BADGES = '[data-policylens-measure]';
const MATCHED_BADGES = '[data-policylens-measure]:not([data-policylens-measure="unmatched"])';
const CARD = '[data-policylens-card]';

/** The layer's stats, read from the host's attribute (null until the host exists). */
type Stats = LayerStats;

async function stats(page: Page): Promise<Stats | null> {
  const raw = await page.evaluate(() =>
    document.querySelector('policylens-layer')?.getAttribute('data-policylens-stats'),
  );
  return raw ? (JSON.parse(raw) as Stats) : null;
}

/** A measure paragraph as the fixture pages print it: number then text. */
function paragraph(m: Measure): string {
  return `${m.number ?? ''}${m.text}`;
}

/** The made-up pages (the late-content page folds one corpus measure away in a collapsed section). */
function e2ePage(path: string, port: number, corpus: Corpus): string | null {
  if (path === '/_e2e/late.html') {
    const folded = corpus.measures.find((m) => m.id === 'dalian-2023:1.3');
    return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>通知公告</title>
<style>.fold { display: none; } .fold.open { display: block; }</style></head>
<body><header><div id="clock">0</div></header>
<main><article id="content"><h1>通知公告</h1><p>本页正文稍后加载，请稍候。</p>
<div id="more" class="fold"><p>${folded ? paragraph(folded) : ''}</p></div></article></main>
<script>
  let n = 0;
  setInterval(() => { document.getElementById('clock').textContent = String(++n); }, 50);
</script></body></html>`;
  }
  if (path === '/_e2e/frames.html') {
    return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>框架</title></head>
<body><h1>框架页面</h1>
<iframe id="same" src="/dalian-2023.hans.html" style="width: 1000px; height: 700px; border: 2px solid #888"></iframe>
<iframe id="other" src="http://other.gov.cn:${port}/xiamen-2008.hans.html" style="width: 600px; height: 300px"></iframe>
</body></html>`;
  }
  return null;
}

describe('in-page layer in Chromium', () => {
  let harness: ExtensionHarness;
  let server: PagesServer | undefined;
  let corpus: Corpus;
  let byId: Map<string, Measure>;

  const url = (host: string, path: string): string => {
    if (!server) throw new Error('the pages server is not running');
    return server.url(host, path);
  };

  beforeAll(async () => {
    corpus = compileSeedsDir();
    byId = new Map(corpus.measures.map((m) => [m.id, m]));
    server = await startPagesServer({ dirs: [PAGES_DIR], made: (path, port) => e2ePage(path, port, corpus) });
    harness = await launchExtension(undefined, { extraArgs: [GOV_HOST_RULES] });
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  /** Opens a page and records the body's text and markup at DOMContentLoaded. */
  async function open(target: string): Promise<Page> {
    const page = await harness.context.newPage();
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        const w = window as unknown as { __before?: { text: string; html: string } };
        // Reading the markup to compare it later; nothing is written through innerHTML.
        // eslint-disable-next-line no-restricted-properties
        w.__before = { text: document.body.textContent ?? '', html: document.body.innerHTML };
      });
    });
    await page.goto(target);
    return page;
  }

  it('marks the 43 Dalian measures with badges and tints, leaving the page text untouched', async () => {
    const page = await open(url('www.dalian.gov.cn', '/dalian-2023.hans.html'));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await expect.poll(() => page.locator(BADGES).count(), { timeout: 30_000 }).toBe(43);
    expect(await page.locator(MATCHED_BADGES).count()).toBe(43);

    const ids = await page
      .locator(BADGES)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-policylens-measure')));
    expect(ids).toEqual(expected['dalian-2023.hans.html']?.measures);

    // One host, under <html> after <body>, with an open shadow root holding everything.
    const dom = await page.evaluate(() => {
      const hosts = document.querySelectorAll('policylens-layer');
      const host = hosts[0];
      const w = window as unknown as { __before?: { text: string; html: string } };
      return {
        hosts: hosts.length,
        parent: host?.parentElement?.localName,
        lightChildren: host?.childNodes.length,
        shadowOpen: host?.shadowRoot !== null,
        inBody: document.body.contains(host ?? null),
        before: w.__before,
        text: document.body.textContent,
        // eslint-disable-next-line no-restricted-properties -- read only, to compare
        html: document.body.innerHTML,
        highlights: (
          globalThis as unknown as { CSS: { highlights?: Map<string, Set<unknown>> } }
        ).CSS.highlights?.get('policylens-matched')?.size,
      };
    });
    expect(dom.hosts).toBe(1);
    expect(dom.parent).toBe('html');
    expect(dom.lightChildren).toBe(0);
    expect(dom.shadowOpen).toBe(true);
    expect(dom.inBody).toBe(false);
    expect(dom.before).toBeDefined();
    expect(dom.text).toBe(dom.before?.text);
    expect(dom.html).toBe(dom.before?.html);
    expect(dom.highlights).toBe(43);

    const s = await stats(page);
    expect(s).toMatchObject({ matched: 43, unmatched: 0, recognised: 43, paused: false, errors: 0 });
    expect(s?.scans).toBeGreaterThanOrEqual(1);
    expect(s?.readyMs).toBeTypeOf('number');
    expect(s?.longestTaskMs).toBeLessThan(50);
    expect(s?.mainThreadMs).toBeGreaterThan(0);

    // Badges sit next to their measure: level with the first line of its paragraph, in the left
    // margin or (this page's text starts at the window's edge) just above the line's start.
    const geometry = await page.evaluate(() => {
      const host = document.querySelector('policylens-layer');
      const badge = host?.shadowRoot?.querySelector('[data-policylens-measure]');
      const p = document.querySelector('#zoom p:nth-of-type(2)');
      const b = badge?.getBoundingClientRect();
      const r = p?.getBoundingClientRect();
      return b && r ? { bTop: b.top, bLeft: b.left, pTop: r.top, pLeft: r.left } : null;
    });
    expect(geometry).not.toBeNull();
    if (geometry) {
      expect(Math.abs(geometry.bTop - geometry.pTop)).toBeLessThan(30);
      expect(Math.abs(geometry.bLeft - geometry.pLeft)).toBeLessThan(30);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a card on click, moves focus into it, and closes it with Escape', async () => {
    const page = await open(url('www.dalian.gov.cn', '/dalian-2023.hans.html'));
    await expect.poll(() => page.locator(BADGES).count(), { timeout: 30_000 }).toBe(43);
    const id = 'dalian-2023:2.13';
    const measure = byId.get(id);
    const badge = page.locator(`[data-policylens-measure="${id}"]`);
    // Its accessible name (hidden text beside the 政 mark) names the measure by its number.
    expect(await badge.textContent()).toContain(measure?.number ?? '?');
    await badge.click();

    const card = page.locator(CARD);
    await card.waitFor();
    expect(await card.getAttribute('data-policylens-card')).toBe(id);
    expect(await card.locator('.card-title').textContent()).toBe(measure?.title);
    expect(await card.getAttribute('role')).toBe('dialog');
    // Focus is inside the card.
    expect(
      await page.evaluate(
        () =>
          document.activeElement?.localName === 'policylens-layer' &&
          !!document.activeElement.shadowRoot?.activeElement?.closest('[data-policylens-card]'),
      ),
    ).toBe(true);
    // Related measures in other ports, each with a score bar.
    expect(await card.locator('[data-policylens-related]').count()).toBeGreaterThan(0);
    expect(await card.locator('.bar').count()).toBeGreaterThan(0);

    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator(CARD).count()).toBe(0);
    // Focus is back on the badge.
    expect(
      await page.evaluate(
        () =>
          document.activeElement?.shadowRoot?.activeElement?.getAttribute('data-policylens-measure') ?? null,
      ),
    ).toBe(id);

    // The close button closes it too; the card's related item opens the library in a new tab.
    await badge.click();
    await card.waitFor();
    const related = card.locator('[data-policylens-related]').first();
    const relatedId = await related.getAttribute('data-policylens-related');
    const [library] = await Promise.all([
      harness.context.waitForEvent('page', { timeout: 10_000 }),
      related.click(),
    ]);
    const [base, hash] = library.url().split('#');
    expect(base).toBe(harness.url('library.html'));
    expect(decodeURIComponent(hash ?? '')).toBe(`measure=${relatedId}`);
    await library.close();
    await card.locator('.card-close').click();
    await expect.poll(() => page.locator(CARD).count()).toBe(0);
    await page.close();
  });

  it('shows Traditional cards on a Traditional page and Simplified cards on a Simplified one', async () => {
    const id = 'xiamen-2024:2.1.1';
    const measure = byId.get(id);
    expect(measure).toBeDefined();
    for (const [file, title] of [
      ['xiamen-2024.hant.html', measure?.title],
      ['xiamen-2024.hans.html', measure?.titleOther],
    ] as const) {
      const page = await open(url('www.xm.gov.cn', `/${file}`));
      await expect
        .poll(() => page.locator(BADGES).count(), { timeout: 30_000 })
        .toBe(expected[file]?.measures.length);
      await page.locator(`[data-policylens-measure="${id}"]`).click();
      const card = page.locator(CARD);
      await card.waitFor();
      expect(await card.locator('.card-title').textContent()).toBe(title);
      expect(await card.locator('.card-title').getAttribute('lang')).toBe(
        file.includes('hant') ? 'zh-Hant' : 'zh-Hans',
      );
      const before = await page.evaluate(
        () => (window as unknown as { __before?: { text: string } }).__before?.text,
      );
      expect(await page.evaluate(() => document.body.textContent)).toBe(before);
      await page.close();
    }
    // The Traditional title really is Traditional (廈門 rather than 厦门 somewhere in the document).
    expect(measure?.title).not.toBe(measure?.titleOther);
  });

  it('rescans late content, ignores a ticking clock, drops removed measures and follows SPA navigation', async () => {
    const page = await open(url('www.dalian.gov.cn', '/_e2e/late.html'));
    await expect
      .poll(async () => (await stats(page))?.scans ?? 0, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(1);
    // The clock ticks every 50 ms: no rescans from it.
    await page.waitForTimeout(1_200);
    const quiet = (await stats(page))?.scans ?? 0;
    await page.waitForTimeout(1_200);
    expect((await stats(page))?.scans).toBe(quiet);
    expect(await page.locator(BADGES).count()).toBe(0);

    // Expanding a collapsed section (a class change) reveals the measure in it.
    await page.evaluate(() => document.getElementById('more')?.classList.add('open'));
    await expect
      .poll(
        () =>
          page
            .locator(BADGES)
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-policylens-measure'))),
        {
          timeout: 10_000,
        },
      )
      .toEqual(['dalian-2023:1.3']);

    const dalian = ['dalian-2023:1.1', 'dalian-2023:1.2'].map((id) => paragraph(byId.get(id) as Measure));
    await page.evaluate((texts) => {
      const content = document.getElementById('content');
      for (const text of texts) {
        const p = document.createElement('p');
        p.textContent = text;
        content?.appendChild(p);
      }
    }, dalian);
    await expect.poll(() => page.locator(BADGES).count(), { timeout: 10_000 }).toBe(3);
    expect((await stats(page))?.scans).toBeGreaterThan(quiet + 1);

    // Removing a measure removes its badge.
    await page.evaluate(() => document.querySelector('#content > p:nth-of-type(2)')?.remove());
    await expect.poll(() => page.locator(BADGES).count(), { timeout: 10_000 }).toBe(2);
    expect(await page.locator('[data-policylens-measure="dalian-2023:1.1"]').count()).toBe(0);
    expect(await page.locator('[data-policylens-measure="dalian-2023:1.2"]').count()).toBe(1);

    // SPA navigation: the article is replaced by another document's measures.
    const xiamen = ['xiamen-2008:1', 'xiamen-2008:2', 'xiamen-2008:3'].map((id) =>
      paragraph(byId.get(id) as Measure),
    );
    await page.evaluate((texts) => {
      history.pushState({}, '', '/_e2e/next.html');
      const content = document.getElementById('content');
      if (!content) return;
      content.textContent = '';
      for (const text of texts) {
        const p = document.createElement('p');
        p.textContent = text;
        content.appendChild(p);
      }
    }, xiamen);
    await expect
      .poll(
        () =>
          page
            .locator(BADGES)
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-policylens-measure'))),
        { timeout: 10_000 },
      )
      .toEqual(['xiamen-2008:1', 'xiamen-2008:2', 'xiamen-2008:3']);
    const s = await stats(page);
    expect(s?.longestTaskMs).toBeLessThan(50);
    expect(s?.errors).toBe(0);
    await page.close();
  });

  it('scans a same-origin frame and skips a cross-origin one', async () => {
    const page = await open(url('www.dalian.gov.cn', '/_e2e/frames.html'));
    await expect.poll(() => page.locator(BADGES).count(), { timeout: 30_000 }).toBe(43);
    const ids = await page
      .locator(BADGES)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-policylens-measure')));
    expect(ids.every((id) => id?.startsWith('dalian-2023:'))).toBe(true);
    // Badges of measures scrolled out of the frame are hidden; the first ones are visible, inside the frame.
    const visible = await page.evaluate(() => {
      const host = document.querySelector('policylens-layer');
      const frame = document.getElementById('same')?.getBoundingClientRect();
      const shown = [...(host?.shadowRoot?.querySelectorAll('[data-policylens-measure]') ?? [])].filter(
        (b) => !(b as HTMLElement).hidden,
      );
      const first = shown[0]?.getBoundingClientRect();
      return {
        shown: shown.length,
        inFrame: !!first && !!frame && first.top >= frame.top && first.top <= frame.bottom,
      };
    });
    expect(visible.shown).toBeGreaterThan(0);
    expect(visible.shown).toBeLessThan(43);
    expect(visible.inFrame).toBe(true);
    expect((await stats(page))?.frames).toBe(1);
    await page.close();
  });

  it('runs once when the same script runs again in its world, and answers scan-now', async () => {
    const page = await open(url('www.dalian.gov.cn', '/dalian-2023.hans.html'));
    await expect.poll(() => page.locator(BADGES).count(), { timeout: 30_000 }).toBe(43);
    const before = (await stats(page))?.scans ?? 0;

    // What scripting.executeScript does when the background scans this tab (that needs activeTab,
    // which only a user gesture grants): run the built file again in the extension's isolated
    // world, here through the DevTools protocol.
    const cdp = await harness.context.newCDPSession(page);
    const contexts: Array<{ id: number; origin: string; auxData?: { type?: string } }> = [];
    cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    await expect
      .poll(() =>
        contexts.some((c) => c.auxData?.type === 'isolated' && c.origin.includes(harness.extensionId)),
      )
      .toBe(true);
    const world = contexts.find(
      (c) => c.auxData?.type === 'isolated' && c.origin.includes(harness.extensionId),
    );
    const source = readFileSync(join(CHROME_BUILD_DIR, 'content-scripts/content.js'), 'utf8');
    const run = await cdp.send('Runtime.evaluate', { expression: source, contextId: world?.id });
    expect(run.exceptionDetails).toBeUndefined();

    const answer = await harness.serviceWorker.evaluate(
      async (target) => {
        interface TabsApi {
          query(q: object): Promise<Array<{ id?: number; url?: string; active: boolean }>>;
          sendMessage(tabId: number, message: unknown): Promise<unknown>;
        }
        const c = (globalThis as unknown as { chrome: { tabs: TabsApi } }).chrome;
        const tabs = await c.tabs.query({});
        const tab = tabs.find((t) => t.url === target) ?? tabs.find((t) => t.active);
        if (tab?.id === undefined) throw new Error('no tab');
        return c.tabs.sendMessage(tab.id, {
          policylens: 1,
          direction: 'background-to-content',
          type: 'scan-now',
          data: {},
        });
      },
      url('www.dalian.gov.cn', '/dalian-2023.hans.html'),
    );
    expect(answer).toMatchObject({ matched: 43, recognised: 43, paused: false });
    expect(await page.evaluate(() => document.querySelectorAll('policylens-layer').length)).toBe(1);
    expect(await page.locator(BADGES).count()).toBe(43);
    expect((await stats(page))?.scans).toBe(before + 1);
    await cdp.detach();
    await page.close();
  });
});
