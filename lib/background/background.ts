/**
 * The background's logic, apart from its wiring (`entrypoints/background.ts`), so that it runs
 * under unit tests with `fakeBrowser`:
 *
 * - one `runtime.onMessage` listener ({@link Background.onMessage}) that tries the
 *   content-to-background handlers, then the page-to-background ones, each through `dispatch()`
 *   (which checks the envelope's direction and the sender with `senderAllowed`), and returns the
 *   handler's promise, or undefined when the message is not ours or the sender may not send it;
 * - a matching engine over the bundled corpus, created on the first `match-blocks`;
 * - the tabs' counts, kept in memory (a restarted service worker asks the tab again), shown as
 *   the toolbar badge;
 * - paused hosts in `storage.local` (`pausedHosts: string[]`), written here only. The write is the
 *   broadcast: every content script listens to that key (`storage.onChanged`), so a pause or a
 *   resume reaches every open tab of the host at once. A message to each tab would need to know
 *   which tabs show the host, and the background cannot see tab URLs (no `tabs` permission), nor
 *   remember them across a service worker restart;
 * - "scan this page" anywhere: inject the content script (it guards against running twice) and
 *   send it `scan-now`; from the popup, the context menu or the keyboard command;
 * - "allow this site": the popup asks for the host permission in the user's click, then the
 *   background registers a persistent content script for that origin;
 * - annotations (`annotations.ts`): the store opened on first use, the content script's
 *   `page-annotations` / `create-annotation` for its own tab's page, the extension pages' list,
 *   search and edits, the side panel, and "Annotate with PolicyLens" from the context menu and
 *   the keyboard command (`annotate-selection` to the tab's content script).
 *
 * Everything a content script sends is checked for shape and size: a hostile page may have
 * compromised it.
 */
import type { Corpus, Script } from '../corpus/types.ts';
import { MatchEngine } from '../match/engine.ts';
import {
  dispatch,
  envelope,
  type BackgroundToContent,
  type BlockVerdict,
  type ContentToBackground,
  type Handlers,
  type PageStats,
  type PageToBackground,
  type Sender,
  type WriteResult,
} from '../messaging.ts';
import { CardData } from '../cards/card-data.ts';
import { openLibraryAt, openLibraryHash, type OpenDeps, type TabRef } from '../panel/open.ts';
import { detectScript } from '../cards/script.ts';
import type { ApiTab, BackgroundApi, BadgeApi } from './api.ts';
import { AnnotationService } from './annotations.ts';
import { changeNotifier, TabPages, type AnnotationsChange } from '../store/changes.ts';
import { openStore, type StoreOptions } from '../store/store.ts';
import {
  isGovernmentHost,
  originPattern,
  PAUSED_HOSTS_KEY,
  pausedHostsIn,
  patternOrigin,
  siteScriptId,
  webHost,
  webOrigin,
} from './hosts.ts';

/** Where WXT writes the content script (the content script's own entrypoint is `content`). */
export const CONTENT_SCRIPT_FILE = '/content-scripts/content.js';
/** The same file as `registerContentScripts` wants it (relative to the extension root). */
export const CONTENT_SCRIPT_JS = 'content-scripts/content.js';
/** The library page (its measure addresses: `lib/cards/library-link.ts`). */
export const LIBRARY_PAGE = '/library.html';
/** The context menu item that scans the page. */
export const MENU_SCAN_ID = 'policylens-scan';
/** The context menu item that annotates the selection. */
export const MENU_ANNOTATE_ID = 'policylens-annotate';
/** The keyboard commands (declared in the manifest, rebindable in the browser). */
export const COMMAND_SCAN = 'scan-page';
export const COMMAND_ANNOTATE = 'annotate-selection';
export const COMMAND_SIDE_PANEL = 'open-side-panel';

/** At most this many blocks per `match-blocks` request, and characters per block. */
export const MAX_BLOCKS = 5_000;
export const MAX_BLOCK_CHARS = 20_000;

/** How long `tab-stats` waits for a tab to answer `get-stats` before saying it is not running. */
const GET_STATS_TIMEOUT_MS = 1_500;

const BADGE_COLOR = '#0b6e4f';

const isScript = (v: unknown): v is Script => v === 'Hans' || v === 'Hant';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A count from a content script: a finite number ≥ 0, as an integer; anything else is 0. */
function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(Math.floor(v), 1e9) : 0;
}

/** A duration from a content script (milliseconds, kept to 0.1 ms). */
function ms(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(Math.min(v, 1e9) * 10) / 10 : 0;
}

/** `PageStats` from an untrusted value (a content script's message or answer), or null. */
export function sanitizeStats(v: unknown): PageStats | null {
  if (typeof v !== 'object' || v === null) return null;
  const s = v as Record<string, unknown>;
  return {
    recognised: count(s['recognised']),
    matched: count(s['matched']),
    unmatched: count(s['unmatched']),
    scans: count(s['scans']),
    paused: s['paused'] === true,
    mainThreadMs: ms(s['mainThreadMs']),
    longestTaskMs: ms(s['longestTaskMs']),
  };
}

/** The badge API of this browser: `action` (MV3) or `browserAction` (Firefox MV2). */
function badgeApi(api: BackgroundApi): BadgeApi | undefined {
  return api.action ?? api.browserAction;
}

/** Resolves with `promise`'s value, or with `fallback` after `ms` milliseconds. */
function withTimeout<T>(promise: Promise<T>, timeoutMs: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(fallback), timeoutMs);
    promise.then(
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

/** The background: its handlers, its listeners and its state. */
export class Background {
  private engineValue: MatchEngine | undefined;
  private cardsValue: CardData | undefined;
  /** Each tab's last counts, by tab id (lost when the service worker stops; see `tab-stats`). */
  readonly stats = new Map<number, PageStats>();
  private allowQueue: Promise<void> = Promise.resolve();
  private pauseQueue: Promise<void> = Promise.resolve();

  readonly contentHandlers: Handlers<ContentToBackground>;
  readonly pageHandlers: Handlers<PageToBackground>;
  /** Annotations: the store, the search index and their handlers. */
  readonly annotations: AnnotationService;
  private measureIds: Set<string> | undefined;

  constructor(
    private readonly api: BackgroundApi,
    private readonly corpus: Corpus,
    /** The serialised index built with the corpus; without it the engine builds one on first use. */
    private readonly indexBytes?: () => Uint8Array,
    /**
     * Where the store keeps annotations (the browser's IndexedDB; fake-indexeddb in tests). Without
     * it annotation messages fail, as they would with no database.
     */
    storeOptions?: Omit<StoreOptions, 'onChange'>,
    /** The serialised related-measures index built with the corpus (likewise). */
    private readonly relatedBytes?: () => Uint8Array,
  ) {
    // Which tab shows which page, for telling content scripts about changes (survives restarts).
    const tabPages = new TabPages(api.storage.session ?? null);
    const notify = changeNotifier({ tabs: api.tabs, tabPages });
    this.annotations = new AnnotationService(
      api,
      tabPages,
      storeOptions
        ? () =>
            openStore({
              ...storeOptions,
              // Our own writes: tell the other contexts and the tabs, and update the search index.
              onChange: async (change) => {
                await Promise.all([notify(change), this.annotations.onChange(change)]);
              },
            })
        : null,
      corpus,
      (id) => {
        this.measureIds ??= new Set(corpus.measures.map((m) => m.id));
        return this.measureIds.has(id);
      },
    );
    this.contentHandlers = {
      'match-blocks': (data) => this.matchBlocks(data),
      'is-paused': (data, sender) =>
        this.isPaused(webHost(sender.url) ?? webHost(sender.tab?.url) ?? data.host),
      'page-stats': (data, sender) => this.pageStats(data, sender),
      'open-library': (data, sender) => this.openLibrary(data.id, sender.tab?.id, sender.tab?.windowId),
      ...this.annotations.contentHandlers,
    };
    this.pageHandlers = {
      'scan-tab': (data) => this.scanTab(data.tabId),
      'set-paused': (data) => this.setPaused(data.host, data.paused),
      'tab-stats': (data) => this.tabStats(data.tabId),
      'get-measure': (data) => {
        if (typeof data.id !== 'string' || !isScript(data.script)) return null;
        return this.cards.detail(data.id, data.script);
      },
      'allow-site': (data) => this.allowSite(data.origin),
      'open-library-at': (data) => this.openLibraryAddress(data?.hash),
      ...this.annotations.pageHandlers,
    };
  }

  /** Annotations written by another context (heard on the changes channel). */
  onAnnotationsChanged(change: AnnotationsChange): Promise<void> {
    return this.annotations.onChange(change);
  }

  /** The matching engine, built on first use (the first page that asks). */
  get engine(): MatchEngine {
    this.engineValue ??= new MatchEngine(this.corpus, this.indexBytes?.(), this.relatedBytes?.());
    return this.engineValue;
  }

  /** Whether the engine has been built yet (for tests: it must be lazy). */
  get engineBuilt(): boolean {
    return this.engineValue !== undefined;
  }

  private get cards(): CardData {
    this.cardsValue ??= new CardData(this.corpus);
    return this.cardsValue;
  }

  /** This extension as `dispatch()` checks senders against it. */
  private self(): { id: string; origin: string } {
    return { id: this.api.runtime.id, origin: this.api.runtime.getURL('/') };
  }

  /**
   * The one `runtime.onMessage` listener: the handler's promise for our messages from allowed
   * senders, undefined for anything else (so the browser does not wait for an answer from us).
   */
  readonly onMessage = (message: unknown, sender: Sender): Promise<unknown> | undefined => {
    const self = this.self();
    return (
      dispatch('content-to-background', this.contentHandlers, message, sender, self) ??
      dispatch('page-to-background', this.pageHandlers, message, sender, self)
    );
  };

  // ---- content script → background ----

  /** Matches a page's blocks; verdicts only for blocks that are measure-like or matched. */
  matchBlocks(data: { blocks: string[] }): { script: Script; verdicts: BlockVerdict[] } {
    const blocks = data?.blocks;
    if (!Array.isArray(blocks) || !blocks.every((b) => typeof b === 'string')) {
      throw new Error('match-blocks: blocks must be an array of strings');
    }
    if (blocks.length > MAX_BLOCKS) throw new Error(`match-blocks: more than ${MAX_BLOCKS} blocks`);
    const texts = blocks.map((b) => (b.length > MAX_BLOCK_CHARS ? b.slice(0, MAX_BLOCK_CHARS) : b));
    const cards = this.cards; // installs the corpus's script tables, which detectScript reads
    const script = detectScript(texts);
    const results = this.engine.matchBlocks(texts.map((text) => ({ text, start: 0, end: text.length })));
    const verdicts: BlockVerdict[] = [];
    results.forEach((r, i) => {
      const v = cards.verdict(i, r, script);
      if (v) verdicts.push(v);
    });
    return { script, verdicts };
  }

  /** Whether PolicyLens is paused on `host`. */
  async isPaused(host: string): Promise<boolean> {
    if (typeof host !== 'string' || host === '') return false;
    return (await this.pausedHosts()).includes(host.toLowerCase());
  }

  private async pageStats(data: PageStats, sender: Sender): Promise<void> {
    const tabId = sender.tab?.id;
    // Only the top frame speaks for the tab.
    if (tabId === undefined || (sender.frameId !== undefined && sender.frameId !== 0)) return;
    const stats = sanitizeStats(data);
    if (stats) await this.recordStats(tabId, stats);
  }

  /** Keeps a tab's counts and shows the matched count on the toolbar badge. */
  async recordStats(tabId: number, stats: PageStats): Promise<void> {
    this.stats.set(tabId, stats);
    await this.setBadge(tabId, stats.matched > 0 && !stats.paused ? String(stats.matched) : '');
  }

  private async setBadge(tabId: number, text: string): Promise<void> {
    const badge = badgeApi(this.api);
    if (!badge) return;
    try {
      await badge.setBadgeText({ tabId, text });
      if (text !== '') await badge.setBadgeBackgroundColor?.({ tabId, color: BADGE_COLOR });
    } catch {
      // The tab may have closed in between; a badge is not worth an error.
    }
  }

  /**
   * Opens the library page at a corpus measure: in the library tab already open (its hash changes,
   * so the page follows it and back returns to where the reader was), focused; else in a new tab
   * next to the page's, in the page's window. One library tab however many related items the reader
   * opens from cards. (Without `windowId` a new tab goes to the last focused window, and Firefox
   * refuses an opener in another one — "Opener tab must be in the same window" — as after a panel
   * window (`side-panel.ts`) was focused.)
   */
  async openLibrary(id: string, openerTabId: number | undefined, windowId?: number): Promise<void> {
    if (typeof id !== 'string' || !this.cards.measure(id)) throw new Error('open-library: unknown measure');
    await openLibraryAt(this.libraryTabs(openerTabId, windowId), this.api.runtime.getURL(LIBRARY_PAGE), id);
  }

  /**
   * Opens the library at an address (`#doc=…`), or as it was (`''`), reusing the library tab
   * (extension pages only).
   */
  async openLibraryAddress(hash: unknown): Promise<{ ok: boolean }> {
    if (typeof hash !== 'string' || !/^(?:#\S{1,500})?$/u.test(hash)) return { ok: false };
    await openLibraryHash(
      this.libraryTabs(undefined, undefined),
      this.api.runtime.getURL(LIBRARY_PAGE),
      hash,
    );
    return { ok: true };
  }

  /** The tabs as `openLibraryAt` needs them; a new library tab opens next to `openerTabId`. */
  private libraryTabs(openerTabId: number | undefined, windowId: number | undefined): OpenDeps {
    const api = this.api;
    const asRef = (t: ApiTab): TabRef | null =>
      t.id === undefined
        ? null
        : { id: t.id, windowId: t.windowId ?? -1, ...(t.url !== undefined ? { url: t.url } : {}) };
    return {
      tabsShowing: async () => [],
      getTab: async (tabId) => (await api.tabs.query({})).map(asRef).find((t) => t?.id === tabId) ?? null,
      allTabs: async () => (await api.tabs.query({})).map(asRef).filter((t): t is TabRef => t !== null),
      createTab: async (url) => {
        const tab = asRef(
          await api.tabs.create({
            url,
            active: true,
            ...(openerTabId !== undefined ? { openerTabId } : {}),
            ...(openerTabId !== undefined && windowId !== undefined ? { windowId } : {}),
          }),
        );
        if (!tab) throw new Error('the browser opened no tab');
        return tab;
      },
      navigate: async (tabId, url) => {
        await api.tabs.update(tabId, { url });
      },
      activate: async (tab) => {
        await api.tabs.update(tab.id, { active: true });
        if (tab.windowId >= 0)
          await api.windows?.update(tab.windowId, { focused: true }).catch(() => undefined);
      },
    };
  }

  // ---- extension pages → background ----

  /** Injects the content script into a tab's top frame and asks it to scan now. */
  async scanTab(tabId: number): Promise<{ ok: boolean; error?: string }> {
    if (typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) {
      return { ok: false, error: 'no tab' };
    }
    try {
      await this.api.scripting.executeScript({
        target: { tabId, allFrames: false },
        files: [CONTENT_SCRIPT_FILE],
      });
      const answer = await this.api.tabs.sendMessage(
        tabId,
        envelope<BackgroundToContent, 'scan-now'>('background-to-content', 'scan-now', {}),
        { frameId: 0 },
      );
      const stats = sanitizeStats(answer);
      if (stats) await this.recordStats(tabId, stats);
      return { ok: true };
    } catch (e) {
      return { ok: false, error: errorText(e) };
    }
  }

  /** Scans the given tab, or the active tab of the focused window when none is given. */
  async scanActiveTab(tab?: ApiTab): Promise<{ ok: boolean; error?: string }> {
    let tabId = tab?.id;
    if (tabId === undefined || tabId < 0) {
      const [active] = await this.api.tabs.query({ active: true, lastFocusedWindow: true });
      tabId = active?.id;
    }
    return tabId === undefined ? { ok: false, error: 'no tab' } : this.scanTab(tabId);
  }

  /** The hosts PolicyLens is paused on, lower case. */
  async pausedHosts(): Promise<string[]> {
    return pausedHostsIn((await this.api.storage.local.get(PAUSED_HOSTS_KEY))[PAUSED_HOSTS_KEY]);
  }

  /**
   * Pauses or resumes PolicyLens on a host; the tabs of that host hear it from storage. One at a
   * time: two interleaved read-modify-writes (two popups, a quick pause and resume) would lose one.
   */
  setPaused(host: string, paused: boolean): Promise<void> {
    if (typeof host !== 'string' || host === '' || typeof paused !== 'boolean') {
      return Promise.reject(new Error('set-paused: host must be a non-empty string and paused a boolean'));
    }
    const run = this.pauseQueue.then(() => this.setPausedNow(host, paused));
    this.pauseQueue = run.catch(() => undefined);
    return run;
  }

  private async setPausedNow(host: string, paused: boolean): Promise<void> {
    const h = host.toLowerCase();
    const hosts = new Set(await this.pausedHosts());
    if (paused) hosts.add(h);
    else hosts.delete(h);
    await this.api.storage.local.set({ [PAUSED_HOSTS_KEY]: [...hosts].sort() });
  }

  /**
   * A tab's counts: the ones it last reported, or (after a service worker restart, or when it
   * never reported) what it answers to `get-stats`; null when no content script answers.
   */
  async tabStats(tabId: number): Promise<PageStats | null> {
    if (typeof tabId !== 'number') return null;
    const known = this.stats.get(tabId);
    if (known) return known;
    try {
      const answer = await withTimeout(
        this.api.tabs.sendMessage(
          tabId,
          envelope<BackgroundToContent, 'get-stats'>('background-to-content', 'get-stats', {}),
          { frameId: 0 },
        ),
        GET_STATS_TIMEOUT_MS,
        null,
      );
      const stats = sanitizeStats(answer);
      if (stats) this.stats.set(tabId, stats);
      return stats;
    } catch {
      return null; // No content script in that tab.
    }
  }

  /**
   * Runs the content script on `origin` from now on. The popup has asked for the host permission
   * (only a user gesture can); this checks it was granted, then registers the script, once.
   */
  allowSite(origin: string): Promise<{ ok: boolean; error?: string }> {
    // One at a time: the popup's request and `permissions.onAdded` arrive together, and two
    // interleaved check-then-register runs would register the same id twice.
    const run = this.allowQueue.then(() => this.allowSiteNow(origin));
    this.allowQueue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async allowSiteNow(origin: string): Promise<{ ok: boolean; error?: string }> {
    const clean = typeof origin === 'string' ? webOrigin(origin) : null;
    if (clean === null || clean !== origin) return { ok: false, error: 'not an http(s) origin' };
    const host = new URL(clean).hostname;
    if (isGovernmentHost(host)) return { ok: true }; // Declared in the manifest already.
    const pattern = originPattern(clean);
    try {
      if (!(await this.api.permissions.contains({ origins: [pattern] }))) {
        return { ok: false, error: 'permission not granted' };
      }
      const id = siteScriptId(host);
      const existing = await this.api.scripting.getRegisteredContentScripts({ ids: [id] });
      if (existing.length === 0) {
        await this.api.scripting.registerContentScripts([
          {
            id,
            matches: [pattern],
            js: [CONTENT_SCRIPT_JS],
            runAt: 'document_idle',
            persistAcrossSessions: true,
          },
        ]);
      }
      return { ok: true };
    } catch (e) {
      return { ok: false, error: errorText(e) };
    }
  }

  // ---- browser events ----

  /**
   * `permissions.onAdded`: registers the content script for every origin just granted. The popup
   * sends `allow-site` itself too, but Firefox closes the popup when its permission prompt opens,
   * so the popup may not live to send it.
   */
  async onPermissionsAdded(added: { origins?: string[] }): Promise<void> {
    for (const origin of (added.origins ?? []).map(patternOrigin)) {
      if (origin !== null) await this.allowSite(origin);
    }
  }

  /** `permissions.onRemoved`: drops the registrations of sites whose permission was revoked. */
  async onPermissionsRemoved(removed: { origins?: string[] }): Promise<void> {
    const ids = (removed.origins ?? [])
      .map(patternOrigin)
      .filter((o): o is string => o !== null)
      .map((o) => siteScriptId(new URL(o).hostname));
    if (ids.length === 0) return;
    try {
      const registered = await this.api.scripting.getRegisteredContentScripts({ ids });
      if (registered.length > 0) {
        await this.api.scripting.unregisterContentScripts({ ids: registered.map((r) => r.id) });
      }
    } catch {
      // Nothing registered: nothing to drop.
    }
  }

  /** `contextMenus.onClicked`. */
  async onMenuClicked(info: { menuItemId: string | number }, tab?: ApiTab): Promise<void> {
    if (info.menuItemId === MENU_SCAN_ID) await this.scanActiveTab(tab);
    else if (info.menuItemId === MENU_ANNOTATE_ID) await this.annotateInTab(tab);
  }

  /** `commands.onCommand`. */
  async onCommand(command: string, tab?: ApiTab): Promise<void> {
    // First, before any await: opening the side panel needs the command's user gesture.
    if (command === COMMAND_SIDE_PANEL) await this.annotations.openSidePanel(tab?.id, null);
    else if (command === COMMAND_SCAN) await this.scanActiveTab(tab);
    else if (command === COMMAND_ANNOTATE) await this.annotateInTab(tab);
  }

  /**
   * Asks the tab's content script (top frame) to annotate the selection. Where it is not running
   * (a page off the government domains that was never scanned), the menu click or the command has
   * granted activeTab: inject it, then ask again.
   */
  async annotateInTab(tab?: ApiTab): Promise<WriteResult<{ id: string }>> {
    let tabId = tab?.id;
    if (tabId === undefined || tabId < 0) {
      const [active] = await this.api.tabs.query({ active: true, lastFocusedWindow: true });
      tabId = active?.id;
    }
    if (tabId === undefined) return { ok: false, error: 'unknown', message: 'no tab' };
    const message = envelope<BackgroundToContent, 'annotate-selection'>(
      'background-to-content',
      'annotate-selection',
      {},
    );
    const ask = async (id: number) =>
      (await this.api.tabs.sendMessage(id, message, { frameId: 0 })) as WriteResult<{ id: string }>;
    try {
      return await ask(tabId);
    } catch {
      try {
        await this.api.scripting.executeScript({
          target: { tabId, allFrames: false },
          files: [CONTENT_SCRIPT_FILE],
        });
        return await ask(tabId);
      } catch (e) {
        return { ok: false, error: 'unknown', message: errorText(e) };
      }
    }
  }

  /** `tabs.onRemoved`. */
  onTabRemoved(tabId: number): void {
    this.stats.delete(tabId);
    this.annotations.panelWindows.forget(tabId);
    void this.annotations.tabPages.forget(tabId).catch(() => undefined);
  }

  /**
   * `tabs.onUpdated`: a tab that starts loading a document no longer shows the old counts or
   * badge (the content script reports again after its scan; until then `tab-stats` asks it).
   */
  async onTabUpdated(tabId: number, change: { status?: string }): Promise<void> {
    if (change.status !== 'loading') return;
    // The new document's content script says which page it shows when it asks for its annotations.
    await this.annotations.tabPages.forget(tabId).catch(() => undefined);
    const had = this.stats.delete(tabId);
    if (had) await this.setBadge(tabId, '');
  }
}

/** The part of `contextMenus` the menu needs. */
export interface MenusApi {
  removeAll(): unknown;
  create(properties: {
    id: string;
    title: string;
    contexts: ['page' | 'selection'];
    documentUrlPatterns: string[];
  }): unknown;
}

/**
 * (Re)creates the context menu items: "Scan this page" (on a page) and "Annotate with PolicyLens"
 * (on a selection). Called on every background start: Chrome keeps menus across service worker
 * restarts but Firefox's MV2 background page does not, and removing first keeps the ids unique
 * either way.
 */
export async function ensureMenus(
  menus: MenusApi,
  titles: { scan: string; annotate: string },
): Promise<void> {
  await menus.removeAll();
  const documentUrlPatterns = ['http://*/*', 'https://*/*'];
  menus.create({ id: MENU_SCAN_ID, title: titles.scan, contexts: ['page'], documentUrlPatterns });
  menus.create({
    id: MENU_ANNOTATE_ID,
    title: titles.annotate,
    contexts: ['selection'],
    documentUrlPatterns,
  });
}
