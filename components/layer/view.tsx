/**
 * The overlay view: everything inside the host's shadow root, the badges and the one open card.
 *
 * The layer (`lib/layer/controller.ts`) computes the badges' positions and calls `render` on every
 * layout. Badges are plain buttons (`Badge.tsx`), kept by key and updated only where they changed;
 * the open card is a Preact tree (`Overlay.tsx`) mounted only while it is open. This view keeps
 * which card is open, moves focus into it, and back to its badge when it closes (Escape, the close
 * button, or the badge again). A click elsewhere on the page closes the card without taking focus.
 */
import { render } from 'preact';
import type { BadgeView, OverlayActions, OverlayState, OverlayView } from '../../lib/layer/controller.ts';
import { createBadge, updateBadge } from './Badge.tsx';
import { AnnotationOverlay } from './Annotations.tsx';
import { OpenCard } from './Overlay.tsx';

interface Drawn {
  el: HTMLButtonElement;
  view: BadgeView;
  expanded: boolean;
}

export function createOverlayView(
  shadow: ShadowRoot,
  host: HTMLElement,
  actions: OverlayActions,
): OverlayView {
  const doc = shadow.ownerDocument;
  const container = doc.createElement('div');
  container.className = 'mount';
  const root = doc.createElement('div');
  root.className = 'root';
  const cardSlot = doc.createElement('div');
  root.appendChild(cardSlot);
  // The reader's annotations (toolbar, markers, messages): rendered only while there is something.
  const annotationSlot = doc.createElement('div');
  root.appendChild(annotationSlot);
  let annotationsMounted = false;
  container.appendChild(root);
  shadow.appendChild(container);

  const drawn = new Map<string, Drawn>();
  const keyOf = new WeakMap<Element, string>();
  let state: OverlayState | null = null;
  let openKey: string | null = null;
  let activeKey: string | null = null;
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

  const badgeKey = (target: EventTarget | null): string | undefined => {
    const el = target as Element | null;
    return el && typeof el === 'object' ? keyOf.get(el) : undefined;
  };

  root.addEventListener('click', (e) => {
    const key = badgeKey(e.target);
    if (key !== undefined) toggle(key);
  });
  root.addEventListener('keydown', (e) => {
    // Keys typed in the overlay are ours: the page's shortcuts must not see them.
    e.stopPropagation();
    const key = badgeKey(e.target);
    if (key !== undefined && e.key === 'Escape' && key === openKey) {
      e.preventDefault();
      close(true);
    }
  });
  root.addEventListener('keyup', (e) => e.stopPropagation());
  root.addEventListener('keypress', (e) => e.stopPropagation());

  return {
    render(next: OverlayState) {
      state = next;
      const seen = new Set<string>();
      // Badges in order, before the card slot; a badge already in place is not moved.
      let at: ChildNode | null = root.firstChild;
      for (const b of next.badges) {
        if (seen.has(b.key)) continue;
        seen.add(b.key);
        const expanded = b.key === openKey;
        let d = drawn.get(b.key);
        if (!d) {
          const el = createBadge(doc);
          keyOf.set(el, b.key);
          updateBadge(el, null, false, b, expanded);
          d = { el, view: b, expanded };
          drawn.set(b.key, d);
        } else {
          updateBadge(d.el, d.view, d.expanded, b, expanded);
          d.view = b;
          d.expanded = expanded;
        }
        if (d.el === at) at = at.nextSibling;
        else root.insertBefore(d.el, at);
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
    },
  };
}
