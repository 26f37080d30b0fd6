/**
 * Printed numbers as addresses, over the real corpus: every measure is found by the number its card
 * prints (`(十三)`, `(六)1.`, `一、第3段`, `27`) and by its whole printed path, in any of the ways a
 * reader types them (full-width brackets, slashes, Arabic numerals with `、` or `.`); a number that
 * several measures print is ambiguous and lists them; anything else is not found.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import type { Corpus } from '../../lib/corpus/types.ts';
import { LibraryCorpus } from '../../lib/library/corpus.ts';
import { measureNumerals, readNumerals } from '../../lib/library/printed.ts';

let corpus: Corpus;
let lib: LibraryCorpus;

beforeAll(() => {
  corpus = compileSeedsDir();
  lib = new LibraryCorpus(corpus);
});

const found = (docId: string, printed: string): string | null => {
  const r = lib.resolvePrinted(docId, printed);
  return r.kind === 'found' ? r.measure.id : null;
};

describe('printed numbers', () => {
  it('read numerals and their forms', () => {
    expect(readNumerals('(十三)')).toEqual([{ value: '十三', form: 'paren' }]);
    expect(readNumerals('（十三）')).toEqual([{ value: '十三', form: 'paren' }]);
    expect(readNumerals('二、/(一)/3.')).toEqual([
      { value: '二', form: 'cn' },
      { value: '一', form: 'paren' },
      { value: '3', form: 'arabic' },
    ]);
    expect(readNumerals('三、2、')).toEqual([
      { value: '三', form: 'cn' },
      { value: '2', form: 'arabic' },
    ]);
    expect(readNumerals('一、第3段')).toEqual([
      { value: '一', form: 'cn' },
      { value: 'p3', form: 'paragraph' },
    ]);
    expect(readNumerals('１２')).toEqual([{ value: '12', form: 'arabic' }]);
    for (const bad of ['', 'abc', '(十三)x', '<script>', '十三条']) expect(readNumerals(bad), bad).toBeNull();
  });

  it('find every corpus measure by the number its card prints and by its whole path', () => {
    for (const m of corpus.measures) {
      expect(found(m.docId, lib.number(m.id)), `${m.id} as ${lib.number(m.id)}`).toBe(m.id);
      const whole = [...m.path, m.number ?? ''].filter((s) => s !== '').join('/');
      const path = m.number === null ? lib.number(m.id) : whole;
      expect(found(m.docId, path), `${m.id} as ${path}`).toBe(m.id);
      expect(measureNumerals(m).length).toBeGreaterThan(0);
    }
  });

  it('resolve the numbers readers cite', () => {
    expect(found('dalian-2023', '(十三)')).toBe('dalian-2023:2.13');
    expect(found('dalian-2023', '（十三）')).toBe('dalian-2023:2.13');
    expect(found('dalian-2023', '二、(十三)')).toBe('dalian-2023:2.13');
    expect(found('xiamen-2024', '(六)1.')).toBe('xiamen-2024:2.6.1');
    expect(found('xiamen-2024', '(六)/1、')).toBe('xiamen-2024:2.6.1');
    expect(found('changsha-2017', '(八)')).toBe('changsha-2017:3.8');
    expect(found('changsha-2017', '27')).toBe('changsha-2017:t27');
    expect(found('zhejiang-2004', '一、第3段')).toBe('zhejiang-2004:1.p3');
    expect(found('xiamen-2008', '三、')).toBe('xiamen-2008:3');
    // A bare Chinese numeral fits the bracketed form when nothing else is printed so.
    expect(found('dalian-2023', '十三')).toBe('dalian-2023:2.13');
  });

  it('say ambiguous, with the candidates, when several measures print the number', () => {
    const r = lib.resolvePrinted('xiamen-2024', '1.');
    expect(r.kind).toBe('ambiguous');
    if (r.kind === 'ambiguous') {
      expect(r.candidates.map((m) => m.id)).toEqual(
        corpus.measures.filter((m) => m.docId === 'xiamen-2024' && m.number === '1.').map((m) => m.id),
      );
      expect(r.candidates.length).toBe(6);
    }
  });

  it('find nothing for numbers the document does not print, or other documents', () => {
    expect(lib.resolvePrinted('dalian-2023', '(四十四)').kind).toBe('none');
    expect(lib.resolvePrinted('dalian-2023', 'nonsense').kind).toBe('none');
    expect(lib.resolvePrinted('nowhere', '(一)').kind).toBe('none');
  });
});
