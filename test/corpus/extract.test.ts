import { describe, expect, it } from 'vitest';
import { deadlineInText, timeLimitsOf, titleOf, trailingAgencies } from '../../lib/corpus/extract.ts';

describe('titleOf', () => {
  it('ends at the first 。 outside quotes and brackets', () => {
    expect(titleOf('推广“离港确认。”模式。其他内容。')).toBe('推广“离港确认。”模式。');
    expect(titleOf('没有句号的任务')).toBe('没有句号的任务');
  });
  it('cuts a very long first sentence at its first semicolon', () => {
    const long = `推进全国通关一体化改革,实施“一次申报、分步处置”;${'创新协同监管制度,'.repeat(8)}提升通关效率。`;
    expect(titleOf(long)).toBe('推进全国通关一体化改革,实施“一次申报、分步处置”');
  });
});

describe('trailingAgencies', () => {
  it('splits on , and 、, keeps nested brackets whole, first named leads', () => {
    expect(trailingAgencies('內容。〔市商務局(口岸辦),廈門海關,港務集團、象嶼集團按職責分工負責〕')).toEqual({
      lead: ['市商務局(口岸辦)'],
      co: ['廈門海關', '港務集團', '象嶼集團'],
      start: 3,
    });
    expect(trailingAgencies('內容。(廈門海關)')).toMatchObject({ lead: ['廈門海關'], co: [] });
  });
  it('reports unbalanced brackets and no brackets', () => {
    expect(trailingAgencies('內容。(廈門海關,自貿委')).toMatch(/^unclosed agency bracket/u);
    expect(trailingAgencies('內容。廈門海關)')).toMatch(/never opened/u);
    expect(trailingAgencies('內容。')).toBeNull();
    expect(trailingAgencies('內容。(按職責分工負責)')).toMatch(/empty agency/u);
  });
});

describe('timeLimitsOf', () => {
  it('reads Traditional text with Simplified patterns and quotes the original', () => {
    expect(timeLimitsOf('將通行時間最快縮短至10分鐘內,提升便捷性。')).toEqual([
      { quote: '將通行時間最快縮短至10分鐘內', kind: 'within', duration: { amount: 10, unit: 'minute' } },
    ]);
  });
  it('knows Chinese numerals, reductions and same-day release', () => {
    expect(timeLimitsOf('审批时间缩短三个工作日;货物当日放行。')).toEqual([
      { quote: '审批时间缩短三个工作日', kind: 'reduced-by', duration: { amount: 3, unit: 'working-day' } },
      { quote: '货物当日放行', kind: 'same-day', duration: null },
    ]);
  });
  it('does not take availability or transit rules for time limits', () => {
    expect(timeLimitsOf('提供7×24小时通关保障;24小时全天候预约通关。')).toEqual([]);
    expect(timeLimitsOf('持有效證件和24小時內國際聯程機票的旅客')).toEqual([]);
  });
});

describe('deadlineInText', () => {
  it('reads year-end and month-end deadlines', () => {
    expect(deadlineInText('在2004年年底以前完成')).toEqual({
      date: '2004-12-31',
      label: '在2004年年底以前',
      inferred: false,
    });
    expect(deadlineInText('2025年6月底前建成')).toEqual({
      date: '2025-06-30',
      label: '2025年6月底前',
      inferred: false,
    });
    expect(deadlineInText('从2008年11月起')).toBeNull();
  });
});
