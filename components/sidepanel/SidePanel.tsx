/**
 * The side panel (Chrome `sidePanel`, Firefox `sidebar_action`): three sections as tabs, "This
 * page", "Everything" and "Settings", a toast for deletes with Undo, and the panel's own keys
 * (`lib/panel/keys.ts`): `/` search, Esc, Ctrl/Cmd+Enter save, Ctrl/Cmd+Z undo a delete, arrows on
 * the tab list.
 *
 * Every section stays mounted while hidden, so a half-typed search or note survives switching.
 * Everything that touches the browser comes in through {@link PanelEnv}.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Annotation } from '../../lib/annotation/model.ts';
import { t, type MessageKey } from '../../lib/i18n.ts';
import type { PanelEnv } from '../../lib/panel/env.ts';
import { isTextField, panelAction } from '../../lib/panel/keys.ts';
import { excerpt } from '../../lib/panel/page-list.ts';
import { UndoStack } from '../../lib/panel/undo.ts';
import type { Persistence } from '../../lib/store/persistence.ts';
import { Everything } from './Everything.tsx';
import { ErrorNote, Quoted, type FailedWrite } from './parts.tsx';
import { Settings } from './Settings.tsx';
import { ThisPage } from './ThisPage.tsx';

type Section = 'page' | 'all' | 'settings';

const SECTIONS: ReadonlyArray<{ id: Section; label: MessageKey }> = [
  { id: 'page', label: 'sectionPage' },
  { id: 'all', label: 'sectionAll' },
  { id: 'settings', label: 'sectionSettings' },
];

/** How long the undo toast stays (Ctrl/Cmd+Z keeps working after it has gone). */
export const TOAST_MS = 12_000;

interface Toast {
  record: Annotation;
  failure: FailedWrite | null;
}

export function SidePanel({ env }: { env: PanelEnv }) {
  const [section, setSection] = useState<Section>('page');
  const [toast, setToast] = useState<Toast | null>(null);
  const [restored, setRestored] = useState<{ n: number; id: string | null }>({ n: 0, id: null });
  const [persistence, setPersistence] = useState<Persistence | null>(null);
  const undo = useRef(new UndoStack());
  const searchRef = useRef<HTMLInputElement>(null);
  const toastRef = useRef<HTMLDivElement>(null);
  const undoButtonRef = useRef<HTMLButtonElement>(null);
  const tabRefs = useRef<Partial<Record<Section, HTMLButtonElement | null>>>({});
  const [focusSearch, setFocusSearch] = useState(0);
  const [focusUndo, setFocusUndo] = useState(false);

  // Persistent storage: asked for once by itself (the first time the panel opens), then on request.
  useEffect(() => {
    let alive = true;
    void (async () => {
      let answer = await env.persisted();
      if (answer !== 'granted' && !(await env.persistenceAsked().catch(() => true))) {
        await env.markPersistenceAsked().catch(() => undefined);
        answer = await env.requestPersistence();
      }
      if (alive) setPersistence(answer);
    })().catch(() => alive && setPersistence('unsupported'));
    return () => {
      alive = false;
    };
  }, [env]);

  const askPersistence = (): void => {
    // Called in the click: a browser that prompts needs the gesture.
    env.requestPersistence().then(setPersistence, () => setPersistence('unsupported'));
  };

  const deleted = useCallback((record: Annotation): void => {
    undo.current.push(record);
    setToast({ record, failure: null });
    setFocusUndo(true);
  }, []);

  // Focus goes to Undo once the toast is rendered (its item, which had focus, is gone).
  useLayoutEffect(() => {
    if (!focusUndo) return;
    undoButtonRef.current?.focus();
    setFocusUndo(false);
  }, [focusUndo, toast]);

  const restore = useCallback(
    async (record: Annotation | null): Promise<void> => {
      if (!record) return;
      undo.current.remove(record.id);
      const r = await env.annotations
        .restore(record)
        .catch((e: unknown) => ({ ok: false, error: 'unknown', message: String(e) }) as const);
      if (r.ok) {
        setToast((x) => (x?.record.id === record.id ? null : x));
        setRestored((x) => ({ n: x.n + 1, id: record.id }));
        return;
      }
      // Not back: it can be tried again, from the toast or with the key.
      undo.current.push(record);
      setToast({
        record,
        failure: { error: r.error, message: r.message, retry: () => void restore(record) },
      });
    },
    [env],
  );

  // The toast goes after a while, but not from under the reader's focus (it waits until focus leaves).
  useEffect(() => {
    if (!toast || toast.failure) return;
    let timer: ReturnType<typeof setTimeout>;
    const expire = (): void => {
      if (toastRef.current?.contains(document.activeElement)) timer = setTimeout(expire, 1_000);
      else setToast(null);
    };
    timer = setTimeout(expire, TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  /** Closes the toast; focus that was in it goes back to the section tab rather than to nowhere. */
  const closeToast = (): void => {
    const hadFocus = toastRef.current?.contains(document.activeElement) ?? false;
    setToast(null);
    if (hadFocus) tabRefs.current[section]?.focus();
  };

  useLayoutEffect(() => {
    if (focusSearch > 0) searchRef.current?.focus();
  }, [focusSearch]);

  // The panel's own keys.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const action = panelAction(e, isTextField(document.activeElement), env.isMac);
      if (action === 'search') {
        e.preventDefault();
        setSection('all');
        setFocusSearch((n) => n + 1);
      } else if (action === 'undo') {
        if (undo.current.size === 0) return;
        e.preventDefault();
        void restore(undo.current.peek());
      } else if (action === 'escape' && toast) {
        e.preventDefault();
        closeToast();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [env, toast, restore, section]);

  const onTabKey = (e: KeyboardEvent): void => {
    const i = SECTIONS.findIndex((s) => s.id === section);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % SECTIONS.length;
    else if (e.key === 'ArrowLeft') next = (i + SECTIONS.length - 1) % SECTIONS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = SECTIONS.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const id = SECTIONS[next]?.id ?? 'page';
    setSection(id);
    tabRefs.current[id]?.focus();
  };

  return (
    <div class="panel" data-testid="side-panel">
      <header class="panel-header">
        <h1>{t('extName')}</h1>
        <div role="tablist" aria-label={t('panelSections')} class="sections" onKeyDown={onTabKey}>
          {SECTIONS.map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              id={`tab-${s.id}`}
              ref={(el) => {
                tabRefs.current[s.id] = el;
              }}
              aria-selected={section === s.id}
              aria-controls={`section-${s.id}`}
              tabIndex={section === s.id ? 0 : -1}
              data-testid={`section-${s.id}`}
              onClick={() => setSection(s.id)}
            >
              {t(s.label)}
            </button>
          ))}
        </div>
      </header>

      <main>
        <div role="tabpanel" id="section-page" aria-labelledby="tab-page" hidden={section !== 'page'}>
          <ThisPage
            env={env}
            onDeleted={deleted}
            refreshKey={restored.n}
            restoredId={restored.id}
            onWantFocus={() => setSection('page')}
          />
        </div>
        <div role="tabpanel" id="section-all" aria-labelledby="tab-all" hidden={section !== 'all'}>
          <Everything env={env} visible={section === 'all'} searchRef={searchRef} />
        </div>
        <div
          role="tabpanel"
          id="section-settings"
          aria-labelledby="tab-settings"
          hidden={section !== 'settings'}
        >
          <Settings
            env={env}
            persistence={persistence}
            onAskPersistence={askPersistence}
            visible={section === 'settings'}
          />
        </div>
      </main>

      <div class="toast-area" role="status" aria-live="polite">
        {toast ? (
          <div class="toast" ref={toastRef} data-testid="toast">
            <span>
              {t('deletedToast')} <Quoted text={`“${excerpt(toast.record.quote.exact, 24)}”`} />
            </span>
            <button
              type="button"
              ref={undoButtonRef}
              data-testid="undo"
              onClick={() => void restore(toast.record)}
            >
              {t('undo')}
            </button>
            <button
              type="button"
              class="icon"
              aria-label={t('dismiss')}
              title={t('dismiss')}
              onClick={closeToast}
            >
              ×
            </button>
            <ErrorNote failure={toast.failure} testid="undo-error" />
          </div>
        ) : null}
      </div>
    </div>
  );
}
