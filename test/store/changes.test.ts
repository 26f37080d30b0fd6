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
  it('tells only tabs on a changed page’s host, top frame only, with that host’s keys', async () => {
    const { api, sent } = fakeTabs([
      { id: 1, url: 'https://www.customs.gov.cn/notice/1.html#x' },
      { id: 2, url: 'https://www.customs.gov.cn/other.html' },
      { id: 3, url: 'https://evil.example/' },
      { id: 4, url: 'chrome://newtab/' },
      { id: 5 },
      { url: 'https://www.customs.gov.cn/no-id' },
      { id: 6, url: 'https://xm.gov.cn/a' },
    ]);
    const n = await broadcastToTabs(api, [PAGE_KEY, 'https://xm.gov.cn/a?id=1']);
    expect(n).toBe(3);
    expect(sent).toEqual([
      {
        tabId: 1,
        frameId: 0,
        message: {
          policylens: 1,
          direction: 'background-to-content',
          type: 'annotations-changed',
          data: { keys: [PAGE_KEY] },
        },
      },
      { tabId: 2, frameId: 0, message: expect.objectContaining({ data: { keys: [PAGE_KEY] } }) },
      {
        tabId: 6,
        frameId: 0,
        message: expect.objectContaining({ data: { keys: ['https://xm.gov.cn/a?id=1'] } }),
      },
    ]);
  });

  it('ignores tabs without a content script, and a failing query', async () => {
    const { api, sent } = fakeTabs(
      [
        { id: 1, url: 'https://a.gov.cn/' },
        { id: 2, url: 'https://a.gov.cn/b' },
      ],
      [1],
    );
    expect(await broadcastToTabs(api, ['https://a.gov.cn/'])).toBe(2);
    expect(sent.map((s) => s.tabId)).toEqual([1, 2]);
    const broken: TabsLike = {
      query: async () => {
        throw new Error('no tabs API');
      },
      sendMessage: async () => undefined,
    };
    expect(await broadcastToTabs(broken, ['https://a.gov.cn/'])).toBe(0);
    expect(await broadcastToTabs(api, ['not a url'])).toBe(0);
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
