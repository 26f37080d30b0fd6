/**
 * Shared by the store tests: a store over fake-indexeddb (a database of its own per call, so tests
 * never see each other's records), a fixed clock, and passages as a content script captures them.
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { CapturedPassage } from '../../lib/messaging.ts';
import type { AnnotationsChange } from '../../lib/store/changes.ts';
import { openStore, type Store, type StoreOptions } from '../../lib/store/store.ts';
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';

let dbCounter = 0;

/** A fresh database name. */
export function freshName(prefix = 'test'): string {
  dbCounter += 1;
  return `${prefix}-${process.pid}-${dbCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A clock that starts at 2026-12-01T00:00:00.000Z and moves one second per call. */
export function steppingClock(start = Date.UTC(2026, 11, 1)): () => Date {
  let t = start;
  return () => {
    const d = new Date(t);
    t += 1_000;
    return d;
  };
}

/** A store over fake-indexeddb that records its change notices. */
export function testStore(
  options: Partial<StoreOptions> = {},
): Store & { changes: AnnotationsChange[]; dbName: string } {
  const changes: AnnotationsChange[] = [];
  const name = options.name ?? freshName();
  const store = openStore({
    indexedDB,
    IDBKeyRange,
    name,
    now: steppingClock(),
    onChange: (c) => void changes.push(c),
    ...options,
  }) as Store & { changes: AnnotationsChange[]; dbName: string };
  store.changes = changes;
  store.dbName = name;
  return store;
}

export const PAGE_URL = 'https://www.customs.gov.cn/notice/1.html?utm_source=wechat#part2';
export const PAGE_KEY = 'https://www.customs.gov.cn/notice/1.html';

/** A passage on PAGE_URL (or another page), as the content script captures it. */
export function passage(over: Partial<CapturedPassage> = {}, exact = '推行提前申报'): CapturedPassage {
  return {
    page: { url: PAGE_URL, canonical: null, title: '大连海关惠企措施' },
    quote: { type: 'TextQuoteSelector', exact, prefix: '（十三）', suffix: '，压缩通关时间。' },
    position: { type: 'TextPositionSelector', start: 120, end: 120 + exact.length },
    measureId: 'dalian-2023:2.13',
    ...over,
  };
}

/** A passage on another page. */
export function passageOn(url: string, start = 10, exact = '单一窗口'): CapturedPassage {
  return passage(
    {
      page: { url, canonical: null, title: url },
      position: { type: 'TextPositionSelector', start, end: start + exact.length },
    },
    exact,
  );
}

/**
 * A Dexie middleware that runs `after` once each write has reached IndexedDB, inside its
 * transaction: `after` throwing is a write that failed late (a full disk, a closed database), so
 * tests see what a failure after the data was written does to the transaction.
 */
export function afterMutation(name: string, after: (req: DBCoreMutateRequest) => void): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name,
    create: (down) => ({
      ...down,
      table: (tableName) => {
        const table = down.table(tableName);
        return {
          ...table,
          mutate: async (req: DBCoreMutateRequest) => {
            const result = await table.mutate(req);
            after(req);
            return result;
          },
        };
      },
    }),
  };
}
