/**
 * One search over the user's annotations (quote, note, tags, page title) and the corpus measures
 * (title and text, in both scripts), for the side panel's "Everything: search…".
 *
 * ```ts
 * const index = SearchIndex.fromCorpus(corpus);
 * for await (const batch of store.annotations.iterate()) index.addAll(batch);
 * index.search({ text: '提前申報', filters: { statuses: ['todo'] }, limit: 20, script: 'Hant' });
 * index.add(changed); index.remove(deletedId); // incremental, no rebuild
 * ```
 *
 * How it finds things, Chinese first:
 * - **One normaliser.** Every field and every query term goes through `lib/normalize.ts`, which folds
 *   Traditional to Simplified (opencc-js t2cn), full-width to half-width, punctuation to ASCII and
 *   case, so 通關 finds 通关 and ＡＥＯ finds aeo. Nothing else is folded here.
 * - **Substring, not segmentation.** Chinese has no spaces and a word segmenter splits 提前申报 in
 *   ways a reader does not expect; a term is found wherever its characters occur in a row, so a
 *   two-character word (通关, 担保) finds every passage that contains it. The query is split on
 *   whitespace only (before normalising, which drops spaces next to Chinese), and every term must be
 *   found (AND). A scan of 10,000 annotations with `indexOf` costs about a millisecond per term on
 *   this project's machine, so there is no inverted index to keep in step with edits: adding or
 *   removing an annotation is one map operation.
 * - **Fuzzy for typos, on short terms only.** When a term of {@link FUZZY_MIN_CHARS}–{@link FUZZY_MAX_CHARS}
 *   characters has fewer exact hits than the answer's limit, the records without it are looked
 *   through with Fuse.js (Bitap, the project's library for short fuzzy queries; its patterns stop
 *   at 32 characters). Fuse runs only on the records that share at least half of the term's
 *   character pairs (bigrams, at most {@link MAX_PROBE_PAIRS} probed): one wrong character breaks at
 *   most two pairs, so a record the typo could come from keeps most of them, and Fuse never walks
 *   10,000 long texts per keystroke.
 * - **Ranked.** Records where every term occurs exactly come first, then those with one term found
 *   only nearly, and so on. Among equals, a term's best hit in a record scores its field's weight
 *   ({@link FIELD_WEIGHTS}), more when the field starts with it or is it (a whole tag), less for a
 *   fuzzy hit; a record scores the sum over the terms, the user's own annotations a little above
 *   measures ({@link ANNOTATION_PRIOR}). Ties: newer annotations first, measures in corpus order.
 * - **Typed, with the span to highlight.** A hit says whether it is an annotation or a measure, and
 *   carries a snippet of the best field in its original characters (the page's script for quotes
 *   and notes; the asked script for measures) with the matched spans, mapped back through the
 *   normaliser's offset map.
 * - **Filters**: tags (all of them), colours, statuses, ports (any of them), page keys, kinds.
 *   Tags, colours, statuses and pages belong to annotations only, so any of them leaves measures
 *   out. An annotation's port is its measure's document's port.
 */
import Fuse from 'fuse.js';
import type { Annotation, ColourId, Status } from '../annotation/model.ts';
import type { Corpus, Script } from '../corpus/types.ts';
import { normalize, normalizeText, toOriginalSpan } from '../normalize.ts';

/** What a hit is. */
export type HitKind = 'annotation' | 'measure';

/** The searched fields: an annotation's quote, note, tags and page title; a measure's title and text. */
export type SearchField = 'quote' | 'note' | 'tags' | 'pageTitle' | 'title' | 'text';

/**
 * How much a hit in each field counts. A tag or a title is what the reader chose to name the thing
 * by, so a hit there says most; the quote and the note are the annotation's own words; a page
 * title is shared by every annotation of that page, so it says least about one of them; a
 * measure's text is long and repeats the corpus' common words.
 */
export const FIELD_WEIGHTS: Readonly<Record<SearchField, number>> = Object.freeze({
  tags: 3,
  title: 3,
  quote: 2,
  note: 2,
  pageTitle: 1.5,
  text: 1,
});

/** A field that starts with the term (or a tag that is the term) counts this much more. */
export const START_BONUS = 0.5;
/** A fuzzy hit counts this fraction of an exact one, times Fuse's similarity (1 − score). */
export const FUZZY_FACTOR = 0.5;
/** The user's own annotations rank a little above corpus measures with the same hits. */
export const ANNOTATION_PRIOR = 1.1;

/** Fuzzy search is tried for terms of this many normalised characters… */
export const FUZZY_MIN_CHARS = 4;
/** …up to this many (Fuse.js' Bitap patterns stop at 32). */
export const FUZZY_MAX_CHARS = 32;
/**
 * Fuse's threshold: about one wrong character in four (a four-character term may have one typo,
 * an eight-character one two). Looser lets two-character coincidences through.
 */
export const FUZZY_THRESHOLD = 0.3;
/** Fuse looks at no more than this many records per term (those sharing the most bigrams). */
export const FUZZY_MAX_CANDIDATES = 300;

/** Query limits: terms per query, characters per term, hits per answer. */
export const MAX_TERMS = 8;
export const MAX_TERM_CHARS = 200;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** Characters of a snippet around its first highlight (before it, and in all). */
export const SNIPPET_BEFORE = 30;
export const SNIPPET_CHARS = 140;

/** What narrows the search. */
export interface SearchFilters {
  kinds?: HitKind[];
  /** The annotation has every one of these tags. */
  tags?: string[];
  colours?: ColourId[];
  statuses?: Status[];
  /** The port of the measure (English name, as `CorpusDocument.port`: `Xiamen`, `Dalian`…). */
  ports?: string[];
  /** The annotation is on this page (any of its keys). */
  pageKeys?: string[];
}

export interface SearchQuery {
  /** What the reader typed; empty lists everything the filters allow. */
  text: string;
  filters?: SearchFilters;
  limit?: number;
  /** Script for measure snippets and titles (annotations keep the page's own); default `Hans`. */
  script?: Script;
}

/** A stretch of a field, with what to highlight in it. */
export interface Snippet {
  field: SearchField;
  /** The text shown: a stretch of the field in its original characters. */
  text: string;
  /** Where `text` starts in the field (0 when the snippet is the field's start). */
  start: number;
  /** Whether the field goes on after `text`. */
  cutEnd: boolean;
  /** Spans of `text` (UTF-16 offsets, end exclusive) that matched. */
  highlights: Array<[number, number]>;
}

/** A corpus measure as a hit shows it. */
export interface MeasureSummary {
  id: string;
  /** Title in the asked script. */
  title: string;
  number: string | null;
  port: string;
  portZh: string;
  docId: string;
  docTitle: string;
}

interface HitBase {
  score: number;
  /** `exact`: every term occurs as typed (after normalising); `fuzzy`: at least one term only nearly; `all`: empty query. */
  match: 'exact' | 'fuzzy' | 'all';
  snippet: Snippet | null;
}

export type SearchHit =
  | (HitBase & { kind: 'annotation'; id: string; annotation: Annotation; port: string | null })
  | (HitBase & { kind: 'measure'; id: string; measure: MeasureSummary });

export interface SearchResponse {
  hits: SearchHit[];
  /** Records that matched, before the limit. */
  total: number;
  /** The normalised terms searched for. */
  terms: string[];
}

/** One field of a record, as searched. */
interface FieldText {
  field: SearchField;
  /** The original text (for snippets). */
  raw: string;
  /** Its normalised text (what is searched). */
  norm: string;
}

interface Doc {
  kind: HitKind;
  id: string;
  /** Order among measures (corpus order) or annotations (insertion). */
  order: number;
  fields: FieldText[];
  port: string | null;
  annotation?: Annotation;
  measure?: { hans: MeasureSummary; hant: MeasureSummary; textOther: string; script: Script };
}

/** A term's best hit in one record. */
interface TermHit {
  fieldIndex: number;
  quality: number;
  fuzzy: boolean;
  /** For fuzzy hits: the normalised span Fuse matched. */
  span?: [number, number];
}

/** The query's terms: split on whitespace, then normalised, empty and repeated ones dropped. */
export function queryTerms(text: string): string[] {
  const out: string[] = [];
  for (const raw of String(text ?? '').split(/[\s\u3000]+/u)) {
    if (out.length >= MAX_TERMS) break;
    const t = normalizeText(raw.slice(0, MAX_TERM_CHARS)).trim();
    if (t !== '' && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Character pairs probed per term at most (spread over the term), to bound a keystroke's cost. */
export const MAX_PROBE_PAIRS = 8;

/** Distinct character pairs of `s`, at most {@link MAX_PROBE_PAIRS}, spread evenly over it. */
function probePairs(s: string): string[] {
  const all: string[] = [];
  for (let i = 0; i + 2 <= s.length; i++) {
    const p = s.slice(i, i + 2);
    if (!all.includes(p)) all.push(p);
  }
  if (all.length <= MAX_PROBE_PAIRS) return all;
  return Array.from(
    { length: MAX_PROBE_PAIRS },
    (_, k) => all[Math.floor((k * all.length) / MAX_PROBE_PAIRS)] as string,
  );
}

const isLowSurrogate = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
};

const inList = <T>(list: readonly T[] | undefined, value: T): boolean =>
  list === undefined || list.length === 0 || list.includes(value);

export class SearchIndex {
  private readonly docs = new Map<string, Doc>();
  private readonly portOfMeasure = new Map<string, string>();
  private readonly titleCache = new Map<string, string>();
  private serial = 0;

  /** @param corpus the measures to search besides annotations (null: annotations only) */
  constructor(corpus: Pick<Corpus, 'documents' | 'measures'> | null) {
    if (!corpus) return;
    const docById = new Map(corpus.documents.map((d) => [d.id, d]));
    for (const m of corpus.measures) {
      const d = docById.get(m.docId);
      const port = d?.port ?? '';
      this.portOfMeasure.set(m.id, port);
      const script: Script = d?.script ?? 'Hans';
      const summary = (title: string): MeasureSummary => ({
        id: m.id,
        title,
        number: m.number,
        port,
        portZh: d?.portZh ?? '',
        docId: m.docId,
        docTitle: d?.title ?? '',
      });
      const hans = summary(script === 'Hans' ? m.title : m.titleOther);
      const hant = summary(script === 'Hant' ? m.title : m.titleOther);
      this.docs.set(`m:${m.id}`, {
        kind: 'measure',
        id: m.id,
        order: this.serial++,
        port,
        fields: [
          { field: 'title', raw: m.title, norm: normalizeText(m.title) },
          { field: 'text', raw: m.text, norm: normalizeText(m.text) },
        ],
        measure: { hans, hant, textOther: m.textOther, script },
      });
    }
  }

  /** An index over `corpus`'s measures, ready for annotations. */
  static fromCorpus(corpus: Pick<Corpus, 'documents' | 'measures'>): SearchIndex {
    return new SearchIndex(corpus);
  }

  /** Annotations indexed. */
  get annotationCount(): number {
    let n = 0;
    for (const d of this.docs.values()) if (d.kind === 'annotation') n++;
    return n;
  }

  has(id: string): boolean {
    return this.docs.has(`a:${id}`);
  }

  /** Adds an annotation, or replaces the indexed one with the same id. */
  add(a: Annotation): void {
    const key = `a:${a.id}`;
    const old = this.docs.get(key);
    const fields: FieldText[] = [
      { field: 'quote', raw: a.quote.exact, norm: normalizeText(a.quote.exact) },
      { field: 'note', raw: a.note, norm: normalizeText(a.note) },
      ...a.tags.map((t): FieldText => ({ field: 'tags', raw: t, norm: normalizeText(t) })),
      { field: 'pageTitle', raw: a.page.title, norm: this.normTitle(a.page.title) },
    ];
    // A replaced annotation keeps its place, so an edit does not reorder equal hits.
    this.docs.set(key, {
      kind: 'annotation',
      id: a.id,
      order: old?.order ?? this.serial++,
      fields,
      port: a.measureId !== null ? (this.portOfMeasure.get(a.measureId) ?? null) : null,
      annotation: a,
    });
  }

  addAll(list: Iterable<Annotation>): void {
    for (const a of list) this.add(a);
  }

  /** Removes an annotation; false when it was not indexed. */
  remove(id: string): boolean {
    return this.docs.delete(`a:${id}`);
  }

  /** Page titles repeat across a page's annotations: normalise each once. */
  private normTitle(title: string): string {
    let n = this.titleCache.get(title);
    if (n === undefined) {
      n = normalizeText(title);
      if (this.titleCache.size > 20_000) this.titleCache.clear();
      this.titleCache.set(title, n);
    }
    return n;
  }

  private passes(doc: Doc, f: SearchFilters): boolean {
    if (!inList(f.kinds, doc.kind)) return false;
    if (!inList(f.ports, doc.port ?? '')) return false;
    const annotationOnly =
      (f.tags?.length ?? 0) > 0 ||
      (f.colours?.length ?? 0) > 0 ||
      (f.statuses?.length ?? 0) > 0 ||
      (f.pageKeys?.length ?? 0) > 0;
    const a = doc.annotation;
    if (!a) return !annotationOnly;
    if (!inList(f.colours, a.colour) || !inList(f.statuses, a.status)) return false;
    if (f.tags && !f.tags.every((t) => a.tags.includes(t))) return false;
    if (f.pageKeys && f.pageKeys.length > 0 && !a.keys.some((k) => f.pageKeys?.includes(k))) return false;
    return true;
  }

  /** The best exact hit of `term` in `doc`, or null. */
  private static exactHit(doc: Doc, term: string): TermHit | null {
    let best: TermHit | null = null;
    doc.fields.forEach((f, fieldIndex) => {
      const at = f.norm.indexOf(term);
      if (at < 0) return;
      const whole = f.field === 'tags' ? f.norm === term : false;
      const quality = FIELD_WEIGHTS[f.field] * (1 + (at === 0 || whole ? START_BONUS : 0));
      if (!best || quality > best.quality) best = { fieldIndex, quality, fuzzy: false };
    });
    return best;
  }

  /** Fuzzy hits of `term` among `docs` (those without an exact hit), by record. */
  private static fuzzyHits(docs: readonly Doc[], term: string): Map<Doc, TermHit> {
    const out = new Map<Doc, TermHit>();
    if (term.length < FUZZY_MIN_CHARS || term.length > FUZZY_MAX_CHARS || docs.length === 0) return out;
    const pairs = probePairs(term);
    const need = Math.max(1, Math.ceil(pairs.length / 2));
    const candidates: Array<{ doc: Doc; shared: number }> = [];
    for (const doc of docs) {
      let shared = 0;
      for (let i = 0; i < pairs.length; i++) {
        const p = pairs[i] as string;
        if (doc.fields.some((f) => f.norm.includes(p))) shared++;
        // Stop as soon as the pairs left cannot make up the number needed.
        else if (shared + (pairs.length - i - 1) < need) break;
      }
      if (shared >= need) candidates.push({ doc, shared });
    }
    if (candidates.length === 0) return out;
    candidates.sort((a, b) => b.shared - a.shared);
    const entries: Array<{ doc: Doc; fieldIndex: number; norm: string }> = [];
    for (const { doc } of candidates.slice(0, FUZZY_MAX_CANDIDATES)) {
      doc.fields.forEach((f, fieldIndex) => {
        if (f.norm.length >= term.length - 1) entries.push({ doc, fieldIndex, norm: f.norm });
      });
    }
    const fuse = new Fuse(entries, {
      keys: ['norm'],
      includeScore: true,
      includeMatches: true,
      ignoreLocation: true,
      threshold: FUZZY_THRESHOLD,
      minMatchCharLength: Math.max(2, term.length - 2),
      shouldSort: false,
    });
    for (const r of fuse.search(term)) {
      const e = r.item;
      const f = e.doc.fields[e.fieldIndex];
      if (!f) continue;
      const similarity = 1 - (r.score ?? 1);
      const quality = FIELD_WEIGHTS[f.field] * FUZZY_FACTOR * similarity;
      const old = out.get(e.doc);
      if (old && old.quality >= quality) continue;
      const indices = r.matches?.[0]?.indices ?? [];
      let lo = Infinity;
      let hi = -1;
      for (const [s, t] of indices) {
        if (t - s + 1 >= 2 || indices.length === 1) {
          lo = Math.min(lo, s);
          hi = Math.max(hi, t);
        }
      }
      out.set(e.doc, {
        fieldIndex: e.fieldIndex,
        quality,
        fuzzy: true,
        ...(hi >= lo ? { span: [lo, hi + 1] as [number, number] } : {}),
      });
    }
    return out;
  }

  /** Searches; see the module comment for what is found and how it is ranked. */
  search(query: SearchQuery): SearchResponse {
    const terms = queryTerms(query.text);
    const filters = query.filters ?? {};
    const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(query.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
    const script: Script = query.script === 'Hant' ? 'Hant' : 'Hans';

    const pool: Doc[] = [];
    for (const doc of this.docs.values()) if (this.passes(doc, filters)) pool.push(doc);

    let scored: Array<{ doc: Doc; score: number; hits: TermHit[]; fuzzy: number }>;
    if (terms.length === 0) {
      scored = pool.map((doc) => ({ doc, score: 0, hits: [], fuzzy: 0 }));
    } else {
      // Per term: exact hits everywhere, then fuzzy hits among the records still in the running.
      let alive = pool.map((doc) => ({ doc, hits: [] as TermHit[] }));
      for (const term of terms) {
        const missing: Doc[] = [];
        const next: typeof alive = [];
        for (const entry of alive) {
          const hit = SearchIndex.exactHit(entry.doc, term);
          if (hit) {
            entry.hits.push(hit);
            next.push(entry);
          } else missing.push(entry.doc);
        }
        // Typos are looked for only when the exact hits do not fill the answer: a correctly
        // typed common word must not drag in its one-character neighbours (提前申请 for 提前申报).
        const fuzzy = next.length < limit ? SearchIndex.fuzzyHits(missing, term) : new Map<Doc, TermHit>();
        for (const entry of alive) {
          const hit = fuzzy.get(entry.doc);
          if (hit) {
            entry.hits.push(hit);
            next.push(entry);
          }
        }
        alive = next;
        if (alive.length === 0) break;
      }
      scored = alive.map(({ doc, hits }) => ({
        doc,
        hits,
        fuzzy: hits.filter((h) => h.fuzzy).length,
        score: hits.reduce((s, h) => s + h.quality, 0) * (doc.kind === 'annotation' ? ANNOTATION_PRIOR : 1),
      }));
    }

    // Fewer terms found only nearly first: an exact hit anywhere beats a typo-match in a title.
    scored.sort((a, b) => a.fuzzy - b.fuzzy || b.score - a.score || compareRecency(a.doc, b.doc));
    const hits = scored.slice(0, limit).map(({ doc, score, hits: termHits, fuzzy }): SearchHit => {
      const base: HitBase = {
        score: Math.round(score * 1000) / 1000,
        match: terms.length === 0 ? 'all' : fuzzy > 0 ? 'fuzzy' : 'exact',
        snippet: snippetFor(doc, terms, termHits, script),
      };
      if (doc.kind === 'annotation' && doc.annotation) {
        return { ...base, kind: 'annotation', id: doc.id, annotation: doc.annotation, port: doc.port };
      }
      const m = doc.measure;
      return {
        ...base,
        kind: 'measure',
        id: doc.id,
        measure: (script === 'Hant' ? m?.hant : m?.hans) as MeasureSummary,
      };
    });
    return { hits, total: scored.length, terms };
  }
}

/** Equal scores: annotations before measures, newer annotations first, measures in corpus order. */
function compareRecency(a: Doc, b: Doc): number {
  if (a.kind !== b.kind) return a.kind === 'annotation' ? -1 : 1;
  if (a.annotation && b.annotation && a.annotation.updated !== b.annotation.updated) {
    return a.annotation.updated < b.annotation.updated ? 1 : -1;
  }
  return a.kind === 'annotation' ? b.order - a.order : a.order - b.order;
}

/**
 * The snippet of a hit: the field of its best term hit, in original characters (for a measure, in
 * the asked script when its text normalises to the same string), with every term's spans in it.
 */
function snippetFor(
  doc: Doc,
  terms: readonly string[],
  hits: readonly TermHit[],
  script: Script,
): Snippet | null {
  let bestHit: TermHit | undefined;
  for (const h of hits) if (!bestHit || h.quality > bestHit.quality) bestHit = h;
  const fieldIndex = bestHit?.fieldIndex ?? 0;
  const field = doc.fields[fieldIndex];
  if (!field) return null;
  let raw = field.raw;
  // A measure shown in its other script: use the other text when it normalises the same way, so
  // the spans found in the normalised text map onto it.
  if (doc.measure && doc.measure.script !== script) {
    const other =
      field.field === 'title'
        ? (script === 'Hant' ? doc.measure.hant : doc.measure.hans).title
        : field.field === 'text'
          ? doc.measure.textOther
          : raw;
    if (normalizeText(other) === field.norm) raw = other;
  }
  const n = normalize(raw);
  const spans: Array<[number, number]> = [];
  for (const term of terms) {
    for (
      let at = n.text.indexOf(term);
      at >= 0 && spans.length < 50;
      at = n.text.indexOf(term, at + term.length)
    ) {
      spans.push(toOriginalSpan(n, at, at + term.length));
    }
  }
  for (const h of hits) {
    if (h.fuzzy && h.fieldIndex === fieldIndex && h.span && h.span[1] <= n.text.length) {
      spans.push(toOriginalSpan(n, h.span[0], h.span[1]));
    }
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  const first = merged[0]?.[0] ?? 0;
  let start = Math.max(0, first - SNIPPET_BEFORE);
  // Never cut a surrogate pair in two.
  if (start > 0 && isLowSurrogate(raw, start)) start--;
  let end = Math.min(raw.length, start + SNIPPET_CHARS);
  if (end < raw.length && isLowSurrogate(raw, end)) end++;
  const highlights = merged
    .filter(([s, e]) => s < end && e > start)
    .map(([s, e]): [number, number] => [Math.max(s, start) - start, Math.min(e, end) - start]);
  return { field: field.field, text: raw.slice(start, end), start, cutEnd: end < raw.length, highlights };
}
