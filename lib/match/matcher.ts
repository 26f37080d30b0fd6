/**
 * Which corpus measure is this block of page text? Two steps, and a second look:
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
 *    carry at least `MIN_SHARED_INFO`, or a quarter of a measure too short to carry that much
 *    (so a short generic phrase such as 提高通关效率, found inside long measures, matches none of
 *    them, while half of the nine-character task 改革税收征管方式。 matches it).
 * 3. Second look: when no candidate reaches the threshold on grams, the `ALIGN_CANDIDATES` that
 *    share the most with the block are scored again by an idf-weighted character alignment
 *    (`align.ts`), on the same scale and with the same rules. Trigrams lose three grams to each
 *    wrong character; the alignment loses one, so a short quote with typos close together is
 *    still found. It needs the measure texts (`textOf`) and runs only on undecided blocks.
 */
import { normalizeText } from '../normalize.ts';
import { alignLocal, alignWindow, charWeights, gramWeightsAt, spreadToChars } from './align.ts';
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
/**
 * …unless the block holds at least this share of a measure too short to carry that much: a half
 * of a 20-character task with a typo holds about a third of it; a menu item of four characters
 * holds a quarter only of a measure of about eight.
 */
export const SHORT_MEASURE_COVERAGE = 0.25;
/** Grams of a block used to find candidates (the rarest of each window). */
export const RARE_GRAMS = 64;
/** Candidates scored exactly per block. */
export const CANDIDATES = 24;
/**
 * When no candidate reaches the threshold on grams, this many (those sharing the most gram weight
 * with the block) get a second look by character alignment (`align.ts`), which counts a wrong
 * character once instead of three grams.
 */
export const ALIGN_CANDIDATES = 3;
/**
 * Blocks longer than this get no second look: their grams are many, and a few typos cannot sink
 * a true match (every miss the second look fixes was under 40 characters).
 */
export const ALIGN_MAX_BLOCK = 96;
/** Performance only: measures whose character weights the second look keeps (≈ 1 kB each). */
const WEIGHT_CACHE = 256;

/**
 * Performance only (no effect on scores): a gram in at most this many measures is checked against
 * the candidates by reading its postings once; a commoner one by a binary search per candidate.
 */
const SCAN_POSTINGS = 1024;

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
  /** Accumulated candidate weight per measure; all zero between calls. */
  private readonly acc: Float64Array;
  /** Measures whose `acc` is non-zero in the current call. */
  private readonly touched: number[] = [];
  /** The best candidates of the current call (measure, accumulated weight), best first. */
  private readonly candM = new Int32Array(CANDIDATES);
  private readonly candA = new Float64Array(CANDIDATES);
  /** Per measure: 1 + its position among the current candidates, or 0 (CANDIDATES < 65,535). */
  private readonly mark: Uint16Array;
  /** Character weights of the measures the second look saw last (see `measureCharWeights`). */
  private readonly weightCache = new Map<number, Float64Array>();
  /** A measure's normalised text, for the alignment second look (undefined: no second look). */
  private readonly textOf: (measure: number) => string | undefined;

  /**
   * @param normalisedTexts the measures' normalised texts, in the order the index was built
   * @param index the n-gram index over them (built now if not given). It must be built from these
   *   texts: which grams a measure has is read from the index's postings.
   * @param textOf a measure's normalised text on demand, for the alignment second look; by
   *   default read from `normalisedTexts`
   */
  constructor(
    normalisedTexts: readonly string[],
    index?: NgramIndex,
    textOf?: (measure: number) => string | undefined,
  ) {
    this.index = index ?? NgramIndex.build(normalisedTexts);
    if (this.index.size !== normalisedTexts.length) {
      throw new Error(`match index holds ${this.index.size} measures, the corpus ${normalisedTexts.length}`);
    }
    this.acc = new Float64Array(this.index.size);
    this.mark = new Uint16Array(this.index.size);
    this.textOf = textOf ?? ((m) => normalisedTexts[m]);
  }

  /**
   * A matcher over a loaded index for a corpus of `size` measures: the gram score reads
   * everything it needs from the index, so the measure texts need not be normalised up front. The
   * alignment second look asks `textOf` for the few texts it needs (without it, none is done).
   */
  static fromIndex(
    index: NgramIndex,
    size: number,
    textOf?: (measure: number) => string | undefined,
  ): Matcher {
    return new Matcher(Array.from<string>({ length: size }), index, textOf ?? (() => undefined));
  }

  /**
   * Scores the best candidates for a block of raw page text (normalised here), best first.
   * Returns every scored candidate; callers keep those at or above the threshold.
   *
   * Performance notes (the figures are in `npm run bench`): the hot loops run over typed arrays
   * (the index's postings, the block's gram slots and weights); the `CANDIDATES` best are kept by
   * insertion into a small array instead of sorting every touched measure (thousands at 50,000
   * measures); and which candidates contain a block gram is read from that gram's postings (a
   * pass over a short list, a binary search per candidate in a long one), so no set of grams per
   * measure is built or cached.
   */
  score(blockText: string, normalised = false): Scored[] {
    const text = normalised ? blockText : normalizeText(blockText);
    const grams = gramsOf(text);
    const count = grams.length;
    if (count === 0) return [];
    const index = this.index;
    const n = index.size;
    const slots = new Int32Array(count);
    const weights = new Float64Array(count);
    let blockWeight = 0;
    let knownCount = 0;
    let knownWeight = 0;
    for (let i = 0; i < count; i++) {
      const slot = index.find(grams[i] as number);
      slots[i] = slot;
      if (slot < 0) continue;
      const w = idf(index.df(slot), n);
      weights[i] = w;
      knownWeight += w;
      knownCount++;
    }
    // A gram the corpus lacks (a wrong character, other content) weighs what the block's known
    // grams weigh on average: as an idf it would be the heaviest of all (log(1 + n), ≈ 10.8 at
    // 50,000 measures against ≈ 5 for a seed's grams), and a few typos would sink a true match.
    const unseen = knownCount > 0 ? knownWeight / knownCount : idf(1, n);
    for (let i = 0; i < count; i++) {
      if ((slots[i] as number) < 0) weights[i] = unseen;
      blockWeight += weights[i] as number;
    }

    // Step 1: candidates from the rarest gram of each of RARE_GRAMS windows along the block, so
    // that every part of a long block (two merged measures) proposes its own candidates.
    const known = new Int32Array(knownCount); // positions in `grams` of the grams the index has
    for (let i = 0, k = 0; i < count; i++) if ((slots[i] as number) >= 0) known[k++] = i;
    const window = Math.max(1, Math.ceil(knownCount / RARE_GRAMS));
    const acc = this.acc;
    const touched = this.touched;
    for (let i = 0; i < knownCount; i += window) {
      let best = known[i] as number;
      let bestDf = index.df(slots[best] as number);
      for (let j = i + 1; j < Math.min(i + window, knownCount); j++) {
        const cand = known[j] as number;
        const df = index.df(slots[cand] as number);
        if (df < bestDf) {
          best = cand;
          bestDf = df;
        }
      }
      const w = weights[best] as number;
      const postings = index.postingsOf(slots[best] as number);
      for (let p = 0; p < postings.length; p++) {
        const m = postings[p] as number;
        if (acc[m] === 0) touched.push(m);
        acc[m] = (acc[m] as number) + w;
      }
    }
    // The CANDIDATES best by accumulated weight (ties: lower measure number first).
    const candM = this.candM;
    const candA = this.candA;
    let len = 0;
    for (const m of touched) {
      const a = acc[m] as number;
      acc[m] = 0;
      if (len === CANDIDATES) {
        const la = candA[len - 1] as number;
        if (a < la || (a === la && m > (candM[len - 1] as number))) continue;
      }
      let at = len < CANDIDATES ? len++ : len - 1;
      while (at > 0) {
        const pa = candA[at - 1] as number;
        if (pa > a || (pa === a && (candM[at - 1] as number) < m)) break;
        candM[at] = candM[at - 1] as number;
        candA[at] = pa;
        at--;
      }
      candM[at] = m;
      candA[at] = a;
    }
    touched.length = 0;

    // Step 2: exact two-sided coverage. Which candidates contain each block gram: a gram with a
    // short posting list is read through once against a mark per candidate; a long one is
    // binary-searched for each candidate. Each candidate's sum adds the same weights in the same
    // order (block gram order) either way.
    const mark = this.mark;
    const shared = new Float64Array(len);
    for (let c = 0; c < len; c++) mark[candM[c] as number] = c + 1;
    for (let i = 0; i < count; i++) {
      const slot = slots[i] as number;
      if (slot < 0) continue;
      const w = weights[i] as number;
      if (index.df(slot) <= SCAN_POSTINGS) {
        const postings = index.postingsOf(slot);
        for (let p = 0; p < postings.length; p++) {
          const c = mark[postings[p] as number] as number;
          if (c !== 0) shared[c - 1] = (shared[c - 1] as number) + w;
        }
      } else {
        for (let c = 0; c < len; c++) {
          if (index.contains(slot, candM[c] as number)) shared[c] = (shared[c] as number) + w;
        }
      }
    }
    for (let c = 0; c < len; c++) mark[candM[c] as number] = 0;

    const out: Scored[] = [];
    for (let c = 0; c < len; c++) {
      const m = candM[c] as number;
      const s = shared[c] as number;
      const blockCoverage = s / blockWeight;
      const measureCoverage = Math.min(1, s / ((index.weights[m] as number) || 1));
      // A short measure (改革税收征管方式。) is matched when the block holds nearly all of it.
      const measureWeight = (index.weights[m] as number) || 1;
      const enough = s >= Math.min(MIN_SHARED_INFO, SHORT_MEASURE_COVERAGE * measureWeight);
      const score = enough ? BLOCK_SIDE * blockCoverage + (1 - BLOCK_SIDE) * measureCoverage : 0;
      out.push({ measure: m, score, blockCoverage, measureCoverage });
    }
    // Step 3: when the grams decide nothing, a second look by character alignment at the
    // candidates sharing the most with the block (typos in a short quote).
    if (!out.some((o) => o.score >= MATCH_THRESHOLD)) {
      const order = Array.from({ length: len }, (_, c) => c)
        .filter((c) => (shared[c] as number) > 0)
        .sort((a, b) => (shared[b] as number) - (shared[a] as number) || a - b)
        .slice(0, ALIGN_CANDIDATES);
      let blockGrams: Float64Array | undefined;
      let blockWeights: Float64Array | undefined;
      for (const c of text.length <= ALIGN_MAX_BLOCK ? order : []) {
        const entry = out[c] as Scored;
        const measureText = this.textOf(entry.measure);
        if (!measureText) continue;
        blockGrams ??= gramWeightsAt(text, index, unseen);
        blockWeights ??= spreadToChars(text.length, blockGrams);
        const aligned = this.alignScore(text, blockGrams, blockWeights, entry.measure, measureText, unseen);
        if (aligned.score > entry.score) out[c] = { measure: entry.measure, ...aligned };
      }
    }
    return out.sort((a, b) => b.score - a.score || a.measure - b.measure);
  }

  /**
   * The score of a block against one measure by character alignment, on the gram score's scale
   * and with its rules. The block is aligned against the window of the measure around their
   * rarest shared trigram; the measure's side is measured against its whole gram weight.
   */
  private alignScore(
    text: string,
    blockGrams: Float64Array,
    blockWeights: Float64Array,
    m: number,
    measureText: string,
    penalty: number,
  ): Omit<Scored, 'measure'> {
    const [lo, hi] = alignWindow(text, blockGrams, measureText, Math.ceil(text.length / 4) + 2);
    const measureWeights = this.measureCharWeights(m, measureText).subarray(lo, hi);
    const window = measureText.slice(lo, hi);
    let blockTotal = 0;
    for (const w of blockWeights) blockTotal += w;
    const measureTotal = (this.index.weights[m] as number) || 1;
    // An alignment matches only characters both sides have, each once: if even all of those
    // could not pass, the alignment is not run (the common case for site chrome). Same result.
    let blockBound = 0;
    for (let j = 0; j < text.length; j++) {
      if (window.includes(text.charAt(j))) blockBound += blockWeights[j] as number;
    }
    let measureBound = 0;
    for (let k = 0; k < window.length; k++) {
      if (text.includes(window.charAt(k))) measureBound += measureWeights[k] as number;
    }
    const bound =
      BLOCK_SIDE * Math.min(1, blockBound / (blockTotal || 1)) +
      (1 - BLOCK_SIDE) * Math.min(1, measureBound / measureTotal);
    const needed = Math.min(MIN_SHARED_INFO, SHORT_MEASURE_COVERAGE * measureTotal);
    if (bound < MATCH_THRESHOLD || measureBound < needed) {
      return { score: 0, blockCoverage: 0, measureCoverage: 0 };
    }
    const { block, measure } = alignLocal(text, blockWeights, window, measureWeights, penalty);
    const blockCoverage = blockTotal > 0 ? block / blockTotal : 0;
    const measureCoverage = measureTotal > 0 ? Math.min(1, measure / measureTotal) : 0;
    const score = measure >= needed ? BLOCK_SIDE * blockCoverage + (1 - BLOCK_SIDE) * measureCoverage : 0;
    return { score, blockCoverage, measureCoverage };
  }

  /** A measure's character weights, kept for the last `WEIGHT_CACHE` measures looked at again. */
  private measureCharWeights(m: number, measureText: string): Float64Array {
    const cache = this.weightCache;
    let w = cache.get(m);
    if (w) {
      // Most recently used last: Map keeps insertion order, so the first key is the oldest.
      cache.delete(m);
    } else {
      w = charWeights(measureText, this.index);
      if (cache.size >= WEIGHT_CACHE) cache.delete(cache.keys().next().value as number);
    }
    cache.set(m, w);
    return w;
  }

  /** The measures this block is (score ≥ threshold), best first. */
  match(blockText: string, normalised = false): Scored[] {
    return this.score(blockText, normalised).filter((s) => s.score >= MATCH_THRESHOLD);
  }
}
