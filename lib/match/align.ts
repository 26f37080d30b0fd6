/**
 * Character alignment for the matcher's second look. Trigram overlap loses three grams to every
 * wrong character, so a short quote with two or three typos (发挥审果归只专业处势, for
 * 发挥审制归类专业优势) shares almost no grams with its measure although a reader sees it at
 * once. A local alignment counts such a typo as one character. It runs only on the few candidates
 * of a block the grams could not decide (see `Matcher.score`), so its cost (block × measure
 * characters) stays off the common path.
 *
 * Characters are weighted by how informative they are in the corpus: the mean idf of the trigrams
 * that cover them. So the same rule as the gram score holds: a phrase every notice shares
 * (进一步提升…) carries little weight however well it aligns.
 */
import { gramKey, idf, type NgramIndex } from './ngram-index.ts';

/**
 * The weight of the trigram at each position of a normalised string (length − 2 entries; one
 * entry, for the padded gram, when the string is shorter than three). A gram the index lacks (a
 * wrong character, text of another kind) weighs `unseen`; without it, the mean of the string's
 * known grams (as the gram score does).
 */
export function gramWeightsAt(text: string, index: NgramIndex, unseen?: number): Float64Array {
  const n = index.size;
  if (text.length === 0) return new Float64Array(0);
  if (text.length < 3) {
    const slot = index.find(gramKey(text.padEnd(3, '\u0000'), 0));
    return new Float64Array([slot >= 0 ? idf(index.df(slot), n) : (unseen ?? idf(1, n))]);
  }
  const grams = text.length - 2;
  const w = new Float64Array(grams);
  const known = new Uint8Array(grams);
  let knownSum = 0;
  let knownCount = 0;
  for (let i = 0; i < grams; i++) {
    const slot = index.find(gramKey(text, i));
    if (slot < 0) continue;
    w[i] = idf(index.df(slot), n);
    known[i] = 1;
    knownSum += w[i] as number;
    knownCount++;
  }
  const fallback = unseen ?? (knownCount > 0 ? knownSum / knownCount : idf(1, n));
  for (let i = 0; i < grams; i++) if (!known[i]) w[i] = fallback;
  return w;
}

/**
 * Per-character weights of a normalised string: the mean weight of the trigrams covering each
 * character (see `gramWeightsAt` for grams the index lacks).
 */
export function charWeights(text: string, index: NgramIndex, unseen?: number): Float64Array {
  return spreadToChars(text.length, gramWeightsAt(text, index, unseen));
}

/** Per-character weights from per-position trigram weights. */
export function spreadToChars(length: number, gramWeights: Float64Array): Float64Array {
  const out = new Float64Array(length);
  if (length < 3) return out.fill(gramWeights[0] ?? 0);
  const grams = gramWeights.length;
  for (let k = 0; k < length; k++) {
    let sum = 0;
    let count = 0;
    for (let i = Math.max(0, k - 2); i <= Math.min(grams - 1, k); i++) {
      sum += gramWeights[i] as number;
      count++;
    }
    out[k] = sum / count;
  }
  return out;
}

/**
 * The stretch of a measure a block can align with: around where the block's rarest trigram that
 * the measure contains sits in it, widened by `slack` characters each side for characters missing
 * or extra. The whole measure when they share no trigram. Aligning against this window instead
 * of the whole measure keeps a short block's second look short however long the measure is.
 */
export function alignWindow(
  block: string,
  blockGramWeights: Float64Array,
  measure: string,
  slack: number,
): [number, number] {
  let best = -1;
  let at = -1;
  let from = -1;
  for (let i = 0; i + 3 <= block.length; i++) {
    const w = blockGramWeights[i] as number;
    if (w <= best) continue;
    const p = measure.indexOf(block.slice(i, i + 3));
    if (p < 0) continue;
    best = w;
    at = p;
    from = i;
  }
  if (at < 0) return [0, measure.length];
  return [Math.max(0, at - from - slack), Math.min(measure.length, at - from + block.length + slack)];
}

/** How much of each side the best local alignment holds, in character weight. */
export interface Aligned {
  /** Weight of the block's characters matched in the alignment. */
  block: number;
  /** Weight of the measure's characters matched in the alignment. */
  measure: number;
}

type Rows = [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
let rowsScratch: Rows | undefined;

/** Six rows of at least `size` entries, reused across calls (the second look runs per block). */
function scratch(size: number): Rows {
  if (!rowsScratch || rowsScratch[0].length < size) {
    const n = Math.max(size, 256);
    rowsScratch = [0, 1, 2, 3, 4, 5].map(() => new Float64Array(n)) as Rows;
  }
  return rowsScratch;
}

/**
 * The best local alignment (Smith–Waterman) of a block against a measure. A matched character
 * earns the mean of its two weights; a wrong, missing or extra character costs `penalty`. Returns
 * the matched weight on each side along the best-scoring path: penalties shape the path and are
 * not subtracted, so the result reads as coverage. Two rows of memory; time block × measure.
 */
export function alignLocal(
  block: string,
  blockWeights: Float64Array,
  measure: string,
  measureWeights: Float64Array,
  penalty: number,
): Aligned {
  const m = measure.length;
  // Rows j-1 and j of: score, block weight matched, measure weight matched (scratch reused).
  let [hPrev, bPrev, mPrev, hCur, bCur, mCur] = scratch(m + 1);
  hPrev.fill(0, 0, m + 1);
  bPrev.fill(0, 0, m + 1);
  mPrev.fill(0, 0, m + 1);
  let best = 0;
  const out: Aligned = { block: 0, measure: 0 };
  for (let j = 1; j <= block.length; j++) {
    const bc = block.charCodeAt(j - 1);
    const bw = blockWeights[j - 1] as number;
    hCur[0] = 0;
    bCur[0] = 0;
    mCur[0] = 0;
    for (let k = 1; k <= m; k++) {
      const same = bc === measure.charCodeAt(k - 1);
      const mw = measureWeights[k - 1] as number;
      // Diagonal: a match or a wrong character.
      let h = (hPrev[k - 1] as number) + (same ? (bw + mw) / 2 : -penalty);
      let bs = (bPrev[k - 1] as number) + (same ? bw : 0);
      let ms = (mPrev[k - 1] as number) + (same ? mw : 0);
      // An extra block character.
      const up = (hPrev[k] as number) - penalty;
      if (up > h) {
        h = up;
        bs = bPrev[k] as number;
        ms = mPrev[k] as number;
      }
      // A measure character missing from the block.
      const left = (hCur[k - 1] as number) - penalty;
      if (left > h) {
        h = left;
        bs = bCur[k - 1] as number;
        ms = mCur[k - 1] as number;
      }
      if (h <= 0) {
        h = 0;
        bs = 0;
        ms = 0;
      }
      hCur[k] = h;
      bCur[k] = bs;
      mCur[k] = ms;
      if (h > best) {
        best = h;
        out.block = bs;
        out.measure = ms;
      }
    }
    let t = hPrev;
    hPrev = hCur;
    hCur = t;
    t = bPrev;
    bPrev = bCur;
    bCur = t;
    t = mPrev;
    mPrev = mCur;
    mCur = t;
  }
  return out;
}
