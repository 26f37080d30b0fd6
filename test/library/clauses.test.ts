/**
 * Side by side: clauses cover the whole text; a measure and the table task that restates it share
 * their wording; two ports' round-the-clock measures share the instrument in other words; what one
 * adds is new; Traditional against Simplified compares equal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { clauseCounts, compareClauses, sameWording, splitClauses } from '../../lib/library/clauses.ts';
import { LibraryCorpus } from '../../lib/library/corpus.ts';

let lib: LibraryCorpus;
beforeAll(() => {
  lib = new LibraryCorpus(compileSeedsDir());
});

const compare = (a: string, b: string) =>
  compareClauses(lib, lib.measure(a)?.text ?? '', lib.measure(b)?.text ?? '', lib.conceptsOf(b).instruments);

describe('clauses side by side', () => {
  it('cut a text into clauses that together are the text', () => {
    for (const m of lib.measures) {
      const cs = splitClauses(m.text);
      expect(cs.map((c) => c.text).join(''), m.id).toBe(m.text);
      cs.forEach((c, i) => expect(c.start).toBe(i === 0 ? 0 : cs[i - 1]?.end));
    }
    expect(splitClauses('提前申报，7×24小时通关；当日放行。').map((c) => c.text)).toEqual([
      '提前申报，',
      '7×24小时通关；',
      '当日放行。',
    ]);
  });

  it("mark a measure's clauses the same wording as the task that restates it, its own additions new", () => {
    const cs = compare('changsha-2017:3.8', 'changsha-2017:t27');
    const n = clauseCounts(cs);
    expect(n.same).toBeGreaterThanOrEqual(7);
    expect(cs.find((c) => c.text.includes('适应企业需求'))?.kind).toBe('new');
    expect(cs.find((c) => c.text.includes('在黄花机场'))?.kind).toBe('same');
  });

  it('mark clauses naming a shared instrument in other words as the same instrument', () => {
    const cs = compare('dalian-2023:2.13', 'changsha-2017:3.8');
    const seven = cs.find((c) => c.text.includes('7×24'));
    expect(seven?.kind).toBe('instrument');
    expect(seven?.instruments).toEqual(['round-the-clock']);
    expect(cs.find((c) => c.text.includes('卫生检疫证书'))?.kind).toBe('new');
    expect(clauseCounts(cs).same).toBe(0);
  });

  it('compare Traditional with Simplified, and allow a few characters to differ', () => {
    const hant = lib.measure('xiamen-2024:2.1.1')?.text ?? '';
    const hans = lib.measure('xiamen-2024:2.1.1')?.textOther ?? '';
    expect(hant).not.toBe(hans);
    const cs = compareClauses(lib, hant, hans, []);
    expect(cs.every((c) => c.kind === 'same')).toBe(true);
    expect(sameWording('在黄花机场等重点口岸推行5+2工作制', '在长沙机场等重点口岸推行5+2工作制')).toBe(true);
    expect(sameWording('提高通关效率', '提升通关效能')).toBe(false); // short: exact only
    expect(sameWording('对符合条件的船舶提供进出境通关保障', '提升企业申报工作效率和物流速度水平')).toBe(
      false,
    );
  });
});
