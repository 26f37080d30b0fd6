/**
 * Where badges and cards go, as plain arithmetic (unit-tested in Node).
 *
 * Coordinates: the overlay host is one absolutely positioned element at the top left of the
 * document; its client rect's top-left is the `origin`. A block Range's first client rect, minus
 * the origin, is the block's position in overlay coordinates. When the host sits at the document's
 * (0, 0) the origin is (−scrollX, −scrollY), so this is the usual "client rect + scroll offsets",
 * and it stays right when the page positions or transforms `<html>`. Marks inside a same-origin
 * frame add the frame's content-box offset ({@link frameContentBox}) and are hidden when their
 * anchor is scrolled out of the frame.
 */

/** The subset of DOMRect the layer reads. */
export interface RectLike {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Badge edge in CSS pixels (badges are square). */
export const BADGE_SIZE = 18;
/** Space between a badge in the margin and the text. */
export const BADGE_GAP = 4;
/** Space kept between badges that would overlap. */
const BADGE_SPACING = 2;

/** The first rect that has a size (a range's first line), or null when the range is not rendered. */
export function firstRect(rects: ArrayLike<RectLike> | null | undefined): RectLike | null {
  if (!rects) return null;
  for (let i = 0; i < rects.length; i++) {
    const r = rects[i] as RectLike;
    if (r.width > 0 || r.height > 0) return r;
  }
  return null;
}

/**
 * A badge's top-left in overlay coordinates: in the left margin of the block's first line,
 * vertically centred on it; when there is no room in the margin (the line starts at the document's
 * left edge), just above the line's start; when there is no room above either, over the start.
 */
export function badgePosition(rect: RectLike, origin: Point, size: number = BADGE_SIZE): Point {
  const left = rect.left - origin.x;
  const top = rect.top - origin.y;
  const centred = top + (rect.height - size) / 2;
  if (left - size - BADGE_GAP >= 0) return { x: left - size - BADGE_GAP, y: Math.max(0, centred) };
  if (top - size - BADGE_SPACING >= 0) return { x: Math.max(0, left), y: top - size - BADGE_SPACING };
  return { x: Math.max(0, left), y: Math.max(0, top) };
}

/** Space kept between a badge inside a table cell and the cell's border. */
export const CELL_INSET = 2;

/** A table row's first cell, as {@link rowBadgePosition} reads it. */
export interface RowCell {
  /** The cell's border box (client coordinates, like the line). */
  rect: RectLike;
  /** Its border widths (`clientLeft`, `clientTop`). */
  border: { left: number; top: number };
}

/**
 * The first cell of the table row a block spans, or null when the block is not a table row: it
 * starts in a row's first cell and ends in another cell of the same row (Changsha's task rows,
 * `27 | 任务 | 年内 | …`). A paragraph inside one cell of a layout table is not a row.
 */
export function rowCellOf(
  range: Pick<Range, 'startContainer' | 'endContainer'>,
): HTMLTableCellElement | null {
  const cellOf = (n: Node): HTMLTableCellElement | null => {
    const el = n.nodeType === 1 ? (n as Element) : n.parentElement;
    return (el?.closest('td, th') as HTMLTableCellElement | null) ?? null;
  };
  const first = cellOf(range.startContainer);
  const last = cellOf(range.endContainer);
  const row = first?.parentElement;
  if (!first || !last || !row || first === last || last.parentElement !== row) return null;
  // The row's first cell (read from its children: `cellIndex` is not in every DOM the layer runs on).
  const lead = [...row.children].find((c) => c.localName === 'td' || c.localName === 'th');
  return lead === first ? first : null;
}

/**
 * A table row's badge: every row of a table gets it at the same place. In the margin left of the
 * table when there is room, centred on the row's first line (the number); otherwise inside the
 * row's first cell, in its top-left corner, clear of the border. A full-width table at the
 * window's edge has no margin, and its number column is too narrow for a badge beside the number,
 * so the corner is the one place that fits in every row; it is taken only where the number is
 * lower than the badge (numbers are centred in rows taller than one line). In a row too short for
 * that, the badge goes where any block's would ({@link badgePosition}).
 */
export function rowBadgePosition(
  cell: RowCell,
  line: RectLike,
  origin: Point,
  size: number = BADGE_SIZE,
): Point {
  const left = cell.rect.left - origin.x;
  if (left - size - BADGE_GAP >= 0) {
    return { x: left - size - BADGE_GAP, y: Math.max(0, line.top - origin.y + (line.height - size) / 2) };
  }
  const x = cell.rect.left + cell.border.left + CELL_INSET;
  const y = cell.rect.top + cell.border.top + CELL_INSET;
  const fits =
    x + size <= cell.rect.left + cell.rect.width - cell.border.left &&
    y + size <= cell.rect.top + cell.rect.height;
  const clear = y + size <= line.top || x + size <= line.left;
  if (fits && clear) return { x: x - origin.x, y: y - origin.y };
  return badgePosition(line, origin, size);
}

/** A frame element's content box in its parent's client coordinates. */
export function frameContentBox(
  frameRect: RectLike,
  border: { left: number; top: number },
  padding: { left: number; top: number; right: number; bottom: number },
  inner: { width: number; height: number },
): RectLike {
  return {
    left: frameRect.left + border.left + padding.left,
    top: frameRect.top + border.top + padding.top,
    width: Math.max(0, inner.width),
    height: Math.max(0, inner.height),
  };
}

/** A rect in a frame's client coordinates, moved to the parent's (given the frame's content box). */
export function toParent(rect: RectLike, box: RectLike): RectLike {
  return { left: rect.left + box.left, top: rect.top + box.top, width: rect.width, height: rect.height };
}

/** Whether a rect's top-left corner lies inside `clip` (a frame's visible content box). */
export function startsInside(rect: RectLike, clip: RectLike): boolean {
  return (
    rect.left >= clip.left - 1 &&
    rect.top >= clip.top - 1 &&
    rect.left <= clip.left + clip.width &&
    rect.top <= clip.top + clip.height
  );
}

/**
 * Moves badges so that none overlaps another: in reading order (top to bottom, then left to
 * right), a badge that would cover an earlier one moves right by one badge. Positions are changed
 * in place; returns the same array.
 */
export function resolveOverlaps<T extends Point>(items: T[], size: number = BADGE_SIZE): T[] {
  const order = items
    .map((_, i) => i)
    .sort((a, b) => {
      const pa = items[a] as T;
      const pb = items[b] as T;
      return pa.y - pb.y || pa.x - pb.x;
    });
  const step = size + BADGE_SPACING;
  const placed: T[] = [];
  let windowStart = 0;
  for (const i of order) {
    const p = items[i] as T;
    // Only badges less than one badge higher can overlap (the list is sorted by y).
    while (windowStart < placed.length && (placed[windowStart] as T).y <= p.y - step) windowStart++;
    let moved = true;
    for (let guard = 0; moved && guard < 1_000; guard++) {
      moved = false;
      for (let j = windowStart; j < placed.length; j++) {
        const q = placed[j] as T;
        if (Math.abs(q.x - p.x) < step && Math.abs(q.y - p.y) < step) {
          p.x = q.x + step;
          moved = true;
        }
      }
    }
    // Keep `placed` sorted by y for the window (p.y did not change).
    placed.push(p);
  }
  return items;
}

/** Space kept between a card and the viewport's edges, and between a card and its measure. */
export const CARD_MARGIN = 8;
export const CARD_GAP = 8;
/** A card is not made shorter than this to fit above or below its measure. */
export const MIN_CARD_HEIGHT = 160;
/** …nor narrower than this to fit beside it. */
export const MIN_CARD_WIDTH = 260;

/** Where a card goes, how big it may be, and how it relates to its measure. */
export interface CardPlacement {
  x: number;
  y: number;
  width: number;
  /** The card scrolls inside itself beyond this height (it never makes the page scroll). */
  maxHeight: number;
  /**
   * `right`/`left`: beside the measure; `below`/`above`: under or over it; `over`: no room
   * anywhere, so the card covers the measure's text below its first line (the title stays).
   */
  side: 'right' | 'left' | 'below' | 'above' | 'over';
}

/**
 * Where a card opens, in overlay coordinates, so that it never covers its measure's text and fits
 * the viewport (the page does not scroll): beside the measure (right, then left) when the
 * viewport has room for the card's width; else below it, then above it, at full height; else on
 * the larger of those two sides with the height there is (at least {@link MIN_CARD_HEIGHT}); else
 * beside it, narrower (at least {@link MIN_CARD_WIDTH}). Only when none of that fits (a measure
 * taller than the window on a narrow page) does it cover the measure, below its first line.
 *
 * @param measure the measure's box (the union of its lines), overlay coordinates
 * @param firstLine the measure's first line (kept visible in the last resort)
 * @param viewport the visible part of the page, overlay coordinates
 * @param card the card's natural size (its width, and its height unconstrained)
 */
export function placeCard(
  measure: RectLike,
  firstLine: RectLike,
  viewport: RectLike,
  card: { width: number; height: number },
): CardPlacement {
  const left = viewport.left + CARD_MARGIN;
  const right = viewport.left + viewport.width - CARD_MARGIN;
  const top = viewport.top + CARD_MARGIN;
  const bottom = viewport.top + viewport.height - CARD_MARGIN;
  const width = Math.max(0, Math.min(card.width, right - left));
  const tallest = Math.max(0, bottom - top);
  const height = Math.min(card.height, tallest);
  const mRight = measure.left + measure.width;
  const mBottom = measure.top + measure.height;
  const clampY = (y: number, h: number): number => Math.max(top, Math.min(y, bottom - h));
  const clampX = (x: number, w: number): number => Math.max(left, Math.min(x, right - w));
  // Above or below, the card keeps to the measure's right end: the badges in the left margin (the
  // next measures' among them) stay uncovered.
  const under = (w: number): number => clampX(mRight - w, w);
  // Beside, at full width: level with the measure's top, kept in the viewport.
  if (mRight + CARD_GAP + width <= right) {
    return { x: mRight + CARD_GAP, y: clampY(measure.top, height), width, maxHeight: tallest, side: 'right' };
  }
  if (measure.left - CARD_GAP - width >= left) {
    return {
      x: measure.left - CARD_GAP - width,
      y: clampY(measure.top, height),
      width,
      maxHeight: tallest,
      side: 'left',
    };
  }
  // Below or above, at the card's full height.
  const below = bottom - (mBottom + CARD_GAP);
  const above = measure.top - CARD_GAP - top;
  if (below >= height)
    return { x: under(width), y: mBottom + CARD_GAP, width, maxHeight: below, side: 'below' };
  if (above >= height) {
    return {
      x: under(width),
      y: measure.top - CARD_GAP - height,
      width,
      maxHeight: above,
      side: 'above',
    };
  }
  // The larger of the two, shorter (the card scrolls inside itself).
  if (Math.max(below, above) >= MIN_CARD_HEIGHT) {
    return below >= above
      ? { x: under(width), y: mBottom + CARD_GAP, width, maxHeight: below, side: 'below' }
      : { x: under(width), y: top, width, maxHeight: above, side: 'above' };
  }
  // Beside, narrower.
  const roomRight = right - (mRight + CARD_GAP);
  const roomLeft = measure.left - CARD_GAP - left;
  if (Math.max(roomRight, roomLeft) >= MIN_CARD_WIDTH) {
    const w = Math.min(width, Math.max(roomRight, roomLeft));
    const x = roomRight >= roomLeft ? mRight + CARD_GAP : measure.left - CARD_GAP - w;
    return {
      x,
      y: clampY(measure.top, height),
      width: w,
      maxHeight: tallest,
      side: roomRight >= roomLeft ? 'right' : 'left',
    };
  }
  // Last resort: over the measure, below its first line.
  const y = Math.max(top, Math.min(firstLine.top + firstLine.height + CARD_GAP, bottom - MIN_CARD_HEIGHT));
  return {
    x: clampX(measure.left, width),
    y,
    width,
    maxHeight: Math.max(MIN_CARD_HEIGHT, bottom - y),
    side: 'over',
  };
}

/** The smallest rect holding all of `rects` that have a size, or null. */
export function unionRect(rects: Iterable<RectLike>): RectLike | null {
  let l = Infinity;
  let t = Infinity;
  let r = -Infinity;
  let b = -Infinity;
  for (const x of rects) {
    if (x.width <= 0 && x.height <= 0) continue;
    l = Math.min(l, x.left);
    t = Math.min(t, x.top);
    r = Math.max(r, x.left + x.width);
    b = Math.max(b, x.top + x.height);
  }
  return Number.isFinite(l) ? { left: l, top: t, width: r - l, height: b - t } : null;
}
