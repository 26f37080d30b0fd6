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

describe('measure-likeness of real notices', () => {
  it('flags a short numbered measure that names an instrument', () => {
    // 两段准入 names neither 海关 nor 通关: the thesaurus makes it trade vocabulary.
    const blocks = ['9.不断扩大"两段准入"信息化监管试点范围。'];
    expect(measureLikeFlags(blocks.map(normalizeText), [1])).toEqual([true]);
    expect(measureLikeFlags(blocks.map(normalizeText), [0])).toEqual([false]);
  });

  it('reads a target percentage as a measure, and a growth figure as news', () => {
    const measure = '3.对出入境特殊物品卫生检疫审批承诺审批时限再压缩50%,提高通关工作效率。';
    const news = '前三季度关区货物进出口增长12.5%,其中出口增长8.1%,进口回落3.2%,加工贸易保持平稳。';
    expect(measureLikeFlags([normalizeText(measure)], [1])).toEqual([true]);
    expect(measureLikeFlags([normalizeText(news)], [0])).toEqual([false]);
  });

  it("does not flag a plan's framing sections or a lead-in, even numbered", () => {
    const blocks = [
      '(二)工作目标 认真落实优化营商环境决策部署,全面提升口岸通关效率和跨境贸易便利化水平。',
      '二、基本原则 坚持问题导向,优化海关通关流程,推进贸易便利化。',
      '为促进外贸稳定增长,海关推出以下通关便利措施:',
    ];
    expect(measureLikeFlags(blocks.map(normalizeText), [0, 0, 0])).toEqual([false, false, false]);
  });
});

describe('counting instruments only where they can matter', () => {
  it('gives the same verdicts as counting them for every block', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { extractBlocks } = await import('../../lib/page/blocks.ts');
    const { parseHtml } = await import('../../lib/page/parse-html.ts');
    const { readThesaurusJson } = await import('../../lib/corpus/node.ts');
    const { loadThesaurus, TermMatcher } = await import('../../lib/thesaurus/thesaurus.ts');
    const t = loadThesaurus(readThesaurusJson());
    const matcher = new TermMatcher(t);
    const count = (n: string): number =>
      matcher.scan(n).filter((h) => !t.concepts[h.concept]?.broad && !t.concepts[h.concept]?.general).length;
    const dir = new URL('../fixtures/pages/', import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
      const blocks = extractBlocks(parseHtml(readFileSync(new URL(file, dir), 'utf8'))).blocks.map((b) =>
        normalizeText(b.text),
      );
      let asked = 0;
      const lazy = measureLikeFlags(blocks, (i) => {
        asked++;
        return count(blocks[i] ?? '');
      });
      expect(lazy, file).toEqual(measureLikeFlags(blocks, blocks.map(count)));
      expect(asked).toBeLessThan(blocks.length);
    }
  });
});
