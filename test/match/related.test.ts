/**
 * Related measures (lib/match/related.ts): coverage of the reader's question, families collapsed,
 * diversity, sections and groups, the floor, the build-time index, and passages on pages.
 */
import { describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import {
  buildRelatedBytes,
  buildRelatedIndex,
  MatchEngine,
  relatedDocuments,
  SAME_TEXT_SCORE,
} from '../../lib/match/engine.ts';
import {
  MIN_INSTRUMENT_CREDIT,
  MIN_RELATEDNESS,
  PER_DOCUMENT,
  RelatedIndex,
} from '../../lib/match/related.ts';

const corpus = compileSeedsDir();
const byId = new Map(corpus.measures.map((m) => [m.id, m]));
const concepts = new Map(corpus.thesaurus.concepts.map((c) => [c.id, c]));
const engine = new MatchEngine(corpus);
const family = (id: string): string => byId.get(id)?.parentId ?? id;
const list = (id: string) => byId.get(id)?.related ?? [];
const top5 = (id: string): string[] =>
  list(id)
    .slice(0, 5)
    .map((r) => family(r.id));
const port = (id: string): string => corpus.documents.find((d) => d.id === byId.get(id)?.docId)?.portZh ?? '';

describe('related measures of a corpus measure', () => {
  it('links the "5+2" / round-the-clock measures, and a bundle measure is listed by them', () => {
    const group = ['xiamen-2008:3', 'changsha-2017:3.8', 'dalian-2023:2.13', 'zhejiang-2004:1.p3'];
    for (const id of group) {
      expect(
        top5(id).some((r) => group.includes(r) && r !== id),
        `${id}: ${top5(id).join(', ')}`,
      ).toBe(true);
    }
    // Xiamen 2008 三 names "5+2" among eight other instruments: it still covers Changsha (八)'s
    // question fully, as well as any single-instrument measure does.
    const onChangsha = list('changsha-2017:3.8');
    const xiamen = onChangsha.find((r) => r.id === 'xiamen-2008:3');
    expect(xiamen).toBeDefined();
    expect(xiamen?.score).toBe(Math.max(...onChangsha.map((r) => r.score)));
  });

  it('links the AEO / credit measures', () => {
    const group = ['xiamen-2008:10', 'dalian-2023:4.38', 'xiamen-2024:2.6.1', 'changsha-2017:3.9'];
    for (const id of group) {
      expect(
        top5(id).some((r) => group.includes(r) && r !== id),
        `${id}: ${top5(id).join(', ')}`,
      ).toBe(true);
    }
  });

  it('shows a measure, never its table task, and never the same document', () => {
    for (const m of corpus.measures) {
      const ids = list(m.id).map((r) => r.id);
      expect(new Set(ids.map(family)).size, m.id).toBe(ids.length);
      for (const id of ids) {
        expect(byId.get(id)?.docId, `${m.id} lists ${id}`).not.toBe(m.docId);
        expect(byId.get(id)?.parentId, `${m.id} lists a task ${id}`).toBeNull();
      }
    }
  });

  it('lists nothing below the floor, and nothing on a field alone: every entry shares an instrument', () => {
    for (const m of corpus.measures) {
      for (const r of list(m.id)) {
        expect(r.score, `${m.id} → ${r.id}`).toBeGreaterThanOrEqual(MIN_RELATEDNESS);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.why.length, `${m.id} → ${r.id}`).toBeGreaterThan(0);
        // The group is the instrument they share (not a field such as 查验).
        expect(concepts.get(r.group)?.broad, `${m.id} → ${r.id} grouped under ${r.group}`).toBe(false);
      }
    }
    expect(MIN_INSTRUMENT_CREDIT).toBeGreaterThan(0.5);
  });

  it('orders sections (other ports, same port, more), groups entries by instrument, diversifies documents', () => {
    const rank = { 'other-ports': 0, related: 0, 'same-port': 1, more: 2 } as const;
    for (const m of corpus.measures) {
      const l = list(m.id);
      const sections = l.map((r) => rank[r.section]);
      expect(
        [...sections].sort((a, b) => a - b),
        m.id,
      ).toEqual(sections);
      for (const section of new Set(l.map((r) => r.section))) {
        const entries = l.filter((r) => r.section === section);
        // A group's entries are contiguous.
        const groups = entries.map((r) => r.group);
        expect(
          groups.filter((g, i) => groups.indexOf(g) !== i && groups[i - 1] !== g),
          m.id,
        ).toEqual([]);
        // The main sections hold one measure per document.
        if (section !== 'more') {
          const docs = entries.map((r) => byId.get(r.id)?.docId);
          expect(new Set(docs).size, `${m.id} ${section}`).toBe(docs.length);
        }
      }
      const perDoc = new Map<string, number>();
      for (const r of l.filter((x) => x.section !== 'same-port')) {
        const d = byId.get(r.id)?.docId ?? '';
        perDoc.set(d, (perDoc.get(d) ?? 0) + 1);
      }
      for (const [d, k] of perDoc) expect(k, `${m.id}: ${d}`).toBeLessThanOrEqual(PER_DOCUMENT);
    }
  });

  it('puts the same port in other years in its own section, never among other ports', () => {
    for (const m of corpus.measures) {
      for (const r of list(m.id)) {
        const same = port(r.id) === port(m.id);
        if (r.section === 'other-ports') expect(same, `${m.id} → ${r.id}`).toBe(false);
        if (r.section === 'same-port') expect(same, `${m.id} → ${r.id}`).toBe(true);
      }
    }
    // Xiamen 2024's fresh-produce green channel and Xiamen 2008's round-the-clock measure.
    const x = list('xiamen-2024:2.1.1').find((r) => r.id === 'xiamen-2008:3');
    expect(x?.section).toBe('same-port');
  });

  it('names the shared instrument terms as the reason, most telling first', () => {
    const r = list('dalian-2023:2.13').find((x) => x.id === 'changsha-2017:3.8');
    expect(r?.group).toBe('round-the-clock');
    expect(r?.why[0]).toContain('5+2');
  });
});

describe('passages on a page', () => {
  it('relate nothing on boilerplate alone', () => {
    const [result] = engine.matchBlocks([
      { text: '为贯彻落实党中央决策部署，进一步提升工作水平，各单位按职责分工负责。', start: 0, end: 30 },
    ]);
    expect(result?.matches).toEqual([]);
    expect(result?.related).toEqual([]);
  });

  it('an unmatched measure-like block gets the measures it resembles, one section, home unknown', () => {
    const [result] = engine.matchBlocks([
      {
        text: '(五)推行海关“5+2”工作制，在重点口岸实行预约加班，保障鲜活农产品进口通关。',
        start: 0,
        end: 40,
      },
    ]);
    expect(result?.matches).toEqual([]);
    expect(result?.measureLike).toBe(true);
    expect(result?.relatedOf).toBe('block');
    expect(result?.related.slice(0, 5).map((r) => family(r.id))).toContain('changsha-2017:3.8');
    expect(new Set(result?.related.map((r) => r.section))).not.toContain('other-ports');
  });

  it("a twin measure of another document gets its own list, with the twin's document in it", () => {
    // A restatement of Xiamen 2008 四 (as other ports printed it): it matches 四, but the page is
    // not Xiamen 2008, so Xiamen 2008 十 (AA firms need no guarantee) may be related.
    const text =
      '(四)实行担保通关。在综合评估企业类别、资信、守法状况的基础上，实行差别化的担保通关措施。对AA类企业给予免担保通关待遇，非AA类企业在银行等金融机构提供担保的前提下，采取先放后税等快速通关措施；如企业提供银行担保确有困难的，报总署审批后，实施资产质押担保，对大型国企，实行银行总担保下子、分公司先放后税措施。';
    const [result] = engine.matchBlocks([{ text, start: 0, end: text.length }]);
    expect(result?.matches[0]?.id).toBe('xiamen-2008:4');
    expect(result?.matches[0]?.score).toBeLessThan(SAME_TEXT_SCORE);
    expect(result?.relatedOf).toBe('block');
    const ids = result?.related.map((r) => r.id) ?? [];
    expect(ids).not.toContain('xiamen-2008:4');
    expect(ids.slice(0, 5)).toContain('xiamen-2008:10');
  });

  it('an instrument the corpus never names is covered in part by its neighbours', () => {
    // 智能审图 (image review) appears in no seed; the measures on non-intrusive inspection, the
    // instrument it is a kind of, cover it in part.
    const hits = engine.related.forText('推动扩大“智能审图”可识别商品清单，扩充标准图像库。');
    expect(hits.map((h) => family(corpus.measures[h.measure]?.id ?? ''))).toContain('changsha-2017:3.5');
  });
});

describe('the index built at build time', () => {
  it('round-trips through its bytes and ranks the same', () => {
    const bytes = buildRelatedBytes(corpus);
    const loaded = RelatedIndex.load(bytes, corpus.thesaurus, relatedDocuments(corpus.documents));
    const built = buildRelatedIndex(corpus.measures, corpus.documents, corpus.thesaurus);
    expect(loaded.serialize()).toEqual(bytes);
    for (const m of [0, 17, 60, 120]) expect(loaded.forMeasure(m)).toEqual(built.forMeasure(m));
    const text = '推广“提前申报”“两步申报”，扩大担保放行范围。';
    expect(loaded.forText(text)).toEqual(built.forText(text));
  });

  it('refuses foreign bytes, another thesaurus, other documents', () => {
    const bytes = buildRelatedBytes(corpus);
    const docs = relatedDocuments(corpus.documents);
    expect(() => RelatedIndex.load(new Uint8Array(64), corpus.thesaurus, docs)).toThrow(/not a PolicyLens/u);
    expect(() => RelatedIndex.load(bytes.slice(0, 40), corpus.thesaurus, docs)).toThrow(/truncated/u);
    const other = { ...corpus.thesaurus, hash: '00000000' };
    expect(() => RelatedIndex.load(bytes, other, docs)).toThrow(/another thesaurus/u);
    expect(() => RelatedIndex.load(bytes, corpus.thesaurus, docs.slice(1))).toThrow(/documents/u);
  });

  it('the extension engine loads it instead of building it', () => {
    const withBytes = new MatchEngine(corpus, undefined, buildRelatedBytes(corpus));
    const text = '(三)实行担保通关。在企业提供银行担保的前提下，采取先放后税等措施。';
    expect(withBytes.matchBlocks([{ text, start: 0, end: text.length }])).toEqual(
      engine.matchBlocks([{ text, start: 0, end: text.length }]),
    );
  });
});
