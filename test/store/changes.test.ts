/**
 * Change notices: the BroadcastChannel between contexts (Node has the same BroadcastChannel as
 * browsers, so two stores here are two contexts), the `annotations-changed` message to tabs (only
 * tabs on the changed pages' hosts, only their keys, errors ignored), and persistence answers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  asChange,
  broadcastToTabs,
  changeNotifier,
  TAB_PAGES_KEY,
  TabPages,
  watchChanges,
  type AnnotationsChange,
  type TabsLike,
} from '../../lib/store/changes.ts';
import { persisted, requestPersistence, storageEstimate } from '../../lib/store/persistence.ts';
import type { Store } from '../../lib/store/store.ts';
import { PAGE_KEY, passage, testStore } from './helpers.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function fakeTabs(tabs: Array<{ id?: number; url?: string }>, failing: number[] = []) {
  const sent: Array<{ tabId: number; message: unknown; frameId: number }> = [];
  const api: TabsLike = {
    query: async () => tabs,
    sendMessage: async (tabId, message, options) => {
      sent.push({ tabId, message, frameId: options.frameId });
      if (failing.includes(tabId))
        throw new Error('Could not establish connection. Receiving end does not exist.');
      return undefined;
    },
  };
  return { api, sent };
}

/** Waits until `predicate` holds (BroadcastChannel delivers in a later task). */
async function until(predicate: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('between contexts (BroadcastChannel)', () => {
  it('a write in one context is heard in another, after it committed', async () => {
    const heard: AnnotationsChange[] = [];
    let storeRef: Store | null = null;
    const seenInDb: Array<boolean> = [];
    cleanups.push(
      watchChanges((c) => {
        heard.push(c);
        // By the time the notice arrives, the record can be read.
        void storeRef?.annotations
          .get(c.ids[0] ?? '')
          .then((a) => seenInDb.push(a !== null || c.kind === 'delete'));
      }),
    );
    const writer = testStore({ onChange: changeNotifier({ tabs: null }) });
    storeRef = writer;
    const r = await writer.annotations.create({ passage: passage() });
    if (!r.ok) throw new Error(r.message);
    await until(() => heard.length === 1 && seenInDb.length === 1);
    expect(heard).toEqual([{ kind: 'create', ids: [r.annotation.id], keys: [PAGE_KEY] }]);
    expect(seenInDb).toEqual([true]);
    await writer.annotations.delete(r.annotation.id);
    await until(() => heard.length === 2);
    expect(heard[1]?.kind).toBe('delete');
    writer.db.close();
  });

  it('a failed write sends nothing', async () => {
    const heard: AnnotationsChange[] = [];
    cleanups.push(watchChanges((c) => heard.push(c)));
    const writer = testStore({ onChange: changeNotifier({ tabs: null }) });
    await writer.annotations.update(crypto.randomUUID(), { note: 'x' });
    await writer.annotations.create({ passage: passage({}, '') });
    await new Promise((r) => setTimeout(r, 50));
    expect(heard).toEqual([]);
    writer.db.close();
  });

  it('ignores messages that are not change notices', () => {
    expect(asChange({ kind: 'create', ids: ['a'], keys: ['k'] })).toEqual({
      kind: 'create',
      ids: ['a'],
      keys: ['k'],
    });
    for (const bad of [
      null,
      'x',
      { kind: 'drop', ids: [], keys: [] },
      { kind: 'update', ids: [1], keys: [] },
      { kind: 'update', ids: [] },
    ]) {
      expect(asChange(bad)).toBeNull();
    }
  });

  it('a failing notifier does not turn a saved write into an error', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const s = testStore({
      onChange: () => {
        throw new Error('tabs API gone');
      },
    });
    const r = await s.annotations.create({ passage: passage() });
    await s.settled();
    expect(r.ok).toBe(true);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    s.db.close();
  });
});

describe('to content scripts (tabs)', () => {
  const envelopeFor = (keys: string[]) => ({
    policylens: 1,
    direction: 'background-to-content',
    type: 'annotations-changed',
    data: { keys },
  });

  it('tells the tabs whose content script showed a changed page, with that page’s keys only', async () => {
    // tabs.query shows no URLs (as in Chromium for content-script sites): the registry decides.
    const { api, sent } = fakeTabs([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }]);
    const registry = new TabPages(null);
    await registry.record(1, [PAGE_KEY]);
    await registry.record(2, ['https://www.customs.gov.cn/other.html']);
    await registry.record(3, ['https://www.customs.gov.cn/alias?id=1', 'https://xm.gov.cn/a?id=1']);
    const n = await broadcastToTabs(api, [PAGE_KEY, 'https://xm.gov.cn/a?id=1'], registry);
    expect(n).toBe(2);
    expect(sent).toEqual([
      { tabId: 1, frameId: 0, message: envelopeFor([PAGE_KEY]) },
      { tabId: 3, frameId: 0, message: envelopeFor(['https://xm.gov.cn/a?id=1']) },
    ]);
  });

  it('also tabs whose URL the extension may see (activeTab, allowed sites), by their key', async () => {
    const { api, sent } = fakeTabs([
      { id: 1, url: `${PAGE_KEY}?utm_source=x#part` },
      { id: 2, url: 'https://www.customs.gov.cn/other.html' },
      { id: 3, url: 'chrome://newtab/' },
      { url: PAGE_KEY },
    ]);
    expect(await broadcastToTabs(api, [PAGE_KEY])).toBe(1);
    expect(sent).toEqual([{ tabId: 1, frameId: 0, message: envelopeFor([PAGE_KEY]) }]);
  });

  it('ignores tabs without a content script, a failing query, and empty changes', async () => {
    const { api, sent } = fakeTabs([{ id: 1 }, { id: 2 }], [1]);
    const registry = new TabPages(null);
    await registry.record(1, ['https://a.gov.cn/']);
    await registry.record(2, ['https://a.gov.cn/']);
    expect(await broadcastToTabs(api, ['https://a.gov.cn/'], registry)).toBe(2);
    expect(sent.map((s) => s.tabId)).toEqual([1, 2]);
    const broken: TabsLike = {
      query: async () => {
        throw new Error('no tabs API');
      },
      sendMessage: async () => undefined,
    };
    expect(await broadcastToTabs(broken, ['https://a.gov.cn/'], registry)).toBe(2);
    expect(await broadcastToTabs(api, [], registry)).toBe(0);
  });

  it('the registry lives in a storage area, survives a new instance, forgets closed tabs', async () => {
    const data: Record<string, unknown> = {};
    const area = {
      get: async (key: string) => (key in data ? { [key]: data[key] } : {}),
      set: async (items: Record<string, unknown>) => void Object.assign(data, items),
    };
    const a = new TabPages(area);
    await Promise.all([a.record(1, ['k1']), a.record(2, ['k2']), a.record(3, ['k1', 'k3'])]);
    const b = new TabPages(area); // the service worker restarted
    expect(await b.tabsFor(['k1'])).toEqual([
      { tabId: 1, keys: ['k1'] },
      { tabId: 3, keys: ['k1'] },
    ]);
    await b.forget(1);
    await b.record(3, []);
    expect(await a.tabsFor(['k1', 'k2'])).toEqual([{ tabId: 2, keys: ['k2'] }]);
    // Junk in storage is ignored.
    data[TAB_PAGES_KEY] = [['x', ['k1']], [5, 'k1'], [6, [7]], null, { 5: ['k1'] }];
    expect(await a.tabsFor(['k1'])).toEqual([]);
    data[TAB_PAGES_KEY] = { 5: ['k1'] };
    expect(await a.tabsFor(['k1'])).toEqual([]);
  });

  it('the store’s notifier tells the tabs after every committed write', async () => {
    const { api, sent } = fakeTabs([{ id: 7, url: 'https://www.customs.gov.cn/notice/1.html' }]);
    const s = testStore({ onChange: changeNotifier({ tabs: api, channel: null }) });
    const r = await s.annotations.create({ passage: passage() });
    await s.settled();
    expect(r.ok).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.message).toMatchObject({ type: 'annotations-changed', data: { keys: [PAGE_KEY] } });
    s.db.close();
  });
});

describe('persistence', () => {
  it('asks only when not yet persistent, and says what the browser answered', async () => {
    const persist = vi.fn(async () => true);
    expect(await requestPersistence({ persisted: async () => false, persist })).toBe('granted');
    expect(persist).toHaveBeenCalledTimes(1);
    persist.mockClear();
    expect(await requestPersistence({ persisted: async () => true, persist })).toBe('granted');
    expect(persist).not.toHaveBeenCalled();
    expect(await requestPersistence({ persisted: async () => false, persist: async () => false })).toBe(
      'denied',
    );
  });

  it('unsupported where there is no Storage API, no persist() (a worker), or it throws', async () => {
    expect(await requestPersistence(undefined)).toBe('unsupported');
    expect(await requestPersistence({ persisted: async () => false })).toBe('unsupported');
    expect(
      await requestPersistence({
        persisted: async () => false,
        persist: async () => {
          throw new TypeError('storage disabled');
        },
      }),
    ).toBe('unsupported');
    expect(await persisted({})).toBe('unsupported');
    expect(await persisted({ persisted: async () => true })).toBe('granted');
    expect(await persisted({ persisted: async () => false })).toBe('denied');
  });

  it('estimates usage when the browser says', async () => {
    expect(await storageEstimate({ estimate: async () => ({ usage: 10, quota: 100 }) })).toEqual({
      usage: 10,
      quota: 100,
    });
    expect(await storageEstimate({ estimate: async () => ({}) })).toBeNull();
    expect(await storageEstimate(null)).toBeNull();
  });
});
