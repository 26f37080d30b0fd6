/**
 * Telling everyone that annotations changed, after every committed write, from whichever context
 * wrote (the background, the side panel, the library):
 *
 * - **Extension pages** (side panel, library; and the background when it is awake) hear it on the
 *   BroadcastChannel {@link CHANGES_CHANNEL}, which reaches every context of the extension's origin,
 *   MV3 service worker included (checked in Chromium: `test/e2e/store.test.ts`). Dexie 4 broadcasts
 *   its own mutation notices the same way, so a `liveQuery` in a page refreshes after a write in
 *   the service worker too; this channel adds what a UI wants to know without querying: which ids
 *   and which pages.
 * - **Content scripts** hear `annotations-changed` {keys} (a background-to-content message) and
 *   fetch their page's anchors again. {@link broadcastToTabs} sends it only to tabs that show a
 *   changed page, with only that page's keys: a content script elsewhere never learns which pages
 *   the user annotates. Which tab shows which page comes from {@link TabPages}, since `tabs.query`
 *   hides tab URLs from this extension.
 *
 * Who sends: the context that wrote, through the store's `onChange` ({@link changeNotifier}). An MV3
 * service worker may be asleep, so a side panel that writes cannot count on the background to pass
 * the news on; extension pages have `tabs` and BroadcastChannel themselves. The writer notifying is
 * also what makes the order right: the notice goes out after the transaction committed.
 */
import { pageKey } from '../annotation/page-url.ts';
import { envelope, type BackgroundToContent } from '../messaging.ts';

/** The BroadcastChannel name for annotation changes (one per extension origin). */
export const CHANGES_CHANNEL = 'policylens-annotations';

/** What changed: the kind of write, the annotation ids it touched and their page keys. */
export interface AnnotationsChange {
  kind: 'create' | 'update' | 'delete' | 'restore' | 'import';
  ids: string[];
  keys: string[];
}

/** The part of BroadcastChannel used here (Node 18+ and every extension context have it). */
export interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

/** Opens a channel by name; the default is the platform's BroadcastChannel. */
export type ChannelFactory = (name: string) => ChannelLike;

/** The platform's BroadcastChannel, or null where there is none. */
export const platformChannel: ChannelFactory | null =
  typeof BroadcastChannel === 'function'
    ? (name) => {
        const channel = new BroadcastChannel(name);
        // Node keeps the process alive while a channel is open; a listener must not (tests, CLI).
        (channel as unknown as { unref?: () => void }).unref?.();
        return channel as unknown as ChannelLike;
      }
    : null;

const KINDS: ReadonlySet<string> = new Set(['create', 'update', 'delete', 'restore', 'import']);

const stringList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length <= 100_000 && v.every((x) => typeof x === 'string');

/** A change notice as received (same origin, but checked anyway), or null. */
export function asChange(value: unknown): AnnotationsChange | null {
  if (typeof value !== 'object' || value === null) return null;
  const c = value as Record<string, unknown>;
  if (typeof c.kind !== 'string' || !KINDS.has(c.kind) || !stringList(c.ids) || !stringList(c.keys)) {
    return null;
  }
  return { kind: c.kind as AnnotationsChange['kind'], ids: [...c.ids], keys: [...c.keys] };
}

/**
 * Calls `listener` for every change written by another context (or by another store in this one).
 * Returns the function that stops listening.
 */
export function watchChanges(
  listener: (change: AnnotationsChange) => void,
  channel: ChannelFactory | null = platformChannel,
): () => void {
  if (!channel) return () => undefined;
  const ch = channel(CHANGES_CHANNEL);
  ch.onmessage = (event) => {
    const change = asChange(event.data);
    if (change) listener(change);
  };
  return () => {
    ch.onmessage = null;
    ch.close();
  };
}

/** A tab as `tabs.query` gives it (its `url` only where the extension may see it). */
export interface TabLike {
  id?: number;
  url?: string;
}

/** The part of `browser.tabs` the broadcast needs (background and extension pages have it). */
export interface TabsLike {
  query(queryInfo: Record<string, never>): Promise<TabLike[]>;
  sendMessage(tabId: number, message: unknown, options: { frameId: number }): Promise<unknown>;
}

/** A `browser.storage` area (`session` where there is one). */
export interface StorageAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** The storage key of the tab → page keys registry. */
export const TAB_PAGES_KEY = 'tabPages';

/** At most this many tabs are remembered (the oldest entries go first). */
export const MAX_TAB_PAGES = 2_000;

/**
 * Which page each tab's content script shows, by the page keys the background computed for it
 * from the trusted `sender.tab.url` when the content script asked for its annotations. Needed
 * because `tabs.query` does not tell the extension a tab's URL (content-script match patterns are
 * not host permissions for that; checked in Chromium), while `sender.tab.url` is given.
 *
 * Kept in `storage.session`: it survives the service worker's restarts, is gone when the browser
 * closes, and extension pages (which also broadcast their writes) can read it. Only the background
 * writes it (`record` on `page-annotations` and `create-annotation`, `forget` when a tab closes or
 * loads another document); without a storage area it lives in memory.
 */
export class TabPages {
  /** Oldest first: `[tabId, keys]` (a list, since an object would reorder numeric keys). */
  private memory: Array<[number, string[]]> = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly area: StorageAreaLike | null) {}

  private async read(): Promise<Array<[number, string[]]>> {
    if (!this.area) return this.memory.map(([t, k]) => [t, [...k]]);
    const stored = (await this.area.get(TAB_PAGES_KEY))[TAB_PAGES_KEY];
    if (!Array.isArray(stored)) return [];
    return stored.filter(
      (e): e is [number, string[]] =>
        Array.isArray(e) &&
        Number.isInteger(e[0]) &&
        Array.isArray(e[1]) &&
        (e[1] as unknown[]).every((k) => typeof k === 'string'),
    );
  }

  /** Read-modify-write, one at a time (two pages loading together must not lose an entry). */
  private update(change: (list: Array<[number, string[]]>) => Array<[number, string[]]>): Promise<void> {
    const run = this.queue.then(async () => {
      const list = change(await this.read()).slice(-MAX_TAB_PAGES);
      if (this.area) await this.area.set({ [TAB_PAGES_KEY]: list });
      else this.memory = list;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The content script of `tabId` shows the page with these keys. */
  record(tabId: number, keys: readonly string[]): Promise<void> {
    // Moved to the end: the newest stays longest when the list is full.
    return this.update((list) => [
      ...list.filter(([t]) => t !== tabId),
      ...(keys.length > 0 ? [[tabId, [...keys]] as [number, string[]]] : []),
    ]);
  }

  /** The tab closed or loads another document. */
  forget(tabId: number): Promise<void> {
    return this.update((list) => list.filter(([t]) => t !== tabId));
  }

  /** The page keys recorded for a tab ([] when none). */
  async keysOf(tabId: number): Promise<string[]> {
    return (await this.read()).find(([t]) => t === tabId)?.[1] ?? [];
  }

  /** Tabs whose page shares a key with `keys`, each with the keys it shares, oldest first. */
  async tabsFor(keys: readonly string[]): Promise<Array<{ tabId: number; keys: string[] }>> {
    const out: Array<{ tabId: number; keys: string[] }> = [];
    for (const [tabId, tabKeys] of await this.read()) {
      const shared = tabKeys.filter((k) => keys.includes(k));
      if (shared.length > 0) out.push({ tabId, keys: shared });
    }
    return out;
  }
}

/**
 * Sends `annotations-changed` to the top frame of every tab that shows a changed page: the tabs
 * whose content script told the background its page (`tabPages`), and tabs whose URL the
 * extension may see (activeTab, allowed sites) when it is one of the keys. Each tab gets only its
 * own page's keys. Tabs without our content script (or closed meanwhile) reject; that is ignored.
 * Resolves with the number of tabs that were sent the message.
 */
export async function broadcastToTabs(
  tabs: TabsLike,
  keys: readonly string[],
  tabPages: TabPages | null = null,
): Promise<number> {
  if (keys.length === 0) return 0;
  const targets = new Map<number, string[]>();
  try {
    for (const t of (await tabPages?.tabsFor(keys)) ?? []) targets.set(t.tabId, t.keys);
  } catch {
    // No registry to read: the visible URLs below still count.
  }
  try {
    for (const tab of await tabs.query({})) {
      const key = tab.url ? pageKey(tab.url) : null;
      if (tab.id === undefined || key === null || !keys.includes(key)) continue;
      const known = targets.get(tab.id) ?? [];
      if (!known.includes(key)) targets.set(tab.id, [...known, key]);
    }
  } catch {
    // No tabs API here: the registry's tabs are all we know.
  }
  const sends: Array<Promise<unknown>> = [];
  for (const [tabId, tabKeys] of targets) {
    const message = envelope<BackgroundToContent, 'annotations-changed'>(
      'background-to-content',
      'annotations-changed',
      { keys: tabKeys },
    );
    sends.push(tabs.sendMessage(tabId, message, { frameId: 0 }).catch(() => undefined));
  }
  await Promise.all(sends);
  return sends.length;
}

/**
 * The store's `onChange` for a context: posts the change on {@link CHANGES_CHANNEL} and tells the
 * tabs. Pass `tabs: null` where there are none to tell (unit tests), `channel: null` to skip the
 * channel.
 */
export function changeNotifier(options: {
  tabs: TabsLike | null;
  /** Which tab shows which page (`new TabPages(browser.storage.session)`). */
  tabPages?: TabPages | null;
  channel?: ChannelFactory | null;
}): (change: AnnotationsChange) => Promise<void> {
  const factory = options.channel === undefined ? platformChannel : options.channel;
  let ch: ChannelLike | null = null;
  return async (change) => {
    if (factory) {
      ch ??= factory(CHANGES_CHANNEL);
      try {
        ch.postMessage(change);
      } catch {
        // A closed channel (the context is going away): the tabs below still hear it.
        ch = null;
      }
    }
    if (options.tabs) await broadcastToTabs(options.tabs, change.keys, options.tabPages ?? null);
  };
}
