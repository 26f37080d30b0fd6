import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anchorAll, anchorAllAsync, anchorSteps } from '../../lib/anchor/batch.ts';
import { describeSpan } from '../../lib/anchor/describe.ts';
import { anchor, type AnchorSelectors } from '../../lib/anchor/match.ts';
import { htmlPageText } from '../../lib/anchor/page-text.ts';
import { makeAnnotations, revise } from '../../lib/anchor/revisions.ts';
import { SearchText } from '../../lib/anchor/search.ts';
import { collapseSpace } from '../../lib/normalize.ts';

const html = readFileSync(new URL('../fixtures/pages/changsha-2017.hans.html', import.meta.url), 'utf8');
const page = htmlPageText(html);
const annotations = makeAnnotations(htmlPageText(html).doc, 3);
const items: AnchorSelectors[] = annotations.map((a) => a.selectors);

describe('anchorAll', () => {
  it('anchors every annotation of an unchanged page by its position', () => {
    const results = anchorAll(page.text, items);
    expect(results).toHaveLength(items.length);
    results.forEach((r, i) =>
      expect(r).toEqual({
        status: 'anchored',
        method: 'position',
        score: 1,
        start: annotations[i]?.start,
        end: annotations[i]?.end,
      }),
    );
  });

  it('keeps the input order, whatever the order of the stored positions', () => {
    const reversed = [...items].reverse();
    const results = anchorAll(page.text, reversed);
    results.forEach((r, i) => expect(r.start).toBe(reversed[i]?.position?.start));
  });

  it('finds the annotations after an inserted paragraph where the ones before them moved to, without building the index', () => {
    const rev = revise(htmlPageText(html).doc, annotations, 'insert-paragraph', 5, { paragraphs: 1 });
    const st = new SearchText(rev.text);
    const results = anchorAll(st, items);
    results.forEach((r, i) =>
      expect([r.start, r.end]).toEqual([rev.expected[i]?.start, rev.expected[i]?.end]),
    );
    // One annotation (the first after the insertion) needs the search; the others follow its shift.
    expect(results.filter((r) => r.method === 'quote').length).toBeGreaterThan(0);
  });

  it('gives an annotation without a position or a quote its own result', () => {
    const results = anchorAll(page.text, [
      { quote: null, position: { type: 'TextPositionSelector', start: 0, end: 3 } },
      { quote: annotations[0]?.selectors.quote ?? null, position: null },
    ]);
    expect(results[0]?.status).toBe('orphan');
    expect(results[1]).toMatchObject({ status: 'anchored', start: annotations[0]?.start });
  });
});

describe('slices', () => {
  const rev = revise(htmlPageText(html).doc, annotations, ['reflow-whitespace', 'insert-paragraph'], 9);

  it('anchorSteps yields between annotations and gives the same results as anchorAll', () => {
    const steps = anchorSteps(rev.text, items);
    let yields = 0;
    let r = steps.next();
    while (!r.done) {
      yields++;
      r = steps.next();
    }
    expect(yields).toBeGreaterThanOrEqual(items.length);
    expect(r.value).toEqual(anchorAll(rev.text, items));
  });

  it('anchorAllAsync gives the thread back between slices of about the budget', async () => {
    let now = 0;
    const slices: number[] = [];
    let yielded = 0;
    // A fake clock: every step costs 1 ms, so a 4 ms budget makes slices of 4 steps.
    const results = await anchorAllAsync(rev.text, items, {
      budgetMs: 4,
      now: () => (now += 1),
      yieldToHost: async () => {
        yielded++;
      },
      onSlice: (ms) => slices.push(ms),
    });
    expect(results).toEqual(anchorAll(rev.text, items));
    expect(yielded).toBeGreaterThan(items.length / 8);
    expect(yielded).toBe(slices.length - 1);
  });

  it('builds the collapsed text and the index in steps when the page needs them', () => {
    const big = `${rev.text}\n`.repeat(12);
    const st = new SearchText(big);
    const steps = [...st.prepareSteps()];
    expect(steps.length).toBeGreaterThan(3);
    expect(st.prepared).toBe(true);
    expect(st.collapsed.text).toBe(collapseSpace(big).text);
  });
});

describe('one annotation at a time', () => {
  it('re-attaches a quote whose text was reflowed and a character changed, as fuzzy', () => {
    const text = 'XX 其他内容。为进一步提高通关效率，压缩货物通关时间，现提出以下意见。后面的文字 YY';
    const at = text.indexOf('提高通关效率');
    const sel = describeSpan(text, at, at + 10);
    const edited = text.replace('提高通关效率，压缩', '提高通关\n   效率，压宿');
    const r = anchor(edited, sel);
    expect(r).toMatchObject({ status: 'anchored', method: 'fuzzy' });
    expect(r.status === 'anchored' && edited.slice(r.start, r.end)).toBe('提高通关\n   效率，压宿货');
  });

  it('orphans a quote that is gone, and says why', () => {
    const text = '第一段文字。第二段文字，有一些内容。第三段文字。';
    const at = text.indexOf('第二段');
    const sel = describeSpan(text, at, at + 16);
    const r = anchor('第一段文字。第三段文字。', sel);
    expect(r.status).toBe('orphan');
    expect(r.status === 'orphan' && r.reason).toMatch(/not on the page|agrees with/u);
  });
});
