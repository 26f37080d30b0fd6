/**
 * One badge: a small button next to a recognised measure. Matched badges carry the measure id in
 * `data-policylens-measure`; the lighter badge of a block that is not in the corpus carries
 * `unmatched`. They are real buttons, so they announce their name and open their card with Enter;
 * the overlay makes them one Tab stop (see `view.tsx`).
 *
 * The name is the button's own text, in visually hidden spans: the UI words in the UI language and
 * the measure's number as printed (`(十三)`) marked with the page's script, so that neither is read
 * in the other's language (an `aria-label` is one string in one language). The visible 政 (or ?)
 * is a mark, hidden from assistive technology.
 *
 * Badges are plain DOM, not components: a page has dozens of them and they are drawn on the
 * critical path (before the cards are "ready"), so they are created once and afterwards only the
 * attributes that changed are written. Their clicks and keys are handled by the overlay, on its root.
 */
import type { BadgeView } from '../../lib/layer/controller.ts';
import { t } from '../../lib/i18n.ts';

/** Stands for the number in `badgeMatched` while the message is split around it. */
const SLOT = '\uE000';

/** The accessible name of a badge, as one string (for tests and logs). */
export function badgeLabel(badge: Pick<BadgeView, 'card'>): string {
  return badge.card ? t('badgeMatched', badge.card.number) : t('badgeUnmatched');
}

/** A badge button with the parts that never change: the mark, then the name's three spans. */
export function createBadge(doc: Document): HTMLButtonElement {
  const el = doc.createElement('button');
  el.setAttribute('type', 'button');
  el.setAttribute('aria-haspopup', 'dialog');
  const glyph = doc.createElement('span');
  glyph.className = 'glyph';
  glyph.setAttribute('aria-hidden', 'true');
  el.appendChild(glyph);
  for (let i = 0; i < 3; i++) {
    const part = doc.createElement('span');
    part.className = 'sr-only';
    el.appendChild(part);
  }
  return el;
}

/**
 * Writes what differs between `prev` (what `el` shows now; null for a new button) and `next`.
 * `lang` is the page's script as a language tag (`zh-Hans`), for the number.
 */
export function updateBadge(
  el: HTMLButtonElement,
  prev: BadgeView | null,
  prevExpanded: boolean,
  next: BadgeView,
  expanded: boolean,
  lang = 'zh-Hans',
): void {
  const matched = next.kind === 'matched';
  const [glyph, before, number, after] = Array.from(el.children) as HTMLElement[];
  if (!prev || prev.kind !== next.kind) {
    el.className = matched ? 'badge matched' : 'badge unmatched';
    if (glyph) glyph.textContent = matched ? '政' : '?';
  }
  if (!prev || prev.kind !== next.kind || prev.measureId !== next.measureId) {
    el.setAttribute(
      'data-policylens-measure',
      matched && next.measureId !== null ? next.measureId : 'unmatched',
    );
  }
  if (!prev || prev.card !== next.card || number?.getAttribute('lang') !== lang) {
    // The UI words around the number, in the order the UI language puts them.
    const [head = '', tail = ''] = next.card ? t('badgeMatched', SLOT).split(SLOT) : [t('badgeUnmatched')];
    if (before) before.textContent = head;
    if (after) after.textContent = tail;
    if (number) {
      number.textContent = next.card ? next.card.number : '';
      number.setAttribute('lang', lang);
    }
  }
  if (!prev || prevExpanded !== expanded) el.setAttribute('aria-expanded', String(expanded));
  if (!prev || prev.hidden !== next.hidden) el.hidden = next.hidden;
  if (!prev || prev.x !== next.x) el.style.left = `${next.x}px`;
  if (!prev || prev.y !== next.y) el.style.top = `${next.y}px`;
}
