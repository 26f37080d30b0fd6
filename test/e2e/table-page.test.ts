/**
 * A notice whose measures are rows of a task table (Changsha's 工作任务分解表, as the customs site
 * prints it: a full-width table at the window's edge, a narrow 序号 column), end to end in
 * Chromium with the built extension:
 *
 * - every task's badge sits at the same place in its row, inside the row's first cell: never on
 *   the table's border at the window's edge, never over the task's number, whatever the number's
 *   width (1 to 31), in a wide and in a narrower window;
 * - a group-heading row that only restates a measure already badged in the text (一、深化全国…) is
 *   not tinted (a tint without a badge reads as a measure nobody can open); it lights up with the
 *   others when that measure's card is open;
 * - the mark of a passage that is not in the corpus is visibly a mark: a continuous band under or
 *   behind its text, not a dotted line that reads like stray full stops.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';
import { waitForLayer } from './panel-helpers.ts';

const BADGES = '[data-policylens-measure]';
const CARD = '[data-policylens-card]';

/** Two passages that read like measures and are in no corpus document (one in a table row). */
const NOT_IN_CORPUS = [
  '推行进口货物“提前申报”模式。对符合条件的进口货物,企业可在货物抵达口岸前向海关提前申报,海关在货物抵港后即时验放,压缩进口整体通关时间。',
  '实施出口货物“抵港直装”试点。对符合条件的出口集装箱货物,企业可在货物抵达港区前完成申报,海关在货物抵港后直接装船,减少货物在港区的滞留时间。',
];

function madePage(path: string): string | null {
  if (path !== '/_table/unmatched.html') return null;
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>补充措施</title></head>
<body style="font-family: sans-serif"><div style="width: 760px; margin: 40px auto; font-size: 16px; line-height: 1.8">
<h1>关于进一步优化口岸通关措施的补充通知</h1>
<p id="first">(一)${NOT_IN_CORPUS[0]}</p>
<table border="1" cellspacing="0" cellpadding="4" width="100%"><tbody>
<tr><th>序号</th><th>具体任务</th><th>完成时限</th></tr>
<tr><td align="center">1</td><td id="row">${NOT_IN_CORPUS[1]}</td><td align="center">年内</td></tr>
</tbody></table></div></body></html>`;
}

/** Each task row's badge, first cell and number, in client coordinates. */
function taskRows(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('policylens-layer')?.shadowRoot;
    const box = (r: DOMRect) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const rows: Array<{
      number: string;
      badge: ReturnType<typeof box> | null;
      cell: ReturnType<typeof box>;
      border: { left: number; top: number };
      digits: ReturnType<typeof box>;
    }> = [];
    for (const tr of document.querySelectorAll('table tr')) {
      const cell = tr.querySelector('td');
      const number = cell?.textContent?.trim() ?? '';
      if (!cell || !/^\d+$/u.test(number)) continue;
      const badge = root?.querySelector(`[data-policylens-measure="changsha-2017:t${number}"]`);
      const range = document.createRange();
      range.selectNodeContents(cell);
      const digits = [...range.getClientRects()].find((r) => r.width > 0) ?? cell.getBoundingClientRect();
      rows.push({
        number,
        badge: badge ? box(badge.getBoundingClientRect()) : null,
        cell: box(cell.getBoundingClientRect()),
        border: { left: cell.clientLeft, top: cell.clientTop },
        digits: box(digits),
      });
    }
    return rows;
  });
}

describe('a task table in Chromium', () => {
  let harness: ExtensionHarness;
  let server: PagesServer;

  beforeAll(async () => {
    server = await startPagesServer({ dirs: [PAGES_DIR], made: madePage });
    harness = await launchExtension(undefined, { extraArgs: [GOV_HOST_RULES] });
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  async function open(path: string, width: number, badges: number, tinted = true): Promise<Page> {
    const page = await harness.context.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(server.url('www.changsha.gov.cn', path));
    await expect.poll(() => page.locator(BADGES).count(), { timeout: 30_000 }).toBe(badges);
    if (tinted) await waitForLayer(page);
    return page;
  }

  it('puts every task badge at the same place in its row, off the border and off the number', async () => {
    for (const width of [1280, 1000]) {
      const page = await open('/changsha-2017.hans.html', width, 41);
      await page.locator('table').scrollIntoViewIfNeeded();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const rows = await taskRows(page);
      expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 31 }, (_, i) => String(i + 1)));
      const offsets = new Set<string>();
      for (const r of rows) {
        const label = `${width}px, task ${r.number}`;
        expect(r.badge, label).not.toBeNull();
        const b = r.badge as NonNullable<typeof r.badge>;
        // Inside the first cell, clear of its borders (and so of the window's edge).
        expect(b.left, `${label}: left`).toBeGreaterThanOrEqual(r.cell.left + r.border.left);
        expect(b.top, `${label}: top`).toBeGreaterThanOrEqual(r.cell.top + r.border.top);
        expect(b.right, `${label}: right`).toBeLessThanOrEqual(r.cell.right - r.border.left);
        expect(b.bottom, `${label}: bottom`).toBeLessThanOrEqual(r.cell.bottom - r.border.top);
        // Not over the number.
        const over =
          b.left < r.digits.right &&
          r.digits.left < b.right &&
          b.top < r.digits.bottom &&
          r.digits.top < b.bottom;
        expect(over, `${label}: badge over the number`).toBe(false);
        offsets.add(`${Math.round(b.left - r.cell.left)},${Math.round(b.top - r.cell.top)}`);
      }
      // The same place in every row.
      expect([...offsets], `${width}px: badge offsets from the row's first cell`).toHaveLength(1);
      await page.close();
    }
  });

  it('leaves group-heading rows untinted unless their measure is open', async () => {
    const page = await open('/changsha-2017.hans.html', 1280, 41);
    const groups = () =>
      page.evaluate(() => {
        const rows = [...document.querySelectorAll('table tr.group')];
        const hit = (name: string) =>
          rows
            .filter((tr) =>
              [...(CSS.highlights.get(name) ?? [])].some((r) => (r as Range).intersectsNode(tr)),
            )
            .map((tr) => tr.textContent?.trim() ?? '');
        const root = document.querySelector('policylens-layer')?.shadowRoot;
        const badged = rows.filter((tr) => {
          const r = tr.getBoundingClientRect();
          return [...(root?.querySelectorAll('[data-policylens-measure]') ?? [])].some((b) => {
            const x = b.getBoundingClientRect();
            return x.top < r.bottom && r.top < x.bottom;
          });
        });
        return {
          rows: rows.length,
          tinted: hit('policylens-matched').concat(hit('policylens-unmatched')),
          active: hit('policylens-active'),
          badged: badged.length,
        };
      });
    const before = await groups();
    expect(before.rows).toBe(10);
    expect(before.tinted).toEqual([]);
    expect(before.badged).toBe(0);
    // The card of (一) lights up its restatement in the table too.
    await page.locator('[data-policylens-measure="changsha-2017:3.1"]').click();
    await page.locator(CARD).waitFor();
    expect((await groups()).active).toEqual(['一、深化全国通关一体化改革,提升便利化水平']);
    await page.close();
  });

  it('marks a passage that is not in the corpus with a continuous band, in a paragraph and in a table', async () => {
    const page = await open('/_table/unmatched.html', 1280, 2, false);
    expect(await page.locator('[data-policylens-measure="unmatched"]').count()).toBe(2);
    for (const id of ['first', 'row']) {
      // The first line of the passage, screenshot with its mark and with the mark taken away.
      const line = await page.evaluate((elId) => {
        const el = document.getElementById(elId) as HTMLElement;
        const r = document.createRange();
        r.selectNodeContents(el);
        const first = [...r.getClientRects()].find((x) => x.width > 0) as DOMRect;
        return { x: first.left, y: first.top, width: first.width, height: first.height };
      }, id);
      const clip = {
        x: Math.floor(line.x),
        y: Math.floor(line.y),
        width: Math.floor(line.width),
        height: Math.ceil(line.height) + 2,
      };
      const marked = await page.screenshot({ clip });
      await page.evaluate(() => {
        const w = window as unknown as { __mark?: Highlight };
        w.__mark = CSS.highlights.get('policylens-unmatched');
        CSS.highlights.delete('policylens-unmatched');
      });
      const bare = await page.screenshot({ clip });
      await page.evaluate(() => {
        const w = window as unknown as { __mark?: Highlight };
        if (w.__mark) CSS.highlights.set('policylens-unmatched', w.__mark);
      });
      const columns = await changedColumns(page, marked, bare);
      // A continuous mark changes (nearly) every column along the line, not every other one.
      expect(columns.share, `${id}: share of columns the mark changes`).toBeGreaterThan(0.9);
      expect(columns.thickest, `${id}: rows the mark changes in a column`).toBeGreaterThanOrEqual(2);
    }
    await page.close();
  });
});

/** Compares two PNG screenshots of one clip in the page (decoded by the browser). */
async function changedColumns(
  page: Page,
  a: Buffer,
  b: Buffer,
): Promise<{ share: number; thickest: number }> {
  return page.evaluate(
    async ([pa, pb]) => {
      const pixels = async (b64: string) => {
        const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
        const c = new OffscreenCanvas(img.width, img.height);
        const g = c.getContext('2d') as OffscreenCanvasRenderingContext2D;
        g.drawImage(img, 0, 0);
        return g.getImageData(0, 0, img.width, img.height);
      };
      const x = await pixels(pa);
      const y = await pixels(pb);
      let columns = 0;
      let thickest = 0;
      for (let col = 0; col < x.width; col++) {
        let n = 0;
        for (let row = 0; row < x.height; row++) {
          const i = (row * x.width + col) * 4;
          if (
            Math.abs((x.data[i] as number) - (y.data[i] as number)) > 6 ||
            Math.abs((x.data[i + 1] as number) - (y.data[i + 1] as number)) > 6 ||
            Math.abs((x.data[i + 2] as number) - (y.data[i + 2] as number)) > 6
          )
            n++;
        }
        if (n > 0) columns++;
        thickest = Math.max(thickest, n);
      }
      return { share: columns / x.width, thickest };
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}
