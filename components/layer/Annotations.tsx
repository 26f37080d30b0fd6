/**
 * The reader's side of the overlay: the selection toolbar (one button per highlight colour, and
 * "Note", which also opens the side panel), markers where an annotation has a note, and a message
 * where a save failed. Markers say only that a note exists: the page can read our open shadow root,
 * so no note text is ever rendered here.
 *
 * Every action requires a trusted event: a page script calling `.click()` on our buttons does
 * nothing. The toolbar's buttons keep the page's selection (no focus change on mousedown).
 */
import type { ColourId } from '../../lib/annotation/model.ts';
import { COLOURS } from '../../lib/annotation/model.ts';
import type { MessageKey } from '../../lib/i18n.ts';
import { t } from '../../lib/i18n.ts';
import type { OverlayActions, OverlayState } from '../../lib/layer/controller.ts';

/** The UI name of a colour. */
export function colourName(id: ColourId): string {
  const key: Record<ColourId, MessageKey> = {
    yellow: 'colourYellow',
    green: 'colourGreen',
    blue: 'colourBlue',
    pink: 'colourPink',
    orange: 'colourOrange',
  };
  return t(key[id]);
}

/** The message for a failed write. */
export function saveErrorText(code: string): string {
  switch (code) {
    case 'quota':
      return t('saveFailedQuota');
    case 'closed':
      return t('saveFailedClosed');
    case 'invalid':
      return t('saveFailedInvalid');
    case 'not-found':
      return t('saveFailedNotFound');
    default:
      return t('saveFailedOther');
  }
}

/** Runs `fn` for trusted events only. */
const trusted =
  (fn: () => void) =>
  (e: Event): void => {
    if (!e.isTrusted) return;
    e.preventDefault();
    e.stopPropagation();
    fn();
  };

/** Keeps the page's selection when a toolbar button is pressed. */
const keepSelection = (e: Event): void => e.preventDefault();

export function AnnotationOverlay({ state, actions }: { state: OverlayState; actions: OverlayActions }) {
  const { toolbar, markers, notice } = state;
  return (
    <>
      {toolbar && (
        <div
          class="sel-toolbar"
          role="toolbar"
          aria-label={t('annotateToolbar')}
          data-policylens-toolbar=""
          style={{ left: `${toolbar.x}px`, top: `${toolbar.y}px` }}
        >
          {COLOURS.map((c) => (
            <button
              type="button"
              key={c.id}
              class="swatch"
              data-colour={c.id}
              aria-label={t('annotateIn', colourName(c.id))}
              title={t('annotateIn', colourName(c.id))}
              style={{ background: c.swatch }}
              onMouseDown={keepSelection}
              onClick={trusted(() => actions.annotateSelection(c.id, false))}
            />
          ))}
          <button
            type="button"
            class="note-button"
            data-action="note"
            title={t('annotateWithNote')}
            aria-label={t('annotateWithNote')}
            onMouseDown={keepSelection}
            onClick={trusted(() => actions.annotateSelection(null, true))}
          >
            {t('annotateNoteShort')}
          </button>
        </div>
      )}
      {markers.map((m) =>
        m.hidden ? null : (
          <button
            type="button"
            key={m.id}
            class="marker"
            data-policylens-annotation={m.id}
            data-colour={m.colour}
            aria-label={t('annotationMarker')}
            title={t('annotationMarker')}
            style={{ left: `${m.x}px`, top: `${m.y}px` }}
            onClick={trusted(() => actions.openAnnotation(m.id))}
          />
        ),
      )}
      {notice && (
        <div
          class={`notice ${notice.kind}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-policylens-notice={notice.kind}
          style={{ left: `${notice.x}px`, top: `${notice.y}px` }}
        >
          <span>{notice.kind === 'error' ? saveErrorText(notice.text) : notice.text}</span>
          <button
            type="button"
            class="notice-close"
            aria-label={t('dismiss')}
            onClick={trusted(() => actions.dismissNotice())}
          >
            ×
          </button>
        </div>
      )}
    </>
  );
}
