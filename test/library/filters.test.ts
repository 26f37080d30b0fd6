/**
 * The measure list's filters over the real corpus: each narrows by what it says, they combine, the
 * deadline range reads deadline years, "mine" needs the store's answer, and every facet counts what
 * choosing an option would leave.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { LibraryCorpus } from '../../lib/library/corpus.ts';
import {
  facets,
  filtersOf,
  measureRows,
  passes,
  type MeasureRow,
} from '../../lib/library/measure-filters.ts';

let lib: LibraryCorpus;
let rows: MeasureRow[];
beforeAll(() => {
  lib = new LibraryCorpus(compileSeedsDir());
  rows = measureRows(lib, 'Hans');
});

const ids = (params: Record<string, string>, annotated: Set<string> | null = null) =>
  rows.filter((r) => passes(r, filtersOf(params), annotated)).map((r) => r.id);

describe('measure filters', () => {
  it('has one row per measure, in reading order per document', () => {
    expect(rows).toHaveLength(lib.measures.length);
    expect(rows[0]?.id).toBe('xiamen-2008:1');
    const dalian = rows.filter((r) => r.docId === 'dalian-2023').map((r) => r.id);
    expect(dalian[12]).toBe('dalian-2023:2.13');
  });

  it('narrows by port, document, year, theme, instrument and agency, and combines them', () => {
    expect(ids({ port: 'Dalian' })).toHaveLength(43);
    expect(ids({ doc: 'xiamen-2024' })).toHaveLength(39);
    expect(ids({ port: 'Xiamen' })).toHaveLength(54);
    expect(ids({ year: '2017' })).toHaveLength(41);
    const roundClock = ids({ instrument: 'round-the-clock' });
    expect(roundClock).toEqual(
      expect.arrayContaining(['xiamen-2008:3', 'changsha-2017:3.8', 'dalian-2023:2.13']),
    );
    expect(ids({ instrument: 'round-the-clock', port: 'Dalian' })).toEqual(['dalian-2023:2.13']);
    const guarantee = ids({ theme: 'guarantee' });
    expect(guarantee).toContain('xiamen-2008:4');
    for (const id of guarantee) expect(lib.measure(id)?.themes).toContain('guarantee');
    const agency = ids({ agency: '关税处' });
    expect(agency.length).toBeGreaterThan(0);
    for (const id of agency)
      expect(
        lib.cards.card(id, 'Hans')?.leadAgencies.concat(lib.cards.card(id, 'Hans')?.coAgencies ?? []),
      ).toContain('关税处');
  });

  it('reads the deadline range as years, leaving out measures without a deadline', () => {
    const in2004 = ids({ from: '2004', to: '2004' });
    expect(in2004.length).toBeGreaterThan(0);
    for (const id of in2004) expect(lib.measure(id)?.deadline?.date.slice(0, 4)).toBe('2004');
    const after2020 = ids({ from: '2020' });
    for (const id of after2020)
      expect(Number(lib.measure(id)?.deadline?.date.slice(0, 4))).toBeGreaterThanOrEqual(2020);
    expect(after2020).not.toContain('dalian-2023:2.13'); // no deadline stated
  });

  it('shows only annotated measures for "mine", and none until the store has answered', () => {
    expect(ids({ mine: '1' }, new Set(['dalian-2023:2.13']))).toEqual(['dalian-2023:2.13']);
    expect(ids({ mine: '1' }, null)).toEqual([]);
  });

  it('counts for each option what choosing it would leave under the other filters', () => {
    const f = filtersOf({ port: 'Dalian' });
    const fx = facets(lib, rows, f, null, 'en', 'Hans');
    // The port facet ignores the port filter itself.
    expect(fx.port.find((o) => o.value === 'Changsha')?.count).toBe(41);
    expect(fx.port.map((o) => o.label)).toEqual(['Xiamen', 'Dalian', 'Hangzhou / Ningbo', 'Changsha']);
    // Other facets count within Dalian.
    expect(fx.doc.find((o) => o.value === 'dalian-2023')?.count).toBe(43);
    expect(fx.doc.find((o) => o.value === 'changsha-2017')?.count).toBe(0);
    expect(fx.instrument.find((o) => o.value === 'round-the-clock')?.count).toBe(1);
    expect(fx.instrument.find((o) => o.value === 'round-the-clock')?.label).toBe(
      lib.concept('round-the-clock')?.labels.en,
    );
    const zh = facets(lib, rows, filtersOf({}), null, 'zh-TW', 'Hant');
    expect(zh.port.map((o) => o.label)).toContain('廈門');
    expect(zh.theme.every((o) => !/[a-z]/u.test(o.label.replace(/AEO/gu, '')))).toBe(true);
  });
});
