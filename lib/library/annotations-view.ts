/**
 * What the library's Annotations view lists, as plain data: every annotation, filtered like the
 * side panel (tag, colour, status, port) and grouped by page or by measure, flattened into rows for
 * a virtualised list (`row-window.ts`).
 *
 * ```ts
 * const shown = filterAnnotations(all, { tag: '5+2', colour: '', status: '', port: '' }, portOf);
 * const groups = groupAnnotations(shown, 'page', { measureOrder });
 * const rows = annotationRows(groups, collapsed);   // header, item, item, header, …
 * ```
 *
 * Orders: by page, pages with the most recently changed annotation first, each page's annotations
 * in page order (position, then creation), as "This page" lists them; by measure, measures in
 * corpus order, each measure's annotations newest first, then measures the corpus does not know
 * (an imported id), then the annotations of no measure. Search results keep the search's order
 * (`groupAnnotations(…, { ranked: true })`): groups by their best hit, hits by rank within.
 */
import type { Annotation, ColourId, Status } from '../annotation/model.ts';
import type { SearchQuery } from '../search/search-index.ts';

/** How the list is grouped. */
export type GroupBy = 'page' | 'measure';

/** The side panel's filters ('' = any). */
export interface AnnotationFilters {
  tag: string;
  colour: ColourId | '';
  status: Status | '';
  /** A corpus port in English (`CorpusDocument.port`). */
  port: string;
}

export const NO_FILTERS: Readonly<AnnotationFilters> = Object.freeze({
  tag: '',
  colour: '',
  status: '',
  port: '',
});

/** Whether any filter is set. */
export function filtering(f: AnnotationFilters): boolean {
  return f.tag !== '' || f.colour !== '' || f.status !== '' || f.port !== '';
}

/**
 * The annotations the filters let through, in the order given. `portOf` names the port of a
 * measure id (null when the corpus does not know it), as the search index does: an annotation's
 * port is its measure's document's port.
 */
export function filterAnnotations(
  records: readonly Annotation[],
  f: AnnotationFilters,
  portOf: (measureId: string) => string | null,
): Annotation[] {
  if (!filtering(f)) return [...records];
  return records.filter(
    (a) =>
      (f.tag === '' || a.tags.includes(f.tag)) &&
      (f.colour === '' || a.colour === f.colour) &&
      (f.status === '' || a.status === f.status) &&
      (f.port === '' || (a.measureId !== null && portOf(a.measureId) === f.port)),
  );
}

/** The search the background answers for the view: annotations only, the filters as the panel sends them. */
export function annotationsQuery(
  text: string,
  f: AnnotationFilters,
  limit: number,
  script?: SearchQuery['script'],
): SearchQuery {
  return {
    text,
    filters: {
      kinds: ['annotation'],
      ...(f.tag ? { tags: [f.tag] } : {}),
      ...(f.colour ? { colours: [f.colour] } : {}),
      ...(f.status ? { statuses: [f.status] } : {}),
      ...(f.port ? { ports: [f.port] } : {}),
    },
    limit,
    ...(script ? { script } : {}),
  };
}

/** One group of the list. */
export interface AnnotationGroup {
  /** Stable key: `page:<page key>` or `measure:<id>` or `measure:` (none). */
  key: string;
  kind: 'page' | 'measure' | 'no-measure';
  /** A page group: the page's title (its latest annotation's) and URL. */
  page?: { title: string; url: string };
  /** A measure group: the measure id. */
  measureId?: string;
  items: Annotation[];
}

/** Page order inside a page: by position (unpositioned last), then creation, then id. */
export function pageOrder(a: Annotation, b: Annotation): number {
  const pa = a.position?.start ?? Number.MAX_SAFE_INTEGER;
  const pb = b.position?.start ?? Number.MAX_SAFE_INTEGER;
  if (pa !== pb) return pa - pb;
  if (a.created !== b.created) return a.created < b.created ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Newest change first, then id. */
export function newestFirst(a: Annotation, b: Annotation): number {
  if (a.updated !== b.updated) return a.updated < b.updated ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The key a page group is found under: the page's first key (its URL's), else its URL as given. */
export function pageGroupKey(a: Annotation): string {
  return `page:${a.keys[0] ?? a.page.url}`;
}

export interface GroupOptions {
  /** Measure id → its place in the corpus (unknown ids sort after every known one). */
  measureOrder?: ReadonlyMap<string, number>;
  /** The records are search hits, best first: keep that order. */
  ranked?: boolean;
}

/** Groups annotations by page or by measure (see the module comment for the orders). */
export function groupAnnotations(
  records: readonly Annotation[],
  by: GroupBy,
  options: GroupOptions = {},
): AnnotationGroup[] {
  const groups = new Map<string, AnnotationGroup>();
  const rank = new Map<string, number>();
  records.forEach((a, i) => {
    const key = by === 'page' ? pageGroupKey(a) : `measure:${a.measureId ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g =
        by === 'page'
          ? { key, kind: 'page', page: { title: a.page.title, url: a.page.url }, items: [] }
          : a.measureId === null
            ? { key, kind: 'no-measure', items: [] }
            : { key, kind: 'measure', measureId: a.measureId, items: [] };
      groups.set(key, g);
      rank.set(key, i);
    }
    g.items.push(a);
  });
  const list = [...groups.values()];
  if (options.ranked) return list;
  for (const g of list) {
    g.items.sort(by === 'page' ? pageOrder : newestFirst);
    if (g.page) {
      // The title the page had when it was last annotated.
      const latest = g.items.reduce((x, y) => (newestFirst(x, y) <= 0 ? x : y));
      g.page = { title: latest.page.title, url: latest.page.url };
    }
  }
  const latest = (g: AnnotationGroup): string =>
    g.items.reduce((m, a) => (a.updated > m ? a.updated : m), '');
  if (by === 'page') {
    const stamp = new Map(list.map((g) => [g.key, latest(g)]));
    return list.sort((a, b) => {
      const x = stamp.get(a.key) ?? '';
      const y = stamp.get(b.key) ?? '';
      return x !== y ? (x < y ? 1 : -1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    });
  }
  const order = options.measureOrder ?? new Map<string, number>();
  const place = (g: AnnotationGroup): [number, number, string] =>
    g.kind === 'no-measure'
      ? [2, 0, '']
      : order.has(g.measureId as string)
        ? [0, order.get(g.measureId as string) as number, '']
        : [1, 0, g.measureId as string];
  return list.sort((a, b) => {
    const [pa, oa, ia] = place(a);
    const [pb, ob, ib] = place(b);
    return pa - pb || oa - ob || (ia < ib ? -1 : ia > ib ? 1 : 0);
  });
}

/** A row of the virtualised list. */
export type AnnotationRow =
  | { kind: 'group'; group: AnnotationGroup; collapsed: boolean }
  | { kind: 'item'; group: AnnotationGroup; annotation: Annotation; index: number };

/** The list's rows: each group's header, then its annotations unless the group is collapsed. */
export function annotationRows(
  groups: readonly AnnotationGroup[],
  collapsed: ReadonlySet<string> = new Set(),
): AnnotationRow[] {
  const rows: AnnotationRow[] = [];
  for (const group of groups) {
    const closed = collapsed.has(group.key);
    rows.push({ kind: 'group', group, collapsed: closed });
    if (closed) continue;
    group.items.forEach((annotation, index) => rows.push({ kind: 'item', group, annotation, index }));
  }
  return rows;
}

/** Every tag of the records with its count, most used first (ties: alphabetical), as the panel's filter lists them. */
export function tagCounts(records: readonly Annotation[]): Array<{ tag: string; count: number }> {
  const counts = new Map<string, number>();
  for (const a of records) for (const t of a.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}
