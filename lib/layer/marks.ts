/**
 * Marks: the recognised blocks on the page, each a live DOM `Range` with the background's verdict,
 * and the badges they make — one per measure (the first block of that measure in reading order;
 * its other blocks are tinted, not badged), plus one lighter badge per unmatched measure-like
 * block.
 *
 * A mark belongs to a scope (the top document or a same-origin frame). It is alive while its first
 * and last Text nodes are connected, its range is not collapsed and its scope's document is still
 * the one its frame shows; `prune()` drops the rest.
 */
import type { CardMeasure, CardRelated } from '../messaging.ts';
import type { MarkKind } from './highlights.ts';

/** The document a mark lives in; `alive()` is false once its frame is gone or navigated. */
export interface ScopeLike {
  readonly doc: Document;
  /** Position of the scope in reading order (top document 0, frames after it in discovery order). */
  readonly order: number;
  alive(): boolean;
}

export interface Mark<S extends ScopeLike = ScopeLike> {
  /** Unique per layer. */
  key: number;
  kind: MarkKind;
  /** The matched measure's id, or null for an unmatched block. */
  measureId: string | null;
  range: Range;
  startNode: Node;
  endNode: Node;
  scope: S;
  card: CardMeasure | null;
  related: CardRelated[];
  score: number | null;
  /** The start of the block's own text (shown, as text, on an unmatched block's card). */
  excerpt?: string;
}

/** A badge: one measure (all its marks) or one unmatched block. */
export interface BadgeEntry<S extends ScopeLike = ScopeLike> {
  /** Stable across rescans: the measure id, or `unmatched:` + the mark key. */
  key: string;
  kind: MarkKind;
  /** The mark the badge is placed at (the measure's first block in reading order). */
  anchor: Mark<S>;
  /** Every mark of the measure (for the active tint). */
  marks: Mark<S>[];
}

const DOCUMENT_POSITION_PRECEDING = 2;
const DOCUMENT_POSITION_FOLLOWING = 4;
const DOCUMENT_POSITION_CONTAINS = 8;
const DOCUMENT_POSITION_CONTAINED_BY = 16;
const TEXT_NODE = 3;

/** -1 when `a` comes before `b` in tree order, 1 after, 0 when unknown or equal. */
function position(a: Node, b: Node): number {
  const pos = a.compareDocumentPosition(b);
  if (pos & DOCUMENT_POSITION_FOLLOWING) return -1;
  if (pos & DOCUMENT_POSITION_PRECEDING) return 1;
  return 0;
}

/**
 * Tree order of two nodes. Text nodes are compared through their parent elements when those are
 * unrelated (cheap, and right where DOMs such as linkedom get text-node positions wrong), through
 * their siblings when they share a parent, and directly otherwise.
 */
export function treeOrder(a: Node, b: Node): number {
  if (a === b) return 0;
  const pa = a.nodeType === TEXT_NODE ? a.parentNode : a;
  const pb = b.nodeType === TEXT_NODE ? b.parentNode : b;
  if (pa && pb && pa !== pb) {
    const pos = pa.compareDocumentPosition(pb);
    if (!(pos & (DOCUMENT_POSITION_CONTAINS | DOCUMENT_POSITION_CONTAINED_BY))) {
      if (pos & DOCUMENT_POSITION_FOLLOWING) return -1;
      if (pos & DOCUMENT_POSITION_PRECEDING) return 1;
    }
  }
  if (a.parentNode !== null && a.parentNode === b.parentNode) {
    for (let n = a.nextSibling; n; n = n.nextSibling) if (n === b) return -1;
    return 1;
  }
  return position(a, b);
}

/** Reading order of two marks: scope first, then the start node's tree position. */
export function compareMarks(a: Mark, b: Mark): number {
  if (a.scope !== b.scope) return a.scope.order - b.scope.order;
  if (a.startNode === b.startNode) return a.range.startOffset - b.range.startOffset;
  return treeOrder(a.startNode, b.startNode) || a.key - b.key;
}

/** Whether `ancestor` contains `node` (inclusive), walking parents. */
export function inside(ancestor: Node, node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) if (n === ancestor) return true;
  return false;
}

/** Whether a mark still stands for page text. */
export function markAlive(mark: Mark): boolean {
  return (
    mark.scope.alive() &&
    mark.startNode.isConnected &&
    mark.endNode.isConnected &&
    mark.startNode.ownerDocument === mark.scope.doc &&
    !mark.range.collapsed
  );
}

/** The layer's marks. */
export class MarkStore<S extends ScopeLike = ScopeLike> {
  private readonly marks = new Set<Mark<S>>();
  private nextKey = 1;
  /** `badges()` until the set changes: layouts (resize, scroll in frames) reuse it. */
  private cached: BadgeEntry<S>[] | null = null;

  get size(): number {
    return this.marks.size;
  }

  /** Creates and stores a mark. */
  add(fields: Omit<Mark<S>, 'key'>): Mark<S> {
    const mark: Mark<S> = { key: this.nextKey++, ...fields };
    this.marks.add(mark);
    this.cached = null;
    return mark;
  }

  /** Removes and returns the marks that `pred` selects. */
  removeWhere(pred: (mark: Mark<S>) => boolean): Mark<S>[] {
    const out: Mark<S>[] = [];
    for (const m of this.marks) {
      if (pred(m)) {
        this.marks.delete(m);
        out.push(m);
      }
    }
    if (out.length > 0) this.cached = null;
    return out;
  }

  /** Removes and returns the marks that start inside one of `regions` (all in `scope`). */
  removeInside(scope: S, regions: readonly Node[]): Mark<S>[] {
    if (regions.length === 0) return [];
    return this.removeWhere((m) => m.scope === scope && regions.some((r) => inside(r, m.startNode)));
  }

  /** Removes and returns detached marks (see the module comment). */
  prune(): Mark<S>[] {
    return this.removeWhere((m) => !markAlive(m));
  }

  all(): Mark<S>[] {
    return [...this.marks];
  }

  /** Badges in reading order; see the module comment. The result is shared: do not change it. */
  badges(): BadgeEntry<S>[] {
    this.cached ??= this.computeBadges();
    return this.cached;
  }

  private computeBadges(): BadgeEntry<S>[] {
    const sorted = [...this.marks].sort(compareMarks);
    const byMeasure = new Map<string, BadgeEntry<S>>();
    const out: BadgeEntry<S>[] = [];
    for (const m of sorted) {
      if (m.kind === 'matched' && m.measureId !== null) {
        const entry = byMeasure.get(m.measureId);
        if (entry) {
          entry.marks.push(m);
          continue;
        }
        const created: BadgeEntry<S> = { key: m.measureId, kind: 'matched', anchor: m, marks: [m] };
        byMeasure.set(m.measureId, created);
        out.push(created);
      } else {
        out.push({ key: `unmatched:${m.key}`, kind: 'unmatched', anchor: m, marks: [m] });
      }
    }
    return out;
  }
}
