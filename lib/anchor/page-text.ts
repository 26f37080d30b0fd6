/**
 * A saved page's `document.body.textContent` as a browser computes it, for the command line and
 * the tests, which read pages from disk and parse them with linkedom (`lib/page/parse-html.ts`).
 *
 * Annotations are made in browsers, so their offsets count the browser's text. linkedom builds a
 * plain tree without the HTML5 tree builder, and its `textContent` differs from a browser's in
 * four ways that move offsets; each is fixed on the source before parsing, by a small pass that
 * follows the HTML tokenizer's states (markup, comments, raw-text elements, quoted attributes):
 * - **`<noscript>`**: with scripting enabled (every browser tab), its content is raw text, so
 *   `<noscript><img src=x></noscript>` adds `<img src=x>` to the text; linkedom parses it as
 *   markup and adds nothing. The content is escaped, so linkedom keeps it as that text. (The
 *   Hypothesis baseline page has 156 such characters before its footer.)
 * - **Text after `</body>` or `</html>`** goes into the body in a browser; linkedom keeps it out.
 *   Those end tags are dropped (a browser ignores them apart from that).
 * - **Line breaks**: the input stream turns CRLF and lone CR into LF before anything else.
 * - **A newline right after `<pre>`, `<listing>` or `<textarea>`** is dropped by the tree builder.
 * Plus one the walk itself handles (`text.ts`): `<template>` content is not part of the text.
 * What remains different: text that a browser moves out of a `<table>` (foster parenting), which
 * only broken markup has.
 */
import { parseHtml } from '../page/parse-html.ts';
import { textIndex } from './text.ts';

/** Elements whose content is raw text for the tokenizer (no markup inside). */
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'textarea', 'title']);

/** Elements after whose start tag one newline is dropped. */
const LEADING_NEWLINE = new Set(['pre', 'listing', 'textarea']);

/** The source of a page, rewritten so that linkedom's text equals a browser's (module comment). */
export function browserSource(html: string): string {
  const src = html.replace(/\r\n?/gu, '\n');
  const out: string[] = [];
  let i = 0;
  let text = 0; // start of the pending run of plain text
  const flush = (to: number): void => {
    if (to > text) out.push(src.slice(text, to));
  };
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    if (lt === -1) break;
    if (src.startsWith('<!--', lt)) {
      const end = src.indexOf('-->', lt + 4);
      i = end === -1 ? src.length : end + 3;
      continue;
    }
    const m = /^<(\/?)([A-Za-z][^\s/>]*)/u.exec(src.slice(lt, lt + 64));
    if (!m) {
      i = lt + 1;
      continue;
    }
    const closing = m[1] === '/';
    const name = (m[2] as string).toLowerCase();
    const gt = tagEnd(src, lt + m[0].length);
    if (closing) {
      if (name === 'body' || name === 'html') {
        flush(lt);
        text = gt;
      }
      i = gt;
      continue;
    }
    let after = gt;
    if (LEADING_NEWLINE.has(name) && src[after] === '\n') {
      flush(after);
      after += 1;
      text = after;
    }
    if (name === 'noscript' || RAW_TEXT.has(name)) {
      const closeTag = new RegExp(`</${name}`, 'giu');
      closeTag.lastIndex = after;
      const close = closeTag.exec(src);
      const end = close ? close.index : src.length;
      if (name === 'noscript') {
        flush(after);
        out.push(src.slice(after, end).replace(/&/gu, '&amp;').replace(/</gu, '&lt;'));
        text = end;
      }
      i = end;
      continue;
    }
    i = after;
  }
  flush(src.length);
  return out.join('');
}

/** Where a tag that starts before `from` ends: after its `>`, skipping quoted attribute values. */
function tagEnd(src: string, from: number): number {
  let quote = '';
  for (let i = from; i < src.length; i++) {
    const c = src[i] as string;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    }
  }
  return src.length;
}

/** The parsed page (linkedom) and its body's text as a browser has it. */
export function htmlPageText(html: string): { doc: Document; text: string } {
  const doc = parseHtml(browserSource(html.replace(/^\ufeff/u, '')));
  return { doc, text: textIndex(doc.body ?? doc.documentElement).text };
}

/**
 * A plain-text page's text: the file is its own `textContent` (as a browser shows a .txt file),
 * line breaks normalised as a browser's input stream does, a byte order mark dropped.
 */
export function txtPageText(txt: string): string {
  return txt.replace(/^\ufeff/u, '').replace(/\r\n?/gu, '\n');
}
