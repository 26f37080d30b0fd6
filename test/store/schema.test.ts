/**
 * Schema versions (yomitan's pattern): every released version has a frozen fixture,
 * `test/fixtures/db/v<n>.json`, with its `stores` as released and records as that version wrote
 * them. The walk below opens each version with its fixture and upgrades it to the current one; it
 * fails when a version has no fixture, when a released version's `stores` were edited, or when an
 * upgraded record is not a valid record of today's schema.
 *
 * A failed upgrade must not advance the version: a throwing upgrader (on a throwaway database
 * class, and through the store itself) leaves version 1 and all 10,000 records as they were.
 *
 * To add version n + 1: append it to `SCHEMA` in `lib/store/db.ts` with its `upgrade`, write
 * `v<n+1>.json` from records the new code writes, and add what the upgrade must do to older
 * fixtures' records to `expectUpgraded` below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/annotation/model.ts';
import { DB_VERSION, PolicyLensDb, SCHEMA, type SchemaVersion } from '../../lib/store/db.ts';
import { openStore } from '../../lib/store/store.ts';
import { parseAnnotation } from '../../lib/store/validate.ts';
import { freshName, passage, testStore } from './helpers.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/db');

interface Fixture {
  version: number;
  stores: Record<string, string | null>;
  tables: Record<string, unknown[]>;
}

function fixture(version: number): Fixture {
  const path = join(FIXTURES, `v${version}.json`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`schema version ${version} has no fixture: write ${path} (see this test's header)`);
  }
  return JSON.parse(text) as Fixture;
}

const deps = { indexedDB, IDBKeyRange };

/** What upgrading from `from` must have done to a fixture record (nothing yet: one version). */
function expectUpgraded(from: number, before: Annotation, after: Annotation): void {
  expect(from).toBeLessThanOrEqual(DB_VERSION);
  expect(after).toEqual(before);
}

describe('schema versions and their fixtures', () => {
  it('versions start at 1 and increase by one', () => {
    expect(SCHEMA.map((v) => v.version)).toEqual(SCHEMA.map((_, i) => i + 1));
    expect(DB_VERSION).toBe(SCHEMA.length);
  });

  it('every version has a fixture, every fixture a version, and released stores are unchanged', () => {
    const files = readdirSync(FIXTURES)
      .filter((f) => /^v\d+\.json$/u.test(f))
      .sort();
    expect(files).toEqual(SCHEMA.map((v) => `v${v.version}.json`).sort());
    for (const v of SCHEMA) {
      const f = fixture(v.version);
      expect(f.version).toBe(v.version);
      expect(f.stores, `v${v.version}'s stores were edited after release`).toEqual(v.stores);
      expect(Object.keys(f.tables).sort()).toEqual(Object.keys(v.stores).filter((t) => v.stores[t] !== null));
    }
  });

  it('a missing fixture fails the walk', () => {
    expect(() => fixture(SCHEMA.length + 1)).toThrow(/has no fixture/);
  });

  it.each(SCHEMA.map((v) => [v.version]))(
    'v%i: its records open, upgrade to the current version and stay valid',
    async (version) => {
      const f = fixture(version);
      const name = freshName('walk');
      const old = new PolicyLensDb(deps, { name, versions: SCHEMA.slice(0, version) });
      for (const [table, rows] of Object.entries(f.tables)) await old.table(table).bulkAdd(rows);
      old.close();

      const store = openStore({ ...deps, name });
      await store.open();
      expect(store.db.verno).toBe(DB_VERSION);
      const records = f.tables['annotations'] as Annotation[];
      expect(await store.annotations.count()).toBe(records.length);
      for (const before of records) {
        const after = await store.annotations.get(before.id);
        expect(after, before.id).not.toBeNull();
        if (!after) continue;
        const valid = parseAnnotation(after);
        expect(valid.ok ? 'valid' : valid.message).toBe('valid');
        expectUpgraded(version, before, after);
        for (const key of after.keys) {
          expect((await store.annotations.listByPage([key])).map((a) => a.id)).toContain(after.id);
        }
      }
      store.db.close();
    },
  );

  it('the current version’s fixture has the shape the code writes today', async () => {
    const s = testStore();
    const r = await s.annotations.create({ passage: passage(), tags: ['a'], note: 'n' });
    if (!r.ok) throw new Error(r.message);
    const shape = (a: object): string[] => Object.keys(a).sort();
    for (const record of fixture(DB_VERSION).tables['annotations'] as Annotation[]) {
      expect(shape(record)).toEqual(shape(r.annotation));
      expect(shape(record.page)).toEqual(shape(r.annotation.page));
      expect(shape(record.quote)).toEqual(shape(r.annotation.quote));
    }
    s.db.close();
  });
});

describe('a failed upgrade keeps the old version and every record', () => {
  const COUNT = 10_000;
  const v1 = SCHEMA[0] as SchemaVersion;

  /** 10,000 records: the v1 fixture's, over and over with fresh ids. */
  function manyRecords(): Annotation[] {
    const base = fixture(1).tables['annotations'] as Annotation[];
    return Array.from({ length: COUNT }, (_, i) => {
      const b = base[i % base.length] as Annotation;
      const hex = i.toString(16).padStart(12, '0');
      return { ...b, id: `00000000-0000-4000-8000-${hex}`, note: `${b.note} #${i}` };
    });
  }

  /** A throwaway database class: v1 as released, and a v2 whose upgrade throws at record `failAt`. */
  class Throwaway extends Dexie {
    constructor(name: string, upgradeTo2: { failAt: number | null } | null) {
      super(name, deps);
      this.version(1).stores({ ...v1.stores });
      if (upgradeTo2) {
        let seen = 0;
        this.version(2)
          .stores({ annotations: `${v1.stores['annotations']}, page.title` })
          .upgrade((tx) =>
            tx
              .table('annotations')
              .toCollection()
              .modify((r: Annotation) => {
                seen++;
                if (seen === upgradeTo2.failAt) throw new Error(`upgrader failed at record ${seen}`);
                r.note = `upgraded: ${r.note}`;
              }),
          );
      }
    }
  }

  it('a throwing upgrader: the open fails, version 1 and all 10,000 records remain', async () => {
    const name = freshName('throw');
    const records = manyRecords();
    const before = new Throwaway(name, null);
    await before.table('annotations').bulkAdd(records);
    before.close();

    // A failure somewhere in the middle (fixed seed: the test is the same every run).
    const failAt = 1 + ((records.length * 0.6180339887) | 0);
    const broken = new Throwaway(name, { failAt });
    await expect(broken.open()).rejects.toThrow(/upgrader failed at record/);
    broken.close();

    const after = new Throwaway(name, null);
    await after.open();
    expect(after.verno).toBe(1);
    const stored = (await after.table('annotations').toArray()) as Annotation[];
    expect(stored).toHaveLength(COUNT);
    expect(stored.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(records);
    after.close();

    // The same upgrade without the throw does upgrade every record: the harness is not vacuous.
    const fixed = new Throwaway(name, { failAt: null });
    await fixed.open();
    expect(fixed.verno).toBe(2);
    const upgraded = (await fixed.table('annotations').toArray()) as Annotation[];
    expect(upgraded.every((r) => r.note.startsWith('upgraded: '))).toBe(true);
    fixed.close();
  }, 60_000);

  it('through the store: a failing upgrade answers "closed", writes nothing, and v1 stays', async () => {
    const name = freshName('store-throw');
    const records = (fixture(1).tables['annotations'] as Annotation[]).slice();
    const seed = new PolicyLensDb(deps, { name, versions: SCHEMA.slice(0, 1) });
    await seed.annotations.bulkAdd(records);
    seed.close();

    const failing: SchemaVersion = {
      version: 2,
      stores: {},
      upgrade: async () => {
        throw new Error('upgrade to 2 failed');
      },
    };
    const store = openStore({ ...deps, name, versions: [...SCHEMA, failing] });
    const r = await store.annotations.create({ passage: passage() });
    expect(r).toMatchObject({ ok: false, error: 'closed' });
    await expect(store.annotations.count()).rejects.toMatchObject({ kind: 'closed' });
    store.db.close();

    const v1Store = openStore({ ...deps, name, versions: SCHEMA.slice(0, 1) });
    expect(await v1Store.annotations.count()).toBe(records.length);
    expect(v1Store.db.verno).toBe(1);
    v1Store.db.close();
  });
});
