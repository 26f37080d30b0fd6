/**
 * The one IndexedDB database of PolicyLens, `policylens`, through Dexie. It is opened only by the
 * background and by extension pages (side panel, library, popup): a content script's IndexedDB is
 * the page's own, where the page could read it. Tables have one module each (`annotations.ts`).
 *
 * Schema versions are append-only. {@link SCHEMA} lists every version ever released, oldest first;
 * a released entry is never edited. A change is a new entry `{ version: n + 1, stores, upgrade }`
 * whose `upgrade` turns records written by version n into records of version n + 1 (typed by both
 * shapes, and returning its promise: Dexie waits for it, dexie/Dexie.js#942). Each version has a
 * frozen fixture, `test/fixtures/db/v<n>.json`: its `stores` exactly as released and records as
 * that version wrote them. `test/store/schema.test.ts` opens every version with its fixture, then
 * upgrades it to the current one, and fails when a version has no fixture or its `stores` differ
 * from the fixture's. An upgrade that throws aborts IndexedDB's versionchange transaction, so the
 * database stays at the old version with all its records (tested with a throwing upgrader).
 *
 * Version 1, table `annotations` (records: `Annotation` from `lib/annotation/model.ts`):
 * - `id`: the primary key (a UUID);
 * - `*keys`: multi-entry, the page keys, for "the annotations of this page" (either key finds it);
 * - `updated`: the library's order (newest first) and its paging;
 * - `created`: the order a page's annotations were made in;
 * - `measureId`: the annotations of one corpus measure (its card, the library);
 * - `*tags`: multi-entry, the tag list with counts, and "everything tagged X";
 * - `colour`, `status`: an enterprise's lists ("everything to do") without reading every record.
 *
 * No other table yet: settings live in `browser.storage.local` (small, and readable by the
 * background without opening the database), and the persistence answer is asked of the browser
 * each time (it can change). A table added later is a new version with its fixture.
 */
import Dexie, { type Table, type Transaction } from 'dexie';
import type { Annotation } from '../annotation/model.ts';

/** The database's name (one per extension origin; the page's origin never sees it). */
export const DB_NAME = 'policylens';

/** One released schema version. */
export interface SchemaVersion {
  version: number;
  /** Dexie's `stores()` argument: table name → primary key and indexes (null drops a table). */
  stores: Readonly<Record<string, string | null>>;
  /**
   * Turns the previous version's records into this version's, inside the versionchange
   * transaction. Must return its promise; a throw or a rejection aborts the upgrade.
   */
  upgrade?: (tx: Transaction) => PromiseLike<unknown>;
}

/** Every released version, oldest first. Append only; never edit a released entry. */
export const SCHEMA: readonly SchemaVersion[] = Object.freeze([
  {
    version: 1,
    stores: { annotations: 'id, *keys, updated, created, measureId, *tags, colour, status' },
  },
]);

/** The version this code writes. */
export const DB_VERSION: number = SCHEMA[SCHEMA.length - 1]?.version ?? 1;

/** Where IndexedDB comes from: the browser's globals, or fake-indexeddb in unit tests. */
export interface IndexedDbDeps {
  indexedDB: IDBFactory;
  IDBKeyRange: typeof IDBKeyRange;
}

/** The browser's own IndexedDB (background and extension pages; never a content script). */
export function browserIndexedDb(): IndexedDbDeps {
  return { indexedDB: globalThis.indexedDB, IDBKeyRange: globalThis.IDBKeyRange };
}

/** Declares `versions` on `db`, in order. */
export function declareVersions(db: Dexie, versions: readonly SchemaVersion[]): void {
  for (const v of versions) {
    const declared = db.version(v.version).stores({ ...v.stores });
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
}

/** The database: one Dexie subclass, one typed table property per table. */
export class PolicyLensDb extends Dexie {
  declare annotations: Table<Annotation, string>;

  /**
   * @param deps where IndexedDB comes from
   * @param options `name` for tests (a database per test); `versions` to open an older schema
   *   (the upgrade tests open version n with `SCHEMA.slice(0, n)`).
   */
  constructor(deps: IndexedDbDeps, options: { name?: string; versions?: readonly SchemaVersion[] } = {}) {
    super(options.name ?? DB_NAME, {
      indexedDB: deps.indexedDB,
      IDBKeyRange: deps.IDBKeyRange,
      // A note the user typed is on disk when the write says it is (Chrome's default lets the OS
      // keep it in a cache for a while, and a crash can lose it). Writes are single user actions.
      chromeTransactionDurability: 'strict',
    });
    declareVersions(this, options.versions ?? SCHEMA);
  }
}
