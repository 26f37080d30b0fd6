/** The reader's highlights on the library's copy of a text: found across scripts, cut into pieces. */
import { describe, expect, it } from 'vitest';
import { markPieces, quoteSpans } from '../../lib/library/marks.ts';

describe('highlights on a document line', () => {
  const line = '(十三)保障进出境船舶“全天候”通关。对符合条件的船舶,提供进出境7×24小时通关保障,实现船到即检。';

  it('find a quote taken from a Traditional page with full-width punctuation, on its own characters', () => {
    const [s] = quoteSpans(line, [{ id: 'a', colour: 'green', exact: '提供進出境7×24小時通關保障，' }]);
    expect(s && line.slice(s.start, s.end)).toBe('提供进出境7×24小时通关保障,');
  });

  it('cut the line into plain and marked pieces that together are the line, overlaps included', () => {
    const pieces = markPieces(line, [
      { id: 'a', colour: 'green', exact: '提供进出境7×24小时通关保障' },
      { id: 'b', colour: 'pink', exact: '7×24小时通关保障,实现船到即检' },
      { id: 'c', colour: 'blue', exact: '不在这里的话' },
      { id: 'd', colour: 'blue', exact: '船' }, // too short to mean anything
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(line);
    expect(pieces.filter((p) => p.ids.length > 0).map((p) => [p.text, p.ids, p.colour])).toEqual([
      ['提供进出境', ['a'], 'green'],
      ['7×24小时通关保障', ['a', 'b'], 'pink'],
      [',实现船到即检', ['b'], 'pink'],
    ]);
    expect(markPieces('无', [])).toEqual([{ text: '无', ids: [], colour: null }]);
  });
});
