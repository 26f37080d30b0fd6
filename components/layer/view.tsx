/**
 * The overlay view: everything inside the host's shadow root, the badges and the one open card.
 *
 * The layer (`lib/layer/controller.ts`) computes the badges' positions and calls `render` on every
 * layout. Badges are plain buttons (`Badge.tsx`), kept by key and updated only where they changed;
 * the open card is a Preact tree (`Overlay.tsx`) mounted only while it is open. This view keeps
 * which card is open, moves focus into it, and back to its badge when it closes (Escape, the close
 * button, or the badge again). A click elsewhere on the page closes the card without taking focus.
 *
 * The keyboard. The host comes after the page's body, so its badges would be the last Tab stops
 * of the page; the lead host (`lib/layer/host.ts`) holds "skip to measures", the page's first Tab
 * stop, which focuses a badge. The badges are a toolbar with a roving tabindex:
 * one Tab stop however many there are (43 on the Dalian page), the arrow keys move from badge to
 * badge in reading order (the order the layer gives them), Home and End to the first and last, and
 * the badge last focused is the one Tab comes back to. Everything here is marked with the UI
 * language (`lang`), which would otherwise be the page's.
 */
import { render } from 'preact';
import { t } from '../../lib/i18n.ts';
import type { BadgeView, OverlayActions, OverlayState, OverlayView } from '../../lib/layer/controller.ts';
import { langOf } from '../card/parts.tsx';
import { createBadge, updateBadge } from './Badge.tsx';
import { AnnotationOverlay } from './Annotations.tsx';
import { OpenCard } from './Overlay.tsx';

interface Drawn {
  el: HTMLButtonElement;
  view: BadgeView;
  expanded: boolean;
  /** The badge's tabindex now (0 for the one Tab stop, -1 for the others). */
  tab: number;
}

/** Keys that move between badges: to the next or previous one, or to an end. */
const MOVES: Record<string, 'next' | 'previous' | 'first' | 'last'> = {
  ArrowDown: 'next',
  ArrowRight: 'next',
  ArrowUp: 'previous',
  ArrowLeft: 'previous',
  Home: 'first',
  End: 'last',
};

export function createOverlayView(
  shadow: ShadowRoot,
  host: HTMLElement,
  actions: OverlayActions,
  lead?: ShadowRoot,
): OverlayView {
  const doc = shadow.ownerDocument;
  const uiLang = t('uiLang');
  const container = doc.createElement('div');
  container.className = 'mount';
  container.setAttribute('lang', uiLang);
  const root = doc.createElement('div');
  root.className = 'root';
  // The badges, in reading order: one toolbar, one Tab stop.
  const bar = doc.createElement('div');
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-orientation', 'vertical');
  bar.setAttribute('aria-label', t('layerBadges'));
  root.appendChild(bar);
  const cardSlot = doc.createElement('div');
  root.appendChild(cardSlot);
  // The reader's annotations (toolbar, markers, messages): rendered only while there is something.
  const annotationSlot = doc.createElement('div');
  root.appendChild(annotationSlot);
  let annotationsMounted = false;
  container.appendChild(root);
  shadow.appendChild(container);

  // "Skip to measures": in the lead host, the page's first Tab stop; shown only while focused.
  let skip: HTMLButtonElement | null = null;
  if (lead) {
    const mount = doc.createElement('div');
    mount.className = 'mount';
    mount.setAttribute('lang', uiLang);
    skip = doc.createElement('button');
    skip.type = 'button';
    skip.className = 'skip';
    skip.setAttribute('data-policylens-skip', '');
    skip.hidden = true;
    mount.appendChild(skip);
    lead.appendChild(mount);
  }

  const drawn = new Map<string, Drawn>();
  const keyOf = new WeakMap<Element, string>();
  let state: OverlayState | null = null;
  let openKey: string | null = null;
  let activeKey: string | null = null;
  /** The badge that is the Tab stop (the one last focused, or the first). */
  let tabKey: string | null = null;
  let cardMounted = false;
  let detachWindow: (() => void) | null = null;

  const openBadge = (): BadgeView | undefined =>
    openKey === null ? undefined : state?.badges.find((b) => b.key === openKey && !b.hidden);

  const setActive = (key: string | null): void => {
    if (key === activeKey) return;
    activeKey = key;
    actions.setActive(key);
  };

  const syncExpanded = (): void => {
    for (const [key, d] of drawn) {
      const expanded = key === openKey;
      if (d.expanded !== expanded) {
        updateBadge(d.el, d.view, d.expanded, d.view, expanded);
        d.expanded = expanded;
      }
    }
  };

  /** Listens on the page's window while a card is open: Escape closes it, so does a click outside. */
  const watchWindow = (open: boolean): void => {
    if (!open) {
      detachWindow?.();
      detachWindow = null;
      return;
    }
    if (detachWindow) return;
    const win = host.ownerDocument.defaultView;
    if (!win) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') close(true);
    };
    const onPointer = (e: Event): void => {
      if (!e.composedPath().includes(host)) close(false);
    };
    win.addEventListener('keydown', onKey);
    win.addEventListener('pointerdown', onPointer, true);
    detachWindow = () => {
      win.removeEventListener('keydown', onKey);
      win.removeEventListener('pointerdown', onPointer, true);
    };
  };

  /** Draws the card of `openKey`, or removes it; closes it when its badge went away. */
  const drawCard = (): void => {
    const open = openBadge();
    if (openKey !== null && !open) {
      openKey = null;
      syncExpanded();
    }
    if (open && state) {
      render(<OpenCard open={open} state={state} actions={actions} onClose={() => close(true)} />, cardSlot);
      cardMounted = true;
    } else if (cardMounted) {
      render(null, cardSlot);
      cardMounted = false;
    }
    watchWindow(open !== undefined);
    setActive(open ? open.key : null);
  };

  function close(restoreFocus: boolean): void {
    const key = openKey;
    openKey = null;
    syncExpanded();
    drawCard();
    if (restoreFocus && key !== null) drawn.get(key)?.el.focus();
  }

  const toggle = (key: string): void => {
    if (openKey === key) {
      close(true);
      return;
    }
    openKey = key;
    syncExpanded();
    drawCard();
  };

  /** The badge an event happened on (its button, or the mark inside it). */
  const badgeKey = (target: EventTarget | null): string | undefined => {
    let el = target as Element | null;
    if (el && typeof el === 'object' && el.parentElement && !keyOf.has(el)) el = el.parentElement;
    return el && typeof el === 'object' ? keyOf.get(el) : undefined;
  };

  /** The badges a reader can reach now, in reading order (hidden ones are not rendered). */
  const reachable = (): Drawn[] => {
    const out: Drawn[] = [];
    for (const b of state?.badges ?? []) {
      const d = drawn.get(b.key);
      if (d && !d.view.hidden && !out.includes(d)) out.push(d);
    }
    return out;
  };

  /** Makes `key` the badges' one Tab stop (or the first reachable badge when it cannot be). */
  const setTabStop = (key: string | null): void => {
    const list = reachable();
    const chosen = list.find((d) => d.view.key === key) ?? list[0];
    tabKey = chosen ? chosen.view.key : null;
    for (const d of drawn.values()) {
      const tab = d === chosen ? 0 : -1;
      if (d.tab !== tab) {
        d.el.tabIndex = tab;
        d.tab = tab;
      }
    }
  };

  const focusBadge = (key: string | null): void => {
    setTabStop(key);
    if (tabKey !== null) drawn.get(tabKey)?.el.focus();
  };

  /** Moves focus from the badge `from` to another one. */
  const move = (from: string, where: 'next' | 'previous' | 'first' | 'last'): void => {
    const list = reachable();
    if (list.length === 0) return;
    const at = list.findIndex((d) => d.view.key === from);
    const to =
      where === 'first'
        ? 0
        : where === 'last'
          ? list.length - 1
          : Math.max(0, Math.min(list.length - 1, at + (where === 'next' ? 1 : -1)));
    focusBadge(list[to]?.view.key ?? null);
  };

  root.addEventListener('click', (e) => {
    const key = badgeKey(e.target);
    if (key !== undefined) toggle(key);
  });
  root.addEventListener('keydown', (e) => {
    // Keys typed in the overlay are ours: the page's shortcuts must not see them.
    e.stopPropagation();
    const key = badgeKey(e.target);
    if (key === undefined) return;
    if (e.key === 'Escape' && key === openKey) {
      e.preventDefault();
      close(true);
      return;
    }
    const where = MOVES[e.key];
    if (where && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      e.preventDefault();
      move(key, where);
    }
  });
  // The badge focused last (by click, keys or the skip entry) is where Tab comes back to.
  root.addEventListener('focusin', (e) => {
    const key = badgeKey(e.target);
    if (key !== undefined && key !== tabKey) setTabStop(key);
  });
  skip?.addEventListener('click', (e) => {
    if (!e.isTrusted) return;
    focusBadge(tabKey);
  });
  skip?.addEventListener('keydown', (e) => e.stopPropagation());
  root.addEventListener('keyup', (e) => e.stopPropagation());
  root.addEventListener('keypress', (e) => e.stopPropagation());

  return {
    render(next: OverlayState) {
      state = next;
      const seen = new Set<string>();
      // Badges in order, in their toolbar; a badge already in place is not moved.
      const lang = langOf(next.script);
      let at: ChildNode | null = bar.firstChild;
      for (const b of next.badges) {
        if (seen.has(b.key)) continue;
        seen.add(b.key);
        const expanded = b.key === openKey;
        let d = drawn.get(b.key);
        if (!d) {
          const el = createBadge(doc);
          keyOf.set(el, b.key);
          updateBadge(el, null, false, b, expanded, lang);
          el.tabIndex = -1;
          d = { el, view: b, expanded, tab: -1 };
          drawn.set(b.key, d);
        } else {
          updateBadge(d.el, d.view, d.expanded, b, expanded, lang);
          d.view = b;
          d.expanded = expanded;
        }
        if (d.el === at) at = at.nextSibling;
        else bar.insertBefore(d.el, at);
      }
      const hasAnnotationUi = next.toolbar !== null || next.notice !== null || next.markers.length > 0;
      if (hasAnnotationUi) {
        render(<AnnotationOverlay state={next} actions={actions} />, annotationSlot);
        annotationsMounted = true;
      } else if (annotationsMounted) {
        render(null, annotationSlot);
        annotationsMounted = false;
      }
      for (const [key, d] of drawn) {
        if (seen.has(key)) continue;
        d.el.remove();
        drawn.delete(key);
      }
      setTabStop(tabKey);
      if (skip) {
        const count = reachable().length;
        skip.hidden = count === 0;
        const label = t('layerSkip', count);
        if (skip.textContent !== label) skip.textContent = label;
      }
      if (openKey !== null || cardMounted) drawCard();
    },
    dispose() {
      watchWindow(false);
      if (cardMounted) render(null, cardSlot);
      cardMounted = false;
      if (annotationsMounted) render(null, annotationSlot);
      annotationsMounted = false;
      drawn.clear();
      container.remove();
      skip?.parentElement?.remove();
    },
  };
}
