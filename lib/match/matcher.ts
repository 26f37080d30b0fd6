/**
 * Which corpus measure is this block of page text? Two steps:
 *
 * 1. Candidates: rare trigrams of the block are looked up in the n-gram index and each measure
 *    that shares them accumulates their idf. Only `RARE_GRAMS` grams are used, the rarest of each
 *    stretch of the block, so the cost per block stays flat as the corpus grows (common grams say
 *    little and have long lists) and every part of a long block proposes candidates.
 * 2. Score: for the best `CANDIDATES`, the exact idf-weighted overlap of all grams, seen from both
 *    sides: how much of the block the measure explains (`block coverage`) and how much of the
 *    measure the block contains (`measure coverage`). Their weighted mean (`BLOCK_SIDE`) is the score in [0, 1]:
 *      - the measure itself, reflowed, in either script or width: both ≈ 1 → ≈ 1;
 *      - half of a measure quoted: block ≈ 1, measure ≈ 0.5 → ≈ 0.83;
 *      - a measure merged with its neighbour: block ≈ 0.5, measure ≈ 1 → ≈ 0.67;
 *      - a few wrong characters cost the three grams around each.
 *    A block is that measure when the score is at least `MATCH_THRESHOLD` and the shared grams
 *    carry at least `MIN_SHARED_INFO`, or most of a short measure (so a short generic phrase such
 *    as 提高通关效率, found inside many measures, matches none of them).
 */
import { normalizeText } from '../normalize.ts';
import { gramsOf, idf, NgramIndex } from './ngram-index.ts';

/** The one documented threshold: at or above it, "this block is that measure". */
export const MATCH_THRESHOLD = 0.5;
/**
 * Minimum idf mass the block and measure must share. At 156 measures a rare gram weighs ≈ 4–5, so
 * this is about a dozen distinctive characters in a row: more than a slogan, less than a clause.
 */
export const MIN_SHARED_INFO = 40;
/**
 * Weight of block coverage in the score (measure coverage has the rest). Block coverage says
 * "everything here is that measure"; it is the stronger sign for a part quoted, while a measure
 * merged with its neighbour still scores 2/3 · 0.5 + 1/3 · 1 ≈ 0.67.
 */
export const BLOCK_SIDE = 2 / 3;
/** …unless the block holds at least this share of a measure too short to carry that much. */
export const SHORT_MEASURE_COVERAGE = 0.8;
/** Grams of a block used to find candidates (the rarest of each window). */
export const RARE_GRAMS = 64;
/** Candidates scored exactly per block. */
export const CANDIDATES = 24;

/** One match: a measure (by position in the matcher's measure list) and its score. */
export interface Scored {
  measure: number;
  score: number;
  /** How much of the block the measure explains. */
  blockCoverage: number;
  /** How much of the measure the block contains. */
  measureCoverage: number;
}

/** Matches blocks of text against a fixed list of measure texts. */
export class Matcher {
  readonly index: NgramIndex;
  private readonly texts: readonly string[];
  private readonly gramCache = new Map<number, Set<number>>();
  private readonly acc: Float64Array;
  private readonly touched: number[] = [];

  /**
   * @param normalisedTexts the measures' normalised texts, in the order the index was built
   * @param index the n-gram index over them (built now if not given)
   */
  constructor(normalisedTexts: readonly string[], index?: NgramIndex) {
    this.texts = normalisedTexts;
    this.index = index ?? NgramIndex.build(normalisedTexts);
    if (this.index.size !== normalisedTexts.length) {
      throw new Error(`match index holds ${this.index.size} measures, the corpus ${normalisedTexts.length}`);
    }
    this.acc = new Float64Array(normalisedTexts.length);
  }

  private gramsOfMeasure(m: number): Set<number> {
    let grams = this.gramCache.get(m);
    if (!grams) {
      grams = new Set(gramsOf(this.texts[m] ?? ''));
      this.gramCache.set(m, grams);
    }
    return grams;
  }

  /**
   * Scores the best candidates for a block of raw page text (normalised here), best first.
   * Returns every scored candidate; callers keep those at or above the threshold.
   */
  score(blockText: string, normalised = false): Scored[] {
    const text = normalised ? blockText : normalizeText(blockText);
    const grams = gramsOf(text);
    if (grams.length === 0) return [];
    const n = this.index.size;
    const slots = grams.map((g) => ({ g, slot: this.index.find(g) }));
    const weightOf = new Map<number, number>();
    let blockWeight = 0;
    for (const { g, slot } of slots) {
      // A gram the corpus lacks (a wrong character, other content) weighs like the rarest known gram.
      const w = idf(slot < 0 ? 1 : this.index.df(slot), n);
      weightOf.set(g, w);
      blockWeight += w;
    }
    // Step 1: candidates from the rarest gram of each of RARE_GRAMS windows along the block, so
    // that every part of a long block (two merged measures) proposes its own candidates.
    const known = slots.filter((s) => s.slot >= 0);
    const window = Math.max(1, Math.ceil(known.length / RARE_GRAMS));
    const picked: typeof known = [];
    for (let i = 0; i < known.length; i += window) {
      let best = known[i] as (typeof known)[number];
      for (let j = i + 1; j < Math.min(i + window, known.length); j++) {
        const cand = known[j] as (typeof known)[number];
        if (this.index.df(cand.slot) < this.index.df(best.slot)) best = cand;
      }
      picked.push(best);
    }
    for (const { g, slot } of picked) {
      const w = weightOf.get(g) ?? 0;
      this.index.forEachPosting(slot, (m) => {
        if (this.acc[m] === 0) this.touched.push(m);
        this.acc[m] = (this.acc[m] as number) + w;
      });
    }
    const candidates = this.touched
      .map((m) => ({ m, a: this.acc[m] as number }))
      .sort((x, y) => y.a - x.a || x.m - y.m)
      .slice(0, CANDIDATES);
    for (const m of this.touched) this.acc[m] = 0;
    this.touched.length = 0;

    // Step 2: exact two-sided coverage.
    const out: Scored[] = [];
    for (const { m } of candidates) {
      const mg = this.gramsOfMeasure(m);
      let shared = 0;
      for (const g of grams) if (mg.has(g)) shared += weightOf.get(g) ?? 0;
      const blockCoverage = shared / blockWeight;
      const measureCoverage = Math.min(1, shared / ((this.index.weights[m] as number) || 1));
      // A short measure (改革税收征管方式。) is matched when the block holds nearly all of it.
      const measureWeight = (this.index.weights[m] as number) || 1;
      const enough = shared >= Math.min(MIN_SHARED_INFO, SHORT_MEASURE_COVERAGE * measureWeight);
      const score = enough ? BLOCK_SIDE * blockCoverage + (1 - BLOCK_SIDE) * measureCoverage : 0;
      out.push({ measure: m, score, blockCoverage, measureCoverage });
    }
    return out.sort((a, b) => b.score - a.score || a.measure - b.measure);
  }

  /** The measures this block is (score ≥ threshold), best first. */
  match(blockText: string, normalised = false): Scored[] {
    return this.score(blockText, normalised).filter((s) => s.score >= MATCH_THRESHOLD);
  }
}
