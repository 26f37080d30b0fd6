import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeRange, describeSpan } from '../../lib/anchor/describe.ts';
import { htmlPageText } from '../../lib/anchor/page-text.ts';
import { offsetsFromRange, rangeFromOffsets, textIndex } from '../../lib/anchor/text.ts';
import { parseHtml } from '../../lib/page/parse-html.ts';

const pagesDir = new URL('../fixtures/pages/', import.meta.url);
const fixturePages = readdirSync(pagesDir)
  .filter((f) => f.endsWith('.html'))
  .map((f) => readFileSync(new URL(f, pagesDir), 'utf8'));

describe('textIndex', () => {
  it('is textContent, node by node, on every fixture page (a browser has no <template> children)', () => {
    for (const html of fixturePages) {
      const doc = parseHtml(html);
      const index = textIndex(doc.body);
      // linkedom makes <template> content children; a browser parses it into `content` instead.
      const browserLike = parseHtml(html);
      for (const t of browserLike.querySelectorAll('template')) t.replaceChildren();
      expect(index.text).toBe(browserLike.body.textContent);
      index.nodes.forEach((n, i) =>
        expect(index.text.slice(index.starts[i], (index.starts[i] ?? 0) + n.data.length)).toBe(n.data),
      );
    }
  });

  it('reads a document, an element or a text node; leaves <template> content out as a browser does', () => {
    const doc = parseHtml(
      '<html><head><title>T</title></head><body><p>a<b>b</b></p><template>X</template>c</body></html>',
    );
    expect(textIndex(doc).text).toBe('Tabc');
    expect(textIndex(doc.body).text).toBe('abc');
    expect(textIndex(doc.body.firstChild as Node).text).toBe('ab');
    const t = doc.createTextNode('solo');
    expect(textIndex(t).text).toBe('solo');
  });
});

describe('rangeFromOffsets / offsetsFromRange', () => {
  const doc = parseHtml('<body><p>l😃rem <i>ipsum</i></p><p></p><p>dolor<br>amet</p></body>');
  const index = textIndex(doc.body);

  it('gives ranges over text nodes, starting in the node of the first character and ending in the node of the last', () => {
    expect(index.text).toBe('l😃rem ipsumdoloramet');
    const r = rangeFromOffsets(index, 7, 12) as Range;
    expect(r.toString()).toBe('ipsum');
    expect(r.startContainer.nodeType).toBe(3);
    expect((r.startContainer as Text).data).toBe('ipsum');
    expect(r.endOffset).toBe(5);
    // An emoji is two code units, as DOM offsets count.
    expect((rangeFromOffsets(index, 1, 3) as Range).toString()).toBe('😃');
    expect((rangeFromOffsets(index, 12, 12) as Range).toString()).toBe('');
  });

  it('refuses spans outside the text', () => {
    expect(rangeFromOffsets(index, -1, 2)).toBeNull();
    expect(rangeFromOffsets(index, 3, 2)).toBeNull();
    expect(rangeFromOffsets(index, 0, index.text.length + 1)).toBeNull();
    expect(rangeFromOffsets(index, 0.5, 2)).toBeNull();
  });

  it('reads selections whose boundaries are elements', () => {
    const [p1, p2, p3] = [...doc.body.childNodes] as Element[];
    const r = doc.createRange();
    r.setStart(p1 as Node, 0);
    r.setEnd(p1 as Node, 2);
    expect(offsetsFromRange(index, r)).toEqual({ start: 0, end: 12 });
    // The empty paragraph: its start is where the next text begins.
    r.setStart(p2 as Node, 0);
    r.setEnd(p3 as Node, 3);
    expect(offsetsFromRange(index, r)).toEqual({ start: 12, end: 21 });
    // After the last child of the body: the end of the text.
    r.setStart(doc.body, 3);
    r.setEnd(doc.body, 3);
    expect(offsetsFromRange(index, r)).toEqual({ start: 21, end: 21 });
  });

  it('returns null for a range outside the root', () => {
    const other = parseHtml('<body><p>x</p></body>');
    const r = other.createRange();
    r.setStart(other.body.firstChild?.firstChild as Node, 0);
    r.setEnd(other.body.firstChild?.firstChild as Node, 1);
    expect(offsetsFromRange(index, r)).toBeNull();
    expect(describeRange(index, r)).toBeNull();
  });

  it('round-trips every span of a fixture page: offsets → Range → offsets, and the Range reads the span', () => {
    const page = htmlPageText(fixturePages[0] as string);
    const idx = textIndex(page.doc.body);
    fc.assert(
      fc.property(fc.nat(idx.text.length), fc.nat(200), (a, len) => {
        const start = a;
        const end = Math.min(idx.text.length, a + len);
        const r = rangeFromOffsets(idx, start, end);
        expect(r).not.toBeNull();
        expect(r?.toString()).toBe(idx.text.slice(start, end));
        expect(offsetsFromRange(idx, r as Range)).toEqual({ start, end });
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips on generated markup with emoji, empty nodes and nested inline tags', () => {
    const piece = fc.oneof(
      fc.constantFrom('a', '海关', '😃', ' ', '\n', '\u3000', 'x😃y'),
      fc.string({ maxLength: 4 }).map((s) => s.replace(/[<>&]/gu, '')),
    );
    const html = fc
      .array(fc.tuple(fc.constantFrom('p', 'b', 'span', 'i', ''), piece), { minLength: 1, maxLength: 12 })
      .map((parts) => parts.map(([tag, t]) => (tag ? `<${tag}>${t}</${tag}>` : t)).join(''));
    fc.assert(
      fc.property(html, fc.nat(), fc.nat(), (markup, x, y) => {
        const doc = parseHtml(`<body>${markup}</body>`);
        const idx = textIndex(doc.body);
        const n = idx.text.length;
        const start = n === 0 ? 0 : x % (n + 1);
        const end = start + (n === 0 ? 0 : y % (n - start + 1));
        const r = rangeFromOffsets(idx, start, end);
        if (idx.nodes.length === 0) {
          expect(r).toBeNull();
          return;
        }
        expect(r?.toString()).toBe(idx.text.slice(start, end));
        expect(offsetsFromRange(idx, r as Range)).toEqual({ start, end });
      }),
      { numRuns: 300 },
    );
  });
});

describe('describeSpan', () => {
  it('keeps 32 code units of context each side, fewer at the edges', () => {
    const text = 'a'.repeat(40) + 'QUOTE' + 'b'.repeat(40);
    const { quote, position } = describeSpan(text, 40, 45);
    expect(quote).toEqual({
      type: 'TextQuoteSelector',
      exact: 'QUOTE',
      prefix: 'a'.repeat(32),
      suffix: 'b'.repeat(32),
    });
    expect(position).toEqual({ type: 'TextPositionSelector', start: 40, end: 45 });
    expect(describeSpan('xyz', 0, 3).quote).toEqual({
      type: 'TextQuoteSelector',
      exact: 'xyz',
      prefix: '',
      suffix: '',
    });
  });

  it('never splits a surrogate pair at the edge of the context', () => {
    // The 32nd unit before the quote is the second half of an emoji: the prefix is one unit shorter.
    const text = `${'a'.repeat(8)}😃${'a'.repeat(31)}Q😃${'b'.repeat(30)}😃b`;
    const at = text.indexOf('Q');
    const { quote } = describeSpan(text, at, at + 1);
    expect(quote.prefix).toBe('a'.repeat(31));
    expect(quote.suffix).toBe(`😃${'b'.repeat(30)}`);
    for (const s of [quote.prefix, quote.suffix]) expect(s.isWellFormed()).toBe(true);
  });

  it('throws a RangeError for a span outside the text', () => {
    expect(() => describeSpan('abc', 2, 1)).toThrow(RangeError);
    expect(() => describeSpan('abc', 0, 4)).toThrow(RangeError);
    expect(() => describeSpan('abc', -1, 1)).toThrow(RangeError);
  });

  it('keeps every selector well-formed UTF-16 (random text with emoji)', () => {
    const text = fc
      .array(fc.constantFrom('a', '海', '😃', '𠀋', ' '), { maxLength: 120 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, x, y) => {
        // Spans on code point boundaries, as selections are.
        const cps = Array.from(t);
        const a = x % (cps.length + 1);
        const b = a + (y % (cps.length - a + 1));
        const start = cps.slice(0, a).join('').length;
        const end = cps.slice(0, b).join('').length;
        const { quote } = describeSpan(t, start, end);
        expect(quote.prefix + quote.exact + quote.suffix).toBe(
          t.slice(start - quote.prefix.length, end + quote.suffix.length),
        );
        expect(quote.prefix.isWellFormed() && quote.suffix.isWellFormed()).toBe(true);
        expect(quote.prefix.length).toBeGreaterThanOrEqual(Math.min(31, start));
      }),
    );
  });
});
