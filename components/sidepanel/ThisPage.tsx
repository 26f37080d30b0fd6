/**
 * "This page": what PolicyLens knows about the page the tab shows. The reader's annotations in page
 * order, the orphans apart (kept, with their stored quote, re-attachable), and the recognised
 * measures (a click scrolls the page to the measure and flashes it).
 *
 * Two sources, kept live:
 * - the tab's content script: `page-state` when the panel looks, then `page-state-changed` whenever
 *   the page rescans or re-anchors (measures, and how each annotation anchored);
 * - the store: the page's records (notes and tags never reach a content script), read again when
 *   any context writes to this page (`onAnnotationsChanged`).
 *
 * A tab without a content script (a page off the government domains never scanned, the browser's
 * own pages, a page still loading) is said so, with what to do.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Annotation } from '../../lib/annotation/model.ts';
import { pageKeys, samePage } from '../../lib/annotation/page-url.ts';
import { parseFocus } from '../../lib/background/side-panel.ts';
import { t } from '../../lib/i18n.ts';
import type { PageState } from '../../lib/messaging.ts';
import type { PanelEnv } from '../../lib/panel/env.ts';
import { langOf } from '../../lib/panel/lang.ts';
import { pageList } from '../../lib/panel/page-list.ts';
import { AnnotationItem } from './AnnotationItem.tsx';
import { Quoted } from './parts.tsx';

type Phase = 'loading' | 'running' | 'not-running' | 'no-tab';

export interface ThisPageProps {
  env: PanelEnv;
  /** Tells the panel an annotation was deleted (for the undo toast and Ctrl/Cmd+Z). */
  onDeleted: (record: Annotation) => void;
  /** Bumped by the panel when an undo put a record back, so the list reads the store again. */
  refreshKey: number;
  /** The record an undo put back: focus goes to it once listed. */
  restoredId: string | null;
  /** The panel should show this section (a marker asked for an annotation). */
  onWantFocus: () => void;
}

export function ThisPage({ env, onDeleted, refreshKey, restoredId, onWantFocus }: ThisPageProps) {
  // undefined: not known yet (the active tab is being asked for); null: there is none.
  const [tabId, setTabId] = useState<number | null | undefined>(env.fixedTab ?? undefined);
  const [phase, setPhase] = useState<Phase>('loading');
  const [state, setState] = useState<PageState | null>(null);
  const [records, setRecords] = useState<Annotation[]>([]);
  const [readError, setReadError] = useState<string | null>(null);
  const [allTags, setAllTags] = useState<Array<{ tag: string; count: number }>>([]);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const [scanError, setScanError] = useState<string | null>(null);
  const [revealFailed, setRevealFailed] = useState<string | null>(null);
  const keysRef = useRef<string[]>([]);
  const rootRef = useRef<HTMLDivElement>(null);
  const tabRef = useRef<number | null>(tabId ?? null);
  tabRef.current = tabId ?? null;

  /** Reads the page's records from the store (keys from the page the tab reported). */
  const loadRecords = useCallback(
    async (keys: string[]): Promise<void> => {
      try {
        const list = keys.length > 0 ? await env.annotations.listByPage(keys) : [];
        if (keysRef.current.join('\n') !== keys.join('\n')) return; // another page meanwhile
        setRecords(list);
        setReadError(null);
      } catch (e) {
        setReadError(e instanceof Error ? e.message : String(e));
      }
      env.annotations.tagCounts().then(setAllTags, () => undefined);
    },
    [env],
  );

  /** Takes a page state from the tab (answer or notice). */
  const takeState = useCallback(
    (s: PageState): void => {
      setState(s);
      setPhase('running');
      const keys = pageKeys(s.page);
      const changedPage = keys.join('\n') !== keysRef.current.join('\n');
      keysRef.current = keys;
      if (changedPage) void loadRecords(keys);
    },
    [loadRecords],
  );

  /** Asks the tab's content script for its page state. */
  const refresh = useCallback(
    async (id: number | null): Promise<void> => {
      if (id === null) {
        setPhase('no-tab');
        return;
      }
      try {
        const s = await env.toTab(id, 'page-state', {});
        if (tabRef.current !== id) return;
        if (!s || typeof s !== 'object' || !s.page) throw new Error('no page state');
        keysRef.current = [];
        takeState(s);
      } catch {
        if (tabRef.current !== id) return;
        keysRef.current = [];
        setState(null);
        setRecords([]);
        setPhase('not-running');
      }
    },
    [env, takeState],
  );

  // Which tab: the fixed one, or the active tab of the window and then whichever becomes active.
  useEffect(() => {
    let alive = true;
    if (env.fixedTab === null) {
      env.activeTab().then(
        (id) => alive && setTabId(id),
        () => alive && setTabId(null),
      );
    }
    const stop = env.onTabEvent((e) => {
      if (e.kind === 'activated') setTabId(e.tabId);
      else if (e.tabId !== tabRef.current) return;
      else if (e.kind === 'removed') {
        setPhase('no-tab');
        setState(null);
        setRecords([]);
      } else if (e.status === 'loading') setPhase('loading');
      else if (e.status === 'complete') void refresh(e.tabId);
    });
    return () => {
      alive = false;
      stop();
    };
  }, [env, refresh]);

  useEffect(() => {
    if (tabId === undefined) return;
    setPhase('loading');
    setRevealFailed(null);
    setScanError(null);
    void refresh(tabId);
  }, [tabId, refresh]);

  // The tab's reports.
  useEffect(
    () =>
      env.onPageState((from, s) => {
        if (from === tabRef.current && s && typeof s === 'object' && s.page) takeState(s);
      }),
    [env, takeState],
  );

  // Writes from any context to this page (another panel, the page's toolbar, the library).
  useEffect(
    () =>
      env.onAnnotationsChanged((change) => {
        if (samePage(change.keys, keysRef.current)) void loadRecords(keysRef.current);
        else env.annotations.tagCounts().then(setAllTags, () => undefined);
      }),
    [env, loadRecords],
  );

  useEffect(() => {
    if (refreshKey > 0) void loadRecords(keysRef.current);
  }, [refreshKey, loadRecords]);

  // After an undo, focus goes to the annotation that came back (the toast that had it is gone).
  const focusedRestore = useRef<number>(0);
  useEffect(() => {
    if (!restoredId || focusedRestore.current === refreshKey) return;
    const el = rootRef.current?.querySelector<HTMLElement>(
      `[data-annotation-id="${CSS.escape(restoredId)}"]`,
    );
    if (!el) return;
    focusedRestore.current = refreshKey;
    el.focus();
  }, [records, restoredId, refreshKey]);

  // A marker clicked in the page: the background asks this tab's panel to show that annotation.
  useEffect(() => {
    if (tabId === null || tabId === undefined) return;
    let alive = true;
    env.readFocus(tabId).then(
      (id) => {
        if (alive && id) {
          setFocusId(id);
          onWantFocus();
        }
      },
      () => undefined,
    );
    const stop = env.onFocusRequest((value) => {
      const id = parseFocus(value, tabId);
      if (id) {
        setFocusId(id);
        onWantFocus();
      }
    });
    return () => {
      alive = false;
      stop();
    };
  }, [env, tabId]);

  // The focused annotation may arrive after the request (a note just created): read again.
  useEffect(() => {
    if (focusId && phase === 'running' && !records.some((r) => r.id === focusId)) {
      void loadRecords(keysRef.current);
    }
  }, [focusId, phase]);

  const scan = async (): Promise<void> => {
    if (tabId === null || tabId === undefined) return;
    setScanning(true);
    setScanError(null);
    try {
      const r = await env.scanTab(tabId);
      if (!r.ok) setScanError(r.error ?? '');
      else await refresh(tabId);
    } catch (e) {
      setScanError(e instanceof Error ? e.message : String(e));
    }
    setScanning(false);
  };

  const revealMeasure = async (measureId: string): Promise<void> => {
    setRevealFailed(null);
    if (tabId === null || tabId === undefined) return;
    try {
      const r = await env.toTab(tabId, 'reveal', { measureId, annotationId: null });
      if (!r.ok) setRevealFailed(measureId);
    } catch {
      setRevealFailed(measureId);
    }
  };

  if (phase === 'loading') {
    return (
      <p class="hint" data-testid="page-loading">
        {t('libraryLoading')}
      </p>
    );
  }
  if (phase === 'no-tab' || phase === 'not-running') {
    return (
      <div class="not-running" data-testid="not-running">
        <p>
          <strong>{t('panelNotRunning')}</strong>
        </p>
        <p>{t('panelNotRunningGov')}</p>
        <p>{t('panelNotRunningOther')}</p>
        {typeof tabId === 'number' ? (
          <button type="button" data-testid="panel-scan" disabled={scanning} onClick={() => void scan()}>
            {t('popupScan')}
          </button>
        ) : null}
        {scanError !== null ? (
          <p class="error" role="alert" data-testid="scan-error">
            {t('panelScanFailed', scanError)}
          </p>
        ) : null}
        <p class="hint">{t('panelNotRunningBrowser')}</p>
      </div>
    );
  }

  const { placed, orphans } = pageList(records, state?.anchors ?? []);
  const measures = state?.measures ?? [];
  const item = (e: (typeof placed)[number]) => (
    <li key={e.annotation.id}>
      <AnnotationItem
        entry={e}
        env={env}
        tabId={tabId ?? null}
        allTags={allTags}
        focus={focusId === e.annotation.id}
        onFocused={() => setFocusId(null)}
        onDeleted={onDeleted}
      />
    </li>
  );

  return (
    <div class="this-page" data-testid="this-page" ref={rootRef}>
      {state?.page.title ? (
        <p class="page-title" data-testid="page-title">
          <Quoted text={state.page.title} />
        </p>
      ) : null}
      {readError !== null ? (
        <p class="error" role="alert" data-testid="read-error">
          {t('panelReadFailed', readError)}
        </p>
      ) : null}

      <section aria-labelledby="annotations-heading">
        <h2 id="annotations-heading">
          {t('panelAnnotations')} <span class="count">{placed.length}</span>
        </h2>
        {placed.length === 0 ? (
          <p class="hint" data-testid="no-annotations">
            {t('panelNoAnnotations')}
          </p>
        ) : (
          <ol class="annotation-list" data-testid="annotations">
            {placed.map(item)}
          </ol>
        )}
      </section>

      {orphans.length > 0 ? (
        <section aria-labelledby="orphans-heading">
          <h2 id="orphans-heading">
            {t('panelOrphans')} <span class="count">{orphans.length}</span>
          </h2>
          <p class="hint">{t('panelOrphansHelp')}</p>
          <ol class="annotation-list" data-testid="orphans">
            {orphans.map(item)}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="measures-heading">
        <details open={measures.length <= 12}>
          <summary>
            <h2 id="measures-heading">
              {t('panelMeasures')} <span class="count">{measures.length}</span>
            </h2>
          </summary>
          {measures.length === 0 ? (
            <p class="hint">{t('panelNoMeasures')}</p>
          ) : (
            <ol class="measure-list" data-testid="measures">
              {measures.map((m) => (
                <li key={m.id}>
                  <button
                    type="button"
                    class="measure"
                    data-testid="measure"
                    data-measure-id={m.id}
                    onClick={() => void revealMeasure(m.id)}
                  >
                    <span class="measure-number" lang={langOf(m.title)}>
                      {m.number}
                    </span>{' '}
                    <Quoted text={m.title} />
                  </button>
                  {revealFailed === m.id ? (
                    <p class="error" role="alert">
                      {t('revealNotShown')}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </details>
      </section>
    </div>
  );
}
