/**
 * Properties of anchoring over random texts and random edits (fast-check):
 * - describe → anchor on the same text gives the same span, by position;
 * - an edit away from a passage and its context moves the annotation with the text;
 * - whatever happens, a result is what it claims: `position` and `quote` cover exactly the quote
 *   (`position` at the stored offsets), `fuzzy` covers text within the allowed edits of it (checked
 *   with an independent edit distance), and offsets are inside the text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorAll } from '../../lib/anchor/batch.ts';
import { describeSpan } from '../../lib/anchor/describe.ts';
import { anchor, MIN_QUOTE_SIMILARITY, type AnchorResult } from '../../lib/anchor/match.ts';
import { collapseSpace } from '../../lib/normalize.ts';

/** Levenshtein distance, the plain dynamic programme: the test's own oracle. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/** Whether every 4-unit gram of text[from, to) occurs once in the whole text. */
function uniqueGrams(text: string, from: number, to: number): boolean {
  for (let i = from; i + 4 <= to; i++) {
    const g = text.slice(i, i + 4);
    if (text.indexOf(g) !== text.lastIndexOf(g)) return false;
  }
  return true;
}

/** Text like a notice: Chinese, punctuation, digits, some Latin and every kind of whitespace. */
const alphabet = [...'海关通关企业申报货物监管口岸提前查验时效服务，。、（）0123456789ABC'];
const textArb = fc
  .array(
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...alphabet) },
      { weight: 1, arbitrary: fc.constantFrom(' ', '\n', '  ', '\u3000', '\u00a0', '\n\t') },
      { weight: 1, arbitrary: fc.constantFrom('😃', '𠀋') },
    ),
    { minLength: 40, maxLength: 400 },
  )
  .map((a) => a.join(''));

/** A span on code point boundaries (as a reader selects), not empty. */
function spanOf(text: string, x: number, len: number): [number, number] | null {
  const cps = Array.from(text);
  if (cps.length < 2) return null;
  const a = x % (cps.length - 1);
  const b = Math.min(cps.length, a + 1 + (len % 40));
  return [cps.slice(0, a).join('').length, cps.slice(0, b).join('').length];
}

/** Checks that a result is what it claims (see the module comment). */
function claims(text: string, exact: string, stored: { start: number; end: number }, r: AnchorResult): void {
  if (r.status === 'orphan') {
    expect(r.reason.length).toBeGreaterThan(0);
    return;
  }
  expect(r.start).toBeGreaterThanOrEqual(0);
  expect(r.end).toBeLessThanOrEqual(text.length);
  expect(r.start).toBeLessThanOrEqual(r.end);
  expect(r.score).toBeGreaterThan(0);
  expect(r.score).toBeLessThanOrEqual(1);
  const got = text.slice(r.start, r.end);
  if (r.method === 'position') {
    expect(got).toBe(exact);
    expect([r.start, r.end]).toEqual([stored.start, stored.end]);
  } else if (r.method === 'quote') {
    expect(got).toBe(exact);
  } else {
    expect(got).not.toBe(exact);
    // Compared as the rules compare them: whitespace collapsed, whitespace at the edges left out
    // (the page's whitespace just outside the span may stand for the quote's).
    const q = collapseSpace(exact.trim()).text;
    const allowed = Math.floor(collapseSpace(exact).text.length * (1 - MIN_QUOTE_SIMILARITY));
    const before = /\s/u.test(text[r.start - 1] ?? '') ? ' ' : '';
    const after = /\s/u.test(text[r.end] ?? '') ? ' ' : '';
    const best = Math.min(
      ...[got, before + got, got + after, before + got + after].map((g) =>
        distance(collapseSpace(g).text, q),
      ),
      distance(collapseSpace(got.trim()).text, q),
    );
    expect(best).toBeLessThanOrEqual(allowed);
  }
}

describe('anchoring properties', () => {
  it('describe → anchor on the same text gives back the same span, by position', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), (text, x, len) => {
        const span = spanOf(text, x, len);
        if (!span) return;
        const selectors = describeSpan(text, span[0], span[1]);
        expect(anchor(text, selectors)).toEqual({
          status: 'anchored',
          method: 'position',
          score: 1,
          start: span[0],
          end: span[1],
        });
      }),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  }, 60_000);

  it('an edit away from the passage and its context moves the annotation with the text', () => {
    fc.assert(
      fc.property(
        textArb,
        fc.nat(),
        fc.nat(),
        fc.nat(),
        textArb,
        fc.boolean(),
        (text, x, len, at, insert, del) => {
          const span = spanOf(text, x, len);
          if (!span) return;
          const [start, end] = span;
          const selectors = describeSpan(text, start, end);
          const { prefix, exact, suffix } = selectors.quote;
          const whole = prefix + exact + suffix;
          // Edit somewhere outside the passage and its context: insert text, or delete some.
          const lo = start - prefix.length;
          const hi = end + suffix.length;
          const before = at % (text.length + 1) < lo;
          const p = before ? at % (lo + 1) : hi + (at % (text.length - hi + 1));
          const cut = del ? Math.min(insert.length % 30, before ? lo - p : text.length - p) : 0;
          const edited = del
            ? text.slice(0, p) + text.slice(p + cut)
            : text.slice(0, p) + insert + text.slice(p);
          const shift = before ? (del ? -cut : insert.length) : 0;
          // Only when the passage and its context read like nowhere else: every 4 characters of
          // them occur once on the page. (In "海海海海海" a place one character over agrees just as
          // well, and the rules make such ties orphans.)
          const lo2 = lo + shift;
          fc.pre(
            edited.slice(lo2, lo2 + whole.length) === whole && uniqueGrams(edited, lo2, lo2 + whole.length),
          );
          const r = anchor(edited, selectors);
          expect(r).toMatchObject({ status: 'anchored', start: start + shift, end: end + shift });
        },
      ),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  }, 60_000);

  it('never returns a span that is not what it claims, after any edits', () => {
    const edit = fc.tuple(
      fc.nat(),
      fc.nat(20),
      fc.string({ maxLength: 6 }),
      fc.constantFrom('insert', 'delete', 'replace'),
    );
    fc.assert(
      fc.property(
        textArb,
        fc.array(fc.tuple(fc.nat(), fc.nat())),
        fc.array(edit, { maxLength: 6 }),
        (text, picks, edits) => {
          const spans = picks
            .map(([x, len]) => spanOf(text, x, len))
            .filter((s): s is [number, number] => s !== null);
          const items = spans.map(([s, e]) => describeSpan(text, s, e));
          let edited = text;
          for (const [at, n, s, kind] of edits) {
            const p = at % (edited.length + 1);
            if (kind === 'insert') edited = edited.slice(0, p) + s + edited.slice(p);
            else if (kind === 'delete') edited = edited.slice(0, p) + edited.slice(p + n);
            else edited = edited.slice(0, p) + s + edited.slice(p + s.length);
          }
          const batch = anchorAll(edited, items);
          items.forEach((sel, i) => {
            claims(edited, sel.quote.exact, sel.position, batch[i] as AnchorResult);
            claims(edited, sel.quote.exact, sel.position, anchor(edited, sel));
          });
        },
      ),
      { numRuns: Number(process.env.RUNS ?? 200) },
    );
  }, 60_000);
});
