/**
 * The `annotations` table: every function the background and extension pages call on it. Reached as
 * `store.annotations` (`store.ts`), which gives it the connection, the clock and change notices.
 *
 * Writes (each one transaction; each resolves to a `WriteResult`, never throws):
 * - `create(input)`: a new annotation from a captured passage (+ colour, tags, note, status); the
 *   store adds `id`, `keys` (`pageKeys(page)`, the canonical only when `trustedCanonical`) and times.
 *   → `{ ok, annotation }`
 * - `update(id, patch)`: any of colour, tags, note, status, and `anchor` (a re-attach: quote,
 *   position and measure together). An empty patch writes nothing. → `{ ok, annotation }`
 * - `delete(id)`: → `{ ok, annotation }`, the deleted record, which `restore` takes back (undo).
 * - `restore(record)`: puts a deleted record back (same id and `created`, `updated` stamped now);
 *   a record that is already there is left alone (a second undo is harmless).
 * - `bulkPut(records, options)`: import. Every record is checked first; by default one bad record
 *   refuses the whole import (nothing written), or with `skipInvalid` the good ones are written and
 *   the bad ones listed. An id already stored keeps the newer of the two (`onConflict:
 *   'keep-newer'`, by `updated`) or is replaced (`'replace'`). → `{ ok, written, kept, refused }`
 *
 * Every write checks its input with `validate.ts` (a hostile record is refused with `invalid` and
 * a message naming the field) and stamps `updated` with the store's clock (UTC ISO 8601), always
 * later than the record's previous `updated` even when the clock went back. One exception:
 * `bulkPut` keeps the `updated` of imported records, because they are the records' own history
 * and `keep-newer` compares them.
 *
 * Reads (resolve to values; reject with a `StoreError` when the database cannot be read):
 * - `get(id)` → the record or null;
 * - `listByPage(keys)` → the page's annotations in page order (position, then creation);
 * - `listByMeasure(measureId)` → a corpus measure's annotations, newest first;
 * - `listAll({ after, limit })` → one page of everything, newest `updated` first, with the cursor
 *   of the next page (`next`, null at the end): keyset paging, so page 50 of 10,000 records costs
 *   what page 1 costs, and a record written meanwhile neither repeats nor skips one;
 * - `iterate(batch)` → an async generator of batches over everything (same order), for building
 *   the search index or exporting without holding a transaction open;
 * - `count()`, `tagCounts()` → how many, and every tag with its number of annotations.
 */
import { cleanTags, DEFAULT_COLOUR, isoNow, LIMITS, type Annotation } from '../annotation/model.ts';
import { pageKeys, trustedCanonical } from '../annotation/page-url.ts';
import type { WriteResult } from '../messaging.ts';
import type { AnnotationsChange } from './changes.ts';
import type { PolicyLensDb } from './db.ts';
import { nextTurn } from '../exchange/turn.ts';
import { StoreError } from './errors.ts';
import type { StoreCore } from './store.ts';
import {
  check,
  IdSchema,
  parseAnnotation,
  parseNew,
  parsePatch,
  type AnnotationPatch,
  type NewAnnotation,
} from './validate.ts';

/** One page of a listing and the cursor of the next (null: this was the last). */
export interface Paged<T> {
  items: T[];
  next: string | null;
}

/** The default and largest page of `listAll`. */
export const DEFAULT_PAGE = 200;
export const MAX_PAGE = 1_000;

/** At most this many page keys per `listByPage` (a page has one or two). */
export const MAX_PAGE_KEYS = 16;

/** What `bulkPut` did. */
export interface BulkOutcome {
  /** Records written (new ids, and replaced ones). */
  written: number;
  /** Records not written because the stored one is as new or newer (`keep-newer`). */
  kept: number;
  /** Records refused by the checks, by index in the input (only with `skipInvalid`). */
  refused: Array<{ index: number; message: string }>;
}

export interface BulkOptions {
  onConflict?: 'keep-newer' | 'replace';
  skipInvalid?: boolean;
  /**
   * Records per write inside the one transaction (default: all at once). With it, the checks run
   * a slice at a time between turns of the event loop, and the writes follow one another inside
   * the transaction, so that a page importing 100,000 records keeps answering (one `bulkPut` of
   * them all held Chromium's main thread for seconds). Still one transaction: all or nothing.
   */
  chunk?: number;
  /** With `chunk`: records checked, then records written, out of the total. */
  onProgress?: (p: { phase: 'check' | 'write'; done: number; total: number }) => void;
}

/** With `BulkOptions.chunk`: milliseconds of checking between turns of the event loop. */
const CHECK_SLICE_MS = 12;

/** Which record comes first in a page: by position, unpositioned ones last, then by creation. */
function pageOrder(a: Annotation, b: Annotation): number {
  const pa = a.position?.start ?? Number.MAX_SAFE_INTEGER;
  const pb = b.position?.start ?? Number.MAX_SAFE_INTEGER;
  if (pa !== pb) return pa - pb;
  if (a.created !== b.created) return a.created < b.created ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A `listAll` cursor: the last record's `updated` and `id`, as one opaque string. */
function encodeCursor(a: Annotation): string {
  return `${a.updated}|${a.id}`;
}

function decodeCursor(cursor: string): { updated: string; id: string } {
  const at = typeof cursor === 'string' ? cursor.indexOf('|') : -1;
  if (at < 1 || cursor.length > 200) throw new StoreError('invalid', 'not a listing cursor');
  return { updated: cursor.slice(0, at), id: cursor.slice(at + 1) };
}

const invalid = (message: string): { ok: false; error: 'invalid'; message: string } => ({
  ok: false,
  error: 'invalid',
  message,
});

export class AnnotationsTable {
  constructor(private readonly store: StoreCore) {}

  /** `updated` for a write over a record last updated at `previous`: now, or just after it. */
  private stamp(previous?: string): string {
    const now = isoNow(this.store.now());
    if (previous === undefined || now > previous) return now;
    const after = Date.parse(previous) + 1;
    return Number.isNaN(after) ? now : new Date(after).toISOString();
  }

  private static change(kind: AnnotationsChange['kind'], records: readonly Annotation[]): AnnotationsChange {
    const keys = new Set<string>();
    for (const r of records) for (const k of r.keys) keys.add(k);
    return { kind, ids: records.map((r) => r.id), keys: [...keys] };
  }

  // ---- writes ----

  async create(input: NewAnnotation): Promise<WriteResult<{ annotation: Annotation }>> {
    const parsed = parseNew(input);
    if (!parsed.ok) return invalid(parsed.message);
    const { passage, colour, tags, note, status } = parsed.value;
    const now = this.stamp();
    const page = {
      url: passage.page.url,
      canonical: trustedCanonical(passage.page.url, passage.page.canonical),
      title: passage.page.title,
    };
    const record: Annotation = {
      id: this.store.newId(),
      page,
      keys: pageKeys(page),
      quote: passage.quote,
      position: passage.position,
      measureId: passage.measureId,
      colour: colour ?? DEFAULT_COLOUR,
      tags: cleanTags(tags ?? []),
      note: note ?? '',
      status: status ?? 'none',
      created: now,
      updated: now,
    };
    const whole = parseAnnotation(record);
    if (!whole.ok) return invalid(whole.message);
    return this.store.write(async (db) => {
      await db.transaction('rw', db.annotations, () => db.annotations.add(record));
      return { value: { annotation: record }, change: AnnotationsTable.change('create', [record]) };
    });
  }

  async update(id: string, patch: AnnotationPatch): Promise<WriteResult<{ annotation: Annotation }>> {
    const idOk = check(IdSchema, id);
    if (!idOk.ok) return invalid(idOk.message);
    const parsed = parsePatch(patch);
    if (!parsed.ok) return invalid(parsed.message);
    const p = parsed.value;
    const empty =
      p.colour === undefined &&
      p.tags === undefined &&
      p.note === undefined &&
      p.status === undefined &&
      p.anchor === undefined;
    return this.store.write(async (db) =>
      db.transaction('rw', db.annotations, async () => {
        const current = await db.annotations.get(id);
        if (!current) throw new StoreError('not-found', `no annotation ${id}`);
        if (empty) return { value: { annotation: current }, change: null };
        const next: Annotation = {
          ...current,
          ...(p.colour !== undefined ? { colour: p.colour } : {}),
          ...(p.tags !== undefined ? { tags: cleanTags(p.tags) } : {}),
          ...(p.note !== undefined ? { note: p.note } : {}),
          ...(p.status !== undefined ? { status: p.status } : {}),
          ...(p.anchor !== undefined
            ? { quote: p.anchor.quote, position: p.anchor.position, measureId: p.anchor.measureId }
            : {}),
          updated: this.stamp(current.updated),
        };
        const whole = parseAnnotation(next);
        if (!whole.ok) throw new StoreError('invalid', whole.message);
        await db.annotations.put(next);
        return { value: { annotation: next }, change: AnnotationsTable.change('update', [next]) };
      }),
    );
  }

  async delete(id: string): Promise<WriteResult<{ annotation: Annotation }>> {
    const idOk = check(IdSchema, id);
    if (!idOk.ok) return invalid(idOk.message);
    return this.store.write(async (db) =>
      db.transaction('rw', db.annotations, async () => {
        const current = await db.annotations.get(id);
        if (!current) throw new StoreError('not-found', `no annotation ${id}`);
        await db.annotations.delete(id);
        return { value: { annotation: current }, change: AnnotationsTable.change('delete', [current]) };
      }),
    );
  }

  async restore(record: Annotation): Promise<WriteResult<{ annotation: Annotation }>> {
    const parsed = parseAnnotation(record);
    if (!parsed.ok) return invalid(parsed.message);
    const r = parsed.value;
    return this.store.write(async (db) =>
      db.transaction('rw', db.annotations, async () => {
        const existing = await db.annotations.get(r.id);
        if (existing) return { value: { annotation: existing }, change: null };
        const back: Annotation = { ...r, updated: this.stamp(r.updated) };
        await db.annotations.add(back);
        return { value: { annotation: back }, change: AnnotationsTable.change('restore', [back]) };
      }),
    );
  }

  async bulkPut(records: readonly unknown[], options: BulkOptions = {}): Promise<WriteResult<BulkOutcome>> {
    if (!Array.isArray(records)) return invalid('records must be a list');
    const onConflict = options.onConflict ?? 'keep-newer';
    if (onConflict !== 'keep-newer' && onConflict !== 'replace') {
      return invalid('onConflict must be keep-newer or replace');
    }
    const good = new Map<string, Annotation>();
    const refused: BulkOutcome['refused'] = [];
    const chunk = options.chunk !== undefined ? Math.max(1, Math.floor(options.chunk) || 1) : null;
    let since = performance.now();
    for (let index = 0; index < records.length; index++) {
      if (chunk !== null && performance.now() - since >= CHECK_SLICE_MS) {
        options.onProgress?.({ phase: 'check', done: index, total: records.length });
        await nextTurn();
        since = performance.now();
      }
      const parsed = parseAnnotation(records[index]);
      if (!parsed.ok) {
        refused.push({ index, message: parsed.message });
        continue;
      }
      const r = parsed.value;
      const seen = good.get(r.id);
      // The same id twice in one file: the later one, or with keep-newer the newer one.
      if (!seen || onConflict === 'replace' || r.updated >= seen.updated) good.set(r.id, r);
    }
    if (refused.length > 0 && !options.skipInvalid) {
      const first = refused[0];
      return invalid(
        `${refused.length} of ${records.length} records are invalid, nothing was imported; record ${first?.index}: ${first?.message}`,
      );
    }
    const incoming = [...good.values()];
    const size = chunk ?? Math.max(1, incoming.length);
    return this.store.write(async (db) =>
      db.transaction('rw', db.annotations, async () => {
        // Slices follow one another inside the transaction: each is issued when the previous one's
        // requests have succeeded (Dexie keeps the transaction alive across its own promises), and
        // the page's other tasks run in between.
        const write: Annotation[] = [];
        for (let at = 0; at < incoming.length; at += size) {
          const slice = incoming.slice(at, at + size);
          let put = slice;
          if (onConflict === 'keep-newer') {
            const stored = await db.annotations.bulkGet(slice.map((r) => r.id));
            put = slice.filter((r, i) => {
              const s = stored[i];
              return !s || r.updated > s.updated;
            });
          }
          if (put.length > 0) await db.annotations.bulkPut(put);
          for (const r of put) write.push(r);
          if (chunk !== null) {
            options.onProgress?.({
              phase: 'write',
              done: Math.min(incoming.length, at + size),
              total: incoming.length,
            });
          }
        }
        return {
          value: { written: write.length, kept: incoming.length - write.length, refused },
          change: write.length > 0 ? AnnotationsTable.change('import', write) : null,
        };
      }),
    );
  }

  // ---- reads ----

  async get(id: string): Promise<Annotation | null> {
    if (!check(IdSchema, id).ok) return null;
    return this.store.read(async (db) => (await db.annotations.get(id)) ?? null);
  }

  async listByPage(keys: readonly string[]): Promise<Annotation[]> {
    if (
      !Array.isArray(keys) ||
      keys.length > MAX_PAGE_KEYS ||
      !keys.every((k) => typeof k === 'string' && k.length <= LIMITS.url * 2)
    ) {
      throw new StoreError('invalid', `page keys must be at most ${MAX_PAGE_KEYS} strings`);
    }
    if (keys.length === 0) return [];
    const found = await this.store.read((db) =>
      db.annotations
        .where('keys')
        .anyOf([...keys])
        .distinct()
        .toArray(),
    );
    return found.sort(pageOrder);
  }

  async listByMeasure(measureId: string): Promise<Annotation[]> {
    if (typeof measureId !== 'string' || measureId === '') return [];
    const found = await this.store.read((db) =>
      db.annotations.where('measureId').equals(measureId).toArray(),
    );
    return found.sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : 0));
  }

  async listAll(options: { after?: string | null; limit?: number } = {}): Promise<Paged<Annotation>> {
    const limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(options.limit ?? DEFAULT_PAGE) || DEFAULT_PAGE));
    const after = options.after ? decodeCursor(options.after) : null;
    const rows = await this.store.read((db) => listPage(db, after, limit + 1));
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last ? encodeCursor(last) : null };
  }

  async *iterate(batch = 500): AsyncGenerator<Annotation[]> {
    let after: string | null = null;
    for (;;) {
      const page: Paged<Annotation> = await this.listAll({ after, limit: batch });
      if (page.items.length > 0) yield page.items;
      if (page.next === null) return;
      after = page.next;
    }
  }

  async count(): Promise<number> {
    return this.store.read((db) => db.annotations.count());
  }

  async tagCounts(): Promise<Array<{ tag: string; count: number }>> {
    // The multi-entry index holds one entry per (tag, annotation): counting its keys is the answer.
    const tags = await this.store.read((db) => db.annotations.orderBy('tags').keys());
    const counts = new Map<string, number>();
    for (const t of tags) if (typeof t === 'string') counts.set(t, (counts.get(t) ?? 0) + 1);
    return [...counts]
      .map(([tag, count]) => ({ tag, count }))
      .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1));
  }
}

/**
 * Up to `n` records, newest `updated` first (ties: larger id first, as IndexedDB orders an index's
 * equal keys by primary key), strictly after the cursor.
 */
function listPage(db: PolicyLensDb, after: { updated: string; id: string } | null, n: number) {
  if (!after) return db.annotations.orderBy('updated').reverse().limit(n).toArray();
  return db.annotations
    .where('updated')
    .belowOrEqual(after.updated)
    .reverse()
    .filter((r) => r.updated < after.updated || r.id < after.id)
    .limit(n)
    .toArray();
}
