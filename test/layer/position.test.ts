import { describe, expect, it } from 'vitest';
import {
  BADGE_GAP,
  BADGE_SIZE,
  badgePosition,
  CARD_GAP,
  CELL_INSET,
  firstRect,
  MIN_CARD_HEIGHT,
  placeCard,
  unionRect,
  frameContentBox,
  resolveOverlaps,
  rowBadgePosition,
  rowCellOf,
  startsInside,
  toParent,
} from '../../lib/layer/position.ts';
import { parseHtml } from '../../lib/page/parse-html.ts';

const rect = (left: number, top: number, width = 300, height = 20) => ({ left, top, width, height });

describe('firstRect', () => {
  it('skips empty rects and gives null when the range is not rendered', () => {
    expect(firstRect([rect(0, 0, 0, 0), rect(5, 6)])).toEqual(rect(5, 6));
    expect(firstRect([])).toBeNull();
    expect(firstRect(null)).toBeNull();
  });
});

describe('badgePosition', () => {
  it('puts the badge in the left margin, centred on the first line, in document coordinates', () => {
    // Scrolled by (0, 500): the host's client origin is (0, -500).
    const p = badgePosition(rect(200, 100, 400, 30), { x: 0, y: -500 });
    expect(p).toEqual({ x: 200 - BADGE_SIZE - BADGE_GAP, y: 600 + (30 - BADGE_SIZE) / 2 });
  });

  it('goes above the line when there is no margin, and over its start at the very top', () => {
    expect(badgePosition(rect(8, 100), { x: 0, y: 0 })).toEqual({ x: 8, y: 100 - BADGE_SIZE - 2 });
    expect(badgePosition(rect(8, 5), { x: 0, y: 0 })).toEqual({ x: 8, y: 5 });
  });

  it('follows a horizontally scrolled or offset host', () => {
    const p = badgePosition(rect(100, 50), { x: -300, y: 10 });
    expect(p.x).toBe(400 - BADGE_SIZE - BADGE_GAP);
    expect(p.y).toBe(40 + (20 - BADGE_SIZE) / 2);
  });
});

describe('frames', () => {
  it('moves a frame rect into the parent by the frame content box, and clips', () => {
    const box = frameContentBox(
      rect(100, 200, 600, 400),
      { left: 2, top: 2 },
      { left: 10, top: 5, right: 10, bottom: 5 },
      { width: 576, height: 386 },
    );
    expect(box).toEqual({ left: 112, top: 207, width: 576, height: 386 });
    const inner = toParent(rect(20, 30), box);
    expect(inner).toEqual({ left: 132, top: 237, width: 300, height: 20 });
    expect(startsInside(inner, box)).toBe(true);
    expect(startsInside(toParent(rect(20, 900), box), box)).toBe(false);
    expect(startsInside(toParent(rect(20, -40), box), box)).toBe(false);
  });
});

describe('resolveOverlaps', () => {
  it('moves later badges right until none overlaps', () => {
    const items = [
      { x: 10, y: 100 },
      { x: 10, y: 105 },
      { x: 12, y: 98 },
      { x: 10, y: 300 },
    ];
    resolveOverlaps(items);
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i]!;
        const b = items[j]!;
        const overlap = Math.abs(a.x - b.x) < BADGE_SIZE && Math.abs(a.y - b.y) < BADGE_SIZE;
        expect(overlap).toBe(false);
      }
    }
    // The first in reading order (topmost) stays; a far-away badge stays.
    expect(items[2]).toEqual({ x: 12, y: 98 });
    expect(items[3]).toEqual({ x: 10, y: 300 });
  });

  it('handles many badges on one line', () => {
    const items = Array.from({ length: 200 }, () => ({ x: 0, y: 0 }));
    resolveOverlaps(items);
    expect(new Set(items.map((p) => p.x)).size).toBe(200);
  });
});

describe('placeCard', () => {
  const viewport = { left: 0, top: 1000, width: 1280, height: 650 };
  const card = { width: 380, height: 500 };
  const overlaps = (
    a: { x: number; y: number; width: number },
    h: number,
    b: ReturnType<typeof rect>,
  ): boolean => a.x < b.left + b.width && b.left < a.x + a.width && a.y < b.top + b.height && b.top < a.y + h;
  const inside = (p: { x: number; y: number; width: number }, h: number): boolean =>
    p.x >= viewport.left &&
    p.y >= viewport.top &&
    p.x + p.width <= viewport.left + viewport.width &&
    p.y + h <= viewport.top + viewport.height;

  it('opens beside a measure in a narrow column, level with it, inside the viewport', () => {
    const measure = rect(200, 1100, 600, 120);
    const p = placeCard(measure, rect(200, 1100, 600, 24), viewport, card);
    expect(p.side).toBe('right');
    expect(p.x).toBe(800 + CARD_GAP);
    expect(p.y).toBe(1100);
    expect(overlaps(p, Math.min(card.height, p.maxHeight), measure)).toBe(false);
    expect(inside(p, Math.min(card.height, p.maxHeight))).toBe(true);
  });

  it('moves up so that a card beside a measure low in the window still fits', () => {
    const p = placeCard(rect(200, 1550, 600, 60), rect(200, 1550, 600, 24), viewport, card);
    expect(p.side).toBe('right');
    expect(p.y + card.height).toBeLessThanOrEqual(viewport.top + viewport.height - 8);
  });

  it('opens below a full-width measure when there is room, else above, never over it', () => {
    const wide = { left: 0, top: 0, width: 1000, height: 900 };
    const small = { width: 380, height: 300 };
    const high = rect(20, 50, 960, 100);
    const below = placeCard(high, rect(20, 50, 960, 24), wide, small);
    expect(below.side).toBe('below');
    expect(below.y).toBe(150 + CARD_GAP);
    const low = rect(20, 700, 960, 100);
    const above = placeCard(low, rect(20, 700, 960, 24), wide, small);
    expect(above.side).toBe('above');
    expect(above.y + small.height).toBeLessThanOrEqual(700 - CARD_GAP);
    for (const [p, m] of [
      [below, high],
      [above, low],
    ] as const) {
      expect(overlaps(p, small.height, m)).toBe(false);
    }
  });

  it('shrinks a tall card into the larger space above or below (it scrolls inside itself)', () => {
    const wide = { left: 0, top: 0, width: 1000, height: 650 };
    const m = rect(20, 200, 960, 150);
    const p = placeCard(m, rect(20, 200, 960, 24), wide, { width: 380, height: 600 });
    expect(p.side).toBe('below');
    expect(p.maxHeight).toBeGreaterThanOrEqual(MIN_CARD_HEIGHT);
    expect(p.y + p.maxHeight).toBeLessThanOrEqual(650 - 8);
    expect(overlaps(p, p.maxHeight, m)).toBe(false);
  });

  it('covers the measure below its first line only when nothing else fits', () => {
    const narrow = { left: 0, top: 0, width: 400, height: 650 };
    const m = rect(10, 10, 380, 630);
    const first = rect(10, 10, 380, 24);
    const p = placeCard(m, first, narrow, card);
    expect(p.side).toBe('over');
    expect(p.y).toBeGreaterThanOrEqual(34);
    expect(p.y + p.maxHeight).toBeLessThanOrEqual(650);
  });
});

describe('unionRect', () => {
  it('holds every line of a measure and skips empty rects', () => {
    expect(unionRect([rect(10, 10, 100, 20), rect(0, 30, 300, 20), rect(5, 5, 0, 0)])).toEqual(
      rect(0, 10, 300, 40),
    );
    expect(unionRect([])).toBeNull();
  });
});

describe('placeCard keeps the badge column free', () => {
  it('puts a card above or below a full-width measure at its right end, clear of the left margin', () => {
    const wide = { left: 0, top: 0, width: 1280, height: 900 };
    const m = { left: 8, top: 100, width: 1264, height: 60 };
    const p = placeCard(m, { left: 8, top: 100, width: 1264, height: 24 }, wide, { width: 380, height: 400 });
    expect(p.side).toBe('below');
    expect(p.x + p.width).toBe(1272);
    expect(p.x).toBeGreaterThan(400);
  });
});

describe('table rows', () => {
  const doc = parseHtml(`<table><tbody>
    <tr id="task"><td id="n">27</td><td id="t">推行“5+2”工作制</td><td>年内</td></tr>
    <tr id="group"><td colspan="3">八、推行“5+2”工作制</td></tr>
  </tbody></table>
  <table><tr><td><p id="layout">一、实行担保通关。</p><p id="next">二、推行无纸化。</p></td><td>侧栏</td></tr></table>`);
  const text = (id: string): Text => (doc.getElementById(id) as Element).firstChild as Text;
  const span = (a: string, b: string) => ({ startContainer: text(a), endContainer: text(b) });

  it('takes a block that runs from a row’s first cell into another cell as that row', () => {
    expect(rowCellOf(span('n', 't'))).toBe(doc.getElementById('n'));
    // A block inside one cell (a layout table's paragraph, a group row) is not a row.
    expect(rowCellOf(span('layout', 'next'))).toBeNull();
    expect(rowCellOf(span('t', 't'))).toBeNull();
    // Nor one that starts in a later cell.
    const third = (doc.getElementById('task') as Element).children[2]?.firstChild as Text;
    expect(rowCellOf({ startContainer: text('t'), endContainer: third })).toBeNull();
  });

  const cell = (left: number, top: number, width = 36, height = 74) => ({
    rect: rect(left, top, width, height),
    border: { left: 1, top: 1 },
  });

  it('puts a row’s badge in the margin left of the table, on the number’s line, when there is room', () => {
    // The table starts at x = 100; the number's line is centred in a 74-px row.
    const p = rowBadgePosition(cell(100, 500), rect(118, 525, 8, 24), { x: 0, y: -1000 });
    expect(p).toEqual({ x: 100 - BADGE_SIZE - BADGE_GAP, y: 1525 + (24 - BADGE_SIZE) / 2 });
  });

  it('puts it in the first cell’s corner in a table at the window’s edge, the same in every row', () => {
    const origin = { x: 0, y: -2000 };
    const one = rowBadgePosition(cell(9, 500), rect(23, 525, 8, 24), origin);
    const twentySeven = rowBadgePosition(cell(9, 900, 36, 106), rect(19, 941, 16, 24), origin);
    expect(one).toEqual({ x: 9 + 1 + CELL_INSET, y: 2500 + 1 + CELL_INSET });
    expect(twentySeven.x - 9).toBe(one.x - 9);
    expect(twentySeven.y - 2900).toBe(one.y - 2500);
  });

  it('goes where any block’s badge would when the row is too short for the corner', () => {
    const line = rect(23, 505, 8, 24);
    expect(rowBadgePosition(cell(9, 500, 36, 34), line, { x: 0, y: 0 })).toEqual(
      badgePosition(line, { x: 0, y: 0 }),
    );
  });
});
