/**
 * One annotation in "This page": its quote, and everything the reader edits (colour as a named
 * radio group, status, tags with suggestions, the note as Markdown with a rendered preview), "Show
 * on page", "Delete" (undone from the toast or with Ctrl/Cmd+Z), and for an orphan, "Re-attach".
 *
 * Each write is one store call, answered by a `WriteResult`. A failure is shown next to the control
 * the reader used, with Retry, and nothing the reader typed is dropped: the chosen colour or status
 * stays selected, the typed tag stays in its field, and the note stays in its editor (and in the
 * panel's drafts, which outlive the panel, until the note is saved or discarded).
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  COLOURS,
  STATUSES,
  type Annotation,
  type ColourId,
  type Status,
} from '../../lib/annotation/model.ts';
import { pageKeys, samePage } from '../../lib/annotation/page-url.ts';
import { t, type MessageKey } from '../../lib/i18n.ts';
import type { WriteResult } from '../../lib/messaging.ts';
import { NoteDrafts } from '../../lib/panel/drafts.ts';
import type { PanelEnv } from '../../lib/panel/env.ts';
import { excerpt, type PageEntry } from '../../lib/panel/page-list.ts';
import { addTags, removeTag, tagSuggestions } from '../../lib/panel/tags.ts';
import type { AnnotationPatch } from '../../lib/store/validate.ts';
import { colourName } from '../layer/Annotations.tsx';
import { ErrorNote, NoteView, Quoted, type FailedWrite } from './parts.tsx';

/** The UI name of a status. */
export function statusName(s: Status): string {
  const key: Record<Status, MessageKey> = {
    none: 'statusNone',
    relevant: 'statusRelevant',
    todo: 'statusTodo',
    done: 'statusDone',
  };
  return t(key[s]);
}

/** The controls a failure can belong to. */
type Control = 'colour' | 'status' | 'tags' | 'note' | 'reveal' | 'delete' | 'reattach';

export interface AnnotationItemProps {
  entry: PageEntry;
  env: PanelEnv;
  /** The tab the panel shows (null: none). */
  tabId: number | null;
  /** Every tag with its count, for suggestions. */
  allTags: ReadonlyArray<{ tag: string; count: number }>;
  /** Open the note editor and move focus there (the reader clicked this annotation's marker). */
  focus: boolean;
  onFocused: () => void;
  /** The annotation was deleted: offer undo. */
  onDeleted: (record: Annotation) => void;
}

export function AnnotationItem({
  entry,
  env,
  tabId,
  allTags,
  focus,
  onFocused,
  onDeleted,
}: AnnotationItemProps) {
  const a = entry.annotation;
  const orphan = entry.status === 'orphan';
  const uid = useId();
  const [failures, setFailures] = useState<Partial<Record<Control, FailedWrite>>>({});
  const [busy, setBusy] = useState<Control | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [colour, setColour] = useState<ColourId | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [tagText, setTagText] = useState('');
  const stored = env.drafts.get(a.id);
  const [editing, setEditing] = useState(() => NoteDrafts.pending(stored, a.note));
  const [draft, setDraftState] = useState(() => (NoteDrafts.pending(stored, a.note) ? stored.text : a.note));
  const draftRef = useRef(draft);
  const articleRef = useRef<HTMLElement>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const tagInputRef = useRef<HTMLInputElement>(null);
  const [moveFocus, setMoveFocus] = useState<'editor' | 'edit-button' | null>(null);

  // A draft equal to the stored note was saved (here or in another panel): forget it.
  useEffect(() => {
    if (stored && !NoteDrafts.pending(stored, a.note)) env.drafts.clear(a.id);
  }, [a.note]);

  const fail = (control: Control, f: FailedWrite | null): void =>
    setFailures((all) => {
      const next = { ...all };
      if (f) next[control] = f;
      else delete next[control];
      return next;
    });

  /** One update; the failure (with a retry of the same action) goes next to `control`. */
  const write = async (
    control: Control,
    patch: AnnotationPatch,
    again: () => void,
  ): Promise<WriteResult<{ annotation: Annotation }>> => {
    setBusy(control);
    fail(control, null);
    let r: WriteResult<{ annotation: Annotation }>;
    try {
      r = await env.annotations.update(a.id, patch);
    } catch (e) {
      r = { ok: false, error: 'unknown', message: e instanceof Error ? e.message : String(e) };
    }
    setBusy(null);
    if (!r.ok) fail(control, { error: r.error, message: r.message, retry: again });
    return r;
  };

  const chooseColour = (c: ColourId): void => {
    setColour(c);
    void write('colour', { colour: c }, () => chooseColour(c)).then((r) => r.ok && setColour(null));
  };

  const chooseStatus = (s: Status): void => {
    setStatus(s);
    void write('status', { status: s }, () => chooseStatus(s)).then((r) => r.ok && setStatus(null));
  };

  const addTyped = (): void => {
    const typed = tagInputRef.current?.value ?? tagText;
    const next = addTags(a.tags, typed);
    if (next.length === a.tags.length && next.every((x, i) => x === a.tags[i])) {
      setTagText('');
      return;
    }
    void write('tags', { tags: next }, addTyped).then((r) => r.ok && setTagText(''));
  };

  const dropTag = (tag: string): void => {
    void write('tags', { tags: removeTag(a.tags, tag) }, () => dropTag(tag)).then(
      (r) => r.ok && tagInputRef.current?.focus(),
    );
  };

  const setDraft = (text: string): void => {
    draftRef.current = text;
    setDraftState(text);
    env.drafts.set(a.id, text, a.note);
  };

  const openEditor = (): void => {
    const d = env.drafts.get(a.id);
    const text = NoteDrafts.pending(d, a.note) ? d.text : a.note;
    draftRef.current = text;
    setDraftState(text);
    setEditing(true);
    setMoveFocus('editor');
  };

  const closeEditor = (): void => {
    // The draft stays in the drafts until saved or discarded: closing loses nothing.
    setEditing(false);
    setMoveFocus('edit-button');
  };

  const discard = (): void => {
    env.drafts.clear(a.id);
    draftRef.current = a.note;
    setDraftState(a.note);
    fail('note', null);
    closeEditor();
  };

  const saveNote = (): void => {
    const text = draftRef.current;
    void write('note', { note: text }, saveNote).then((r) => {
      if (!r.ok) return;
      env.drafts.clear(a.id);
      closeEditor();
    });
  };

  const reveal = async (): Promise<void> => {
    fail('reveal', null);
    if (tabId === null) return;
    try {
      const r = await env.toTab(tabId, 'reveal', { annotationId: a.id, measureId: null });
      if (!r.ok) fail('reveal', { error: 'not-shown', message: '', retry: null });
    } catch {
      fail('reveal', { error: 'no-page', message: '', retry: () => void reveal() });
    }
  };

  const remove = async (): Promise<void> => {
    setBusy('delete');
    fail('delete', null);
    const r = await env.annotations
      .delete(a.id)
      .catch((e: unknown): WriteResult<{ annotation: Annotation }> => ({
        ok: false,
        error: 'unknown',
        message: String(e),
      }));
    setBusy(null);
    if (r.ok) onDeleted(r.annotation);
    else fail('delete', { error: r.error, message: r.message, retry: () => void remove() });
  };

  const reattach = async (): Promise<void> => {
    fail('reattach', null);
    setInfo(null);
    if (tabId === null) return;
    let captured;
    try {
      captured = await env.toTab(tabId, 'capture-selection', {});
    } catch {
      fail('reattach', { error: 'no-page', message: '', retry: () => void reattach() });
      return;
    }
    if (!captured.ok) {
      fail('reattach', { error: captured.error, message: '', retry: () => void reattach() });
      return;
    }
    const p = captured.passage;
    if (!samePage(pageKeys(p.page), a.keys)) {
      fail('reattach', { error: 'other-page', message: '', retry: null });
      return;
    }
    const r = await write(
      'reattach',
      { anchor: { quote: p.quote, position: p.position, measureId: p.measureId } },
      () => void reattach(),
    );
    if (r.ok) setInfo(t('reattachDone'));
  };

  // A marker's click in the page: open this note's editor and put focus there.
  useEffect(() => {
    if (!focus) return;
    if (!editing) openEditor();
    else setMoveFocus('editor');
    onFocused();
  }, [focus]);

  // Focus moves once the element it goes to is rendered: a layout effect, not an animation frame
  // (a panel in a background tab gets no frames, and the reader may be typing already).
  useLayoutEffect(() => {
    if (moveFocus === 'editor') {
      const el = textareaRef.current;
      if (!el) return;
      articleRef.current?.scrollIntoView?.({ block: 'nearest' });
      el.focus();
      // Caret at the end: the reader opened the editor to write.
      el.setSelectionRange(el.value.length, el.value.length);
    } else if (moveFocus === 'edit-button') {
      editButtonRef.current?.focus();
    }
    setMoveFocus(null);
  }, [moveFocus, editing]);

  const shownColour = colour ?? a.colour;
  const shownStatus = status ?? a.status;
  const swatch = COLOURS.find((c) => c.id === a.colour)?.swatch ?? 'transparent';
  const suggestions = tagSuggestions(allTags, a.tags);
  const pendingDraft = !editing && NoteDrafts.pending(env.drafts.get(a.id), a.note);
  const ids = {
    quote: `${uid}-quote`,
    status: `${uid}-status`,
    tag: `${uid}-tag`,
    tags: `${uid}-tags`,
    note: `${uid}-note`,
    help: `${uid}-help`,
  };

  return (
    <article
      class={`annotation${orphan ? ' orphan' : ''}`}
      ref={articleRef}
      tabIndex={-1}
      aria-labelledby={ids.quote}
      data-testid="annotation"
      data-annotation-id={a.id}
      data-state={entry.status}
    >
      <blockquote class="quote" id={ids.quote} style={{ borderInlineStartColor: swatch }}>
        <Quoted text={excerpt(a.quote.exact, orphan ? 400 : 160)} testid="annotation-quote" />
      </blockquote>
      {entry.status === 'pending' ? <p class="hint">{t('annotationPending')}</p> : null}
      {entry.method === 'fuzzy' ? <p class="hint">{t('annotationFuzzy')}</p> : null}

      <fieldset class="colours" data-testid="colour-group">
        <legend>{t('panelColour')}</legend>
        <div class="colour-options">
          {COLOURS.map((c) => (
            <label key={c.id} class="colour-option">
              <input
                type="radio"
                name={`${uid}-colour`}
                value={c.id}
                data-colour={c.id}
                checked={shownColour === c.id}
                style={{ background: c.swatch }}
                onChange={() => chooseColour(c.id)}
              />
              <span>{colourName(c.id)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorNote failure={failures.colour} testid="colour-error" />

      <div class="field">
        <label for={ids.status}>{t('panelStatus')}</label>
        <select
          id={ids.status}
          data-testid="status"
          value={shownStatus}
          onChange={(e) => chooseStatus((e.currentTarget as HTMLSelectElement).value as Status)}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusName(s)}
            </option>
          ))}
        </select>
      </div>
      <ErrorNote failure={failures.status} testid="status-error" />

      <div class="tags" role="group" aria-labelledby={ids.tags}>
        <span class="label" id={ids.tags}>
          {t('panelTags')}
        </span>
        <ul class="tag-list" data-testid="tags">
          {a.tags.map((tag) => (
            <li key={tag} class="tag" data-testid="tag">
              <Quoted text={tag} />
              <button
                type="button"
                class="tag-remove"
                aria-label={t('tagRemove', tag)}
                title={t('tagRemove', tag)}
                onClick={() => dropTag(tag)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <div class="tag-add">
          <input
            ref={tagInputRef}
            id={ids.tag}
            type="text"
            list={`${uid}-suggestions`}
            value={tagText}
            maxLength={200}
            placeholder={t('tagPlaceholder')}
            aria-label={t('tagAdd')}
            data-testid="tag-input"
            onInput={(e) => setTagText((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.isComposing) {
                e.preventDefault();
                addTyped();
              }
            }}
          />
          <datalist id={`${uid}-suggestions`} data-testid="tag-suggestions">
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <button type="button" data-testid="tag-add" disabled={busy === 'tags'} onClick={addTyped}>
            {t('tagAdd')}
          </button>
        </div>
      </div>
      <ErrorNote failure={failures.tags} testid="tags-error" />

      <div class="note">
        {editing ? (
          <div class="note-editor">
            <label for={ids.note}>{t('noteLabel')}</label>
            <textarea
              ref={textareaRef}
              id={ids.note}
              data-testid="note-input"
              rows={5}
              value={draft}
              aria-describedby={ids.help}
              onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)}
              onKeyDown={(e) => {
                if (e.isComposing) return;
                if (e.key === 'Escape') {
                  e.preventDefault();
                  e.stopPropagation();
                  closeEditor();
                } else if (e.key === 'Enter' && (env.isMac ? e.metaKey : e.ctrlKey)) {
                  e.preventDefault();
                  e.stopPropagation();
                  saveNote();
                }
              }}
            />
            <p class="hint" id={ids.help}>
              {t('noteHelp', env.isMac ? '⌘+Enter' : 'Ctrl+Enter')}
            </p>
            <NoteView source={draft} testid="note-preview" label={t('notePreview')} />
            <div class="actions">
              <button
                type="button"
                class="primary"
                data-testid="note-save"
                disabled={busy === 'note'}
                onClick={saveNote}
              >
                {t('noteSave')}
              </button>
              <button type="button" data-testid="note-close" onClick={closeEditor}>
                {t('noteClose')}
              </button>
              {draft !== a.note ? (
                <button type="button" data-testid="note-discard" onClick={discard}>
                  {t('noteDiscard')}
                </button>
              ) : null}
            </div>
            <ErrorNote failure={failures.note} testid="note-error" />
          </div>
        ) : (
          <>
            {a.note.trim() !== '' ? <NoteView source={a.note} testid="note" /> : null}
            {pendingDraft ? (
              <p class="hint draft" data-testid="note-draft">
                {t('noteDraftKept')}
              </p>
            ) : null}
            <button type="button" ref={editButtonRef} data-testid="note-edit" onClick={openEditor}>
              {a.note.trim() === '' && !pendingDraft ? t('noteAdd') : t('noteEdit')}
            </button>
          </>
        )}
      </div>

      {orphan ? (
        <div class="reattach">
          <p class="hint">{t('reattachHelp')}</p>
          <button
            type="button"
            data-testid="reattach"
            disabled={busy === 'reattach'}
            onClick={() => void reattach()}
          >
            {t('reattach')}
          </button>
          <ErrorNote failure={failures.reattach} testid="reattach-error" />
        </div>
      ) : null}
      {info ? (
        <p class="info" role="status">
          {info}
        </p>
      ) : null}

      <div class="actions">
        {!orphan ? (
          <button type="button" data-testid="reveal" onClick={() => void reveal()}>
            {t('revealAnnotation')}
          </button>
        ) : null}
        <button
          type="button"
          class="danger"
          data-testid="delete"
          disabled={busy === 'delete'}
          onClick={() => void remove()}
        >
          {t('deleteAnnotation')}
        </button>
      </div>
      <ErrorNote failure={failures.reveal} testid="reveal-error" />
      <ErrorNote failure={failures.delete} testid="delete-error" />
    </article>
  );
}
