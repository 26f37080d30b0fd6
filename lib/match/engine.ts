/**
 * The matching pipeline over a page: blocks → candidates (n-gram index) → score → matches, plus
 * measure-likeness and related measures. The same engine serves the command line, the tests, the
 * benchmark and the extension, in Node or the browser.
 *
 * Blocks come in already cut into measure spans (`lib/page/segment.ts`): a numbered heading with
 * the paragraphs under it is one block, a paragraph holding several numbered measures is several.
 */
import type { Corpus, CorpusDocument, Measure, Related } from '../corpus/types.ts';
import { normalizeText } from '../normalize.ts';
import { TermMatcher, type CompiledThesaurus } from '../thesaurus/thesaurus.ts';
import { measureLikeFlags } from './measure-like.ts';
import { MATCH_THRESHOLD, Matcher } from './matcher.ts';
import { NgramIndex } from './ngram-index.ts';
import { RelatedIndex, type RelatedDocument, type RelatedHit } from './related.ts';

/** A block of page text with its offsets in the page's extracted text. */
export interface BlockInput {
  text: string;
  start: number;
  end: number;
}

/** What the engine says about one block (the CLI's JSON shape). */
export interface BlockResult {
  text: string;
  start: number;
  end: number;
  measureLike: boolean;
  /** The corpus measures this block is, best first (one per family: a measure, not also its task). */
  matches: Array<{ id: string; score: number }>;
  /**
   * Related measures, in the order a card shows them: the top match's own list when the block is
   * its text, otherwise the block's (for a passage that only resembles its match, or matches
   * nothing).
   */
  related: Related[];
  /** Whose related measures these are: the top match's own list, or the block's. */
  relatedOf: 'match' | 'block';
  /**
   * Set when the block is not a measure but a corpus document's own framing text (its preamble,
   * principles or requirements): the document's id. Such a block is neither matched nor flagged.
   */
  documentText?: string;
}

/**
 * At or above this score a block is its match's own text (the whole measure, a half of it, or a
 * copy with typos); below, it is another document's text that restates the measure (a twin
 * measure of another port), and its related measures are its own: the page is not that document.
 */
export const SAME_TEXT_SCORE = 0.75;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Builds the serialised n-gram index for a corpus (build time). */
export function buildIndexBytes(measures: readonly Pick<Measure, 'text'>[]): Uint8Array {
  return NgramIndex.build(measures.map((m) => normalizeText(m.text))).serialize();
}

/** The documents as the related index needs them (their ports). */
export function relatedDocuments(documents: readonly CorpusDocument[]): RelatedDocument[] {
  return documents.map((d) => ({ id: d.id, port: d.portZh }));
}

/** Builds the related-measures index for a corpus (build time, or on the spot without bytes). */
export function buildRelatedIndex(
  measures: readonly Pick<Measure, 'id' | 'text' | 'docId' | 'parentId'>[],
  documents: readonly CorpusDocument[],
  thesaurus: CompiledThesaurus,
): RelatedIndex {
  const docIndex = new Map(documents.map((d, i) => [d.id, i]));
  const measureIndex = new Map(measures.map((m, i) => [m.id, i]));
  return RelatedIndex.build(
    thesaurus,
    relatedDocuments(documents),
    measures.map((m) => ({
      normalisedText: normalizeText(m.text),
      doc: docIndex.get(m.docId) ?? 0,
      parent: m.parentId !== null ? (measureIndex.get(m.parentId) ?? -1) : -1,
    })),
  );
}

/** The serialised related index of a corpus (build time). */
export function buildRelatedBytes(corpus: Pick<Corpus, 'measures' | 'documents' | 'thesaurus'>): Uint8Array {
  return buildRelatedIndex(corpus.measures, corpus.documents, corpus.thesaurus).serialize();
}

/** Matches page blocks against a corpus. */
export class MatchEngine {
  readonly corpus: Corpus;
  readonly matcher: Matcher;
  private relatedValue: RelatedIndex | undefined;
  private readonly relatedBytes: Uint8Array | undefined;
  private passagesValue: Matcher | undefined;
  private termsValue: TermMatcher | undefined;
  private familyValue: Int32Array | undefined;
  /** Measures normalised one at a time for the matcher, before (or without) the whole corpus. */
  private readonly textCache = new Map<number, string>();

  /**
   * @param corpus the compiled corpus (its `related` fields are used for matched blocks)
   * @param indexBytes its serialised n-gram index; built on the spot when absent
   * @param relatedBytes its serialised related index; built on the spot (on first need) when absent
   */
  constructor(corpus: Corpus, indexBytes?: Uint8Array, relatedBytes?: Uint8Array) {
    this.corpus = corpus;
    this.relatedBytes = relatedBytes;
    // With a serialised index the measure texts are not needed to match: a few are normalised on
    // demand for the alignment second look.
    const index = indexBytes ? NgramIndex.load(indexBytes) : undefined;
    this.matcher = index
      ? Matcher.fromIndex(index, corpus.measures.length, (m) => this.corpusText(m))
      : new Matcher(corpus.measures.map((m) => normalizeText(m.text)));
  }

  /** One measure's normalised text (the matcher's alignment second look needs a few per block). */
  private corpusText(m: number): string | undefined {
    const text = this.corpus.measures[m]?.text;
    if (text === undefined) return undefined;
    let cached = this.textCache.get(m);
    if (cached === undefined) {
      cached = normalizeText(text);
      this.textCache.set(m, cached);
    }
    return cached;
  }

  /** The related-measures index: loaded from its bytes, or built from the corpus texts. */
  get related(): RelatedIndex {
    this.relatedValue ??= this.relatedBytes
      ? RelatedIndex.load(this.relatedBytes, this.corpus.thesaurus, relatedDocuments(this.corpus.documents))
      : buildRelatedIndex(this.corpus.measures, this.corpus.documents, this.corpus.thesaurus);
    return this.relatedValue;
  }

  /** The thesaurus's term matcher (for measure-likeness: instruments are trade vocabulary). */
  private get terms(): TermMatcher {
    this.termsValue ??= new TermMatcher(this.corpus.thesaurus);
    return this.termsValue;
  }

  /** The family head of a measure: a table task's measure, or itself. */
  familyOf(m: number): number {
    if (!this.familyValue) {
      const index = new Map(this.corpus.measures.map((x, i) => [x.id, i]));
      this.familyValue = Int32Array.from(this.corpus.measures, (x, i) => {
        let head = i;
        let parent = x.parentId;
        for (let guard = 0; parent !== null && guard < 16; guard++) {
          const p = index.get(parent);
          if (p === undefined) break;
          head = p;
          parent = this.corpus.measures[p]?.parentId ?? null;
        }
        return head;
      });
    }
    return this.familyValue[m] ?? m;
  }

  /** A matcher over the documents' framing text (small: built on first need). */
  private get passages(): Matcher {
    this.passagesValue ??= new Matcher(this.corpus.passages.map((p) => normalizeText(p.text)));
    return this.passagesValue;
  }

  /** Related hits as the corpus and the CLI write them (measure ids, concept ids). */
  private relatedOf(hits: readonly RelatedHit[]): Related[] {
    const concepts = this.corpus.thesaurus.concepts;
    return hits.map((h) => ({
      id: this.corpus.measures[h.measure]?.id ?? '',
      score: h.score,
      why: h.why,
      group: concepts[h.group]?.id ?? '',
      section: h.section,
    }));
  }

  /** Results for every block, in order. */
  matchBlocks(blocks: readonly BlockInput[]): BlockResult[] {
    const normalised = blocks.map((b) => normalizeText(b.text));
    // Instruments count as trade vocabulary for measure-likeness (两段准入 names no 海关 or 通关).
    // Counted only for the blocks where it can change the answer.
    const concepts = this.corpus.thesaurus.concepts;
    const flags = measureLikeFlags(
      normalised,
      (i) =>
        this.terms
          .scan(normalised[i] ?? '')
          .filter((h) => !concepts[h.concept]?.broad && !concepts[h.concept]?.general).length,
    );
    return blocks.map((b, i) => {
      const n = normalised[i] ?? '';
      // One entry per family: a Changsha task restates its measure, and both would match.
      const seen = new Set<number>();
      const matched = this.matcher
        .match(n, true)
        .filter((s) => {
          const head = this.familyOf(s.measure);
          if (seen.has(head)) return false;
          seen.add(head);
          return true;
        })
        .slice(0, 5);
      const topScored = matched[0];
      const top = topScored ? this.corpus.measures[topScored.measure] : undefined;
      let measureLike = (flags[i] ?? false) || top !== undefined;
      let related: Related[] = [];
      let relatedOf: BlockResult['relatedOf'] = 'block';
      let documentText: string | undefined;
      if (top && topScored && topScored.score >= SAME_TEXT_SCORE) {
        related = top.related;
        relatedOf = 'match';
      } else if (top && topScored) {
        related = this.relatedOf(
          this.related.forText(n, { excludeFamily: this.familyOf(topScored.measure) }, true),
        );
      } else if (measureLike) {
        const framing = this.passages.match(n, true)[0];
        if (framing) {
          measureLike = false;
          documentText = this.corpus.passages[framing.measure]?.docId;
        } else related = this.relatedOf(this.related.forText(n, {}, true));
      }
      const result: BlockResult = {
        text: b.text,
        start: b.start,
        end: b.end,
        measureLike,
        matches: matched.map((s) => ({
          id: this.corpus.measures[s.measure]?.id ?? '',
          score: round3(s.score),
        })),
        related,
        relatedOf,
      };
      if (documentText !== undefined) result.documentText = documentText;
      return result;
    });
  }
}

/** The threshold re-exported for callers that read results. */
export { MATCH_THRESHOLD };

/**
 * Fills every measure's `related` list (build time): measures in other documents sharing policy
 * instruments, in card order, with the shared terms as the reason.
 */
export function fillRelated(
  measures: Measure[],
  documents: readonly CorpusDocument[],
  thesaurus: CompiledThesaurus,
): void {
  const ri = buildRelatedIndex(measures, documents, thesaurus);
  measures.forEach((m, i) => {
    m.related = ri.forMeasure(i).map((h) => ({
      id: measures[h.measure]?.id ?? '',
      score: h.score,
      why: h.why,
      group: thesaurus.concepts[h.group]?.id ?? '',
      section: h.section,
    }));
  });
}
