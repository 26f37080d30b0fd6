/**
 * Related measures: which corpus measures use the instruments a measure (or a passage on a page)
 * names, ranked by how much of the reader's question they answer.
 *
 * Features are the thesaurus concepts a text names (`lib/thesaurus/`), found by leftmost-longest
 * term matching. Boilerplate (为贯彻落实…, 按职责分工负责) names none, so it relates nothing.
 *
 * The score of a candidate is its **coverage of the query**: the share of the query's instrument
 * weight it covers, each instrument weighted by its rarity in the corpus (an idf) and by how much
 * the query is about it (its title names it, it is named repeatedly: `TITLE_WEIGHT`,
 * `MENTION_WEIGHT`); an instrument no measure names counts as the rarest. A candidate
 * covers a query instrument fully when it names it, and partly when it names a kind of it, the
 * instrument it is a kind of, a sibling or a related instrument (`CREDIT`). It does not matter how
 * much *else* the candidate is about: Xiamen 2008 三 names "5+2" among eight other instruments and
 * still covers a "5+2" query fully. Fields (broad concepts such as 查验 or 税收) say little: they
 * are not part of the score. Ties (and near ties: scores are kept to three decimals) are broken
 * by how much the candidate is about the shared instruments: its title names them, it names them
 * more often, it shares the query's fields, and, last, the shared instruments are a larger part of
 * what it does.
 *
 * What is listed, and in which order (the order of the card and of `cli match --json`):
 * - the floor: a candidate shares at least one instrument (not a field) with the query, by name
 *   or by kind (`MIN_INSTRUMENT_CREDIT`), and covers at least `MIN_RELATEDNESS` of it; below
 *   that nothing is listed;
 * - one entry per family: a Changsha measure and the table tasks that restate it are one entry
 *   (the measure), and so is any parent with its children;
 * - diversity first: the main section holds the best entry of every other document (at least
 *   a third as related as the best entry), so that five slots show five documents, and so mostly
 *   five ports and several instruments, before a second measure of one of them; second entries
 *   and weaker first entries follow, best first, in section `more` (two per document at most);
 * - sections: for a corpus measure (its home known), other ports first, then the best measure of
 *   each other document of the same port (other years), then `more`; for a page passage (home
 *   unknown) one section, then `more`;
 * - within a section, entries are grouped by the query instrument they share (the best-credited
 *   one, as its topmost instrument: 预约通关 under 全天候通关), groups ordered by their best entry.
 *
 * The index is built at build time (`RelatedIndex.build` → `serialize`) and loaded as typed-array
 * views (`load`), like the n-gram index.
 */
import { normalizeText } from '../normalize.ts';
import { ancestorsOf, narrowerOf, TermMatcher, type CompiledThesaurus } from '../thesaurus/thesaurus.ts';

/**
 * How much of a query instrument a candidate covers, by how the candidate's concept is linked to
 * the query's in the thesaurus. Naming a kind of the instrument (H986 for 非侵入式查验) nearly
 * covers it; naming the instrument it is a kind of, less; a sibling or a related instrument is a
 * neighbour, not the same tool.
 */
export const CREDIT = { same: 1, narrower: 0.8, broader: 0.6, sibling: 0.4, related: 0.4 } as const;
/** Mentions of an instrument counted (in the query's weights and the candidates' tie-break), at most. */
export const MAX_MENTIONS = 3;
/**
 * What a query is about weighs more: an instrument its title names counts `1 + TITLE_WEIGHT`
 * times, and each further mention (up to `MAX_MENTIONS`) adds `MENTION_WEIGHT`. Xiamen 2008 四 is
 * about guarantees (in its title, named seven times), not about the AA firms it mentions once.
 */
export const TITLE_WEIGHT = 1;
export const MENTION_WEIGHT = 0.5;
/** Weight of a field (broad concept) relative to an instrument of the same rarity (tie-breaks only). */
export const FIELD_WEIGHT = 0.25;
/** A listed measure shares one instrument (not a field) at least this closely: by name or by kind. */
export const MIN_INSTRUMENT_CREDIT = 0.6;
/** …and covers at least this share of the query's instrument weight. */
export const MIN_RELATEDNESS = 0.1;
/** Entries per section: other ports (or, home unknown, every document), then the rest. */
export const MAX_MAIN = 8;
export const MAX_MORE = 4;
export const MAX_SAME_PORT = 3;
/** Measures of one document listed (main and `more` together), at most. */
export const PER_DOCUMENT = 2;
/**
 * The main section holds the best measure of each document that is at least this share of the
 * best score; weaker ones join `more`, after the second measures of the documents already listed
 * when those are more related.
 */
export const MAIN_RELATIVE = 1 / 3;
/** Reasons (shared terms) given per entry. */
export const MAX_WHY = 3;

/** Which part of the card an entry belongs to. */
export type RelatedSection = 'other-ports' | 'same-port' | 'related' | 'more';

/** One related measure with its score and why. */
export interface RelatedHit {
  /** The entry's measure (the family's head: a measure rather than its table task). */
  measure: number;
  /** Relatedness in [0, 1]: the share of the query's instrument weight the entry covers. */
  score: number;
  /** The terms both texts use (or `query term / candidate term`), best first. */
  why: string[];
  /** The query concept the entry is grouped under (index into the thesaurus). */
  group: number;
  section: RelatedSection;
}

/** A document as the index needs it: its port decides "other ports" and "same port". */
export interface RelatedDocument {
  id: string;
  port: string;
}

/** What the index is built from: each measure's normalised text, document and parent. */
export interface RelatedInput {
  normalisedText: string;
  /** Index into the documents. */
  doc: number;
  /** Index of the parent measure (table tasks), or -1. */
  parent: number;
}

/** Where a query comes from: a corpus measure's document (home known), or a page (unknown). */
export interface RelatedQuery {
  /** The query's document (its measures are not related to it, its port is "same port"). */
  homeDoc?: number;
  /** A family not to list (the query measure's own, or the measure a passage restates). */
  excludeFamily?: number;
}

const MAGIC = 0x58524c50; // "PLRX"
const VERSION = 1;
const HEADER_WORDS = 8;

/**
 * A trailing parenthesis naming the agencies in charge (`(厦门海关,自贸委按职责分工负责)`): the
 * names are not what the measure does (电子口岸公司 is an agency, not the electronic port).
 */
const AGENCY_TAIL = /\([^()]*(?:负责|牵头|海关|局|委|办|集团|公司|站|中心|码头|协会|管委会|港口局)\)$/u;

/** Where a normalised text's title (its opening sentence) ends. */
export function titleEnd(normalised: string): number {
  const stop = normalised.search(/[。;]/u);
  return stop < 0 ? normalised.length : stop + 1;
}

/** What a query names: per concept, the terms used, how often, and whether its title names it. */
export type QueryConcepts = Map<number, { terms: string[]; mentions: number; inTitle: boolean }>;

/** The part of a normalised text whose concepts count: without the trailing agency parenthesis. */
export function featureText(normalised: string): string {
  const trimmed = normalised.trimEnd();
  const m = AGENCY_TAIL.exec(trimmed);
  return m ? trimmed.slice(0, m.index) : trimmed;
}

const align4 = (x: number): number => (x + 3) & ~3;

/** A candidate while ranking. */
interface Candidate {
  head: number;
  /** The family member that scored best (its terms are the reason). */
  m: number;
  score: number;
  /** Tie-breaks, each a share of the query's weight: shared instruments named in the title… */
  title: number;
  /** …named often… */
  salience: number;
  /** …the query's fields covered… */
  fields: number;
  /** …and the part of the candidate's own instrument weight that is shared. */
  focus: number;
  group: number;
}

/** Best first: score, then the tie-breaks, then corpus order. */
function better(a: Candidate, b: Candidate): number {
  return (
    b.score - a.score ||
    b.title - a.title ||
    b.salience - a.salience ||
    b.fields - a.fields ||
    b.focus - a.focus ||
    a.head - b.head
  );
}
/** The high bit of a stored term index: the term is in the measure's title. */
const IN_TITLE = 0x8000;

/** Precomputed concepts of every corpus measure, their rarity, families and documents. */
export class RelatedIndex {
  readonly size: number;
  readonly matcher: TermMatcher;
  /** Per concept: [concept, credit] pairs a candidate may cover it through (itself first). */
  private readonly neighbours: Array<Array<[number, number]>>;
  /** Per measure: credit scratch, zero between calls. */
  private readonly credit: Float32Array;
  private readonly via: Int32Array;
  private readonly acc: Float64Array;
  private readonly gate: Float32Array;
  private readonly firstReason: Int32Array;
  private readonly groupOf: Int32Array;
  private readonly groupWeight: Float32Array;
  /** Per concept: its ancestors (for crediting fields). */
  private readonly ancestors: number[][];

  private constructor(
    readonly thesaurus: CompiledThesaurus,
    private readonly docs: readonly RelatedDocument[],
    private readonly family: Uint32Array,
    private readonly doc: Uint32Array,
    private readonly mOff: Uint32Array,
    private readonly mConcept: Uint16Array,
    private readonly mTerm: Uint16Array,
    private readonly mCount: Uint8Array,
    private readonly cOff: Uint32Array,
    private readonly cPost: Uint32Array,
    private readonly weight: Float32Array,
    private readonly mass: Float32Array,
  ) {
    this.size = family.length;
    this.matcher = new TermMatcher(thesaurus);
    this.neighbours = neighbourhoods(thesaurus);
    this.credit = new Float32Array(this.size);
    this.via = new Int32Array(this.size).fill(-1);
    this.acc = new Float64Array(this.size);
    this.firstReason = new Int32Array(this.size).fill(-1);
    this.groupOf = new Int32Array(this.size).fill(-1);
    this.groupWeight = new Float32Array(this.size);
    this.ancestors = thesaurus.concepts.map((_, k) => ancestorsOf(thesaurus, k));
    this.gate = new Float32Array(this.size);
  }

  /** Builds the index (build time): scans every measure text for thesaurus terms. */
  static build(
    thesaurus: CompiledThesaurus,
    docs: readonly RelatedDocument[],
    measures: readonly RelatedInput[],
  ): RelatedIndex {
    const matcher = new TermMatcher(thesaurus);
    const n = measures.length;
    const c = thesaurus.concepts.length;
    const family = new Uint32Array(n);
    const doc = new Uint32Array(n);
    const pairs: Array<Array<[number, number, number]>> = [];
    measures.forEach((m, i) => {
      let root = i;
      for (let guard = 0; (measures[root]?.parent ?? -1) >= 0 && guard < 16; guard++) {
        root = measures[root]?.parent as number;
      }
      family[i] = root;
      doc[i] = m.doc;
      // (concept, term with the title bit, mentions)
      const found: Array<[number, number, number]> = [];
      const text = featureText(m.normalisedText);
      const titleLength = titleEnd(text);
      for (const h of matcher.scan(text)) {
        const title = h.at < titleLength ? IN_TITLE : 0;
        const same = found.find(([fc, ft]) => fc === h.concept && (ft & ~IN_TITLE) === h.term);
        if (!same) found.push([h.concept, h.term | title, 1]);
        else {
          same[1] |= title;
          same[2] = Math.min(255, same[2] + 1);
        }
      }
      found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      pairs.push(found);
    });
    const mOff = new Uint32Array(n + 1);
    pairs.forEach((p, i) => (mOff[i + 1] = (mOff[i] as number) + p.length));
    const total = mOff[n] as number;
    const mConcept = new Uint16Array(total);
    const mTerm = new Uint16Array(total);
    const mCount = new Uint8Array(total);
    pairs.forEach((p, i) =>
      p.forEach(([concept, term, count], k) => {
        mConcept[(mOff[i] as number) + k] = concept;
        mTerm[(mOff[i] as number) + k] = term;
        mCount[(mOff[i] as number) + k] = count;
      }),
    );
    // Postings: measures naming each concept (once per measure), ascending.
    const lists: number[][] = Array.from({ length: c }, () => []);
    pairs.forEach((p, i) => {
      for (const concept of new Set(p.map(([x]) => x))) lists[concept]?.push(i);
    });
    const cOff = new Uint32Array(c + 1);
    lists.forEach((l, k) => (cOff[k + 1] = (cOff[k] as number) + l.length));
    const cPost = new Uint32Array(cOff[c] as number);
    lists.forEach((l, k) => cPost.set(l, cOff[k] as number));
    // Rarity: a concept is present in a measure that names it or one of its kinds.
    const df = new Float64Array(c);
    pairs.forEach((p) => {
      const present = new Set<number>();
      for (const [concept] of p) {
        present.add(concept);
        for (const a of ancestorsOf(thesaurus, concept)) present.add(a);
      }
      for (const k of present) df[k] = (df[k] as number) + 1;
    });
    const weight = new Float32Array(c);
    thesaurus.concepts.forEach((con, k) => {
      // A concept no measure names is as rare as the rarest: it stays part of the question, and
      // measures naming its neighbours (a broader, a sibling, a related instrument) cover it in part.
      const d = Math.max(1, df[k] as number);
      weight[k] = Math.log(1 + n / d) * (con.broad ? FIELD_WEIGHT : 1);
    });
    const mass = new Float32Array(n);
    pairs.forEach((p, i) => {
      let s = 0;
      for (const concept of new Set(p.map(([x]) => x))) s += weight[concept] as number;
      mass[i] = s;
    });
    return new RelatedIndex(
      thesaurus,
      docs,
      family,
      doc,
      mOff,
      mConcept,
      mTerm,
      mCount,
      cOff,
      cPost,
      weight,
      mass,
    );
  }

  /** Serialises the index (typed arrays after a small header; see `load`). */
  serialize(): Uint8Array {
    const parts: ArrayBufferView[] = [
      this.family,
      this.doc,
      this.mOff,
      this.mConcept,
      this.mTerm,
      this.mCount,
      this.cOff,
      this.cPost,
      this.weight,
      this.mass,
    ];
    const total = HEADER_WORDS * 4 + parts.reduce((s, a) => s + align4(a.byteLength), 0);
    const out = new Uint8Array(total);
    const dv = new DataView(out.buffer);
    const header = [
      MAGIC,
      VERSION,
      this.size,
      this.thesaurus.concepts.length,
      this.docs.length,
      this.mConcept.length,
      Number.parseInt(this.thesaurus.hash, 16) >>> 0,
      this.cPost.length,
    ];
    header.forEach((x, i) => dv.setUint32(i * 4, x, true));
    let at = HEADER_WORDS * 4;
    for (const a of parts) {
      out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
      at += align4(a.byteLength);
    }
    return out;
  }

  /**
   * Loads a serialised index as views over `bytes` (copied once if not 4-byte aligned). Throws
   * when the bytes are not an index, or were built with another thesaurus or other documents.
   */
  static load(
    bytes: Uint8Array,
    thesaurus: CompiledThesaurus,
    docs: readonly RelatedDocument[],
  ): RelatedIndex {
    let buf = bytes;
    if (buf.byteOffset % 4 !== 0) buf = buf.slice();
    if (buf.byteLength < HEADER_WORDS * 4) throw new Error('related index: truncated header');
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const h = Array.from({ length: HEADER_WORDS }, (_, i) => dv.getUint32(i * 4, true));
    const [magic, version, n, c, d, p, hash, postings] = h as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (magic !== MAGIC) throw new Error('related index: not a PolicyLens related index');
    if (version !== VERSION) throw new Error(`related index: version ${version}, expected ${VERSION}`);
    if (c !== thesaurus.concepts.length || hash !== Number.parseInt(thesaurus.hash, 16) >>> 0) {
      throw new Error('related index: built with another thesaurus');
    }
    if (d !== docs.length)
      throw new Error(`related index: built for ${d} documents, the corpus has ${docs.length}`);
    let at = buf.byteOffset + HEADER_WORDS * 4;
    const take = <T extends Uint8Array | Uint16Array | Uint32Array | Float32Array>(
      make: new (b: ArrayBufferLike, o: number, l: number) => T,
      length: number,
      width: number,
    ): T => {
      if (at + length * width > buf.byteOffset + buf.byteLength) throw new Error('related index: truncated');
      const a = new make(buf.buffer, at, length);
      at += align4(length * width);
      return a;
    };
    const family = take(Uint32Array, n, 4);
    const doc = take(Uint32Array, n, 4);
    const mOff = take(Uint32Array, n + 1, 4);
    const mConcept = take(Uint16Array, p, 2);
    const mTerm = take(Uint16Array, p, 2);
    const mCount = take(Uint8Array, p, 1);
    const cOff = take(Uint32Array, c + 1, 4);
    const cPost = take(Uint32Array, postings, 4);
    const weight = take(Float32Array, c, 4);
    const mass = take(Float32Array, n, 4);
    return new RelatedIndex(
      thesaurus,
      docs,
      family,
      doc,
      mOff,
      mConcept,
      mTerm,
      mCount,
      cOff,
      cPost,
      weight,
      mass,
    );
  }

  /** Bytes the index's arrays occupy. */
  get byteLength(): number {
    return [
      this.family,
      this.doc,
      this.mOff,
      this.mConcept,
      this.mTerm,
      this.mCount,
      this.cOff,
      this.cPost,
      this.weight,
      this.mass,
    ].reduce((s, a) => s + a.byteLength, 0);
  }

  /** The family head of a measure (a table task's measure; itself otherwise). */
  familyOf(m: number): number {
    return this.family[m] ?? m;
  }

  /** Whether corpus measure `m`'s title names concept `concept`. */
  titleNames(m: number, concept: number): boolean {
    const end = this.mOff[m + 1] as number;
    for (let k = this.mOff[m] as number; k < end; k++) {
      if (this.mConcept[k] === concept && ((this.mTerm[k] as number) & IN_TITLE) !== 0) return true;
    }
    return false;
  }

  /** The concepts a corpus measure names, with the terms it uses (normalised). */
  conceptsOfMeasure(m: number): Map<number, string[]> {
    const out = new Map<number, string[]>();
    const end = this.mOff[m + 1] as number;
    for (let k = this.mOff[m] as number; k < end; k++) {
      const concept = this.mConcept[k] as number;
      const term = this.thesaurus.concepts[concept]?.terms[(this.mTerm[k] as number) & ~IN_TITLE] ?? '';
      const list = out.get(concept);
      if (list) list.push(term);
      else out.set(concept, [term]);
    }
    return out;
  }

  /** What a corpus measure names, as a query. */
  queryOfMeasure(m: number): QueryConcepts {
    const out: QueryConcepts = new Map();
    const end = this.mOff[m + 1] as number;
    for (let k = this.mOff[m] as number; k < end; k++) {
      const concept = this.mConcept[k] as number;
      const stored = this.mTerm[k] as number;
      const term = this.thesaurus.concepts[concept]?.terms[stored & ~IN_TITLE] ?? '';
      const e = out.get(concept) ?? { terms: [], mentions: 0, inTitle: false };
      e.terms.push(term);
      e.mentions += this.mCount[k] as number;
      e.inTitle ||= (stored & IN_TITLE) !== 0;
      out.set(concept, e);
    }
    return out;
  }

  /** What a text names, as a query (normalised text; the trailing agency parenthesis left out). */
  queryOfText(normalised: string): QueryConcepts {
    const text = featureText(normalised);
    const title = titleEnd(text);
    const out: QueryConcepts = new Map();
    for (const h of this.matcher.scan(text)) {
      const term = this.thesaurus.concepts[h.concept]?.terms[h.term] ?? '';
      const e = out.get(h.concept) ?? { terms: [], mentions: 0, inTitle: false };
      if (!e.terms.includes(term)) e.terms.push(term);
      e.mentions++;
      e.inTitle ||= h.at < title;
      out.set(h.concept, e);
    }
    return out;
  }

  /** The concepts a text names (normalised text; the trailing agency parenthesis left out). */
  conceptsOfText(normalised: string): Map<number, string[]> {
    return this.matcher.concepts(featureText(normalised));
  }

  /** Related measures of corpus measure `m`: its own document and family excluded. */
  forMeasure(m: number): RelatedHit[] {
    return this.rank(this.queryOfMeasure(m), {
      homeDoc: this.doc[m] as number,
      excludeFamily: this.familyOf(m),
    });
  }

  /** Related measures for a page passage (raw or normalised text; home unknown). */
  forText(text: string, query: RelatedQuery = {}, normalised = false): RelatedHit[] {
    return this.rank(this.queryOfText(normalised ? text : normalizeText(text)), query);
  }

  /** Ranks candidates for a query's concepts; see the module comment. */
  rank(concepts: QueryConcepts, query: RelatedQuery = {}): RelatedHit[] {
    const t = this.thesaurus;
    const q = [...concepts.keys()];
    const isField = (k: number): boolean => t.concepts[k]?.broad === true;
    const salience = (k: number): number => {
      const e = concepts.get(k);
      const mentions = Math.min(MAX_MENTIONS, e?.mentions ?? 1);
      return (1 + (e?.inTitle ? TITLE_WEIGHT : 0)) * (1 + MENTION_WEIGHT * (mentions - 1));
    };
    const qWeight = new Map(q.map((k) => [k, (this.weight[k] as number) * salience(k)]));
    const total = q.filter((k) => !isField(k)).reduce((s, k) => s + (qWeight.get(k) as number), 0);
    const fieldTotal = q.filter(isField).reduce((s, k) => s + (qWeight.get(k) as number), 0);
    if (total === 0) return [];
    const { credit, via, acc, gate } = this;
    const touchedAll: number[] = [];
    // Per candidate, its reasons as a linked list in flat arrays (no object per candidate: at
    // 50,000 measures a query touches thousands) and its group.
    const { firstReason, groupOf, groupWeight } = this;
    const eQ: number[] = [];
    const eD: number[] = [];
    const eW: number[] = [];
    const eNext: number[] = [];
    const reasonsOf = (m: number): Array<{ q: number; d: number; w: number }> => {
      const out: Array<{ q: number; d: number; w: number }> = [];
      for (let e = firstReason[m] as number; e >= 0; e = eNext[e] as number) {
        out.push({ q: eQ[e] as number, d: eD[e] as number, w: eW[e] as number });
      }
      return out;
    };
    // Fields only break ties: they are credited below, for the candidates that pass, instead of
    // walking their postings (a field is named by most of a large corpus).
    const fieldsOfQuery = q.filter(isField);
    for (const k of q) {
      if (isField(k)) continue;
      const w = qWeight.get(k) as number;
      const touched: number[] = [];
      for (const [d, cr] of this.neighbours[k] ?? []) {
        const end = this.cOff[d + 1] as number;
        for (let i = this.cOff[d] as number; i < end; i++) {
          const m = this.cPost[i] as number;
          if (credit[m] === 0) touched.push(m);
          if (cr > (credit[m] as number)) {
            credit[m] = cr;
            via[m] = d;
          }
        }
      }
      for (const m of touched) {
        const cr = credit[m] as number;
        if (acc[m] === 0) touchedAll.push(m);
        acc[m] = (acc[m] as number) + w * cr;
        if (cr > (gate[m] as number)) gate[m] = cr;
        eQ.push(k);
        eD.push(via[m] as number);
        eW.push(w * cr);
        eNext.push(firstReason[m] as number);
        firstReason[m] = eQ.length - 1;
        if (cr >= MIN_INSTRUMENT_CREDIT && w * cr > (groupWeight[m] as number)) {
          groupWeight[m] = w * cr;
          groupOf[m] = this.instrumentOf(k);
        }
        credit[m] = 0;
        via[m] = -1;
      }
    }
    // Candidates above the floor, one per family (the head), best first.
    const best = new Map<number, Candidate>();
    for (const m of touchedAll) {
      const score = (acc[m] as number) / total;
      const ok = (gate[m] as number) >= MIN_INSTRUMENT_CREDIT && score >= MIN_RELATEDNESS;
      const shared = acc[m] as number;
      const groupQ = groupOf[m] as number;
      acc[m] = 0;
      gate[m] = 0;
      groupOf[m] = -1;
      groupWeight[m] = 0;
      if (!ok) continue;
      let fields = 0;
      for (const f of fieldsOfQuery) fields += (qWeight.get(f) as number) * this.fieldCredit(m, f);
      if (fieldTotal > 0) fields /= fieldTotal;
      const head = this.familyOf(m);
      if (head === query.excludeFamily) continue;
      if (query.homeDoc !== undefined && this.doc[head] === query.homeDoc) continue;
      let title = 0;
      let salience = 0;
      for (let e = firstReason[m] as number; e >= 0; e = eNext[e] as number) {
        const d = eD[e] as number;
        const w = eW[e] as number;
        if (this.titleNames(m, d)) title += w;
        salience += w * Math.min(MAX_MENTIONS, this.mentions(m, d));
      }
      const c: Candidate = {
        head,
        m,
        score: Math.round(score * 1000) / 1000,
        title: title / total,
        salience: salience / total,
        fields,
        focus: Math.min(1, shared / ((this.mass[m] as number) || 1)),
        group: groupQ,
      };
      const prev = best.get(head);
      // The head stands for the family; its score is the family's best.
      if (!prev || better(c, prev) < 0) best.set(head, c);
    }
    const ranked = [...best.values()].sort(better);

    const homePort = query.homeDoc !== undefined ? this.docs[query.homeDoc]?.port : undefined;
    const samePort = (m: number): boolean =>
      homePort !== undefined && this.docs[this.doc[m] as number]?.port === homePort;
    const mainSection: RelatedSection = homePort === undefined ? 'related' : 'other-ports';
    const firstDocs = new Set<number>();
    const strong = (ranked[0]?.score ?? 0) * MAIN_RELATIVE;
    const main = ranked
      .filter((r) => {
        const d = this.doc[r.head] as number;
        if (samePort(r.head) || firstDocs.has(d) || r.score < strong) return false;
        firstDocs.add(d);
        return true;
      })
      .slice(0, MAX_MAIN);
    const sameDocs = new Set<number>();
    const same = ranked
      .filter((r) => {
        const d = this.doc[r.head] as number;
        if (!samePort(r.head) || sameDocs.has(d)) return false;
        sameDocs.add(d);
        return true;
      })
      .slice(0, MAX_SAME_PORT);
    const taken = new Set([...main, ...same].map((r) => r.head));
    const perDoc = new Map<number, number>();
    for (const r of [...main, ...same]) perDoc.set(this.doc[r.head] as number, 1);
    const more = ranked
      .filter((r) => {
        if (taken.has(r.head)) return false;
        const d = this.doc[r.head] as number;
        const k = perDoc.get(d) ?? 0;
        if (k >= PER_DOCUMENT) return false;
        perDoc.set(d, k + 1);
        return true;
      })
      .slice(0, MAX_MORE);

    const hit = (r: Candidate, section: RelatedSection): RelatedHit => ({
      measure: r.head,
      score: r.score,
      why: this.why(concepts, r.m, reasonsOf(r.m)),
      group: r.group,
      section,
    });
    const hits = [
      ...grouped(main.map((r) => hit(r, mainSection))),
      ...grouped(same.map((r) => hit(r, 'same-port'))),
      ...grouped(more.map((r) => hit(r, 'more'))),
    ];
    for (const m of touchedAll) firstReason[m] = -1;
    return hits;
  }

  /**
   * The instrument a concept belongs to, for grouping: its topmost ancestor that is not a field
   * (预约通关 is grouped under 全天候通关, H986 under 非侵入式查验), or itself.
   */
  instrumentOf(concept: number): number {
    let top = concept;
    for (const a of ancestorsOf(this.thesaurus, concept)) if (!this.thesaurus.concepts[a]?.broad) top = a;
    return top;
  }

  /** How much corpus measure `m` covers field `f`: 1 naming it, 0.8 naming one of its kinds. */
  private fieldCredit(m: number, f: number): number {
    let best = 0;
    const end = this.mOff[m + 1] as number;
    for (let k = this.mOff[m] as number; k < end; k++) {
      const c = this.mConcept[k] as number;
      if (c === f) return CREDIT.same;
      if ((this.ancestors[c] ?? []).includes(f)) best = CREDIT.narrower;
    }
    return best;
  }

  /** How often corpus measure `m` names concept `concept` (every term counted, capped at 255). */
  mentions(m: number, concept: number): number {
    let n = 0;
    const end = this.mOff[m + 1] as number;
    for (let k = this.mOff[m] as number; k < end; k++)
      if (this.mConcept[k] === concept) n += this.mCount[k] as number;
    return n;
  }

  /** The shared terms of a query and a candidate, heaviest first. */
  private why(
    concepts: QueryConcepts,
    m: number,
    entries: ReadonlyArray<{ q: number; d: number; w: number }>,
  ): string[] {
    const theirs = this.conceptsOfMeasure(m);
    const out: string[] = [];
    for (const e of [...entries].sort((a, b) => b.w - a.w || a.q - b.q)) {
      const mine = concepts.get(e.q)?.terms ?? [];
      const other = theirs.get(e.d) ?? [];
      const common = mine.find((term) => other.includes(term));
      const reason = common ?? `${mine[0] ?? ''} / ${other[0] ?? ''}`;
      if (!out.includes(reason)) out.push(reason);
      if (out.length >= MAX_WHY) break;
    }
    return out;
  }
}

/** Entries grouped by their group concept, groups in order of their first entry (a stable regroup). */
function grouped(hits: RelatedHit[]): RelatedHit[] {
  const order: number[] = [];
  const byGroup = new Map<number, RelatedHit[]>();
  for (const h of hits) {
    const list = byGroup.get(h.group);
    if (list) list.push(h);
    else {
      byGroup.set(h.group, [h]);
      order.push(h.group);
    }
  }
  return order.flatMap((g) => byGroup.get(g) ?? []);
}

/**
 * For every concept, the concepts a candidate may cover it through, with their credit: itself,
 * its kinds (any depth), the instruments it is a kind of (not fields: a field says nothing about
 * the tool), its siblings under an instrument, and related instruments.
 */
function neighbourhoods(t: CompiledThesaurus): Array<Array<[number, number]>> {
  const children = narrowerOf(t);
  const descendants = (k: number): number[] => {
    const out: number[] = [];
    const stack = [...(children[k] ?? [])];
    while (stack.length > 0) {
      const x = stack.pop() as number;
      if (out.includes(x)) continue;
      out.push(x);
      stack.push(...(children[x] ?? []));
    }
    return out;
  };
  return t.concepts.map((c, k) => {
    const credit = new Map<number, number>([[k, CREDIT.same]]);
    const offer = (d: number, cr: number): void => {
      if ((credit.get(d) ?? 0) < cr) credit.set(d, cr);
    };
    for (const d of descendants(k)) offer(d, CREDIT.narrower);
    if (!c.broad) {
      for (const a of ancestorsOf(t, k)) if (!t.concepts[a]?.broad) offer(a, CREDIT.broader);
      for (const p of c.broader) {
        if (t.concepts[p]?.broad) continue;
        for (const s of children[p] ?? []) if (s !== k) offer(s, CREDIT.sibling);
      }
      for (const r of c.related) offer(r, CREDIT.related);
    }
    return [...credit.entries()];
  });
}
