/**
 * Field extractors for measure text: the title sentence, trailing agency parentheses, service time
 * limits and deadlines. They read the original text (either script) through the one normaliser, so
 * one Simplified pattern serves Traditional documents, and quotes are cut from the original.
 */
import { normalize, toOriginalSpan } from '../normalize.ts';
import { parseCnNumeral } from './numbering.ts';
import type { Deadline, Duration, TimeLimit, TimeLimitKind, TimeUnit } from './types.ts';

/** Titles longer than this are cut at the first clause break (`;`) when there is one. */
const MAX_TITLE = 60;

const OPENERS = '(（〔[【［';
const CLOSERS = ')）〕]】］';

/**
 * The opening title sentence: up to the first `。` outside quotes and brackets. A very long first
 * sentence is cut at its first `;` so that cards stay readable; a text without `。` is its own title.
 */
export function titleOf(text: string): string {
  let depth = 0;
  let quote = false;
  let semicolon = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '“' || ch === '「' || ch === '『') quote = true;
    else if (ch === '”' || ch === '」' || ch === '』') quote = false;
    else if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    else if (!quote && depth === 0) {
      if (ch === '。') {
        const sentence = text.slice(0, i + 1);
        if (sentence.length > MAX_TITLE && semicolon > 0) return text.slice(0, semicolon);
        return sentence;
      }
      if ((ch === '；' || ch === ';') && semicolon < 0) semicolon = i;
    }
  }
  if (text.length > MAX_TITLE && semicolon > 0) return text.slice(0, semicolon);
  return text.trim();
}

/** Agencies named in a measure's trailing parentheses, e.g. `(廈門海關,廈門港口局按職責分工負責)`. */
export interface TrailingAgencies {
  lead: string[];
  co: string[];
  /** Offset in the text where the parenthesis opens. */
  start: number;
}

/** Words after the agency list that say how they share the work, not who they are. */
const DUTY_SUFFIX = /(按职责分工负责|按職責分工負責|分工负责|分工負責|负责|負責|牵头|牽頭)$/u;

/**
 * Reads the agency parentheses that end a measure. Agencies are separated by `,` `，` `、`;
 * brackets nested inside an agency name (`市商務局(口岸辦)`) keep it whole; the first named
 * leads and the rest co-operate. Returns an error string when the brackets do not balance, and
 * null when the text does not end in a parenthesis.
 */
export function trailingAgencies(text: string): TrailingAgencies | string | null {
  const trimmed = text.trimEnd();
  const last = trimmed[trimmed.length - 1] ?? '';
  // An opener after the last closer: the list was never closed.
  const lastOpen = Math.max(...[...OPENERS].map((o) => trimmed.lastIndexOf(o)));
  const lastClose = Math.max(...[...CLOSERS].map((c) => trimmed.lastIndexOf(c)));
  if (lastOpen > lastClose) return `unclosed agency bracket "${trimmed.slice(lastOpen, lastOpen + 20)}"`;
  if (!CLOSERS.includes(last)) return null;
  let depth = 0;
  let start = -1;
  for (let i = trimmed.length - 1; i >= 0; i--) {
    const ch = trimmed[i] as string;
    if (CLOSERS.includes(ch)) depth++;
    else if (OPENERS.includes(ch)) {
      depth--;
      if (depth === 0) {
        start = i;
        break;
      }
    }
  }
  if (start < 0) return `agency bracket closed but never opened at the end of "${trimmed.slice(-20)}"`;
  const inner = trimmed.slice(start + 1, -1).replace(DUTY_SUFFIX, '');
  const names: string[] = [];
  let current = '';
  depth = 0;
  for (const ch of inner) {
    if (OPENERS.includes(ch)) depth++;
    if (CLOSERS.includes(ch)) depth--;
    if (depth === 0 && (ch === ',' || ch === '，' || ch === '、')) {
      names.push(current.trim());
      current = '';
    } else current += ch;
  }
  names.push(current.trim());
  const clean = names.filter((n) => n !== '');
  if (clean.length === 0) return `empty agency parentheses at the end of "${trimmed.slice(-20)}"`;
  return { lead: clean.slice(0, 1), co: clean.slice(1), start };
}

const NUM = '(\\d+(?:\\.\\d+)?|[一二两三四五六七八九十]+)';
const UNIT = '(工作日|小时|分钟|天|日)';
/** The text's unit words; a working day stays a working day. */
const UNITS: Record<string, TimeUnit> = {
  工作日: 'working-day',
  天: 'day',
  日: 'day',
  小时: 'hour',
  分钟: 'minute',
};

function durationOf(num: string, unit: string): Duration {
  const amount = /^\d/.test(num) ? Number(num) : parseCnNumeral(num);
  return { amount, unit: UNITS[unit] ?? 'day' };
}

/** What may follow "N units 内" in a commitment (a verb of completion or a clause break). */
const AFTER_WITHIN = '(?=[完办放验审答回处出通结,;、。:)"]|$)';

const TIME_PATTERNS: ReadonlyArray<readonly [TimeLimitKind, RegExp]> = [
  ['reduced-to', new RegExp(`${NUM}个?${UNIT}(?:缩短|压缩|减少)(?:到|至|为)${NUM}个?${UNIT}(?!内)`, 'gu')],
  ['within', new RegExp(`${NUM}个?${UNIT}(?:以内|之内|内)${AFTER_WITHIN}`, 'gu')],
  ['reduced-by', new RegExp(`(?:缩短|压缩|减少)${NUM}个?${UNIT}`, 'gu')],
  ['same-day', /(?:当日|当天)(?:放行|验放|办结|办理|出证|通关|审结)/gu],
  ['immediate', /随到随办|即到即办|即时办|即查即放|船到即检/gu],
];

/** Clause breaks that bound a quote. */
const CLAUSE_BREAK = /[,;、。:!?]/u;

/**
 * Every service time commitment in `text`, in order of appearance, each quoted by its clause in
 * the original script. Availability ("7×24小时通关保障", "24小时全天候") is not a time limit and is
 * not matched: a duration counts only when followed by 内 and a completion, or in a 缩短到 phrase.
 */
export function timeLimitsOf(text: string): TimeLimit[] {
  const n = normalize(text);
  const found: Array<{ at: number; end: number; limit: TimeLimit }> = [];
  const taken = (a: number, b: number): boolean => found.some((f) => a < f.end && b > f.at);
  for (const [kind, re] of TIME_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(n.text); m; m = re.exec(n.text)) {
      const at = m.index;
      const end = at + m[0].length;
      if (taken(at, end)) continue;
      let duration: Duration | null = null;
      let from: Duration | undefined;
      if (kind === 'reduced-to') {
        from = durationOf(m[1] ?? '', m[2] ?? '');
        duration = durationOf(m[3] ?? '', m[4] ?? '');
      } else if (kind === 'within' || kind === 'reduced-by') duration = durationOf(m[1] ?? '', m[2] ?? '');
      // The quote: the clause around the match, from the original text.
      let qs = at;
      while (qs > 0 && !CLAUSE_BREAK.test(n.text[qs - 1] as string)) qs--;
      let qe = end;
      while (qe < n.text.length && !CLAUSE_BREAK.test(n.text[qe] as string)) qe++;
      const [os, oe] = toOriginalSpan(n, qs, qe);
      const limit: TimeLimit = { quote: text.slice(os, oe).trim(), kind, duration };
      if (from !== undefined) limit.from = from;
      found.push({ at, end, limit });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.limit);
}

/**
 * A deadline the text states itself: `在2004年年底以前`, `2024年底前`, `2025年6月底前`.
 * `年内` (within the year) needs the document's year and is handled by the caller.
 */
export function deadlineInText(text: string): Deadline | null {
  const n = normalize(text);
  const m = /(?:在|于)?(\d{4})年(?:(\d{1,2})月)?(?:年底|底|末)(?:以前|之前|前)?/u.exec(n.text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : 12;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const [os, oe] = toOriginalSpan(n, m.index, m.index + m[0].length);
  return {
    date: `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`,
    label: text.slice(os, oe),
    inferred: false,
  };
}
