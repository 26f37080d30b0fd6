/**
 * The measure list's filters: port, document, year, theme, instrument, agency, deadline range and
 * "has my annotations", kept in the address (`#measures?port=Dalian&instrument=…`) so that back,
 * forward and bookmarks restore them. Every measure is one row of facts computed once from the
 * corpus; filtering is a pass over the rows (156 now, fast enough for many thousands), and each
 * facet counts what choosing it would leave, given the other filters.
 *
 * Search text (`q`) is answered by the side panel's Chinese-aware index (`lib/search/`): the list
 * keeps the index's order when there is a query, reading order otherwise.
 */
import { convertScript } from '../cards/script.ts';
import type { Script } from '../corpus/types.ts';
import type { LabelLang } from '../thesaurus/thesaurus.ts';
import { THEMES } from '../themes.ts';
import type { LibraryCorpus } from './corpus.ts';
import type { Params } from './route.ts';

/** The filter params, as they appear in the address. */
export const FILTER_KEYS = [
  'port',
  'doc',
  'year',
  'theme',
  'instrument',
  'agency',
  'from',
  'to',
  'mine',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type MeasureFilters = Record<FilterKey, string>;

/** The facts of one measure that the filters test. */
export interface MeasureRow {
  id: string;
  docId: string;
  port: string;
  year: string;
  themes: readonly string[];
  /** Instruments named, folded to the instruments the cards group by (kinds included). */
  instruments: readonly string[];
  /** Lead and co-operating agencies, in the shown script. */
  agencies: readonly string[];
  /** The deadline's year, or null. */
  deadlineYear: string | null;
}

/** The filters in a route's params ('' where unset). */
export function filtersOf(params: Params): MeasureFilters {
  const out = {} as MeasureFilters;
  for (const k of FILTER_KEYS) out[k] = params[k] ?? '';
  return out;
}

/** Whether any filter is set. */
export function anyFilter(f: MeasureFilters): boolean {
  return FILTER_KEYS.some((k) => f[k] !== '');
}

/** One row per corpus measure, in reading order (documents in corpus order, measures as printed). */
export function measureRows(corpus: LibraryCorpus, script: Script): MeasureRow[] {
  const rows: MeasureRow[] = [];
  for (const d of corpus.documents) {
    for (const m of corpus.measuresOf(d.id)) {
      const card = corpus.cards.card(m.id, script);
      rows.push({
        id: m.id,
        docId: d.id,
        port: d.port,
        year: d.date.slice(0, 4),
        themes: m.themes,
        instruments: corpus.conceptsOf(m.id).instruments,
        agencies: card ? [...new Set([...card.leadAgencies, ...card.coAgencies])] : [],
        deadlineYear: m.deadline ? m.deadline.date.slice(0, 4) : null,
      });
    }
  }
  return rows;
}

/** Whether a row passes every filter but `skip` (a facet counts what its own choice would leave). */
export function passes(
  row: MeasureRow,
  f: MeasureFilters,
  annotated: ReadonlySet<string> | null,
  skip: FilterKey | null = null,
): boolean {
  const on = (k: FilterKey): boolean => k !== skip && f[k] !== '';
  if (on('port') && row.port !== f.port) return false;
  if (on('doc') && row.docId !== f.doc) return false;
  if (on('year') && row.year !== f.year) return false;
  if (on('theme') && !row.themes.includes(f.theme)) return false;
  if (on('instrument') && !row.instruments.includes(f.instrument)) return false;
  if (on('agency') && !row.agencies.includes(f.agency)) return false;
  if ((on('from') || on('to')) && skip !== 'from' && skip !== 'to') {
    if (row.deadlineYear === null) return false;
    if (f.from !== '' && row.deadlineYear < f.from) return false;
    if (f.to !== '' && row.deadlineYear > f.to) return false;
  }
  // Until the store has answered, "mine" shows nothing rather than everything.
  if (on('mine') && !(annotated?.has(row.id) ?? false)) return false;
  return true;
}

/** An option of a facet: its value, its label, how many measures choosing it leaves. */
export interface FacetOption {
  value: string;
  label: string;
  count: number;
  /** `lang` of the label when it is corpus text (agencies, document titles). */
  lang?: string;
}

/** The options of every facet, with counts under the other filters. */
export interface Facets {
  port: FacetOption[];
  doc: FacetOption[];
  year: FacetOption[];
  theme: FacetOption[];
  instrument: FacetOption[];
  agency: FacetOption[];
  deadlineYears: string[];
}

/** Counts per value of one facet over the rows that pass the other filters. */
function count(
  rows: readonly MeasureRow[],
  f: MeasureFilters,
  annotated: ReadonlySet<string> | null,
  key: FilterKey,
  values: (r: MeasureRow) => readonly string[],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    if (!passes(r, f, annotated, key)) continue;
    for (const v of new Set(values(r))) out.set(v, (out.get(v) ?? 0) + 1);
  }
  return out;
}

/** Options listed in a fixed order, each with its count (0 when other filters leave none). */
function options(
  values: ReadonlyArray<{ value: string; label: string; lang?: string }>,
  counts: Map<string, number>,
): FacetOption[] {
  return values.map((v) => ({ ...v, count: counts.get(v.value) ?? 0 }));
}

/** Every facet's options for the current filters. */
export function facets(
  corpus: LibraryCorpus,
  rows: readonly MeasureRow[],
  f: MeasureFilters,
  annotated: ReadonlySet<string> | null,
  uiLang: LabelLang,
  script: Script,
): Facets {
  const lang = script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
  const ports = new Map<string, string>();
  for (const d of corpus.documents)
    if (!ports.has(d.port)) ports.set(d.port, portName(d.port, d.portZh, uiLang, script));
  const years = [...new Set(corpus.documents.map((d) => d.date.slice(0, 4)))].sort();
  const all = (key: FilterKey, of: (r: MeasureRow) => readonly string[]) =>
    count(rows, f, annotated, key, of);
  const instrumentCounts = all('instrument', (r) => r.instruments);
  const agencyCounts = all('agency', (r) => r.agencies);
  const everyInstrument = new Map<string, number>();
  const everyAgency = new Map<string, number>();
  for (const r of rows) {
    for (const i of r.instruments) everyInstrument.set(i, (everyInstrument.get(i) ?? 0) + 1);
    for (const a of r.agencies) everyAgency.set(a, (everyAgency.get(a) ?? 0) + 1);
  }
  const byUse = (m: Map<string, number>): string[] =>
    [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([v]) => v);
  return {
    port: options(
      [...ports].map(([value, label]) => ({ value, label })),
      all('port', (r) => [r.port]),
    ),
    doc: options(
      corpus.documents.map((d) => ({
        value: d.id,
        label: `${d.date.slice(0, 4)} ${d.title}`,
        lang: d.script === 'Hant' ? 'zh-Hant' : 'zh-Hans',
      })),
      all('doc', (r) => [r.docId]),
    ),
    year: options(
      years.map((y) => ({ value: y, label: y })),
      all('year', (r) => [r.year]),
    ),
    theme: options(
      THEMES.map((th) => ({ value: th.id, label: th.labels[uiLang] })),
      all('theme', (r) => r.themes),
    ),
    instrument: options(
      byUse(everyInstrument).map((id) => ({ value: id, label: corpus.conceptLabel(id, uiLang) })),
      instrumentCounts,
    ),
    agency: options(
      byUse(everyAgency).map((a) => ({ value: a, label: a, lang })),
      agencyCounts,
    ),
    deadlineYears: [
      ...new Set(rows.map((r) => r.deadlineYear).filter((y): y is string => y !== null)),
    ].sort(),
  };
}

/** A port's name in the UI language: English in en, Chinese in the shown script otherwise. */
export function portName(port: string, portZh: string, uiLang: LabelLang, script: Script): string {
  return uiLang === 'en' ? port : convertScript(portZh, 'Hans', script);
}
