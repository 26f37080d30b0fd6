/**
 * Does a block of page text read as a policy measure? The cues, each a named weight:
 * numbering at the start (一、 (一) 1.), imperative policy verbs (推进, 实施, 优化…), trade and
 * customs vocabulary, a sensible length, and neighbours that read as measures too (measures come in
 * lists). Trade vocabulary is required, and so is numbering or a full sentence (a notice's title
 * is neither): a school notice's numbered list of 加强/落实 items is
 * imperative and numbered but not a trade measure. News cues (同比, 亿元, 记者) count against.
 */
import { readMarker } from '../corpus/numbering.ts';

/** Weights of the cues; a block is measure-like at `MEASURE_LIKE_THRESHOLD` or more. */
export const CUES = {
  numbered: 0.35,
  oneVerb: 0.2,
  manyVerbs: 0.3,
  oneTradeTerm: 0.15,
  manyTradeTerms: 0.3,
  length: 0.1,
  news: -0.35,
  preamble: -0.35,
  neighbour: 0.1,
} as const;
export const MEASURE_LIKE_THRESHOLD = 0.6;

const VERBS =
  /推进|推广|实施|实行|加强|优化|提升|完善|建立|开展|支持|扩大|简化|压缩|缩短|深化|强化|落实|探索|推动|提供|鼓励|引导|加快|健全|打造|创新|保障|助力|畅通|规范|降低|提高/gu;
const TRADE =
  /海关|通关|口岸|进出口|进口|出口|报关|查验|检验检疫|检疫|保税|跨境|贸易|货物|关区|海关监管|船舶|港口|港区|物流|外贸|关税|税费|原产地|转关|放行|验放|报关单|单一窗口|电子口岸|集装箱|航空货运|aeo|综保区|税收|征税|纳税|审单|审价|归类|关员|加工贸易|融资|合格评定/gu;
/** The framing around measures: purpose clauses, the plan's own name, calls to the leadership. */
const PREAMBLE =
  /为贯彻|为进一步|为支持|制定本方案|现就|如下意见|以下\d*项措施|指导思想|一把手|政治任务|各成员单位|组织保障|党中央|充分认识|专题调研/u;
/** Blocks shorter than this (normalised) are headings or slogans, not measures; table rows excepted. */
export const MIN_LENGTH = 30;
/**
 * …except a numbered sentence at least this long that names an instrument and says what is done
 * (9. 不断扩大“两段准入”信息化监管试点范围。): a group heading names no instrument and ends in no
 * full stop.
 */
export const MIN_SHORT_MEASURE = 16;
/** News reporting; a percentage alone is a measure's target (压缩50%), with 增长 or 下降 it is news. */
const NEWS = /同比|环比|亿元|记者|据了解|日电|报道|新闻发布|(增长|下降|增幅|降幅|回落)\d+(\.\d+)?%/u;
/**
 * Section headings of a plan that frame its measures rather than being one: a numbered heading
 * that opens with one of these (二、基本原则, (二)工作目标) is not a measure, whatever follows it.
 */
const FRAMING_HEADING =
  /^(指导思想|总体要求|总体目标|工作目标|主要目标|基本原则|总体思路|工作思路|组织保障|保障措施|组织领导|工作要求|相关要求|实施步骤|进度安排|附件)/u;

/**
 * The measure-likeness of one block (normalised text), before neighbours are considered.
 * `instruments`: how many thesaurus instruments the block names (they count as trade vocabulary),
 * or a function that counts them, called only when the answer can matter.
 */
export function measureLikeness(normalisedText: string, instruments: number | (() => number) = 0): number {
  const t = normalisedText;
  if (t.length < 12) return 0;
  // Numbered: a list marker, or a table row that opens with its task number (`27 | …`).
  const marker = readMarker(t);
  const row = /^\d{1,3}\s*\|/u.test(t);
  const numbered = marker !== null || row;
  if (marker && FRAMING_HEADING.test(t.slice(marker.end))) return 0;
  // A lead-in introduces measures ("…措施如下:"); it is not one.
  if (/[:：]$/u.test(t)) return 0;
  // A measure is numbered or written in sentences; a title or a menu line is neither.
  if (!numbered && !/[。;]/u.test(t)) return 0;
  const trade = new Set(t.match(TRADE) ?? []);
  let counted: number | undefined;
  const named = (): number => (counted ??= typeof instruments === 'number' ? instruments : instruments());
  // With no trade term, instruments decide whether the block has any trade vocabulary.
  if (trade.size === 0 && named() === 0) return 0;
  const verbs = new Set(t.match(VERBS) ?? []);
  // A group heading ((一)进一步创新提升…) is short; a measure says what is done and by whom.
  const shortMeasure = (): boolean =>
    numbered && t.length >= MIN_SHORT_MEASURE && /[。;]$/u.test(t) && verbs.size > 0 && named() > 0;
  if (t.length < MIN_LENGTH && !row && !shortMeasure()) return 0;
  let s = 0;
  if (numbered) s += CUES.numbered;
  if (verbs.size >= 3) s += CUES.manyVerbs;
  else if (verbs.size >= 1) s += CUES.oneVerb;
  if (t.length >= 20 && t.length <= 1500) s += CUES.length;
  if (NEWS.test(t)) s += CUES.news;
  if (PREAMBLE.test(t)) s += CUES.preamble;
  // Three trade terms score the most a vocabulary can, and instruments count towards the three.
  // Counting them costs a scan of the thesaurus, so it is done only when it can change the
  // block's verdict or its neighbours' (the score is compared with the threshold, and with the
  // threshold less the neighbour cue).
  const low = s + CUES.oneTradeTerm;
  const high = s + CUES.manyTradeTerms;
  if (trade.size >= 3) return high;
  if (low >= MEASURE_LIKE_THRESHOLD || high + CUES.neighbour < MEASURE_LIKE_THRESHOLD - CUES.neighbour) {
    return low;
  }
  return trade.size + named() >= 3 ? high : low;
}

/**
 * Measure-likeness of every block, with the neighbour cue applied (measures come in lists).
 * `instruments`: how many thesaurus instruments block `i` names, as numbers or as a function
 * (called only for the blocks where it can matter; default none).
 */
export function measureLikeFlags(
  normalisedBlocks: readonly string[],
  instruments: readonly number[] | ((i: number) => number) = [],
): boolean[] {
  const base = normalisedBlocks.map((t, i) =>
    measureLikeness(t, typeof instruments === 'function' ? () => instruments(i) : (instruments[i] ?? 0)),
  );
  return base.map((s, i) => {
    const near = (base[i - 1] ?? 0) >= MEASURE_LIKE_THRESHOLD || (base[i + 1] ?? 0) >= MEASURE_LIKE_THRESHOLD;
    return s > 0 && s + (near ? CUES.neighbour : 0) >= MEASURE_LIKE_THRESHOLD;
  });
}
