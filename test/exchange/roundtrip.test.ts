/**
 * Export → import into an empty profile (a fresh fake-indexeddb store) → export gives the same
 * bytes, for the backup and for W3C. The export time is part of the file, so the second export is
 * made with the time the first file carries (`exported` of the import's result), as
 * `cli convert` does: everything else comes from the store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/annotation/model.ts';
import { exportText, type ExportFormat } from '../../lib/exchange/export.ts';
import { importIntoStore } from '../../lib/exchange/import.ts';
import type { Store } from '../../lib/store/store.ts';
import { testStore } from '../store/helpers.ts';
import { EXPORTED, goldenRecords, manyRecords } from './records.ts';

const stores: Store[] = [];
function store(): Store {
  const s = testStore();
  stores.push(s);
  return s;
}

afterEach(async () => {
  for (const s of stores.splice(0)) {
    await s.settled();
    s.db.close();
  }
});

async function everything(s: Store): Promise<Annotation[]> {
  const out: Annotation[] = [];
  for await (const batch of s.annotations.iterate(100)) out.push(...batch);
  return out;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('export → import into an empty profile → export', () => {
  for (const format of ['backup', 'w3c'] as ExportFormat[]) {
    it(`${format}: the same bytes`, async () => {
      // W3C keeps no position whose span differs from its quote: the records a W3C file can
      // carry are the ones it gives back.
      const records = [...goldenRecords(), ...manyRecords(700)];
      const first = exportText(format, records, { exported: EXPORTED });
      const s = store();
      const r = await importIntoStore(s.annotations, utf8(first));
      if (!r.ok) throw new Error(r.message);
      expect(r.written).toBe(records.length);
      expect(r.exported).toBe(EXPORTED);
      const again = exportText(format, await everything(s), { exported: r.exported ?? '' });
      expect(again).toBe(first);
      // And once more through the store: a fixed point.
      const s2 = store();
      const r2 = await importIntoStore(s2.annotations, utf8(again));
      expect(r2.ok).toBe(true);
      expect(exportText(format, await everything(s2), { exported: EXPORTED })).toBe(first);
    });
  }

  it('importing the same file again writes nothing and skips every record as already stored', async () => {
    const text = exportText('backup', manyRecords(50), { exported: EXPORTED });
    const s = store();
    await importIntoStore(s.annotations, utf8(text));
    const before = await everything(s);
    const r = await importIntoStore(s.annotations, utf8(text));
    if (!r.ok) throw new Error(r.message);
    expect(r.written).toBe(0);
    expect(r.summary.skipped).toHaveLength(50);
    expect(r.summary.skipped.every((x) => x.of === 'existing' && x.reason === 'same-id')).toBe(true);
    expect(await everything(s)).toEqual(before);
  });

  it('a refused file, or a strict import with a rejected record, changes nothing', async () => {
    const s = store();
    await importIntoStore(s.annotations, utf8(exportText('backup', manyRecords(20), { exported: EXPORTED })));
    const before = await everything(s);
    const more = exportText('backup', manyRecords(5, 100), { exported: EXPORTED });
    expect(await importIntoStore(s.annotations, utf8(more.slice(0, 400)))).toMatchObject({ ok: false });
    const oneBad = more.replace('"colour":"yellow"', '"colour":"purple"');
    expect(oneBad).not.toBe(more);
    expect(await importIntoStore(s.annotations, utf8(oneBad), { strict: true })).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^1 of 5 annotations are invalid, nothing was imported; \$\.annotations\[\d\]: colour must be one of/u,
      ),
      where: expect.stringMatching(/^\$\.annotations\[\d\]$/u),
    });
    expect(await everything(s)).toEqual(before);
    // Without strict, the four good ones are written and the bad one listed.
    const r = await importIntoStore(s.annotations, utf8(oneBad));
    expect(r).toMatchObject({
      ok: true,
      written: 4,
      summary: { rejected: [expect.objectContaining({ message: expect.stringMatching(/colour/u) })] },
    });
    expect(await s.annotations.count()).toBe(24);
  });
});
