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
 *   fetch their page's anchors again when a key is theirs. {@link broadcastToTabs} sends it only to
 *   tabs on the host of a changed page (a canonical key is always on the page's own host:
 *   `trustedCanonical`), with only that host's keys: a content script on another site never learns
 *   which pages the user annotates.
 *
 * Who sends: the context that wrote, through the store's `onChange` ({@link changeNotifier}). An MV3
 * service worker may be asleep, so a side panel that writes cannot count on the background to pass
 * the news on; extension pages have `tabs` and BroadcastChannel themselves. The writer notifying is
 * also what makes the order right: the notice goes out after the transaction committed.
 */
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

/** A tab as `tabs.query` gives it. */
export interface TabLike {
  id?: number;
  url?: string;
}

/** The part of `browser.tabs` the broadcast needs (background and extension pages have it). */
export interface TabsLike {
  query(queryInfo: Record<string, never>): Promise<TabLike[]>;
  sendMessage(tabId: number, message: unknown, options: { frameId: number }): Promise<unknown>;
}

/** The host of an http(s) URL or page key, or null. */
function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname : null;
  } catch {
    return null;
  }
}

/**
 * Sends `annotations-changed` to the top frame of every tab on the host of a changed page, with
 * that host's keys. Tabs without our content script (or that closed meanwhile) reject; that is
 * ignored. Resolves with the number of tabs that were sent the message.
 */
export async function broadcastToTabs(tabs: TabsLike, keys: readonly string[]): Promise<number> {
  const byHost = new Map<string, string[]>();
  for (const key of keys) {
    const host = hostOf(key);
    if (host === null) continue;
    const list = byHost.get(host);
    if (list) list.push(key);
    else byHost.set(host, [key]);
  }
  if (byHost.size === 0) return 0;
  let all: TabLike[];
  try {
    all = await tabs.query({});
  } catch {
    return 0;
  }
  const sends: Array<Promise<unknown>> = [];
  for (const tab of all) {
    const hostKeys = byHost.get(hostOf(tab.url) ?? '');
    if (tab.id === undefined || !hostKeys) continue;
    const message = envelope<BackgroundToContent, 'annotations-changed'>(
      'background-to-content',
      'annotations-changed',
      { keys: hostKeys },
    );
    sends.push(tabs.sendMessage(tab.id, message, { frameId: 0 }).catch(() => undefined));
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
    if (options.tabs) await broadcastToTabs(options.tabs, change.keys);
  };
}
