/**
 * What the library's Compare view draws, computed from the corpus alone (plain data, no DOM): the
 * port × instrument matrix and the timeline of documents, deadlines and first appearances.
 *
 * ```ts
 * const related = RelatedIndex.load(relatedBytes(), corpus.thesaurus, relatedDocuments(corpus.documents));
 * const matrix = compareMatrix(corpus, related);   // rows: instruments, columns: ports
 * matrix.cells.get(cellKey('Dalian', 'round-the-clock'))  // → measure ids, corpus order
 * const line = compareTimeline(corpus, related, matrix);  // lanes per port, 2004 → 2024
 * ```
 *
 * What counts, and why:
 * - **Instruments** are the thesaurus concepts that are not fields, rolled up to their topmost
 *   instrument (`RelatedIndex.instrumentOf`: 预约通关 counts as 全天候通关, H986 as 非侵入式查验),
 *   the same grouping the cards use, so a cell and a card's group name the same thing.
 * - **A measure uses an instrument** when its text names one of the instrument's terms, or a kind
 *   of it, as the related-measures index reads it (leftmost-longest, the agency parenthesis left
 *   out). A Changsha table task restates its measure: it counts for its measure (its family head),
 *   so a cell counts measures, never a measure and its tasks twice.
 * - **Ports** are the documents' ports (Xiamen 2008 and Xiamen 2024 are one column), in corpus order.
 * - **First appearance** of an instrument in a port: the earliest document of that port (by date,
 *   as precise as the corpus knows it) with a measure that uses it.
 */
import type { Corpus, CorpusDocument, Measure } from '../corpus/types.ts';
import type { RelatedIndex } from '../match/related.ts';
import type { ConceptRecord, LabelLang } from '../thesaurus/thesaurus.ts';
import { convertScript } from '../cards/script.ts';

/** A column of the matrix: one port and its documents (oldest first). */
export interface ComparePort {
  /** The port in English, as `CorpusDocument.port` (`Dalian`, `Hangzhou / Ningbo`): the key. */
  port: string;
  /** The port in Simplified Chinese. */
  portZh: string;
  docIds: string[];
}

/** A row of the matrix: one instrument that some measure uses. */
export interface CompareInstrument {
  /** Thesaurus concept id (`advance-declaration`). */
  id: string;
  labels: Record<LabelLang, string>;
  definition: string;
  /** The field it belongs to (its nearest broad ancestor), or null. */
  field: { id: string; labels: Record<LabelLang, string> } | null;
  /** Measures using it, in all ports. */
  total: number;
  /** Ports where some measure uses it. */
  ports: number;
}

export interface CompareMatrix {
  ports: ComparePort[];
  /** Instruments used by at least one measure: by field (thesaurus order), then most used first. */
  instruments: CompareInstrument[];
  /** `cellKey(port, instrument)` → the measure ids (family heads) using it there, in corpus order. */
  cells: Map<string, string[]>;
  /** The largest cell's count (the darkest shade). */
  max: number;
  /** Measure id → the instrument ids it uses (family heads only), in row order. */
  byMeasure: Map<string, string[]>;
}

/** The key of a cell in {@link CompareMatrix.cells}. */
export function cellKey(port: string, instrument: string): string {
  return `${port}\u0000${instrument}`;
}

/** The year of an ISO date as the corpus writes them (`2008-11`, `2023`, `2024-04-30`), or null. */
export function yearOf(date: string): number | null {
  const m = /^(\d{4})(?:-|$)/u.exec(date);
  return m ? Number(m[1]) : null;
}

/**
 * A date as a position in years (`2008-11` → 2008.83…), for placing it on a time axis: a year
 * alone is placed at its middle, a month at the middle of the month, a day at that day.
 */
export function yearPosition(date: string): number | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/u.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2] === undefined) return year + 0.5;
  const month = Number(m[2]) - 1;
  if (m[3] === undefined) return year + (month + 0.5) / 12;
  return year + (month + (Number(m[3]) - 0.5) / 31) / 12;
}

/** Sorts dates as the corpus writes them: by position, then the less precise first. */
function byDate(a: CorpusDocument, b: CorpusDocument): number {
  return (yearPosition(a.date) ?? 0) - (yearPosition(b.date) ?? 0) || a.date.length - b.date.length;
}

/** The nearest broad ancestor (a field) of a concept. */
function fieldOf(concepts: readonly ConceptRecord[], k: number): ConceptRecord | null {
  const seen = new Set<number>();
  const queue = [...(concepts[k]?.broader ?? [])];
  while (queue.length > 0) {
    const c = queue.shift() as number;
    if (seen.has(c)) continue;
    seen.add(c);
    const rec = concepts[c];
    if (!rec) continue;
    if (rec.broad) return rec;
    queue.push(...rec.broader);
  }
  return null;
}

/** The port × instrument matrix of a corpus. `related` must be built over the same corpus. */
export function compareMatrix(
  corpus: Pick<Corpus, 'documents' | 'measures' | 'thesaurus'>,
  related: RelatedIndex,
): CompareMatrix {
  const concepts = corpus.thesaurus.concepts;
  const docs = new Map(corpus.documents.map((d) => [d.id, d]));
  const ports: ComparePort[] = [];
  for (const d of [...corpus.documents].sort(byDate)) {
    const p = ports.find((x) => x.port === d.port);
    if (p) p.docIds.push(d.id);
    else ports.push({ port: d.port, portZh: d.portZh, docIds: [d.id] });
  }
  // Columns in corpus order (the order readers meet the documents elsewhere), documents by date.
  const firstDoc = new Map<string, number>();
  corpus.documents.forEach((d, i) => firstDoc.has(d.port) || firstDoc.set(d.port, i));
  ports.sort((a, b) => (firstDoc.get(a.port) ?? 0) - (firstDoc.get(b.port) ?? 0));

  // Instrument concept index → port → family heads (as measure indexes).
  const uses = new Map<number, Map<string, Set<number>>>();
  const headInstruments = new Map<number, Set<number>>();
  corpus.measures.forEach((m, i) => {
    const head = related.familyOf(i);
    const port = docs.get(corpus.measures[head]?.docId ?? m.docId)?.port;
    if (port === undefined) return;
    for (const k of related.conceptsOfMeasure(i).keys()) {
      if (concepts[k]?.broad) continue;
      const top = related.instrumentOf(k);
      let byPort = uses.get(top);
      if (!byPort) uses.set(top, (byPort = new Map()));
      let heads = byPort.get(port);
      if (!heads) byPort.set(port, (heads = new Set()));
      heads.add(head);
      let mine = headInstruments.get(head);
      if (!mine) headInstruments.set(head, (mine = new Set()));
      mine.add(top);
    }
  });

  const cells = new Map<string, string[]>();
  let max = 0;
  const rows: Array<CompareInstrument & { order: number; fieldOrder: number }> = [];
  for (const [k, byPort] of uses) {
    const c = concepts[k];
    if (!c) continue;
    let total = 0;
    for (const [port, heads] of byPort) {
      const ids = [...heads].sort((a, b) => a - b).map((i) => corpus.measures[i]?.id as string);
      cells.set(cellKey(port, c.id), ids);
      total += ids.length;
      max = Math.max(max, ids.length);
    }
    const f = fieldOf(concepts, k);
    rows.push({
      id: c.id,
      labels: { ...c.labels },
      definition: c.definition,
      field: f ? { id: f.id, labels: { ...f.labels } } : null,
      total,
      ports: byPort.size,
      order: k,
      fieldOrder: f ? concepts.indexOf(f) : concepts.length,
    });
  }
  rows.sort((a, b) => a.fieldOrder - b.fieldOrder || b.total - a.total || a.order - b.order);
  const instruments = rows.map(({ order: _o, fieldOrder: _f, ...r }) => r);
  const rowOf = new Map(instruments.map((r, i) => [r.id, i]));
  const byMeasure = new Map<string, string[]>();
  for (const [head, ks] of headInstruments) {
    const ids = [...ks].map((k) => concepts[k]?.id as string);
    ids.sort((a, b) => (rowOf.get(a) ?? 0) - (rowOf.get(b) ?? 0));
    byMeasure.set(corpus.measures[head]?.id as string, ids);
  }
  return { ports, instruments, cells, max, byMeasure };
}

/** A document on the timeline. */
export interface TimelineDocument {
  docId: string;
  date: string;
  dateInferred: boolean;
  /** Where it sits on the axis, in years. */
  at: number;
  year: number;
  /** Instruments this document is the first of its port to use (row order). */
  firsts: string[];
  /** Instruments it uses in all. */
  instruments: number;
}

/** The deadlines of one port on one date. */
export interface TimelineDeadlines {
  /** ISO date, as the corpus gives it. */
  date: string;
  /** Where it sits on the axis, in years. */
  at: number;
  year: number;
  /**
   * Measures with a deadline on that date, in corpus order: a table task's deadline counts for its
   * measure (once), as in the matrix.
   */
  measureIds: string[];
  /** How many of those measures have the date as our reading rather than the text's. */
  inferred: number;
}

/** One port's lane. */
export interface TimelineLane {
  port: string;
  portZh: string;
  documents: TimelineDocument[];
  deadlines: TimelineDeadlines[];
  /** Instrument id → the document where it first appears in this port. */
  first: Map<string, string>;
}

export interface CompareTimeline {
  /** First and last year of the axis (both included): the documents' and deadlines' span. */
  from: number;
  to: number;
  lanes: TimelineLane[];
}

/** The timeline of a corpus, per port, over the years its documents and deadlines span. */
export function compareTimeline(
  corpus: Pick<Corpus, 'documents' | 'measures'>,
  matrix: CompareMatrix,
): CompareTimeline {
  const docs = new Map(corpus.documents.map((d) => [d.id, d]));
  const rowOf = new Map(matrix.instruments.map((r, i) => [r.id, i]));
  const measuresOf = new Map<string, Measure[]>();
  for (const m of corpus.measures) measuresOf.set(m.docId, [...(measuresOf.get(m.docId) ?? []), m]);
  const byId = new Map(corpus.measures.map((m) => [m.id, m]));
  const order = new Map(corpus.measures.map((m, i) => [m.id, i]));
  /** A table task's measure (its family head), or the measure itself. */
  const headOf = (m: Measure): string => {
    let at = m;
    for (let guard = 0; at.parentId !== null && guard < 16; guard++) at = byId.get(at.parentId) ?? at;
    return at.id;
  };
  const years: number[] = [];
  const lanes: TimelineLane[] = matrix.ports.map((p) => {
    const first = new Map<string, string>();
    const documents: TimelineDocument[] = [];
    const deadlineDates = new Map<string, TimelineDeadlines>();
    const ordered = p.docIds.map((id) => docs.get(id) as CorpusDocument).sort(byDate);
    for (const d of ordered) {
      const used = new Set<string>();
      for (const m of measuresOf.get(d.id) ?? []) {
        for (const id of matrix.byMeasure.get(m.id) ?? []) used.add(id);
      }
      const firsts = [...used].filter((id) => !first.has(id));
      firsts.sort((a, b) => (rowOf.get(a) ?? 0) - (rowOf.get(b) ?? 0));
      for (const id of firsts) first.set(id, d.id);
      const year = yearOf(d.date) ?? 0;
      years.push(year);
      documents.push({
        docId: d.id,
        date: d.date,
        dateInferred: d.dateInferred,
        at: yearPosition(d.date) ?? year + 0.5,
        year,
        firsts,
        instruments: used.size,
      });
      for (const m of measuresOf.get(d.id) ?? []) {
        const y = m.deadline ? yearOf(m.deadline.date) : null;
        if (y === null || !m.deadline) continue;
        years.push(y);
        const date = m.deadline.date;
        let e = deadlineDates.get(date);
        if (!e) {
          e = { date, at: yearPosition(date) ?? y + 0.5, year: y, measureIds: [], inferred: 0 };
          deadlineDates.set(date, e);
        }
        const head = headOf(m);
        if (!e.measureIds.includes(head)) {
          e.measureIds.push(head);
          if (m.deadline.inferred) e.inferred++;
        }
      }
    }
    const deadlines = [...deadlineDates.values()].sort((a, b) => a.at - b.at);
    for (const e of deadlines) e.measureIds.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    return { port: p.port, portZh: p.portZh, documents, deadlines, first };
  });
  return {
    from: years.length > 0 ? Math.min(...years) : 0,
    to: years.length > 0 ? Math.max(...years) : 0,
    lanes,
  };
}

/** A port's name in a UI language: English, or the Chinese name in that language's script. */
export function portLabel(p: Pick<ComparePort, 'port' | 'portZh'>, lang: LabelLang): string {
  if (lang === 'en') return p.port;
  return lang === 'zh-TW' ? convertScript(p.portZh, 'Hans', 'Hant') : p.portZh;
}

/**
 * The shade of a cell: 0 for an empty cell, else 1…`steps` by the share of the largest count,
 * rounded up, so that a single measure is never drawn as empty.
 */
export function shadeStep(count: number, max: number, steps: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(steps, Math.max(1, Math.ceil((count / max) * steps)));
}

/**
 * The words that make a measure count for an instrument: the terms its text (and its table tasks'
 * text) uses for the instrument or a kind of it, normalised (Simplified), most frequent first.
 */
export function instrumentTerms(
  corpus: Pick<Corpus, 'measures' | 'thesaurus'>,
  related: RelatedIndex,
  measureId: string,
  instrumentId: string,
): string[] {
  const head = corpus.measures.findIndex((m) => m.id === measureId);
  if (head < 0) return [];
  const counts = new Map<string, number>();
  corpus.measures.forEach((_, i) => {
    if (related.familyOf(i) !== head) return;
    for (const [k, terms] of related.conceptsOfMeasure(i)) {
      if (corpus.thesaurus.concepts[related.instrumentOf(k)]?.id !== instrumentId) continue;
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
  });
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([term]) => term);
}
