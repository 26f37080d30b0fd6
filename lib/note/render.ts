/**
 * A note's Markdown as safe DOM, for extension pages only (the side panel and the library; never a
 * web page). Two maintained libraries, each doing its one job:
 * - markdown-it turns Markdown into HTML, with raw HTML switched off (`html: false`: a `<script>`
 *   typed into a note stays text) and bare http(s) URLs linked;
 * - DOMPurify then sanitises that HTML against an allow-list of tags and attributes and returns a
 *   DocumentFragment, which is appended as nodes: the HTML string never reaches an HTML sink.
 *
 * Links: only `http:` and `https:` survive (no `javascript:`, `data:`, `file:`, extension or
 * relative URLs), and each opens in a new tab with `rel="noopener noreferrer"`. No images or other
 * embedded resources: a note must not make the browser fetch anything (notes are never sent
 * anywhere, and a remote image would tell a server that someone read the note).
 */
import DOMPurify, { type Config } from 'dompurify';
import MarkdownIt from 'markdown-it';

/** Tags a rendered note may contain. */
const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  's',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];

/** Attributes they may carry (`target`/`rel` are set by the hook below, never taken from input). */
const ALLOWED_ATTR = ['href', 'title', 'start', 'align'];

/** http(s) URLs only. */
const HTTP_URL = /^https?:\/\//iu;

let md: InstanceType<typeof MarkdownIt> | null = null;

function markdown(): InstanceType<typeof MarkdownIt> {
  md ??= new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
  // markdown-it's own link check allows more (e.g. relative URLs); ours allows http(s) only.
  md.validateLink = (url: string): boolean => HTTP_URL.test(url.trim());
  return md;
}

/** The note's Markdown as HTML before sanitising (exported for tests of the Markdown step alone). */
export function noteHtml(source: string): string {
  return markdown().render(source);
}

type Purifier = ReturnType<typeof DOMPurify>;
const purifiers = new WeakMap<object, Purifier>();

/** A DOMPurify instance bound to `win`, with the link hook installed once. */
function purifierFor(win: Window): Purifier {
  let p = purifiers.get(win);
  if (p) return p;
  p = DOMPurify(win as unknown as Parameters<typeof DOMPurify>[0]);
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href') ?? '';
    if (!HTTP_URL.test(href.trim())) {
      node.removeAttribute('href');
      return;
    }
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  });
  purifiers.set(win, p);
  return p;
}

const CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP: HTTP_URL,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
};

/**
 * The note rendered as a sanitised fragment of `doc`, ready to append. Throws only when the
 * document has no window (then nothing is rendered; callers show the note as plain text).
 */
export function renderNote(source: string, doc: Document): DocumentFragment {
  const win = doc.defaultView;
  if (!win) throw new Error('renderNote needs a document with a window');
  return purifierFor(win).sanitize(noteHtml(source), CONFIG);
}

/** Replaces `container`'s children with the rendered note (plain text if rendering fails). */
export function showNote(container: Element, source: string): void {
  const doc = container.ownerDocument;
  try {
    container.replaceChildren(renderNote(source, doc));
  } catch {
    container.replaceChildren(doc.createTextNode(source));
  }
}
