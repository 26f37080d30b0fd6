/** The virtual list's arithmetic: rows rendered for a scroll position, scrolling a row into view, keys. */
import { describe, expect, it } from 'vitest';
import { moveActive, scrollToShow, visibleRange } from '../../lib/library/virtual.ts';

describe('virtual list', () => {
  it('renders the rows in view and a few either side, never more than the list', () => {
    expect(visibleRange(0, 760, 76, 10_000, 6)).toEqual({ start: 0, end: 17 });
    expect(visibleRange(76 * 5_000, 760, 76, 10_000, 6)).toEqual({ start: 4_994, end: 5_017 });
    expect(visibleRange(76 * 20_000, 760, 76, 10_000, 6)).toEqual({ start: 9_993, end: 10_000 });
    expect(visibleRange(0, 760, 76, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(0, 760, 76, 3)).toEqual({ start: 0, end: 3 });
  });

  it('scrolls as little as it takes to show a row whole', () => {
    expect(scrollToShow(0, 500, 760, 76)).toBe(0);
    expect(scrollToShow(10, 0, 760, 76)).toBe(76);
    expect(scrollToShow(5, 0, 760, 76)).toBe(0);
  });

  it('moves the active row with arrows, pages, Home and End, within the list', () => {
    expect(moveActive('ArrowDown', 0, 3, 9)).toBe(1);
    expect(moveActive('ArrowDown', 2, 3, 9)).toBe(2);
    expect(moveActive('ArrowUp', 0, 3, 9)).toBe(0);
    expect(moveActive('PageDown', 0, 100, 9)).toBe(9);
    expect(moveActive('PageUp', 5, 100, 9)).toBe(0);
    expect(moveActive('End', 0, 100, 9)).toBe(99);
    expect(moveActive('Home', 50, 100, 9)).toBe(0);
    expect(moveActive('a', 0, 100, 9)).toBeNull();
    expect(moveActive('ArrowDown', 0, 0, 9)).toBeNull();
  });
});
