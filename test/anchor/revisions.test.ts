/**
 * Re-anchoring on edited revisions of the fixture pages (both scripts, and the non-trade pages):
 * annotations are made on each page (lib/anchor/revisions.ts: whole measures, fragments, short
 * quotes, spans across inline tags and table cells, quotes of repeated text), the page is revised
 * in one of six ways, and every annotation is anchored again on the revision.
 *
 * Requirement (issue 8): of the annotations whose text still exists, at least 95% re-attach to
 * exactly that text, none attaches anywhere else, and every one whose text is gone is an orphan.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anchorAll } from '../../lib/anchor/batch.ts';
import { htmlPageText } from '../../lib/anchor/page-text.ts';
import {
  makeAnnotations,
  revise,
  REVISION_KINDS,
  TEST_ANNOTATION_KINDS,
  type RevisionKind,
  type TestAnnotation,
} from '../../lib/anchor/revisions.ts';
import { collapseSpace } from '../../lib/normalize.ts';

const dir = new URL('../fixtures/pages/', import.meta.url);
const pages = readdirSync(dir)
  .filter((f) => f.endsWith('.html'))
  .map((f) => ({ name: f, html: readFileSync(new URL(f, dir), 'utf8') }));
const SEEDS = [1, 2, 3];

/** A fresh parse of a page (revisions edit the document in place). */
const parse = (html: string): Document => htmlPageText(html).doc;

interface Tally {
  exist: number;
  exact: number;
  wrong: string[];
  gone: number;
  goneAttached: string[];
}

function run(kind: RevisionKind): Tally {
  const t: Tally = { exist: 0, exact: 0, wrong: [], gone: 0, goneAttached: [] };
  for (const page of pages) {
    for (const seed of SEEDS) {
      const annotations = makeAnnotations(parse(page.html), seed);
      const rev = revise(parse(page.html), annotations, kind, seed * 7919);
      const results = anchorAll(
        rev.text,
        annotations.map((a) => a.selectors),
      );
      results.forEach((r, i) => {
        const e = rev.expected[i];
        const a = annotations[i] as TestAnnotation;
        const where = `${page.name} seed ${seed} ${a.id} ${JSON.stringify(a.selectors.quote.exact.slice(0, 24))}`;
        if (e) {
          t.exist++;
          if (r.status === 'anchored' && r.start === e.start && r.end === e.end) t.exact++;
          else if (r.status === 'anchored')
            t.wrong.push(`${where}: at [${r.start}, ${r.end}), not [${e.start}, ${e.end})`);
        } else {
          t.gone++;
          if (r.status === 'anchored')
            t.goneAttached.push(`${where}: gone, but attached at [${r.start}, ${r.end})`);
        }
      });
    }
  }
  return t;
}

describe('annotations made on the fixture pages', () => {
  it('cover every kind, on every page where the page has it, and are deterministic', () => {
    const counts = new Map<string, number>();
    for (const page of pages) {
      const a = makeAnnotations(parse(page.html), 1);
      expect(makeAnnotations(parse(page.html), 1)).toEqual(a);
      for (const x of a) counts.set(x.kind, (counts.get(x.kind) ?? 0) + 1);
      const text = htmlPageText(page.html).text;
      for (const x of a) {
        expect(text.slice(x.start, x.end)).toBe(x.selectors.quote.exact);
        expect(x.selectors.position).toEqual({ type: 'TextPositionSelector', start: x.start, end: x.end });
      }
    }
    // Tables are on three pages only (Changsha in both scripts, the employment page).
    for (const kind of TEST_ANNOTATION_KINDS) expect(counts.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(12);
  });
});

describe('revisions track where each annotation went', () => {
  const page = pages.find((p) => p.name === 'changsha-2017.hans.html');
  if (!page) throw new Error('the Changsha fixture page is missing');
  const annotations = makeAnnotations(parse(page.html), 1);
  const quotes = annotations.map((a) => a.selectors.quote.exact);

  it('keeps the text of every annotation when paragraphs are inserted, sentences repeated or tables re-laid', () => {
    for (const kind of ['insert-paragraph', 'repeat-sentence'] as const) {
      const rev = revise(parse(page.html), annotations, kind, 7);
      rev.expected.forEach((e, i) => expect(e && rev.text.slice(e.start, e.end)).toBe(quotes[i]));
      expect(rev.text).not.toBe(htmlPageText(page.html).text);
    }
    const tables = revise(parse(page.html), annotations, 'relayout-tables', 7);
    tables.expected.forEach((e, i) => {
      expect(e).not.toBeNull();
      if (e)
        expect(collapseSpace(tables.text.slice(e.start, e.end)).text).toBe(
          collapseSpace(quotes[i] ?? '').text,
        );
    });
  });

  it('loses the annotations of deleted paragraphs, and only those', () => {
    const rev = revise(parse(page.html), annotations, 'delete-paragraph', 7);
    const gone = rev.expected.filter((e) => e === null).length;
    expect(gone).toBeGreaterThan(0);
    expect(gone).toBeLessThan(annotations.length / 2);
    rev.expected.forEach((e, i) => {
      if (e) expect(rev.text.slice(e.start, e.end)).toBe(quotes[i]);
    });
  });

  it('changes whitespace only when reflowing, and one character when changing one', () => {
    const flow = revise(parse(page.html), annotations, 'reflow-whitespace', 7);
    let reflowed = 0;
    flow.expected.forEach((e, i) => {
      if (!e) throw new Error('reflowing lost an annotation');
      const now = flow.text.slice(e.start, e.end);
      expect(collapseSpace(now).text).toBe(collapseSpace(quotes[i] ?? '').text);
      if (now !== quotes[i]) reflowed++;
    });
    expect(reflowed).toBeGreaterThan(annotations.length / 4);
    const changed = revise(parse(page.html), annotations, 'change-character', 7);
    let differing = 0;
    changed.expected.forEach((e, i) => {
      if (!e) throw new Error('changing a character lost an annotation');
      const now = changed.text.slice(e.start, e.end);
      expect(now.length).toBe(quotes[i]?.length);
      if (now !== quotes[i]) differing++;
    });
    expect(differing).toBeGreaterThan(annotations.length / 3);
  });

  it('gives the same revision for the same seed', () => {
    for (const kind of REVISION_KINDS) {
      expect(revise(parse(page.html), annotations, kind, 11).text).toBe(
        revise(parse(page.html), annotations, kind, 11).text,
      );
    }
  });
});

describe('re-anchoring on the revisions (≥ 95% exact, 0 elsewhere, every lost one an orphan)', () => {
  for (const kind of REVISION_KINDS) {
    it(kind, () => {
      const t = run(kind);
      const rate = t.exact / t.exist;
      const figures = `${kind}: ${t.exact} of ${t.exist} exact (${(100 * rate).toFixed(1)}%), ${t.wrong.length} elsewhere, ${t.gone} gone`;
      expect(t.exist, figures).toBeGreaterThan(1000);
      expect(t.wrong, figures).toEqual([]);
      expect(t.goneAttached, figures).toEqual([]);
      expect(rate, figures).toBeGreaterThanOrEqual(0.95);
      if (kind === 'delete-paragraph') expect(t.gone, figures).toBeGreaterThan(100);
    });
  }
});
