/** Reading what annotations are anchored on: pages as a browser reads them, and W3C JSON-LD. */
import { describe, expect, it } from 'vitest';
import { browserSource, htmlPageText, txtPageText } from '../../lib/anchor/page-text.ts';
import { AnnotationsError, readAnnotations } from '../../lib/anchor/w3c.ts';

describe('page text as a browser gives it', () => {
  it('keeps <noscript> content as raw text (scripting is on in a browser tab)', () => {
    expect(
      htmlPageText('<body><p>a</p><noscript><img src="x" alt="&amp;"/></noscript><p>b</p></body>').text,
    ).toBe('a<img src="x" alt="&amp;"/>b');
  });

  it('puts text after </body> and </html> into the body', () => {
    expect(htmlPageText('<html><body><div>One</div></body>\n</html>\n').text).toBe('One\n\n');
  });

  it('turns CRLF and CR into LF, and drops the newline right after <pre> and <textarea>', () => {
    expect(htmlPageText('<body><p>a\r\nb\rc</p><pre>\nx\n</pre><textarea>\nt</textarea></body>').text).toBe(
      'a\nb\ncx\nt',
    );
  });

  it('leaves comments, attribute values and raw-text elements alone while looking for those tags', () => {
    const html =
      '<body><!-- </body> <noscript> --><p title="</body><noscript>">q</p><script>"</body>"</script><style>p{}</style>r</body>';
    expect(browserSource(html)).not.toContain('&lt;');
    expect(htmlPageText(html).text).toBe('q"</body>"p{}r');
  });

  it('leaves <template> content out', () => {
    expect(htmlPageText('<body>a<template><p>hidden</p></template>b</body>').text).toBe('ab');
  });

  it('takes a text file as its own text, with normalised line breaks and no byte order mark', () => {
    expect(txtPageText('\ufeff第一行\r\n第二行\r第三行')).toBe('第一行\n第二行\n第三行');
  });
});

describe('W3C Web Annotation input', () => {
  const quote = { type: 'TextQuoteSelector', exact: '提前申报', prefix: '推行', suffix: '模式' };
  const position = { type: 'TextPositionSelector', start: 10, end: 14 };
  const annotation = (id: string, selector: unknown): Record<string, unknown> => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id,
    type: 'Annotation',
    target: { source: 'https://example.gov.cn/a.html', selector },
  });

  it('reads one annotation, an array, a collection with items, and one with first.items', () => {
    const one = annotation('urn:uuid:1', [quote, position]);
    const expected = [
      {
        id: 'urn:uuid:1',
        selectors: { quote, position: { type: 'TextPositionSelector', start: 10, end: 14 } },
        problem: null,
      },
    ];
    expect(readAnnotations(one)).toEqual(expected);
    expect(readAnnotations([one])).toEqual(expected);
    expect(readAnnotations({ type: 'AnnotationCollection', items: [one] })).toEqual(expected);
    expect(
      readAnnotations({ type: ['AnnotationCollection'], first: { type: 'AnnotationPage', items: [one] } }),
    ).toEqual(expected);
    expect(readAnnotations({ type: 'AnnotationPage', items: [one] })).toEqual(expected);
  });

  it('takes a selector object or array, in any of several targets, ignoring RangeSelector and refinedBy', () => {
    const [a] = readAnnotations({
      id: 'x',
      target: [
        'https://example.gov.cn/a.html',
        { selector: { type: 'RangeSelector', startSelector: {}, endSelector: {} } },
        { selector: { ...quote, refinedBy: { type: 'TextPositionSelector', start: 0, end: 1 } } },
      ],
    });
    expect(a?.selectors).toEqual({ quote, position: null });
    const [b] = readAnnotations({
      '@id': 'y',
      target: { selector: { type: 'oa:TextQuoteSelector', exact: 'x' } },
    });
    expect(b).toEqual({
      id: 'y',
      selectors: { quote: { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' }, position: null },
      problem: null,
    });
  });

  it('keeps an unusable item in its place, with the reason', () => {
    const results = readAnnotations([
      annotation('a', quote),
      42,
      { id: 'no-target' },
      annotation('iri-only', undefined),
      annotation('bad-quote', { type: 'TextQuoteSelector', exact: 7 }),
      annotation('bad-position', { type: 'TextPositionSelector', start: 5, end: 2 }),
      annotation('negative', { type: 'TextPositionSelector', start: -1, end: 2 }),
    ]);
    expect(results.map((r) => r.id)).toEqual([
      'a',
      null,
      'no-target',
      'iri-only',
      'bad-quote',
      'bad-position',
      'negative',
    ]);
    expect(results[0]?.problem).toBeNull();
    expect(results[1]?.problem).toMatch(/not a usable annotation/u);
    expect(results[2]?.problem).toMatch(/target/u);
    expect(results[3]?.problem).toBe('no TextQuoteSelector or TextPositionSelector in target.selector');
    expect(results[4]?.problem).toMatch(/TextQuoteSelector exact/u);
    expect(results[5]?.problem).toBe('TextPositionSelector start is after end');
    expect(results[6]?.problem).toMatch(/TextPositionSelector start/u);
  });

  it('refuses a document that is none of these, with one message', () => {
    for (const bad of [
      null,
      3,
      'x',
      { type: 'Annotation' },
      { type: 'AnnotationCollection' },
      { type: 'AnnotationCollection', first: 'https://x/page1' },
    ]) {
      expect(() => readAnnotations(bad)).toThrow(AnnotationsError);
    }
  });
});
