import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alignLocal, alignWindow, charWeights, gramWeightsAt } from '../../lib/match/align.ts';
import { NgramIndex } from '../../lib/match/ngram-index.ts';

const texts = ['推行5+2工作制,提高通关效率。', '实施提前申报,提高通关效率。', '加强海关与口岸单位协作配合。'];
const index = NgramIndex.build(texts);
const ones = (s: string): Float64Array => new Float64Array(s.length).fill(1);

describe('charWeights', () => {
  it('weighs characters of rare trigrams above those of common ones', () => {
    const w = charWeights(texts[0] as string, index);
    expect(w).toHaveLength((texts[0] as string).length);
    // 5+2 occurs in one text, 提高通关效率 in two.
    expect(w[2] as number).toBeGreaterThan(w[10] as number);
  });

  it('gives grams the index lacks the weight asked for, else the mean of the known ones', () => {
    expect([...charWeights('完全无关', index, 7)]).toEqual([7, 7, 7, 7]);
    const w = charWeights('推行5+2工作制X', index);
    expect(w.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
    expect(charWeights('', index)).toHaveLength(0);
    expect(charWeights('推', index, 3)).toEqual(new Float64Array([3]));
  });
});

describe('alignLocal', () => {
  it('matches a quote inside a longer measure in full', () => {
    const measure = '实施提前申报,提高通关效率。';
    const a = alignLocal('提前申报', ones('提前申报'), measure, ones(measure), 1);
    expect(a).toEqual({ block: 4, measure: 4 });
  });

  it('counts a wrong character once, not as three lost trigrams', () => {
    const measure = '发挥审制归类专业优势';
    const block = '发挥审果归类专业优势';
    const a = alignLocal(block, ones(block), measure, ones(measure), 1);
    expect(a).toEqual({ block: 9, measure: 9 });
  });

  it('finds nothing between unrelated texts', () => {
    expect(alignLocal('政务公开', ones('政务公开'), '海关查验', ones('海关查验'), 1)).toEqual({
      block: 0,
      measure: 0,
    });
  });

  it('never reports more than either side holds (property)', () => {
    const alphabet = fc.constantFrom(...'通关申报海提前关检验单窗口');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), fc.array(alphabet, { maxLength: 40 }), (b, m) => {
        const block = b.join('');
        const measure = m.join('');
        const a = alignLocal(block, ones(block), measure, ones(measure), 1);
        expect(a.block).toBeLessThanOrEqual(block.length);
        expect(a.measure).toBeLessThanOrEqual(measure.length);
        expect(a.block).toBe(a.measure); // equal weights: one matched character on each side
        // A text aligned with itself matches in full.
        expect(alignLocal(block, ones(block), block, ones(block), 1).block).toBe(block.length);
      }),
    );
  });
});

describe('alignWindow', () => {
  const measure = '加强海关与口岸单位协作配合,实施提前申报,推行5+2工作制,提高通关效率。';

  it('centres on the rarest trigram the measure contains, widened by the slack', () => {
    const block = '推行5+2工做制';
    const [lo, hi] = alignWindow(block, gramWeightsAt(block, index), measure, 2);
    const at = measure.indexOf('推行5+2');
    expect([lo, hi]).toEqual([at - 2, at + block.length + 2]);
    expect(measure.slice(lo, hi)).toContain('推行5+2工作制');
  });

  it('stays inside the measure, and is the whole measure when they share no trigram', () => {
    const head = '加强海关与';
    expect(alignWindow(head, gramWeightsAt(head, index), measure, 10)).toEqual([0, head.length + 10]);
    const none = '政务公开指南';
    expect(alignWindow(none, gramWeightsAt(none, index), measure, 3)).toEqual([0, measure.length]);
  });
});
