/**
 * Card payloads in the page's script: a measure keeps its facts, and every string a reader sees is
 * in the script of the page it is shown on, whatever the script of its document.
 */
import { describe, expect, it } from 'vitest';
import { CardData, MAX_RELATED, numberLabel } from '../../lib/cards/card-data.ts';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { MatchEngine } from '../../lib/match/engine.ts';

const corpus = compileSeedsDir();
const cards = new CardData(corpus);

/** Characters only Traditional text has (t2cn changes them) — none may appear on a Hans card. */
const TRAD_ONLY = /[廈門區關與經貿進當為對個這來時們國發會說長過還從樣]/u;
/** Characters only Simplified text has — none may appear on a Hant card. */
const SIMP_ONLY = /[厦门区关与经贸进当为对个这来时们国发会说长过还从样连検检]/u;

describe('CardData.card: a Traditional document on a Simplified page', () => {
  const card = cards.card('xiamen-2024:2.1.1', 'Hans');

  it('shows the Simplified title and agencies', () => {
    expect(card).not.toBeNull();
    expect(card?.title).toBe('进一步提升鲜活农产品通关效率。');
    expect(card?.leadAgencies).toEqual(['厦门海关']);
    expect(card?.agencySource).toBe('text');
  });

  it('converts the document title, issuer, port and deadline label', () => {
    expect(card?.docTitle).toBe('厦门市2024年促进跨境贸易便利化专项行动工作方案');
    expect(card?.issuer).toBe('厦门市人民政府办公厅');
    expect(card?.port).toBe('厦门');
    // The words the inferred deadline is read from are converted too.
    expect(card?.deadline).toEqual({
      date: '2024-12-31',
      label: '2024年专项行动',
      inferred: true,
      evidence: ['厦门市2024年促进跨境贸易便利化专项行动工作方案'],
    });
    // The number with its whole printed path, for citations.
    expect(card?.numberPath).toBe('二、(一)1.');
    expect(card?.text.startsWith('进一步提升鲜活农产品通关效率。')).toBe(true);
    // Six items are numbered `1.` in this document: the number carries its path.
    expect(card?.number).toBe('(一)1.');
    expect(card?.docDate).toBe('2024-04-30');
  });

  it('labels themes in zh-CN', () => {
    expect(card?.themes.map((th) => th.label)).toEqual(['农食产品', '通关时间与"5+2"', '流程再造与通关效率']);
  });

  it('has no Traditional-only character anywhere a reader sees', () => {
    const visible = [
      card?.title,
      card?.docTitle,
      card?.issuer,
      card?.port,
      ...(card?.leadAgencies ?? []),
      card?.deadline?.label,
      ...(card?.related ?? []).flatMap((r) => [r.title, r.docTitle, r.port, ...r.why]),
    ].join('');
    expect(visible).not.toMatch(TRAD_ONLY);
  });
});

describe('CardData.card: a Simplified document on a Traditional page', () => {
  const card = cards.card('dalian-2023:2.13', 'Hant');

  it('shows the Traditional title, agencies, document and port', () => {
    expect(card?.title).toBe('保障進出境船舶“全天候”通關。');
    expect(card?.leadAgencies).toEqual(['大連海關']);
    expect(card?.agencySource).toBe('issuer');
    expect(card?.issuer).toBe('大連海關');
    expect(card?.port).toBe('大連');
    expect(card?.docTitle).toBe('大連海關優化口岸營商環境 促進外貿提質增效惠企措施');
    expect(card?.number).toBe('(十三)');
    expect(card?.docDateInferred).toBe(true);
  });

  it('converts time-limit quotes and labels themes in zh-TW', () => {
    expect(card?.timeLimits).toEqual([{ quote: '實現船到即檢', kind: 'immediate', duration: null }]);
    expect(card?.themes.map((th) => th.id)).toContain('inspection');
    expect(card?.themes.find((th) => th.id === 'inspection')?.label).toBe('查驗與檢驗檢疫');
  });

  it('lists related measures of other ports in Traditional, with converted reasons', () => {
    const related = card?.related ?? [];
    expect(related.length).toBeGreaterThan(0);
    expect(related.length).toBeLessThanOrEqual(MAX_RELATED);
    expect(related.every((r) => !r.id.startsWith('dalian-2023:'))).toBe(true);
    const changsha = related.find((r) => r.id === 'changsha-2017:3.8');
    expect(changsha).toMatchObject({ port: '長沙', docTitle: '長沙海關關於進一步提高通關效率的意見' });
    // The reason is the shared instrument's terms, in the page's script; the group is the instrument.
    expect(changsha?.why.join(' ')).toMatch(/5\+2/u);
    expect(changsha?.why.join(' ')).toContain('7×24小時');
    expect(changsha?.group?.id).toBe('round-the-clock');
    expect(changsha?.group?.labels['zh-TW']).toBe('全天候通關');
    expect(changsha?.section).toBe('other-ports');
    const xiamen = related.find((r) => r.id.startsWith('xiamen-2024:'));
    // Xiamen 2024 is itself Traditional: its title is shown as written.
    expect(xiamen?.title).toBe(corpus.measures.find((m) => m.id === xiamen?.id)?.title);
    expect(xiamen?.port).toBe('廈門');
    const visible = [
      card?.title,
      card?.docTitle,
      card?.port,
      ...related.flatMap((r) => [r.title, r.port, ...r.why]),
    ];
    expect(visible.join('')).not.toMatch(SIMP_ONLY);
  });

  it('is the same object on a second request (cached) and null for an unknown id', () => {
    expect(cards.card('dalian-2023:2.13', 'Hant')).toBe(card);
    expect(cards.card('nowhere:1', 'Hant')).toBeNull();
  });
});

describe('numbers', () => {
  it('labels unnumbered paragraphs by their path and position', () => {
    const m = corpus.measures.find((x) => x.id === 'zhejiang-2004:1.p3');
    expect(m).toBeDefined();
    if (m) expect(numberLabel(m)).toBe('一、第3段');
    expect(cards.card('zhejiang-2004:1.p3', 'Hant')?.number).toBe('一、第3段');
  });

  it('keeps printed numbers, including table task numbers', () => {
    expect(cards.card('changsha-2017:t27', 'Hans')?.number).toBe('27');
    expect(cards.card('xiamen-2008:3', 'Hans')?.number).toBe('三、');
  });
});

describe('CardData.detail: the library view', () => {
  it('adds the whole text in the page script', () => {
    const hans = cards.detail('xiamen-2024:2.1.1', 'Hans');
    expect(hans?.text).toBe(
      '进一步提升鲜活农产品通关效率。在厦门口岸建立鲜活农产品通关“绿色通道”,实施7×24小时预约通关保障。(厦门海关)',
    );
    const hant = cards.detail('xiamen-2024:2.1.1', 'Hant');
    expect(hant?.text).toContain('在廈門口岸建立鮮活農產品通關');
    expect(cards.detail('nowhere:1', 'Hans')).toBeNull();
  });
});

describe('CardData.verdict', () => {
  const engine = new MatchEngine(corpus);
  const dalian = corpus.measures.find((m) => m.id === 'dalian-2023:2.13');

  it('gives a matched block its card (related travel in the card only)', () => {
    const [result] = engine.matchBlocks([{ text: dalian?.textOther ?? '', start: 0, end: 1 }]);
    expect(result).toBeDefined();
    if (!result) return;
    const v = cards.verdict(3, result, 'Hant');
    expect(v?.block).toBe(3);
    expect(v?.card?.id).toBe('dalian-2023:2.13');
    expect(v?.card?.title).toBe('保障進出境船舶“全天候”通關。');
    expect(v?.score).toBeGreaterThan(0.5);
    expect(v?.related).toEqual([]);
  });

  it('gives nothing for a block that is neither matched nor measure-like', () => {
    const [result] = engine.matchBlocks([{ text: '首页 > 政务公开 > 通知公告', start: 0, end: 15 }]);
    expect(result && cards.verdict(0, result, 'Hans')).toBeNull();
  });

  it('gives an unmatched measure-like block the measures it resembles, converted', () => {
    const fake = {
      text: '',
      start: 0,
      end: 0,
      measureLike: true,
      matches: [],
      related: [
        {
          id: 'changsha-2017:3.8',
          score: 0.7,
          why: ['全天候 / 5+2', '通关时间与"5+2"'],
          group: 'round-the-clock',
          section: 'related' as const,
        },
      ],
      relatedOf: 'block' as const,
    };
    const v = cards.verdict(1, fake, 'Hant');
    expect(v).toEqual({
      block: 1,
      score: null,
      card: null,
      related: [
        expect.objectContaining({
          id: 'changsha-2017:3.8',
          port: '長沙',
          why: ['全天候 / 5+2', '通關時間與"5+2"'],
        }),
      ],
    });
  });
});

describe('CardData.reasonLabels (reasons for readers of each UI language)', () => {
  it('names the instruments of a reason once each, in every UI language', () => {
    expect(cards.reasonLabels('7×24小时 / 5+2')).toEqual({
      'zh-CN': '全天候通关',
      'zh-TW': '全天候通關',
      en: 'Round-the-clock clearance ("5+2", 7×24)',
    });
  });

  it("is null when a term is not the thesaurus' (the reason keeps its words)", () => {
    expect(cards.reasonLabels('7×24小时 / 不存在的词')).toBeNull();
  });

  it('gives every related item a label, or null, for each of its reasons', () => {
    const m = corpus.measures.find((x) => x.related.some((r) => r.why.length > 0));
    const card = m ? cards.card(m.id, 'Hans') : null;
    const related = card?.related.filter((r) => r.why.length > 0) ?? [];
    expect(related.length).toBeGreaterThan(0);
    for (const r of related) {
      expect(r.whyLabels).toHaveLength(r.why.length);
      // Reasons the engine writes come from the thesaurus: each has an English name.
      for (const l of r.whyLabels ?? []) expect(l?.en).toMatch(/^[\x20-\x7e×]+$/u);
    }
  });
});
