/**
 * Regions: the subtrees the layer extracts and matches, one at a time.
 *
 * - At load, {@link planRegions} cuts the page into top-level regions small enough for one
 *   extraction slice: it descends from `<body>` into containers whose children are all block-level
 *   elements, until each region holds at most `maxElements` elements. A container with text or
 *   inline elements among its children is never split (splitting would cut blocks in two), and
 *   neither is a data table row.
 * - After load, {@link collectRegions} turns MutationObserver records into the regions to rescan:
 *   the nearest block-level ancestor (inclusive) of each changed node, merged so that no region is
 *   inside another, ignoring our own host, and dropping regions whose new text is shorter than
 *   {@link MIN_CHANGED_CHARS} — a ticking clock or counter never triggers a scan.
 * - Attribute changes (`hidden`, `open`, `class`, `style`…: a section expanded) are reported apart,
 *   as `toggled`: the caller rescans them only when they became visible ({@link VisibilityMemo}).
 * - {@link Debouncer} batches the records: a flush runs `quietMs` after the last change, and at the
 *   latest `maxWaitMs` after the first.
 *
 * Everything takes its document through the nodes (`ownerDocument.defaultView`), so it works on
 * same-origin frames and on linkedom documents in Node.
 */
import { BLOCK_TAGS, SKIP_TAGS } from '../page/blocks.ts';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** New text shorter than this (in characters, whitespace excluded) does not trigger a rescan. */
export const MIN_CHANGED_CHARS = 20;

/**
 * Region size (elements) that one extraction slice handles comfortably: extraction from the
 * content script's isolated world costs ≈ 10–40 µs per element (more while the code is still
 * cold), so 300 elements stay well under the 50 ms long-task line.
 */
export const MAX_REGION_ELEMENTS = 300;

/** Containers `planRegions` may split into their children. */
const SPLITTABLE = new Set([
  'html',
  'body',
  'main',
  'article',
  'section',
  'div',
  'center',
  'form',
  'header',
  'footer',
  'aside',
  'blockquote',
  'ul',
  'ol',
  'dl',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'fieldset',
  'figure',
  'search',
]);

/** Content that makes a table row a layout row (splittable into cells), as in `lib/page/blocks.ts`. */
const LAYOUT_SELECTOR =
  'table,ul,ol,dl,h1,h2,h3,h4,h5,h6,section,article,header,footer,aside,main,blockquote,pre';

function nameOf(el: Element): string {
  return (el.localName || el.nodeName).toLowerCase();
}

function computedDisplay(el: Element): string | null {
  const view = el.ownerDocument?.defaultView;
  if (!view || typeof view.getComputedStyle !== 'function' || !el.isConnected) return null;
  try {
    return view.getComputedStyle(el).display || null;
  } catch {
    return null;
  }
}

/** Whether an element lays out as a block (computed style when live, else its tag). */
export function isBlockLevel(el: Element): boolean {
  const display = computedDisplay(el);
  if (display !== null && display !== '') {
    if (display === 'none') return BLOCK_TAGS.has(nameOf(el));
    return !display.startsWith('inline') && display !== 'contents';
  }
  return BLOCK_TAGS.has(nameOf(el));
}

/** Whether `planRegions` must leave an element out (it is not page text). */
export function isSkippedRegion(el: Element): boolean {
  const name = nameOf(el);
  if (SKIP_TAGS.has(name)) return true;
  if (el.hasAttribute('hidden')) return true;
  if ((el.getAttribute('aria-hidden') ?? '').toLowerCase() === 'true') return true;
  const role = (el.getAttribute('role') ?? '').toLowerCase();
  if (role.split(/\s+/).includes('navigation')) return true;
  if (computedDisplay(el) === 'none') return true;
  return false;
}

/**
 * The nearest block-level ancestor of `node`, itself included when it is an element. A table cell
 * is widened to its row, so a data row is always extracted whole (its cells are joined into one
 * block). Null for nodes outside any element.
 */
export function nearestBlock(node: Node): Element | null {
  let n: Node | null = node.nodeType === ELEMENT_NODE ? node : node.parentNode;
  while (n && n.nodeType === ELEMENT_NODE) {
    const el = n as Element;
    if (isBlockLevel(el)) {
      const name = nameOf(el);
      if (name === 'td' || name === 'th') {
        const row = el.parentNode;
        if (row && row.nodeType === ELEMENT_NODE && nameOf(row as Element) === 'tr') return row as Element;
      }
      return el;
    }
    n = n.parentNode;
  }
  return null;
}

/** Characters of `s` that are not whitespace (a quick count; good enough for a threshold). */
export function visibleLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c !== 0xa0 && c !== 0x3000 && c !== 0xfeff && !(c >= 0x200b && c <= 0x200d)) n++;
  }
  return n;
}

/** The part of a MutationRecord that `collectRegions` reads (tests pass plain objects). */
export interface MutationLike {
  type: 'childList' | 'characterData' | 'attributes' | string;
  target: Node;
  addedNodes: ArrayLike<Node>;
  removedNodes: ArrayLike<Node>;
}

/** What a batch of mutations means for the layer. */
export interface ChangedRegions {
  /** Regions to rescan, in document order, none inside another. */
  regions: Element[];
  /**
   * Elements whose visibility-related attributes changed (a section expanded or collapsed), not
   * inside `regions`, each with at least the minimum text: rescan them when they became visible
   * (the caller knows the layout; see `VisibilityMemo`).
   */
  toggled: Element[];
  /** Whether any page content was removed or replaced (marks may have been detached). */
  removed: boolean;
  /** Whether any record concerned the page (not only our host): layout may have moved. */
  touched: boolean;
}

/** Options for {@link collectRegions}. */
export interface CollectOptions {
  /** Whether a node is ours (the overlay host or inside it): its mutations are ignored. */
  isOurs(node: Node): boolean;
  /** Minimum new text for a region to be rescanned (default {@link MIN_CHANGED_CHARS}). */
  minChars?: number;
}

/** Whether `a` contains `b` (inclusive), without relying on page-patchable `Node.contains`. */
function containsNode(a: Node, b: Node): boolean {
  for (let n: Node | null = b; n; n = n.parentNode) if (n === a) return true;
  return false;
}

/** The text length a node brings (elements: their text content; text: their data). */
function addedChars(node: Node): number {
  if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
    return visibleLength((node as CharacterData).data);
  }
  if (node.nodeType === ELEMENT_NODE) {
    const el = node as Element;
    if (SKIP_TAGS.has(nameOf(el))) return 0;
    return visibleLength(el.textContent ?? '');
  }
  return 0;
}

/** Sorts nodes of one document in tree order (`compareDocumentPosition` when present). */
function documentOrder(a: Node, b: Node): number {
  if (a === b || typeof a.compareDocumentPosition !== 'function') return 0;
  const pos = a.compareDocumentPosition(b);
  if (pos & 4) return -1; // b follows a
  if (pos & 2) return 1; // b precedes a
  return 0;
}

/** Turns mutation records into regions to rescan; see the module comment. */
export function collectRegions(records: Iterable<MutationLike>, options: CollectOptions): ChangedRegions {
  const minChars = options.minChars ?? MIN_CHANGED_CHARS;
  // The changed nodes of each region. New text is measured at the end, on the nodes still there:
  // a counter that ticks twenty times between two flushes brings its last value once, not twenty.
  const changed = new Map<Element, Set<Node>>();
  const attributed = new Set<Element>();
  let removed = false;
  let touched = false;

  const add = (anchor: Node | null, node: Node | null): void => {
    if (!anchor) return;
    const region = nearestBlock(anchor);
    if (!region) return;
    let set = changed.get(region);
    if (!set) {
      set = new Set();
      changed.set(region, set);
    }
    if (node) set.add(node);
  };

  for (const r of records) {
    const target = r.target;
    if (options.isOurs(target)) continue;
    if (r.type === 'childList') {
      let relevant = false;
      for (let i = 0; i < r.removedNodes.length; i++) {
        const node = r.removedNodes[i] as Node;
        if (options.isOurs(node)) continue;
        relevant = true;
        removed = true;
      }
      for (let i = 0; i < r.addedNodes.length; i++) {
        const node = r.addedNodes[i] as Node;
        if (options.isOurs(node)) continue;
        relevant = true;
        add(node.nodeType === ELEMENT_NODE ? node : target, node);
      }
      // A removal alone brings no new text, but the region takes part in the merge.
      if (relevant && r.addedNodes.length === 0) add(target, null);
      if (relevant) touched = true;
    } else if (r.type === 'characterData') {
      touched = true;
      removed = true; // the old text (and any mark over it) changed
      add(target, target);
    } else if (r.type === 'attributes') {
      if (target.nodeType !== ELEMENT_NODE) continue;
      touched = true;
      const name = nameOf(target as Element);
      if (name === 'html' || name === 'body' || name === 'head') continue;
      const region = nearestBlock(target);
      if (region) attributed.add(region);
    }
  }

  // Merge: a region inside another is folded into the outer one (its new text counts there).
  const candidates = [...changed.keys()].filter((el) => el.isConnected);
  const outer = candidates.filter(
    (el) => !candidates.some((other) => other !== el && containsNode(other, el)),
  );
  const total = new Map<Element, number>(outer.map((el) => [el, 0]));
  for (const [el, nodes] of changed) {
    const o = outer.find((x) => containsNode(x, el));
    if (!o) continue;
    let n = 0;
    for (const node of nodes) if (node.isConnected) n += addedChars(node);
    total.set(o, (total.get(o) ?? 0) + n);
  }
  const regions = outer.filter((el) => (total.get(el) ?? 0) >= minChars).sort(documentOrder);
  const toggled = [...attributed]
    .filter(
      (el) =>
        el.isConnected &&
        !regions.some((r) => containsNode(r, el)) &&
        ![...attributed].some((o) => o !== el && containsNode(o, el)) &&
        addedChars(el) >= minChars,
    )
    .sort(documentOrder);
  return { regions, toggled, removed, touched };
}

/** Counts elements below `el` (inclusive) up to `limit`, stopping early. */
export function countElements(el: Element, limit: number): number {
  let n = 0;
  let node: Node | null = el;
  while (node) {
    if (node.nodeType === ELEMENT_NODE && ++n > limit) return n;
    let next: Node | null = node.firstChild;
    if (!next) {
      let up: Node | null = node;
      while (up && up !== el && !up.nextSibling) up = up.parentNode;
      next = up && up !== el ? up.nextSibling : null;
    }
    node = next;
  }
  return n;
}

/** Whether a container's children are all block-level elements (text and inline content forbid a split). */
function childrenAreBlocks(el: Element): boolean {
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === TEXT_NODE || c.nodeType === CDATA_SECTION_NODE) {
      if (visibleLength((c as CharacterData).data) > 0) return false;
    } else if (c.nodeType === ELEMENT_NODE) {
      const child = c as Element;
      if (isSkippedRegion(child)) continue;
      if (nameOf(child) === 'br' || !isBlockLevel(child)) return false;
    }
  }
  return true;
}

/** Whether a container may be cut into its children (see the module comment). */
function splittable(el: Element): boolean {
  const name = nameOf(el);
  if (name === 'tr') {
    // Only layout rows: a data row is one block made of its cells.
    return typeof el.querySelector === 'function' && el.querySelector(LAYOUT_SELECTOR) !== null;
  }
  if (name === 'td' || name === 'th') return childrenAreBlocks(el);
  return SPLITTABLE.has(name) && childrenAreBlocks(el);
}

/**
 * Cuts a root into regions of at most `maxElements` elements where the markup allows it (see the
 * module comment), in document order, a step at a time: `run(shouldStop)` works until it is done
 * (true) or `shouldStop()` says the slice is used up (false; call again to go on).
 */
export class RegionPlanner {
  readonly regions: Element[] = [];
  private readonly stack: Element[];

  constructor(
    root: Element,
    private readonly maxElements: number = MAX_REGION_ELEMENTS,
  ) {
    this.stack = [root];
  }

  run(shouldStop: () => boolean = () => false): boolean {
    while (this.stack.length > 0) {
      const el = this.stack.pop() as Element;
      if (countElements(el, this.maxElements) <= this.maxElements || !splittable(el)) {
        this.regions.push(el);
      } else {
        const children: Element[] = [];
        for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
          if (!isSkippedRegion(c)) children.push(c);
        }
        // Reverse onto the stack so regions come out in document order.
        for (let i = children.length - 1; i >= 0; i--) this.stack.push(children[i] as Element);
      }
      if (this.stack.length > 0 && shouldStop()) return false;
    }
    return true;
  }
}

/** {@link RegionPlanner} in one go. A region that cannot be split is kept whole, however large. */
export function planRegions(root: Element, maxElements: number = MAX_REGION_ELEMENTS): Element[] {
  const planner = new RegionPlanner(root, maxElements);
  planner.run();
  return planner.regions;
}

/** Timer functions the debouncer uses (injectable for tests). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  now(): number;
}

/**
 * Calls `flush` once `quietMs` have passed without a `poke()`, or `maxWaitMs` after the first poke
 * of a batch when pokes keep coming.
 */
export class Debouncer {
  private timer: unknown = null;
  private first: number | null = null;

  constructor(
    private readonly flush: () => void,
    private readonly timers: Timers,
    readonly quietMs: number = 250,
    readonly maxWaitMs: number = 1_000,
  ) {}

  /** Something changed: (re)arm the timer. */
  poke(): void {
    const now = this.timers.now();
    this.first ??= now;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.first + this.maxWaitMs - now));
    this.timer = this.timers.setTimeout(() => this.fire(), wait);
  }

  /** Whether a flush is pending. */
  get pending(): boolean {
    return this.timer !== null;
  }

  /** Flushes now if a flush is pending. */
  flushNow(): void {
    if (this.timer !== null) this.fire();
  }

  /** Drops a pending flush. */
  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.first = null;
  }

  private fire(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.first = null;
    this.flush();
  }
}

/**
 * Remembers whether toggled elements were visible, so that a class flipping back and forth on a
 * visible element (a carousel, a hover state) does not rescan it every time: only a change to
 * visible — or the first time an element is seen visible — counts.
 */
export class VisibilityMemo {
  private readonly seen = new WeakMap<Element, boolean>();

  /** Records `visible` for `el`; true when it just became (or was first seen) visible. */
  becameVisible(el: Element, visible: boolean): boolean {
    const before = this.seen.get(el);
    this.seen.set(el, visible);
    return visible && before !== true;
  }
}
