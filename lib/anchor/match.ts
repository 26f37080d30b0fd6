/**
 * Where is an annotation now? The re-anchoring rules, for one annotation on one page text.
 *
 * In this order, each result verified against the stored quote:
 * 1. **Position.** The stored `TextPositionSelector`, taken when the text there is the quote and
 *    the stored prefix and suffix stand right around it: nothing moved.
 * 2. **Exact quote.** Where the annotations before this one moved to (the batch's hints, give or
 *    take a line), the quote with its whole context, once; without any position, the one
 *    occurrence of the quote on the page that has its whole context around it.
 * 3. **Scored search**, on whitespace-collapsed text (a reflowed page costs nothing), cheapest
 *    first:
 *    a. near an expected position, the quote with its whole context (a re-wrapped page);
 *    b. near an expected position, the quote with a typo between its whole prefix and suffix;
 *    c. at a trusted position, the best alignment if it agrees with nearly all of the selector;
 *    d. the one place on the page with the quote and its whole context;
 *    e. everywhere: every exact occurrence of the quote, plus the places an approximate search
 *       finds (`align.ts`: Myers' algorithm from `approx-string-match`, where pieces of the quote
 *       and its context are found through the index of `search.ts`, and at the expected
 *       positions).
 *    Each candidate is scored by how many characters of the stored quote and context it agrees
 *    with ({@link WEIGHTS}). The best is taken only if it is similar enough to the quote
 *    ({@link MIN_QUOTE_SIMILARITY}), agrees with enough of the selector ({@link MIN_SCORE},
 *    {@link ENOUGH_EVIDENCE}), still has one side of its context if its text changed
 *    ({@link MIN_CONTEXT_FOR_CHANGED_QUOTE}), and is clearly better than any candidate elsewhere
 *    ({@link AMBIGUITY_MARGIN}; between equals, the expected position decides only when it clearly
 *    favours one, {@link POSITION_MARGIN}). Otherwise the annotation is an orphan: a wrong
 *    attachment is worse than an orphan, which the reader sees listed with its quote and can
 *    re-attach.
 *
 * The method reported is what the winner is: `position` when it is the stored span, `quote` when
 * it is an exact occurrence elsewhere, `fuzzy` when the page's text there differs from the quote
 * (whitespace included: a reflowed quote is found by the search, not by the exact rule).
 *
 * What is compared: the page text (`body.textContent`) as it is, code unit for code unit, except
 * that the search ignores how whitespace is laid out (`collapseSpace` of `lib/normalize.ts`, the
 * project's one normaliser, in its whitespace-only form). Traditional and Simplified characters
 * are NOT folded together, nor are full- and half-width forms: an annotation cites exact
 * characters; a page converted to the other script is a different text (its highlight would cover
 * characters the reader never chose); and folding makes short quotes collide (发/發/髮 and
 * 干/幹/乾 fold to one character). A converted page leaves its annotations as orphans, to be
 * re-attached by hand.
 */
import type { AnchorMethod, TextPositionSelector, TextQuoteSelector } from '../annotation/model.ts';
import { collapseSpace, isSpace } from '../normalize.ts';
import search from 'approx-string-match';
import { align, ALIGN_CHUNK, edits, frame, reversed, type Span } from './align.ts';
import { SearchText } from './search.ts';

/** The selectors an annotation is anchored from (as stored, or as imported). */
export interface AnchorSelectors {
  quote: TextQuoteSelector | null;
  position: TextPositionSelector | null;
}

/** A place rejected as too weak or tied, offered to a reader who re-attaches by hand. */
export interface Closest {
  start: number;
  end: number;
  score: number;
}

/** Where an annotation ended up on a text: a span, or an orphan with the reason. */
export type AnchorResult =
  | {
      status: 'anchored';
      method: AnchorMethod;
      /** The share of the stored quote and context the span agrees with, 0..1 (see WEIGHTS). */
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
      /** The best place found and rejected, or null when nothing came close. */
      closest: Closest | null;
    };

export interface AnchorOptions {
  /**
   * Where the quote is expected to start now, known better than the stored position (the batch
   * passes the stored start shifted as far as the annotations found around it moved). Looked at
   * first, and used to break ties between places the text cannot tell apart, as far as their
   * `spread` allows.
   */
  hints?: readonly Hint[];
  /** Guesses only looked at first (the batch's unconfirmed shift); they break no ties. */
  lookFirst?: readonly number[];
  /**
   * Whether the stored position may break ties (default true). The batch says false: on a page
   * whose text moved, the stored position points at whatever moved there (in a table of repeated
   * rows, a neighbouring row), so only positions confirmed by annotations found nearby count.
   */
  storedIsCurrent?: boolean;
  /**
   * Where the quote may start, in offsets of the new text: the batch passes the places of the
   * annotations before and after this one that were found with their whole context, because
   * annotations keep their order on a page. A copy of the passage elsewhere (a repeated table
   * row, a title repeated as a subtitle) is then not taken for it. Used by the scored search only.
   */
  bounds?: Bounds;
}

/**
 * An expected start and how far the truth may plausibly be from it. The stored position on an
 * unchanged page is exact ({@link POSITION_SCALE}); a shift learned from an annotation 3,000
 * characters away may be off by as much as everything in between was edited.
 */
export interface Hint {
  at: number;
  spread: number;
}

/** Inclusive limits for where a quote may start. */
export interface Bounds {
  min: number;
  max: number;
}

/** The scored search, waiting to run (see `beginAnchor`); it takes later-known options. */
export type PendingAnchor = (more?: AnchorOptions) => AnchorResult;

// ---------------------------------------------------------------------------------------------
// The weights and thresholds. Every stored character is one unit of evidence, wherever it is.

/**
 * How a candidate is scored, per character of the stored selector (after collapsing whitespace):
 *
 *   evidence = quote × (quote characters − edits)
 *            + prefix × prefix characters that agree + suffix × suffix characters that agree
 *   score    = evidence / (the same with everything agreeing)
 *
 * Why per character, and why all three alike: what identifies a passage is how much text around
 * it agrees, whichever field the text was stored in. A 4-character quote is found by its 64
 * characters of context, a 500-character quote by itself (its context barely matters). Fixed
 * per-field weights (Hypothesis: quote 50, prefix 20, suffix 20) treat a 4-character quote with no
 * agreeing context like a 500-character one: both pass or both fail.
 *
 * The position is deliberately not a weight. It is the first thing an edit breaks (every
 * character inserted above shifts it), so as evidence it would pull candidates toward where the
 * text used to be, for instance onto the tail of the right passage after a deletion above it.
 * It only breaks ties between places the text cannot tell apart ({@link POSITION_MARGIN}).
 */
export const WEIGHTS = Object.freeze({
  /** Per quote character: the quote is what the reader marked. */
  quote: 1,
  /**
   * Per prefix and per suffix character: context is as good evidence as the quote. A side that
   * no longer agrees (the paragraph before was rewritten) adds nothing and takes nothing away.
   */
  prefix: 1,
  suffix: 1,
});

/**
 * A candidate must be at least this similar to the quote: 1 − edits / quote length (collapsed).
 * One edit in four characters; a quote changed more than that is a different passage, whatever
 * its context says. (Hypothesis allows half the quote's length in edits.)
 */
export const MIN_QUOTE_SIMILARITY = 0.75;

/**
 * The least score a candidate must have, unless it agrees in {@link ENOUGH_EVIDENCE} characters
 * or more. It matters for short selectors (a quote with little or no context): such a selector
 * must agree nearly everywhere, so a 13-character quote with no context that now reads differently
 * in 3 places is not found.
 */
export const MIN_SCORE = 0.8;

/**
 * Agreeing characters that identify a passage whatever the score: as many as one full side of
 * context (32). So a long quote whose surroundings were all rewritten is still found, and so is a
 * short quote with one side of context intact (a paragraph inserted right before it); a short
 * quote whose context is gone on both sides is not (the same words elsewhere are not the passage).
 */
export const ENOUGH_EVIDENCE = 32;

/**
 * A quote that no longer reads the same (an edit beyond whitespace) is taken only where at least
 * this share of one side of its stored context still stands next to it. The text alone cannot
 * tell a passage edited in place from a similar one elsewhere (a measure and its row in the task
 * table say the same thing); a passage edited in place keeps at least one of its neighbours.
 */
export const MIN_CONTEXT_FOR_CHANGED_QUOTE = 0.5;

/**
 * The winner must agree with the stored selector in at least this many more characters than the
 * best candidate at any other place. One character is a typo either way; two is the least
 * difference taken as a difference. Closer than that, the places are "about equally good": the
 * position may decide ({@link POSITION_MARGIN}), or the annotation becomes an orphan.
 */
export const AMBIGUITY_MARGIN = 2;

/** Characters over which nearness to an expected position falls to 1/e (about a line of text). */
export const POSITION_SCALE = 32;

/**
 * Between places the text cannot tell apart, the one nearest an expected position (the stored one,
 * or where the annotations before moved to) is taken if its nearness, e^(−distance /
 * {@link POSITION_SCALE}), beats every other's by this much: the right row of a table whose rows
 * repeat the same cells, or the right one of two repeats 30 characters apart. Two places far from
 * where the annotation was are not told apart by which is less far.
 */
export const POSITION_MARGIN = 0.5;

/**
 * Characters of stored context that must stand, exactly, around an edited quote where the
 * annotation was before that place vetoes a copy elsewhere (`editedInPlace`): enough that it
 * cannot stand there by chance.
 */
const MIN_EDITED_CONTEXT = 16;

/**
 * The share of the selector a span at a trusted position must agree with to be taken without
 * looking elsewhere (stage 3c): one character in ten may differ, quote and context together (a
 * changed character, a re-wrapped line, a word inserted nearby).
 */
const IN_PLACE_SHARE = 0.9;

/**
 * A span at an expected position with all of its context around it is taken as delimited by it
 * when it differs from the quote in at most this many characters (a typo fixed, a character
 * changed). More, and the difference may be a sentence inserted between the context and the
 * quote, which the quote as marked must not absorb: the spans around are compared too.
 */
const DELIMITED_EDITS = 2;

/** Characters of a context side looked for near a position before aligning there (stage 3c). */
const CONTEXT_PIECE = 6;

/**
 * Stage 3c takes a span at a position known to within a few lines (the stored one on a page known
 * not to have moved, or a shift learned from an annotation close by) as it is. A shift learned
 * 3,000 characters away may have drifted onto a look-alike (the next row of a table): there the
 * span must also have no exact rival elsewhere.
 */
const IN_PLACE_SPREAD = 4 * POSITION_SCALE;

/** Exact occurrences of a quote examined at most (a one-character quote on a long page). */
const MAX_OCCURRENCES = 10_000;

/** Exact occurrences scored in stage 3: the ones whose context agrees best at a glance. */
const MAX_SCORED_OCCURRENCES = 48;

/**
 * How far around an expected position the wide window reaches (it may be off by what was edited
 * nearby). Each expected position also gets a window pinned to it (see `align.ts`).
 */
const WIDE_WINDOW = 32;

// ---------------------------------------------------------------------------------------------

/** The stored selector, whitespace-collapsed, as stage 3 compares it. */
interface Stored {
  exact: string;
  prefix: string;
  suffix: string;
  quote: string;
  before: string;
  after: string;
  /** Raw offsets where the quote may be expected to start (stored start, hints, guesses). */
  expected: number[];
  /** The ones that may break ties (see `AnchorOptions`). */
  trusted: Hint[];
  maxErrors: number;
}

/** A place in the collapsed text the quote may be, with its edits. */
interface Candidate {
  cs: number;
  ce: number;
  errors: number;
  /** The raw span, when the candidate is an exact occurrence of the quote in the raw text. */
  raw: { start: number; end: number } | null;
}

interface Scored extends Candidate {
  evidence: number;
  /** What full agreement would be worth at this place (context beyond the page's edge left out). */
  total: number;
  /** The share of the better-kept side of the context that agrees (1 when none is stored). */
  context: number;
  /** Whether all of the context compared agrees (on both sides). */
  contextWhole: boolean;
  similarity: number;
  /** Nearness to the nearest expected position, 0..1. */
  near: number;
  start: number;
  end: number;
}

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

/** Whether the stored prefix and suffix stand exactly around raw span [start, end). */
function contextHolds(text: string, start: number, end: number, prefix: string, suffix: string): boolean {
  return (
    start >= prefix.length && text.startsWith(prefix, start - prefix.length) && text.startsWith(suffix, end)
  );
}

/** Nearness to the nearest expected position: 1 at the spot, 1/e at {@link POSITION_SCALE}. */
function nearness(start: number, expected: readonly Hint[]): number {
  let best = 0;
  for (const e of expected) best = Math.max(best, Math.exp(-Math.abs(start - e.at) / e.spread));
  return best;
}

/**
 * How many characters of a stored context agree with the page beside a candidate: the context's
 * length minus the edits of its best alignment that ends right at the candidate (a prefix) or
 * starts right there (a suffix, aligned reversed). `side` is the page text on that side, a little
 * longer than the context, nearest character last for a prefix and first for a suffix. Page
 * characters between the candidate and the context count as edits: the context must stand at
 * the candidate, give or take what was inserted there.
 */
function agreeing(context: string, side: string, isPrefix: boolean): number {
  if (context === '') return 0;
  if (isPrefix ? side.endsWith(context) : side.startsWith(context)) return context.length;
  const s = isPrefix ? side : reversed(side);
  const c = isPrefix ? context : reversed(context);
  // A frame at the candidate's edge of both: only alignments that reach the candidate count.
  const f = frame(c.length + 1);
  const lost = search(s + f, c + f, c.length)[0]?.errors ?? c.length;
  return c.length - Math.min(lost, c.length);
}

/**
 * A raw span found through the collapsed text, with the whitespace the quote has at its edges
 * (a selection that took the space or line break after a sentence): collapsing drops that
 * whitespace or makes one space of a whole run, so the span is cut to its non-space characters
 * and widened over as much whitespace as the quote had, where the page has whitespace there.
 */
function withEdges(
  raw: string,
  exact: string,
  span: { start: number; end: number },
): { start: number; end: number } {
  let lead = 0;
  while (lead < exact.length && isSpace(exact[lead] as string)) lead++;
  let trail = 0;
  while (trail < exact.length - lead && isSpace(exact[exact.length - 1 - trail] as string)) trail++;
  // The page's characters the match stands for, without whitespace at its edges (a collapsed
  // space stands for a whole run)…
  let { start, end } = span;
  while (start < end && isSpace(raw[start] as string)) start++;
  while (end > start && isSpace(raw[end - 1] as string)) end--;
  // …then as much whitespace either side as the quote has there, where the page has it.
  for (let k = 0; k < lead && start > 0 && isSpace(raw[start - 1] as string); k++) start--;
  for (let k = 0; k < trail && end < raw.length && isSpace(raw[end] as string); k++) end++;
  return { start, end };
}

/** Scores a candidate (see {@link WEIGHTS}). */
function score(st: SearchText, stored: Stored, c: Candidate): Scored {
  const text = st.collapsed.text;
  // Context that would lie beyond the page's edge cannot agree or disagree: it is not compared.
  const before = stored.before.slice(Math.max(0, stored.before.length - c.cs));
  const after = stored.after.slice(0, Math.max(0, text.length - c.ce));
  const sideBefore = text.slice(Math.max(0, c.cs - before.length - Math.ceil(before.length / 2)), c.cs);
  const sideAfter = text.slice(c.ce, c.ce + after.length + Math.ceil(after.length / 2));
  const { start, end } = c.raw ?? withEdges(st.text, stored.exact, st.toRaw(c.cs, c.ce));
  const quoteChars = stored.quote.length - c.errors;
  const prefixChars = agreeing(before, sideBefore, true);
  const suffixChars = agreeing(after, sideAfter, false);
  const evidence = WEIGHTS.quote * quoteChars + WEIGHTS.prefix * prefixChars + WEIGHTS.suffix * suffixChars;
  const total =
    WEIGHTS.quote * stored.quote.length + WEIGHTS.prefix * before.length + WEIGHTS.suffix * after.length;
  const sides = [
    before.length > 0 ? prefixChars / before.length : -1,
    after.length > 0 ? suffixChars / after.length : -1,
  ];
  const context = Math.max(...sides) < 0 ? 1 : Math.max(...sides);
  const similarity = quoteChars / stored.quote.length;
  const near = nearness(start, stored.trusted);
  const contextWhole = prefixChars === before.length && suffixChars === after.length;
  return { ...c, evidence, total, context, contextWhole, similarity, near, start, end };
}

/** Exact occurrences for stage 3: the ones whose context agrees best at a glance, and the nearest. */
function pickOccurrences(text: string, occurrences: readonly number[], stored: Stored): number[] {
  if (occurrences.length <= MAX_SCORED_OCCURRENCES) return [...occurrences];
  const len = stored.exact.length;
  const p = stored.prefix;
  const s = stored.suffix;
  const glance = (o: number): number => {
    let k = 0;
    while (k < p.length && o - k - 1 >= 0 && text[o - k - 1] === p[p.length - k - 1]) k++;
    let j = 0;
    while (j < s.length && text[o + len + j] === s[j]) j++;
    return k + j + nearness(o, stored.trusted);
  };
  return occurrences
    .map((o) => ({ o, g: glance(o) }))
    .sort((a, b) => b.g - a.g || a.o - b.o)
    .slice(0, MAX_SCORED_OCCURRENCES)
    .map((x) => x.o);
}

/** The method a winning span stands for. */
function methodOf(
  text: string,
  win: { start: number; end: number },
  exact: string,
  position: TextPositionSelector | null,
): AnchorMethod {
  if (text.slice(win.start, win.end) !== exact) return 'fuzzy';
  return position && position.start === win.start && position.end === win.end ? 'position' : 'quote';
}

/** A position selector that fits the text, or null. */
function usablePosition(p: TextPositionSelector | null, length: number): TextPositionSelector | null {
  if (!p || !Number.isInteger(p.start) || !Number.isInteger(p.end)) return null;
  return p.start >= 0 && p.start <= p.end && p.end <= length ? p : null;
}

/**
 * Anchors one annotation on a page text. `text` may be a {@link SearchText} shared by many calls
 * (its collapsed text and index are then built once), or a plain string.
 */
export function anchor(
  text: string | SearchText,
  selectors: AnchorSelectors,
  options: AnchorOptions = {},
): AnchorResult {
  const st = typeof text === 'string' ? new SearchText(text) : text;
  const first = beginAnchor(st, selectors, options);
  return typeof first === 'function' ? first(options) : first;
}

/**
 * The rules in two steps, for callers that slice their work (`batch.ts`): the result when the
 * position or an exact occurrence with its whole context decides (cheap: no collapsed text, no
 * index), or else the scored search as a function to call, with options known only later (bounds
 * from the annotations around); it builds `st`'s collapsed text and index if they are missing (run
 * `st.prepareSteps()` first to build them in slices).
 */
export function beginAnchor(
  st: SearchText,
  selectors: AnchorSelectors,
  options: AnchorOptions = {},
): AnchorResult | PendingAnchor {
  const raw = st.text;
  const q = selectors.quote;
  if (!q) return orphan('no TextQuoteSelector: a position alone cannot be checked against the page');
  const exact = q.exact;
  const prefix = q.prefix ?? '';
  const suffix = q.suffix ?? '';
  if (exact === '') return orphan('the quote is empty');
  const position = usablePosition(selectors.position, raw.length);
  const fits = (h: number): boolean => Number.isInteger(h) && h >= 0 && h <= raw.length;
  const stored =
    selectors.position && Number.isInteger(selectors.position.start) ? selectors.position.start : null;
  const hints = (options.hints ?? []).filter((h) => fits(h.at) && h.spread > 0);
  const guesses = [...hints.map((h) => h.at), ...(options.lookFirst ?? []).filter(fits)];
  const expected = [...new Set([...(stored === null ? [] : [stored]), ...guesses])];

  // 1. The stored position, with its whole context.
  if (
    position &&
    raw.slice(position.start, position.end) === exact &&
    contextHolds(raw, position.start, position.end, prefix, suffix)
  ) {
    return { status: 'anchored', method: 'position', score: 1, start: position.start, end: position.end };
  }

  // 2a. Where the annotations before this one moved to (give or take a line: whitespace
  // re-wrapped between them), with its whole context, when it is there just once.
  const found = new Set<number>();
  for (const h of guesses) {
    const from = Math.max(0, h - WIDE_WINDOW);
    const around = raw.slice(from, h + WIDE_WINDOW + exact.length);
    for (let i = around.indexOf(exact); i !== -1; i = around.indexOf(exact, i + 1)) {
      if (contextHolds(raw, from + i, from + i + exact.length, prefix, suffix)) found.add(from + i);
    }
  }
  if (found.size === 1) {
    const at = [...found][0] as number;
    const win = { start: at, end: at + exact.length };
    return { status: 'anchored', method: methodOf(raw, win, exact, position), score: 1, ...win };
  }

  // 2b. Without a position, the one occurrence with its whole context is the passage. With a
  // position, stage 3 decides: an exact copy elsewhere must not beat the passage where the
  // annotation was with one character changed (pages repeat sentences: a measure and its row in
  // the task table).
  if (expected.length === 0) {
    const occurrences = st.occurrences(exact, MAX_OCCURRENCES);
    const whole = occurrences.filter((o) => contextHolds(raw, o, o + exact.length, prefix, suffix));
    if (whole.length === 1) {
      const at = whole[0] as number;
      return { status: 'anchored', method: 'quote', score: 1, start: at, end: at + exact.length };
    }
    if (whole.length > 1) {
      return orphan(
        prefix === '' && suffix === ''
          ? `the quote occurs ${whole.length} times, and with no context or position nothing tells them apart`
          : `the quote occurs ${whole.length} times with the same context, and there is no position to choose by`,
      );
    }
  }

  // A quote of whitespace only is found with its whole context or not at all: apart from it,
  // whitespace says nothing about where a passage is.
  if ([...exact].every((ch) => isSpace(ch))) {
    const whole = st
      .occurrences(exact, MAX_OCCURRENCES)
      .filter((o) => contextHolds(raw, o, o + exact.length, prefix, suffix));
    if (whole.length === 1) {
      const at = whole[0] as number;
      return {
        status: 'anchored',
        method: methodOf(raw, { start: at, end: at + exact.length }, exact, position),
        score: 1,
        start: at,
        end: at + exact.length,
      };
    }
    return orphan('the quote is only whitespace, and it is not on the page with its context just once');
  }

  // 3. Scored search over the exact occurrences and the approximate matches.
  const quote = collapseSpace(exact).text;
  const before = collapseSpace(prefix).text;
  const after = collapseSpace(suffix).text;
  const maxErrors = Math.floor(quote.length * (1 - MIN_QUOTE_SIMILARITY));
  return (more = {}) => {
    const current = (more.storedIsCurrent ?? options.storedIsCurrent ?? true) && stored !== null;
    const confirmed = [...hints, ...(more.hints ?? []).filter((h) => fits(h.at) && h.spread > 0)];
    const trusted = [...(current ? [{ at: stored, spread: POSITION_SCALE }] : []), ...confirmed];
    const all = [
      ...new Set([...expected, ...confirmed.map((h) => h.at), ...(more.lookFirst ?? []).filter(fits)]),
    ];
    const s: Stored = { exact, prefix, suffix, quote, before, after, expected: all, trusted, maxErrors };
    return scoredSearch(st, s, position, more.bounds ?? null);
  };
}

/** Stage 3 (see the module comment). */
function scoredSearch(
  st: SearchText,
  stored: Stored,
  position: TextPositionSelector | null,
  bounds: Bounds | null,
): AnchorResult {
  const raw = st.text;
  const { exact, expected } = stored;
  const inBounds = (start: number): boolean => !bounds || (start >= bounds.min && start <= bounds.max);

  // 3a. Near an expected position (within a line), the quote with its whole context but for
  // whitespace (a re-indented page): taken at once when it is there once.
  // (In the collapsed text, so that a quote whose own lines were re-wrapped is found too.)
  const collapsed = st.collapsed.text;
  const nearby = new Map<number, { start: number; end: number }>();
  for (const e of expected) {
    const c = st.toCollapsed(e);
    const from = Math.max(0, c - WIDE_WINDOW);
    const around = collapsed.slice(from, c + WIDE_WINDOW + stored.quote.length);
    for (let i = around.indexOf(stored.quote); i !== -1; i = around.indexOf(stored.quote, i + 1)) {
      const cs = from + i;
      if (!wholeAt(collapsed, stored, cs, cs + stored.quote.length)) continue;
      const span = withEdges(raw, exact, st.toRaw(cs, cs + stored.quote.length));
      if (inBounds(span.start)) nearby.set(span.start, span);
    }
  }
  if (nearby.size === 1) {
    const span = [...nearby.values()][0] as { start: number; end: number };
    return { status: 'anchored', method: methodOf(raw, span, exact, position), score: 1, ...span };
  }

  // 3b. Near an expected position, the stored prefix and suffix both read as stored around text
  // within the allowed edits of the quote (a character changed in place): taken when it is so
  // once. String comparisons and one alignment, no search.
  const framed = framedNear(st, stored, inBounds);
  if (framed) {
    const span = { start: framed.start, end: framed.end };
    const score = framed.evidence / framed.total;
    return { status: 'anchored', method: methodOf(raw, span, exact, position), score, ...span };
  }

  // 3c. Right where a trusted position says, nearly whole: taken without searching the page.
  const here = inPlace(st, stored, inBounds);
  if (here) {
    const span = { start: here.start, end: here.end };
    const score = here.evidence / here.total;
    return { status: 'anchored', method: methodOf(raw, span, exact, position), score, ...span };
  }

  // 3d. The one place where the quote and its whole context read as stored but for whitespace
  // (a reflowed page), unless the context still stands where the annotation was, around an
  // edited quote.
  const whole = wholeCollapsed(st, stored).filter((c) => inBounds(c.start));
  if (whole.length === 1 && editedInPlace(raw, stored, whole[0] as Scored) === null) {
    const w = whole[0] as Scored;
    const span = { start: w.start, end: w.end };
    return { status: 'anchored', method: methodOf(raw, span, exact, position), score: 1, ...span };
  }

  // 3e. Everywhere: exact occurrences, and approximate matches where pieces of the selector are.
  const cands: Candidate[] = [];
  const occurrences = st.exactOccurrences(exact, MAX_OCCURRENCES);
  for (const o of pickOccurrences(raw, occurrences, stored)) {
    const span = { start: o, end: o + exact.length };
    cands.push({ cs: st.toCollapsed(span.start), ce: st.toCollapsed(span.end), errors: 0, raw: span });
  }
  const text = st.collapsed.text;
  const m = stored.quote.length;
  const k = stored.maxErrors;
  const windows: Array<[number, number, boolean]> = [];
  const pattern = stored.before + stored.quote + stored.after;
  // A long quote's pieces agree so much more at its place than anywhere else that two regions
  // are plenty; each costs an alignment of the whole quote.
  const regions = st.seedRegions(pattern, stored.before.length, k + 2);
  for (const r of m > ALIGN_CHUNK ? regions.slice(0, 2) : regions) {
    windows.push([r.from - k, r.to + m + k, false]);
  }
  for (const e of expected) {
    if (e < 0 || e > raw.length) continue;
    const c = st.toCollapsed(e);
    windows.push([c, c + m + k, true], [c - k - WIDE_WINDOW, c + m + k + WIDE_WINDOW, false]);
  }
  for (const [a, b, pinned] of clipWindows(windows, text.length)) {
    for (const s of align(text, stored.quote, k, a, b, pinned)) {
      cands.push({ cs: s.start, ce: s.end, errors: s.errors, raw: null });
    }
  }
  if (cands.length === 0) return orphan('the quote is not on the page, not even approximately');
  const kept = dedupe(cands).filter((c) => inBounds(c.raw ? c.raw.start : st.toRaw(c.cs, c.ce).start));
  if (kept.length === 0) {
    return orphan(
      'the quote is on the page only out of order (before or after annotations that were around it): a copy, not the passage',
    );
  }
  // Scored best-first by what they could at most be worth; past the point where even full
  // agreement of their context could not come within the margin of the best, none matters.
  const full = stored.before.length + stored.after.length;
  kept.sort((a, b) => a.errors - b.errors);
  const scored: Scored[] = [];
  let top = -Infinity;
  for (const c of kept) {
    if (stored.quote.length - c.errors + full < top - AMBIGUITY_MARGIN) break;
    const x = score(st, stored, c);
    scored.push(x);
    top = Math.max(top, x.evidence);
  }
  const best = choose(scored, exact.length, stored.trusted.length > 0);
  const fmt = (x: number): string => x.toFixed(2);
  if ('tied' in best) {
    const [a, b] = best.tied;
    return orphan(
      `two places fit about equally well (${fmt(a.evidence / a.total)} and ${fmt(b.evidence / b.total)}), and what the text and the position say does not single one out`,
      a,
    );
  }
  const win = best.winner;
  const share = win.evidence / win.total;
  // The stored context still stands where the annotation was expected, around text that no longer
  // reads as the quote: the passage is there, edited beyond recognition. A copy elsewhere (a table
  // row repeated word for word) is not it.
  const edited = editedInPlace(raw, stored, win);
  if (edited !== null) {
    return orphan(
      `the quote's context is still at ${edited}, where the annotation was, but the text between reads differently`,
      win,
    );
  }
  if (win.similarity < MIN_QUOTE_SIMILARITY) {
    return orphan(
      `the closest text differs from the quote in ${win.errors} of ${m} characters (similarity ${fmt(win.similarity)} < ${MIN_QUOTE_SIMILARITY})`,
      win,
    );
  }
  if (win.evidence < Math.min(ENOUGH_EVIDENCE, MIN_SCORE * win.total)) {
    return orphan(
      `the best place agrees with ${fmt(share)} of the stored quote and context (< ${MIN_SCORE}, and fewer than ${ENOUGH_EVIDENCE} characters)`,
      win,
    );
  }
  if (win.errors > 0 && win.context < MIN_CONTEXT_FOR_CHANGED_QUOTE) {
    return orphan(
      `the closest text differs from the quote and neither side of its context is still there (${fmt(win.context)} < ${MIN_CONTEXT_FOR_CHANGED_QUOTE})`,
      win,
    );
  }
  const span = { start: win.start, end: win.end };
  return { status: 'anchored', method: methodOf(raw, span, exact, position), score: share, ...span };
}

/**
 * The one span near an expected position (within {@link WIDE_WINDOW}) that the stored prefix ends
 * right before and the stored suffix starts right after (both whole, collapsed, and long enough
 * to mean something: {@link MIN_EDITED_CONTEXT} together), and that differs from the quote in at
 * most {@link DELIMITED_EDITS} characters; null when there is none or more than one.
 */
function framedNear(st: SearchText, stored: Stored, inBounds: (start: number) => boolean): Scored | null {
  const text = st.collapsed.text;
  const { quote, before, after, maxErrors: k } = stored;
  if (before.length + after.length < MIN_EDITED_CONTEXT || before.length === 0 || after.length === 0)
    return null;
  const found = new Map<string, Scored>();
  for (const e of stored.expected) {
    const c = st.toCollapsed(e);
    const from = Math.max(0, c - WIDE_WINDOW - before.length);
    const around = text.slice(from, c + WIDE_WINDOW);
    for (let i = around.indexOf(before); i !== -1; i = around.indexOf(before, i + 1)) {
      const cs = from + i + before.length;
      for (let ce = Math.max(cs + 1, cs + quote.length - k); ce <= cs + quote.length + k; ce++) {
        if (!text.startsWith(after, ce) || found.has(`${cs}:${ce}`)) continue;
        const span = text.slice(cs, ce);
        // More edits than a typo's may be text inserted next to the quote (not part of it).
        const errors = span === quote ? 0 : edits(span, quote, Math.min(k, DELIMITED_EDITS));
        if (errors === Infinity) continue;
        const c2 = score(st, stored, { cs, ce, errors, raw: null });
        if (inBounds(c2.start) && acceptable(c2)) found.set(`${cs}:${ce}`, c2);
      }
    }
  }
  // Several ends for one start (the suffix begins with what the quote ends with): the fewest edits.
  const best = [...found.values()].sort((a, b) => a.errors - b.errors || b.evidence - a.evidence);
  const starts = new Set(best.map((b) => b.cs));
  return starts.size === 1 ? (best[0] as Scored) : null;
}

/**
 * The best span at a trusted position (the surest first), when it agrees with at least
 * {@link IN_PLACE_SHARE} of the selector and nothing around it is about as good; or null. This is the common case on an edited
 * page (a character changed, a line re-wrapped: the text is where the annotations around it say),
 * and it needs one small alignment instead of a search of the whole page. A passage found whole
 * where it is expected is the passage, whatever look-alikes the page holds elsewhere.
 */
function inPlace(st: SearchText, stored: Stored, inBounds: (start: number) => boolean): Scored | null {
  const text = st.collapsed.text;
  const m = stored.quote.length;
  const k = stored.maxErrors;
  for (const h of [...stored.trusted].sort((a, b) => a.spread - b.spread)) {
    if (!inBounds(h.at)) continue;
    const c = st.toCollapsed(h.at);
    if (c >= text.length) continue;
    // Nearly all of the selector must agree here, so a piece of its context at least must stand
    // near the position as stored; where none does, no alignment is tried.
    const near = text.slice(
      Math.max(0, c - k - WIDE_WINDOW - CONTEXT_PIECE),
      c + m + k + WIDE_WINDOW + CONTEXT_PIECE,
    );
    const pieces = [stored.before.slice(-CONTEXT_PIECE), stored.after.slice(0, CONTEXT_PIECE)].filter(
      (p) => p !== '',
    );
    if (pieces.length > 0 && !pieces.some((p) => near.includes(p))) continue;
    // Pinned to the position. A span there with all of its context around it is delimited by
    // it; otherwise look around too: the position may be off by a few characters.
    const toScored = (spans: Span[]): Scored[] =>
      dedupe(spans.map((s) => ({ cs: s.start, ce: s.end, errors: s.errors, raw: null })))
        .map((x) => score(st, stored, x))
        .filter((x) => inBounds(x.start));
    const pinned = toScored(align(text, stored.quote, k, c, Math.min(text.length, c + m + k), true));
    const from = Math.max(0, c - k - WIDE_WINDOW);
    const to = Math.min(text.length, c + m + k + WIDE_WINDOW);
    const delimited = pinned
      .filter((x) => x.contextWhole && x.errors <= DELIMITED_EDITS)
      .sort((a, b) => a.errors - b.errors)[0];
    const scored = delimited
      ? [delimited]
      : [...pinned, ...toScored(align(text, stored.quote, k, from, to, false))];
    if (scored.length === 0) continue;
    const pick = choose(scored, stored.exact.length, true);
    if ('winner' in pick) {
      const w = pick.winner;
      // A span against an edge of the window may be cut short by it: the full search decides.
      // (A cut costs edits, so a cut span can end a few characters short of the edge.)
      const near = k + 2;
      const cut = !delimited && ((w.cs < from + near && from > 0) || (w.ce > to - near && to < text.length));
      if (cut || w.evidence < IN_PLACE_SHARE * w.total || !acceptable(w)) continue;
      // A position learned far away may have drifted onto a look-alike (the next row of a table):
      // then the quote must not occur about as well anywhere else.
      if (h.spread <= IN_PLACE_SPREAD || !rivalledExactly(st, stored, w)) return w;
    }
  }
  return null;
}

/**
 * The places where the collapsed quote stands with its whole collapsed context (all of it that
 * lies within the page), scored; an empty list when there are too many to look at.
 */
function wholeCollapsed(st: SearchText, stored: Stored): Scored[] {
  const text = st.collapsed.text;
  const { quote } = stored;
  const at = st.collapsedOccurrences(quote, MAX_SCORED_OCCURRENCES + 1);
  if (at.length > MAX_SCORED_OCCURRENCES) return [];
  return at
    .filter((cs) => wholeAt(text, stored, cs, cs + quote.length))
    .map((cs) => score(st, stored, { cs, ce: cs + quote.length, errors: 0, raw: null }));
}

/**
 * Whether collapsed span [cs, ce) is the collapsed quote with all of the collapsed context that
 * fits within the page around it (and enough context to mean something).
 */
function wholeAt(text: string, stored: Stored, cs: number, ce: number): boolean {
  const { quote, before, after } = stored;
  if (before.length + after.length < MIN_EDITED_CONTEXT || ce - cs !== quote.length) return false;
  const b = before.slice(Math.max(0, before.length - cs));
  return (
    text.startsWith(quote, cs) &&
    text.startsWith(b, cs - b.length) &&
    text.startsWith(after.slice(0, text.length - ce), ce)
  );
}

/**
 * Whether the collapsed quote occurs exactly somewhere other than `w` with about as much of its
 * context (within {@link AMBIGUITY_MARGIN} of `w`), or so often that it cannot be checked.
 */
function rivalledExactly(st: SearchText, stored: Stored, w: Scored): boolean {
  const at = st.collapsedOccurrences(stored.quote, MAX_SCORED_OCCURRENCES + 1);
  if (at.length > MAX_SCORED_OCCURRENCES) return true;
  for (const cs of at) {
    const ce = cs + stored.quote.length;
    if (cs < w.ce && w.cs < ce) continue;
    const r = score(st, stored, { cs, ce, errors: 0, raw: null });
    if (r.evidence > w.evidence - AMBIGUITY_MARGIN) return true;
  }
  return false;
}

/**
 * An expected position (not under `win`) where the stored prefix ends and the stored suffix
 * begins about a quote's length later, exactly as stored; null when there is none. Only a
 * selector with some context can say this.
 */
function editedInPlace(raw: string, stored: Stored, win: { start: number; end: number }): number | null {
  const { exact, prefix, suffix } = stored;
  if (prefix.length + suffix.length < MIN_EDITED_CONTEXT) return null;
  for (const e of stored.expected) {
    if (e >= win.start && e < Math.max(win.end, win.start + 1)) continue;
    if (e < prefix.length || !raw.startsWith(prefix, e - prefix.length)) continue;
    for (let d = -stored.maxErrors; d <= stored.maxErrors; d++) {
      const end = e + exact.length + d;
      if (end > e && raw.startsWith(suffix, end) && raw.slice(e, end) !== exact) return e;
    }
  }
  return null;
}

/**
 * The winning candidate, or the two places that tie. Candidates that overlap are one place with
 * its edges in doubt. The place's span is its best-scoring one (between equals, the nearest an
 * expected position: in "0000000" every shift reads the same). A span inside it, or around it,
 * within one character of its score is preferred when it has fewer edits to the quote (text
 * inserted at the quote's edge costs the same as part of the quote or of the context: it is kept
 * out of the quote, as the reader marked it), then when it is as long as the quote. Between places, the best must lead by {@link AMBIGUITY_MARGIN};
 * places within that are told apart only by the position ({@link POSITION_MARGIN}).
 */
function choose(
  scored: Scored[],
  quoteLength: number,
  positioned: boolean,
): { winner: Scored } | { tied: [Scored, Scored] } {
  scored.sort(
    (a, b) => b.evidence - a.evidence || b.near - a.near || Number(b.raw !== null) - Number(a.raw !== null),
  );
  const places: Scored[][] = [];
  for (const c of scored) {
    const place = places.find((p) => p.some((o) => c.cs < o.ce && o.cs < c.ce));
    if (place) place.push(c);
    else places.push([c]);
  }
  const nested = (a: Scored, b: Scored): boolean =>
    (a.cs >= b.cs && a.ce <= b.ce) || (b.cs >= a.cs && b.ce <= a.ce);
  const spanOf = (place: Scored[]): Scored => {
    const top = place[0] as Scored;
    return place
      .filter((c) => c === top || (c.evidence >= top.evidence - 1 && nested(c, top)))
      .sort(
        (a, b) =>
          a.errors - b.errors ||
          Math.abs(a.end - a.start - quoteLength) - Math.abs(b.end - b.start - quoteLength) ||
          b.near - a.near ||
          b.evidence - a.evidence,
      )[0] as Scored;
  };
  const reps = places.map(spanOf).sort((a, b) => b.evidence - a.evidence);
  const first = reps[0] as Scored;
  const close = reps.filter((r) => r.evidence > first.evidence - AMBIGUITY_MARGIN);
  let winner: Scored | null = close.length === 1 ? first : null;
  if (!winner && positioned) {
    close.sort((a, b) => b.near - a.near);
    const [a, b] = close as [Scored, Scored];
    if (a.near - b.near >= POSITION_MARGIN) winner = a;
  }
  if (!winner) return { tied: [close[0] as Scored, close[1] as Scored] };
  // The text prefers one place, but an acceptable other one is clearly where the annotation
  // should be: the two kinds of evidence disagree, and neither is taken.
  const w = winner;
  const there = reps.find((r) => r !== w && r.near - w.near >= POSITION_MARGIN && acceptable(r));
  return there ? { tied: [w, there] } : { winner: w };
}

/** Whether a candidate passes the thresholds (see the module comment). */
function acceptable(c: Scored): boolean {
  return (
    c.similarity >= MIN_QUOTE_SIMILARITY &&
    c.evidence >= Math.min(ENOUGH_EVIDENCE, MIN_SCORE * c.total) &&
    (c.errors === 0 || c.context >= MIN_CONTEXT_FOR_CHANGED_QUOTE)
  );
}

/**
 * Windows clipped to the text, duplicates dropped. Overlapping windows are not merged: Myers
 * reports only a window's fewest-edit matches, so a merged window could hide a near match (the
 * right place, one character changed) behind an exact one (a repeat elsewhere).
 */
function clipWindows(
  windows: Array<[number, number, boolean]>,
  length: number,
): Array<[number, number, boolean]> {
  const seen = new Set<string>();
  const out: Array<[number, number, boolean]> = [];
  for (const [a, b, pinned] of windows) {
    // A pinned window keeps its start: it is where the quote is expected to begin.
    if (pinned && (a < 0 || a >= length)) continue;
    const w: [number, number, boolean] = [Math.max(0, a), Math.min(length, b), pinned];
    const key = w.join(':');
    if (w[0] < w[1] && !seen.has(key)) {
      seen.add(key);
      out.push(w);
    }
  }
  return out;
}

/** One candidate per collapsed span; the exact occurrence kept when both exist. */
function dedupe(cands: Candidate[]): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const c of cands) {
    const key = `${c.cs}:${c.ce}`;
    const prev = seen.get(key);
    if (!prev || (c.raw && !prev.raw) || c.errors < prev.errors) seen.set(key, c);
  }
  return [...seen.values()];
}
