/**
 * The in-page layer in real Firefox (ESR, the Firefox build installed as a temporary add-on), page
 * by page, as `test/e2e/layer-pages.test.ts` does it in Chromium. One browser for the whole file.
 *
 * - Every seed page (10, both scripts): one badge per measure, exactly the ids of
 *   `test/fixtures/pages/expected.json`, in reading order; the measures tinted through
 *   `CSS.highlights`; cards of the first, a middle and the last measure with the right title, lead
 *   agencies and deadline in the page's script; the page's text and markup untouched.
 * - The four non-trade pages: no badge.
 * - A notice that arrives 1 s after load, and a counter that ticks every 10 ms for 5 s (no rescan loop).
 * - The Chromium suite's hostile pages: one that breaks its builtins before the layer runs (read
 *   and clicked from a BiDi sandbox, since the page's own world is broken), one that removes the
 *   layer's host, one that claims its tag, and markup-looking page text.
 * - Nothing the extension prints may report an error (see `harness.ts`).
 *
 * It prints a table (badges, tints and time to cards per page) that the README quotes.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import type { Corpus, CorpusDocument, Measure, Script } from '../../lib/corpus/types.ts';
import { HIGHLIGHT_MATCHED } from '../../lib/layer/highlights.ts';
import { HOST_SELECTOR } from '../../lib/layer/host.ts';
import type { LayerStats } from '../../lib/layer/stats.ts';
import { figureTable, pageFigure, type PageFigure } from '../e2e/figures.ts';
import { e2ePage, HOSTS } from '../e2e/made-pages.ts';
import { startPagesServer, type PagesServer } from '../e2e/pages-server.ts';
import {
  expectedCard,
  EXPECTED_PAGES,
  NON_TRADE_PAGES,
  SEED_PAGES,
  type ExpectedPage,
} from '../e2e/seed-expectations.ts';
import { launchFirefox, type FirefoxHarness } from './harness.ts';
import {
  BADGES,
  badgeIds,
  CARD,
  clickInLayer,
  firstScan,
  highlightSize,
  isolated,
  MATCHED_BADGES,
  openCard,
  stats,
  UNMATCHED_BADGES,
} from './page-helpers.ts';

describe('Firefox: the in-page layer on every fixture page', () => {
  let harness: FirefoxHarness;
  let server: PagesServer | undefined;
  let corpus: Corpus;
  let byId: Map<string, Measure>;
  let docs: Map<string, CorpusDocument>;
  let mark = 0;
  const figures: PageFigure[] = [];

  const url = (host: string, path: string): string => {
    if (!server) throw new Error('the pages server is not running');
    return server.url(host, path);
  };

  beforeAll(async () => {
    corpus = compileSeedsDir();
    byId = new Map(corpus.measures.map((m) => [m.id, m]));
    docs = new Map(corpus.documents.map((d) => [d.id, d]));
    server = await startPagesServer({ made: (path) => e2ePage(path, corpus) });
    harness = await launchFirefox();
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
    if (figures.length > 0) console.log(figureTable('Firefox', figures));
  });

  beforeEach(() => {
    mark = harness.mark();
  });

  afterEach(() => {
    expect(harness.extensionErrors(mark), 'extension errors on the browser console').toEqual([]);
  });

  /** Opens a page, recording the body's text and markup at DOMContentLoaded (before the layer). */
  async function open(target: string): Promise<Page> {
    const page = await harness.newPage();
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('DOMContentLoaded', () => {
        // Read only, to compare later; nothing is written through innerHTML.
        // eslint-disable-next-line no-restricted-properties
        const before = { text: document.body.textContent ?? '', html: document.body.innerHTML };
        (window as unknown as { __before?: typeof before }).__before = before;
      });
    });
    await page.goto(target);
    return page;
  }

  async function expectPageUntouched(page: Page): Promise<void> {
    const { before, now } = await page.evaluate(() => ({
      before: (window as unknown as { __before?: { text: string; html: string } }).__before,
      // eslint-disable-next-line no-restricted-properties -- read only, to compare
      now: { text: document.body.textContent ?? '', html: document.body.innerHTML },
    }));
    expect(before, 'the preload script recorded the page at DOMContentLoaded').toBeDefined();
    expect(now.text).toBe(before?.text);
    expect(now.html).toBe(before?.html);
  }

  /** Clicks a measure's badge and checks its card against the corpus, then closes it with Escape. */
  async function checkCard(page: Page, id: string, script: Script): Promise<void> {
    const m = byId.get(id);
    const doc = m ? docs.get(m.docId) : undefined;
    if (!m || !doc) throw new Error(`${id} is not in the corpus`);
    const want = expectedCard(m, doc, script);

    await clickInLayer(page, `[data-policylens-measure="${id}"]`);
    await expect.poll(async () => (await openCard(page))?.id, { timeout: 10_000 }).toBe(id);
    const card = (await openCard(page)) as NonNullable<Awaited<ReturnType<typeof openCard>>>;
    expect(card.title, `${id} title`).toBe(want.title);
    expect(card.titleLang).toBe(want.titleLang);
    expect(card.lead, `${id} lead`).toBe(want.lead);
    if (want.co !== null) expect(card.co, `${id} co`).toBe(want.co);
    if (want.deadline) {
      expect(card.inferred !== null, `${id} deadline inferred`).toBe(want.deadline.inferred);
      expect(card.deadline, `${id} deadline`).toBe(want.deadline.text(card.inferred));
    } else {
      expect(card.deadline, `${id} has no deadline`).toBeNull();
    }
    await page.keyboard.press('Escape');
    await expect.poll(async () => await openCard(page)).toBeNull();
  }

  it('the console check is live: what a page prints reaches the harness', async () => {
    const page = await open(url('www.linjiang.gov.cn', '/non-trade-health.html'));
    await firstScan(page);
    // Firefox prints page and extension consoles alike (devtools.console.stdout.*); a line that
    // reads like ours must be seen, or the afterEach check below would pass on nothing.
    await page.evaluate(() => console.debug('PolicyLens: probe from the page'));
    await expect
      .poll(() => harness.extensionErrors(mark).some((l) => l.includes('PolicyLens: probe from the page')))
      .toBe(true);
    mark = harness.mark();
    await page.close();
  });

  describe('seed pages', () => {
    it.each(SEED_PAGES)('%s: one badge per measure, tints, three cards', async (file) => {
      const exp = EXPECTED_PAGES[file] as ExpectedPage;
      const page = await open(url(HOSTS[exp.docId ?? ''] ?? 'www.gov.cn', `/${file}`));
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await firstScan(page);
      await expect.poll(() => badgeIds(page), { timeout: 30_000 }).toEqual(exp.measures);
      const ids = await badgeIds(page);
      expect(new Set(ids).size).toBe(ids.length);
      const s = (await stats(page)) as LayerStats;
      expect(s).toMatchObject({ matched: exp.measures.length, unmatched: 0, errors: 0 });
      expect(await badgeIds(page, BADGES)).toHaveLength(exp.measures.length);
      // Tints through the CSS Custom Highlight API (Firefox 140+): one range per measure; a
      // measure's other blocks (Changsha's group rows) are tinted only while its card is open.
      const tints = await highlightSize(page, HIGHLIGHT_MATCHED);
      expect(tints).toBe(exp.measures.length);
      figures.push(pageFigure(file, ids.length, tints, s));

      const ms = exp.measures;
      for (const id of [ms[0], ms[Math.floor(ms.length / 2)], ms[ms.length - 1]]) {
        await checkCard(page, id as string, exp.script);
      }
      await expectPageUntouched(page);
      expect(errors).toEqual([]);
      await page.close();
    });
  });

  describe('non-trade pages', () => {
    it.each(NON_TRADE_PAGES)('%s: no badge at all after the first scan', async (file) => {
      const page = await open(url('www.linjiang.gov.cn', `/${file}`));
      const first = await firstScan(page);
      expect(first).toMatchObject({ recognised: 0, matched: 0, unmatched: 0, errors: 0, paused: false });
      await new Promise((r) => setTimeout(r, 500));
      expect(await badgeIds(page, BADGES)).toEqual([]);
      expect(await highlightSize(page, HIGHLIGHT_MATCHED)).toBe(0);
      expect(await stats(page)).toMatchObject({ recognised: 0, scans: first.scans });
      await expectPageUntouched(page);
      await page.close();
    });
  });

  it('finds a notice inserted 1 s after load (43 badges)', async () => {
    const page = await open(url('dalian.customs.gov.cn', '/_e2e/late-notice.html'));
    await firstScan(page);
    await expect
      .poll(() => badgeIds(page), { timeout: 15_000 })
      .toEqual(EXPECTED_PAGES['dalian-2023.hans.html']?.measures);
    expect(await stats(page)).toMatchObject({ matched: 43, unmatched: 0, errors: 0 });
    await checkCard(page, 'dalian-2023:4.43', 'Hans');
    await page.close();
  });

  it('does not rescan in a loop while a counter ticks every 10 ms for 5 s', async () => {
    const page = await open(url('dalian.customs.gov.cn', '/_e2e/ticking-counter.html'));
    await firstScan(page);
    await expect.poll(async () => (await badgeIds(page)).length, { timeout: 30_000 }).toBe(43);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __tickingDone?: boolean }).__tickingDone), {
        timeout: 15_000,
      })
      .toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __ticks: number }).__ticks)).toBeGreaterThan(
      100,
    );
    // Longer than the layer's longest debounce (1 s), so a rescan the ticks asked for would show.
    await new Promise((r) => setTimeout(r, 1_500));
    const s = (await stats(page)) as LayerStats;
    expect(s.scans).toBeLessThanOrEqual(2);
    expect(s).toMatchObject({ matched: 43, errors: 0 });
    await page.close();
  });

  it('survives a page that breaks its builtins before the layer runs', async () => {
    const page = await open(url('dalian.customs.gov.cn', '/_e2e/hostile.html'));
    // The page's own world is broken: read it from a sandbox (the page's DOM, our builtins).
    const realm = isolated(page);
    const armed = await page.evaluate(() => (window as unknown as { __hostile?: string }).__hostile);
    expect(armed).toBe('armed');
    await expect
      .poll(() => badgeIds(page, MATCHED_BADGES, realm), { timeout: 30_000 })
      .toEqual(EXPECTED_PAGES['dalian-2023.hans.html']?.measures);
    expect(await stats(page, realm)).toMatchObject({ matched: 43, unmatched: 0, errors: 0 });
    expect(await highlightSize(page, HIGHLIGHT_MATCHED, realm)).toBeGreaterThanOrEqual(43);

    // A working card: click the badge where it is (real input, no page script involved).
    const id = 'dalian-2023:2.13';
    const box = await realm.evaluate(
      (host, sel) => {
        const badge = document.querySelector(host)?.shadowRoot?.querySelector(sel);
        if (!badge) return null;
        badge.scrollIntoView({ block: 'center' });
        const r = badge.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      },
      HOST_SELECTOR,
      `[data-policylens-measure="${id}"]`,
    );
    expect(box).not.toBeNull();
    await page.mouse.click(box?.x ?? 0, box?.y ?? 0);
    await expect.poll(async () => (await openCard(page, realm))?.id, { timeout: 10_000 }).toBe(id);
    expect((await openCard(page, realm))?.title).toBe(byId.get(id)?.title);
    await page.keyboard.press('Escape');
    await expect.poll(async () => await openCard(page, realm)).toBeNull();
    await page.close();
  });

  it('keeps a page responsive that removes the layer host whenever it appears', async () => {
    const page = await harness.newPage();
    await page.goto(url('dalian.customs.gov.cn', '/_e2e/removes-host.html'));
    await new Promise((r) => setTimeout(r, 1_500));
    const answer = await Promise.race([
      page.evaluate(() => 1),
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5_000)),
    ]);
    expect(answer).toBe(1);
    await page.close();
  });

  it('shows its badges when the page defines the host tag as a custom element', async () => {
    const page = await open(url('dalian.customs.gov.cn', '/_e2e/defines-host.html'));
    await expect.poll(async () => (await badgeIds(page)).length, { timeout: 15_000 }).toBe(43);
    await page.close();
  });

  it('page text that looks like markup is never markup in the layer (xss.html)', async () => {
    const page = await open(url('dalian.customs.gov.cn', '/xss.html'));
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await firstScan(page);
    await expect.poll(() => badgeIds(page), { timeout: 30_000 }).toEqual(['dalian-2023:1.1']);
    await expect.poll(async () => (await badgeIds(page, UNMATCHED_BADGES)).length).toBe(6);

    const audit = () =>
      page.evaluate((host) => {
        const root = document.querySelector(host)?.shadowRoot;
        const all = root ? Array.from(root.querySelectorAll('*')) : [];
        return {
          elements: all.length,
          risky: all
            .filter((e) => /^(img|svg|math|script|iframe|frame|object|embed|video|audio)$/i.test(e.localName))
            .map((e) => e.localName),
          onAttributes: all.flatMap((e) =>
            Array.from(e.attributes)
              .filter((a) => /^on/i.test(a.name))
              .map((a) => `${e.localName}[${a.name}]`),
          ),
          pwned: (window as unknown as { __pwned?: unknown }).__pwned,
          pageImages: document.querySelectorAll('img, svg, iframe').length,
        };
      }, HOST_SELECTOR);
    const clean = { risky: [], onAttributes: [], pwned: undefined, pageImages: 0 };

    const kinds = await badgeIds(page, BADGES);
    expect(kinds).toHaveLength(7);
    const excerpts: string[] = [];
    for (let i = 0; i < kinds.length; i++) {
      const handles = await page.$$(`pierce/${BADGES}`);
      await handles[i]?.click();
      await Promise.all(handles.map((h) => h.dispose()));
      await expect.poll(async () => (await openCard(page))?.id, { timeout: 10_000 }).toBe(kinds[i]);
      if (kinds[i] === 'unmatched') {
        excerpts.push(
          await page.evaluate(
            (host, card) =>
              document.querySelector(host)?.shadowRoot?.querySelector(`${card} [data-testid="card-excerpt"]`)
                ?.textContent ?? '',
            HOST_SELECTOR,
            CARD,
          ),
        );
      }
      const a = await audit();
      expect(a.elements).toBeGreaterThan(10);
      expect(a).toMatchObject(clean);
      await page.keyboard.press('Escape');
      await expect.poll(async () => await openCard(page)).toBeNull();
    }
    const quoted = excerpts.join('\n');
    expect(excerpts).toHaveLength(6);
    for (const payload of [
      '<img src=x onerror=window.__pwned=1>',
      '<svg onload=window.__pwned=2></svg>',
      '"><script>window.__pwned=4</script>',
      '<iframe src="javascript:window.__pwned=5"></iframe>',
      'onmouseover="window.__pwned=7"',
    ]) {
      expect(quoted).toContain(payload);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await audit()).toMatchObject(clean);
    expect(dialogs).toEqual([]);
    expect((await stats(page))?.errors).toBe(0);
    await expectPageUntouched(page);
    await page.close();
  });
});
