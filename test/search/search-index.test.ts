/**
 * The search over annotations and corpus measures: Traditional and Simplified fold together, a
 * two-character word finds its passages, typos in short terms are forgiven (Fuse.js), filters,
 * ranking, snippets with the spans to highlight in the original characters, and incremental
 * updates; then the live index kept in step with the store.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/annotation/model.ts';
import { pageKeys } from '../../lib/annotation/page-url.ts';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import type { Corpus } from '../../lib/corpus/types.ts';
import { normalizeText } from '../../lib/normalize.ts';
import { LiveSearch } from '../../lib/search/live.ts';
import { queryTerms, SearchIndex, type SearchHit } from '../../lib/search/search-index.ts';
import { passageOn, testStore } from '../store/helpers.ts';

let corpus: Corpus;
beforeAll(() => {
  corpus = compileSeedsDir();
});

let serial = 0;
/** An annotation record as the store would hold it. */
function ann(over: Partial<Annotation> & { exact?: string; url?: string }): Annotation {
  serial++;
  const url = over.url ?? `https://www.customs.gov.cn/p/${serial}.html`;
  const page = over.page ?? { url, canonical: null, title: '海关公告' };
  const hex = serial.toString(16).padStart(12, '0');
  const { exact, url: _url, ...rest } = over;
  return {
    id: `aaaaaaaa-bbbb-4ccc-8ddd-${hex}`,
    page,
    keys: pageKeys(page),
    quote: { type: 'TextQuoteSelector', exact: exact ?? '普通段落', prefix: '', suffix: '' },
    position: null,
    measureId: null,
    colour: 'yellow',
    tags: [],
    note: '',
    status: 'none',
    created: '2026-12-01T00:00:00.000Z',
    updated: `2026-12-01T00:00:${String(serial % 60).padStart(2, '0')}.000Z`,
    ...rest,
  };
}

const ids = (hits: readonly SearchHit[]): string[] => hits.map((h) => h.id);
const highlighted = (h: SearchHit | undefined): string[] =>
  h?.snippet ? h.snippet.highlights.map(([s, e]) => h.snippet?.text.slice(s, e) ?? '') : [];

describe('query terms', () => {
  it('split on whitespace before normalising, normalised, deduplicated', () => {
    expect(queryTerms('  提前申報　單一窗口 ')).toEqual(['提前申报', '单一窗口']);
    expect(queryTerms('ＡＥＯ aeo Single  WINDOW')).toEqual(['aeo', 'single', 'window']);
    expect(queryTerms('')).toEqual([]);
    expect(queryTerms('a b c d e f g h i j')).toHaveLength(8);
  });
});

describe('Chinese-aware matching', () => {
  it('a Traditional query finds Simplified text, and a Simplified query Traditional text', () => {
    const index = new SearchIndex(null);
    const hans = ann({ exact: '推行进口货物提前申报，压缩通关时间' });
    const hant = ann({ exact: '推行進口貨物提前申報，壓縮通關時間' });
    const other = ann({ exact: '优化营商环境' });
    index.addAll([hans, hant, other]);
    expect(ids(index.search({ text: '提前申報' }).hits).sort()).toEqual([hans.id, hant.id].sort());
    expect(ids(index.search({ text: '通关时间' }).hits).sort()).toEqual([hans.id, hant.id].sort());
    // The highlight covers the record's own characters.
    const hit = index.search({ text: '通关' }).hits.find((h) => h.id === hant.id);
    expect(highlighted(hit)).toEqual(['通關']);
  });

  it('a two-character word finds every passage containing it, and only those', () => {
    const index = new SearchIndex(null);
    const withWord = [
      ann({ exact: '实行担保放行' }),
      ann({ exact: '擔保' }),
      ann({ exact: '海关', note: '关于担保的说明' }),
      ann({ exact: '无关', tags: ['担保'] }),
    ];
    const without = [ann({ exact: '承担保证责任' }), ann({ exact: '担任保安' })];
    index.addAll([...withWord, ...without]);
    const found = ids(index.search({ text: '担保' }).hits);
    // 承担保证 contains 担保 as characters in a row: substring search finds it too (no segmentation).
    expect(found.sort()).toEqual([...withWord.map((a) => a.id), without[0]?.id].sort());
    expect(found).not.toContain(without[1]?.id);
  });

  it('finds corpus measures in both scripts, with the snippet in the asked script', () => {
    const index = SearchIndex.fromCorpus(corpus);
    const hans = index.search({ text: '鲜活农产品', script: 'Hans' });
    const hant = index.search({ text: '鮮活農產品', script: 'Hant' });
    expect(ids(hans.hits)).toContain('xiamen-2024:2.1.1');
    expect(ids(hant.hits)).toEqual(ids(hans.hits));
    const h = hans.hits.find((x) => x.id === 'xiamen-2024:2.1.1');
    const t = hant.hits.find((x) => x.id === 'xiamen-2024:2.1.1');
    expect(h?.kind === 'measure' && h.measure.title).toBe('进一步提升鲜活农产品通关效率。');
    expect(t?.kind === 'measure' && t.measure.title).toBe('進一步提升鮮活農產品通關效率。');
    expect(highlighted(h)).toEqual(['鲜活农产品']);
    expect(highlighted(t)).toEqual(['鮮活農產品']);
    expect(h?.kind === 'measure' && h.measure.port).toBe('Xiamen');
  });

  it('Latin terms fold case and width; several terms must all be found', () => {
    const index = SearchIndex.fromCorpus(corpus);
    const aeo = index.search({ text: 'aeo' });
    expect(aeo.hits.length).toBeGreaterThan(0);
    expect(aeo.hits.every((h) => (h.snippet?.text ?? '').toLowerCase().includes('aeo'))).toBe(true);
    const both = index.search({ text: '担保 放行' });
    const first = index.search({ text: '担保' });
    expect(both.total).toBeLessThan(first.total);
    const byId = new Map(corpus.measures.map((m) => [m.id, m]));
    for (const h of both.hits) {
      const m = byId.get(h.id);
      const all = normalizeText(`${m?.title} ${m?.text}`);
      expect(all.includes('担保') && all.includes('放行'), h.id).toBe(true);
    }
  });
});

describe('fuzzy matches of short terms', () => {
  it('one wrong character in a four-character term still finds the passage, ranked as fuzzy', () => {
    const index = SearchIndex.fromCorpus(corpus);
    const typo = index.search({ text: '提前申抱' });
    const right = index.search({ text: '提前申报' });
    const exact = right.hits.filter((h) => h.match === 'exact');
    expect(exact.length).toBeGreaterThanOrEqual(3);
    // Exact hits first; near ones (fewer exact hits than the limit) after them.
    expect(right.hits.slice(0, exact.length).every((h) => h.match === 'exact')).toBe(true);
    expect(ids(typo.hits)).toEqual(expect.arrayContaining(ids(exact)));
    expect(typo.hits.every((h) => h.match === 'fuzzy')).toBe(true);
    expect(highlighted(typo.hits[0]).join('')).toContain('提前申');
  });

  it('exact hits rank above fuzzy ones; short terms get no fuzzy matches', () => {
    const index = new SearchIndex(null);
    const exact = ann({ exact: '单一窗口标准版' });
    const near = ann({ exact: '单一窗囗标准版' }); // 囗 (enclosure) for 口 (mouth)
    const short = ann({ exact: '通过' });
    index.addAll([exact, near, short]);
    // Fewer exact hits than the limit: typos are looked for too.
    const r = index.search({ text: '单一窗口', limit: 10 });
    expect(ids(r.hits)).toEqual([exact.id, near.id]);
    expect(r.hits.map((h) => h.match)).toEqual(['exact', 'fuzzy']);
    expect(index.search({ text: '通关' }).hits).toEqual([]);
    // A term longer than Fuse's 32 characters is looked for exactly only.
    expect(index.search({ text: `单一窗囗标准版${'x'.repeat(30)}` }).hits).toEqual([]);
  });

  it('a common word spelled right does not drag in its neighbours when hits fill the answer', () => {
    const index = new SearchIndex(null);
    const right = Array.from({ length: 5 }, () => ann({ exact: '推行提前申报' }));
    const neighbour = ann({ exact: '推行提前申请' });
    index.addAll([...right, neighbour]);
    expect(ids(index.search({ text: '提前申报', limit: 5 }).hits)).not.toContain(neighbour.id);
  });
});

describe('filters', () => {
  function fixture() {
    const index = SearchIndex.fromCorpus(corpus);
    const a = ann({
      exact: '通关便利',
      tags: ['AEO', '重点'],
      colour: 'green',
      status: 'todo',
      measureId: 'dalian-2023:2.13',
    });
    const b = ann({
      exact: '通关时间',
      tags: ['AEO'],
      colour: 'blue',
      status: 'done',
      measureId: 'xiamen-2024:2.1.1',
    });
    const c = ann({
      exact: '通关流程',
      tags: [],
      colour: 'green',
      status: 'none',
      url: 'https://xm.gov.cn/only',
    });
    index.addAll([a, b, c]);
    return { index, a, b, c };
  }

  it('by tag (all of them), colour, status, port, page and kind', () => {
    const { index, a, b, c } = fixture();
    const q = (filters: object) => ids(index.search({ text: '通关', filters, limit: 500 }).hits);
    expect(q({ tags: ['AEO'] }).sort()).toEqual([a.id, b.id].sort());
    expect(q({ tags: ['AEO', '重点'] })).toEqual([a.id]);
    expect(q({ colours: ['green'] }).sort()).toEqual([a.id, c.id].sort());
    expect(q({ statuses: ['todo', 'done'] }).sort()).toEqual([a.id, b.id].sort());
    expect(q({ pageKeys: ['https://xm.gov.cn/only'] })).toEqual([c.id]);
    expect(q({ kinds: ['annotation'] }).sort()).toEqual([a.id, b.id, c.id].sort());
    const measuresOnly = index.search({ text: '通关', filters: { kinds: ['measure'] }, limit: 500 }).hits;
    expect(measuresOnly.length).toBeGreaterThan(10);
    expect(measuresOnly.every((h) => h.kind === 'measure')).toBe(true);
    // Port: the annotation's measure's port, and measures of that port.
    const dalian = index.search({ text: '通关', filters: { ports: ['Dalian'] }, limit: 500 }).hits;
    expect(dalian.filter((h) => h.kind === 'annotation').map((h) => h.id)).toEqual([a.id]);
    expect(dalian.every((h) => (h.kind === 'measure' ? h.measure.port : h.port) === 'Dalian')).toBe(true);
  });

  it('an empty query lists what the filters allow, newest annotations first', () => {
    const { index, a, b } = fixture();
    const r = index.search({ text: '', filters: { tags: ['AEO'] } });
    expect(ids(r.hits)).toEqual([b.id, a.id]);
    expect(r.hits.every((h) => h.match === 'all' && h.snippet !== null)).toBe(true);
  });
});

describe('ranking and snippets', () => {
  it('a tag or the start of a field outranks a mention deep in a note; annotations before measures on a tie', () => {
    const index = SearchIndex.fromCorpus(corpus);
    const inNote = ann({ exact: '别的', note: `很长的说明${'。'.repeat(10)}提到单一窗口` });
    const inTag = ann({ exact: '别的', tags: ['单一窗口'] });
    const inQuote = ann({ exact: '单一窗口标准版' });
    index.addAll([inNote, inTag, inQuote]);
    const r = index.search({ text: '单一窗口', limit: 20 });
    const order = ids(r.hits);
    expect(order.indexOf(inTag.id)).toBeLessThan(order.indexOf(inQuote.id));
    expect(order.indexOf(inQuote.id)).toBeLessThan(order.indexOf(inNote.id));
    expect(r.hits[0]?.snippet?.field).toBe('tags');
    const scores = r.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it('snippets are cut around the first hit, with highlights in snippet offsets, surrogates kept whole', () => {
    const index = new SearchIndex(null);
    const long = ann({ exact: `${'前文😀'.repeat(30)}提前申报${'后文'.repeat(100)}` });
    index.add(long);
    const hit = index.search({ text: '提前申报' }).hits[0];
    const s = hit?.snippet;
    expect(s).toBeDefined();
    if (!s) return;
    expect(s.start).toBeGreaterThan(0);
    expect(s.cutEnd).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(142);
    expect(highlighted(hit)).toEqual(['提前申报']);
    expect(long.quote.exact.slice(s.start, s.start + s.text.length)).toBe(s.text);
    expect(/^[\udc00-\udfff]/u.test(s.text)).toBe(false);
  });

  it('highlights map back through width and punctuation folding', () => {
    const index = new SearchIndex(null);
    const a = ann({ exact: '开展ＡＥＯ认证（高级）' });
    index.add(a);
    expect(highlighted(index.search({ text: 'AEO认证' }).hits[0])).toEqual(['ＡＥＯ认证']);
    expect(highlighted(index.search({ text: '(高级)' }).hits[0])).toEqual(['（高级）']);
  });
});

describe('incremental updates', () => {
  it('add, replace and remove one annotation without a rebuild', () => {
    const index = SearchIndex.fromCorpus(corpus);
    const a = ann({ exact: '独特词甲乙' });
    index.add(a);
    expect(ids(index.search({ text: '甲乙' }).hits)).toEqual([a.id]);
    index.add({ ...a, quote: { ...a.quote, exact: '独特词丙丁' }, note: '甲乙在说明里' });
    const r = index.search({ text: '甲乙' });
    expect(ids(r.hits)).toEqual([a.id]);
    expect(r.hits[0]?.snippet?.field).toBe('note');
    expect(ids(index.search({ text: '丙丁' }).hits)).toEqual([a.id]);
    expect(index.annotationCount).toBe(1);
    expect(index.remove(a.id)).toBe(true);
    expect(index.search({ text: '丙丁' }).hits).toEqual([]);
    expect(index.remove(a.id)).toBe(false);
  });
});

describe('LiveSearch over the store', () => {
  it('builds from the store on first search, then follows changes', async () => {
    const store = testStore({ onChange: (c) => live.apply(c) });
    const live: LiveSearch = new LiveSearch(store.annotations, corpus);
    const first = await store.annotations.create({ passage: passageOn('https://a.gov.cn/1', 0, '跨境电商') });
    expect(live.built).toBe(false);
    const r1 = await live.search({ text: '跨境電商', filters: { kinds: ['annotation'] } });
    expect(live.built).toBe(true);
    expect(ids(r1.hits)).toEqual([first.ok ? first.annotation.id : '']);

    const second = await store.annotations.create({
      passage: passageOn('https://a.gov.cn/2', 0, '跨境电商试点'),
    });
    if (!first.ok || !second.ok) throw new Error('create failed');
    await store.annotations.update(first.annotation.id, { tags: ['电商'] });
    await store.settled();
    expect(ids((await live.search({ text: '跨境电商', filters: { tags: ['电商'] } })).hits)).toEqual([
      first.annotation.id,
    ]);
    expect((await live.search({ text: '跨境电商', filters: { kinds: ['annotation'] } })).total).toBe(2);
    await store.annotations.delete(second.annotation.id);
    await store.settled();
    expect((await live.search({ text: '跨境电商', filters: { kinds: ['annotation'] } })).total).toBe(1);
    store.db.close();
  });
});
