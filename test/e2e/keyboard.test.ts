/**
 * The in-page layer with the keyboard alone, in real Chromium with the built extension, on the
 * Dalian page (43 measures, a footer of links) and Changsha's (a task table):
 *
 * - the first Tab stop of the page is PolicyLens' "skip to measures", which names how many there
 *   are; Enter on it focuses the first measure's badge;
 * - the badges are one Tab stop (one of them takes focus, the others are reached with the arrow
 *   keys): ↓/→ and ↑/← move from badge to badge in reading order, Home and End go to the first and
 *   last, and each badge moved to is in the window; Tab leaves them;
 * - Enter on a badge opens its card with focus inside; Tab and Shift+Tab go round the card's own
 *   controls and never leave it, Esc closes it and focus is back on the badge;
 * - the page's body is what the site sent, byte for byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';

const expected = JSON.parse(readFileSync(join(PAGES_DIR, 'expected.json'), 'utf8')) as Record<
  string,
  { measures: string[] }
>;

const BADGES = '[data-policylens-measure]';
const CARD = '[data-policylens-card]';

/** What has focus, looking through shadow roots: which badge, card or skip entry, if any. */
interface Focus {
  measure: string | null;
  card: string | null;
  skip: boolean;
  /** The focused element's accessible text (its aria-label, else its text). */
  name: string;
  tag: string;
  /** Whether the element is inside the window now. */
  inView: boolean;
}

function focus(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const r = el?.getBoundingClientRect();
    return {
      measure: el?.getAttribute('data-policylens-measure') ?? null,
      card: el?.closest('[data-policylens-card]')?.getAttribute('data-policylens-card') ?? null,
      skip: el?.hasAttribute('data-policylens-skip') ?? false,
      name: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim(),
      tag: el?.localName ?? '',
      inView: !!r && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
    };
  });
}

describe('the layer with the keyboard', () => {
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

  async function open(host: string, file: string): Promise<Page> {
    const page = await harness.context.newPage();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        const w = window as unknown as { __before?: { text: string; html: string } };
        // Reading the markup to compare it later; nothing is written through innerHTML.
        // eslint-disable-next-line no-restricted-properties
        w.__before = { text: document.body.textContent ?? '', html: document.body.innerHTML };
      });
    });
    await page.goto(server.url(host, `/${file}`));
    const count = expected[file]?.measures.length ?? 0;
    await expect.poll(() => page.locator(BADGES).count(), { timeout: 30_000 }).toBe(count);
    // Let the page settle (late layout, annotations starting) before counting Tab stops.
    await page.waitForTimeout(300);
    return page;
  }

  it('reaches the measures first and moves between them in reading order', async () => {
    const file = 'dalian-2023.hans.html';
    const order = expected[file]?.measures ?? [];
    expect(order.length).toBe(43);
    const page = await open('www.dalian.gov.cn', file);

    // The first Tab stop of the page is "skip to measures", naming how many.
    await page.keyboard.press('Tab');
    const first = await focus(page);
    expect(first.skip, JSON.stringify(first)).toBe(true);
    expect(first.name).toContain('43');
    expect(first.inView).toBe(true);

    // Enter: the first measure's badge, in the window.
    await page.keyboard.press('Enter');
    const seen: string[] = [];
    let f = await focus(page);
    expect(f.measure).toBe(order[0]);
    expect(f.inView).toBe(true);
    seen.push(f.measure ?? '');
    for (let i = 1; i < order.length; i++) {
      await page.keyboard.press(i % 2 === 0 ? 'ArrowDown' : 'ArrowRight');
      f = await focus(page);
      expect(f.inView, `${f.measure} in the window`).toBe(true);
      seen.push(f.measure ?? '');
    }
    expect(seen).toEqual(order);
    // The last stays the last; Home, End, ↑ and ← move as they say.
    await page.keyboard.press('ArrowDown');
    expect((await focus(page)).measure).toBe(order[42]);
    await page.keyboard.press('Home');
    expect((await focus(page)).measure).toBe(order[0]);
    await page.keyboard.press('ArrowUp');
    expect((await focus(page)).measure).toBe(order[0]);
    await page.keyboard.press('End');
    expect((await focus(page)).measure).toBe(order[42]);
    await page.keyboard.press('ArrowLeft');
    expect((await focus(page)).measure).toBe(order[41]);

    // One Tab stop for all the badges: the one last focused.
    const stops = await page
      .locator(BADGES)
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).tabIndex).filter((t) => t >= 0).length);
    expect(stops).toBe(1);
    // Tab leaves the badges.
    await page.keyboard.press('Tab');
    expect((await focus(page)).measure).toBeNull();

    // The page's body is untouched.
    const body = await page.evaluate(() => {
      const w = window as unknown as { __before?: { text: string; html: string } };
      // eslint-disable-next-line no-restricted-properties -- read only, to compare
      return { before: w.__before, text: document.body.textContent, html: document.body.innerHTML };
    });
    expect(body.before).toBeDefined();
    expect(body.text).toBe(body.before?.text);
    expect(body.html).toBe(body.before?.html);
    await page.close();
  });

  it('keeps focus in an open card until Esc', async () => {
    const file = 'changsha-2017.hans.html';
    const page = await open('www.changsha.gov.cn', file);
    await page.keyboard.press('Tab');
    expect((await focus(page)).skip).toBe(true);
    await page.keyboard.press('Enter');
    // Changsha (八), a card with related measures in several sections.
    const target = 'changsha-2017:3.8';
    for (let i = 0; i < 60 && (await focus(page)).measure !== target; i++)
      await page.keyboard.press('ArrowDown');
    expect((await focus(page)).measure).toBe(target);
    await page.keyboard.press('Enter');
    await page.locator(CARD).waitFor();
    expect((await focus(page)).card).toBe(target);

    const controls = await page.locator(`${CARD} button, ${CARD} a[href]`).count();
    expect(controls).toBeGreaterThan(3);
    // Round the card forwards twice over, then backwards: focus never leaves it.
    const names = new Set<string>();
    for (let i = 0; i < controls * 2 + 2; i++) {
      await page.keyboard.press('Tab');
      const now = await focus(page);
      expect(now.card, `Tab ${i + 1}: ${JSON.stringify(now)}`).toBe(target);
      names.add(`${now.tag}:${now.name}`);
    }
    expect(names.size).toBeGreaterThanOrEqual(controls);
    for (let i = 0; i < controls + 2; i++) {
      await page.keyboard.press('Shift+Tab');
      const now = await focus(page);
      expect(now.card, `Shift+Tab ${i + 1}: ${JSON.stringify(now)}`).toBe(target);
    }
    // Esc closes the card; focus is back on its badge.
    await page.keyboard.press('Escape');
    await page.locator(CARD).waitFor({ state: 'detached' });
    expect((await focus(page)).measure).toBe(target);
    await page.close();
  });
});
