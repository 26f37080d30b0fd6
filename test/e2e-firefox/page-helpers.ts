/**
 * Reading the in-page layer from puppeteer in Firefox: its stats, badges, tints, the open card and
 * the reader's highlights. Everything is read inside the page (the layer's shadow root is open),
 * in the page's main world unless a realm is given: a page that breaks its builtins is read from
 * an isolated realm of our own (see {@link isolated}).
 */
import type { Page, Realm } from 'puppeteer-core';
import { expect } from 'vitest';
import { HOST_SELECTOR, STATS_ATTRIBUTE } from '../../lib/layer/host.ts';
import type { LayerStats } from '../../lib/layer/stats.ts';

export const BADGES = '[data-policylens-measure]';
export const MATCHED_BADGES = '[data-policylens-measure]:not([data-policylens-measure="unmatched"])';
export const UNMATCHED_BADGES = '[data-policylens-measure="unmatched"]';
export const CARD = '[data-policylens-card]';

/** Something that evaluates functions in a page: the page (main world) or one of its realms. */
export type Evaluator = Pick<Page, 'evaluate'> | Pick<Realm, 'evaluate'>;

/**
 * A WebDriver BiDi sandbox in the page's top frame: the page's DOM with the browser's own
 * builtins, whatever the page's scripts did to theirs. puppeteer keeps one per frame for its own
 * queries; it is not in its public types, hence the cast.
 */
export function isolated(page: Page): Realm {
  return (page.mainFrame() as unknown as { isolatedRealm(): Realm }).isolatedRealm();
}

/** The layer's stats (its host's attribute), or null before the layer is up. */
export async function stats(page: Page, realm: Evaluator = page): Promise<LayerStats | null> {
  const raw = await realm.evaluate(
    (tag, attr) => document.querySelector(tag)?.getAttribute(attr) ?? null,
    HOST_SELECTOR,
    STATS_ATTRIBUTE,
  );
  return raw ? (JSON.parse(raw) as LayerStats) : null;
}

/** Waits until the layer's first scan is done (its stats carry `readyMs`), and returns them. */
export async function firstScan(page: Page, realm: Evaluator = page): Promise<LayerStats> {
  await expect
    .poll(async () => (await stats(page, realm))?.readyMs ?? null, { timeout: 30_000 })
    .toBeTypeOf('number');
  return (await stats(page, realm)) as LayerStats;
}

/** The `data-policylens-measure` of every badge matching `selector`, in document order. */
export function badgeIds(page: Page, selector = MATCHED_BADGES, realm: Evaluator = page): Promise<string[]> {
  return realm.evaluate(
    (host, sel) => {
      const root = document.querySelector(host)?.shadowRoot;
      return root
        ? Array.from(root.querySelectorAll(sel), (b) => b.getAttribute('data-policylens-measure') ?? '')
        : [];
    },
    HOST_SELECTOR,
    selector,
  );
}

/** The number of ranges in a CSS highlight (`CSS.highlights`), 0 when it is not registered. */
export function highlightSize(page: Page, name: string, realm: Evaluator = page): Promise<number> {
  return realm.evaluate((n) => CSS.highlights.get(n)?.size ?? 0, name);
}

/** The open card, as a reader sees its fields, or null. */
export interface CardView {
  id: string | null;
  title: string | null;
  titleLang: string | null;
  lead: string | null;
  co: string | null;
  deadline: string | null;
  inferred: string | null;
  related: number;
}

export function openCard(page: Page, realm: Evaluator = page): Promise<CardView | null> {
  return realm.evaluate(
    (host, cardSel) => {
      const card = document.querySelector(host)?.shadowRoot?.querySelector(cardSel);
      if (!card) return null;
      const text = (sel: string) => card.querySelector(sel)?.textContent ?? null;
      return {
        id: card.getAttribute('data-policylens-card'),
        title: text('.card-title'),
        titleLang: card.querySelector('.card-title')?.getAttribute('lang') ?? null,
        lead: text('[data-field="lead"]'),
        co: text('[data-field="co"]'),
        deadline: text('[data-field="deadline"]'),
        inferred: text('[data-field="deadline"] .inferred'),
        related: card.querySelectorAll('[data-policylens-related]').length,
      };
    },
    HOST_SELECTOR,
    CARD,
  );
}

/** Clicks (real input, through BiDi) the element of the layer's shadow root matching `selector`. */
export async function clickInLayer(page: Page, selector: string): Promise<void> {
  const handle = await page.waitForSelector(`pierce/${selector}`, { timeout: 10_000 });
  if (!handle) throw new Error(`${selector} is not in the layer`);
  await handle.click();
  await handle.dispose();
}

/** Selects `text` (its first occurrence in the body) in the page. */
export async function selectText(page: Page, text: string): Promise<void> {
  const found = await page.evaluate((t) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const i = (node as Text).data.indexOf(t);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(node, i);
      r.setEnd(node, i + t.length);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(r);
      return true;
    }
    return false;
  }, text);
  if (!found) throw new Error(`“${text}” is not on ${page.url()}`);
}

/** The reader's highlights the page draws: highlight name → the texts it covers. */
export function drawn(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const out: Record<string, string[]> = {};
    CSS.highlights.forEach((h, name) => {
      if (name.startsWith('policylens-user-') && h.size > 0) {
        out[name] = Array.from(h as unknown as Iterable<Range>, (r) => r.toString());
      }
    });
    return out;
  });
}

/**
 * Selects `text` and presses the selection toolbar's `button` (a colour swatch's
 * `[data-colour=…]`, or `[data-action="note"]`), as a reader does. The layer notices selections
 * once its annotations have started, a moment after the first tints, so the selection is made
 * again until the toolbar shows.
 */
export async function annotateText(page: Page, text: string, button: string): Promise<void> {
  const selector = `pierce/[data-policylens-toolbar] button${button}`;
  for (let attempt = 0; ; attempt++) {
    await selectText(page, text);
    try {
      const handle = await page.waitForSelector(selector, { timeout: 2_000 });
      if (!handle) throw new Error('no toolbar');
      await handle.click();
      await handle.dispose();
      return;
    } catch (e) {
      if (attempt >= 5) throw e;
      await page.evaluate(() => getSelection()?.removeAllRanges());
    }
  }
}
