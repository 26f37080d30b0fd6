/**
 * Blocks from a page: the text of a web page (or a plain-text notice) cut into the units a reader
 * sees — headings, paragraphs, list items, table rows, `<br>`-separated lines — with a map from
 * every character back to the DOM, so that a match found in block text can be highlighted on the
 * page as a `Range`.
 *
 * Why not `textContent` or `innerText`: `textContent` glues paragraphs together and keeps script,
 * navigation and hidden text; `innerText` needs layout (it does not exist in linkedom, and forces a
 * reflow in browsers) and gives no way back from a character to its Text node. Matching needs
 * reader order and reader boundaries (a measure is a paragraph; a task is a table row), and
 * highlighting needs the way back.
 *
 * The rules, in short (each is explained where it is implemented):
 * - Skipped: `script`, `style`, `noscript`, `template`, `head`, `nav` and `[role~=navigation]`,
 *   embedded and form-control content (`iframe`, `object`, `svg`, `select`, `textarea`…), elements
 *   with `hidden`, `aria-hidden="true"`, an inline `display:none` / `visibility:hidden`, the closed
 *   part of `<details>`, and — when `getComputedStyle` exists and the root is connected —
 *   computed `display: none`.
 * - Block-level elements (`p`, `div`, `li`, `h1`…, `section`, `td` of layout tables…) start and end
 *   blocks; inline elements (`b`, `span`, `a`, `font`, `strong`, `em`…) do not, so a sentence split
 *   over several inline fragments is one block. An inline `style="display:…"` overrides the tag.
 * - `<br>` ends a line: in a paragraph-like container with two or more lines, each line is a block
 *   of kind `line`; in a heading, list item or cell the pieces keep that kind. Inside `<pre>` a line
 *   break in the text does the same.
 * - A data table row is one block of kind `table-row`: its cells in order, joined with ' | ', so it
 *   reads like the seed's task rows (`27 | 在黄花机场… | 年内 | 改革办 监管通关处 | …`). Empty cells
 *   inside the row are kept (`a |  | c`) so columns line up; empty cells at either end are dropped.
 *   Inside a data cell, `<br>`, `<p>` and `<div>` become a single space. A row is a *layout* row
 *   instead (each cell its own container, inline text in it of kind `cell`) when a cell holds a
 *   nested table, a list, a heading or other sectioning content, more than 6 line breaks or
 *   paragraphs, or more than 1,500 characters: old government sites lay whole pages out in tables.
 * - Whitespace collapses as a browser renders it: a run of whitespace becomes one space, and runs
 *   at the edges of a block (or of a table cell) disappear. "Whitespace" is the normaliser's set
 *   (`isSpace` in `lib/normalize.ts`): ASCII whitespace, NBSP, the ideographic space U+3000 that
 *   government pages indent with, and zero-width characters. Using the normaliser's set means that
 *   normalising a slice of block text and normalising the DOM text under its `Range` agree.
 *
 * The map back to the DOM: every character of `text` is either a page character (read from a Text
 * node; a collapsed space is the first whitespace character of its run) or an inserted one: the
 * '\n' between blocks, the ' | ' between cells, the space that stands for a `<br>`/`<p>` inside a
 * table cell. `locate(offset)` maps an inserted character to the next page character (the nearest
 * one in reading order; past the last one, to the end of the last one). `range(start, end)`
 * leaves inserted characters at the edges of the span out, so a range always starts and ends on
 * page characters; inserted characters inside the span are simply spanned.
 *
 * Bounded work, for pathological pages: at most {@link DEFAULT_LIMITS} — 200,000 Text nodes,
 * 5,000,000 characters of block text, elements nested 5,000 deep (deeper subtrees are skipped) and
 * 1,000,000 elements. The walk is iterative (no recursion), so depth costs no call stack. Past a
 * limit the extractor stops (or, for depth, skips the subtree) and sets `truncated: true`; the
 * blocks found so far are kept.
 *
 * Everything here runs in Node (linkedom documents, see `parse-html.ts`) and in the browser: no
 * globals, only the given root, its `ownerDocument` and that document's `defaultView`.
 */
import { isSpace } from '../normalize.ts';

/** What a block is to a reader; matching weighs and displays them differently. */
export type BlockKind = 'heading' | 'paragraph' | 'list-item' | 'table-row' | 'line' | 'cell';

/** One unit of page text as a reader sees it. */
export interface Block {
  /** The block's text, whitespace collapsed; equal to `page.text.slice(start, end)`. */
  text: string;
  /** Offset of the block's first character in `PageText.text`. */
  start: number;
  /** Offset just after the block's last character in `PageText.text`. */
  end: number;
  kind: BlockKind;
}

/**
 * A page as text plus its blocks. For HTML, `text` is the block texts joined with '\n'; for plain
 * text (`textToBlocks`) it is the input itself, so offsets index the input.
 */
export interface PageText {
  text: string;
  blocks: Block[];
}

/** A position in the DOM: before the character at `offset` of a Text node's data. */
export interface DomPoint {
  node: Text;
  offset: number;
}

/** The bounds on the work `extractBlocks` does; see the module comment. */
export interface ExtractLimits {
  /** Text nodes read (whitespace-only ones included). */
  maxTextNodes: number;
  /** Characters of `text` produced. */
  maxChars: number;
  /** Element nesting below the root; deeper subtrees are skipped. */
  maxDepth: number;
  /** Elements visited. */
  maxElements: number;
}

/** Default bounds: well above real government pages (a few thousand nodes), far below a hang. */
export const DEFAULT_LIMITS: Readonly<ExtractLimits> = Object.freeze({
  maxTextNodes: 200_000,
  maxChars: 5_000_000,
  maxDepth: 5_000,
  maxElements: 1_000_000,
});

/** The result of `extractBlocks`: page text and blocks, with the way back to the DOM. */
export interface ExtractedPage extends PageText {
  /** True when a limit in {@link ExtractLimits} stopped or shortened the walk. */
  truncated: boolean;
  /**
   * The DOM position of `text[offset]`: the Text node and the offset in its data. For an inserted
   * character, the next page character; for `offset === text.length` (or past the last page
   * character), the end of the last page character. Null when `offset` is not an integer in
   * `0..text.length` or the page has no characters.
   */
  locate(offset: number): DomPoint | null;
  /**
   * A DOM `Range` over the page characters of `text.slice(start, end)`, possibly spanning several
   * Text nodes; inserted characters at either edge are left out. An empty span gives a collapsed
   * range at `locate(start)`. Null when the document has no usable `createRange()` or the span holds
   * only inserted characters. Throws a `RangeError` when `0 <= start <= end <= text.length` fails.
   */
  range(start: number, end: number): Range | null;
  /** Whether `text[offset]` was inserted by the extractor ('\n', ' | ', a cell's line-break space). */
  inserted(offset: number): boolean;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_NODE = 9;

/** Elements whose content a reader does not see as page text (the layer's region planner uses them too). */
export const SKIP_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'meta',
  'link',
  'nav',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'canvas',
  'svg',
  'math',
  'audio',
  'video',
  'select',
  'datalist',
  'textarea',
  'map',
  'dialog',
]);

/** Elements rendered as blocks by default (the HTML standard's UA stylesheet, roughly). */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'html',
  'body',
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'dd',
  'details',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'legend',
  'li',
  'listing',
  'main',
  'menu',
  'ol',
  'p',
  'plaintext',
  'pre',
  'search',
  'section',
  'summary',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'ul',
  'xmp',
  'option',
  'optgroup',
]);

/** Elements whose text keeps its line breaks. */
const PRE_TAGS = new Set(['pre', 'listing', 'xmp', 'plaintext']);

/** Content that makes a table row a layout row rather than a data row. */
const LAYOUT_SIGNS = new Set([
  'table',
  'tr',
  'td',
  'th',
  'ul',
  'ol',
  'dl',
  'menu',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'nav',
  'header',
  'footer',
  'aside',
  'main',
  'blockquote',
  'pre',
  'form',
  'fieldset',
  'figure',
  'hr',
  'iframe',
  'details',
]);

/** Line-breaking elements counted inside a data cell. */
const CELL_BREAKS = new Set(['br', 'p', 'div']);
const MAX_CELL_BREAKS = 6;
const MAX_CELL_CHARS = 1_500;
/** Nodes looked at to classify one row; a row bigger than this is layout. */
const ROW_SCAN_BUDGET = 4_000;

const STYLE_HIDES =
  /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\s*(?:!\s*important\s*)?(?=;|$)/i;
const STYLE_DISPLAY = /(?:^|;)\s*display\s*:\s*([a-z-]+)/gi;
const BLOCK_DISPLAYS = new Set(['block', 'flex', 'grid', 'list-item', 'table', 'flow-root', 'table-row']);
const INLINE_DISPLAYS = new Set([
  'inline',
  'inline-block',
  'inline-flex',
  'inline-grid',
  'contents',
  'inline-table',
]);

/** A run of whitespace, in the normaliser's sense (kept in step with `isSpace`). */
const WS_RUN = /[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]+/g;
const HAS_NEWLINE = /[\n\r]/;

type FrameRole = 'inline' | 'block' | 'row' | 'cell' | 'soft';

/** An entered element, kept until the walk leaves it. */
interface Frame {
  el: Node | null;
  role: FrameRole;
  /** For containers (`block`, `row`): the kind of the blocks they own. */
  kind: BlockKind;
  /** Inside `<pre>`-like content. */
  pre: boolean;
  /** For containers: a `<br>` (or a `<pre>` newline) ended a line in it. */
  hadBr: boolean;
  /** For containers: indexes of the blocks it owns. */
  own: number[];
}

/** A whitespace run waiting for the next character: its first character, or null when inserted. */
interface PendingSpace {
  node: Text | null;
  offset: number;
}

function nameOf(el: Element): string {
  return (el.localName || el.nodeName).toLowerCase();
}

function kindOf(name: string): BlockKind {
  if (name.length === 2 && name[0] === 'h' && name[1] !== undefined && name[1] >= '1' && name[1] <= '6') {
    return 'heading';
  }
  if (name === 'li') return 'list-item';
  if (name === 'td' || name === 'th') return 'cell';
  return 'paragraph';
}

/** Walks one root and accumulates text, blocks and the character map. */
class Extractor {
  readonly chunks: string[] = [];
  len = 0;
  readonly blocks: Block[] = [];
  truncated = false;
  stopped = false;

  // The character map: runs of page characters, each from one Text node at consecutive offsets.
  readonly segStart: number[] = [];
  readonly segLen: number[] = [];
  readonly segNode: Text[] = [];
  readonly segOff: number[] = [];

  private readonly frames: Frame[] = [];
  private readonly containers: Frame[] = [];
  private row: Frame | null = null;

  // The block being built.
  private open = false;
  private blockStart = 0;
  private blockKind: BlockKind = 'paragraph';
  private blockOwner: Frame | null = null;
  private pending: PendingSpace | null = null;
  private pendingSeps = 0;
  private cellHasContent = false;

  private textNodes = 0;
  private elements = 0;

  constructor(
    private readonly root: Element | null,
    private readonly limits: ExtractLimits,
    private readonly computedStyle: ((el: Element) => CSSStyleDeclaration) | null,
  ) {
    const base: Frame = { el: null, role: 'block', kind: 'paragraph', pre: false, hadBr: false, own: [] };
    this.frames.push(base);
    this.containers.push(base);
  }

  /** Walks the tree in document order, iteratively: no recursion, so depth costs no stack. */
  run(): void {
    const root = this.root;
    if (!root) return;
    let node: Node = root;
    let depth = 0;
    let descend = this.visit(node, depth);
    outer: while (!this.stopped) {
      const child = descend ? node.firstChild : null;
      if (child) {
        node = child;
        depth++;
        descend = this.visit(node, depth);
        continue;
      }
      for (;;) {
        if (node === root) break outer;
        this.leave(node);
        if (this.stopped) break outer;
        const sibling: Node | null = node.nextSibling;
        if (sibling) {
          node = sibling;
          descend = this.visit(node, depth);
          break;
        }
        const parent: Node | null = node.parentNode;
        if (!parent) break outer;
        node = parent;
        depth--;
      }
    }
    // Close whatever is still open (the root, or everything when a limit stopped the walk).
    while (this.frames.length > 0) this.leaveFrame(this.frames.pop() as Frame);
  }

  private visit(node: Node, depth: number): boolean {
    if (node.nodeType === TEXT_NODE) {
      this.visitText(node as Text);
      return false;
    }
    if (node.nodeType === ELEMENT_NODE) return this.visitElement(node as Element, depth);
    return false;
  }

  private limitReached(): void {
    this.truncated = true;
    this.stopped = true;
  }

  private top(): Frame {
    return this.frames[this.frames.length - 1] as Frame;
  }

  private push(el: Element, role: FrameRole, kind: BlockKind, pre: boolean): Frame {
    const frame: Frame = { el, role, kind, pre, hadBr: false, own: [] };
    this.frames.push(frame);
    if (role === 'block' || role === 'row') this.containers.push(frame);
    return frame;
  }

  private visitElement(el: Element, depth: number): boolean {
    if (++this.elements > this.limits.maxElements) {
      this.limitReached();
      return false;
    }
    if (depth > this.limits.maxDepth) {
      this.truncated = true;
      return false;
    }
    if (el !== this.root && this.isSkipped(el)) return false;
    const name = nameOf(el);
    if (name === 'br') {
      this.lineBreak();
      return false;
    }
    const parentPre = this.top().pre;
    const pre = parentPre || PRE_TAGS.has(name);
    if (this.row) {
      if (name === 'td' || name === 'th') {
        // A new cell: one more separator owed, paid when a character arrives.
        if (this.open) this.pendingSeps++;
        this.cellHasContent = false;
        this.pending = null;
        this.push(el, 'cell', 'table-row', pre);
        return true;
      }
      if (this.isBlockish(el, name)) {
        this.softBreak();
        this.push(el, 'soft', 'table-row', pre);
        return true;
      }
      this.push(el, 'inline', 'table-row', pre);
      return true;
    }
    if (name === 'tr' && this.isDataRow(el)) {
      this.endBlock();
      this.row = this.push(el, 'row', 'table-row', pre);
      this.pendingSeps = 0;
      return true;
    }
    if (this.isBlockish(el, name)) {
      this.endBlock();
      this.push(el, 'block', kindOf(name), pre);
      return true;
    }
    this.push(el, 'inline', 'paragraph', pre);
    return true;
  }

  private leave(node: Node): void {
    const frame = this.top();
    if (frame.el === node) {
      this.frames.pop();
      this.leaveFrame(frame);
    }
  }

  private leaveFrame(frame: Frame): void {
    switch (frame.role) {
      case 'inline':
        return;
      case 'cell':
        this.pending = null;
        return;
      case 'soft':
        this.softBreak();
        return;
      case 'row':
        this.endBlock();
        this.pendingSeps = 0;
        this.row = null;
        this.containers.pop();
        return;
      case 'block':
        this.endBlock();
        // Two or more `<br>`-separated lines in a paragraph-like container: each is a line.
        if (frame.hadBr && frame.own.length >= 2 && frame.kind === 'paragraph') {
          for (const i of frame.own) (this.blocks[i] as Block).kind = 'line';
        }
        this.containers.pop();
        return;
    }
  }

  /** Skip rules; see the module comment. */
  private isSkipped(el: Element): boolean {
    const name = nameOf(el);
    if (SKIP_TAGS.has(name)) return true;
    if (el.hasAttribute('hidden')) return true;
    const ariaHidden = el.getAttribute('aria-hidden');
    if (ariaHidden !== null && ariaHidden.trim().toLowerCase() === 'true') return true;
    const role = el.getAttribute('role');
    if (role !== null && /(?:^|\s)navigation(?:\s|$)/i.test(role)) return true;
    const style = el.getAttribute('style');
    if (style !== null && STYLE_HIDES.test(style)) return true;
    // Only the summary of a closed <details> shows.
    const parent = el.parentNode;
    if (
      parent !== null &&
      parent.nodeType === ELEMENT_NODE &&
      nameOf(parent as Element) === 'details' &&
      !(parent as Element).hasAttribute('open') &&
      name !== 'summary'
    ) {
      return true;
    }
    if (this.computedStyle) {
      const cs = this.computedStyle(el);
      if (cs.display === 'none') return true;
    }
    return false;
  }

  /** Block-level by tag, unless an inline `style` says otherwise (the last `display` wins). */
  private isBlockish(el: Element, name: string): boolean {
    const style = el.getAttribute('style');
    if (style !== null && style.includes('display')) {
      let display: string | undefined;
      for (const m of style.matchAll(STYLE_DISPLAY)) display = m[1]?.toLowerCase();
      if (display !== undefined) {
        if (BLOCK_DISPLAYS.has(display)) return true;
        if (INLINE_DISPLAYS.has(display)) return false;
      }
    }
    return BLOCK_TAGS.has(name);
  }

  /**
   * Whether a `<tr>` holds data (one block, cells joined) rather than page layout. Looks at most
   * {@link ROW_SCAN_BUDGET} nodes; see the module comment for the signs of layout.
   */
  private isDataRow(tr: Element): boolean {
    let budget = ROW_SCAN_BUDGET;
    for (let cell = tr.firstChild; cell; cell = cell.nextSibling) {
      if (cell.nodeType !== ELEMENT_NODE || this.isSkipped(cell as Element)) continue;
      let breaks = 0;
      let chars = 0;
      let node: Node | null = cell.firstChild;
      while (node) {
        if (--budget < 0) return false;
        let descend = false;
        if (node.nodeType === TEXT_NODE) {
          chars += (node as Text).data.length;
          if (chars > MAX_CELL_CHARS) return false;
        } else if (node.nodeType === ELEMENT_NODE) {
          const el = node as Element;
          const name = nameOf(el);
          if (LAYOUT_SIGNS.has(name)) return false;
          if (!this.isSkipped(el)) {
            if (CELL_BREAKS.has(name) && ++breaks > MAX_CELL_BREAKS) return false;
            descend = true;
          }
        }
        if (descend && node.firstChild) {
          node = node.firstChild;
          continue;
        }
        while (node && node !== cell && !node.nextSibling) node = node.parentNode;
        node = node && node !== cell ? node.nextSibling : null;
      }
    }
    return true;
  }

  private visitText(node: Text): void {
    if (++this.textNodes > this.limits.maxTextNodes) {
      this.limitReached();
      return;
    }
    const data = node.data;
    if (data.length === 0) return;
    const pre = this.top().pre;
    let last = 0;
    WS_RUN.lastIndex = 0;
    for (let m = WS_RUN.exec(data); m !== null; m = WS_RUN.exec(data)) {
      if (m.index > last) this.chars(node, last, m.index);
      if (this.stopped) return;
      this.space(node, m.index, pre && HAS_NEWLINE.test(m[0]));
      last = m.index + m[0].length;
    }
    if (last < data.length) this.chars(node, last, data.length);
  }

  /** Whether the current line (block, or cell inside a data row) already has a character. */
  private lineHasContent(): boolean {
    return this.open && (this.row === null || this.cellHasContent);
  }

  private space(node: Text, offset: number, newline: boolean): void {
    if (newline) {
      this.lineBreak();
      return;
    }
    if (this.lineHasContent() && (this.pending === null || this.pending.node === null)) {
      this.pending = { node, offset };
    }
  }

  /** A line break (`<br>`, or a newline inside `<pre>`). */
  private lineBreak(): void {
    if (this.row) {
      this.softBreak();
      return;
    }
    const owner = this.containers[this.containers.length - 1] as Frame;
    this.endBlock();
    owner.hadBr = true;
  }

  /** A break inside a data cell: becomes one inserted space if more text follows in the cell. */
  private softBreak(): void {
    if (this.lineHasContent() && this.pending === null) this.pending = { node: null, offset: 0 };
  }

  private openBlock(): void {
    if (this.blocks.length > 0) this.insert('\n');
    this.open = true;
    this.blockStart = this.len;
    const owner = this.containers[this.containers.length - 1] as Frame;
    this.blockOwner = owner;
    this.blockKind = owner.kind;
  }

  private endBlock(): void {
    this.pending = null;
    if (!this.open) return;
    this.open = false;
    this.cellHasContent = false;
    if (this.len === this.blockStart) return;
    this.blocks.push({ text: '', start: this.blockStart, end: this.len, kind: this.blockKind });
    this.blockOwner?.own.push(this.blocks.length - 1);
  }

  /** Emits page characters `data[from, to)` of a Text node (no whitespace among them). */
  private chars(node: Text, from: number, to: number): void {
    if (this.stopped) return;
    if (!this.open) this.openBlock();
    if (this.pendingSeps > 0) {
      this.insert(' | '.repeat(this.pendingSeps));
      this.pendingSeps = 0;
      this.pending = null;
    }
    if (this.pending !== null) {
      const p = this.pending;
      this.pending = null;
      if (p.node) this.map(p.node, p.offset, ' ');
      else this.insert(' ');
    }
    this.map(node, from, node.data.slice(from, to));
    this.cellHasContent = true;
  }

  /** Appends inserted characters (no DOM source). */
  private insert(s: string): void {
    if (this.stopped) return;
    if (this.len + s.length > this.limits.maxChars) {
      this.limitReached();
      return;
    }
    this.chunks.push(s);
    this.len += s.length;
  }

  /** Appends page characters that come from `node` starting at `offset`. */
  private map(node: Text, offset: number, s: string): void {
    if (this.stopped) return;
    let out = s;
    if (this.len + out.length > this.limits.maxChars) {
      out = out.slice(0, this.limits.maxChars - this.len);
      this.limitReached();
      if (out.length === 0) return;
    }
    const n = this.segStart.length - 1;
    if (
      n >= 0 &&
      this.segNode[n] === node &&
      (this.segOff[n] as number) + (this.segLen[n] as number) === offset &&
      (this.segStart[n] as number) + (this.segLen[n] as number) === this.len
    ) {
      this.segLen[n] = (this.segLen[n] as number) + out.length;
    } else {
      this.segStart.push(this.len);
      this.segLen.push(out.length);
      this.segNode.push(node);
      this.segOff.push(offset);
    }
    this.chunks.push(out);
    this.len += out.length;
  }
}

/**
 * Cuts a page (or a part of it) into blocks as a reader sees them, and keeps the way back from
 * every character to the DOM. See the module comment for the rules, the character map and the
 * limits; `limits` overrides {@link DEFAULT_LIMITS} (tests use small ones).
 */
export function extractBlocks(root: Document | Element, limits: Partial<ExtractLimits> = {}): ExtractedPage {
  const lim: ExtractLimits = { ...DEFAULT_LIMITS, ...limits };
  const doc = root.nodeType === DOCUMENT_NODE ? (root as Document) : (root as Element).ownerDocument;
  const view = doc.defaultView;
  // Computed styles only for live, connected trees: elsewhere they are missing or meaningless.
  const computedStyle =
    view && typeof view.getComputedStyle === 'function' && root.isConnected
      ? (el: Element): CSSStyleDeclaration => view.getComputedStyle(el)
      : null;
  // A document is walked from its root element: nothing outside it (doctype, comments) is text,
  // and linkedom's doctype node has no working `nextSibling`.
  const start = root.nodeType === DOCUMENT_NODE ? (root as Document).documentElement : (root as Element);
  const ex = new Extractor(start, lim, computedStyle);
  if (start) ex.run();

  const text = ex.chunks.join('');
  for (const b of ex.blocks) b.text = text.slice(b.start, b.end);

  const segStart = Int32Array.from(ex.segStart);
  const segLen = Int32Array.from(ex.segLen);
  const segOff = Int32Array.from(ex.segOff);
  const segNode = ex.segNode;
  const segCount = segStart.length;

  /** Index of the last run starting at or before `offset`, or -1. */
  const runAtOrBefore = (offset: number): number => {
    let lo = 0;
    let hi = segCount - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((segStart[mid] as number) <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  };
  const runEnd = (i: number): number => (segStart[i] as number) + (segLen[i] as number);
  const pointIn = (i: number, offset: number): DomPoint => ({
    node: segNode[i] as Text,
    offset: (segOff[i] as number) + offset - (segStart[i] as number),
  });

  const locate = (offset: number): DomPoint | null => {
    if (!Number.isInteger(offset) || offset < 0 || offset > text.length || segCount === 0) return null;
    const i = runAtOrBefore(offset);
    if (i >= 0 && offset < runEnd(i)) return pointIn(i, offset);
    if (i + 1 < segCount) return pointIn(i + 1, segStart[i + 1] as number);
    const last = segCount - 1;
    return pointIn(last, runEnd(last));
  };

  let rangeUsable: boolean | undefined;
  const range = (start: number, end: number): Range | null => {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start > end) {
      throw new RangeError(`span [${start}, ${end}) is outside 0..${text.length}`);
    }
    rangeUsable ??= usableRange(doc);
    if (!rangeUsable) return null;
    if (start === end) {
      const p = locate(start);
      if (!p) return null;
      const r = doc.createRange();
      r.setStart(p.node, p.offset);
      r.setEnd(p.node, p.offset);
      return r;
    }
    // First page character at or after `start`.
    let i = runAtOrBefore(start);
    let first = start;
    if (i < 0 || start >= runEnd(i)) {
      i++;
      if (i >= segCount) return null;
      first = segStart[i] as number;
    }
    if (first >= end) return null;
    // Last page character before `end` (there is one: `first` is).
    const j = runAtOrBefore(end - 1);
    const lastChar = Math.min(end - 1, runEnd(j) - 1);
    const a = pointIn(i, first);
    const b = pointIn(j, lastChar);
    const r = doc.createRange();
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset + 1);
    return r;
  };

  const inserted = (offset: number): boolean => {
    if (!Number.isInteger(offset) || offset < 0 || offset >= text.length) return false;
    const i = runAtOrBefore(offset);
    return !(i >= 0 && offset < runEnd(i));
  };

  return { text, blocks: ex.blocks, truncated: ex.truncated, locate, range, inserted };
}

/** Whether `doc.createRange()` exists and can hold text offsets (linkedom's own cannot). */
function usableRange(doc: Document): boolean {
  if (typeof doc.createRange !== 'function') return false;
  const r = doc.createRange() as Partial<Range>;
  return typeof r.setStart === 'function' && typeof r.setEnd === 'function' && 'startContainer' in r;
}

/** A line break in plain text: CRLF, LF, CR, and the Unicode line and paragraph separators. */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;

/**
 * Blocks of a plain-text notice (a `.txt` seed or a pasted document): one block per non-empty line
 * (blank lines and single line breaks both end a paragraph, as seeds wrap one paragraph per line),
 * trimmed of whitespace in the normaliser's sense (so `  (一)` indentation goes). `text` is the
 * input itself and offsets index it, so a match maps straight back to the file. A line with two or
 * more '|' is a `table-row` (the seeds' task tables); every other line is a `paragraph`.
 */
export function textToBlocks(text: string): PageText {
  const blocks: Block[] = [];
  const addLine = (from: number, to: number): void => {
    let s = from;
    let e = to;
    while (s < e && isSpace(text[s] as string)) s++;
    while (e > s && isSpace(text[e - 1] as string)) e--;
    if (s === e) return;
    const line = text.slice(s, e);
    const pipes = line.split('|').length - 1;
    blocks.push({ text: line, start: s, end: e, kind: pipes >= 2 ? 'table-row' : 'paragraph' });
  };
  let last = 0;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(text); m !== null; m = LINE_BREAK.exec(text)) {
    addLine(last, m.index);
    last = m.index + m[0].length;
  }
  addLine(last, text.length);
  return { text, blocks };
}
