import { describe, expect, it } from 'vitest';
import {
  BADGE_GAP,
  BADGE_SIZE,
  badgePosition,
  cardPosition,
  firstRect,
  frameContentBox,
  resolveOverlaps,
  startsInside,
  toParent,
} from '../../lib/layer/position.ts';

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

describe('cardPosition', () => {
  it('opens under the badge and stays inside the viewport', () => {
    expect(cardPosition({ x: 50, y: 100 }, { width: 1200 }, { x: 0, y: 0 }, 380)).toEqual({
      x: 50,
      y: 100 + BADGE_SIZE + 6,
    });
    expect(cardPosition({ x: 1000, y: 100 }, { width: 1200 }, { x: 0, y: 0 }, 380).x).toBe(1200 - 8 - 380);
    // Scrolled right by 500: the viewport spans 500..1700 in overlay coordinates.
    expect(cardPosition({ x: 100, y: 0 }, { width: 1200 }, { x: -500, y: 0 }, 380).x).toBe(508);
  });
});
