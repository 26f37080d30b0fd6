/**
 * The Compare view's data from the seed corpus: the port × instrument matrix (checked against
 * counts made here another way, straight from the thesaurus' term matcher), and the timeline of
 * documents, deadlines and first appearances.
 */
import { describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import {
  cellKey,
  compareMatrix,
  compareTimeline,
  instrumentTerms,
  portLabel,
  shadeStep,
  yearOf,
  yearPosition,
} from '../../lib/library/compare.ts';
import { useScriptTables } from '../../lib/cards/script.ts';
import { buildRelatedIndex } from '../../lib/match/engine.ts';
import { featureText } from '../../lib/match/related.ts';
import { normalizeText } from '../../lib/normalize.ts';
import { ancestorsOf, TermMatcher } from '../../lib/thesaurus/thesaurus.ts';

const corpus = compileSeedsDir();
const related = buildRelatedIndex(corpus.measures, corpus.documents, corpus.thesaurus);
const matrix = compareMatrix(corpus, related);
const timeline = compareTimeline(corpus, matrix);

/**
 * The counts another way: each measure's text scanned with the thesaurus' own matcher, every
 * instrument (not field) found folded to its topmost instrument, table tasks counted as their
 * measure.
 */
function countsByHand(): Map<string, Set<string>> {
  const concepts = corpus.thesaurus.concepts;
  const matcher = new TermMatcher(corpus.thesaurus);
  const top = (k: number): number => {
    let t = k;
    for (const a of ancestorsOf(corpus.thesaurus, k)) if (!concepts[a]?.broad) t = a;
    return t;
  };
  const byId = new Map(corpus.measures.map((m) => [m.id, m]));
  const port = new Map(corpus.documents.map((d) => [d.id, d.port]));
  const out = new Map<string, Set<string>>();
  for (const m of corpus.measures) {
    const head = m.parentId !== null ? (byId.get(m.parentId) ?? m) : m;
    for (const k of matcher.concepts(featureText(normalizeText(m.text))).keys()) {
      if (concepts[k]?.broad) continue;
      const key = cellKey(port.get(head.docId) as string, concepts[top(k)]?.id as string);
      const set = out.get(key) ?? new Set<string>();
      set.add(head.id);
      out.set(key, set);
    }
  }
  return out;
}

describe('the port × instrument matrix', () => {
  it('has one column per port, Xiamen 2008 and 2024 together, in corpus order', () => {
    expect(matrix.ports.map((p) => [p.port, p.docIds])).toEqual([
      ['Xiamen', ['xiamen-2008', 'xiamen-2024']],
      ['Dalian', ['dalian-2023']],
      ['Hangzhou / Ningbo', ['zhejiang-2004']],
      ['Changsha', ['changsha-2017']],
    ]);
  });

  it('counts each cell as the measures that name the instrument, tasks as their measure', () => {
    const byHand = countsByHand();
    expect([...matrix.cells.keys()].sort()).toEqual([...byHand.keys()].sort());
    for (const [key, ids] of matrix.cells) {
      expect(ids, key).toEqual(
        [...(byHand.get(key) ?? [])].sort(
          (a, b) =>
            corpus.measures.findIndex((m) => m.id === a) - corpus.measures.findIndex((m) => m.id === b),
        ),
      );
    }
    // No table task is ever listed: its measure is.
    const tasks = new Set(corpus.measures.filter((m) => m.parentId !== null).map((m) => m.id));
    for (const ids of matrix.cells.values()) for (const id of ids) expect(tasks.has(id), id).toBe(false);
    expect(matrix.max).toBe(Math.max(...[...matrix.cells.values()].map((ids) => ids.length)));
  });

  it('lists the round-the-clock measures of every port under one instrument (预约通关 folded in)', () => {
    const row = matrix.instruments.find((r) => r.id === 'round-the-clock');
    expect(row?.labels['zh-CN']).toBe('全天候通关');
    expect(matrix.cells.get(cellKey('Xiamen', 'round-the-clock'))).toContain('xiamen-2008:3');
    expect(matrix.cells.get(cellKey('Dalian', 'round-the-clock'))).toContain('dalian-2023:2.13');
    expect(matrix.cells.get(cellKey('Changsha', 'round-the-clock'))).toContain('changsha-2017:3.8');
    // Only topmost instruments are rows, never a field and never a kind of another instrument.
    const concepts = corpus.thesaurus.concepts;
    for (const r of matrix.instruments) {
      const k = concepts.findIndex((c) => c.id === r.id);
      expect(concepts[k]?.broad, r.id).toBe(false);
      expect(related.instrumentOf(k), r.id).toBe(k);
      expect(r.total).toBe(
        matrix.ports.reduce((s, p) => s + (matrix.cells.get(cellKey(p.port, r.id))?.length ?? 0), 0),
      );
    }
  });

  it('orders rows by field, then most used first', () => {
    const fieldIndex = (id: string | undefined) =>
      id === undefined ? Infinity : corpus.thesaurus.concepts.findIndex((c) => c.id === id);
    for (let i = 1; i < matrix.instruments.length; i++) {
      const a = matrix.instruments[i - 1];
      const b = matrix.instruments[i];
      if (!a || !b) continue;
      const fa = fieldIndex(a.field?.id);
      const fb = fieldIndex(b.field?.id);
      expect(fa <= fb, `${a.id} before ${b.id}`).toBe(true);
      if (fa === fb) expect(a.total >= b.total, `${a.id} before ${b.id}`).toBe(true);
    }
  });

  it('knows every measure’s instruments, for the timeline', () => {
    expect(matrix.byMeasure.get('dalian-2023:2.13')).toContain('round-the-clock');
    for (const [id, instruments] of matrix.byMeasure) {
      const port = corpus.documents.find(
        (d) => d.id === corpus.measures.find((m) => m.id === id)?.docId,
      )?.port;
      for (const inst of instruments) expect(matrix.cells.get(cellKey(port as string, inst))).toContain(id);
    }
  });
});

describe('the timeline', () => {
  it('spans 2004 to 2024, with each port’s documents in date order', () => {
    expect([timeline.from, timeline.to]).toEqual([2004, 2024]);
    const xiamen = timeline.lanes.find((l) => l.port === 'Xiamen');
    expect(xiamen?.documents.map((d) => [d.docId, d.year, d.dateInferred])).toEqual([
      ['xiamen-2008', 2008, true],
      ['xiamen-2024', 2024, false],
    ]);
  });

  it('says where each instrument first appears in each port', () => {
    const xiamen = timeline.lanes.find((l) => l.port === 'Xiamen');
    if (!xiamen) throw new Error('no Xiamen lane');
    const [d2008, d2024] = xiamen.documents;
    // Xiamen 2008 三 is the round-the-clock measure: the instrument is there first.
    expect(xiamen.first.get('round-the-clock')).toBe('xiamen-2008');
    expect(d2008?.firsts).toContain('round-the-clock');
    expect(d2024?.firsts).not.toContain('round-the-clock');
    // A first appearance is the earliest document of the port that uses it, and only one.
    for (const lane of timeline.lanes) {
      const seen = new Set<string>();
      for (const d of lane.documents) {
        for (const id of d.firsts) {
          expect(seen.has(id), `${lane.port} ${id}`).toBe(false);
          seen.add(id);
          expect(lane.first.get(id)).toBe(d.docId);
        }
      }
      const cellsOfPort = matrix.instruments.filter((r) => matrix.cells.has(cellKey(lane.port, r.id)));
      expect(seen.size, lane.port).toBe(cellsOfPort.length);
    }
  });

  it('counts deadlines by date, a task’s deadline as its measure’s, and how many are inferred', () => {
    const lane = (port: string) => timeline.lanes.find((l) => l.port === port);
    expect(lane('Changsha')?.deadlines.map((d) => [d.date, d.measureIds.length, d.inferred])).toEqual([
      ['2017-12-31', 10, 10],
    ]);
    expect(
      lane('Hangzhou / Ningbo')?.deadlines.map((d) => [d.date, d.measureIds.length, d.inferred]),
    ).toEqual([['2004-12-31', 18, 17]]);
    expect(lane('Xiamen')?.deadlines.map((d) => [d.date, d.measureIds.length, d.inferred])).toEqual([
      ['2024-12-31', 39, 39],
    ]);
    expect(lane('Dalian')?.deadlines).toEqual([]);
  });
});

describe('helpers', () => {
  it('reads years and places dates as precisely as they are given', () => {
    expect(yearOf('2008-11')).toBe(2008);
    expect(yearOf('2023')).toBe(2023);
    expect(yearOf('twenty')).toBeNull();
    expect(yearPosition('2023')).toBe(2023.5);
    expect(yearPosition('2008-11')).toBeCloseTo(2008 + 10.5 / 12);
    expect(yearPosition('2024-12-31')).toBeGreaterThan(2024.99);
    expect(yearPosition('2024-12-31')).toBeLessThan(2025);
    expect(yearPosition('2024-1')).toBeNull();
  });

  it('shades a single measure, never as empty, and the largest cell darkest', () => {
    expect(shadeStep(0, 7, 5)).toBe(0);
    expect(shadeStep(1, 7, 5)).toBe(1);
    expect(shadeStep(7, 7, 5)).toBe(5);
    expect(shadeStep(4, 7, 5)).toBe(3);
    expect(shadeStep(9, 7, 5)).toBe(5);
  });

  it('names ports in the UI language and its script', () => {
    useScriptTables(corpus.scripts);
    const xiamen = { port: 'Xiamen', portZh: '厦门' };
    expect(portLabel(xiamen, 'en')).toBe('Xiamen');
    expect(portLabel(xiamen, 'zh-CN')).toBe('厦门');
    expect(portLabel(xiamen, 'zh-TW')).toBe('廈門');
    expect(portLabel({ port: 'Dalian', portZh: '大连' }, 'zh-TW')).toBe('大連');
  });
});

describe('why a measure counts', () => {
  it('gives the terms it uses for the instrument, its tasks’ too', () => {
    expect(instrumentTerms(corpus, related, 'dalian-2023:2.13', 'round-the-clock').length).toBeGreaterThan(0);
    expect(instrumentTerms(corpus, related, 'dalian-2023:2.13', 'no-such-instrument')).toEqual([]);
    expect(instrumentTerms(corpus, related, 'nowhere:1', 'round-the-clock')).toEqual([]);
    // Every listed measure of every cell has a term for its instrument.
    for (const [key, ids] of matrix.cells) {
      const instrument = key.split('\u0000')[1] as string;
      for (const id of ids)
        expect(instrumentTerms(corpus, related, id, instrument).length, `${key} ${id}`).toBeGreaterThan(0);
    }
  });
});
