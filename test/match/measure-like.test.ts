import { describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { measureLikeFlags } from '../../lib/match/measure-like.ts';
import { normalizeText } from '../../lib/normalize.ts';

describe('measure-likeness', () => {
  it('flags the seed measures as a page prints them (number, then text)', () => {
    const corpus = compileSeedsDir();
    const flags = measureLikeFlags(
      corpus.measures.map((m) =>
        normalizeText(m.parentId ? `${m.number} | ${m.text}` : `${m.number ?? ''}${m.text}`),
      ),
    );
    expect(flags.filter(Boolean).length / flags.length).toBeGreaterThan(0.9);
  });

  it('does not flag menus, footers, news or non-trade numbered lists', () => {
    const blocks = [
      '首页 政务公开 办事服务 互动交流 数据开放',
      '主办单位：某市人民政府办公室 联系电话：0592-0000000 备案号：闽ICP备00000000号',
      '海关总署今天发布数据显示，前三季度我国货物贸易进出口总值32.33万亿元，同比增长5.3%。',
      '一、加强校园安全管理，落实安全责任制，完善学校安全工作机制。',
      '(二)优化招生入学流程，推进义务教育阶段网上报名，保障适龄儿童入学。',
      '三、加强道路施工期间交通疏导，完善绕行方案，保障市民出行安全。',
    ];
    expect(measureLikeFlags(blocks.map(normalizeText))).toEqual(blocks.map(() => false));
  });
});
