import { describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { MatchEngine } from '../../lib/match/engine.ts';

const corpus = compileSeedsDir();
const byId = new Map(corpus.measures.map((m) => [m.id, m]));
const top5 = (id: string): string[] => (byId.get(id)?.related ?? []).slice(0, 5).map((r) => r.id);

describe('related measures in other ports', () => {
  it('links the "5+2" / round-the-clock measures', () => {
    const group = ['xiamen-2008:3', 'changsha-2017:3.8', 'changsha-2017:t27', 'dalian-2023:2.13'];
    for (const id of group) {
      expect(
        top5(id).some((r) => group.includes(r) && r !== id),
        `${id}: ${top5(id).join(', ')}`,
      ).toBe(true);
    }
  });

  it('links the AEO / credit measures', () => {
    const group = ['xiamen-2008:10', 'dalian-2023:4.38', 'xiamen-2024:2.6.1', 'changsha-2017:t28'];
    for (const id of group) {
      expect(
        top5(id).some((r) => group.includes(r) && r !== id),
        `${id}: ${top5(id).join(', ')}`,
      ).toBe(true);
    }
  });

  it('never lists a measure of the same document, and always says why', () => {
    for (const m of corpus.measures) {
      expect(m.related.length).toBeGreaterThan(0);
      expect(m.related.length).toBeLessThanOrEqual(10);
      for (const r of m.related) {
        expect(byId.get(r.id)?.docId).not.toBe(m.docId);
        expect(r.why.length).toBeGreaterThan(0);
        expect(r.score).toBeGreaterThan(0);
        expect(r.score).toBeLessThanOrEqual(1);
      }
      const scores = m.related.map((r) => r.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
  });

  it('names the shared instrument terms as the reason', () => {
    const r = byId.get('dalian-2023:2.13')?.related.find((x) => x.id === 'changsha-2017:3.8');
    expect(r?.why[0]).toContain('5+2');
  });

  it('boilerplate alone does not relate two texts', () => {
    const engine = new MatchEngine(corpus);
    const [result] = engine.matchBlocks([
      { text: '为贯彻落实党中央决策部署，进一步提升工作水平，各单位按职责分工负责。', start: 0, end: 30 },
    ]);
    expect(result?.matches).toEqual([]);
    expect(result?.related).toEqual([]);
  });

  it('gives an unmatched measure-like block the measures it resembles', () => {
    const engine = new MatchEngine(corpus);
    const [result] = engine.matchBlocks([
      {
        text: '(五)推行海关“5+2”工作制，在重点口岸实行预约加班，保障鲜活农产品进口通关。',
        start: 0,
        end: 40,
      },
    ]);
    expect(result?.matches).toEqual([]);
    expect(result?.measureLike).toBe(true);
    expect(result?.related.slice(0, 5).map((r) => r.id)).toEqual(
      expect.arrayContaining(['changsha-2017:3.8']),
    );
  });
});
