/**
 * A list of many rows of known heights that puts only the rows in view (and a few around them) in
 * the DOM, inside its own scrolling box: 10,000 annotations cost a few dozen elements.
 *
 * Keyboard: one row is in the tab order (roving tabindex); ↑/↓ move between rows, Home/End to the
 * first and last, Page Up/Down by a screenful, and the row with focus is always rendered, so focus
 * is never lost to a row scrolled out of the DOM. Screen readers hear each row's place in the whole
 * list (`aria-setsize`, `aria-posinset`).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { rowOffsets, rowWindow, scrollToShow } from '../../../lib/library/row-window.ts';

export interface VirtualListProps<R> {
  rows: readonly R[];
  height(row: R): number;
  /** A row's stable key (focus follows it when the list changes). */
  keyOf(row: R): string;
  /** A row's content; `active`: the row in the tab order (its controls may be tabbable too). */
  render(row: R, index: number, active: boolean): ComponentChildren;
  /** Attributes of a row's `<li>` (class, data-*). */
  rowProps?(row: R, index: number): Record<string, string | number | undefined>;
  /** Enter or Space on a row itself (not on a control inside it). */
  onActivate?(row: R, index: number): void;
  label: string;
  testid?: string;
}

export function VirtualList<R>({
  rows,
  height,
  keyOf,
  render,
  rowProps,
  onActivate,
  label,
  testid,
}: VirtualListProps<R>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [view, setView] = useState(600);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [focusPending, setFocusPending] = useState(false);
  const offsets = useMemo(() => rowOffsets(rows.map(height)), [rows, height]);
  const keys = useMemo(() => rows.map(keyOf), [rows, keyOf]);
  const found = activeKey === null ? -1 : keys.indexOf(activeKey);
  const active = found >= 0 ? found : 0;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setView(el.clientHeight || 600);
    if (typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver(() => setView(el.clientHeight || 600));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A shorter list (a filter) may end above the scroll position.
  useEffect(() => {
    const el = scroller.current;
    if (el && el.scrollTop > (offsets[rows.length] ?? 0)) el.scrollTop = 0;
  }, [offsets, rows.length]);

  useLayoutEffect(() => {
    if (!focusPending) return;
    setFocusPending(false);
    scroller.current?.querySelector<HTMLElement>(`li[data-row="${active}"]`)?.focus({ preventScroll: true });
  }, [focusPending, active]);

  const { start, end } = rowWindow(offsets, top, view);
  const shown: number[] = [];
  for (let i = start; i < end; i++) shown.push(i);
  if (rows.length > 0 && (active < start || active >= end)) shown.push(active);

  const moveTo = (i: number): void => {
    const el = scroller.current;
    const n = rows.length;
    if (!el || n === 0) return;
    const next = Math.max(0, Math.min(n - 1, i));
    el.scrollTop = scrollToShow(offsets, next, el.scrollTop, el.clientHeight);
    setTop(el.scrollTop);
    setActiveKey(keys[next] ?? null);
    setFocusPending(true);
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    const target = e.target as HTMLElement;
    const li = target.closest('li[data-row]');
    if (!li) return;
    const i = Number(li.getAttribute('data-row'));
    const page = Math.max(1, Math.floor(view / 110));
    switch (e.key) {
      case 'ArrowDown':
        moveTo(i + 1);
        break;
      case 'ArrowUp':
        moveTo(i - 1);
        break;
      case 'Home':
        if (target !== li) return;
        moveTo(0);
        break;
      case 'End':
        if (target !== li) return;
        moveTo(rows.length - 1);
        break;
      case 'PageDown':
        moveTo(i + page);
        break;
      case 'PageUp':
        moveTo(i - page);
        break;
      case 'Enter':
      case ' ': {
        if (target !== li || !onActivate) return;
        const row = rows[i];
        if (row !== undefined) onActivate(row, i);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div
      ref={scroller}
      class="virtual-scroller"
      data-testid={testid}
      onScroll={(e) => setTop((e.currentTarget as HTMLDivElement).scrollTop)}
    >
      <ul
        class="virtual-list"
        aria-label={label}
        style={{ height: `${offsets[rows.length] ?? 0}px` }}
        onKeyDown={onKeyDown}
      >
        {shown.map((i) => {
          const row = rows[i] as R;
          return (
            <li
              key={keys[i]}
              data-row={i}
              tabIndex={i === active ? 0 : -1}
              aria-setsize={rows.length}
              aria-posinset={i + 1}
              style={{ top: `${offsets[i] ?? 0}px`, height: `${height(row)}px` }}
              onFocusIn={() => {
                if (keys[i] !== activeKey) setActiveKey(keys[i] ?? null);
              }}
              {...(rowProps?.(row, i) ?? {})}
            >
              {render(row, i, i === active)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
