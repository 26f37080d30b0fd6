/**
 * The side-by-side view of two measures: each cut into clauses, and each clause marked by what the
 * other measure has of it.
 *
 * - **same wording** (`same`): the other text contains the clause, allowing one character in
 *   {@link ERRORS_PER_CHAR}'s share to differ (a port's name, 通关 → 放行), found with Myers'
 *   approximate matching (approx-string-match) on normalised text, so Simplified and Traditional,
 *   full-width and half-width compare equal;
 * - **same instrument** (`instrument`): the wording differs, but the clause names a policy
 *   instrument the other measure names too (by the thesaurus, folded as the cards group them:
 *   预约通关 counts as 全天候通关) — how ports say the same thing in their own words;
 * - **new** (`new`): neither; what this measure adds.
 *
 * Clauses end at sentence marks (。；！？) and at commas and colons, the units a reader compares;
 * a clause is kept with its punctuation, so the clauses of a text are the whole text.
 */
import search from 'approx-string-match';
import { normalizeText } from '../normalize.ts';
import type { LibraryCorpus } from './corpus.ts';

/**
 * Differences allowed per character of a clause for it to count as the same wording: one in four
 * lets a place name or a verb differ in a clause of a dozen characters, while two clauses that only
 * share a few common words (提高, 通关) stay apart.
 */
export const ERRORS_PER_CHAR = 0.25;

/**
 * Clauses shorter than this (normalised characters) count as the same wording only when found
 * exactly: with a quarter of errors allowed, a four-character clause would match almost anywhere.
 */
export const MIN_FUZZY_CHARS = 8;

/** What the other measure has of a clause. */
export type ClauseKind = 'same' | 'instrument' | 'new';

/** One clause of a text, where it is, and how it compares. */
export interface Clause {
  text: string;
  start: number;
  end: number;
  kind: ClauseKind;
  /** For `instrument`: the shared instruments the clause names (thesaurus concept ids). */
  instruments: string[];
}

/** Clause ends: sentence marks, commas, colons (full- and half-width), and line breaks. */
const CLAUSE_END = /[。；;！!？?，,：:\n]+/gu;

/** A text cut into clauses with their offsets; together they are the whole text. */
export function splitClauses(text: string): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = [];
  let at = 0;
  CLAUSE_END.lastIndex = 0;
  for (let m = CLAUSE_END.exec(text); m !== null; m = CLAUSE_END.exec(text)) {
    const end = m.index + m[0].length;
    if (end > at) out.push({ text: text.slice(at, end), start: at, end });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), start: at, end: text.length });
  return out;
}

/** The part of a clause that is compared: normalised, without its punctuation. */
function core(clause: string): string {
  return normalizeText(clause).replace(/[\s.,;:!?'"()[\]、\-。；，：]+/gu, '');
}

/** Whether `text` (already a core) holds `clause` (a core) as the same wording. */
export function sameWording(clause: string, text: string): boolean {
  if (clause === '') return true;
  if (text.includes(clause)) return true;
  if (clause.length < MIN_FUZZY_CHARS) return false;
  return search(text, clause, Math.floor(clause.length * ERRORS_PER_CHAR)).length > 0;
}

/** The instruments (folded as the cards group them) a normalised text names. */
function instrumentsIn(corpus: LibraryCorpus, normalised: string): string[] {
  const index = corpus.related;
  const t = corpus.corpus.thesaurus;
  const out: string[] = [];
  for (const c of index.conceptsOfText(normalised).keys()) {
    if (t.concepts[c]?.broad) continue;
    const id = t.concepts[index.instrumentOf(c)]?.id;
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * `text`'s clauses, each marked by what `other` has of it. `otherInstruments`: the instruments the
 * other measure names (`LibraryCorpus.conceptsOf(id).instruments`).
 */
export function compareClauses(
  corpus: LibraryCorpus,
  text: string,
  other: string,
  otherInstruments: readonly string[],
): Clause[] {
  const otherCore = core(other);
  return splitClauses(text).map((c) => {
    const cc = core(c.text);
    if (cc === '') return { ...c, kind: 'same' as const, instruments: [] };
    if (sameWording(cc, otherCore)) return { ...c, kind: 'same' as const, instruments: [] };
    const shared = instrumentsIn(corpus, normalizeText(c.text)).filter((i) => otherInstruments.includes(i));
    return {
      ...c,
      kind: shared.length > 0 ? ('instrument' as const) : ('new' as const),
      instruments: shared,
    };
  });
}

/** How many clauses of each kind (punctuation-only pieces not counted). */
export function clauseCounts(clauses: readonly Clause[]): Record<ClauseKind, number> {
  const out: Record<ClauseKind, number> = { same: 0, instrument: 0, new: 0 };
  for (const c of clauses) if (core(c.text) !== '') out[c.kind]++;
  return out;
}
