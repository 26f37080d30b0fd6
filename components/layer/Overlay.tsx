/**
 * Everything inside the overlay's shadow root: the badges, and the one open card. The layer
 * (`lib/layer/controller.ts`) computes the badges' positions and re-renders on every layout; this
 * component keeps which card is open, moves focus into it, and back to its badge when it closes
 * (Escape, the close button, or the badge again). A click elsewhere on the page closes the card
 * without taking focus.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OverlayActions, OverlayState } from '../../lib/layer/controller.ts';
import { cardPosition } from '../../lib/layer/position.ts';
import { CardShell } from '../card/CardShell.tsx';
import { MeasureCard } from '../card/MeasureCard.tsx';
import { UnmatchedCard } from '../card/UnmatchedCard.tsx';
import { Badge } from './Badge.tsx';
import { CARD_WIDTH } from './styles.ts';

export interface OverlayProps {
  state: OverlayState;
  actions: OverlayActions;
  /** The host element (to tell clicks inside the overlay from clicks on the page). */
  host: HTMLElement;
}

const TITLE_ID = 'policylens-card-title';

export function Overlay({ state, actions, host }: OverlayProps) {
  const [openKey, setOpenKey] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const open = openKey === null ? undefined : state.badges.find((b) => b.key === openKey && !b.hidden);

  // The open badge went away (its text was removed or hidden): the card goes too.
  useEffect(() => {
    if (openKey !== null && !open) setOpenKey(null);
  }, [openKey, open]);

  useEffect(() => {
    actions.setActive(open ? open.key : null);
  }, [open?.key]);

  const close = (restoreFocus: boolean): void => {
    const key = openKey;
    setOpenKey(null);
    if (restoreFocus && key !== null) buttons.current.get(key)?.focus();
  };

  // While a card is open: Escape anywhere closes it; a click outside the overlay closes it.
  useEffect(() => {
    if (openKey === null) return;
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
    return () => {
      win.removeEventListener('keydown', onKey);
      win.removeEventListener('pointerdown', onPointer, true);
    };
  }, [openKey]);

  const cardAt = open ? cardPosition(open, { width: state.viewportWidth }, state.origin, CARD_WIDTH) : null;

  return (
    <div
      class="root"
      // Keys typed in the overlay are ours: the page's shortcuts must not see them.
      onKeyDown={(e) => e.stopPropagation()}
      onKeyUp={(e) => e.stopPropagation()}
      onKeyPress={(e) => e.stopPropagation()}
    >
      {state.badges.map((b) => (
        <Badge
          key={b.key}
          badge={b}
          expanded={b.key === openKey}
          buttonRef={(el: HTMLButtonElement | null) => {
            if (el) buttons.current.set(b.key, el);
            else buttons.current.delete(b.key);
          }}
          onToggle={() => (openKey === b.key ? close(true) : setOpenKey(b.key))}
          onEscape={() => close(true)}
        />
      ))}
      {open && cardAt && (
        <CardShell
          cardKey={open.measureId ?? 'unmatched'}
          titleId={TITLE_ID}
          x={cardAt.x}
          y={cardAt.y}
          onClose={() => close(true)}
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
        </CardShell>
      )}
    </div>
  );
}
