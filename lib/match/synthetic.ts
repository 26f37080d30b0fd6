/**
 * Deterministic synthetic growth of the corpus, for the benchmark: the bundled corpus has 156
 * measures, the extension must stay fast at 10,000 and 50,000, and no real corpus of that size
 * exists yet. The synthetic measures are near-duplicates of the seeds on purpose, since that is the
 * hard case for the matcher: every seed measure gets hundreds of look-alikes that differ in place
 * names, clause order and a few characters, and the right one must still win.
 *
 * How a synthetic corpus is made:
 * - A synthetic document re-issues one seed document (round robin over the seed documents) for
 *   another port: all of its measures, in order, so documents have realistic sizes (15–43
 *   measures) and every seed measure gets the same number of variants. Only the last document is
 *   cut short to reach exactly `n` measures.
 * - Place names are swapped by one mapping per document (a random derangement of {@link PORTS},
 *   another of {@link PORT_AREAS}): 厦门 → 青岛 everywhere in that document, so 厦门海关 becomes
 *   青岛海关, in Simplified or Traditional as the text is written (廈門海關 → 青島海關). Province
 *   names are not swapped.
 * - Clauses (split on ，,；;。) are reordered: each adjacent pair is swapped with probability
 *   {@link CLAUSE_SWAP_RATE}; the punctuation stays where it was.
 * - 5–10% of the Han characters (a rate drawn per measure) are replaced by the same "wrong
 *   characters" as the perturbation harness (`substitute` in perturb.ts); at least one character
 *   always changes, so no synthetic measure equals its source.
 * - `textOther` gets the very same edits at the same positions. This works because a seed's
 *   `text` and `textOther` are character-by-character conversions of each other (equal lengths,
 *   the same punctuation at the same places); a measure for which that does not hold gets the
 *   edited `text` for both fields.
 * - Ids keep the seed measure's path: `synthetic-000123:2.13`; `parentId` points into the same
 *   synthetic document (or is null when the parent was cut off). `related` is empty,
 *   `timeLimits` is empty (their quotes may no longer be verbatim), themes, deadline and numbering
 *   are the source's, agencies get the place swap. The document's `file`, `seedFile` and the
 *   measures' `line` still point at the seed file the text came from.
 *
 * Everything is drawn from `rng` (perturb.ts) seeded by `(seedNumber, document number)`, so the
 * same arguments always give the same corpus, and a smaller corpus is a prefix of a larger one.
 */
import type { Corpus, CorpusDocument, Measure, Script } from '../corpus/types.ts';
import { rng, substitute } from './perturb.ts';

/** A place name in both scripts, with what a document issued there needs. */
export interface Place {
  hans: string;
  hant: string;
  en: string;
  regionZh: string;
  region: string;
}

const place = (hans: string, hant: string, en: string, regionZh = '', region = ''): Place => ({
  hans,
  hant,
  en,
  regionZh,
  region,
});

/**
 * Port cities swapped among themselves (and with them their customs: 厦门海关 → 青岛海关). Names
 * that are also parts of common words are left out (营口 in 经营口岸, 海口 in 沿海口岸).
 */
export const PORTS: readonly Place[] = [
  place('厦门', '廈門', 'Xiamen', '福建', 'Fujian'),
  place('大连', '大連', 'Dalian', '辽宁', 'Liaoning'),
  place('长沙', '長沙', 'Changsha', '湖南', 'Hunan'),
  place('宁波', '寧波', 'Ningbo', '浙江', 'Zhejiang'),
  place('杭州', '杭州', 'Hangzhou', '浙江', 'Zhejiang'),
  place('青岛', '青島', 'Qingdao', '山东', 'Shandong'),
  place('天津', '天津', 'Tianjin', '天津', 'Tianjin'),
  place('广州', '廣州', 'Guangzhou', '广东', 'Guangdong'),
  place('深圳', '深圳', 'Shenzhen', '广东', 'Guangdong'),
  place('上海', '上海', 'Shanghai', '上海', 'Shanghai'),
  place('南京', '南京', 'Nanjing', '江苏', 'Jiangsu'),
  place('武汉', '武漢', 'Wuhan', '湖北', 'Hubei'),
  place('重庆', '重慶', 'Chongqing', '重庆', 'Chongqing'),
  place('福州', '福州', 'Fuzhou', '福建', 'Fujian'),
  place('郑州', '鄭州', 'Zhengzhou', '河南', 'Henan'),
  place('合肥', '合肥', 'Hefei', '安徽', 'Anhui'),
  place('昆明', '昆明', 'Kunming', '云南', 'Yunnan'),
  place('南宁', '南寧', 'Nanning', '广西', 'Guangxi'),
  place('烟台', '煙臺', 'Yantai', '山东', 'Shandong'),
  place('苏州', '蘇州', 'Suzhou', '江苏', 'Jiangsu'),
  place('沈阳', '瀋陽', 'Shenyang', '辽宁', 'Liaoning'),
  place('连云港', '連雲港', 'Lianyungang', '江苏', 'Jiangsu'),
  place('珠海', '珠海', 'Zhuhai', '广东', 'Guangdong'),
  place('汕头', '汕頭', 'Shantou', '广东', 'Guangdong'),
  place('泉州', '泉州', 'Quanzhou', '福建', 'Fujian'),
  place('温州', '溫州', 'Wenzhou', '浙江', 'Zhejiang'),
];

/** Port areas, airports and districts named in the seeds, swapped among themselves. */
export const PORT_AREAS: readonly Place[] = [
  place('大窑湾', '大窯灣', 'Dayaowan'),
  place('海沧', '海滄', 'Haicang'),
  place('东渡', '東渡', 'Dongdu'),
  place('黄花', '黃花', 'Huanghua'),
  place('庄河', '莊河', 'Zhuanghe'),
  place('洋山', '洋山', 'Yangshan'),
  place('南沙', '南沙', 'Nansha'),
  place('黄岛', '黃島', 'Huangdao'),
  place('北仑', '北侖', 'Beilun'),
  place('外高桥', '外高橋', 'Waigaoqiao'),
  place('蛇口', '蛇口', 'Shekou'),
  place('梅山', '梅山', 'Meishan'),
];

/** Probability that two adjacent clauses trade places. */
export const CLAUSE_SWAP_RATE = 0.3;
/** Share of Han characters replaced: drawn uniformly in [MIN, MAX) per measure. */
export const MIN_SUBSTITUTION_RATE = 0.05;
export const MAX_SUBSTITUTION_RATE = 0.1;

/** Prefix of synthetic document ids (`synthetic-000123`). */
export const SYNTHETIC_PREFIX = 'synthetic-';

const CLAUSE_END = new Set(['，', ',', '；', ';', '。']);
const HAN = /\p{Script=Han}/u;

/** Every form of every place, to the place and its group (ports or areas). */
const FORMS = new Map<string, { group: readonly Place[]; index: number }>();
for (const group of [PORTS, PORT_AREAS]) {
  group.forEach((p, index) => {
    if ([...p.hans].length !== [...p.hant].length)
      throw new Error(`place ${p.hans}: script forms differ in length`);
    FORMS.set(p.hans, { group, index });
    FORMS.set(p.hant, { group, index });
  });
}
/** One alternation of all forms, longest first so that 连云港 wins over a shorter overlap. */
const PLACE_RE = new RegExp(
  [...FORMS.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).join('|'),
  'gu',
);

/** A small integer hash, so that each (seed number, document) pair gets its own PRNG stream. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A permutation of 0..n-1 without fixed points (n ≥ 2), so every place really moves. */
function derangement(n: number, next: () => number): number[] {
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [perm[i], perm[j]] = [perm[j] as number, perm[i] as number];
  }
  // Swapping a fixed point with its neighbour fixes it without making a new one.
  for (let i = 0; i < n && n > 1; i++) {
    const k = (i + 1) % n;
    if (perm[i] === i) [perm[i], perm[k]] = [perm[k] as number, perm[i] as number];
  }
  return perm;
}

/** One synthetic document's place mapping. */
class PlaceSwap {
  private readonly ports: number[];
  private readonly areas: number[];

  constructor(next: () => number) {
    this.ports = derangement(PORTS.length, next);
    this.areas = derangement(PORT_AREAS.length, next);
  }

  /** Where `p` (a member of PORTS or PORT_AREAS) goes in this document. */
  target(p: { group: readonly Place[]; index: number }): Place {
    const perm = p.group === PORTS ? this.ports : this.areas;
    return p.group[perm[p.index] as number] as Place;
  }

  /** The place a Simplified or Traditional form maps to, or undefined if it is not a known place. */
  targetOf(form: string): Place | undefined {
    const p = FORMS.get(form);
    return p ? this.target(p) : undefined;
  }

  /**
   * Swaps every place name in `text`, writing the new name in `script`, the script `text` is
   * written in (福州 is the same in both, its replacement 长沙/長沙 is not).
   */
  apply(text: string, script: Script): string {
    return text.replace(PLACE_RE, (form) => {
      const p = FORMS.get(form);
      if (!p) return form;
      const t = this.target(p);
      return script === 'Hant' ? t.hant : t.hans;
    });
  }
}

/** Edits a measure's text and other-script text alike: places, clause order, wrong characters. */
function perturbPair(
  text: string,
  other: string,
  script: Script,
  swap: PlaceSwap,
  next: () => number,
): { text: string; other: string } {
  const a = [...swap.apply(text, script)];
  let b = [...swap.apply(other, script === 'Hant' ? 'Hans' : 'Hant')];
  const aligned =
    b.length === a.length && a.every((ch, i) => CLAUSE_END.has(ch) === CLAUSE_END.has(b[i] as string));
  if (!aligned) b = [...a];

  // Clauses: the runs between clause punctuation. Their contents trade places; punctuation stays.
  const runs: Array<[number, number]> = [];
  let start = 0;
  a.forEach((ch, i) => {
    if (CLAUSE_END.has(ch)) {
      if (i > start) runs.push([start, i]);
      start = i + 1;
    }
  });
  if (a.length > start) runs.push([start, a.length]);
  const order = runs.map((_, i) => i);
  for (let i = 0; i + 1 < order.length; i++) {
    if (next() < CLAUSE_SWAP_RATE) [order[i], order[i + 1]] = [order[i + 1] as number, order[i] as number];
  }
  const reorder = (chars: string[]): string[] => {
    const out: string[] = [];
    let at = 0;
    runs.forEach(([s, e], slot) => {
      for (; at < s; at++) out.push(chars[at] as string); // punctuation before this slot
      const [fs, fe] = runs[order[slot] as number] as [number, number];
      for (let k = fs; k < fe; k++) out.push(chars[k] as string);
      at = e;
    });
    for (; at < chars.length; at++) out.push(chars[at] as string);
    return out;
  };
  const ra = reorder(a);
  const rb = reorder(b);

  // Wrong characters: the same positions and the same characters in both scripts.
  const rate = MIN_SUBSTITUTION_RATE + (MAX_SUBSTITUTION_RATE - MIN_SUBSTITUTION_RATE) * next();
  const subbed = [...substitute(ra.join(''), rate, next)];
  let changed = 0;
  subbed.forEach((ch, i) => {
    if (ch !== ra[i]) {
      ra[i] = ch;
      rb[i] = ch;
      changed++;
    }
  });
  // No synthetic measure may equal its source (a short task such as 改革税收征管方式。 with
  // nothing to swap or reorder could come out unchanged): change one more character then.
  if (changed === 0 || ra.join('') === text) {
    const han = ra.flatMap((ch, i) => (HAN.test(ch) ? [i] : []));
    const i = han[Math.floor(next() * han.length)];
    if (i !== undefined) {
      const old = ra[i] as string;
      let ch = old;
      for (let tries = 0; tries < 8 && ch === old; tries++) ch = substitute(old, 1, next);
      ra[i] = ch === old ? '〇' : ch;
      rb[i] = ra[i] as string;
    } else {
      ra.push('〇');
      rb.push('〇');
    }
  }
  return { text: ra.join(''), other: rb.join('') };
}

/** The opening sentence (through the first 。), as the corpus's `title` is. */
function firstSentence(text: string): string {
  const i = text.indexOf('。');
  return i < 0 ? text : text.slice(0, i + 1);
}

/** The seed documents that have measures, each with its measures in corpus order. */
function seedSources(seed: Corpus): Array<{ doc: CorpusDocument; measures: Measure[] }> {
  return seed.documents
    .map((doc) => ({ doc, measures: seed.measures.filter((m) => m.docId === doc.id) }))
    .filter((s) => s.measures.length > 0);
}

/** The part of an id after `docId:`. */
const idSuffix = (id: string): string => id.slice(id.indexOf(':') + 1);

/**
 * Grows `seed` to exactly `n` measures: the seed's own measures first, unchanged, then synthetic
 * ones (see the module comment). Deterministic: the same `seed`, `n` and `seedNumber` give the
 * same corpus, and for a larger `n` the synthetic measures of a smaller one come first, unchanged.
 *
 * @param seed the compiled seed corpus (`compileSeedsDir()`); not modified
 * @param n total number of measures wanted, at least the seed's
 * @param seedNumber selects another, equally deterministic, synthetic corpus
 */
export function growCorpus(seed: Corpus, n: number, seedNumber = 1): Corpus {
  if (!Number.isInteger(n) || n < seed.measures.length) {
    throw new RangeError(`growCorpus: n = ${n}, expected an integer ≥ ${seed.measures.length}`);
  }
  const sources = seedSources(seed);
  const measures: Measure[] = [...seed.measures];
  const documents: CorpusDocument[] = [...seed.documents];
  if (n > measures.length && sources.length === 0)
    throw new RangeError('growCorpus: the seed has no measures');

  for (let k = 0; measures.length < n; k++) {
    const src = sources[k % sources.length] as (typeof sources)[number];
    const next = rng(mix(seedNumber, k));
    const swap = new PlaceSwap(next);
    const script = src.doc.script;
    const docId = `${SYNTHETIC_PREFIX}${String(k).padStart(6, '0')}`;
    const take = src.measures.slice(0, n - measures.length);
    const taken = new Set(take.map((m) => idSuffix(m.id)));

    const ports = src.doc.portZh.split('、').map((p) => ({ p, t: swap.targetOf(p) }));
    // English names are replaced in one pass, so that Hangzhou → Ningbo → … cannot chain.
    const enMap = new Map<string, string>();
    for (const { p, t } of ports) {
      const from = FORMS.get(p);
      if (from && t) enMap.set((from.group[from.index] as Place).en, t.en);
    }
    const swapEn = (text: string): string =>
      enMap.size === 0
        ? text
        : text.replace(new RegExp([...enMap.keys()].join('|'), 'gu'), (x) => enMap.get(x) ?? x);
    const first = ports[0]?.t;
    documents.push({
      ...src.doc,
      id: docId,
      port: swapEn(src.doc.port),
      portZh: ports.map(({ p, t }) => t?.hans ?? p).join('、'),
      region: first?.region ?? src.doc.region,
      regionZh: first?.regionZh ?? src.doc.regionZh,
      issuer: swap.apply(src.doc.issuer, script),
      issuerEn: swapEn(src.doc.issuerEn),
      title: swap.apply(src.doc.title, script),
      dateNote: `Synthetic: ${src.doc.id} re-issued with places swapped, clauses reordered and characters replaced (benchmark only).`,
    });

    for (const m of take) {
      const edited = perturbPair(m.text, m.textOther, script, swap, next);
      const parent = m.parentId === null ? null : idSuffix(m.parentId);
      measures.push({
        ...m,
        id: `${docId}:${idSuffix(m.id)}`,
        docId,
        path: [...m.path],
        parentId: parent !== null && taken.has(parent) ? `${docId}:${parent}` : null,
        title: firstSentence(edited.text),
        text: edited.text,
        titleOther: firstSentence(edited.other),
        textOther: edited.other,
        leadAgencies: m.leadAgencies.map((x) => swap.apply(x, script)),
        coAgencies: m.coAgencies.map((x) => swap.apply(x, script)),
        deadline: m.deadline ? { ...m.deadline } : null,
        timeLimits: [],
        themes: [...m.themes],
        related: [],
      });
    }
  }
  return {
    version: `${seed.version}+synthetic-${n}-${seedNumber}`,
    documents,
    measures,
    thesaurus: seed.thesaurus,
    passages: seed.passages,
    scripts: seed.scripts,
  };
}

/** Whether a measure or document id belongs to a synthetic document. */
export function isSynthetic(id: string): boolean {
  return id.startsWith(SYNTHETIC_PREFIX);
}

/**
 * The seed measure a synthetic measure was derived from (for tests and for reading bench
 * results), or undefined for a seed measure or an unknown id. `seed` must be the corpus given to
 * {@link growCorpus}.
 */
export function sourceOf(seed: Corpus, id: string): Measure | undefined {
  const m = /^synthetic-(\d+):(.+)$/u.exec(id);
  if (!m) return undefined;
  const sources = seedSources(seed);
  const src = sources[Number(m[1]) % sources.length];
  return src?.measures.find((x) => x.id === `${src.doc.id}:${m[2]}`);
}
