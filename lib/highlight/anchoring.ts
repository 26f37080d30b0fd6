/**
 * The in-page side of anchoring: the page's body text, selections turned into selectors, and
 * stored selectors turned back into live `Range`s, in slices. The rules themselves (position, exact
 * quote, fuzzy quote, minimum score) are `lib/anchor/`'s, shared with the side panel and the CLI.
 */
import type {
  AnchorState,
  AnchorTarget,
  TextPositionSelector,
  TextQuoteSelector,
} from '../annotation/model.ts';
import { CONTEXT_CHARS } from '../annotation/model.ts';
import type { YieldFn } from '../layer/schedule.ts';

/** One target's outcome: its live range when anchored. */
export interface BatchResult {
  target: AnchorTarget;
  range: Range | null;
  state: AnchorState;
}

/** The text of `root` as `textContent` computes it, with its Text nodes and their start offsets. */
interface TextMap {
  text: string;
  nodes: Text[];
  starts: number[];
}

function textMap(root: Node): TextMap {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes: Text[] = [];
  const starts: number[] = [];
  const parts: string[] = [];
  let at = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    nodes.push(t);
    starts.push(at);
    parts.push(t.data);
    at += t.data.length;
  }
  return { text: parts.join(''), nodes, starts };
}

/** The node index holding offset `o` (the last node starting at or before it). */
function nodeAt(map: TextMap, o: number, preferEnd: boolean): number {
  let lo = 0;
  let hi = map.nodes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const s = map.starts[mid] as number;
    if (s < o || (s === o && !preferEnd)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function rangeFor(map: TextMap, start: number, end: number): Range | null {
  if (map.nodes.length === 0 || start < 0 || end > map.text.length || start > end) return null;
  const a = nodeAt(map, start, false);
  const b = nodeAt(map, end, true);
  const sn = map.nodes[a] as Text;
  const en = map.nodes[b] as Text;
  const range = sn.ownerDocument.createRange();
  range.setStart(sn, start - (map.starts[a] as number));
  range.setEnd(en, end - (map.starts[b] as number));
  return range;
}

function offsetOf(map: TextMap, node: Node, offset: number): number | null {
  if (node.nodeType === 3) {
    const i = map.nodes.indexOf(node as Text);
    return i < 0 ? null : (map.starts[i] as number) + offset;
  }
  // An element boundary: the text before child `offset`.
  const child = node.childNodes[offset] ?? null;
  let i = 0;
  for (; i < map.nodes.length; i++) {
    const t = map.nodes[i] as Text;
    if (
      child
        ? child === t || child.compareDocumentPosition(t) & 4 || child.contains(t)
        : !node.contains(t) && node.compareDocumentPosition(t) & 4
    )
      break;
  }
  return i < map.nodes.length ? (map.starts[i] as number) : map.text.length;
}

/** The selectors of a range under `root` (a selection, a measure). */
export function describeRange(
  root: Node,
  range: Range,
): { quote: TextQuoteSelector; position: TextPositionSelector } | null {
  const map = textMap(root);
  const start = offsetOf(map, range.startContainer, range.startOffset);
  const end = offsetOf(map, range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start) return null;
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: map.text.slice(start, end),
      prefix: map.text.slice(Math.max(0, start - CONTEXT_CHARS), start),
      suffix: map.text.slice(end, end + CONTEXT_CHARS),
    },
    position: { type: 'TextPositionSelector', start, end },
  };
}

/** Anchors targets against `root`'s text now (position, then exact quote), yielding between slices. */
export async function anchorBatch(
  root: Node,
  targets: readonly AnchorTarget[],
  opts: { yieldFn: YieldFn; now: () => number },
): Promise<BatchResult[]> {
  const map = textMap(root);
  const out: BatchResult[] = [];
  let slice = opts.now();
  for (const t of targets) {
    let start: number;
    let method: AnchorState['method'] = null;
    const p = t.position;
    if (p && map.text.slice(p.start, p.end) === t.quote.exact) {
      start = p.start;
      method = 'position';
    } else {
      start = map.text.indexOf(t.quote.exact);
      if (start >= 0) method = 'quote';
    }
    const range = start >= 0 ? rangeFor(map, start, start + t.quote.exact.length) : null;
    out.push({
      target: t,
      range,
      state: { id: t.id, status: range ? 'anchored' : 'orphan', method: range ? method : null },
    });
    if (opts.now() - slice > 12) {
      await opts.yieldFn();
      slice = opts.now();
    }
  }
  return out;
}
