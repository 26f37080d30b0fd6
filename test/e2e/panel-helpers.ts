/**
 * Driving the side panel and the pages it shows from Playwright, for `sidepanel.test.ts` and the
 * demo: the panel opened as a tab for a given tab (`sidepanel.html?tab=<id>`), which tab shows a
 * page (learnt from the content script's own messages, as the background learns it), text selected
 * on a page, and the reader's highlights as the page draws them (CSS Custom Highlights).
 */
import type { Page, Worker } from 'playwright-core';
import type { ExtensionHarness } from './harness.ts';

/** The extension's service worker now (a restarted worker replaces the one the harness started with). */
export function worker(harness: ExtensionHarness): Worker {
  const all = harness.context.serviceWorkers().filter((w) => w.url().startsWith('chrome-extension://'));
  return all[all.length - 1] ?? harness.serviceWorker;
}

/**
 * Makes the service worker note which tab each content script speaks from (`sender.tab` carries
 * the URL, while `tabs.query` hides it from this extension). Call once per worker, before the pages
 * load.
 */
export async function logTabs(harness: ExtensionHarness): Promise<void> {
  await worker(harness).evaluate(`(() => {
    if (globalThis.__tabOf) return;
    globalThis.__tabOf = {};
    chrome.runtime.onMessage.addListener((m, s) => {
      if (s.tab && s.tab.url && (s.frameId === 0 || s.frameId === undefined)) globalThis.__tabOf[s.tab.url] = s.tab.id;
    });
  })()`);
}

/** The id of the tab whose content script last spoke from `url` (waits up to 15 s). */
export async function tabIdOf(harness: ExtensionHarness, url: string): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const id = (await worker(harness).evaluate(`(globalThis.__tabOf || {})[${JSON.stringify(url)}]`)) as
      number | undefined;
    if (typeof id === 'number') return id;
    if (Date.now() > deadline) throw new Error(`no content script spoke from ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the layer has tinted the page's measures (it is up, and its annotations load next). */
export async function waitForLayer(page: Page, timeoutMs = 15_000): Promise<void> {
  await page.waitForFunction(`(CSS.highlights.get('policylens-matched')?.size ?? 0) > 0`, undefined, {
    timeout: timeoutMs,
  });
}

/** Selects `length` characters from the first occurrence of `text` in the page's body (the whole of it by default). */
export async function selectText(page: Page, text: string, length = text.length): Promise<void> {
  const found = await page.evaluate(
    ([t, n]) => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const i = (node as Text).data.indexOf(t);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + n);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(r);
        return true;
      }
      return false;
    },
    [text, length] as const,
  );
  if (!found) throw new Error(`“${text}” is not on ${page.url()}`);
}

/** The reader's highlights the page draws: highlight name → the texts it covers. */
export function drawn(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const out: Record<string, string[]> = {};
    for (const [name, h] of CSS.highlights) {
      if (name.startsWith('policylens-user-') && h.size > 0) {
        out[name] = [...h].map((r) => (r as Range).toString());
      }
    }
    return out;
  });
}

/**
 * Selects `text` and annotates it with the selection toolbar's swatch of `colour`, as a reader does.
 * The layer listens for selections once its annotations have started, a moment after the measures
 * are tinted (what `waitForLayer` sees): a selection made in between goes unnoticed, so it is made
 * again until the toolbar shows.
 */
export async function annotateText(page: Page, text: string, colour: string): Promise<void> {
  const button = page.locator(`[data-policylens-toolbar] button[data-colour="${colour}"]`);
  for (let attempt = 0; ; attempt++) {
    await selectText(page, text);
    try {
      await button.waitFor({ timeout: 2_000 });
      break;
    } catch (e) {
      if (attempt >= 5) throw e;
      await page.evaluate(() => getSelection()?.removeAllRanges());
    }
  }
  await button.click();
}

/** Opens the side panel as a tab showing `tabId`, collecting its uncaught errors. */
export async function openPanel(
  harness: ExtensionHarness,
  tabId: number | null,
  viewport = { width: 420, height: 900 },
): Promise<{ panel: Page; errors: string[] }> {
  const panel = await harness.context.newPage();
  const errors: string[] = [];
  panel.on('pageerror', (e) => errors.push(e.message));
  await panel.setViewportSize(viewport);
  await panel.goto(harness.url(tabId === null ? 'sidepanel.html' : `sidepanel.html?tab=${tabId}`));
  await panel.getByTestId('side-panel').waitFor();
  return { panel, errors };
}

/** Sends a page-to-background message from an extension page (raw envelope: no bundler code in the page). */
export function ask(page: Page, type: string, data: unknown): Promise<unknown> {
  return page.evaluate(
    ([t, d]) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).chrome.runtime.sendMessage({ policylens: 1, direction: 'page-to-background', type: t, data: d }),
    [type, data] as const,
  );
}
