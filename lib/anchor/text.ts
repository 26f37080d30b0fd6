/**
 * The text an annotation's offsets count, and the way between those offsets and the DOM.
 *
 * A `TextPositionSelector` counts UTF-16 code units of `document.body.textContent` (the convention
 * of Hypothesis and Apache Annotator), so the text here is exactly what `Node.textContent` returns:
 * the data of every Text node under the root, in tree order, with nothing inserted between blocks
 * and nothing skipped for being hidden, a script or a style. (Block text for matching is a
 * different thing, `lib/page/blocks.ts`: reader order, collapsed whitespace, no scripts.)
 *
 * One deliberate detail: the children of `<template>` are not walked. A browser parses them into
 * the template's `content` fragment, so they are not children and `textContent` never sees them;
 * linkedom makes them ordinary children. Skipping them gives browser offsets in Node too.
 *
 * Everything here takes the root it reads (an element, a document, a text node) and uses no
 * globals, so it runs in the content script, in extension pages and in Node on linkedom documents.
 * Offsets are UTF-16 code units, as DOM `Range` offsets are: an emoji counts 2.
 */
import { FallbackRange } from '../page/fallback-range.ts';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const DOCUMENT_NODE = 9;

/** The text of a root as `textContent` computes it, with the Text node behind every offset. */
export interface TextIndex {
  /** The node the index was built from. */
  readonly root: Node;
  /** Equal to `root.textContent` (for a document, the text of all its Text nodes). */
  readonly text: string;
  /** The Text nodes (CDATA sections included), in tree order; empty ones too. */
  readonly nodes: readonly Text[];
  /** `starts[i]` is the offset in `text` where `nodes[i]`'s data begins. */
  readonly starts: readonly number[];
}

/** A span of a {@link TextIndex}'s text: `0 <= start <= end <= text.length`. */
export interface TextSpan {
  start: number;
  end: number;
}

function isText(node: Node): node is Text {
  return node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE;
}

/** Whether `node` is an HTML `<template>`, whose children a browser would not have. */
function isTemplate(node: Node): boolean {
  return node.nodeType === ELEMENT_NODE && (node as Element).localName === 'template';
}

/**
 * The text of `root` and its Text nodes. Walks `firstChild`/`nextSibling` iteratively (no
 * recursion, so deep pages cost no stack; linkedom builds `childNodes` arrays on every access).
 */
export function textIndex(root: Node): TextIndex {
  const steps = textIndexSteps(root, Infinity);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `textIndex` step by step: yields after every `nodesPerStep` nodes visited, so that a caller can
 * share the thread on a very large page (the content script re-anchoring on a 1 MB page). The page
 * should not change between steps; if it does, the index describes a page that never existed as a
 * whole, and the caller must check what it finds (the content script checks every range's text).
 */
export function* textIndexSteps(root: Node, nodesPerStep = 5_000): Generator<void, TextIndex, void> {
  const nodes: Text[] = [];
  const starts: number[] = [];
  const parts: string[] = [];
  let length = 0;
  const visit = (t: Text): void => {
    nodes.push(t);
    starts.push(length);
    parts.push(t.data);
    length += t.data.length;
  };
  if (isText(root)) {
    visit(root);
  } else {
    let node: Node | null = root.firstChild;
    let visited = 0;
    while (node) {
      if (isText(node)) visit(node);
      if (++visited >= nodesPerStep) {
        visited = 0;
        yield;
      }
      const child = isTemplate(node) ? null : node.firstChild;
      if (child) {
        node = child;
        continue;
      }
      while (node && node !== root && !node.nextSibling) node = node.parentNode;
      node = node && node !== root ? node.nextSibling : null;
    }
  }
  return { root, text: parts.join(''), nodes, starts };
}

/** Each index's node → position map, built on first use by `offsetsFromRange`. */
const positions = new WeakMap<TextIndex, Map<Node, number>>();

function positionOf(index: TextIndex, node: Node): number | undefined {
  let map = positions.get(index);
  if (!map) {
    map = new Map(index.nodes.map((n, i) => [n, i]));
    positions.set(index, map);
  }
  return map.get(node);
}

/** The last `i` with `starts[i] <= offset` (binary search; `starts` is non-decreasing). */
function lastStartAtOrBefore(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The DOM point for text offset `offset`, as a Text node and an offset in its data. A start
 * (`forEnd` false) lies in the node holding the character at `offset`; an end lies in the node
 * holding the character before it. So a span never starts at the end of one node or ends at the
 * start of the next, and empty Text nodes are never used.
 */
function domPoint(index: TextIndex, offset: number, forEnd: boolean): { node: Text; offset: number } | null {
  const { nodes, starts, text } = index;
  if (nodes.length === 0) return null;
  // The character the point is attached to; the edges of the text attach to its first or last one.
  const at = forEnd ? Math.max(offset - 1, 0) : Math.min(offset, text.length - 1);
  if (at < 0) {
    // No text at all: the start of the first node (all are empty).
    return { node: nodes[0] as Text, offset: 0 };
  }
  let i = lastStartAtOrBefore(starts, at);
  // Several nodes can start at the same offset (empty ones): take the one that holds `at`.
  while (i < nodes.length - 1 && (starts[i] as number) + (nodes[i] as Text).data.length <= at) i++;
  const node = nodes[i] as Text;
  return { node, offset: offset - (starts[i] as number) };
}

/**
 * A DOM `Range` over `text.slice(start, end)`, or null when the span is not inside the text or the
 * root has no Text node. Works on browser documents and on linkedom documents (whose `Range` cannot
 * hold text offsets: a `FallbackRange` from `lib/page/` stands in).
 */
export function rangeFromOffsets(index: TextIndex, start: number, end: number): Range | null {
  if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
  if (start < 0 || start > end || end > index.text.length) return null;
  const from = domPoint(index, start, false);
  const to = start === end ? from : domPoint(index, end, true);
  if (!from || !to) return null;
  const root = index.root;
  const doc = root.nodeType === DOCUMENT_NODE ? (root as Document) : root.ownerDocument;
  if (!doc) return null;
  let range = doc.createRange() as Range | FallbackRange;
  if (typeof (range as Partial<Range>).setStart !== 'function') range = new FallbackRange(doc);
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  return range as Range;
}

/** Whether `node` is `root` or inside it. */
function within(root: Node, node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) if (n === root) return true;
  return false;
}

/** The first node after `node`'s subtree in tree order, not leaving `root`; null at the end. */
function after(root: Node, node: Node): Node | null {
  let n: Node | null = node;
  while (n && n !== root && !n.nextSibling) n = n.parentNode;
  return n && n !== root ? n.nextSibling : null;
}

/**
 * The text offset of the DOM boundary point (`container`, `offset`): inside a Text node, its start
 * plus the offset; anywhere else, the start of the first indexed Text node at or after the point,
 * or the end of the text when none follows. Null when the point is outside the root.
 */
function boundaryOffset(index: TextIndex, container: Node, offset: number): number | null {
  if (!within(index.root, container)) return null;
  if (isText(container)) {
    const i = positionOf(index, container);
    // A Text node under the root but not indexed is inside a <template>: not part of the text.
    if (i === undefined) return null;
    return (index.starts[i] as number) + Math.min(Math.max(offset, 0), container.data.length);
  }
  let next: Node | null;
  if (
    container.nodeType === ELEMENT_NODE ||
    container.nodeType === DOCUMENT_NODE ||
    container.nodeType === 11
  ) {
    let child = container.firstChild;
    for (let k = 0; child && k < offset; k++) child = child.nextSibling;
    next = child ?? after(index.root, container);
  } else {
    // A comment or processing instruction: offsets count its characters, none of which are text.
    next = after(index.root, container);
  }
  while (next) {
    if (isText(next)) {
      const i = positionOf(index, next);
      if (i !== undefined) return index.starts[i] as number;
    }
    const child = isTemplate(next) ? null : next.firstChild;
    next = child ?? after(index.root, next);
  }
  return index.text.length;
}

/**
 * The text span a DOM range covers (a reader's selection, a highlight). Boundaries may be Text
 * nodes or elements (`<p>`, 0 → `<p>`, 2 is a whole paragraph). Null when either boundary lies
 * outside the root.
 */
export function offsetsFromRange(
  index: TextIndex,
  range: Pick<Range, 'startContainer' | 'startOffset' | 'endContainer' | 'endOffset'>,
): TextSpan | null {
  const start = boundaryOffset(index, range.startContainer, range.startOffset);
  const end = boundaryOffset(index, range.endContainer, range.endOffset);
  if (start === null || end === null) return null;
  // A range whose start is after its end cannot come from a DOM Range; treat it as collapsed.
  return { start, end: Math.max(start, end) };
}
