/**
 * Where is an annotation now? The re-anchoring rules, for one annotation on one page text.
 *
 * In this order, each result verified against the stored quote:
 * 1. **Position.** The stored `TextPositionSelector`, taken when the text there is the quote and
 *    the stored prefix and suffix stand right around it: nothing moved.
 * 2. **Exact quote.** Every occurrence of the quote in the page. One whose stored prefix and
 *    suffix both stand right around it wins; several such (a passage repeated with its context)
 *    are told apart by nearness to where the annotation was, or else it is an orphan.
 * 3. **Scored search.** When no occurrence has its whole context, the candidates are the exact
 *    occurrences plus the places a fuzzy search finds (Myers' bit-parallel approximate matching,
 *    the `approx-string-match` package Hypothesis uses, run on whitespace-collapsed text so that
 *    a reflowed page costs nothing), each scored by how much of the stored selector it agrees
 *    with (see {@link WEIGHTS}). The best candidate is taken only if it is similar enough to the
 *    quote ({@link MIN_QUOTE_SIMILARITY}), carries enough evidence ({@link MIN_SCORE},
 *    {@link ENOUGH_EVIDENCE}) and is clearly better than any candidate elsewhere
 *    ({@link AMBIGUITY_MARGIN}). Otherwise the annotation is an orphan: a wrong attachment is
 *    worse than an orphan, which the reader sees listed with its quote and can re-attach.
 *
 * The method reported is what the winner is: `position` when it is the stored span, `quote` when
 * it is an exact occurrence elsewhere, `fuzzy` when the page's text there differs from the quote
 * (whitespace included: a reflowed quote is found by the search, not by the exact rule).
 *
 * What is compared: the page text (`body.textContent`) as it is, code unit for code unit, except
 * that the fuzzy stage ignores how whitespace is laid out (`collapseSpace` of `lib/normalize.ts`,
 * the project's one normaliser, in its whitespace-only form). Traditional and Simplified
 * characters are NOT folded together: an annotation cites exact characters, a page converted to
 * the other script is a different text (its highlight would cover characters the reader never
 * chose), and folding makes short quotes collide (发/發/髮, 干/幹/乾 fold to one). A converted page
 * leaves its annotations as orphans, to be re-attached by hand.
 */
import search from 'approx-string-match';
import type { AnchorMethod, TextPositionSelector, TextQuoteSelector } from '../annotation/model.ts';
import { collapseSpace } from '../normalize.ts';
import { SearchText } from './search.ts';

/** The selectors an annotation is anchored from (as stored, or as imported). */
export interface AnchorSelectors {
  quote: TextQuoteSelector | null;
  position: TextPositionSelector | null;
}

/** Where an annotation ended up on a text: a span, or an orphan with the reason. */
export type AnchorResult =
  | {
      status: 'anchored';
      method: AnchorMethod;
      /** How much of the stored selector the span agrees with, 0..1 (see {@link WEIGHTS}). */
      score: number;
      start: number;
      end: number;
    }
  | {
      status: 'orphan';
      method: null;
      score: null;
      start: null;
      end: null;
      /** Why, in a sentence a reader can act on (shown in the side panel and by the CLI). */
      reason: string;
      /**
       * The best place found and rejected (too weak, or tied with another), for a reader who
       * wants to re-attach by hand; null when nothing came close.
       */
      closest: { start: number; end: number; score: number } | null;
    };

export interface AnchorOptions {
  /**
   * Where the quote is expected to start now, when the caller knows better than the stored
   * position (the batch passes the stored position shifted as much as the annotations before it
   * moved). Counts as position evidence like the stored position.
   */
  hint?: number;
}

// ---------------------------------------------------------------------------------------------
// The weights and thresholds. Every stored character is one unit of evidence, wherever it is.

/**
 * How the evidence for a candidate is weighed, per character of the stored selector. The score of
 * a candidate is `evidence / total`:
 *
 *   evidence = quote × (quote chars − edits) + prefix × prefix chars agreeing
 *              + suffix × suffix chars agreeing + position × nearness
 *   total    = the same with full agreement
 *
 * (characters counted after collapsing whitespace). Why characters: what identifies a passage is
 * how much text around it agrees, whichever field that text was stored in. A 4-character quote is
 * found by its 64 characters of context; a 500-character quote is found by itself and its context
 * barely matters. Fixed per-field weights (Hypothesis: quote 50, prefix 20, suffix 20, position 2)
 * treat a 4-character quote with no context like a 500-character one: both pass or both fail.
 */
export const WEIGHTS = Object.freeze({
  /** Per quote character: the quote is what the reader marked, no weaker than its context. */
  quote: 1,
  /**
   * Per prefix character and per suffix character: context is as good evidence as the quote; a
   * side that no longer agrees (the paragraph before was rewritten) simply adds nothing.
   */
  prefix: 1,
  suffix: 1,
  /**
   * Being exactly where the annotation was (or where the annotations before it moved to) is worth
   * this many characters, decaying with the distance over {@link POSITION_SCALE}. Enough to decide
   * between equal candidates a few lines apart; too little to outweigh one agreeing word of
   * context, because pages move text around and the position is the first thing an edit breaks.
   */
  position: 8,
});

/** Characters over which the position evidence falls to 1/e (about a line of text). */
export const POSITION_SCALE = 32;

/**
 * A candidate must be at least this similar to the quote: 1 − edits / quote length (collapsed).
 * One edit in four characters; a quote changed more than that is a different passage, whatever
 * its context says. (Hypothesis allows half the quote's length in edits.)
 */
export const MIN_QUOTE_SIMILARITY = 0.75;

/**
 * The share of the stored selector's evidence a candidate must agree with, unless it agrees with
 * {@link ENOUGH_EVIDENCE} characters or more. For a short selector (a quote with little or no
 * context) that means nearly all of it: a 13-character quote with no context that now reads
 * differently in 3 places is not found.
 */
export const MIN_SCORE = 0.8;

/**
 * Agreeing characters that identify a passage by themselves, whatever the share: as many as one
 * full side of context. So a long quote whose surroundings were all rewritten is still found, and
 * a short quote with one intact side of context (4 + 32 characters) is too; a short quote whose
 * context is gone on both sides is not (a common phrase elsewhere on the page is not the passage).
 */
export const ENOUGH_EVIDENCE = 32;

/**
 * The winner must agree with the stored selector in at least this many more characters (of
 * evidence) than the best candidate at any other place. One character is a typo either way; two
 * is the least difference taken as a difference. Candidates closer than this are "about equally
 * good" and the annotation becomes an orphan rather than risk the wrong one.
 */
export const AMBIGUITY_MARGIN = 2;

/** Exact occurrences of a quote examined at most (a one-character quote on a long page). */
const MAX_OCCURRENCES = 10_000;

/** Exact occurrences scored in stage 3 (the ones whose context agrees best, and the nearest). */
const MAX_SCORED_OCCURRENCES = 48;

/** Extra characters of page text around a candidate window (edits at its edges). */
const WINDOW_SLACK = 8;

/** Quotes longer than this (collapsed) are aligned piece by piece, to bound the work. */
const ALIGN_CHUNK = 1024;

// ---------------------------------------------------------------------------------------------

/** An orphan result. */
function orphan(reason: string, closest: Scored | null = null): AnchorResult {
  return {
    status: 'orphan',
    method: null,
    score: null,
    start: null,
    end: null,
    reason,
    closest: closest && { start: closest.start, end: closest.end, score: closest.evidence / closest.total },
  };
}

/** The stored selector, whitespace-collapsed, and what a full agreement with it is worth. */
interface Stored {
  exact: string;
  prefix: string;
  suffix: string;
  quote: string; // collapsed
  before: string; // collapsed prefix
  after: string; // collapsed suffix
  expected: number[]; // raw offsets where the quote is expected to start
  total: number; // the evidence of a perfect candidate
  maxErrors: number;
}

/** A place in the collapsed text the quote may be, with its edits. */
interface Candidate {
  cs: number;
  ce: number;
  errors: number;
  /** Raw span, when the candidate is an exact occurrence of the quote in the raw text. */
  raw: { start: number; end: number } | null;
}

interface Scored extends Candidate {
  evidence: number;
  /** What full agreement would be worth at this place (context off the page's edge left out). */
  total: number;
  similarity: number;
  start: number;
  end: number;
}

/** Whether the stored prefix and suffix stand exactly around raw span [start, end). */
function contextHolds(text: string, start: number, end: number, prefix: string, suffix: string): boolean {
  return (
    start >= prefix.length && text.startsWith(prefix, start - prefix.length) && text.startsWith(suffix, end)
  );
}

/** Nearness to the nearest expected position, 1 at the spot, 1/e at {@link POSITION_SCALE}. */
function nearness(start: number, expected: readonly number[]): number {
  let best = 0;
  for (const e of expected) best = Math.max(best, Math.exp(-Math.abs(start - e) / POSITION_SCALE));
  return best;
}

/**
 * How many characters of a stored context agree with the page next to a candidate: the context's
 * length minus the edits of its best approximate match in the page text beside the candidate,
 * where page characters between the candidate and that match count as edits too (the context
 * must stand right at the candidate, give or take what was inserted there). `side` is the page
 * text on that side, a little longer than the context; its nearest character is its last for a
 * prefix and its first for a suffix.
 */
function agreeing(context: string, side: string, isPrefix: boolean): number {
  if (context === '') return 0;
  if (isPrefix ? side.endsWith(context) : side.startsWith(context)) return context.length;
  let edits = context.length;
  for (const m of search(side, context, Math.floor(context.length / 2))) {
    const gap = isPrefix ? side.length - m.end : m.start;
    edits = Math.min(edits, m.errors + gap);
  }
  return context.length - edits;
}

/**
 * Scores a candidate (see {@link WEIGHTS}). Context that would lie beyond either end of the page
 * is not compared (it can neither agree nor disagree), so a candidate at the edge of the page is
 * judged on what is there: its `total` is what full agreement would be worth at that place.
 */
function score(st: SearchText, stored: Stored, c: Candidate): Scored {
  const text = st.collapsed.text;
  const before = stored.before.slice(Math.max(0, stored.before.length - c.cs));
  const after = stored.after.slice(0, Math.max(0, text.length - c.ce));
  const sideBefore = text.slice(Math.max(0, c.cs - before.length - Math.ceil(before.length / 4) - 1), c.cs);
  const sideAfter = text.slice(c.ce, c.ce + after.length + Math.ceil(after.length / 4) + 1);
  const { start, end } = c.raw ?? st.toRaw(c.cs, c.ce);
  const quoteChars = stored.quote.length - c.errors;
  const positioned = stored.expected.length > 0;
  const evidence =
    WEIGHTS.quote * quoteChars +
    WEIGHTS.prefix * agreeing(before, sideBefore, true) +
    WEIGHTS.suffix * agreeing(after, sideAfter, false) +
    (positioned ? WEIGHTS.position * nearness(start, stored.expected) : 0);
  const total =
    WEIGHTS.quote * stored.quote.length +
    WEIGHTS.prefix * before.length +
    WEIGHTS.suffix * after.length +
    (positioned ? WEIGHTS.position : 0);
  return { ...c, evidence, total, similarity: quoteChars / stored.quote.length, start, end };
}

/**
 * The approximate matches of the quote in collapsed window [from, to): Myers' algorithm through
 * `approx-string-match`, which returns every end with the fewest edits. A quote longer than
 * {@link ALIGN_CHUNK} is aligned chunk by chunk, each chunk right after the previous one, so the
 * work stays linear in the quote (a whole-quote alignment costs quote²/32 per candidate).
 */
function align(text: string, quote: string, maxErrors: number, from: number, to: number): Candidate[] {
  const window = text.slice(from, to);
  if (quote.length <= ALIGN_CHUNK) {
    return search(window, quote, maxErrors).map((m) => ({
      cs: from + m.start,
      ce: from + m.end,
      errors: m.errors,
      raw: null,
    }));
  }
  const head = quote.slice(0, ALIGN_CHUNK);
  const out: Candidate[] = [];
  const budget = (len: number): number => Math.floor((len * maxErrors) / quote.length);
  for (const m of search(window, head, budget(head.length)).slice(0, 2)) {
    let errors = m.errors;
    let end = from + m.end;
    let ok = true;
    for (let at = ALIGN_CHUNK; at < quote.length && ok; at += ALIGN_CHUNK) {
      const chunk = quote.slice(at, at + ALIGN_CHUNK);
      const k = budget(chunk.length);
      const w0 = Math.max(0, end - k);
      const found = search(text.slice(w0, end + chunk.length + k), chunk, k);
      // The chunk's match that starts closest to where the previous one ended.
      let best: { start: number; end: number; errors: number } | undefined;
      for (const f of found) {
        if (!best || Math.abs(w0 + f.start - end) < Math.abs(w0 + best.start - end)) best = f;
      }
      if (!best) ok = false;
      else {
        errors += best.errors + Math.abs(w0 + best.start - end);
        end = w0 + best.end;
      }
    }
    if (ok && errors <= maxErrors) out.push({ cs: from + m.start, ce: end, errors, raw: null });
  }
  return out;
}

/** Exact occurrences for stage 3: the ones whose context agrees best at a glance, and the nearest. */
function pickOccurrences(text: string, occurrences: readonly number[], stored: Stored): number[] {
  if (occurrences.length <= MAX_SCORED_OCCURRENCES) return [...occurrences];
  const len = stored.exact.length;
  const glance = (o: number): number => {
    let k = 0;
    const p = stored.prefix;
    while (k < p.length && o - k - 1 >= 0 && text[o - k - 1] === p[p.length - k - 1]) k++;
    let j = 0;
    const s = stored.suffix;
    while (j < s.length && text[o + len + j] === s[j]) j++;
    return k + j + WEIGHTS.position * nearness(o, stored.expected);
  };
  return [...occurrences]
    .map((o) => ({ o, g: glance(o) }))
    .sort((a, b) => b.g - a.g || a.o - b.o)
    .slice(0, MAX_SCORED_OCCURRENCES)
    .map((x) => x.o);
}

/** The method a winning span stands for. */
function methodOf(
  text: string,
  win: { start: number; end: number },
  stored: Stored,
  position: TextPositionSelector | null,
): AnchorMethod {
  if (text.slice(win.start, win.end) !== stored.exact) return 'fuzzy';
  return position && position.start === win.start && position.end === win.end ? 'position' : 'quote';
}

/** A position selector that fits the text, or null. */
function usablePosition(p: TextPositionSelector | null, length: number): TextPositionSelector | null {
  if (!p || !Number.isInteger(p.start) || !Number.isInteger(p.end)) return null;
  return p.start >= 0 && p.start <= p.end && p.end <= length ? p : null;
}

/**
 * Anchors one annotation on a page text. `text` may be a {@link SearchText} shared by many calls
 * (the collapsed text and index are then built once), or a plain string.
 */
export function anchor(
  text: string | SearchText,
  selectors: AnchorSelectors,
  options: AnchorOptions = {},
): AnchorResult {
  const st = typeof text === 'string' ? new SearchText(text) : text;
  const first = beginAnchor(st, selectors, options);
  return typeof first === 'function' ? first() : first;
}

/**
 * The rules in two steps, for callers that slice their work (`batch.ts`): the result when the
 * position or an exact occurrence decides (cheap: no collapsed text, no index), or else the scored
 * search as a function to call, which builds `st`'s collapsed text and index if they are missing
 * (run `st.prepareSteps()` first to build them in slices).
 */
export function beginAnchor(
  st: SearchText,
  selectors: AnchorSelectors,
  options: AnchorOptions = {},
): AnchorResult | (() => AnchorResult) {
  const raw = st.text;
  const q = selectors.quote;
  if (!q) {
    return orphan('no TextQuoteSelector: a position alone cannot be checked against the page');
  }
  const exact = q.exact;
  const prefix = q.prefix ?? '';
  const suffix = q.suffix ?? '';
  if (exact === '') return orphan('the quote is empty');
  const position = usablePosition(selectors.position, raw.length);
  const expected: number[] = [];
  if (selectors.position && Number.isInteger(selectors.position.start))
    expected.push(selectors.position.start);
  if (options.hint !== undefined && Number.isInteger(options.hint)) expected.push(options.hint);

  // 1. Position, with its whole context.
  if (
    position &&
    raw.slice(position.start, position.end) === exact &&
    contextHolds(raw, position.start, position.end, prefix, suffix)
  ) {
    return { status: 'anchored', method: 'position', score: 1, start: position.start, end: position.end };
  }

  const stored = storedOf(exact, prefix, suffix, expected);
  const exactScore = (start: number): number => {
    const full = stored.total - (expected.length > 0 ? WEIGHTS.position : 0);
    const pos = expected.length > 0 ? WEIGHTS.position * nearness(start, expected) : 0;
    return (full + pos) / stored.total;
  };

  // 2a. Where the annotations before this one moved to (the batch's hint), with its whole context.
  const hint = options.hint;
  if (
    hint !== undefined &&
    Number.isInteger(hint) &&
    hint >= 0 &&
    raw.startsWith(exact, hint) &&
    contextHolds(raw, hint, hint + exact.length, prefix, suffix)
  ) {
    const win = { start: hint, end: hint + exact.length };
    return {
      status: 'anchored',
      method: methodOf(raw, win, stored, position),
      score: exactScore(hint),
      ...win,
    };
  }

  // 2b. Every exact occurrence; the ones with their whole context.
  const occurrences = st.occurrences(exact, MAX_OCCURRENCES);
  const whole = occurrences.filter((o) => contextHolds(raw, o, o + exact.length, prefix, suffix));
  if (whole.length === 1 || (whole.length > 1 && expected.length > 0)) {
    const ranked = whole
      .map((o) => ({ o, near: WEIGHTS.position * nearness(o, expected) }))
      .sort((a, b) => b.near - a.near || a.o - b.o);
    const [best, second] = ranked as [{ o: number; near: number }, { o: number; near: number } | undefined];
    if (!second || best.near - second.near >= AMBIGUITY_MARGIN) {
      const win = { start: best.o, end: best.o + exact.length };
      return {
        status: 'anchored',
        method: methodOf(raw, win, stored, position),
        score: exactScore(best.o),
        ...win,
      };
    }
    return orphan(
      `the quote occurs ${whole.length} times with the same context, and nothing tells them apart`,
    );
  }
  if (whole.length > 1) {
    return orphan(
      `the quote occurs ${whole.length} times with the same context and there is no position to choose by`,
    );
  }

  // 3. Scored search over the exact occurrences and the approximate matches.
  if (stored.quote === '') return orphan('the quote is only whitespace, and it is not on the page');
  return () => scoredSearch(st, stored, occurrences, position);
}

/** Stage 3 (see the module comment). */
function scoredSearch(
  st: SearchText,
  stored: Stored,
  occurrences: readonly number[],
  position: TextPositionSelector | null,
): AnchorResult {
  const raw = st.text;
  const { exact, expected } = stored;
  const cands: Candidate[] = [];
  for (const o of pickOccurrences(raw, occurrences, stored)) {
    cands.push({
      cs: st.toCollapsed(o),
      ce: st.toCollapsed(o + exact.length),
      errors: 0,
      raw: { start: o, end: o + exact.length },
    });
  }
  const collapsedText = st.collapsed.text;
  const m = stored.quote.length;
  const k = stored.maxErrors;
  const windows: Array<[number, number]> = [];
  const pattern = stored.before + stored.quote + stored.after;
  for (const r of st.seedRegions(pattern, stored.before.length, k + 2)) {
    windows.push([r.from - k - WINDOW_SLACK, r.to + m + k + WINDOW_SLACK]);
  }
  for (const e of expected) {
    if (e < 0 || e > raw.length) continue;
    const c = st.toCollapsed(e);
    windows.push([c - k - WINDOW_SLACK, c + m + k + WINDOW_SLACK]);
  }
  for (const [a, b] of clipWindows(windows, collapsedText.length)) {
    for (const c of align(collapsedText, stored.quote, k, a, b)) cands.push(c);
  }
  if (cands.length === 0) return orphan('the quote is not on the page, not even approximately');

  const scored = dedupe(cands).map((c) => score(st, stored, c));
  scored.sort(
    (a, b) =>
      b.evidence - a.evidence ||
      Number(b.raw !== null) - Number(a.raw !== null) ||
      b.similarity - a.similarity ||
      a.start - b.start,
  );
  const best = scored[0] as Scored;
  const rival = scored.find((s) => s.ce <= best.cs || s.cs >= best.ce);
  const share = best.evidence / best.total;
  const fmt = (x: number): string => x.toFixed(2);
  if (best.similarity < MIN_QUOTE_SIMILARITY) {
    return orphan(
      `the closest text differs from the quote in ${best.errors} of ${m} characters (similarity ${fmt(best.similarity)} < ${MIN_QUOTE_SIMILARITY})`,
      best,
    );
  }
  if (best.evidence < Math.min(ENOUGH_EVIDENCE, MIN_SCORE * best.total)) {
    return orphan(
      `the best candidate agrees with ${fmt(share)} of the stored quote and context (< ${MIN_SCORE}, and fewer than ${ENOUGH_EVIDENCE} characters)`,
      best,
    );
  }
  if (rival && best.evidence - rival.evidence < AMBIGUITY_MARGIN) {
    return orphan(
      `two places fit about equally well (${fmt(share)} and ${fmt(rival.evidence / rival.total)}), so neither is taken`,
      best,
    );
  }
  const win = { start: best.start, end: best.end };
  return { status: 'anchored', method: methodOf(raw, win, stored, position), score: share, ...win };
}

/** The stored selector in the form stage 3 compares. */
function storedOf(exact: string, prefix: string, suffix: string, expected: number[]): Stored {
  const quote = collapseSpace(exact).text;
  const before = collapseSpace(prefix).text;
  const after = collapseSpace(suffix).text;
  const total =
    WEIGHTS.quote * quote.length +
    WEIGHTS.prefix * before.length +
    WEIGHTS.suffix * after.length +
    (expected.length > 0 ? WEIGHTS.position : 0);
  return {
    exact,
    prefix,
    suffix,
    quote,
    before,
    after,
    expected,
    total,
    maxErrors: Math.floor(quote.length * (1 - MIN_QUOTE_SIMILARITY)),
  };
}

/**
 * Windows clipped to the text, duplicates dropped. Overlapping windows are not merged: Myers
 * reports only the fewest-edit matches of a window, so a merged window could hide a near match
 * (the right place, one character changed) behind an exact one (a repeat elsewhere).
 */
function clipWindows(windows: Array<[number, number]>, length: number): Array<[number, number]> {
  const seen = new Set<string>();
  const out: Array<[number, number]> = [];
  for (const [a, b] of windows) {
    const w: [number, number] = [Math.max(0, a), Math.min(length, b)];
    const key = `${w[0]}:${w[1]}`;
    if (w[0] < w[1] && !seen.has(key)) {
      seen.add(key);
      out.push(w);
    }
  }
  return out;
}

/** One candidate per collapsed span, the exact occurrence kept when both exist. */
function dedupe(cands: Candidate[]): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const c of cands) {
    const key = `${c.cs}:${c.ce}`;
    const prev = seen.get(key);
    if (!prev || (c.raw && !prev.raw) || c.errors < prev.errors) seen.set(key, c);
  }
  return [...seen.values()];
}
