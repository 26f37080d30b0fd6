/**
 * The open card of the overlay (Preact). The view (`view.tsx`) mounts it only while a card is
 * open: badges are plain DOM, so the first render of a page runs no component code at all.
 *
 * Placement (`placeCard` in lib/layer/position.ts): beside or below the measure, never over its
 * text, always inside the viewport so that opening it never scrolls the page. The card's height
 * is only known once it is drawn: the first draw assumes the tallest card, a layout effect reads
 * the real height before the browser paints, and the card is placed again with it.
 */
import { useState } from 'preact/hooks';
import type { OverlayActions, OverlayState, BadgeView } from '../../lib/layer/controller.ts';
import { BADGE_SIZE, placeCard, type RectLike } from '../../lib/layer/position.ts';
import { CardShell } from '../card/CardShell.tsx';
import { CopyCitation } from '../card/CopyCitation.tsx';
import { MeasureCard } from '../card/MeasureCard.tsx';
import { UnmatchedCard } from '../card/UnmatchedCard.tsx';
import { t } from '../../lib/i18n.ts';
import { CARD_WIDTH } from './styles.ts';

export interface OpenCardProps {
  /** The badge whose card is open. */
  open: BadgeView;
  state: OverlayState;
  actions: OverlayActions;
  onClose(): void;
}

const TITLE_ID = 'policylens-card-title';

export function OpenCard({ open, state, actions, onClose }: OpenCardProps) {
  const [height, setHeight] = useState<number | null>(null);
  // Without a measured box (not rendered, or a test without layout) the badge stands for the
  // measure, and the last layout's origin for the viewport.
  const badge: RectLike = { left: open.x, top: open.y, width: BADGE_SIZE, height: BADGE_SIZE };
  const box = actions.anchorBox(open.key) ?? {
    measure: badge,
    firstLine: badge,
    viewport: {
      left: -state.origin.x,
      top: -state.origin.y,
      width: state.viewportWidth,
      height: state.viewportHeight,
    },
  };
  const at = placeCard(box.measure, box.firstLine, box.viewport, {
    width: CARD_WIDTH,
    height: height ?? state.viewportHeight,
  });
  return (
    <CardShell
      cardKey={open.measureId ?? 'unmatched'}
      titleId={TITLE_ID}
      x={at.x}
      y={at.y}
      width={at.width}
      maxHeight={at.maxHeight}
      side={at.side}
      onHeight={(h) => {
        if (height === null || Math.abs(h - height) > 1) setHeight(h);
      }}
      onClose={onClose}
    >
      {open.card ? (
        <MeasureCard
          card={open.card}
          script={state.script}
          score={open.score}
          titleId={TITLE_ID}
          onOpenRelated={(id) => actions.openLibrary(id)}
        />
      ) : (
        <UnmatchedCard
          excerpt={open.excerpt}
          related={open.related}
          script={state.script}
          titleId={TITLE_ID}
          onOpenRelated={(id) => actions.openLibrary(id)}
        />
      )}
      {open.card && (
        <div class="card-actions">
          <button
            type="button"
            class="card-action"
            data-action="annotate-measure"
            onClick={(e) => {
              if (!e.isTrusted || !open.card) return;
              actions.annotateMeasure(open.card.id);
            }}
          >
            {t('cardAnnotateMeasure')}
          </button>
          <CopyCitation key={open.card.id} card={open.card} />
        </div>
      )}
    </CardShell>
  );
}
