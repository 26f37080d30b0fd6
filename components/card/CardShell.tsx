/**
 * The frame of every card: a non-modal dialog with the product name, a close button and the body.
 * Focus moves into it when it opens (so a keyboard user lands in it and it scrolls into view);
 * Escape or the close button closes it, and the overlay then returns focus to the badge.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';

export interface CardShellProps {
  /** The badge key (the measure id, or `unmatched`): the `data-policylens-card` value. */
  cardKey: string;
  /** Id of the element that titles the card. */
  titleId: string;
  x: number;
  y: number;
  onClose(): void;
  children: ComponentChildren;
}

export function CardShell({ cardKey, titleId, x, y, onClose, children }: CardShellProps) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [cardKey]);
  return (
    <section
      ref={ref}
      class="card"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      data-policylens-card={cardKey}
      tabIndex={-1}
      style={{ left: `${x}px`, top: `${y}px` }}
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
