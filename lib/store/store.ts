/**
 * The store: one connection to the database (`db.ts`) and its tables' APIs (`annotations.ts`), used
 * alike by the background and by extension pages.
 *
 * ```ts
 * const store = openExtensionStore(browser); // an extension page: side panel, library
 * // or, spelled out (the background passes its own onChange):
 * const store = openStore({ ...browserIndexedDb(), onChange: changeNotifier({ tabs: browser.tabs, tabPages }) });
 * const r = await store.annotations.create({ passage, colour: 'green' });
 * if (!r.ok) showError(r.error, r.message); // the draft stays in the editor
 * ```
 *
 * What every call guarantees:
 * - **One transaction per write**: a write commits whole or not at all.
 * - **Results, not throws**: writes resolve to `WriteResult` (`{ ok: true, … }` or `{ ok: false,
 *   error, message }`, `errors.ts`), so nothing is thrown across a message boundary. Reads resolve
 *   to their value or reject with a `StoreError` (their callers have nothing to keep).
 * - **A closed connection is reopened**: when the browser closed it (a service worker stopped, the
 *   user cleared data, another version opened), the call reopens and tries once more; if that fails
 *   too, it answers `closed`, and the next call tries again.
 * - **Change notices after commit**: `onChange` hears every committed write (`changes.ts`), never a
 *   write that failed. A failing `onChange` does not turn a saved write into an error.
 */
import type { WriteResult } from '../messaging.ts';
import { AnnotationsTable } from './annotations.ts';
import {
  changeNotifier,
  TabPages,
  type AnnotationsChange,
  type StorageAreaLike,
  type TabsLike,
} from './changes.ts';
import { browserIndexedDb, PolicyLensDb, type IndexedDbDeps, type SchemaVersion } from './db.ts';
import { isClosedError, messageOf, StoreError, writeErrorOf } from './errors.ts';

/** How a store is opened. */
export interface StoreOptions extends IndexedDbDeps {
  /** Database name (tests use one per test); default `policylens`. */
  name?: string;
  /** Schema versions (tests only: an older schema); default `SCHEMA`. */
  versions?: readonly SchemaVersion[];
  /** Hears every committed write. */
  onChange?: (change: AnnotationsChange) => void | Promise<void>;
  /** The clock for `created`/`updated` (tests). */
  now?: () => Date;
  /** New ids (tests); default `crypto.randomUUID()`. */
  newId?: () => string;
  /** Called on the Dexie instance before it first opens (tests add DBCore middleware here). */
  configure?: (db: PolicyLensDb) => void;
}

/** What the table modules use of the store. */
export interface StoreCore {
  now(): Date;
  newId(): string;
  /** Runs a read on the open database, reopening it once if it was closed. */
  read<T>(fn: (db: PolicyLensDb) => Promise<T>): Promise<T>;
  /**
   * Runs a write (its own transaction inside `fn`) and maps failures to `WriteResult`; on success,
   * announces `change` (null: nothing was written, nothing to announce).
   */
  write<T extends object>(
    fn: (db: PolicyLensDb) => Promise<{ value: T; change: AnnotationsChange | null }>,
  ): Promise<WriteResult<T>>;
}

/** The store: a connection and the tables. */
export class Store implements StoreCore {
  readonly db: PolicyLensDb;
  readonly annotations: AnnotationsTable;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: StoreOptions) {
    this.db = new PolicyLensDb(options, {
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(options.versions !== undefined ? { versions: options.versions } : {}),
    });
    options.configure?.(this.db);
    this.annotations = new AnnotationsTable(this);
  }

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  newId(): string {
    return this.options.newId?.() ?? crypto.randomUUID();
  }

  /** Opens the database now (calls open it anyway; this surfaces an open error early). */
  async open(): Promise<void> {
    await this.db.open();
  }

  /** Closes the connection; the next call opens it again. */
  close(): void {
    this.db.close({ disableAutoOpen: false });
  }

  /** Resolves when every change notice sent so far has been delivered (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /**
   * Opens the connection if it is not open. Any failure to open (a throwing upgrade, a database of
   * a newer version after a downgrade, IndexedDB unavailable) is `closed`: nothing can be read or
   * written until it opens.
   */
  private async ensureOpen(): Promise<void> {
    if (this.db.isOpen()) return;
    try {
      await this.db.open();
    } catch (e) {
      // Dexie remembers a failed open and fails every later call with it; forget it, so that the
      // next call tries again.
      this.db.close({ disableAutoOpen: false });
      throw new StoreError('closed', `the database could not be opened (${messageOf(e)})`);
    }
  }

  /** Runs `fn`; on a closed connection, opens a new one and runs it once more. */
  private async retryClosed<T>(fn: (db: PolicyLensDb) => Promise<T>): Promise<T> {
    await this.ensureOpen();
    try {
      return await fn(this.db);
    } catch (e) {
      if (!isClosedError(e)) throw e;
      // `close` with auto-open kept on drops the dead IDBDatabase and clears Dexie's "closed"
      // state (an explicit close would otherwise fail every later call).
      this.db.close({ disableAutoOpen: false });
      await this.ensureOpen();
      return fn(this.db);
    }
  }

  async read<T>(fn: (db: PolicyLensDb) => Promise<T>): Promise<T> {
    try {
      return await this.retryClosed(fn);
    } catch (e) {
      if (e instanceof StoreError) throw e;
      const { error, message } = writeErrorOf(e);
      throw new StoreError(error, message);
    }
  }

  async write<T extends object>(
    fn: (db: PolicyLensDb) => Promise<{ value: T; change: AnnotationsChange | null }>,
  ): Promise<WriteResult<T>> {
    let outcome: { value: T; change: AnnotationsChange | null };
    try {
      outcome = await this.retryClosed(fn);
    } catch (e) {
      const { error, message } = writeErrorOf(e);
      return { ok: false, error, message };
    }
    if (outcome.change) this.announce(outcome.change);
    return { ok: true, ...outcome.value };
  }

  /** Tells `onChange`, without making the write wait for the tabs to answer. */
  private announce(change: AnnotationsChange): void {
    const onChange = this.options.onChange;
    if (!onChange) return;
    const p = Promise.resolve()
      .then(() => onChange(change))
      .catch((e: unknown) => console.warn('PolicyLens: a change notice failed', e));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}

/** Creates a store (the database opens on the first call). */
export function openStore(options: StoreOptions): Store {
  return new Store(options);
}

/**
 * The store as an extension page (side panel, library) opens it: the browser's IndexedDB, and its
 * own writes announced to the other contexts and to the tabs that show the changed pages (an MV3
 * service worker may be asleep, so the writer tells everyone itself). Pass WXT's `browser`.
 */
export function openExtensionStore(browser: {
  tabs: TabsLike;
  storage: { session?: StorageAreaLike };
}): Store {
  return openStore({
    ...browserIndexedDb(),
    onChange: changeNotifier({ tabs: browser.tabs, tabPages: new TabPages(browser.storage.session ?? null) }),
  });
}
