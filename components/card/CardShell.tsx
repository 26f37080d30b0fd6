/**
 * The frame of every card: a dialog with the product name, a close button and the body. Focus
 * moves into it when it opens, without scrolling the page (the card is placed inside the viewport
 * already), and stays in it until it closes: Tab and Shift+Tab go round the card's own controls
 * (focus-trap, which finds them through our shadow root), where the browser would go on to the
 * page's top. Escape or the close button closes it, and the overlay then returns focus to the
 * badge. The trap only moves focus: it never marks the page inert (`isolateSubtrees` would write
 * to the page's DOM), and a click outside still reaches the page, which closes the card (see
 * `view.tsx`). Its content height is reported after each draw, before paint, so the overlay can
 * place it again (see `Overlay.tsx`).
 */
import { createFocusTrap } from 'focus-trap';
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';

export interface CardShellProps {
  /** The badge key (the measure id, or `unmatched`): the `data-policylens-card` value. */
  cardKey: string;
  /** Id of the element that titles the card. */
  titleId: string;
  x: number;
  y: number;
  width: number;
  /** Beyond this the card scrolls inside itself. */
  maxHeight: number;
  /** Where it sits relative to its measure (`placeCard`), for tests and styles. */
  side: string;
  /** The card's full content height, reported after each draw. */
  onHeight?(height: number): void;
  onClose(): void;
  children: ComponentChildren;
}

export function CardShell({
  cardKey,
  titleId,
  x,
  y,
  width,
  maxHeight,
  side,
  onHeight,
  onClose,
  children,
}: CardShellProps) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, [cardKey]);
  useEffect(() => {
    const el = ref.current;
    // Which controls can take focus is a question of layout: a DOM without it (linkedom) has none.
    if (!el || typeof el.ownerDocument.defaultView?.getComputedStyle !== 'function') return;
    const trap = createFocusTrap(el, {
      document: el.ownerDocument,
      // Focus is placed above (the card itself) and given back by the overlay (its badge).
      initialFocus: false,
      fallbackFocus: el,
      returnFocusOnDeactivate: false,
      // Escape and clicks outside are the overlay's: it closes the card, which ends the trap.
      escapeDeactivates: false,
      clickOutsideDeactivates: false,
      allowOutsideClick: true,
      preventScroll: true,
      delayInitialFocus: false,
    });
    try {
      trap.activate();
    } catch (e) {
      // A card with nothing to focus (never: it has its close button); it still closes with Escape.
      console.debug('PolicyLens: no focus trap for the card', e);
      return;
    }
    return () => {
      trap.deactivate({ returnFocus: false });
    };
  }, []);
  useLayoutEffect(() => {
    const el = ref.current;
    // scrollHeight is the content's full height even while max-height clips it (plus the border).
    if (el && onHeight) onHeight(el.scrollHeight + (el.offsetHeight - el.clientHeight));
  });
  return (
    <section
      ref={ref}
      class="card"
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      data-policylens-card={cardKey}
      data-side={side}
      tabIndex={-1}
      style={{ left: `${x}px`, top: `${y}px`, width: `${width}px`, maxHeight: `${maxHeight}px` }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div class="card-head">
        <span class="card-brand">{t('extName')}</span>
        <button
          type="button"
          class="card-close"
          aria-label={t('cardClose')}
          title={t('cardClose')}
          onClick={onClose}
        >
          ×
        </button>
      </div>
      {children}
    </section>
  );
}
