import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { buildIndexBytes, MatchEngine } from '../../lib/match/engine.ts';
import { MATCH_THRESHOLD, Matcher } from '../../lib/match/matcher.ts';
import { NgramIndex } from '../../lib/match/ngram-index.ts';
import { perturb, PERTURBATIONS } from '../../lib/match/perturb.ts';

const corpus = compileSeedsDir();
const engine = new MatchEngine(corpus, buildIndexBytes(corpus.measures));
const ids = corpus.measures.map((m) => m.id);
const byId = new Map(corpus.measures.map((m) => [m.id, m]));
const top = (text: string): string | undefined => {
  const best = engine.matcher.match(text)[0];
  return best ? ids[best.measure] : undefined;
};
/** A Changsha measure and its table tasks share their text: a part of one may be exactly the other. */
const sameFamily = (a: string, b: string): boolean =>
  a === b || byId.get(a)?.parentId === b || byId.get(b)?.parentId === a;

describe('self-recognition', () => {
  it('every measure, in its own script and the other, has itself as top match', () => {
    for (const m of corpus.measures) {
      expect(top(m.text), m.id).toBe(m.id);
      expect(top(m.textOther), `${m.id} in the other script`).toBe(m.id);
    }
  });

  it('scores an exact measure near 1', () => {
    for (const m of corpus.measures.slice(0, 20)) {
      expect(engine.matcher.match(m.text)[0]?.score).toBeGreaterThan(0.95);
    }
  });
});

describe('perturbed copies', () => {
  // 5% wrong characters in every kind; plus width swap, reflow, or only one half of the measure.
  it('keep ≥ 99.5% top-1 over all kinds, in both scripts (the issue asks ≥ 98%)', () => {
    let right = 0;
    let total = 0;
    const perKind: Record<string, number> = {};
    for (const kind of PERTURBATIONS) {
      let k = 0;
      corpus.measures.forEach((m, i) => {
        for (const [j, text] of [m.text, m.textOther].entries()) {
          const got = top(perturb(text, kind, i * 7 + j + 1));
          total++;
          if (got !== undefined && sameFamily(got, m.id)) {
            right++;
            k++;
          }
        }
      });
      perKind[kind] = k / (corpus.measures.length * 2);
    }
    expect(right / total).toBeGreaterThanOrEqual(0.995);
    for (const kind of PERTURBATIONS) expect(perKind[kind], kind).toBeGreaterThanOrEqual(0.99);
  });

  // Quotes the trigrams alone cannot place: a short half of a short task, and typos close together
  // (three wrong characters in ten leave one shared trigram). The alignment second look finds them.
  it.each([
    ['改革税收', 'changsha-2017:t2'],
    ['征管方式。', 'changsha-2017:t2'],
    ['发挥审果归只专业处势，', 'changsha-2017:t10'],
    ['开展业务培训，商高现自关员团务处置能力。', 'changsha-2017:t15'],
    ['推进天国通关消体化改标，实施“一次申报、分部处置”；创新花同监管', 'changsha-2017:t1'],
  ])('a short or garbled quote: %s → %s', (text, id) => {
    expect(top(text)).toBe(id);
  });

  it('the second look needs the measure texts: an engine given none falls back to grams alone', () => {
    const index = NgramIndex.load(buildIndexBytes(corpus.measures));
    const gramsOnly = Matcher.fromIndex(index, corpus.measures.length);
    expect(gramsOnly.match('发挥审果归只专业处势，')).toEqual([]);
    expect(engine.matcher.match('发挥审果归只专业处势，')[0]?.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });

  it('finds both measures in a block that merges a measure with its neighbour', () => {
    const a = byId.get('dalian-2023:2.13');
    const b = byId.get('dalian-2023:2.14');
    const found = engine.matcher.match(`${a?.text}${b?.text}`).map((s) => ids[s.measure]);
    expect(found.slice(0, 2).sort()).toEqual(['dalian-2023:2.13', 'dalian-2023:2.14']);
  });
});

describe('no match on page chrome and generic phrases', () => {
  it.each([
    '首页 > 政务公开 > 通知公告',
    '提高通关效率',
    '主办单位：厦门市人民政府办公厅 闽ICP备05000000号 网站标识码3502000001',
    '为贯彻落实党中央、国务院决策部署，进一步提升口岸营商环境，按职责分工负责。',
    '打印本页 关闭窗口 【字体：大 中 小】',
    '政务公开',
    '通知公告',
    '促进对外贸易持续稳步发展的15项措施',
    '促進對外貿易持續穩步發展的15項措施',
    '海关总署',
    '进一步优化营商环境',
  ])('%s', (text) => {
    expect(engine.matcher.match(text)).toEqual([]);
    const all = engine.matcher.score(text);
    for (const s of all) expect(s.score).toBeLessThan(MATCH_THRESHOLD);
  });
});

describe('no match on the menu items of government portals', () => {
  const items = readFileSync(new URL('../fixtures/chrome/menu-items.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

  it('has the list', () => expect(items.length).toBeGreaterThan(80));

  it.each(items)('%s', (text) => {
    expect(engine.matcher.match(text)).toEqual([]);
  });
});

describe('the serialised index', () => {
  it('round-trips and refuses foreign bytes', () => {
    const bytes = buildIndexBytes(corpus.measures);
    const loaded = NgramIndex.load(bytes);
    expect(loaded.size).toBe(corpus.measures.length);
    expect(loaded.serialize()).toEqual(bytes);
    expect(() => NgramIndex.load(new Uint8Array(40))).toThrow(/not a PolicyLens index/u);
    expect(() => NgramIndex.load(bytes.slice(0, 10))).toThrow(/truncated/u);
  });
});

describe('a block holding half a measure', () => {
  // Pages quote measures in part: the first or the second half alone, in either script, must
  // still find the measure (or its table task) as the block's top match, ≥ 98% each.
  it.each(['first', 'second'] as const)('the %s half is the top match of its block ≥ 98%', (half) => {
    let right = 0;
    let total = 0;
    for (const m of corpus.measures) {
      for (const t of [m.text, m.textOther]) {
        const at = Math.floor(t.length / 2);
        const text = half === 'first' ? t.slice(0, at) : t.slice(at);
        const got = engine.matchBlocks([{ text, start: 0, end: text.length }])[0]?.matches[0]?.id;
        total++;
        if (got !== undefined && sameFamily(got, m.id)) right++;
      }
    }
    expect(right / total).toBeGreaterThanOrEqual(0.98);
  });
});
