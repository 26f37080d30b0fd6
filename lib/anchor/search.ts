/**
 * A page's text made ready for finding quotes in it: the raw text (exact search), the same text
 * with whitespace collapsed (the normaliser's `collapseSpace`, with its map back), and an index of
 * the collapsed text's 4-grams, so that finding the places a changed quote may have gone costs
 * a few lookups instead of a scan of the whole page per annotation.
 *
 * All of it is built once per text and shared by every annotation anchored on it (`batch.ts`),
 * lazily: a page whose annotations all hold their positions never builds the collapsed text or the
 * index. Building can run in slices (`prepareSteps`): the collapsed text is made 64 K characters
 * at a time and the index 128 K grams at a time, so no step takes more than a few milliseconds
 * even on a 1 MB page.
 */
import { collapseSpace, isSpace, type Normalized } from '../normalize.ts';

/** Units per gram of the index. 4 UTF-16 units are a word or two of Chinese, most of a Latin word. */
export const GRAM = 4;

/** Characters of raw text collapsed per step of `prepareSteps`. */
const COLLAPSE_CHUNK = 65_536;

/** Grams hashed or placed per step of `GramIndex.build`. */
const INDEX_CHUNK = 131_072;

/** The least and most bits of the index's hash table (the table has about one slot per gram). */
const MIN_HASH_BITS = 10;
const MAX_HASH_BITS = 20;

/** Bounds on the seed search for one pattern (`SearchText.seedRegions`). */
export const SEED_LIMITS = Object.freeze({
  /** Pieces a pattern is cut into, aimed at (short patterns get pieces of `GRAM` units). */
  pieces: 12,
  /** The longest piece: a piece longer than a short phrase is too easily broken by one edit. */
  maxPiece: 12,
  /** At most this many pieces are looked up, spread evenly over a long pattern. */
  maxPieces: 48,
  /** A piece whose rarest gram is this common says little about where the quote is: skipped. */
  postings: 2_000,
  /** Regions returned (each costs an alignment). */
  regions: 6,
});

/** Where a quote may start in the collapsed text, from the pieces that vote for it. */
export interface Region {
  from: number;
  to: number;
  weight: number;
}

/** The whitespace-collapsed text with its map back to the raw text. */
export type Collapsed = Normalized;

const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * Where raw text may be cut so that collapsing the pieces and joining them gives exactly the
 * collapse of the whole: between two non-space characters (no whitespace run spans the cut, and
 * the normaliser's rules look no further than the run) and not inside a surrogate pair.
 */
function cutPoint(text: string, from: number): number {
  const isSpaceAt = (i: number): boolean => isSpace(text[i] ?? ' ');
  for (let i = Math.max(from, 1); i < text.length; i++) {
    if (!isSpaceAt(i) && !isSpaceAt(i - 1) && !isLow(text.charCodeAt(i))) return i;
  }
  return text.length;
}

/** Joins per-chunk collapses into one, shifting each chunk's map by where the chunk began. */
function joinCollapsed(parts: Array<{ at: number; c: Collapsed }>, originalLength: number): Collapsed {
  let n = 0;
  for (const p of parts) n += p.c.text.length;
  const starts = new Uint32Array(n);
  const ends = new Uint32Array(n);
  let k = 0;
  for (const { at, c } of parts) {
    for (let i = 0; i < c.text.length; i++) {
      starts[k] = (c.starts[i] as number) + at;
      ends[k] = (c.ends[i] as number) + at;
      k++;
    }
  }
  return { text: parts.map((p) => p.c.text).join(''), starts, ends, originalLength };
}

/**
 * Hashes of the collapsed text's 4-grams, as a table of posting lists (positions sorted). Hash
 * collisions only add positions; every use checks the text itself.
 */
export class GramIndex {
  private readonly bits: number;
  /** `heads[h]..heads[h + 1]` is the slice of `positions` for hash `h`. */
  private readonly heads: Int32Array;
  private readonly positions: Int32Array;

  private constructor(text: string, bits: number, heads: Int32Array, positions: Int32Array) {
    this.text = text;
    this.bits = bits;
    this.heads = heads;
    this.positions = positions;
  }

  readonly text: string;

  /** Builds the index of `text` at once. */
  static of(text: string): GramIndex {
    const steps = GramIndex.build(text);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * Builds the index of `text` in steps of {@link INDEX_CHUNK} grams (two passes: count the grams
   * of each hash, then place them), yielding between steps.
   */
  static *build(text: string): Generator<void, GramIndex, void> {
    const count = Math.max(0, text.length - GRAM + 1);
    const bits = Math.min(MAX_HASH_BITS, Math.max(MIN_HASH_BITS, Math.ceil(Math.log2(count + 1))));
    const slots = 1 << bits;
    const index = new GramIndex(text, bits, new Int32Array(slots + 1), new Int32Array(count));
    const { heads, positions } = index;
    const hashes = new Int32Array(count);
    for (let from = 0; from < count; from += INDEX_CHUNK) {
      for (let i = from, to = Math.min(count, from + INDEX_CHUNK); i < to; i++) {
        const h = index.hashAt(text, i);
        hashes[i] = h;
        heads[h + 1] = (heads[h + 1] as number) + 1;
      }
      yield;
    }
    for (let h = 0; h < slots; h++) heads[h + 1] = (heads[h + 1] as number) + (heads[h] as number);
    const fill = heads.slice(0, slots);
    for (let from = 0; from < count; from += INDEX_CHUNK) {
      yield;
      for (let i = from, to = Math.min(count, from + INDEX_CHUNK); i < to; i++) {
        const h = hashes[i] as number;
        const at = fill[h] as number;
        positions[at] = i;
        fill[h] = at + 1;
      }
    }
    return index;
  }

  /** The hash of `s.slice(i, i + GRAM)` (a multiplicative mix of the four units). */
  hashAt(s: string, i: number): number {
    let h = Math.imul(s.charCodeAt(i), 0x9e3779b1);
    h = Math.imul(h ^ s.charCodeAt(i + 1), 0x85ebca77);
    h = Math.imul(h ^ s.charCodeAt(i + 2), 0xc2b2ae3d);
    h = Math.imul(h ^ s.charCodeAt(i + 3), 0x27d4eb2f);
    return (h ^ (h >>> 15)) >>> (32 - this.bits);
  }

  /** How many positions share the hash of `s.slice(i, i + GRAM)` (an upper bound on its count). */
  count(s: string, i: number): number {
    const h = this.hashAt(s, i);
    return (this.heads[h + 1] as number) - (this.heads[h] as number);
  }

  /** The positions whose gram hashes like `s.slice(i, i + GRAM)`, ascending. */
  postings(s: string, i: number): Int32Array {
    const h = this.hashAt(s, i);
    return this.positions.subarray(this.heads[h] as number, this.heads[h + 1] as number);
  }
}

/** A page's text with what quote search needs, built when first needed. See the module comment. */
export class SearchText {
  private collapsedText: Collapsed | null = null;
  private gramIndex: GramIndex | null = null;

  constructor(readonly text: string) {}

  /** Whether the collapsed text and the index exist yet. */
  get prepared(): boolean {
    return this.gramIndex !== null;
  }

  /**
   * Builds the collapsed text and the index in steps, yielding between them (a chunk of 64 K
   * characters is collapsed per step). Does nothing when they exist.
   */
  *prepareSteps(): Generator<void, void, void> {
    if (this.gramIndex) return;
    if (!this.collapsedText) {
      const parts: Array<{ at: number; c: Collapsed }> = [];
      let at = 0;
      while (at < this.text.length) {
        const to = cutPoint(this.text, at + COLLAPSE_CHUNK);
        parts.push({ at, c: collapseSpace(this.text.slice(at, to)) });
        at = to;
        if (at < this.text.length) yield;
      }
      this.collapsedText = joinCollapsed(parts, this.text.length);
      yield;
    }
    this.gramIndex = yield* GramIndex.build(this.collapsedText.text);
  }

  /** Builds whatever is missing at once (for callers that do not slice their work). */
  private prepare(): void {
    for (const _ of this.prepareSteps()) {
      // Each step's work is done by the generator itself.
    }
  }

  /** The whitespace-collapsed text and its map back to raw offsets. */
  get collapsed(): Collapsed {
    if (!this.collapsedText) this.prepare();
    return this.collapsedText as Collapsed;
  }

  /** The 4-gram index of the collapsed text. */
  get grams(): GramIndex {
    if (!this.gramIndex) this.prepare();
    return this.gramIndex as GramIndex;
  }

  /**
   * The collapsed offset of raw offset `raw`: the first collapsed unit that comes from raw text at
   * or after it (a whitespace run dropped by collapsing maps to the next kept unit).
   */
  toCollapsed(raw: number): number {
    const starts = this.collapsed.starts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] as number) < raw) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The raw span of collapsed span `[cs, ce)` (an empty one maps to where it stands). */
  toRaw(cs: number, ce: number): { start: number; end: number } {
    const c = this.collapsed;
    if (cs >= ce) {
      const at = cs < c.text.length ? (c.starts[cs] as number) : this.text.length;
      return { start: at, end: at };
    }
    return { start: c.starts[cs] as number, end: c.ends[ce - 1] as number };
  }

  /**
   * Where in the collapsed text a pattern (collapsed prefix + quote + suffix) may lie with a few
   * edits: the pattern is cut into pieces, each piece is looked up through the index by its
   * rarest gram and checked against the text, and each piece found votes for the place the quote
   * would start (`quoteAt` is where the quote starts in the pattern). Votes within `tolerance` of
   * each other (edits shift them) form one region. Returns the regions with the most distinct
   * pieces, best first: `from`/`to` bound the quote starts the votes imply, `weight` counts the
   * pattern units the agreeing pieces cover.
   *
   * A piece holds no edit unless an edit falls inside it, so a pattern with `e` edits spread over
   * more than `e` pieces keeps a piece intact: the search finds it while the edits are fewer than
   * the pieces. Pieces whose rarest gram occurs more than `SEED_LIMITS.postings` times carry
   * little information and are skipped, which bounds the work per annotation.
   */
  seedRegions(pattern: string, quoteAt: number, tolerance: number): Region[] {
    const grams = this.grams;
    const text = this.collapsed.text;
    if (pattern.length < GRAM) return [];
    const len = Math.min(
      SEED_LIMITS.maxPiece,
      Math.max(GRAM, Math.floor(pattern.length / SEED_LIMITS.pieces)),
    );
    let offsets: number[] = [];
    for (let o = 0; o + len <= pattern.length; o += len) offsets.push(o);
    const tail = pattern.length - len;
    if (tail > (offsets[offsets.length - 1] ?? -1)) offsets.push(tail);
    if (offsets.length > SEED_LIMITS.maxPieces) {
      const step = offsets.length / SEED_LIMITS.maxPieces;
      offsets = Array.from(
        { length: SEED_LIMITS.maxPieces },
        (_, i) => offsets[Math.floor(i * step)] as number,
      );
    }
    const votes: Array<{ at: number; piece: number }> = [];
    offsets.forEach((o, piece) => {
      let best = o;
      let bestCount = Infinity;
      for (let j = o; j + GRAM <= o + len; j++) {
        const n = grams.count(pattern, j);
        if (n < bestCount) {
          bestCount = n;
          best = j;
        }
      }
      if (bestCount === 0 || bestCount > SEED_LIMITS.postings) return;
      const word = pattern.slice(o, o + len);
      for (const p of grams.postings(pattern, best)) {
        const at = p - (best - o);
        if (at >= 0 && text.startsWith(word, at)) votes.push({ at: at - o + quoteAt, piece });
      }
    });
    votes.sort((a, b) => a.at - b.at);
    const regions: Region[] = [];
    let i = 0;
    while (i < votes.length) {
      const first = votes[i] as { at: number; piece: number };
      const pieces = new Set<number>([first.piece]);
      let last = first.at;
      let j = i + 1;
      while (j < votes.length && (votes[j] as { at: number }).at - last <= tolerance) {
        const v = votes[j] as { at: number; piece: number };
        pieces.add(v.piece);
        last = v.at;
        j++;
      }
      regions.push({ from: first.at, to: last, weight: pieces.size * len });
      i = j;
    }
    regions.sort((a, b) => b.weight - a.weight || a.from - b.from);
    return regions.slice(0, SEED_LIMITS.regions);
  }

  /**
   * The same as `occurrences`, through the index when the quote has a 4-gram after collapsing
   * (its rarest gram's positions, checked against the collapsed text, then the raw text), which
   * costs a few lookups instead of a scan of the whole page.
   */
  exactOccurrences(exact: string, limit: number): number[] {
    const quote = collapseSpace(exact).text;
    // Whitespace at either end of the quote may collapse differently in the page (a space between
    // two words is kept, next to a Chinese character it is not): then only a scan is exact.
    const edges =
      exact.length > 0 && (isSpace(exact[0] as string) || isSpace(exact[exact.length - 1] as string));
    if (quote.length < GRAM || edges) return this.occurrences(exact, limit);
    const starts = this.collapsed.starts;
    const out: number[] = [];
    for (const cs of this.collapsedOccurrences(quote, Infinity)) {
      // Without whitespace at its edges, a raw occurrence starts at its first collapsed unit.
      const r = starts[cs] as number;
      if (this.text.startsWith(exact, r)) out.push(r);
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Every collapsed offset where the collapsed string `quote` occurs, at most `limit` of them:
   * through the index for 4 units or more, else by scanning.
   */
  collapsedOccurrences(quote: string, limit: number): number[] {
    const text = this.collapsed.text;
    const out: number[] = [];
    if (quote.length < GRAM) {
      for (let i = text.indexOf(quote); i !== -1 && out.length < limit; i = text.indexOf(quote, i + 1))
        out.push(i);
      return out;
    }
    const grams = this.grams;
    let best = 0;
    let bestCount = Infinity;
    for (let j = 0; j + GRAM <= quote.length; j++) {
      const n = grams.count(quote, j);
      if (n < bestCount) {
        bestCount = n;
        best = j;
      }
    }
    for (const p of grams.postings(quote, best)) {
      const cs = p - best;
      if (cs >= 0 && text.startsWith(quote, cs)) out.push(cs);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Every raw offset where `exact` occurs (overlapping ones included), at most `limit` of them. */
  occurrences(exact: string, limit: number): number[] {
    const out: number[] = [];
    if (exact === '') return out;
    for (
      let i = this.text.indexOf(exact);
      i !== -1 && out.length < limit;
      i = this.text.indexOf(exact, i + 1)
    ) {
      out.push(i);
    }
    return out;
  }
}
