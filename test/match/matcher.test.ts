import { describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { buildIndexBytes, MatchEngine } from '../../lib/match/engine.ts';
import { MATCH_THRESHOLD } from '../../lib/match/matcher.ts';
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
  it('keep ≥ 98% top-1 over all kinds, in both scripts', () => {
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
    expect(right / total).toBeGreaterThanOrEqual(0.98);
    // The whole-measure kinds miss only very short tasks (改革税收征管方式。).
    expect(perKind.substituted).toBeGreaterThanOrEqual(0.99);
    expect(perKind.reflowed).toBeGreaterThanOrEqual(0.99);
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
  ])('%s', (text) => {
    expect(engine.matcher.match(text)).toEqual([]);
    const all = engine.matcher.score(text);
    for (const s of all) expect(s.score).toBeLessThan(MATCH_THRESHOLD);
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
