/**
 * One badge: a small button next to a recognised measure. Matched badges carry the measure id in
 * `data-policylens-measure`; the lighter badge of a block that is not in the corpus carries
 * `unmatched`. They are real buttons, so they are keyboard reachable and announce their label.
 */
import type { Ref } from 'preact';
import type { BadgeView } from '../../lib/layer/controller.ts';
import { t } from '../../lib/i18n.ts';

export interface BadgeProps {
  badge: BadgeView;
  expanded: boolean;
  buttonRef: Ref<HTMLButtonElement>;
  onToggle(): void;
  onEscape(): void;
}

/** The accessible name of a badge. */
export function badgeLabel(badge: Pick<BadgeView, 'card'>): string {
  return badge.card ? t('badgeMatched', badge.card.number) : t('badgeUnmatched');
}

export function Badge({ badge, expanded, buttonRef, onToggle, onEscape }: BadgeProps) {
  const matched = badge.kind === 'matched';
  return (
    <button
      ref={buttonRef}
      type="button"
      class={matched ? 'badge matched' : 'badge unmatched'}
      data-policylens-measure={matched && badge.measureId !== null ? badge.measureId : 'unmatched'}
      aria-label={badgeLabel(badge)}
      title={badgeLabel(badge)}
      aria-haspopup="dialog"
      aria-expanded={expanded}
      hidden={badge.hidden}
      style={{ left: `${badge.x}px`, top: `${badge.y}px` }}
      onClick={onToggle}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && expanded) {
          e.preventDefault();
          e.stopPropagation();
          onEscape();
        }
      }}
    >
      {matched ? '政' : '?'}
    </button>
  );
}
