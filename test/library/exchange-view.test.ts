/**
 * The Export / Import screen's steps over fake-indexeddb stores, as two browser profiles would run
 * them: every format exported from profile A, the backup imported into an empty profile B (its
 * settings applied), every format exported again from B: the same bytes, and the same bytes as
 * `cli convert` gives for A's backup. Plus: the import's writes go in slices but stay one
 * transaction (a failure in the last slice writes nothing), progress only moves forward, a refused
 * file changes nothing, and the summary groups what was skipped.
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/annotation/model.ts';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { convertFile } from '../../lib/exchange/convert.ts';
import { EXPORT_FORMATS, exportText } from '../../lib/exchange/export.ts';
import { corpusLookup } from '../../lib/exchange/formats.ts';
import {
  exportAll,
  exportFileName,
  importBytes,
  summarise,
  WRITE_CHUNK,
  type ExchangeDeps,
  type ImportStage,
} from '../../lib/library/exchange-view.ts';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../../lib/settings.ts';
import type { Store } from '../../lib/store/store.ts';
import { EXPORTED, goldenRecords, manyRecords } from '../exchange/records.ts';
import { afterMutation, freshName, testStore } from '../store/helpers.ts';

const measures = corpusLookup(compileSeedsDir());
const BASE = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/library.html';
const stores: Store[] = [];

afterEach(async () => {
  for (const s of stores.splice(0)) {
    await s.settled();
    s.db.close();
  }
});

/** A profile: a store of its own, settings of its own, a clock stopped at `EXPORTED`. */
function profile(store: Store = testStore()): ExchangeDeps & { store: Store; settings: Settings } {
  stores.push(store);
  const p = {
    store,
    settings: { ...DEFAULT_SETTINGS },
    annotations: store.annotations,
    loadSettings: async () => ({ ...p.settings }),
    saveSettings: async (change: Partial<Settings>) => {
      p.settings = parseSettings({ ...p.settings, ...change });
      return { ...p.settings };
    },
    libraryBase: BASE,
    measures,
    now: () => new Date(EXPORTED),
  };
  return p;
}

const text = (parts: string[]) => parts.join('');

async function everything(s: Store): Promise<Annotation[]> {
  const out: Annotation[] = [];
  for await (const batch of s.annotations.iterate(500)) out.push(...batch);
  return out;
}

describe('export → import into an empty profile → export', () => {
  it('gives the same bytes in every format, the same as cli convert, and brings the settings', async () => {
    const records = [...goldenRecords(), ...manyRecords(2_500)];
    const a = profile();
    a.settings = { tintMode: 'badges', printHighlights: true };
    const put = await a.store.annotations.bulkPut(records);
    expect(put.ok).toBe(true);

    const first = new Map<string, string>();
    for (const f of EXPORT_FORMATS) {
      const file = await exportAll(a, f);
      expect(file.count).toBe(records.length);
      expect(file.name).toBe(exportFileName(f, EXPORTED));
      first.set(f, text(file.parts));
      // The library's file is what the exchange code writes for these records.
      expect(text(file.parts)).toBe(
        exportText(f, records, {
          exported: EXPORTED,
          libraryBase: BASE,
          measures,
          settings: f === 'backup' ? a.settings : null,
        }),
      );
    }
    const backup = first.get('backup') as string;
    expect(backup).toContain('"settings": {"tintMode":"badges","printHighlights":true}');

    const b = profile();
    const stages: ImportStage[] = [];
    const r = await importBytes(b, new TextEncoder().encode(backup), { onProgress: (s) => stages.push(s) });
    if (!r.ok) throw new Error(r.message);
    expect(r.written).toBe(records.length);
    expect(r.summary.imported).toBe(records.length);
    expect(r.settings).toEqual({ tintMode: 'badges', printHighlights: true });
    expect(b.settings).toEqual({ tintMode: 'badges', printHighlights: true });
    // The bar only moves forward, through every phase, and ends full.
    const fractions = stages.map((s) => s.fraction);
    expect(fractions).toEqual([...fractions].sort((x, y) => x - y));
    // (The file's own phases are reported per slice of time: a small file may skip some.)
    const phases = ['read', 'parse', 'check', 'store-check', 'write'];
    const seen = stages.map((s) => phases.indexOf(s.phase));
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(seen).not.toContain(-1);
    expect(seen).toContain(phases.indexOf('write'));
    expect(stages.filter((s) => s.phase === 'write').length).toBeGreaterThanOrEqual(
      Math.ceil(records.length / WRITE_CHUNK),
    );
    expect(fractions[fractions.length - 1]).toBe(1);

    for (const f of EXPORT_FORMATS) {
      const again = text((await exportAll(b, f)).parts);
      expect(again, f).toBe(first.get(f));
      // And `cli convert` of A's backup to this format gives the same file.
      const converted = convertFile(new TextEncoder().encode(backup), {
        to: f,
        libraryBase: BASE,
        measures,
      });
      expect(converted.text, f).toBe(first.get(f));
    }

    // Importing the same file again skips everything, by id, as already stored.
    const twice = await importBytes(b, new TextEncoder().encode(backup));
    if (!twice.ok) throw new Error(twice.message);
    expect(twice.written).toBe(0);
    const view = summarise(twice.summary, 10);
    expect(view).toMatchObject({ total: records.length, imported: 0, skipped: records.length, rejected: 0 });
    expect(view.skippedBy).toEqual([{ reason: 'same-id', of: 'existing', count: records.length }]);
    expect(view.skippedShown).toHaveLength(10);
  }, 60_000);
});

describe('import', () => {
  it('refuses a bad file whole, with where, and changes nothing', async () => {
    const b = profile();
    await b.store.annotations.bulkPut(goldenRecords());
    const before = await everything(b.store);
    const future = exportText('backup', manyRecords(3), { exported: EXPORTED }).replace(
      '"version": 1',
      '"version": 2',
    );
    const r = await importBytes(b, new TextEncoder().encode(future));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/version 2/u);
    const truncated = exportText('backup', manyRecords(3), { exported: EXPORTED }).slice(0, 300);
    const t = await importBytes(b, new TextEncoder().encode(truncated));
    expect(t.ok).toBe(false);
    expect(await everything(b.store)).toEqual(before);
    expect(b.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('lists rejected annotations with where and why, and imports the others', async () => {
    const b = profile();
    const good = manyRecords(3);
    const file = JSON.parse(exportText('backup', good, { exported: EXPORTED })) as {
      annotations: unknown[];
    };
    file.annotations.splice(1, 0, { id: 'not-a-uuid', note: 7 });
    const r = await importBytes(b, new TextEncoder().encode(JSON.stringify(file)));
    if (!r.ok) throw new Error(r.message);
    expect(r.written).toBe(3);
    const view = summarise(r.summary);
    expect(view.rejected).toBe(1);
    expect(view.rejectedShown[0]?.where).toBe('$.annotations[1]');
    expect(view.rejectedShown[0]?.message).not.toBe('');
  });

  it('writes in slices inside one transaction: a failure in the last slice writes nothing', async () => {
    let mutations = 0;
    let failAt = Infinity;
    const failing = afterMutation('fail-late', () => {
      if (++mutations >= failAt) {
        throw new Dexie.AbortError('aborted', new DOMException('full', 'QuotaExceededError'));
      }
    });
    const b = profile(testStore({ name: freshName('slices'), configure: (db) => db.use(failing) }));
    const records = manyRecords(WRITE_CHUNK * 3 + 10);
    const file = new TextEncoder().encode(exportText('backup', records, { exported: EXPORTED }));
    // Four slices: the fourth write fails after IndexedDB executed it.
    failAt = 4;
    const r = await importBytes(b, file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/nothing was imported/u);
    expect(mutations).toBe(4);
    expect(await b.store.annotations.count()).toBe(0);
    // With room again, the same file imports whole.
    failAt = Infinity;
    const again = await importBytes(b, file);
    if (!again.ok) throw new Error(again.message);
    expect(again.written).toBe(records.length);
    expect(await b.store.annotations.count()).toBe(records.length);
  });

  it('says where a backup’s settings could not be saved, and keeps the annotations', async () => {
    const b = profile();
    b.saveSettings = async () => {
      throw new Error('storage is full');
    };
    const file = exportText('backup', manyRecords(2), {
      exported: EXPORTED,
      settings: { tintMode: 'tint', printHighlights: false },
    });
    const r = await importBytes(b, new TextEncoder().encode(file));
    if (!r.ok) throw new Error(r.message);
    expect(r.written).toBe(2);
    expect(r.settings).toBeNull();
    expect(r.settingsError).toBe('storage is full');
  });
});

describe('file names', () => {
  it('name the format and the export time', () => {
    expect(exportFileName('backup', '2026-12-02T08:00:00.000Z')).toBe(
      'policylens-backup-2026-12-02-080000.json',
    );
    expect(exportFileName('w3c', '2026-12-02T08:00:00.000Z')).toBe(
      'policylens-annotations-2026-12-02-080000.jsonld',
    );
    expect(exportFileName('csv', '2026-12-02T08:00:00.000Z')).toMatch(/\.csv$/u);
    expect(exportFileName('markdown', '2026-12-02T08:00:00.000Z')).toMatch(/\.md$/u);
  });
});
