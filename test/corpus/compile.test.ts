import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCorpus } from '../../lib/corpus/compile.ts';
import { compileSeedsDir, readThesaurusJson, SEEDS_DIR } from '../../lib/corpus/node.ts';
import { CorpusBuildError } from '../../lib/corpus/parse.ts';
import type { Measure } from '../../lib/corpus/types.ts';
import { THEMES } from '../../lib/themes.ts';

const corpus = compileSeedsDir();
const byId = new Map(corpus.measures.map((m) => [m.id, m]));
const get = (id: string): Measure => {
  const m = byId.get(id);
  if (!m) throw new Error(`no measure ${id}`);
  return m;
};
const ofDoc = (docId: string): Measure[] => corpus.measures.filter((m) => m.docId === docId);

describe('the compiled seed corpus', () => {
  it('holds every measure of the five documents', () => {
    // One record per numbered item; Zhejiang's sections 一 and 二 hold unnumbered paragraphs that
    // each are a measure (3 + 2), then 4 + 5 + 4 numbered items; Changsha's 10 measures are the
    // (一)…(十) under 三、工作内容 and its 31 table tasks each point to one of them.
    expect(corpus.documents.map((d) => d.id)).toEqual([
      'xiamen-2008',
      'dalian-2023',
      'xiamen-2024',
      'zhejiang-2004',
      'changsha-2017',
    ]);
    expect(ofDoc('xiamen-2008')).toHaveLength(15);
    expect(ofDoc('dalian-2023')).toHaveLength(43);
    expect(ofDoc('xiamen-2024')).toHaveLength(39);
    const zj = ofDoc('zhejiang-2004');
    expect(
      ['一、', '二、', '三、', '四、', '五、'].map((s) => zj.filter((m) => m.path[0] === s).length),
    ).toEqual([3, 2, 4, 5, 4]);
    const cs = ofDoc('changsha-2017');
    expect(cs.filter((m) => m.parentId === null)).toHaveLength(10);
    expect(cs.filter((m) => m.parentId !== null)).toHaveLength(31);
    expect(corpus.measures).toHaveLength(156);
  });

  it('gives ids from the numbering path, unique and stable', () => {
    expect(new Set(corpus.measures.map((m) => m.id)).size).toBe(156);
    expect(get('dalian-2023:2.13').number).toBe('(十三)');
    expect(get('dalian-2023:2.13').path).toEqual(['二、']);
    expect(get('xiamen-2024:2.6.1').path).toEqual(['二、', '(六)']);
    expect(get('zhejiang-2004:1.p3').number).toBeNull();
    expect(get('changsha-2017:t27').parentId).toBe('changsha-2017:3.8');
    for (const m of corpus.measures) {
      expect(m.id.startsWith(`${m.docId}:`)).toBe(true);
      if (m.parentId) expect(byId.get(m.parentId)?.parentId).toBeNull();
    }
  });

  it('keeps titles and text in both scripts', () => {
    const m = get('xiamen-2008:3');
    expect(m.title).toBe('提高通关效率，营造良好通关环境。');
    expect(m.text.startsWith('提高通关效率')).toBe(true);
    expect(m.titleOther).toBe('提高通關效率，營造良好通關環境。');
    const t = get('xiamen-2024:2.1.2');
    expect(t.title).toBe('深化區域物流一體化。');
    expect(t.titleOther).toBe('深化区域物流一体化。');
    // Xiamen 2008 十二: the body after a blank line belongs to the measure.
    expect(get('xiamen-2008:12').text).toContain('加大海关知识产权保护的政策宣传');
    for (const x of corpus.measures) {
      expect(x.title.length).toBeGreaterThan(3);
      expect(x.text.length).toBeGreaterThanOrEqual(x.title.length);
    }
  });

  it('reads Xiamen 2024 agencies from the trailing parentheses', () => {
    const two = get('xiamen-2024:2.1.2');
    expect(two.leadAgencies).toEqual(['廈門海關']);
    expect(two.coAgencies).toEqual(['廈門港口局']);
    expect(two.agencySource).toBe('text');
    const nested = get('xiamen-2024:2.2.6');
    expect(nested.leadAgencies).toEqual(['市商務局(口岸辦)']);
    expect(nested.coAgencies).toEqual(['廈門海關', '港務集團', '象嶼集團']);
    expect(get('xiamen-2024:2.4.3').coAgencies).toEqual(['市商務局(口岸辦)', '金磚辦', '廈門海關']);
    expect(get('xiamen-2024:2.6.4')).toMatchObject({ leadAgencies: ['廈門海事局'], coAgencies: [] });
    for (const m of ofDoc('xiamen-2024')) expect(m.leadAgencies.length).toBe(1);
  });

  it("reads Changsha's 责任部门 and 协办部门, empty where the row has none", () => {
    expect(get('changsha-2017:t13').leadAgencies).toEqual(['监管通关处', '关税处', '审单处', '缉私局']);
    expect(get('changsha-2017:t19').coAgencies).toEqual(['各职能部门', '各业务现场']);
    for (const n of [20, 24, 29, 30]) {
      expect(get(`changsha-2017:t${n}`).coAgencies).toEqual([]);
      expect(get(`changsha-2017:t${n}`).leadAgencies).toEqual(['各业务现场']);
    }
    expect(get('changsha-2017:3.8').leadAgencies).toEqual(['改革办', '监管通关处']);
  });

  it('marks the issuer as the agency elsewhere', () => {
    expect(get('dalian-2023:1.1')).toMatchObject({ leadAgencies: ['大连海关'], agencySource: 'issuer' });
    expect(get('xiamen-2008:1')).toMatchObject({ leadAgencies: ['厦门海关'], agencySource: 'issuer' });
  });

  it('gives deadlines as the text does, and marks inferred ones', () => {
    // 年内 names no date: the end of the notice's year is our reading, from 年内 and its date.
    const withinYear = {
      date: '2017-12-31',
      label: '年内',
      inferred: true,
      evidence: ['年内', '2017年4月1日'],
    };
    expect(get('changsha-2017:t1').deadline).toEqual(withinYear);
    expect(get('changsha-2017:3.1').deadline).toEqual(withinYear);
    expect(get('xiamen-2024:2.3.4').deadline).toEqual({
      date: '2024-12-31',
      label: '2024年專項行動',
      inferred: true,
      evidence: ['廈門市2024年促進跨境貿易便利化專項行動工作方案'],
    });
    expect(get('zhejiang-2004:1.p3').deadline).toEqual({
      date: '2004-12-31',
      label: '在2004年年底以前',
      inferred: false,
    });
    expect(get('zhejiang-2004:3.1').deadline).toEqual({
      date: '2004-12-31',
      label: '在2004年年底以前',
      inferred: true,
      evidence: ['在2004年年底以前'],
    });
    expect(get('xiamen-2008:3').deadline).toBeNull();
    expect(get('dalian-2023:2.13').deadline).toBeNull();
  });

  it('finds the service time limits with quotes, in the units the text uses', () => {
    const three = get('xiamen-2008:3').timeLimits;
    // Working days stay working days (not 24-hour days), and "the same day" names no hours.
    expect(three.map((t) => [t.kind, t.duration])).toEqual([
      ['same-day', null],
      ['same-day', null],
      ['within', { amount: 2, unit: 'working-day' }],
      ['within', { amount: 1, unit: 'working-day' }],
    ]);
    expect(three[0]?.quote).toBe('非查验出口货物当日放行');
    expect(three[2]?.quote).toBe('进口2个工作日内');
    expect(get('xiamen-2008:2').timeLimits).toEqual([
      {
        quote: '将出口报关单证明联签发时间由原来企业申请后5个工作日缩短到3个工作日',
        kind: 'reduced-to',
        duration: { amount: 3, unit: 'working-day' },
        from: { amount: 5, unit: 'working-day' },
      },
    ]);
    expect(get('zhejiang-2004:1.p3').timeLimits.map((t) => t.duration)).toEqual([
      { amount: 24, unit: 'hour' },
      { amount: 10, unit: 'hour' },
      { amount: 8, unit: 'hour' },
    ]);
    const airport = get('xiamen-2024:2.6.6').timeLimits;
    expect(airport).toHaveLength(1);
    expect(airport[0]?.quote).toContain('10分鐘內');
    expect(airport[0]?.duration).toEqual({ amount: 10, unit: 'minute' });
    // Immediate service is immediate, not "0 h".
    expect(get('xiamen-2024:2.6.4').timeLimits).toEqual([
      { quote: '即時辦', kind: 'immediate', duration: null },
    ]);
    // Availability is not a time limit: 7×24小时通关保障.
    expect(get('dalian-2023:2.13').timeLimits.every((t) => !t.quote.includes('7×24'))).toBe(true);
  });

  it('tags every measure with at least one theme from the vocabulary', () => {
    const ids = new Set(THEMES.map((t) => t.id));
    expect(THEMES.length).toBeGreaterThanOrEqual(15);
    expect(THEMES.length).toBeLessThanOrEqual(25);
    for (const m of corpus.measures) {
      expect(m.themes.length).toBeGreaterThan(0);
      for (const t of m.themes) expect(ids.has(t)).toBe(true);
    }
    expect(get('xiamen-2008:10').themes).toContain('credit-aeo');
    expect(get('changsha-2017:3.8').themes).toContain('working-hours');
    expect(get('xiamen-2024:2.4.4').themes).toContain('single-window');
  });

  it('carries the document facts from the manifest', () => {
    const doc = corpus.documents.find((d) => d.id === 'xiamen-2024');
    expect(doc).toMatchObject({
      seedFile: '002_c6aee3d5e695dcc5.txt',
      script: 'Hant',
      date: '2024-04-30',
      dateInferred: false,
    });
    expect(corpus.documents.find((d) => d.id === 'dalian-2023')?.dateInferred).toBe(true);
  });

  it('says what every inferred fact is read from, quoting the seed as written', () => {
    const seeds = new Map(corpus.documents.map((d) => [d.id, readFileSync(join(SEEDS_DIR, d.file), 'utf8')]));
    for (const d of corpus.documents) {
      const seed = seeds.get(d.id) as string;
      for (const [inferred, quote] of [
        [d.dateInferred, d.evidence.date],
        [d.titleInferred, d.evidence.title],
        [d.issuerInferred, d.evidence.issuer],
      ] as const) {
        if (inferred) expect(quote, d.id).toBeTruthy();
        if (quote) expect(seed, `${d.id}: ${quote}`).toContain(quote);
      }
    }
    expect(corpus.documents.find((d) => d.id === 'xiamen-2008')?.evidence).toEqual({
      date: '从2008年11月起',
    });
    for (const m of corpus.measures) {
      if (!m.deadline?.inferred) continue;
      expect(m.deadline.evidence?.length, m.id).toBeGreaterThan(0);
      for (const quote of m.deadline.evidence ?? [])
        expect(seeds.get(m.docId), `${m.id}: ${quote}`).toContain(quote);
    }
  });

  it('fails the build when an inferred fact quotes nothing, or words the seed does not have', () => {
    const manifest = JSON.parse(readFileSync(join(SEEDS_DIR, 'manifest.json'), 'utf8')) as {
      documents: Array<Record<string, unknown>>;
    };
    const read = (file: string): string => readFileSync(join(SEEDS_DIR, file), 'utf8');
    const xiamen = manifest.documents[0] as Record<string, unknown>;
    delete xiamen['evidence'];
    const dalian = manifest.documents[1] as Record<string, unknown>;
    dalian['evidence'] = { date: '新四样' };
    let error: unknown;
    try {
      compileCorpus(manifest, read, readThesaurusJson());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorpusBuildError);
    expect((error as CorpusBuildError).errors.map((e) => `${e.file}: ${e.reason}`)).toEqual([
      'seeds/manifest.json: xiamen-2008: date is inferred: evidence.date must quote the words it is read from',
      'seeds/manifest.json: dalian-2023: evidence.date "新四样" is not in seeds/dalian-2023.txt',
    ]);
  });

  it('builds byte-identical output twice', () => {
    const again = compileSeedsDir();
    expect(JSON.stringify(again)).toBe(JSON.stringify(corpus));
    expect(again.version).toMatch(/^[0-9a-f]{8}$/u);
  });
});
