/**
 * A small live-range stand-in for DOMs whose `Range` cannot hold text offsets.
 *
 * Why it exists: the Node tests parse fixture pages with linkedom (see `parse-html.ts`), and
 * linkedom 0.18's `Range` only selects whole nodes: it has no `setStart(node, offset)`,
 * no `startContainer`/`startOffset` and no `toString()`. The page layer needs exactly those to turn
 * a match in block text into the page's own characters. Browsers have a real `Range`; this class
 * is only installed by `parseHtml` on linkedom documents, so extension code never sees it.
 *
 * It implements the part of the `Range` interface the page layer and its tests use: boundary
 * points, `collapsed`, `commonAncestorContainer`, `setStart`/`setEnd` (and the before/after
 * variants), `collapse`, `selectNodeContents`, `cloneRange` and `toString()` (the text of every
 * Text node in the range, in tree order, as the DOM standard defines it). It does not mutate the
 * tree (no `deleteContents`, `surroundContents`…) and does not reorder boundaries: callers set the
 * start before the end, as `extractBlocks` does.
 */

const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const PROCESSING_INSTRUCTION_NODE = 7;
const COMMENT_NODE = 8;
const DOCUMENT_TYPE_NODE = 10;

/** Whether a node's boundary offsets count UTF-16 units of its data rather than children. */
function isCharacterData(node: Node): node is CharacterData {
  const t = node.nodeType;
  return (
    t === TEXT_NODE || t === CDATA_SECTION_NODE || t === COMMENT_NODE || t === PROCESSING_INSTRUCTION_NODE
  );
}

/** A node's length in the DOM standard's sense: data length or number of children. */
function nodeLength(node: Node): number {
  if (node.nodeType === DOCUMENT_TYPE_NODE) return 0;
  if (isCharacterData(node)) return node.data.length;
  let n = 0;
  for (let c = node.firstChild; c; c = c.nextSibling) n++;
  return n;
}

/** The `index`-th child of `node`, walking siblings (linkedom builds `childNodes` arrays on each access). */
function childAt(node: Node, index: number): Node | null {
  let c = node.firstChild;
  for (let i = 0; c && i < index; i++) c = c.nextSibling;
  return c;
}

/** The first node after `node`'s subtree in tree order, or null. */
function following(node: Node): Node | null {
  let n: Node | null = node;
  while (n && !n.nextSibling) n = n.parentNode;
  return n ? n.nextSibling : null;
}

/** The number of `node`'s preceding siblings (its index in its parent). */
function indexOf(node: Node): number {
  let i = 0;
  for (let s = node.previousSibling; s; s = s.previousSibling) i++;
  return i;
}

/** A `Range` subset over any standard-shaped DOM tree. See the module comment for its scope. */
export class FallbackRange {
  startContainer: Node;
  startOffset = 0;
  endContainer: Node;
  endOffset = 0;

  constructor(doc: Document) {
    this.startContainer = doc;
    this.endContainer = doc;
  }

  /** True when both boundary points are the same. */
  get collapsed(): boolean {
    return this.startContainer === this.endContainer && this.startOffset === this.endOffset;
  }

  /** The deepest node that contains both boundary points. */
  get commonAncestorContainer(): Node {
    const ancestors = new Set<Node>();
    for (let n: Node | null = this.startContainer; n; n = n.parentNode) ancestors.add(n);
    for (let n: Node | null = this.endContainer; n; n = n.parentNode) if (ancestors.has(n)) return n;
    return this.startContainer;
  }

  setStart(node: Node, offset: number): void {
    this.startContainer = node;
    this.startOffset = checkOffset(node, offset);
  }

  setEnd(node: Node, offset: number): void {
    this.endContainer = node;
    this.endOffset = checkOffset(node, offset);
  }

  setStartBefore(node: Node): void {
    const parent = parentOf(node);
    this.setStart(parent, indexOf(node));
  }

  setStartAfter(node: Node): void {
    const parent = parentOf(node);
    this.setStart(parent, indexOf(node) + 1);
  }

  setEndBefore(node: Node): void {
    const parent = parentOf(node);
    this.setEnd(parent, indexOf(node));
  }

  setEndAfter(node: Node): void {
    const parent = parentOf(node);
    this.setEnd(parent, indexOf(node) + 1);
  }

  selectNodeContents(node: Node): void {
    this.setStart(node, 0);
    this.setEnd(node, nodeLength(node));
  }

  collapse(toStart = false): void {
    if (toStart) this.setEnd(this.startContainer, this.startOffset);
    else this.setStart(this.endContainer, this.endOffset);
  }

  cloneRange(): FallbackRange {
    const r = Object.create(FallbackRange.prototype) as FallbackRange;
    r.startContainer = this.startContainer;
    r.startOffset = this.startOffset;
    r.endContainer = this.endContainer;
    r.endOffset = this.endOffset;
    return r;
  }

  detach(): void {
    // A no-op, as in the DOM standard.
  }

  /** The data of every Text node in the range, in tree order (the DOM standard's stringifier). */
  toString(): string {
    const { startContainer: sc, startOffset: so, endContainer: ec, endOffset: eo } = this;
    if (sc === ec && sc.nodeType === TEXT_NODE) return (sc as Text).data.slice(so, eo);
    const parts: string[] = [];
    let node: Node | null;
    if (sc.nodeType === TEXT_NODE) {
      parts.push((sc as Text).data.slice(so));
      node = following(sc);
    } else if (isCharacterData(sc)) {
      node = following(sc);
    } else {
      node = childAt(sc, so) ?? following(sc);
    }
    // The node at which to stop: the end text node (partly included) or the first node after the end.
    const endText = ec.nodeType === TEXT_NODE ? ec : null;
    const stop = endText ? null : isCharacterData(ec) ? following(ec) : (childAt(ec, eo) ?? following(ec));
    while (node && node !== stop) {
      if (node === endText) {
        parts.push((node as Text).data.slice(0, eo));
        break;
      }
      if (node.nodeType === TEXT_NODE) parts.push((node as Text).data);
      node = node.firstChild ?? following(node);
    }
    return parts.join('');
  }
}

function parentOf(node: Node): Node {
  const parent = node.parentNode;
  if (!parent) throw new TypeError('the node has no parent');
  return parent;
}

function checkOffset(node: Node, offset: number): number {
  if (!Number.isInteger(offset) || offset < 0 || offset > nodeLength(node)) {
    throw new RangeError(`offset ${offset} is outside 0..${nodeLength(node)}`);
  }
  return offset;
}

/**
 * Makes `doc.createRange()` return a {@link FallbackRange}. Called by `parseHtml` on linkedom
 * documents only; a DOM with a working `Range` (browsers, DOMParser output) is left alone.
 */
export function installFallbackRange(doc: Document): void {
  Object.defineProperty(doc, 'createRange', {
    value: (): Range => new FallbackRange(doc) as unknown as Range,
    configurable: true,
    writable: true,
  });
}
