/**
 * The frame of every card: a non-modal dialog with the product name, a close button and the body.
 * Focus moves into it when it opens, without scrolling the page (the card is placed inside the
 * viewport already); Escape or the close button closes it, and the overlay then returns focus to
 * the badge. Its content height is reported after each draw, before paint, so the overlay can
 * place it again (see `Overlay.tsx`).
 */
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
      aria-modal="false"
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
