/**
 * Small pieces the side panel's sections share: a failed write said where the reader acted (with a
 * Retry), Chinese text with its `lang`, a search snippet with its matches marked, a note rendered
 * from Markdown.
 *
 * Everything reaches the DOM as Preact text nodes, except a note, which `showNote` renders through
 * markdown-it and DOMPurify into its container (never an HTML string).
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';
import type { WriteError } from '../../lib/messaging.ts';
import { showNote } from '../../lib/note/render.ts';
import { langOf } from '../../lib/panel/lang.ts';
import { snippetPieces } from '../../lib/panel/snippet.ts';
import { saveErrorText } from '../layer/Annotations.tsx';

/** A failed write, as a control keeps it: why, the store's detail, and how to try again. */
export interface FailedWrite {
  error: WriteError | 'no-page' | 'no-selection' | 'not-text' | 'other-page' | 'not-shown';
  message: string;
  retry: (() => void) | null;
}

/** The reader-facing text of a failure. */
export function failureText(f: FailedWrite): string {
  switch (f.error) {
    case 'no-page':
      return t('panelNoContentScript');
    case 'no-selection':
      return t('reattachNoSelection');
    case 'not-text':
      return t('reattachNotText');
    case 'other-page':
      return t('reattachOtherPage');
    case 'not-shown':
      return t('revealNotShown');
    case 'invalid':
      return t('panelRefused', f.message);
    default:
      return saveErrorText(f.error);
  }
}

/** A failure shown next to the control it belongs to, with Retry when the action can be repeated. */
export function ErrorNote({ failure, testid }: { failure: FailedWrite | null | undefined; testid: string }) {
  if (!failure) return null;
  return (
    <div class="error" role="alert" data-testid={testid} data-error={failure.error}>
      <span>{failureText(failure)}</span>
      {failure.retry ? (
        <button type="button" class="link-button" data-testid={`${testid}-retry`} onClick={failure.retry}>
          {t('panelRetry')}
        </button>
      ) : null}
    </div>
  );
}

/** Text from a page or a record, with the `lang` of its script when it is Chinese. */
export function Quoted({ text, class: cls, testid }: { text: string; class?: string; testid?: string }) {
  return (
    <span class={cls} lang={langOf(text)} data-testid={testid}>
      {text}
    </span>
  );
}

/** A search snippet: its text, with the matched spans in `<mark>`. */
export function Marked({
  text,
  highlights,
  lang,
  cutStart,
  cutEnd,
}: {
  text: string;
  highlights: ReadonlyArray<readonly [number, number]>;
  lang: string | undefined;
  cutStart: boolean;
  cutEnd: boolean;
}) {
  return (
    <span class="snippet" lang={lang} data-testid="snippet">
      {cutStart ? '…' : null}
      {snippetPieces(text, highlights).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : p.text))}
      {cutEnd ? '…' : null}
    </span>
  );
}

/** A note rendered from its Markdown (sanitised), or nothing for an empty note. */
export function NoteView({ source, testid, label }: { source: string; testid: string; label?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (ref.current) showNote(ref.current, source);
  }, [source]);
  return (
    <div
      class="note-view"
      ref={ref}
      data-testid={testid}
      lang={langOf(source)}
      aria-label={label}
      role={label ? 'region' : undefined}
    />
  );
}
