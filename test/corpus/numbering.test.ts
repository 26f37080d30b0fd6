import { describe, expect, it } from 'vitest';
import { formatCnNumeral, formatMarker, parseCnNumeral, readMarker } from '../../lib/corpus/numbering.ts';

describe('Chinese numerals', () => {
  it('parses and formats 1..999 round trip', () => {
    for (let n = 1; n <= 999; n++) expect(parseCnNumeral(formatCnNumeral(n))).toBe(n);
    expect(formatCnNumeral(13)).toBe('十三');
    expect(formatCnNumeral(43)).toBe('四十三');
    expect(formatCnNumeral(102)).toBe('一百零二');
    expect(parseCnNumeral('两')).toBe(2);
  });

  it('rejects what is not a numeral', () => {
    expect(parseCnNumeral('')).toBeNaN();
    expect(parseCnNumeral('三三')).toBeNaN();
    expect(parseCnNumeral('十百')).toBeNaN();
  });
});

describe('readMarker', () => {
  it.each([
    ['一、切实转变服务理念', 'cn', 1, '一、'],
    ['  (十三)保障进出境船舶', 'paren-cn', 13, '(十三)'],
    ['（四十三）依托', 'paren-cn', 43, '（四十三）'],
    ['1.進一步提升', 'arabic-dot', 1, '1.'],
    ['12．推進', 'arabic-dot', 12, '12．'],
    ['3、进一步推进', 'arabic-dun', 3, '3、'],
  ] as const)('%s', (line, kind, value, printed) => {
    expect(readMarker(line)).toMatchObject({ kind, value, printed });
  });

  it('does not take decimals, years or plain text for markers', () => {
    expect(readMarker('3.0版本')).toBeNull();
    expect(readMarker('2024年4月30日')).toBeNull();
    expect(readMarker('统一思想,提高认识。')).toBeNull();
  });

  it('formats markers for messages', () => {
    expect(formatMarker('paren-cn', 14)).toBe('(十四)');
    expect(formatMarker('cn', 3)).toBe('三、');
    expect(formatMarker('arabic-dun', 2)).toBe('2、');
  });
});
