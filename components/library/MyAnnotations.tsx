/**
 * The reader's annotations of one measure, as the measure view and the document view list them:
 * colour, quote, note (Markdown through markdown-it and DOMPurify), tags, status, the page, and a
 * button that opens the page at the passage (the tab that shows it, or a new one; the passage is
 * flashed once the page has anchored it), saying what happened when it could not.
 */
import { useState } from 'preact/hooks';
import { COLOURS, type Annotation } from '../../lib/annotation/model.ts';
import { t } from '../../lib/i18n.ts';
import type { LibraryEnv } from '../../lib/library/env.ts';
import { colourName } from '../layer/Annotations.tsx';
import { statusName } from '../sidepanel/AnnotationItem.tsx';
import { NoteView, Quoted } from '../sidepanel/parts.tsx';

/** Opens an annotation's page at its passage; resolves with the text to show, or null when shown. */
export async function openAtPassage(env: LibraryEnv, a: Annotation): Promise<string | null> {
  try {
    const page = await env.openPage(a);
    if (!page.ok) return t('openNotWeb');
    const outcome = await env.revealInTab(page.tabId, a.id);
    if (outcome === 'revealed') return null;
    return t(outcome === 'orphan' ? 'openOrphan' : 'openTimeout');
  } catch (e) {
    return t('openFailed', e instanceof Error ? e.message : String(e));
  }
}

export function MyAnnotation({ env, a }: { env: LibraryEnv; a: Annotation }) {
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const open = async (): Promise<void> => {
    setStatus({ text: t('openOpening'), error: false });
    const outcome = await openAtPassage(env, a);
    setStatus(outcome === null ? null : { text: outcome, error: true });
  };
  return (
    <li class="my-annotation" data-testid="my-annotation" data-annotation-id={a.id} data-colour={a.colour}>
      <span
        class="swatch"
        role="img"
        aria-label={colourName(a.colour)}
        title={colourName(a.colour)}
        style={{ background: COLOURS.find((c) => c.id === a.colour)?.swatch }}
      />
      <blockquote class="my-quote">
        <Quoted text={a.quote.exact} />
      </blockquote>
      {a.note.trim() !== '' ? <NoteView source={a.note} testid="my-note" /> : null}
      <p class="my-meta">
        {a.status !== 'none' ? <span class="my-status">{statusName(a.status)}</span> : null}
        {a.tags.map((tag) => (
          <Quoted key={tag} text={tag} class="tag" />
        ))}
        <Quoted text={a.page.title || a.page.url} class="my-page" />
      </p>
      <button type="button" class="link-button" data-testid="open-passage" onClick={() => void open()}>
        {t('libraryOpenPassage')}
      </button>
      {status ? (
        <p
          class={status.error ? 'error' : 'hint'}
          role={status.error ? 'alert' : 'status'}
          data-testid="open-status"
        >
          {status.text}
        </p>
      ) : null}
    </li>
  );
}

/** Annotations listed at first; the rest on request (each note is rendered from Markdown). */
export const FIRST_SHOWN = 50;

export function MyAnnotations({ env, items }: { env: LibraryEnv; items: readonly Annotation[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, FIRST_SHOWN);
  return (
    <>
      <ul class="my-annotations">
        {shown.map((a) => (
          <MyAnnotation key={a.id} env={env} a={a} />
        ))}
      </ul>
      {shown.length < items.length ? (
        <button type="button" class="link-button" data-testid="show-all-mine" onClick={() => setAll(true)}>
          {t('libraryShowAll', items.length)}
        </button>
      ) : null}
    </>
  );
}
