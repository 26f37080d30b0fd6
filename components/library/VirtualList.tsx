/**
 * A virtualised list of fixed-height rows for the library (measures now; any long list): only the
 * rows in view are in the DOM, in a scroller of its own.
 *
 * Keyboard: the list is one stop in the tab order (its active row's link; roving `tabindex`), and
 * ↑ ↓ PageUp PageDown Home End move the active row, scrolling it into view and focusing it, so a
 * row far down is reached without a mouse even though it is not rendered until then. Enter follows
 * the row's link. Screen readers hear the whole list's size and each row's position
 * (`aria-setsize`, `aria-posinset`), not just the rendered rows.
 *
 * With `memoryKey` the list remembers its scroll position and active row while the page lives, so
 * that back from a measure returns to the same place in the list with focus on the row just opened.
 */
import type { VNode } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { moveActive, scrollToShow, visibleRange } from '../../lib/library/virtual.ts';

/** Where each remembered list was left (per page load). */
const memory = new Map<string, { scrollTop: number; key: string | null }>();

export interface VirtualListProps<T> {
  items: readonly T[];
  /** Each row's height in CSS pixels (rows are clipped to it). */
  rowHeight: number;
  /** The list's accessible name. */
  label: string;
  itemKey(item: T): string;
  /**
   * One row's content. It must hold exactly one focusable element marked `data-vfocus` (a link or
   * a button) with the given `tabIndex`.
   */
  renderItem(item: T, index: number, tabIndex: 0 | -1): VNode;
  /** Remembers scroll and the active row under this key (e.g. the filters' address). */
  memoryKey?: string;
  /** The row to make active on mount (and scroll to), when no memory says otherwise. */
  initialKey?: string | null;
  /** Coming back to a remembered list, mark its active row for focus (`data-autofocus`, see the shell). */
  focusOnMount?: boolean;
  testid?: string;
  /** Heard when a row becomes active (by key or by focus). */
  onActive?(item: T): void;
}

export function VirtualList<T>({
  items,
  rowHeight,
  label,
  itemKey,
  renderItem,
  memoryKey,
  initialKey = null,
  focusOnMount = false,
  testid,
  onActive,
}: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const remembered = memoryKey ? memory.get(memoryKey) : undefined;
  const startKey = remembered?.key ?? initialKey;
  const [scrollTop, setScrollTop] = useState(remembered?.scrollTop ?? 0);
  const [height, setHeight] = useState(600);
  const [activeKey, setActiveKey] = useState<string | null>(startKey);
  const focusNext = useRef(false);
  /** Coming back to a remembered list: the shell focuses this row (`data-autofocus`). */
  const returning = focusOnMount && remembered?.key != null;

  const keyIndex = activeKey === null ? -1 : items.findIndex((it) => itemKey(it) === activeKey);
  const active = keyIndex >= 0 ? keyIndex : 0;

  // The viewport's height, and the scroll position a remembered list had (before the first paint).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = (): void => setHeight(el.clientHeight || 600);
    measure();
    if (remembered) el.scrollTop = remembered.scrollTop;
    else if (keyIndex >= 0) el.scrollTop = scrollToShow(keyIndex, 0, el.clientHeight || 600, rowHeight);
    setScrollTop(el.scrollTop);
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    ro?.observe(el);
    return () => ro?.disconnect();
    // Once per mount: later changes come from scrolling and keys.
  }, []);

  // Remember where the list is, for the next mount.
  useLayoutEffect(() => {
    if (memoryKey) memory.set(memoryKey, { scrollTop, key: activeKey });
  }, [memoryKey, scrollTop, activeKey]);

  // Focus follows a key press (or a return to the list), once the row is rendered.
  useLayoutEffect(() => {
    if (!focusNext.current) return;
    focusNext.current = false;
    scroller.current
      ?.querySelector<HTMLElement>(`[data-vindex="${active}"] [data-vfocus]`)
      ?.focus({ preventScroll: true });
  });

  const { start, end } = visibleRange(scrollTop, height, rowHeight, items.length);

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const next = moveActive(e.key, active, items.length, Math.floor(height / rowHeight) - 1);
    if (next === null) return;
    e.preventDefault();
    const el = scroller.current;
    if (el) {
      el.scrollTop = scrollToShow(next, el.scrollTop, el.clientHeight, rowHeight);
      setScrollTop(el.scrollTop);
    }
    const item = items[next];
    if (item === undefined) return;
    setActiveKey(itemKey(item));
    onActive?.(item);
    focusNext.current = true;
  };

  const rows: VNode[] = [];
  for (let i = start; i < end; i++) {
    const item = items[i] as T;
    const key = itemKey(item);
    rows.push(
      <div
        key={key}
        role="listitem"
        class="vrow"
        data-vindex={i}
        data-autofocus={returning && key === startKey ? '' : undefined}
        aria-setsize={items.length}
        aria-posinset={i + 1}
        style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}
        onFocusIn={() => {
          if (key !== activeKey) {
            setActiveKey(key);
            onActive?.(item);
          }
        }}
      >
        {renderItem(item, i, i === active ? 0 : -1)}
      </div>,
    );
  }

  return (
    <div
      class="vlist"
      ref={scroller}
      data-testid={testid}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div
        role="list"
        aria-label={label}
        class="vlist-sizer"
        style={{ height: `${items.length * rowHeight}px` }}
      >
        {rows}
      </div>
    </div>
  );
}
