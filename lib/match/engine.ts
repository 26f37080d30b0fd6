/**
 * The matching pipeline over a page: blocks → candidates (n-gram index) → score → matches, plus
 * measure-likeness and related measures. The same engine serves the command line, the tests, the
 * benchmark and (later) the extension, in Node or the browser.
 */
import type { Corpus, Measure } from '../corpus/types.ts';
import { normalizeText } from '../normalize.ts';
import { measureLikeFlags } from './measure-like.ts';
import { Matcher } from './matcher.ts';
import { NgramIndex } from './ngram-index.ts';
import { RelatedIndex } from './related.ts';

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
  /** The corpus measures this block is, best first. */
  matches: Array<{ id: string; score: number }>;
  /** Related measures in other documents than the match's, best first (up to 10). */
  related: Array<{ id: string; score: number; why: string[] }>;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Builds the serialised n-gram index for a corpus (build time). */
export function buildIndexBytes(measures: readonly Pick<Measure, 'text'>[]): Uint8Array {
  return NgramIndex.build(measures.map((m) => normalizeText(m.text))).serialize();
}

/** Matches page blocks against a corpus. */
export class MatchEngine {
  readonly corpus: Corpus;
  readonly matcher: Matcher;
  private related: RelatedIndex | undefined;
  private normalisedCorpus: string[] | undefined;
  /** Measures normalised one at a time for the matcher, before (or without) the whole corpus. */
  private readonly textCache = new Map<number, string>();

  /**
   * @param corpus the compiled corpus (its `related` fields are used for matched blocks)
   * @param indexBytes a serialised index for this corpus; built on the spot when absent
   */
  constructor(corpus: Corpus, indexBytes?: Uint8Array) {
    this.corpus = corpus;
    // With a serialised index the measure texts are not needed to match: they are normalised only
    // when the related-measures index is first needed (0.7 s and 13 MB saved at 50,000 measures).
    const index = indexBytes ? NgramIndex.load(indexBytes) : undefined;
    this.matcher = index
      ? Matcher.fromIndex(index, corpus.measures.length, (m) => this.corpusText(m))
      : new Matcher(this.corpusTexts());
  }

  /** One measure's normalised text (the matcher's alignment second look needs a few per block). */
  private corpusText(m: number): string | undefined {
    if (this.normalisedCorpus) return this.normalisedCorpus[m];
    const text = this.corpus.measures[m]?.text;
    if (text === undefined) return undefined;
    let cached = this.textCache.get(m);
    if (cached === undefined) {
      cached = normalizeText(text);
      this.textCache.set(m, cached);
    }
    return cached;
  }

  private corpusTexts(): string[] {
    this.normalisedCorpus ??= this.corpus.measures.map((m) => normalizeText(m.text));
    return this.normalisedCorpus;
  }

  private relatedIndex(): RelatedIndex {
    this.related ??= new RelatedIndex(
      this.corpusTexts(),
      this.corpus.measures.map((m) => m.docId),
    );
    return this.related;
  }

  /** Results for every block, in order. */
  matchBlocks(blocks: readonly BlockInput[]): BlockResult[] {
    const normalised = blocks.map((b) => normalizeText(b.text));
    const flags = measureLikeFlags(normalised);
    return blocks.map((b, i) => {
      const n = normalised[i] ?? '';
      const matched = this.matcher.match(n, true).slice(0, 5);
      const top = matched[0] ? this.corpus.measures[matched[0].measure] : undefined;
      const measureLike = (flags[i] ?? false) || top !== undefined;
      let related: BlockResult['related'] = [];
      if (top) related = top.related;
      else if (measureLike) {
        related = this.relatedIndex()
          .forText(n)
          .map((h) => ({ id: this.corpus.measures[h.measure]?.id ?? '', score: h.score, why: h.why }));
      }
      return {
        text: b.text,
        start: b.start,
        end: b.end,
        measureLike,
        matches: matched.map((s) => ({
          id: this.corpus.measures[s.measure]?.id ?? '',
          score: round3(s.score),
        })),
        related,
      };
    });
  }
}

/**
 * Fills every measure's `related` list (build time): measures in other documents sharing policy
 * instruments, best first, with the shared terms as the reason.
 */
export function fillRelated(measures: Measure[]): void {
  const ri = new RelatedIndex(
    measures.map((m) => normalizeText(m.text)),
    measures.map((m) => m.docId),
  );
  measures.forEach((m, i) => {
    m.related = ri.forMeasure(i).map((h) => ({
      id: measures[h.measure]?.id ?? '',
      score: h.score,
      why: h.why,
    }));
  });
}
