import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Converter } from 'opencc-js/t2cn';
import { normalize, normalizeText, toOriginalSpan } from '../lib/normalize.ts';

const seed = (name: string): string => readFileSync(new URL(`../seeds/${name}`, import.meta.url), 'utf8');

describe('normalize', () => {
  it('folds Traditional to Simplified', () => {
    expect(normalizeText('廈門海關推廣“離港確認”模式')).toBe('厦门海关推广"离港确认"模式');
  });

  it('folds full-width ASCII, punctuation, quotes, dashes and brackets to one form', () => {
    expect(normalizeText('５＋２工作制，ＡＥＯ企业；（一）「单一窗口」——〔市商务局〕')).toBe(
      '5+2工作制,aeo企业;(一)"单一窗口"--[市商务局]',
    );
    expect(normalizeText('“提前申报”')).toBe(normalizeText('"提前申报"'));
    expect(normalizeText('‘5+2’')).toBe("'5+2'");
  });

  it('drops whitespace next to CJK and collapses it between words', () => {
    expect(normalizeText('提前\n  申报　，\t实行 AEO\n认证')).toBe('提前申报,实行aeo认证');
    expect(normalizeText('Single   Window\n\nH986 x')).toBe('single window h986 x');
    expect(normalizeText('\u00a0两岸\u200b经贸 ')).toBe('两岸经贸');
  });

  it('maps every normalised unit back to its original characters', () => {
    const original = '  (一)推廣 “離港確認”，ＡＥＯ企業。';
    const n = normalize(original);
    const at = n.text.indexOf('离港确认');
    const [s, e] = toOriginalSpan(n, at, at + 4);
    expect(original.slice(s, e)).toBe('離港確認');
    const aeo = n.text.indexOf('aeo');
    const [s2, e2] = toOriginalSpan(n, aeo, aeo + 3);
    expect(original.slice(s2, e2)).toBe('ＡＥＯ');
    expect(toOriginalSpan(n, 0, 0)).toEqual([n.starts[0], n.starts[0]]);
    expect(() => toOriginalSpan(n, 2, 1)).toThrow(RangeError);
  });

  it('per-character t2cn gives the same text as phrase conversion on the Traditional seed', () => {
    const text = seed('xiamen-2024.txt');
    const phrase = Converter({ from: 't', to: 'cn' })(text);
    expect(normalizeText(text)).toBe(normalizeText(phrase));
  });

  // The offset map's promise: any span found in normalised text maps to original characters that
  // normalise back to exactly that span.
  const alphabet = [
    ...'廈門海關提前申報单一窗口通關AEO企業，。；：（）“”「」——〔〕()[]-,.;5+2abcXYZ１２ＡＢ　 \n\t\u00a0',
    '𠀀',
  ];
  const texts = fc.oneof(
    fc.array(fc.constantFrom(...alphabet), { maxLength: 80 }).map((a) => a.join('')),
    fc.constantFrom(seed('xiamen-2008.txt'), seed('xiamen-2024.txt'), seed('changsha-2017.txt')),
  );

  // Spans are taken on code-point boundaries: half of a surrogate pair is not a character.
  const isLowSurrogate = (s: string, i: number): boolean => /[\udc00-\udfff]/u.test(s[i] ?? '');

  it('property: the mapped original slice normalises back to the span', () => {
    fc.assert(
      fc.property(texts, fc.nat(), fc.nat(), (text, a, b) => {
        const n = normalize(text);
        const len = n.text.length;
        let start = len === 0 ? 0 : a % (len + 1);
        let end = start + (len - start === 0 ? 0 : b % (len - start + 1));
        if (start < len && isLowSurrogate(n.text, start)) start--;
        if (end < len && isLowSurrogate(n.text, end)) end++;
        const [os, oe] = toOriginalSpan(n, start, end);
        expect(normalizeText(text.slice(os, oe))).toBe(n.text.slice(start, end));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: normalising is idempotent and the map is monotonic', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const n = normalize(text);
        expect(normalizeText(n.text)).toBe(n.text);
        let monotonic = true;
        for (let i = 1; i < n.text.length; i++) {
          const ok = (n.starts[i] ?? 0) >= (n.starts[i - 1] ?? 0) && (n.ends[i] ?? 0) >= (n.ends[i - 1] ?? 0);
          if (!ok) monotonic = false;
        }
        expect(monotonic).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the text-only path (matching) gives exactly the mapped path’s text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(normalizeText(text)).toBe(normalize(text).text);
      }),
      { numRuns: 300 },
    );
  });
});
