/**
 * One badge: a small button next to a recognised measure. Matched badges carry the measure id in
 * `data-policylens-measure`; the lighter badge of a block that is not in the corpus carries
 * `unmatched`. They are real buttons, so they are keyboard reachable and announce their label.
 *
 * Badges are plain DOM, not components: a page has dozens of them and they are drawn on the
 * critical path (before the cards are "ready"), so they are created once and afterwards only the
 * attributes that changed are written. Their clicks and keys are handled by the overlay, on its root.
 */
import type { BadgeView } from '../../lib/layer/controller.ts';
import { t } from '../../lib/i18n.ts';

/** The accessible name of a badge. */
export function badgeLabel(badge: Pick<BadgeView, 'card'>): string {
  return badge.card ? t('badgeMatched', badge.card.number) : t('badgeUnmatched');
}

/** A badge button with the attributes that never change. */
export function createBadge(doc: Document): HTMLButtonElement {
  const el = doc.createElement('button');
  el.setAttribute('type', 'button');
  el.setAttribute('aria-haspopup', 'dialog');
  return el;
}

/**
 * Writes what differs between `prev` (what `el` shows now; null for a new button) and `next`.
 */
export function updateBadge(
  el: HTMLButtonElement,
  prev: BadgeView | null,
  prevExpanded: boolean,
  next: BadgeView,
  expanded: boolean,
): void {
  const matched = next.kind === 'matched';
  if (!prev || prev.kind !== next.kind) {
    el.className = matched ? 'badge matched' : 'badge unmatched';
    el.textContent = matched ? '政' : '?';
  }
  if (!prev || prev.kind !== next.kind || prev.measureId !== next.measureId) {
    el.setAttribute(
      'data-policylens-measure',
      matched && next.measureId !== null ? next.measureId : 'unmatched',
    );
  }
  if (!prev || prev.card !== next.card) {
    const label = badgeLabel(next);
    el.setAttribute('aria-label', label);
    el.setAttribute('title', label);
  }
  if (!prev || prevExpanded !== expanded) el.setAttribute('aria-expanded', String(expanded));
  if (!prev || prev.hidden !== next.hidden) el.hidden = next.hidden;
  if (!prev || prev.x !== next.x) el.style.left = `${next.x}px`;
  if (!prev || prev.y !== next.y) el.style.top = `${next.y}px`;
}
