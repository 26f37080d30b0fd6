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

/** Where a card opens: under its badge, kept inside the viewport horizontally. */
export function cardPosition(
  badge: Point,
  viewport: { width: number },
  origin: Point,
  cardWidth: number,
  size: number = BADGE_SIZE,
): Point {
  const margin = 8;
  const viewLeft = -origin.x + margin;
  const viewRight = viewport.width - origin.x - margin;
  let x = badge.x;
  if (x + cardWidth > viewRight) x = viewRight - cardWidth;
  if (x < viewLeft) x = viewLeft;
  return { x: Math.max(0, x), y: badge.y + size + 6 };
}
