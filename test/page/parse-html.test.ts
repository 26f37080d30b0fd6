import { readdirSync, readFileSync } from 'node:fs';
import { DOMParser as LinkedomParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { FallbackRange } from '../../lib/page/fallback-range.ts';
import { parseHtml, sniffIsHtml, type HtmlParserConstructor } from '../../lib/page/parse-html.ts';

const seedsDir = new URL('../../seeds/', import.meta.url);
const pagesDir = new URL('../fixtures/pages/', import.meta.url);

describe('parseHtml', () => {
  it('parses whole pages and bare fragments into a document with a body', () => {
    const full = parseHtml(
      '<!DOCTYPE html><html><head><title>t</title></head><body><p>正文</p></body></html>',
    );
    expect(full.body.textContent).toBe('正文');
    const fragment = parseHtml('<p>一</p><p>二</p>');
    expect(fragment.documentElement.localName).toBe('html');
    expect(fragment.body.textContent).toBe('一二');
    expect(parseHtml('<!doctype html><p>三</p>').body.textContent).toBe('三');
    expect(parseHtml('<body><p>四</p></body>').body.textContent).toBe('四');
  });

  it('gives linkedom documents a range that holds text offsets', () => {
    const doc = parseHtml('<p>ab<b>cd</b>ef</p>');
    const r = doc.createRange();
    expect(r).toBeInstanceOf(FallbackRange);
    const p = doc.querySelector('p') as Element;
    const [ab, b, ef] = [p.firstChild as Text, p.firstChild?.nextSibling as Element, p.lastChild as Text];
    r.setStart(ab, 1);
    r.setEnd(ef, 1);
    expect(r.toString()).toBe('bcde');
    expect(r.commonAncestorContainer).toBe(p);
    expect(r.collapsed).toBe(false);
    r.setStart(p, 1);
    r.setEnd(p, 2);
    expect(r.toString()).toBe('cd');
    r.selectNodeContents(p);
    expect(r.toString()).toBe('abcdef');
    r.setStartAfter(b);
    expect(r.toString()).toBe('ef');
    const c = r.cloneRange();
    c.collapse(true);
    expect(c.collapsed).toBe(true);
    expect(c.toString()).toBe('');
    expect(r.toString()).toBe('ef');
    expect(() => r.setEnd(ef, 3)).toThrow(RangeError);
  });

  it('uses a given DOMParser as is', () => {
    const doc = parseHtml(
      '<html><body><p>五</p></body></html>',
      LinkedomParser as unknown as HtmlParserConstructor,
    );
    expect(doc.body.textContent).toBe('五');
    expect(doc.createRange()).not.toBeInstanceOf(FallbackRange);
  });
});

describe('sniffIsHtml', () => {
  it('recognises the fixture pages and not the seed texts', () => {
    for (const f of readdirSync(pagesDir).filter((n) => n.endsWith('.html'))) {
      expect(sniffIsHtml(readFileSync(new URL(f, pagesDir), 'utf8')), f).toBe(true);
    }
    for (const f of readdirSync(seedsDir).filter((n) => n.endsWith('.txt'))) {
      expect(sniffIsHtml(readFileSync(new URL(f, seedsDir), 'utf8')), f).toBe(false);
    }
  });

  it('looks for tags near the start only', () => {
    expect(sniffIsHtml('\ufeff<!DOCTYPE html>')).toBe(true);
    expect(sniffIsHtml('  <P class="x">正文')).toBe(true);
    expect(sniffIsHtml('<table><tr><td>1</td></tr></table>')).toBe(true);
    expect(sniffIsHtml('一、正文 <pre> 不是段落标签')).toBe(false);
    expect(sniffIsHtml(`${'正文。'.repeat(1000)}<p>`)).toBe(false);
    expect(sniffIsHtml('a < b and c > d')).toBe(false);
  });
});
