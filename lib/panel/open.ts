/**
 * Where a search result takes the reader:
 * - an annotation: its page, in the tab that already shows it (focused) or a new one, then the
 *   passage scrolled to and flashed once the tab's content script has anchored it
 *   ({@link revealWhenReady});
 * - a corpus measure: the library at that measure (`library.html#measure=<id>`), in the library tab
 *   already open if there is one (the library follows `hashchange`), else a new tab; any other
 *   library address (a document, from the popup) likewise.
 *
 * Which tab shows a page comes from the background's tab → page registry (`TabPages`, in
 * `storage.session`): `tabs.query` does not tell this extension a government tab's URL. The
 * extension's own pages it does tell, which is how the library tab is found.
 *
 * Only http(s) pages are opened (an imported record could name anything).
 */
import type { Annotation } from '../annotation/model.ts';
import { pageKey } from '../annotation/page-url.ts';
import { measureHash } from '../cards/library-link.ts';
import type { PageState } from '../messaging.ts';

/** A tab as these functions need it. */
export interface TabRef {
  id: number;
  windowId: number;
  url?: string;
}

/** The browser, as opening results needs it. */
export interface OpenDeps {
  /** Tabs whose content script reported a page with one of these keys (`TabPages.tabsFor`). */
  tabsShowing(keys: readonly string[]): Promise<number[]>;
  /** The tab, or null when it is gone. */
  getTab(tabId: number): Promise<TabRef | null>;
  /** Every tab the extension can list (its own pages carry their URL). */
  allTabs(): Promise<TabRef[]>;
  createTab(url: string): Promise<TabRef>;
  /** Loads `url` in a tab (a library tab: a new hash). */
  navigate(tabId: number, url: string): Promise<void>;
  /** Selects the tab and raises its window. */
  activate(tab: TabRef): Promise<void>;
}

/** How opening a page went. */
export type OpenedPage = { ok: true; tabId: number; created: boolean } | { ok: false; reason: 'not-web' };

/** Opens (or focuses) the page an annotation was made on. */
export async function openAnnotationPage(deps: OpenDeps, a: Annotation): Promise<OpenedPage> {
  if (pageKey(a.page.url) === null) return { ok: false, reason: 'not-web' };
  for (const tabId of await deps.tabsShowing(a.keys)) {
    const tab = await deps.getTab(tabId);
    if (!tab) continue;
    await deps.activate(tab);
    return { ok: true, tabId: tab.id, created: false };
  }
  const tab = await deps.createTab(a.page.url);
  await deps.activate(tab);
  return { ok: true, tabId: tab.id, created: true };
}

/** Opens the library at a measure, reusing an open library tab. `base`: the library page's URL. */
export function openLibraryAt(deps: OpenDeps, base: string, measureId: string): Promise<number> {
  return openLibraryHash(deps, base, measureHash(measureId));
}

/**
 * Opens the library at any of its addresses (`#doc=dalian-2023`: `lib/library/route.ts`), reusing
 * an open library tab. With no address (`''`) an open library tab is only brought forward, where
 * the reader left it.
 */
export async function openLibraryHash(deps: OpenDeps, base: string, hash: string): Promise<number> {
  const url = `${base}${hash}`;
  const open = (await deps.allTabs()).find((t) => typeof t.url === 'string' && t.url.split('#')[0] === base);
  if (open) {
    if (hash !== '') await deps.navigate(open.id, url);
    await deps.activate(open);
    return open.id;
  }
  const tab = await deps.createTab(url);
  await deps.activate(tab);
  return tab.id;
}

/** What revealing a passage in a tab needs. */
export interface RevealDeps {
  /**
   * Sends `reveal` to the tab's content script: true when the passage was shown, false when it is
   * not anchored (yet); rejects when no content script answers (the page is still loading).
   */
  reveal(): Promise<boolean>;
  /** Hears the page states the tab reports (`page-state-changed`); returns how to stop. */
  onState(listener: (state: PageState) => void): () => void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(id: unknown): void;
}

/** How a reveal ended. */
export type RevealOutcome = 'revealed' | 'orphan' | 'timeout';

/** How long a new tab may take to load and anchor, and how often to ask again meanwhile. */
export const REVEAL_TIMEOUT_MS = 20_000;
export const REVEAL_RETRY_MS = 750;

/**
 * Reveals an annotation in a tab as soon as the content script has anchored it: asks at once, again
 * whenever the tab reports a state where the annotation is anchored, and every
 * {@link REVEAL_RETRY_MS} in case a report was missed (the content script may have anchored before
 * the panel listened). Ends when revealed, when the tab reports it an orphan, or after the timeout.
 */
export function revealWhenReady(
  deps: RevealDeps,
  annotationId: string,
  options: { timeoutMs?: number; retryMs?: number } = {},
): Promise<RevealOutcome> {
  return new Promise((resolve) => {
    let done = false;
    let asking = false;
    let retry: unknown;
    let stop: () => void = () => undefined;
    const finish = (outcome: RevealOutcome): void => {
      if (done) return;
      done = true;
      stop();
      deps.clearTimer(retry);
      deps.clearTimer(timeout);
      resolve(outcome);
    };
    const timeout = deps.setTimer(() => finish('timeout'), options.timeoutMs ?? REVEAL_TIMEOUT_MS);
    const ask = (): void => {
      if (done || asking) return;
      asking = true;
      deps.reveal().then(
        (ok) => {
          asking = false;
          if (ok) finish('revealed');
        },
        () => {
          asking = false;
        },
      );
    };
    const tick = (): void => {
      if (done) return;
      ask();
      retry = deps.setTimer(tick, options.retryMs ?? REVEAL_RETRY_MS);
    };
    stop = deps.onState((state) => {
      const s = Array.isArray(state?.anchors) ? state.anchors.find((a) => a.id === annotationId) : undefined;
      if (s?.status === 'orphan') finish('orphan');
      else if (s?.status === 'anchored') ask();
    });
    tick();
  });
}
