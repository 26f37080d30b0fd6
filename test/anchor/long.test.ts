/**
 * Long quotes (longer than one alignment chunk, `ALIGN_CHUNK`): they are aligned chunk by chunk,
 * and each chunk is allowed at most `LONG_EDITS` edits per chunk, fewer than the general minimum
 * similarity would allow. These pin both: a long passage with a few edits is found where it
 * moved, and one rewritten in an eighth of its text is not.
 */
import { describe, expect, it } from 'vitest';
import { ALIGN_CHUNK } from '../../lib/anchor/align.ts';
import { describeSpan } from '../../lib/anchor/describe.ts';
import { anchor, MIN_QUOTE_SIMILARITY } from '../../lib/anchor/match.ts';

/** A notice-like text of `n` units from a fixed seed (mulberry32: no long stretch repeats). */
function notice(n: number, seed: number): string {
  const chars = [...'海关通关企业申报货物监管口岸提前查验时效服务进出境检疫许可备案材料办理，。、0123456789'];
  let a = seed;
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let out = '';
  while (out.length < n) {
    out += chars[Math.floor(next() * chars.length)] as string;
    if (next() < 1 / 60) out += '\n';
  }
  return out.slice(0, n);
}

/** `text` with the unit at every offset in `at` replaced by one the text does not use there. */
function changed(text: string, at: readonly number[]): string {
  const units = [...text];
  for (const i of at) units[i] = units[i] === '甲' ? '乙' : '甲';
  return units.join('');
}

describe('long quotes', () => {
  const text = notice(40_000, 7);
  const start = 15_000;
  const end = start + 5 * ALIGN_CHUNK;
  const selectors = describeSpan(text, start, end);
  const inserted = '新增的一段说明文字。'.repeat(4);

  it('a long passage with a few edits, moved by an insertion, is found where it moved', () => {
    const edited = inserted + changed(text, [start + 100, start + 2500, end - 50]);
    const r = anchor(edited, { quote: selectors.quote, position: null });
    expect(r).toMatchObject({
      status: 'anchored',
      method: 'fuzzy',
      start: start + inserted.length,
      end: end + inserted.length,
    });
  });

  it('unchanged and in place, it is found by position', () => {
    const r = anchor(text, selectors);
    expect(r).toMatchObject({ status: 'anchored', method: 'position', start, end });
  });

  it('rewritten in an eighth of its text, it is a different passage: orphaned', () => {
    const every = Array.from({ length: (end - start) / 8 }, (_, i) => start + 8 * i + 3);
    // Within what the general minimum similarity would allow, so only the long-quote cap decides.
    expect(every.length).toBeLessThan((end - start) * (1 - MIN_QUOTE_SIMILARITY));
    const r = anchor(changed(text, every), { quote: selectors.quote, position: null });
    expect(r.status).toBe('orphan');
  });
});
