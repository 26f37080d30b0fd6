/**
 * Measure spans (lib/page/segment.ts): a numbered heading with its one body paragraph is one span,
 * a paragraph of inline numbered measures is several, and everything else is left alone. Spans
 * stay slices of the page text, so `range()` maps them back to the DOM (checked in Chromium by
 * test/e2e/card.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { extractBlocks, textToBlocks, type Block } from '../../lib/page/blocks.ts';
import { parseHtml } from '../../lib/page/parse-html.ts';
import { segmentBlocks, segmentPage, splitInline } from '../../lib/page/segment.ts';

const spans = (text: string): string[] => segmentPage(textToBlocks(text)).blocks.map((b) => b.text);

describe('a numbered heading and its body', () => {
  it('are one span when exactly one paragraph follows before the next number (news reprints)', () => {
    const text = [
      '为支持企业应对困难，制定以下措施：',
      '一、优化通关模式,降低企业通关成本',
      '在关区范围内对所有海运、空运进出境货物实行“多点报关,口岸验放”，允许企业自主选择报关地。',
      '二、实行担保通关,缓解企业资金压力',
      '在企业提供银行等金融机构担保的前提下,采取先放后税等快速通关措施。',
    ].join('\n');
    const out = segmentPage(textToBlocks(text));
    expect(out.blocks.map((b) => b.text.split('\n')[0])).toEqual([
      '为支持企业应对困难，制定以下措施：',
      '一、优化通关模式,降低企业通关成本',
      '二、实行担保通关,缓解企业资金压力',
    ]);
    // Offsets index the page text: the span runs from the heading's first character to the body's last.
    for (const b of out.blocks) expect(out.text.slice(b.start, b.end)).toBe(b.text);
    expect(out.blocks[1]?.text.endsWith('允许企业自主选择报关地。')).toBe(true);
  });

  it('stay apart when the heading is a group heading: numbered items or several paragraphs follow', () => {
    expect(
      spans(
        '一、进一步强化政策供给\n1.继续优化出口锂电池检验监管模式，深入开展试点。\n2.深化进口商品便利通关措施，制定分类管理措施。',
      ),
    ).toHaveLength(3);
    // Zhejiang 2004: a heading over unnumbered paragraph measures, each a measure of its own.
    expect(
      spans(
        '二、加快平台建设，改善通关环境。\n加快公共信息平台建设。以海关的电子口岸为依托，推动公共信息平台建设。\n加快业务操作平台。以建立通关中心为基础，推进“一站式”办公。',
      ),
    ).toHaveLength(3);
  });

  it('stay apart when the paragraph is a lead-in, a number, a table row or too short to be a body', () => {
    expect(spans('一、主要任务\n各单位要做好以下工作：\n1.推行提前申报，扩大担保放行范围。')).toHaveLength(3);
    expect(spans('一、主要任务\n附件')).toHaveLength(2);
    const rows: Block[] = [
      { text: '八、推行“5+2”工作制', start: 0, end: 12, kind: 'paragraph' },
      {
        text: '27 | 在黄花机场等重点口岸推行“5+2”工作制 | 年内 | 改革办 |',
        start: 13,
        end: 50,
        kind: 'table-row',
      },
    ];
    expect(segmentBlocks(' '.repeat(60), rows)).toEqual(rows);
  });

  it('merge in HTML too: Xiamen 2008 十二 is one span on its fixture page', async () => {
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(new URL('../fixtures/pages/xiamen-2008.hans.html', import.meta.url), 'utf8');
    const page = segmentPage(extractBlocks(parseHtml(html)));
    const twelve = page.blocks.find((b) => b.text.startsWith('十二、'));
    expect(twelve?.text).toContain('加大海关知识产权保护的政策宣传');
    expect(page.text.slice(twelve?.start, twelve?.end)).toBe(twelve?.text);
  });
});

describe('several numbered measures in one paragraph', () => {
  it('are split at the numbers, the lead-in apart', () => {
    const block: Block = {
      text: '海关实施以下措施：1.推行提前申报，货物运抵即放行。2.扩大担保放行范围，减少保证金占用。3.推广“单一窗口”标准版应用。',
      start: 100,
      end: 160,
      kind: 'paragraph',
    };
    const parts = splitInline(block);
    expect(parts.map((p) => p.text)).toEqual([
      '海关实施以下措施：',
      '1.推行提前申报，货物运抵即放行。',
      '2.扩大担保放行范围，减少保证金占用。',
      '3.推广“单一窗口”标准版应用。',
    ]);
    for (const p of parts) expect(block.text.slice(p.start - 100, p.end - 100)).toBe(p.text);
  });

  it('split （一）（二） runs, with or without spaces after the full stop', () => {
    expect(spans('（一）推进通关一体化改革，实施一次申报。 （二）实施汇总征税，缓解企业资金压力。')).toEqual([
      '（一）推进通关一体化改革，实施一次申报。',
      '（二）实施汇总征税，缓解企业资金压力。',
    ]);
  });

  it('leave enumerations, decimals, dates and lone numbers alone', () => {
    expect(spans('对1、2、3类企业分别实施管理，提高效率。')).toHaveLength(1);
    expect(spans('检测报告有效期由0.5年延长至1.5年。2.0版本系统上线。')).toHaveLength(1);
    expect(spans('2024年底前完成。3.推广应用')).toHaveLength(1);
    expect(spans('本方案自印发之日起施行。1.')).toHaveLength(1);
  });
});
