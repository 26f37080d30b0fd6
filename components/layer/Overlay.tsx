/**
 * The open card of the overlay (Preact). The view (`view.tsx`) mounts it only while a card is
 * open: badges are plain DOM, so the first render of a page runs no component code at all.
 */
import type { OverlayActions, OverlayState, BadgeView } from '../../lib/layer/controller.ts';
import { cardPosition } from '../../lib/layer/position.ts';
import { CardShell } from '../card/CardShell.tsx';
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
  const at = cardPosition(open, { width: state.viewportWidth }, state.origin, CARD_WIDTH);
  return (
    <CardShell cardKey={open.measureId ?? 'unmatched'} titleId={TITLE_ID} x={at.x} y={at.y} onClose={onClose}>
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
        </div>
      )}
    </CardShell>
  );
}
