/**
 * The Annotations view's list as data: the side panel's filters, groups by page and by measure in
 * their orders, search hits kept in rank order, rows for the virtualised list, and the window of
 * rows worth drawing.
 */
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/annotation/model.ts';
import {
  annotationRows,
  annotationsQuery,
  filterAnnotations,
  groupAnnotations,
  NO_FILTERS,
  tagCounts,
} from '../../lib/library/annotations-view.ts';
import { rowAt, rowOffsets, rowWindow, scrollToShow } from '../../lib/library/row-window.ts';
import { record } from '../exchange/records.ts';

const A = 'https://www.customs.gov.cn/a.html';
const B = 'https://swj.xm.gov.cn/b.htm';
const page = (url: string, title: string) => ({ url, canonical: null, title });

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const records: Annotation[] = [
  record({
    id: id(1),
    page: page(A, '大连 (old title)'),
    position: { type: 'TextPositionSelector', start: 500, end: 506 },
    measureId: 'dalian-2023:2.13',
    tags: ['5+2'],
    colour: 'green',
    status: 'todo',
    created: '2026-12-01T01:00:00.000Z',
    updated: '2026-12-01T01:00:00.000Z',
  }),
  record({
    id: id(2),
    page: page(A, '大连海关惠企措施'),
    position: { type: 'TextPositionSelector', start: 100, end: 106 },
    measureId: 'dalian-2023:2.1',
    tags: ['5+2', 'AEO'],
    created: '2026-12-01T02:00:00.000Z',
    updated: '2026-12-01T02:00:00.000Z',
  }),
  record({
    id: id(3),
    page: page(B, '廈門市工作方案'),
    measureId: 'dalian-2023:2.13',
    created: '2026-12-01T00:30:00.000Z',
    updated: '2026-12-01T03:00:00.000Z',
  }),
  record({
    id: id(4),
    page: page(B, '廈門市工作方案'),
    position: null,
    measureId: null,
    status: 'done',
    created: '2026-11-30T00:00:00.000Z',
    updated: '2026-11-30T00:00:00.000Z',
  }),
  record({
    id: id(5),
    page: page(A, '大连海关惠企措施'),
    position: { type: 'TextPositionSelector', start: 300, end: 306 },
    measureId: 'elsewhere:9',
    created: '2026-11-29T00:00:00.000Z',
    updated: '2026-11-29T00:00:00.000Z',
  }),
];

const portOf = (m: string) => (m.startsWith('dalian-2023:') ? 'Dalian' : null);
const measureOrder = new Map([
  ['dalian-2023:2.1', 10],
  ['dalian-2023:2.13', 22],
]);

describe('filters', () => {
  it('let everything through when none is set', () => {
    expect(filterAnnotations(records, NO_FILTERS, portOf)).toEqual(records);
  });

  it('narrow by tag, colour, status and port, together', () => {
    const ids = (f: Partial<typeof NO_FILTERS>) =>
      filterAnnotations(records, { ...NO_FILTERS, ...f }, portOf).map((a) => a.id);
    expect(ids({ tag: '5+2' })).toEqual([id(1), id(2)]);
    expect(ids({ tag: 'AEO' })).toEqual([id(2)]);
    expect(ids({ colour: 'green' })).toEqual([id(1)]);
    expect(ids({ status: 'done' })).toEqual([id(4)]);
    expect(ids({ port: 'Dalian' })).toEqual([id(1), id(2), id(3)]);
    expect(ids({ port: 'Dalian', tag: '5+2', status: 'todo' })).toEqual([id(1)]);
    expect(ids({ port: 'Xiamen' })).toEqual([]);
  });

  it('become the background search’s filters, annotations only', () => {
    expect(annotationsQuery('通关', { ...NO_FILTERS, tag: '5+2', port: 'Dalian' }, 500, 'Hant')).toEqual({
      text: '通关',
      filters: { kinds: ['annotation'], tags: ['5+2'], ports: ['Dalian'] },
      limit: 500,
      script: 'Hant',
    });
  });

  it('count tags, most used first', () => {
    expect(tagCounts(records)).toEqual([
      { tag: '5+2', count: 2 },
      { tag: 'AEO', count: 1 },
    ]);
  });
});

describe('groups', () => {
  it('by page: the page changed last first, its annotations in page order, its latest title', () => {
    const groups = groupAnnotations(records, 'page');
    expect(groups.map((g) => [g.key, g.page?.title, g.items.map((a) => a.id)])).toEqual([
      [`page:${B}`, '廈門市工作方案', [id(3), id(4)]],
      [`page:${A}`, '大连海关惠企措施', [id(2), id(5), id(1)]],
    ]);
  });

  it('by measure: corpus order, then ids the corpus does not know, then no measure', () => {
    const groups = groupAnnotations(records, 'measure', { measureOrder });
    expect(groups.map((g) => [g.kind, g.measureId ?? null, g.items.map((a) => a.id)])).toEqual([
      ['measure', 'dalian-2023:2.1', [id(2)]],
      ['measure', 'dalian-2023:2.13', [id(3), id(1)]],
      ['measure', 'elsewhere:9', [id(5)]],
      ['no-measure', null, [id(4)]],
    ]);
  });

  it('keeps a search’s order: groups by their best hit, hits by rank', () => {
    const ranked = [records[4], records[2], records[0]] as Annotation[];
    const groups = groupAnnotations(ranked, 'page', { ranked: true });
    expect(groups.map((g) => g.items.map((a) => a.id))).toEqual([[id(5), id(1)], [id(3)]]);
  });

  it('flattens into rows, leaving out the items of collapsed groups', () => {
    const groups = groupAnnotations(records, 'page');
    const rows = annotationRows(groups);
    expect(rows.map((r) => (r.kind === 'group' ? `# ${r.group.key}` : r.annotation.id))).toEqual([
      `# page:${B}`,
      id(3),
      id(4),
      `# page:${A}`,
      id(2),
      id(5),
      id(1),
    ]);
    const closed = annotationRows(groups, new Set([`page:${B}`]));
    expect(closed.map((r) => (r.kind === 'group' ? `# ${r.collapsed}` : r.annotation.id))).toEqual([
      '# true',
      '# false',
      id(2),
      id(5),
      id(1),
    ]);
  });
});

describe('the row window', () => {
  const heights = Array.from({ length: 10_000 }, (_, i) => (i % 11 === 0 ? 40 : 100));
  const offsets = rowOffsets(heights);

  it('sums heights', () => {
    expect(offsets[0]).toBe(0);
    expect(offsets[1]).toBe(40);
    expect(offsets[2]).toBe(140);
    expect(offsets[10_000]).toBe(heights.reduce((s, h) => s + h, 0));
  });

  it('finds the row at a height, clamped', () => {
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 39)).toBe(0);
    expect(rowAt(offsets, 40)).toBe(1);
    expect(rowAt(offsets, -5)).toBe(0);
    expect(rowAt(offsets, 1e12)).toBe(9_999);
    expect(rowAt(rowOffsets([]), 10)).toBe(0);
  });

  it('draws the rows in view and a few around them, whatever the scroll', () => {
    const w = rowWindow(offsets, 50_000, 800, 3);
    const first = rowAt(offsets, 50_000);
    const last = rowAt(offsets, 50_799);
    expect(w).toEqual({ start: first - 3, end: last + 4 });
    expect(w.end - w.start).toBeLessThan(20);
    expect(rowWindow(offsets, 0, 800, 3).start).toBe(0);
    expect(rowWindow(offsets, 1e12, 800, 3).end).toBe(10_000);
    expect(rowWindow(rowOffsets([]), 0, 800)).toEqual({ start: 0, end: 0 });
  });

  it('scrolls just enough to show a row', () => {
    expect(scrollToShow(offsets, 1, 0, 800)).toBe(0);
    expect(scrollToShow(offsets, 1, 500, 800)).toBe(40);
    const bottom = offsets[31] as number;
    expect(scrollToShow(offsets, 30, 0, 800)).toBe(bottom - 800);
    expect(scrollToShow(offsets, -1, 123, 800)).toBe(123);
  });
});
