/**
 * What a card says about where its facts come from, and how a reader takes a measure away, end to
 * end in Chromium with the built extension (English UI):
 *
 * - every "inferred" tag explains itself, as a tooltip and as its accessible name: what was
 *   inferred and from which words of the notice ("Date inferred from “从2008年11月起”"), in the
 *   page's script; Changsha's task deadline `年内 (2017-12-31)` is a reading too, from 年内 and the
 *   notice's own date, and is tagged like the others;
 * - "Copy" puts the measure's text on the clipboard with its citation: document title, issuer,
 *   date (marked when inferred), number path and the library address, which opens the document
 *   at that measure;
 * - copying a card's text by selecting it gives words apart: no tag or chip glued to the value
 *   before it ("2023inferred", "2023推定").
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import type { Corpus } from '../../lib/corpus/types.ts';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';

const BADGES = '[data-policylens-measure]';
const CARD = '[data-policylens-card]';
/** A value and a tag or chip glued together when copied. */
const GLUED = /[\p{L}\p{N}](?:inferred|推定)/u;

describe('where a card’s facts come from, and copying it, in Chromium', () => {
  let harness: ExtensionHarness;
  let server: PagesServer;
  let corpus: Corpus;
  /** A page on a secure origin (127.0.0.1) allowed to read the clipboard. */
  let reader: Page;

  beforeAll(async () => {
    corpus = compileSeedsDir();
    server = await startPagesServer({
      dirs: [PAGES_DIR],
      made: (path) => (path === '/_cite/reader.html' ? '<!DOCTYPE html><title>clipboard</title>' : null),
    });
    harness = await launchExtension(undefined, { extraArgs: [GOV_HOST_RULES] });
    const origin = `http://127.0.0.1:${server.port}`;
    await harness.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    reader = await harness.context.newPage();
    await reader.goto(`${origin}/_cite/reader.html`);
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  async function clipboard(): Promise<string> {
    await reader.bringToFront();
    return reader.evaluate(() => navigator.clipboard.readText());
  }

  async function openCard(host: string, path: string, id: string): Promise<Page> {
    const page = await harness.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.url(host, path));
    await expect.poll(() => page.locator(BADGES).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.locator(`[data-policylens-measure="${id}"]`).click();
    await page.locator(CARD).waitFor();
    return page;
  }

  /** Each "inferred" tag of the open card: its tooltip, and the card's accessibility tree. */
  async function tags(page: Page): Promise<{ titles: string[]; tree: string }> {
    const card = page.locator(CARD);
    const titles = await card
      .locator('.inferred')
      .evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
    return { titles, tree: await card.ariaSnapshot() };
  }

  it('says what each "inferred" tag inferred, and from what', async () => {
    const cases: Array<[string, string, string, string[]]> = [
      ['www.xm.gov.cn', '/xiamen-2008.hans.html', 'xiamen-2008:1', ['Date inferred from “从2008年11月起”']],
      ['www.xm.gov.cn', '/xiamen-2008.hant.html', 'xiamen-2008:1', ['Date inferred from “從2008年11月起”']],
      [
        'www.changsha.gov.cn',
        '/changsha-2017.hans.html',
        'changsha-2017:t1',
        [
          'Title inferred from “长沙海关进一步提高通关效率工作任务分解表”',
          'Deadline 2017-12-31 inferred from “年内” and “2017年4月1日”',
        ],
      ],
      [
        'www.zj.gov.cn',
        '/zhejiang-2004.hans.html',
        'zhejiang-2004:3.1',
        [
          'Title inferred from “《浙江省“大通关”建设实施方案》”',
          'Date inferred from “在2004年年底以前”',
          'Issuer inferred from “省大通关建设工作领导小组”',
          'Deadline 2004-12-31 inferred from “在2004年年底以前”',
        ],
      ],
      ['www.dalian.gov.cn', '/dalian-2023.hans.html', 'dalian-2023:2.13', ['Date inferred from “新三样”']],
    ];
    for (const [host, path, id, expected] of cases) {
      const page = await openCard(host, path, id);
      const { titles, tree } = await tags(page);
      expect(titles, `${path} ${id}`).toEqual(expected);
      for (const explanation of expected)
        expect(tree, `${path} ${id}: accessible name`).toContain(explanation);
      await page.close();
    }
  });

  it('copies the measure with its citation, and the address opens it in the library', async () => {
    const page = await openCard('www.dalian.gov.cn', '/dalian-2023.hans.html', 'dalian-2023:2.13');
    const m = corpus.measures.find((x) => x.id === 'dalian-2023:2.13');
    if (!m) throw new Error('no dalian-2023:2.13');
    await page.locator(`${CARD} [data-action="copy"]`).click();
    await expect.poll(() => page.locator(`${CARD} [role="status"]`).textContent()).toContain('Copied');
    const text = await clipboard();
    const address = `${harness.url('library.html')}#doc=dalian-2023/(十三)`;
    expect(text).toContain(`(十三) ${m.text}`);
    expect(text).toContain('大连海关优化口岸营商环境 促进外贸提质增效惠企措施');
    expect(text).toContain('大连海关, 2023 (inferred), 二、(十三)');
    expect(text).toContain(address);

    const library = await harness.context.newPage();
    await library.goto(address);
    const target = library.locator('[data-testid="doc-measure"][aria-current="true"]');
    await target.waitFor();
    expect(await target.getAttribute('data-measure-id')).toBe('dalian-2023:2.13');
    await library.close();
    await page.close();
  });

  it('copies a card selected by hand with its words apart', async () => {
    for (const [host, path, id] of [
      ['www.dalian.gov.cn', '/dalian-2023.hans.html', 'dalian-2023:2.13'],
      ['www.changsha.gov.cn', '/changsha-2017.hans.html', 'changsha-2017:t27'],
    ] as const) {
      const page = await openCard(host, path, id);
      const chips = await page.locator(`${CARD} .card-fields .chip`).allTextContents();
      expect(chips.length, `${id}: themes`).toBeGreaterThan(1);
      // Select the card's title and fields, as a reader drags over them, and copy.
      await page.evaluate(() => {
        const card = document
          .querySelector('policylens-layer')
          ?.shadowRoot?.querySelector('[data-policylens-card]');
        const title = card?.querySelector('.card-title');
        const fields = card?.querySelector('.card-fields');
        if (!title || !fields) throw new Error('no card');
        const r = document.createRange();
        r.setStartBefore(title);
        r.setEndAfter(fields);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(r);
      });
      await page.keyboard.press('Control+C');
      const text = await clipboard();
      expect(text, id).toContain(chips[0]);
      expect(text, `${id}: a tag glued to its value`).not.toMatch(GLUED);
      for (let i = 1; i < chips.length; i++) {
        const a = text.indexOf(chips[i - 1] as string);
        const b = text.indexOf(chips[i] as string, a);
        const between = text.slice(a + (chips[i - 1] as string).length, b);
        expect(between, `${id}: between “${chips[i - 1]}” and “${chips[i]}”`).toMatch(/^[\s,、;，；]+$/u);
      }
      await page.close();
    }
  });
});
