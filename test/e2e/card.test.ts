/**
 * End to end, in real Chromium with the built extension: what a card says and where it opens.
 *
 * - Contents: related measures in sections and groups by shared instrument, numbers as printed
 *   with their path, relatedness named apart from the match score, time limits in the unit the
 *   text uses, a Traditional card on a Traditional page.
 * - Measure spans: a numbered heading and its body paragraph are one measure (one badge, one tint
 *   over both); a paragraph of inline numbered measures gets one badge per measure; a corpus
 *   document's own framing paragraphs (Changsha's 基本原则) get none.
 * - Placement, in a 1280×650 window: opening a card never scrolls the page, the card fits the
 *   window, and it never covers its measure's text, for measures at the top, middle and bottom of
 *   the window on pages with different layouts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import type { Corpus, Measure } from '../../lib/corpus/types.ts';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';

const BADGES = '[data-policylens-measure]';
const CARD = '[data-policylens-card]';
const VIEWPORT = { width: 1280, height: 650 };

/** A made-up news reprint and a paragraph of inline measures, from seed texts. */
function madePage(path: string, corpus: Corpus): string | null {
  const m = (id: string): Measure => {
    const found = corpus.measures.find((x) => x.id === id);
    if (!found) throw new Error(`no ${id}`);
    return found;
  };
  if (path === '/_card/reprint.html') {
    // Xiamen 2008 四 as a news site reprints it: the number and title on one line, the text below.
    const four = m('xiamen-2008:4');
    const body = four.text.slice(four.title.length);
    return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>转载</title></head>
<body><div style="width: 700px; margin: 40px auto; font-size: 16px; line-height: 1.8">
<h1>海关支持外贸措施</h1><p>一、${four.title.replace(/。$/u, '')}</p><p>${body}</p></div></body></html>`;
  }
  if (path === '/_card/long-reprint.html') {
    // The same, on a page long enough for the layer to extract it one paragraph at a time.
    const four = m('xiamen-2008:4');
    const body = four.text.slice(four.title.length);
    const filler = Array.from(
      { length: 160 },
      (_, i) => `<p><span>第${i}段</span> <span>说明文字。</span></p>`,
    );
    return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>转载</title></head>
<body><div style="width: 700px; margin: 40px auto; font-size: 16px; line-height: 1.8">
${filler.slice(0, 80).join('')}<p>一、${four.title.replace(/。$/u, '')}</p><p>${body}</p>${filler.slice(80).join('')}
</div></body></html>`;
  }
  if (path === '/_card/inline.html') {
    const a = m('dalian-2023:2.13');
    const b = m('dalian-2023:2.14');
    return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>措施</title></head>
<body><div style="width: 700px; margin: 40px auto; font-size: 16px; line-height: 1.8">
<p>为支持口岸发展，海关推出以下措施：（一）${a.text}（二）${b.text}</p></div></body></html>`;
  }
  return null;
}

describe('cards in Chromium', () => {
  let harness: ExtensionHarness;
  let server: PagesServer | undefined;
  let corpus: Corpus;

  beforeAll(async () => {
    corpus = compileSeedsDir();
    server = await startPagesServer({ dirs: [PAGES_DIR], made: (path) => madePage(path, corpus) });
    harness = await launchExtension(undefined, { extraArgs: [GOV_HOST_RULES] });
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  async function open(host: string, path: string, badges: number): Promise<Page> {
    if (!server) throw new Error('no pages server');
    const page = await harness.context.newPage();
    await page.setViewportSize(VIEWPORT);
    await page.goto(server.url(host, path));
    await expect.poll(() => page.locator(BADGES).count(), { timeout: 30_000 }).toBe(badges);
    return page;
  }

  /**
   * Scrolls so the measure's first line sits `top` px below the window's top, clicks its badge and
   * returns the geometry: the card's box, the measure's text lines (the page elements holding its
   * text), and the scroll position before and after the click.
   */
  async function openCard(page: Page, m: Measure, top: number) {
    // The measure's opening words, without its number (a reprint may number it otherwise).
    const probe = m.text.replace(/\s+/gu, '').slice(0, 24);
    await page.evaluate(
      ({ probe: p, top: t }) => {
        // The text node where the measure starts (its first characters may span several nodes).
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const nodes: Array<{ node: Node; at: number }> = [];
        let joined = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push({ node: n, at: joined.length });
          joined += (n.textContent ?? '').replace(/\s+/gu, '');
        }
        const at = joined.indexOf(p.slice(0, 12));
        const start = [...nodes]
          .reverse()
          .find((x) => x.at <= at && (x.node.textContent ?? '').trim() !== '');
        if (at < 0 || !start) throw new Error(`no text with ${p}`);
        const r = document.createRange();
        r.selectNodeContents(start.node);
        const rect = r.getClientRects()[0];
        if (!rect) throw new Error(`${p} is not rendered`);
        window.scrollTo(0, window.scrollY + rect.top - t);
      },
      { probe, top },
    );
    const before = await page.evaluate(() => window.scrollY);
    await page.locator(`[data-policylens-measure="${m.id}"]`).click();
    await page.locator(CARD).waitFor();
    // Let the card measure and place itself (a layout effect, then a frame).
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const text = m.text;
    const geometry = await page.evaluate((measureText) => {
      const squeeze = (s: string): string => s.replace(/\s+/gu, '');
      const whole = squeeze(measureText);
      // The page's text nodes that are part of the measure: their lines are the measure's text.
      const lines: Array<{ left: number; top: number; right: number; bottom: number }> = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        // A line may open with the measure's number, as printed on this page.
        const t = squeeze(n.textContent ?? '').replace(/^[(（]?[一二三四五六七八九十\d]+[)）、.]/u, '');
        if (t.length < 4 || !whole.includes(t)) continue;
        const r = document.createRange();
        r.selectNodeContents(n);
        for (const x of r.getClientRects()) {
          if (x.width > 0 && x.height > 0)
            lines.push({ left: x.left, top: x.top, right: x.right, bottom: x.bottom });
        }
      }
      const card = document
        .querySelector('policylens-layer')
        ?.shadowRoot?.querySelector('[data-policylens-card]')
        ?.getBoundingClientRect();
      return {
        lines,
        card: card ? { left: card.left, top: card.top, right: card.right, bottom: card.bottom } : null,
        side: document
          .querySelector('policylens-layer')
          ?.shadowRoot?.querySelector('[data-policylens-card]')
          ?.getAttribute('data-side'),
        scrollY: window.scrollY,
        viewport: {
          width: document.documentElement.clientWidth,
          height: document.documentElement.clientHeight,
        },
      };
    }, text);
    return { ...geometry, before };
  }

  function checkPlacement(g: Awaited<ReturnType<typeof openCard>>, label: string): void {
    expect(g.card, label).not.toBeNull();
    const c = g.card as NonNullable<typeof g.card>;
    // Never scrolls the page.
    expect(g.scrollY, `${label}: page scrolled`).toBe(g.before);
    // Fits the window.
    expect(c.top, `${label}: card top`).toBeGreaterThanOrEqual(0);
    expect(c.left, `${label}: card left`).toBeGreaterThanOrEqual(0);
    expect(c.bottom, `${label}: card bottom`).toBeLessThanOrEqual(g.viewport.height);
    expect(c.right, `${label}: card right`).toBeLessThanOrEqual(g.viewport.width);
    // Covers none of the measure's visible lines.
    expect(g.lines.length, `${label}: measure lines found`).toBeGreaterThan(0);
    const covered = g.lines.filter(
      (l) =>
        l.bottom > 0 &&
        l.top < g.viewport.height &&
        l.left < c.right - 1 &&
        c.left < l.right - 1 &&
        l.top < c.bottom - 1 &&
        c.top < l.bottom - 1,
    );
    expect(covered, `${label}: card (${g.side}) covers the measure`).toEqual([]);
  }

  it('places cards beside or below their measure, inside a 650-px window, without scrolling', async () => {
    const cases: Array<[string, string, number, string[]]> = [
      [
        'www.dalian.gov.cn',
        '/dalian-2023.hans.html',
        43,
        ['dalian-2023:1.1', 'dalian-2023:2.13', 'dalian-2023:4.43'],
      ],
      [
        'www.xm.gov.cn',
        '/xiamen-2024.hant.html',
        39,
        ['xiamen-2024:2.1.1', 'xiamen-2024:2.4.3', 'xiamen-2024:2.6.7'],
      ],
      [
        'www.xiamen.gov.cn',
        '/xiamen-2008.hans.html',
        15,
        ['xiamen-2008:3', 'xiamen-2008:12', 'xiamen-2008:15'],
      ],
      ['www.zj.gov.cn', '/zhejiang-2004.hans.html', 18, ['zhejiang-2004:1.p3', 'zhejiang-2004:3.4']],
      // Full-width text, and a measure restated in the task table further down.
      ['changsha.customs.gov.cn', '/changsha-2017.hans.html', 41, ['changsha-2017:3.1', 'changsha-2017:3.8']],
      // A centred 700-px column: no room beside it, so the card goes below or above.
      ['www.news.gov.cn', '/_card/reprint.html', 1, ['xiamen-2008:4']],
    ];
    for (const [host, path, count, ids] of cases) {
      const page = await open(host, path, count);
      for (const id of ids) {
        const m = corpus.measures.find((x) => x.id === id) as Measure;
        for (const top of [40, 300, 560]) {
          const g = await openCard(page, m, top);
          checkPlacement(g, `${id} at ${top}px`);
          await page.keyboard.press('Escape');
          await expect.poll(() => page.locator(CARD).count()).toBe(0);
        }
      }
      await page.close();
    }
  });

  it('groups related measures by instrument, in sections, with printed paths and relatedness', async () => {
    const page = await open('www.changsha.gov.cn', '/changsha-2017.hans.html', 41);
    await page.locator('[data-policylens-measure="changsha-2017:3.8"]').click();
    const card = page.locator(CARD);
    await card.waitFor();
    const sections = await card
      .locator('.related-section')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
    expect(sections.slice(0, 2)).toEqual(['other-ports', 'same-port']);
    // "5+2 / round the clock": Xiamen 2008 三, Dalian (十三) and the others, under one heading.
    const group = card.locator('.related-section[data-section="other-ports"] .related-group').first();
    expect(await group.getAttribute('data-group')).toBe('round-the-clock');
    expect(await group.locator('.group-title').textContent()).toContain('Round-the-clock');
    const listed = await group
      .locator('[data-policylens-related]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-policylens-related')));
    expect(listed).toEqual(expect.arrayContaining(['xiamen-2008:3', 'dalian-2023:2.13']));
    // Numbers as printed, with their path where the document repeats them.
    const numbers = await card.locator('.related-number').allTextContents();
    expect(numbers).toContain('(十三)');
    expect(numbers).toContain('(一)1.');
    // Relatedness is not the match score, and says so.
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Relatedness: how much of this measure');
    expect(await card.locator('.bar').first().getAttribute('aria-label')).toBe('Relatedness');
    // The same port in other years: Changsha has none, and the section says so.
    expect(await card.locator('.related-section[data-section="same-port"] .empty').count()).toBe(1);
    // The principles of this document are its own text: no "not in the corpus" badge.
    expect(await page.locator('[data-policylens-measure="unmatched"]').count()).toBe(0);
    await page.close();
  });

  it('gives time limits in the unit the text uses, and a Traditional card on a Traditional page', async () => {
    const page = await open('www.xiamen.gov.cn', '/xiamen-2008.hans.html', 15);
    await page.locator('[data-policylens-measure="xiamen-2008:3"]').click();
    const limits = await page.locator(`${CARD} .limits li`).allTextContents();
    expect(limits.join(' | ')).toContain('same day');
    expect(limits.join(' | ')).toContain('within 2 working days');
    expect(limits.join(' | ')).not.toMatch(/\d+ h\b/u);
    await page.keyboard.press('Escape');
    await page.locator('[data-policylens-measure="xiamen-2008:2"]').click();
    // 5 → 3 working days: the units compare, so the cut is given.
    expect(await page.locator(`${CARD} .limits li`).first().textContent()).toContain(
      '5 working days → 3 working days (−40%)',
    );
    await page.close();

    const hant = await open('www.xm.gov.cn', '/xiamen-2024.hant.html', 39);
    await hant.locator('[data-policylens-measure="xiamen-2024:2.6.1"]').click();
    const card = hant.locator(CARD);
    expect(await card.locator('.card-title').getAttribute('lang')).toBe('zh-Hant');
    expect(await card.locator('[data-field="number"], dd').allTextContents()).toContain('(六)1.');
    // Xiamen 2008 is the same port in another year: its own section, never among other ports.
    const samePort = await card
      .locator('.related-section[data-section="same-port"] [data-policylens-related]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-policylens-related')));
    const otherPorts = await card
      .locator('.related-section[data-section="other-ports"] [data-policylens-related]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-policylens-related')));
    expect(samePort.every((id) => id?.startsWith('xiamen-2008:'))).toBe(true);
    expect(otherPorts.some((id) => id?.startsWith('xiamen-'))).toBe(false);
    await hant.close();
  });

  it('makes a numbered heading and its body one measure, and each inline measure its own', async () => {
    const page = await open('www.news.gov.cn', '/_card/reprint.html', 1);
    expect(await page.locator(BADGES).getAttribute('data-policylens-measure')).toBe('xiamen-2008:4');
    // One tint over the heading and the body.
    const tinted = await page.evaluate(() => {
      const hl = (
        globalThis as unknown as { CSS: { highlights: Map<string, Set<Range>> } }
      ).CSS.highlights.get('policylens-matched');
      return [...(hl ?? [])].map((r) => r.toString());
    });
    expect(tinted).toHaveLength(1);
    expect(tinted[0]).toMatch(/^一、实行担保通关/u);
    expect(tinted[0]).toContain('分批缴纳税款');
    await page.close();

    // On a long page the heading and the body are extracted as two regions: still one measure.
    const long = await open('www.news.gov.cn', '/_card/long-reprint.html', 1);
    const longTint = await long.evaluate(() => {
      const hl = (
        globalThis as unknown as { CSS: { highlights: Map<string, Set<Range>> } }
      ).CSS.highlights.get('policylens-matched');
      return [...(hl ?? [])].map((r) => r.toString());
    });
    expect(longTint).toHaveLength(1);
    expect(longTint[0]).toMatch(/^一、实行担保通关/u);
    expect(longTint[0]).toContain('分批缴纳税款');
    await long.close();

    const inline = await open('www.news.gov.cn', '/_card/inline.html', 2);
    const ids = await inline
      .locator(BADGES)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-policylens-measure')));
    expect(ids).toEqual(['dalian-2023:2.13', 'dalian-2023:2.14']);
    await inline.close();
  });
});
