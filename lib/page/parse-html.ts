/**
 * HTML text → `Document`, for the command line, the bench and the tests, which read saved pages
 * from disk rather than from a live tab.
 *
 * Why linkedom rather than happy-dom: it is already in the tree (wxt depends on it), so it adds no
 * package; it is fast (≈ 0.7 s to parse a page of 200,000 text nodes on the CI machine); and the
 * page layer needs only a plain tree (`firstChild`, `nextSibling`, `parentNode`, `localName`, attributes,
 * `Text.data`). Its one gap is `Range`: linkedom's selects whole nodes only (no
 * `setStart(node, offset)`, no `toString()`), so every linkedom document gets the small
 * {@link FallbackRange} from `fallback-range.ts`. (Its `TreeWalker` is minimal too — `nextNode()`
 * over a snapshot, no filters — which is why `extractBlocks` walks `firstChild`/`nextSibling`
 * itself.) Two other linkedom habits are handled here:
 * - it does not run the HTML5 tree builder, so a fragment without `<html>` becomes a document whose
 *   root is the fragment's first element; fragments are wrapped in `<html><body>` first;
 * - it does not insert implied `<tbody>` elements; the page layer does not depend on them.
 *
 * In a browser (or anywhere a standard `DOMParser` exists) pass that `DOMParser` and linkedom is not
 * used at all: the result is the platform's own document with its own `Range`.
 */
import { DOMParser as LinkedomParser } from 'linkedom';
import { installFallbackRange } from './fallback-range.ts';

/** The one method of `DOMParser` this module needs. */
export interface HtmlParser {
  parseFromString(html: string, type: 'text/html'): Document;
}

/** A `DOMParser`-like constructor, e.g. the browser's `DOMParser`. */
export type HtmlParserConstructor = new () => HtmlParser;

const HAS_HTML_TAG = /<html[\s>]/i;
const HAS_BODY_TAG = /<body[\s>]/i;
const HAS_HEAD_TAG = /<head[\s>]/i;

/**
 * Parses an HTML page or fragment into a `Document`.
 *
 * With no `Parser`, linkedom parses it (Node); the document's `createRange()` then returns a
 * {@link FallbackRange}. With `Parser` (e.g. `window.DOMParser` in the extension), that parser is
 * used as is. Either way the result can be given to `extractBlocks`.
 */
export function parseHtml(html: string, Parser?: HtmlParserConstructor): Document {
  if (Parser) return new Parser().parseFromString(html, 'text/html');
  const doc = new LinkedomParser().parseFromString(wrapFragment(html), 'text/html') as unknown as Document;
  installFallbackRange(doc);
  return doc;
}

/** Wraps a fragment so linkedom builds `<html><head></head><body>…</body></html>` around it. */
function wrapFragment(html: string): string {
  if (HAS_HTML_TAG.test(html)) return html;
  if (HAS_BODY_TAG.test(html)) return `<html>${html}</html>`;
  if (HAS_HEAD_TAG.test(html)) return `<html>${html}<body></body></html>`;
  // Keep a leading doctype outside the wrapper, as a browser would.
  const m = /^\s*<!doctype[^>]*>/i.exec(html);
  const doctype = m ? m[0] : '';
  const rest = m ? html.slice(m[0].length) : html;
  return `${doctype}<html><head></head><body>${rest}</body></html>`;
}

/** How far into a file `sniffIsHtml` looks: markup starts within the first lines of a page. */
const SNIFF_CHARS = 2048;

/** Tags that plain text (a seed, a pasted notice) practically never contains near its start. */
const HTML_SIGNS =
  /<(?:!doctype\b|html\b|head\b|body\b|meta\b|title\b|p\b|div\b|table\b|h[1-6]\b|span\b|br\b)/i;

/**
 * Whether a file's text looks like HTML rather than plain text, so the command line and bench can
 * accept either `.html` pages or `.txt` notices (`parseHtml` + `extractBlocks` versus
 * `textToBlocks`) without relying on file extensions. Looks for `<!doctype`, `<html`, `<head`,
 * `<body`, `<meta`, `<title`, `<p`, `<div`, `<table`, `<h1`…`<h6`, `<span` or `<br` in the first
 * 2,048 characters (after a byte order mark), case-insensitively.
 */
export function sniffIsHtml(text: string): boolean {
  const head = text.replace(/^\ufeff/, '').slice(0, SNIFF_CHARS);
  return HTML_SIGNS.test(head);
}
