/**
 * The candidate index: character trigrams of the normalised corpus, built at build time and
 * serialised into one compact binary (typed arrays, no JSON), so that loading it is a few views
 * over an ArrayBuffer and costs milliseconds even at 50,000 measures.
 *
 * Why trigrams: Chinese has no word boundaries and pages reflow, swap widths and scripts (all
 * folded by the normaliser); a wrong character spoils only the three trigrams that cover it.
 * Why not Fuse.js here: its Bitap patterns stop at 32 characters and a linear scan over whole
 * measures costs ~80 ms per paragraph at 156 measures. Fuse stays for short queries (`find`).
 *
 * Binary layout (little endian), version 1:
 *   magic "PLIX", u32 version, u32 measures N, u32 keys V, u32 postings P, u32 postings width (2|4)
 *   u16[3V]  keys: trigram code units, sorted lexicographically (binary-searched)
 *   u32[V+1] offsets into postings
 *   u16|u32[P] postings: measure numbers, ascending per key
 *   f32[N]   weight of each measure: the sum of the idf of its distinct trigrams
 */

/** How many trigram code units make a gram. */
const N_GRAM = 3;

/** A gram's identity as one exact number: three UTF-16 units in 48 bits. */
export function gramKey(text: string, i: number): number {
  return text.charCodeAt(i) * 0x100000000 + text.charCodeAt(i + 1) * 0x10000 + text.charCodeAt(i + 2);
}

/** The distinct trigram keys of a normalised string (a string shorter than 3 has one gram: itself padded). */
export function gramsOf(normalised: string): number[] {
  const out = new Set<number>();
  if (normalised.length > 0 && normalised.length < N_GRAM) {
    out.add(gramKey(normalised.padEnd(N_GRAM, '\u0000'), 0));
  }
  for (let i = 0; i + N_GRAM <= normalised.length; i++) out.add(gramKey(normalised, i));
  return [...out];
}

/** Inverse document frequency with add-one smoothing; unseen grams get the highest weight. */
export function idf(df: number, n: number): number {
  return Math.log(1 + n / Math.max(df, 0.5));
}

const MAGIC = 0x58494c50; // "PLIX"
const VERSION = 1;
const HEADER_BYTES = 24;

/** The loaded index: typed-array views, plus lookups. */
export class NgramIndex {
  readonly size: number;
  private readonly keys: Uint16Array;
  private readonly offsets: Uint32Array;
  private readonly postings: Uint16Array | Uint32Array;
  /** Sum of idf over each measure's distinct grams (the denominator of measure coverage). */
  readonly weights: Float32Array;

  private constructor(
    size: number,
    keys: Uint16Array,
    offsets: Uint32Array,
    postings: Uint16Array | Uint32Array,
    weights: Float32Array,
  ) {
    this.size = size;
    this.keys = keys;
    this.offsets = offsets;
    this.postings = postings;
    this.weights = weights;
  }

  /** Builds the index over already-normalised measure texts (position = measure number). */
  static build(normalisedTexts: readonly string[]): NgramIndex {
    const byKey = new Map<number, number[]>();
    const gramLists: number[][] = [];
    normalisedTexts.forEach((text, m) => {
      const grams = gramsOf(text);
      gramLists.push(grams);
      for (const g of grams) {
        const list = byKey.get(g);
        if (list) list.push(m);
        else byKey.set(g, [m]);
      }
    });
    const sorted = [...byKey.keys()].sort((a, b) => a - b);
    const n = normalisedTexts.length;
    const keys = new Uint16Array(sorted.length * N_GRAM);
    const offsets = new Uint32Array(sorted.length + 1);
    let total = 0;
    for (const g of sorted) total += byKey.get(g)?.length ?? 0;
    const postings = n <= 0xffff ? new Uint16Array(total) : new Uint32Array(total);
    const dfOf = new Map<number, number>();
    let p = 0;
    sorted.forEach((g, k) => {
      keys[k * 3] = Math.floor(g / 0x100000000);
      keys[k * 3 + 1] = Math.floor(g / 0x10000) & 0xffff;
      keys[k * 3 + 2] = g & 0xffff;
      offsets[k] = p;
      const list = byKey.get(g) ?? [];
      postings.set(list, p);
      p += list.length;
      dfOf.set(g, list.length);
    });
    offsets[sorted.length] = p;
    const weights = new Float32Array(n);
    gramLists.forEach((grams, m) => {
      let w = 0;
      for (const g of grams) w += idf(dfOf.get(g) ?? 0, n);
      weights[m] = w;
    });
    return new NgramIndex(n, keys, offsets, postings, weights);
  }

  /** Serialises to the binary layout described in the module comment. */
  serialize(): Uint8Array {
    const v = this.keys.length / N_GRAM;
    const width = this.postings instanceof Uint16Array ? 2 : 4;
    const align4 = (x: number): number => (x + 3) & ~3;
    const keysBytes = align4(this.keys.byteLength);
    const postingsBytes = align4(this.postings.byteLength);
    const total =
      HEADER_BYTES + keysBytes + this.offsets.byteLength + postingsBytes + this.weights.byteLength;
    const out = new Uint8Array(total);
    const dv = new DataView(out.buffer);
    [MAGIC, VERSION, this.size, v, this.postings.length, width].forEach((x, i) =>
      dv.setUint32(i * 4, x, true),
    );
    let at = HEADER_BYTES;
    const put = (a: ArrayBufferView, padded: number): void => {
      out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
      at += padded;
    };
    put(this.keys, keysBytes);
    put(this.offsets, this.offsets.byteLength);
    put(this.postings, postingsBytes);
    put(this.weights, this.weights.byteLength);
    return out;
  }

  /**
   * Loads a serialised index without copying: the arrays are views over `bytes`' buffer (copied
   * once if `bytes` is not 4-byte aligned). Throws on a wrong magic or version.
   */
  static load(bytes: Uint8Array): NgramIndex {
    let buf = bytes;
    if (buf.byteOffset % 4 !== 0) buf = buf.slice();
    if (buf.byteLength < HEADER_BYTES) throw new Error('match index: truncated header');
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const [magic, version, n, v, p, width] = [0, 1, 2, 3, 4, 5].map((i) => dv.getUint32(i * 4, true)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (magic !== MAGIC) throw new Error('match index: not a PolicyLens index');
    if (version !== VERSION) throw new Error(`match index: version ${version}, expected ${VERSION}`);
    const align4 = (x: number): number => (x + 3) & ~3;
    let at = buf.byteOffset + HEADER_BYTES;
    const keys = new Uint16Array(buf.buffer, at, v * N_GRAM);
    at += align4(keys.byteLength);
    const offsets = new Uint32Array(buf.buffer, at, v + 1);
    at += offsets.byteLength;
    const postings = width === 2 ? new Uint16Array(buf.buffer, at, p) : new Uint32Array(buf.buffer, at, p);
    at += align4(postings.byteLength);
    const weights = new Float32Array(buf.buffer, at, n);
    if (at + weights.byteLength > buf.byteOffset + buf.byteLength) throw new Error('match index: truncated');
    return new NgramIndex(n, keys, offsets, postings, weights);
  }

  /** The slot of a gram key in the sorted key table, or -1. */
  find(gram: number): number {
    const a = Math.floor(gram / 0x100000000);
    const b = Math.floor(gram / 0x10000) & 0xffff;
    const c = gram & 0xffff;
    let lo = 0;
    let hi = this.keys.length / N_GRAM - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = mid * 3;
      const d =
        (this.keys[k] as number) - a || (this.keys[k + 1] as number) - b || (this.keys[k + 2] as number) - c;
      if (d === 0) return mid;
      if (d < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** How many measures contain the gram in `slot`. */
  df(slot: number): number {
    return (this.offsets[slot + 1] as number) - (this.offsets[slot] as number);
  }

  /** Calls `fn` for every measure that contains the gram in `slot`. */
  forEachPosting(slot: number, fn: (measure: number) => void): void {
    const end = this.offsets[slot + 1] as number;
    for (let i = this.offsets[slot] as number; i < end; i++) fn(this.postings[i] as number);
  }

  /**
   * The measures that contain the gram in `slot`, ascending: a view, no copy. For hot loops, where
   * a plain loop over a typed array is several times faster than a callback per posting.
   */
  postingsOf(slot: number): Uint16Array | Uint32Array {
    return this.postings.subarray(this.offsets[slot] as number, this.offsets[slot + 1] as number);
  }

  /**
   * Whether measure `m` contains the gram in `slot`: a binary search of the slot's postings (they
   * are ascending). Lets the matcher test candidates against the index instead of keeping a set of
   * grams per measure in memory.
   */
  contains(slot: number, m: number): boolean {
    let lo = this.offsets[slot] as number;
    let hi = (this.offsets[slot + 1] as number) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.postings[mid] as number;
      if (v === m) return true;
      if (v < m) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Bytes the index occupies in memory. */
  get byteLength(): number {
    return (
      this.keys.byteLength + this.offsets.byteLength + this.postings.byteLength + this.weights.byteLength
    );
  }
}
