/**
 * Every string a reader sees is in the UI language, in real Chromium with the built extension, for
 * each of zh-CN, zh-TW and en (Chromium's `--lang`): the cards on a Simplified, a Traditional and
 * a task-table page (a matched card, a card of a passage not in the corpus, the badges' names, the
 * selection toolbar), the popup over a page, the side panel's three sections, and the library's
 * measure, document and list views.
 *
 * Strings are checked by `ui-language.ts`: UI text marked with the UI language holds nothing of
 * another language (no message key, no other locale's words, no character of the other Chinese
 * script, no Chinese in English, no full-width brackets in English, no score as a fraction);
 * corpus text is marked `zh-Hans`/`zh-Hant` and written in that script; nothing else is marked with
 * another language (a card's English labels read with the page's `zh-CN` would be). Then a few
 * things the walk alone would not prove: theme chips and the reasons on related items are in the
 * UI language, the three languages really differ, and scores are percentages on card and library.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import type { Corpus } from '../../lib/corpus/types.ts';
import { THEMES } from '../../lib/themes.ts';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';
import { annotateText, logTabs, openPanel, selectText, tabIdOf, waitForLayer } from './panel-helpers.ts';
import { collectSeen, corpusFacts, LanguageChecker, type CorpusFacts, type UiLang } from './ui-language.ts';

const LAYER = ['policylens-layer::shadow', 'div[data-policylens-layer]::shadow', 'policylens-skip::shadow'];
const CARD = '[data-policylens-card]';

/** A notice with two measure-like paragraphs that are not in the corpus (one resembles corpus measures). */
const UNMATCHED_PAGE = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>若干措施</title></head>
<body><div style="width: 720px; margin: 40px auto; font-size: 16px; line-height: 1.8">
<h1>关于进一步优化营商环境的若干措施</h1>
<p>一、推行进口冷链食品“预约查验”，企业可通过网上预约系统选择查验时段，海关在2个工作日内完成查验。</p>
<p>二、设立企业服务专窗，为中小微企业提供政策咨询和业务指导。</p>
</div></body></html>`;

describe.each(['zh-CN', 'zh-TW', 'en'] as const)('the UI in %s', (lang: UiLang) => {
  let harness: ExtensionHarness;
  let server: PagesServer;
  let corpus: Corpus;
  let facts: CorpusFacts;
  let checker: LanguageChecker;
  const problems: string[] = [];

  beforeAll(async () => {
    corpus = compileSeedsDir();
    facts = corpusFacts(corpus);
    checker = new LanguageChecker(lang, facts);
    server = await startPagesServer({
      dirs: [PAGES_DIR],
      made: (path) => (path === '/_lang/unmatched.html' ? UNMATCHED_PAGE : null),
    });
    harness = await launchExtension(undefined, {
      extraArgs: [GOV_HOST_RULES, `--lang=${lang}`],
      locale: lang,
    });
    await logTabs(harness);
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  async function webPage(host: string, path: string): Promise<Page> {
    const page = await harness.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(server.url(host, path));
    await page.locator('[data-policylens-measure]').first().waitFor({ timeout: 30_000 });
    return page;
  }

  /** Opens the card of `measure` (a measure id, or `unmatched`) and checks everything the layer shows. */
  async function walkCard(page: Page, measure: string, place: string): Promise<void> {
    await page.locator(`[data-policylens-measure="${measure}"]`).first().click();
    await page.locator(CARD).waitFor();
    const seen = await collectSeen(page, LAYER);
    expect(seen.length, place).toBeGreaterThan(10);
    problems.push(...checker.check(seen, place));
    await page.keyboard.press('Escape');
    await page.locator(CARD).waitFor({ state: 'detached' });
  }

  it('cards, badges and the selection toolbar', async () => {
    problems.length = 0;
    const dalian = await webPage('www.dalian.gov.cn', '/dalian-2023.hans.html');
    await walkCard(dalian, 'dalian-2023:2.13', 'Dalian card (十三)');
    // The selection toolbar (colour names, "Note").
    await waitForLayer(dalian);
    await selectText(dalian, '提供进出境7×24小时通关保障');
    await dalian.locator('[data-policylens-toolbar]').waitFor();
    problems.push(...checker.check(await collectSeen(dalian, LAYER), 'Dalian with the selection toolbar'));

    // Theme chips in the UI language; scores as whole percentages; in English, the reasons on
    // related items name the shared instruments in English.
    await dalian.locator('[data-policylens-measure="dalian-2023:2.13"]').click();
    const chips = dalian.locator(`${CARD} .chip:not(.why)`);
    await chips.first().waitFor();
    const themes = new Set(THEMES.map((th) => th.labels[lang]));
    for (const chip of await chips.allTextContents()) {
      if (!themes.has(chip))
        problems.push(`${lang} Dalian card: theme chip “${chip}” is not a ${lang} theme label`);
    }
    const scores = await dalian
      .locator(`${CARD} .score-value, ${CARD} [data-field="match"]`)
      .allTextContents();
    if (scores.length < 2) problems.push(`${lang} Dalian card: ${scores.length} scores found`);
    for (const score of scores) {
      if (!/^\d{1,3}%$/u.test(score))
        problems.push(`${lang} Dalian card: score “${score}” is not a percentage`);
    }
    if (lang === 'en') {
      const why = await dalian.locator(`${CARD} .chip.why`).allTextContents();
      if (why.length === 0) problems.push('en Dalian card: no reasons on related items');
      for (const w of why)
        if (/[\u3400-\u9fff]/u.test(w)) problems.push(`en Dalian card: the reason “${w}” is Chinese`);
    }
    await dalian.close();

    const xiamen = await webPage('www.xm.gov.cn', '/xiamen-2024.hant.html');
    await walkCard(xiamen, 'xiamen-2024:2.1.1', 'Xiamen 2024 (Traditional) card');
    await xiamen.close();

    const changsha = await webPage('www.changsha.gov.cn', '/changsha-2017.hans.html');
    await walkCard(changsha, 'changsha-2017:3.8', 'Changsha card (八)');
    await changsha.close();

    const unmatched = await webPage('www.example.gov.cn', '/_lang/unmatched.html');
    await walkCard(unmatched, 'unmatched', 'a card of a passage not in the corpus');
    await unmatched.close();

    expect(problems.join('\n')).toBe('');
  });

  it('the popup over a page', async () => {
    problems.length = 0;
    const page = await webPage('www.dalian.gov.cn', '/dalian-2023.hans.html');
    const popup = await harness.context.newPage();
    await popup.goto(harness.url('popup.html'));
    await popup.getByTestId('scan-page').waitFor();
    problems.push(...checker.check(await collectSeen(popup, ['body']), 'popup on its own tab'));
    // The popup reads the active tab when it opens: with the page in front it shows that page.
    await page.bringToFront();
    await popup.reload();
    await expect.poll(() => popup.getByTestId('stat-matched').textContent(), { timeout: 10_000 }).toBe('43');
    problems.push(...checker.check(await collectSeen(popup, ['body']), 'popup over the Dalian page'));
    await popup.close();
    await page.close();
    expect(problems.join('\n')).toBe('');
  });

  it("the side panel's sections", async () => {
    problems.length = 0;
    const page = await webPage('www.dalian.gov.cn', '/dalian-2023.hans.html?case=lang');
    await waitForLayer(page);
    await annotateText(page, '提供进出境7×24小时通关保障', 'green');
    const tabId = await tabIdOf(harness, page.url());
    const { panel, errors } = await openPanel(harness, tabId);
    await panel.getByTestId('annotation').first().waitFor();
    problems.push(...checker.check(await collectSeen(panel, ['body']), 'side panel, this page'));
    await panel.getByTestId('section-all').click();
    await panel.getByTestId('search').fill('全天候');
    await panel.getByTestId('result').first().waitFor();
    problems.push(...checker.check(await collectSeen(panel, ['body']), 'side panel, everything'));
    await panel.getByTestId('section-settings').click();
    await panel.getByTestId('print-highlights').waitFor();
    problems.push(...checker.check(await collectSeen(panel, ['body']), 'side panel, settings'));
    expect(errors).toEqual([]);
    await panel.close();
    await page.close();
    expect(problems.join('\n')).toBe('');
  });

  it("the library's measure, document and list views", async () => {
    problems.length = 0;
    const page = await harness.context.newPage();
    for (const [hash, ready] of [
      ['#measure=dalian-2023:2.13', 'related-item'],
      ['#measure=changsha-2017:3.8&with=dalian-2023:2.13', 'related-item'],
      ['#doc=changsha-2017', 'library'],
      ['#doc=xiamen-2024/(六)1.', 'library'],
      ['#measures?instrument=round-the-clock', 'library'],
    ] as const) {
      await page.goto(harness.url(`library.html${hash}`));
      await page.getByTestId(ready).first().waitFor();
      await page.waitForTimeout(200);
      problems.push(...checker.check(await collectSeen(page, ['body']), `library ${hash}`));
    }
    if (lang === 'en') {
      await page.goto(harness.url('library.html#measure=dalian-2023:2.13'));
      await page.getByTestId('related-item').first().waitFor();
      const why = await page.locator('[data-testid="related-item"] .chip').allTextContents();
      if (why.length === 0) problems.push('en library: no reasons on related items');
      for (const w of why)
        if (/[\u3400-\u9fff]/u.test(w)) problems.push(`en library: the reason “${w}” is Chinese`);
    }
    await page.close();
    expect(problems.join('\n')).toBe('');
  });
});
