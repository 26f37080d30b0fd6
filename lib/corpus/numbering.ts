/**
 * Chinese list numbering: the markers official documents use (`一、` `(一)` `（一）` `1.` `1、`)
 * and the numerals inside them. One table of markers serves every document; the manifest only says
 * which marker is a group and which a measure.
 */

/** The numbering styles we recognise at the start of a line. */
export type MarkerKind = 'cn' | 'paren-cn' | 'arabic-dot' | 'arabic-dun';

/** A numbering marker found at the start of a line. */
export interface Marker {
  kind: MarkerKind;
  /** The marker as printed, e.g. `(十三)`, `二、`, `1.`. */
  printed: string;
  /** Its value, e.g. 13. */
  value: number;
  /** Offset in the line just after the marker. */
  end: number;
}

const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/**
 * Parses a Chinese numeral below 1000 (`十三` → 13, `四十三` → 43, `一百零二` → 102).
 * Returns NaN for anything else, so a typo in a marker becomes a build error, not a wrong number.
 */
export function parseCnNumeral(s: string): number {
  if (s === '') return NaN;
  let total = 0;
  let digit = -1;
  let lastUnit = 1000;
  for (const ch of s) {
    if (ch in CN_DIGITS) {
      if (CN_DIGITS[ch] === 0 && total > 0 && digit < 0) continue; // 零 between units: 一百零二
      if (digit >= 0) return NaN; // two digits in a row
      digit = CN_DIGITS[ch] ?? NaN;
      continue;
    }
    const unit = ch === '十' ? 10 : ch === '百' ? 100 : 0;
    if (unit === 0 || unit >= lastUnit) return NaN;
    total += (digit < 0 ? 1 : digit) * unit;
    digit = -1;
    lastUnit = unit;
  }
  if (digit >= 0) total += digit;
  return total;
}

/** Formats 1..999 as a Chinese numeral, the way documents print it (`十三`, `二十`, `一百零二`). */
export function formatCnNumeral(n: number): string {
  const d = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (!Number.isInteger(n) || n < 1 || n > 999) return String(n);
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  let out = '';
  if (h) out += `${d[h]}百`;
  if (t) out += `${h === 0 && t === 1 ? '' : d[t]}十`;
  else if (h && u) out += '零';
  if (u) out += d[u];
  return out;
}

const CN = '[〇零一二两三四五六七八九十百]+';
const PATTERNS: ReadonlyArray<readonly [MarkerKind, RegExp]> = [
  ['cn', new RegExp(`^\\s*(${CN})、`, 'u')],
  ['paren-cn', new RegExp(`^\\s*[(（](${CN})[)）]`, 'u')],
  // `1.` but not a decimal such as `3.0`
  ['arabic-dot', /^\s*(\d{1,3})[.．](?!\d)/u],
  ['arabic-dun', /^\s*(\d{1,3})、/u],
];

/** The numbering marker at the start of `line`, if any. */
export function readMarker(line: string): Marker | null {
  for (const [kind, re] of PATTERNS) {
    const m = re.exec(line);
    if (!m) continue;
    const raw = m[1] ?? '';
    const value = kind === 'cn' || kind === 'paren-cn' ? parseCnNumeral(raw) : Number(raw);
    if (Number.isNaN(value)) continue;
    return { kind, printed: m[0].trim(), value, end: m[0].length };
  }
  return null;
}

/** The marker of `kind` for `value`, as documents print it: for messages such as "expected (十四)". */
export function formatMarker(kind: MarkerKind, value: number): string {
  switch (kind) {
    case 'cn':
      return `${formatCnNumeral(value)}、`;
    case 'paren-cn':
      return `(${formatCnNumeral(value)})`;
    case 'arabic-dot':
      return `${value}.`;
    case 'arabic-dun':
      return `${value}、`;
  }
}
