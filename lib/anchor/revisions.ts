/**
 * Annotations on a page and edited revisions of that page, generated (deterministically, from a
 * seed) for the re-anchoring tests and the bench: how many annotations find their text again after
 * a page changes, and whether any lands on the wrong text.
 *
 * Annotations are made the way readers make them, on the text a reader sees (the blocks of
 * `lib/page/blocks.ts`): whole measures (a paragraph or line), sentence fragments of 10–40
 * characters, short quotes of 4–10, spans across inline tags (`<strong>`, `<span>`, `<font>`),
 * spans across table cells, and short quotes of text the page repeats elsewhere. Each is stored as
 * the selectors `describeSpan` gives on `body.textContent`.
 *
 * Revisions edit the parsed page (a DOM, not a string), the way sites change:
 * - `insert-paragraph`: new paragraphs before some blocks;
 * - `delete-paragraph`: blocks holding annotations removed (those annotations must orphan);
 * - `reflow-whitespace`: every whitespace run re-made (line breaks, indents, NBSP, U+3000) and
 *   long runs of Chinese re-wrapped with line breaks, as a re-indented page source does;
 * - `change-character`: one character changed inside many annotations' quotes;
 * - `repeat-sentence`: the sentence around some annotations copied as a new paragraph earlier on
 *   the page;
 * - `relayout-tables`: table rows reordered, cells split and merged, the source between cells
 *   re-wrapped.
 *
 * What "the intended text" is afterwards is not guessed from strings: every annotation's start and
 * end are tracked as DOM points (a Text node and an offset) through each edit, and read back as
 * offsets of the revised `body.textContent`. An annotation whose nodes left the page is gone: its
 * expected result is an orphan.
 */
import { rng } from '../match/perturb.ts';
import { extractBlocks, type Block, type ExtractedPage } from '../page/blocks.ts';
import { isSpace } from '../normalize.ts';
import { describeSpan, type SpanSelectors } from './describe.ts';
import { rangeFromOffsets, textIndex, type TextIndex } from './text.ts';

export type TestAnnotationKind = 'measure' | 'fragment' | 'short' | 'inline' | 'cells' | 'repeated';

export const TEST_ANNOTATION_KINDS: readonly TestAnnotationKind[] = [
  'measure',
  'fragment',
  'short',
  'inline',
  'cells',
  'repeated',
];

/** An annotation made on a page, with where it is. */
export interface TestAnnotation {
  id: string;
  kind: TestAnnotationKind;
  start: number;
  end: number;
  selectors: SpanSelectors;
}

export type RevisionKind =
  | 'insert-paragraph'
  | 'delete-paragraph'
  | 'reflow-whitespace'
  | 'change-character'
  | 'repeat-sentence'
  | 'relayout-tables';

export const REVISION_KINDS: readonly RevisionKind[] = [
  'insert-paragraph',
  'delete-paragraph',
  'reflow-whitespace',
  'change-character',
  'repeat-sentence',
  'relayout-tables',
];

/** A revised page and where each annotation's text is on it (null: gone). */
export interface Revision {
  /** The kind, or the kinds applied one after the other joined with '+'. */
  kind: string;
  /** The revised document (the input document, edited in place). */
  doc: Document;
  /** `body.textContent` of the revision. */
  text: string;
  expected: Array<{ start: number; end: number } | null>;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Elements that hold a block of their own (where a new paragraph can go before). */
const BLOCK_HOSTS = new Set([
  'p',
  'div',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'dd',
  'dt',
  'blockquote',
  'section',
  'article',
  'td',
  'th',
]);

/** Paragraphs inserted by `insert-paragraph`: plain notice sentences that quote nothing. */
const NEW_PARAGRAPHS = [
  '根据工作安排，本栏目内容将定期更新，请及时关注后续发布的通知公告。',
  '如对上述内容有疑问，请在工作日内与办公室联系，我们将认真听取意见建议。',
  '本文件自印发之日起施行，此前有关规定与本文件不一致的，以本文件为准。',
  '各单位在执行中遇到的新情况新问题，请及时向有关部门反映。',
  '附件材料可在本网站下载中心查阅，纸质文本以正式印发件为准。',
];

/** Characters a changed character becomes (common ones, so the change reads like a typo). */
const REPLACEMENTS =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经';

/** Characters that end a sentence (Chinese and Latin). */
const SENTENCE_END = /[。；！？!?;]/u;

const isHan = (ch: string): boolean => /\p{Script=Han}/u.test(ch);

function pick<T>(items: readonly T[], next: () => number): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(next() * items.length)];
}

function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** The body (or the document element when there is none) of a parsed page. */
function bodyOf(doc: Document): Element {
  return doc.body ?? doc.documentElement;
}

/** Each index's Text node → start offset, built on first use. */
const nodeStarts = new WeakMap<TextIndex, Map<Node, number>>();

/** Text offset of a DOM point of the index (-1 when its node is not indexed). */
function offsetOf(index: TextIndex, node: Text, offset: number): number {
  let starts = nodeStarts.get(index);
  if (!starts) {
    starts = new Map(index.nodes.map((n, i) => [n, index.starts[i] as number]));
    nodeStarts.set(index, starts);
  }
  const at = starts.get(node);
  return at === undefined ? -1 : at + offset;
}

/** The raw span of block-text span [s, e) (block text collapses whitespace; raw text does not). */
function rawSpan(page: ExtractedPage, index: TextIndex, s: number, e: number): [number, number] | null {
  const a = page.locate(s);
  const b = page.locate(e - 1);
  if (!a || !b) return null;
  const start = offsetOf(index, a.node, a.offset);
  const end = offsetOf(index, b.node, b.offset) + 1;
  return start >= 0 && end > start ? [start, end] : null;
}

/** A span of block text whose edges are page characters that are not whitespace. */
function trimmedSpan(page: ExtractedPage, s: number, e: number): [number, number] | null {
  const ok = (i: number): boolean => !page.inserted(i) && !isSpace(page.text[i] ?? ' ');
  while (s < e && !ok(s)) s++;
  while (e > s && !ok(e - 1)) e--;
  return e - s >= 2 ? [s, e] : null;
}

/**
 * Makes up to `perKind` annotations of each kind on `doc` (see the module comment), seeded.
 * Offsets count `body.textContent`.
 */
export function makeAnnotations(doc: Document, seed: number, perKind = 6): TestAnnotation[] {
  const next = rng(seed);
  const root = bodyOf(doc);
  const index = textIndex(root);
  const page = extractBlocks(root);
  const text = index.text;
  const out: TestAnnotation[] = [];
  const seen = new Set<string>();
  const add = (kind: TestAnnotationKind, span: [number, number] | null): boolean => {
    if (!span) return false;
    const [start, end] = span;
    const key = `${start}:${end}`;
    if (seen.has(key) || end - start < 2) return false;
    seen.add(key);
    const n = out.filter((a) => a.kind === kind).length;
    out.push({ id: `${kind}-${n + 1}`, kind, start, end, selectors: describeSpan(text, start, end) });
    return true;
  };
  const prose = page.blocks.filter((b) => b.kind !== 'table-row' && b.kind !== 'cell' && b.text.length >= 12);
  const rows = page.blocks.filter((b) => b.kind === 'table-row');
  const within = (b: Block, minLen: number, maxLen: number): [number, number] | null => {
    const len = Math.min(b.text.length, minLen + Math.floor(next() * (maxLen - minLen + 1)));
    const s = b.start + Math.floor(next() * (b.text.length - len + 1));
    const t = trimmedSpan(page, s, s + len);
    return t && rawSpan(page, index, t[0], t[1]);
  };
  const tries = perKind * 20;
  for (let k = 0, made = 0; k < tries && made < perKind; k++) {
    const b = pick(
      prose.filter((x) => x.text.length >= 20),
      next,
    );
    if (b && add('measure', rawSpan(page, index, b.start, b.end))) made++;
  }
  for (let k = 0, made = 0; k < tries && made < perKind; k++) {
    const b = pick(
      prose.filter((x) => x.text.length >= 30),
      next,
    );
    if (b && add('fragment', within(b, 10, 40))) made++;
  }
  for (let k = 0, made = 0; k < tries && made < perKind; k++) {
    const b = pick(prose, next);
    if (b && add('short', within(b, 4, 10))) made++;
  }
  // Across an inline tag: two neighbouring characters of a block held by different Text nodes.
  const seams: number[] = [];
  for (const b of prose) {
    for (let i = b.start + 1; i < b.end; i++) {
      const p = page.locate(i - 1);
      const q = page.locate(i);
      if (p && q && p.node !== q.node && !page.inserted(i) && !page.inserted(i - 1)) seams.push(i);
    }
  }
  for (let k = 0, made = 0; k < tries && made < perKind; k++) {
    const at = pick(seams, next);
    if (at === undefined) break;
    const s = at - 1 - Math.floor(next() * 12);
    const e = at + 1 + Math.floor(next() * 16);
    const b = prose.find((x) => x.start <= at && at < x.end) as Block;
    const t = trimmedSpan(page, Math.max(b.start, s), Math.min(b.end, e));
    if (t && t[0] < at && t[1] > at && add('inline', rawSpan(page, index, t[0], t[1]))) made++;
  }
  // Across table cells: from inside one cell to inside the next (the ' | ' between is inserted).
  const separators: Array<{ at: number; row: Block }> = [];
  for (const row of rows) {
    for (let i = row.start; i < row.end; i++) {
      if (page.inserted(i) && page.text[i] === '|') separators.push({ at: i, row });
    }
  }
  for (let k = 0, made = 0; k < tries && made < perKind; k++) {
    const sep = pick(separators, next);
    if (sep === undefined) break;
    const { at, row } = sep;
    const s = Math.max(row.start, at - 2 - Math.floor(next() * 8));
    const t = trimmedSpan(page, s, Math.min(row.end, at + 3 + Math.floor(next() * 8)));
    if (t && t[0] < at && t[1] > at && add('cells', rawSpan(page, index, t[0], t[1]))) made++;
  }
  // Short quotes of text the page repeats (the same words in another place).
  const all = page.blocks.filter((b) => b.text.length >= 6);
  for (let k = 0, made = 0; k < tries * 5 && made < perKind; k++) {
    const b = pick(all, next);
    const span = b && within(b, 4, 8);
    if (!span) continue;
    const quote = text.slice(span[0], span[1]);
    if (/\s/u.test(quote) || text.indexOf(quote) === text.lastIndexOf(quote)) continue;
    if (add('repeated', span)) made++;
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

// ---------------------------------------------------------------------------------------------
// Tracking the annotations' ends through DOM edits.

interface Point {
  node: Text;
  offset: number;
  /** An end point stays with the character before it; a start with the character after it. */
  isEnd: boolean;
  dead: boolean;
}

class Tracker {
  readonly points: Point[] = [];

  constructor(readonly doc: Document) {}

  track(index: TextIndex, start: number, end: number): [Point, Point] | null {
    const r = rangeFromOffsets(index, start, end);
    if (!r) return null;
    const a: Point = { node: r.startContainer as Text, offset: r.startOffset, isEnd: false, dead: false };
    const b: Point = { node: r.endContainer as Text, offset: r.endOffset, isEnd: true, dead: false };
    this.points.push(a, b);
    return [a, b];
  }

  /**
   * Replaces a Text node's data. `map[i]` is where old character `i` is now, or -1 when it was
   * removed (a point on a removed character dies).
   */
  replaceData(node: Text, data: string, map: readonly number[]): void {
    for (const p of this.points) {
      if (p.node !== node || p.dead) continue;
      const ch = p.isEnd ? p.offset - 1 : p.offset;
      if (ch < 0 || ch >= map.length) {
        p.offset = ch < 0 ? 0 : data.length;
        continue;
      }
      const to = map[ch] as number;
      if (to < 0) p.dead = true;
      else p.offset = p.isEnd ? to + 1 : to;
    }
    node.data = data;
  }

  /** Splits `node` at `at`: the tail goes to a new Text node, returned (not yet in the tree). */
  split(node: Text, at: number): Text {
    const tail = this.doc.createTextNode(node.data.slice(at));
    for (const p of this.points) {
      if (p.node !== node || p.dead) continue;
      const ch = p.isEnd ? p.offset - 1 : p.offset;
      if (ch >= at) {
        p.node = tail;
        p.offset -= at;
      }
    }
    node.data = node.data.slice(0, at);
    return tail;
  }
}

// ---------------------------------------------------------------------------------------------
// The edits.

function textNodesUnder(root: Node): Text[] {
  return textIndex(root).nodes as Text[];
}

/** The nearest ancestor of `node` that can hold a block (`BLOCK_HOSTS`), below `root`. */
function hostOf(node: Node, root: Element): Element | null {
  for (let n = node.parentNode; n && n !== root; n = n.parentNode) {
    if (n.nodeType === ELEMENT_NODE && BLOCK_HOSTS.has((n as Element).localName)) return n as Element;
  }
  return null;
}

/** The nearest block host (`BLOCK_HOSTS`) that holds both ends of block `b`. */
function blockHost(root: Element, page: ExtractedPage, b: Block): Element | null {
  const first = page.locate(b.start)?.node;
  const last = page.locate(b.end - 1)?.node;
  if (!first || !last) return null;
  for (let h = hostOf(first, root); h; h = hostOf(h, root)) {
    if (h.contains(last)) return h;
  }
  return null;
}

/** Whether `host` holds exactly block `b`'s text (no other block's). */
function hostIsBlock(host: Element, page: ExtractedPage, b: Block): boolean {
  const visible = textNodesUnder(host).filter((t) => t.data.trim() !== '');
  const first = page.locate(b.start)?.node;
  const last = page.locate(b.end - 1)?.node;
  return visible[0] === first && visible[visible.length - 1] === last;
}

/** The child of `host` that contains `node`. */
function childOf(host: Node, node: Node): Node {
  let n: Node = node;
  while (n.parentNode && n.parentNode !== host) n = n.parentNode;
  return n;
}

/** A new paragraph element like `host` (a row gets a row with one cell). */
function paragraphLike(doc: Document, host: Element, text: string): Element {
  if (host.localName === 'tr') {
    const tr = doc.createElement('tr');
    const td = doc.createElement('td');
    td.setAttribute('colspan', '5');
    td.appendChild(doc.createTextNode(text));
    tr.appendChild(td);
    return tr;
  }
  const tag = host.localName === 'td' || host.localName === 'th' ? 'p' : host.localName;
  const el = doc.createElement(tag);
  el.appendChild(doc.createTextNode(text));
  return el;
}

/** Inserts `text` as a new paragraph before block `b`. */
function insertBefore(doc: Document, root: Element, page: ExtractedPage, b: Block, text: string): void {
  const first = page.locate(b.start)?.node;
  if (!first) return;
  const host = hostOf(first, root);
  if (
    host &&
    host.parentNode &&
    host.localName !== 'td' &&
    host.localName !== 'th' &&
    hostIsBlock(host, page, b)
  ) {
    host.parentNode.insertBefore(paragraphLike(doc, host, text), host);
    host.parentNode.insertBefore(doc.createTextNode('\n'), host);
    return;
  }
  // A line among `<br>`-separated lines: the new line goes before it, with its own `<br>`.
  const parent = host ?? root;
  const at = childOf(parent, first);
  parent.insertBefore(doc.createTextNode(text), at);
  parent.insertBefore(doc.createElement('br'), at);
}

/** Removes block `b` from the page. */
function removeBlock(root: Element, page: ExtractedPage, b: Block): void {
  const first = page.locate(b.start)?.node;
  const last = page.locate(b.end - 1)?.node;
  if (!first || !last) return;
  const host = blockHost(root, page, b);
  if (host && host.parentNode && hostIsBlock(host, page, b)) {
    host.parentNode.removeChild(host);
    return;
  }
  const parent = host ?? root;
  let n: Node | null = childOf(parent, first);
  const end = childOf(parent, last);
  while (n) {
    const following: Node | null = n.nextSibling;
    parent.removeChild(n);
    if (n === end) {
      if (following && following.nodeType === ELEMENT_NODE && (following as Element).localName === 'br') {
        parent.removeChild(following);
      }
      break;
    }
    n = following;
  }
}

/** The blocks that hold some annotation entirely. */
function blocksWithAnnotations(
  page: ExtractedPage,
  index: TextIndex,
  annotations: ReadonlyArray<{ start: number; end: number }>,
): Block[] {
  return page.blocks.filter((b) => {
    const span = rawSpan(page, index, b.start, b.end);
    return span !== null && annotations.some((a) => a.start >= span[0] && a.end <= span[1]);
  });
}

const WHITESPACE_RUNS = ['\n', ' ', '\n    ', '\u00a0', '\t', '  ', '\n\t\t', '\u3000\u3000'];

/** Re-makes every whitespace run of `node` and re-wraps long runs of Han characters. */
function reflowNode(tracker: Tracker, node: Text, next: () => number): void {
  const old = node.data;
  const map: number[] = new Array<number>(old.length).fill(-1);
  let out = '';
  let sinceBreak = 0;
  const wrapAt = 16 + Math.floor(next() * 24);
  for (let i = 0; i < old.length;) {
    const ch = old[i] as string;
    if (isSpace(ch)) {
      let j = i;
      while (j < old.length && isSpace(old[j] as string)) j++;
      // A run is re-made, never removed, so words on either side stay apart.
      const run = pick(WHITESPACE_RUNS, next) as string;
      for (let k = i; k < j; k++) map[k] = out.length;
      out += run;
      sinceBreak = 0;
      i = j;
      continue;
    }
    // Re-wrap: a line break between two Han characters, as a source wrapped at a column does.
    if (sinceBreak >= wrapAt && i > 0 && isHan(old[i - 1] as string) && isHan(ch)) {
      out += '\n' + '  '.repeat(1 + Math.floor(next() * 3));
      sinceBreak = 0;
    }
    map[i] = out.length;
    out += ch;
    sinceBreak++;
    i++;
  }
  tracker.replaceData(node, out, map);
}

/** Changes one character (Han, letter or digit) inside [start, end) of the page text. */
function changeCharacter(
  tracker: Tracker,
  index: TextIndex,
  start: number,
  end: number,
  next: () => number,
): boolean {
  const choices: number[] = [];
  for (let i = start; i < end; i++)
    if (/[\p{Script=Han}\p{L}\p{N}]/u.test(index.text[i] ?? '')) choices.push(i);
  const at = pick(choices, next);
  if (at === undefined) return false;
  const old = index.text[at] as string;
  let repl = old;
  while (repl === old) {
    if (isHan(old)) repl = REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)] as string;
    else if (/\p{N}/u.test(old)) repl = String(Math.floor(next() * 10));
    else repl = String.fromCharCode(97 + Math.floor(next() * 26));
  }
  // The Text node holding character `at`.
  let i = index.starts.length - 1;
  while (i > 0 && (index.starts[i] as number) > at) i--;
  while (
    i < index.nodes.length - 1 &&
    (index.starts[i] as number) + (index.nodes[i] as Text).data.length <= at
  )
    i++;
  const node = index.nodes[i] as Text;
  const off = at - (index.starts[i] as number);
  const data = node.data.slice(0, off) + repl + node.data.slice(off + 1);
  tracker.replaceData(
    node,
    data,
    Array.from({ length: node.data.length }, (_, k) => k),
  );
  return true;
}

/** The sentence of raw text around [start, end), within block span [bs, be). */
function sentenceAround(text: string, bs: number, be: number, start: number, end: number): [number, number] {
  let s = start;
  while (s > bs && !SENTENCE_END.test(text[s - 1] as string)) s--;
  let e = end;
  while (e < be && !SENTENCE_END.test(text[e - 1] as string)) e++;
  return [s, e];
}

/** Reorders rows, splits and merges cells and re-wraps the source of every table under `root`. */
function relayoutTables(doc: Document, tracker: Tracker, root: Element, next: () => number): void {
  const tables = [...root.querySelectorAll('table')];
  for (const table of tables) {
    const rows: Element[] = [...table.querySelectorAll('tr')].filter((r) => r.querySelector('td'));
    // Cells split: a cell's longest text node cut at a comma (or in the middle) into two cells.
    for (const row of rows) {
      const cells = [...row.children].filter((c) => c.localName === 'td');
      for (const cell of cells) {
        if (next() > 0.3) continue;
        const longest = textNodesUnder(cell).sort((a, b) => b.data.length - a.data.length)[0];
        if (!longest || longest.data.trim().length < 12 || longest.parentNode !== cell) continue;
        const comma = longest.data.search(/[，,、；;]/u);
        const at = comma > 0 ? comma + 1 : Math.floor(longest.data.length / 2);
        const tail = tracker.split(longest, at);
        const td = doc.createElement('td');
        td.appendChild(tail);
        row.insertBefore(td, cell.nextSibling);
        row.insertBefore(doc.createTextNode('\n'), td);
      }
    }
    // Cells merged: a cell and the next one become one cell, a line break between their texts.
    for (const row of rows) {
      const cells = [...row.children].filter((c) => c.localName === 'td');
      if (cells.length < 2 || next() > 0.3) continue;
      const i = Math.floor(next() * (cells.length - 1));
      const [a, b] = [cells[i] as Element, cells[i + 1] as Element];
      a.appendChild(doc.createElement('br'));
      while (b.firstChild) a.appendChild(b.firstChild);
      for (let n = a.nextSibling; n && n !== b;) {
        const following: ChildNode | null = n.nextSibling;
        if (n.nodeType === TEXT_NODE) row.removeChild(n);
        n = following;
      }
      row.removeChild(b);
    }
    // Rows reordered: some neighbouring rows swap places.
    for (let i = 0; i + 1 < rows.length; i++) {
      if (next() > 0.3) continue;
      const [r1, r2] = [rows[i] as Element, rows[i + 1] as Element];
      if (r1.parentNode !== r2.parentNode || !r1.parentNode) continue;
      r1.parentNode.insertBefore(r2, r1);
      rows[i] = r2;
      rows[i + 1] = r1;
      i++;
    }
    // The source between rows and cells re-wrapped.
    for (const t of textNodesUnder(table)) {
      if (t.data.trim() === '' && t.parentNode && t.parentNode.nodeType === ELEMENT_NODE) {
        const tag = (t.parentNode as Element).localName;
        if (tag === 'tr' || tag === 'tbody' || tag === 'table' || tag === 'thead') {
          const run = pick(['', '\n', '\n      ', ' '], next) as string;
          tracker.replaceData(t, run, new Array<number>(t.data.length).fill(-1));
        }
      }
    }
  }
}

/** How much a revision changes (defaults: the test's, one kind at a time). */
export interface RevisionOptions {
  /** Paragraphs inserted (`insert-paragraph`) or removed (`delete-paragraph`). Default 3. */
  paragraphs?: number;
  /** Sentences copied (`repeat-sentence`). Default 3. */
  sentences?: number;
  /**
   * The share of the annotations that get a changed character (`change-character`), and of the
   * Text nodes reflowed (`reflow-whitespace`). Default 1: all of them.
   */
  share?: number;
}

/** Where the tracked ends of each annotation are now, as offsets of `index`, or null when gone. */
function spansNow(
  index: TextIndex,
  ends: ReadonlyArray<[Point, Point] | null>,
): Array<{ start: number; end: number } | null> {
  const where = new Map(index.nodes.map((n, i) => [n, index.starts[i] as number]));
  return ends.map((pair) => {
    if (!pair) return null;
    const [a, b] = pair;
    const s = where.get(a.node);
    const e = where.get(b.node);
    if (a.dead || b.dead || s === undefined || e === undefined) return null;
    const start = s + a.offset;
    const end = e + b.offset;
    return start < end ? { start, end } : null;
  });
}

/**
 * Revises a parsed page (in place) in one or several of the ways of {@link REVISION_KINDS}, one
 * after the other, and reports where every annotation's text is afterwards. `doc` must be the
 * page the annotations were made on, freshly parsed (their offsets count its `body.textContent`).
 */
export function revise(
  doc: Document,
  annotations: readonly TestAnnotation[],
  kinds: RevisionKind | readonly RevisionKind[],
  seed: number,
  options: RevisionOptions = {},
): Revision {
  const next = rng(seed);
  const root = bodyOf(doc);
  const tracker = new Tracker(doc);
  const first = textIndex(root);
  const ends = annotations.map((a) => tracker.track(first, a.start, a.end));
  const paragraphs = options.paragraphs ?? 3;
  const share = options.share ?? 1;
  const list = typeof kinds === 'string' ? [kinds] : kinds;

  for (const kind of list) {
    // Each edit works on the page as the edits before it left it.
    const index = textIndex(root);
    const page = extractBlocks(root);
    const live = spansNow(index, ends)
      .map((span, i) => span && { ...span, i })
      .filter((x): x is { start: number; end: number; i: number } => x !== null);
    switch (kind) {
      case 'insert-paragraph': {
        const blocks = shuffle(page.blocks.slice(), next).slice(0, paragraphs);
        blocks.forEach((b, i) =>
          insertBefore(doc, root, page, b, NEW_PARAGRAPHS[i % NEW_PARAGRAPHS.length] as string),
        );
        break;
      }
      case 'delete-paragraph': {
        const blocks = shuffle(blocksWithAnnotations(page, index, live), next).slice(0, paragraphs);
        for (const b of blocks) removeBlock(root, page, b);
        break;
      }
      case 'reflow-whitespace': {
        for (const t of textNodesUnder(root)) if (next() < share) reflowNode(tracker, t, next);
        break;
      }
      case 'change-character': {
        // One change in each of a set of annotations that do not overlap one another.
        const taken: Array<[number, number]> = [];
        for (const a of shuffle(live.slice(), next)) {
          if (next() >= share || taken.some(([s, e]) => a.start < e && s < a.end)) continue;
          if (changeCharacter(tracker, index, a.start, a.end, next)) taken.push([a.start, a.end]);
        }
        break;
      }
      case 'repeat-sentence': {
        const chosen = shuffle(live.slice(), next).slice(0, options.sentences ?? 3);
        for (const a of chosen) {
          const b = page.blocks.find((x) => {
            const span = rawSpan(page, index, x.start, x.end);
            return span !== null && span[0] <= a.start && a.end <= span[1];
          });
          if (!b) continue;
          const span = rawSpan(page, index, b.start, b.end) as [number, number];
          const [s, e] = sentenceAround(index.text, span[0], span[1], a.start, a.end);
          const copy = index.text.slice(s, e).replace(/\s+/gu, ' ').trim();
          const earlier = page.blocks.filter((x) => x.end <= b.start);
          const target = pick(earlier.slice(Math.max(0, earlier.length - 12)), next);
          if (target && copy.length > 0) insertBefore(doc, root, page, target, copy);
        }
        break;
      }
      case 'relayout-tables':
        relayoutTables(doc, tracker, root, next);
        break;
    }
  }

  const after = textIndex(root);
  return { kind: list.join('+'), doc, text: after.text, expected: spansNow(after, ends) };
}
