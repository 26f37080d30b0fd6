/**
 * The side panel's {@link PanelEnv} over the real browser: WXT's `browser`, the panel window's
 * `navigator.storage` and `localStorage`. `entrypoints/sidepanel/main.tsx` calls
 * {@link browserPanelEnv} once and hands the result to the component.
 *
 * - The store is opened here, in the panel (an extension page may open Dexie): its writes announce
 *   themselves to the other extension contexts and to the tabs showing the page
 *   (`openExtensionStore`), so nothing depends on the service worker being awake.
 * - Searches go to the background, which holds the index over annotations and the bundled corpus
 *   (the panel does not load the corpus).
 * - Page states arrive from content scripts as `content-to-page` messages, checked by `dispatch()`
 *   (our extension, from a tab's content script); the panel never answers them, so it cannot stand
 *   in for the background's answer to anything.
 */
import type { WxtBrowser } from 'wxt/browser';
import { askBackground } from '../background/client.ts';
import { readFocus, SIDE_PANEL_FOCUS_KEY } from '../background/side-panel.ts';
import type { BackgroundApi } from '../background/api.ts';
import { scriptForLanguage } from '../cards/script.ts';
import { summaryText } from '../corpus/summary-text.ts';
import type { CorpusSummary, Script } from '../corpus/types.ts';
import {
  dispatch,
  envelope,
  type BackgroundToContent,
  type ContentToPage,
  type Handlers,
} from '../messaging.ts';
import { loadSettings, parseSettings, saveSettings, SETTINGS_KEY } from '../settings.ts';
import { TabPages, watchChanges } from '../store/changes.ts';
import { persisted, requestPersistence, storageEstimate, type StorageLike } from '../store/persistence.ts';
import { openExtensionStore } from '../store/store.ts';
import { NoteDrafts, type DraftStorage } from './drafts.ts';
import type { PanelEnv, TabEvent } from './env.ts';
import {
  openAnnotationPage,
  openLibraryAt,
  revealWhenReady,
  type OpenDeps,
  type RevealOutcome,
  type TabRef,
} from './open.ts';
import { parseTabParam } from './target.ts';

/** How long a tab's content script may take to answer before the panel says it is not running. */
export const TAB_ANSWER_MS = 3_000;

/** The `storage.local` key that remembers the panel asked for persistent storage once. */
export const PERSISTENCE_ASKED_KEY = 'persistenceAsked';

/** What the panel window lends the environment. */
export interface PanelWindow {
  /** `location.search` (for `?tab=`). */
  search: string;
  storage: StorageLike | undefined;
  localStorage: DraftStorage | null;
  language: string;
  isMac: boolean;
  /** `import.meta.env.BROWSER` of the build. */
  browserName: 'chrome' | 'firefox';
  corpus: Pick<CorpusSummary, 'documents' | 'inScript'>;
}

/** Resolves with `p`, or rejects after `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer')), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** The corpus' ports, once each, in corpus order, their Chinese names written in `script`. */
export function corpusPorts(
  corpus: Pick<CorpusSummary, 'documents' | 'inScript'>,
  script: Script = 'Hans',
): Array<{ port: string; portZh: string }> {
  const seen = new Map<string, string>();
  for (const d of corpus.documents)
    if (!seen.has(d.port)) seen.set(d.port, summaryText(corpus, d.portZh, script));
  return [...seen].map(([port, portZh]) => ({ port, portZh }));
}

/** A message to a tab's content script (top frame); rejects when none answers within {@link TAB_ANSWER_MS}. */
export function sendToTab<K extends keyof BackgroundToContent & string>(
  browser: WxtBrowser,
  tabId: number,
  type: K,
  data: BackgroundToContent[K]['data'],
): Promise<BackgroundToContent[K]['result']> {
  return within(
    browser.tabs.sendMessage(
      tabId,
      envelope<BackgroundToContent, typeof type>('background-to-content', type, data),
      { frameId: 0 },
    ) as Promise<BackgroundToContent[K]['result']>,
    TAB_ANSWER_MS,
  );
}

/**
 * Page states that content scripts report (`content-to-page`), checked by `dispatch()` (our
 * extension, from a tab's content script), with the sending tab. The listener never answers, so an
 * extension page cannot stand in for the background's answer to anything. Returns how to stop.
 */
export function pageStates(browser: WxtBrowser): PanelEnv['onPageState'] {
  const self = () => ({ id: browser.runtime.id, origin: new URL(browser.runtime.getURL('/')).origin });
  return (listener) => {
    const handlers: Handlers<ContentToPage> = {
      'page-state-changed': (data, sender) => {
        const tabId = sender.tab?.id;
        // Only the top frame speaks for its tab.
        if (tabId !== undefined && (sender.frameId ?? 0) === 0) listener(tabId, data);
      },
    };
    const onMessage = (message: unknown, sender: Parameters<typeof dispatch>[3]): undefined => {
      void dispatch('content-to-page', handlers, message, sender, self())?.catch(() => undefined);
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  };
}

/** Opening pages and the library over the real browser (`lib/panel/open.ts`), for extension pages. */
export function browserOpenDeps(browser: WxtBrowser): OpenDeps {
  const tabPages = new TabPages(browser.storage.session ?? null);
  const asTab = (t: { id?: number; windowId?: number; url?: string }): TabRef | null =>
    t.id === undefined || t.windowId === undefined
      ? null
      : { id: t.id, windowId: t.windowId, ...(t.url !== undefined ? { url: t.url } : {}) };
  return {
    tabsShowing: async (keys) => (await tabPages.tabsFor(keys)).map((t) => t.tabId).reverse(),
    getTab: (tabId) => browser.tabs.get(tabId).then(asTab, () => null),
    allTabs: async () => (await browser.tabs.query({})).map(asTab).filter((t): t is TabRef => t !== null),
    createTab: async (url) => {
      const tab = asTab(await browser.tabs.create({ url, active: true }));
      if (!tab) throw new Error('the browser opened no tab');
      return tab;
    },
    navigate: async (tabId, url) => {
      await browser.tabs.update(tabId, { url });
    },
    activate: async (tab) => {
      await browser.tabs.update(tab.id, { active: true });
      await browser.windows.update(tab.windowId, { focused: true }).catch(() => undefined);
    },
  };
}

/** Reveals an annotation in a tab once its content script has anchored it (`revealWhenReady`). */
export function revealInBrowserTab(
  browser: WxtBrowser,
  tabId: number,
  annotationId: string,
): Promise<RevealOutcome> {
  const onPageState = pageStates(browser);
  return revealWhenReady(
    {
      reveal: async () =>
        (await sendToTab(browser, tabId, 'reveal', { annotationId, measureId: null })).ok === true,
      onState: (listener) => onPageState((from, state) => from === tabId && listener(state)),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
    },
    annotationId,
  );
}

export function browserPanelEnv(browser: WxtBrowser, win: PanelWindow): PanelEnv {
  const store = openExtensionStore(browser);
  let windowId: Promise<number | null> | null = null;
  const ownWindow = (): Promise<number | null> =>
    (windowId ??= browser.windows.getCurrent().then(
      (w) => w.id ?? null,
      () => null,
    ));

  const toTab: PanelEnv['toTab'] = (tabId, type, data) => sendToTab(browser, tabId, type, data);

  const onPageState = pageStates(browser);
  const openDeps = browserOpenDeps(browser);
  const focusApi = browser as unknown as Pick<BackgroundApi, 'storage'>;

  return {
    fixedTab: parseTabParam(win.search),
    async activeTab() {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      return tab?.id ?? null;
    },
    onTabEvent(listener) {
      const fixed = parseTabParam(win.search);
      const activated = (info: { tabId: number; windowId: number }): void => {
        if (fixed !== null) return;
        void ownWindow().then((w) => {
          if (w === null || w === info.windowId) listener({ kind: 'activated', tabId: info.tabId });
        });
      };
      const updated = (tabId: number, change: { status?: string }): void => {
        const status: Extract<TabEvent, { kind: 'updated' }>['status'] =
          change.status === 'loading' || change.status === 'complete' ? change.status : null;
        listener({ kind: 'updated', tabId, status });
      };
      const removed = (tabId: number): void => listener({ kind: 'removed', tabId });
      browser.tabs.onActivated.addListener(activated);
      browser.tabs.onUpdated.addListener(updated);
      browser.tabs.onRemoved.addListener(removed);
      return () => {
        browser.tabs.onActivated.removeListener(activated);
        browser.tabs.onUpdated.removeListener(updated);
        browser.tabs.onRemoved.removeListener(removed);
      };
    },
    toTab,
    onPageState,
    scanTab: (tabId) => askBackground('scan-tab', { tabId }),
    annotations: store.annotations,
    onAnnotationsChanged: (listener) => watchChanges(listener),
    search: (query) => askBackground('annotations-search', query),
    readFocus: (tabId) => readFocus(focusApi, tabId),
    onFocusRequest(listener) {
      const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
        const c = changes[SIDE_PANEL_FOCUS_KEY];
        if (c && (area === 'session' || area === 'local')) listener(c.newValue);
      };
      browser.storage.onChanged.addListener(onChanged);
      return () => browser.storage.onChanged.removeListener(onChanged);
    },
    loadSettings: () => loadSettings(browser.storage.local),
    saveSettings: (change) => saveSettings(browser.storage.local, change),
    onSettingsChanged(listener) {
      const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
        const c = changes[SETTINGS_KEY];
        if (c && area === 'local') listener(parseSettings(c.newValue));
      };
      browser.storage.onChanged.addListener(onChanged);
      return () => browser.storage.onChanged.removeListener(onChanged);
    },
    persisted: () => persisted(win.storage),
    requestPersistence: () => requestPersistence(win.storage),
    persistenceAsked: async () =>
      (await browser.storage.local.get(PERSISTENCE_ASKED_KEY))[PERSISTENCE_ASKED_KEY] === true,
    markPersistenceAsked: () => browser.storage.local.set({ [PERSISTENCE_ASKED_KEY]: true }),
    storageEstimate: () => storageEstimate(win.storage),
    commands: () => browser.commands.getAll(),
    browserName: win.browserName,
    isMac: win.isMac,
    drafts: new NoteDrafts(win.localStorage),
    ports: corpusPorts(win.corpus, scriptForLanguage(win.language)),
    script: scriptForLanguage(win.language),
    openPage: (a) => openAnnotationPage(openDeps, a),
    revealInTab: (tabId, annotationId) => revealInBrowserTab(browser, tabId, annotationId),
    openLibrary: async (measureId) => {
      await openLibraryAt(openDeps, browser.runtime.getURL('/library.html'), measureId);
    },
  };
}
