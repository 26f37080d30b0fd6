/**
 * The toolbar popup: what PolicyLens found on the current tab (recognised, matched and unmatched
 * measures, and the matched ones listed in reading order: a click scrolls the page to one and
 * flashes it), what the reader can do about the tab (scan it now, pause or resume PolicyLens on its
 * site, allow PolicyLens on a non-government site), the keyboard commands as the browser has bound
 * them, and the corpus: its counts and its documents, each of which opens in the library.
 *
 * Paused, the popup says so in words, with the host, instead of showing counts of zero. "Pause on
 * this site" is offered only where the layer runs (a paused site is offered "Resume"). The corpus
 * version is an internal hash: it is kept out of sight (`data-corpus-version`, for bug reports and
 * tests).
 *
 * Everything that touches the browser comes in through {@link PopupEnv}, so the component renders
 * the same under test as in the extension; `entrypoints/popup/main.tsx` supplies the real one.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { isGovernmentHost, originPattern, webHost, webOrigin } from '../lib/background/hosts.ts';
import { summaryText } from '../lib/corpus/summary-text.ts';
import type { CorpusSummary } from '../lib/corpus/types.ts';
import { t } from '../lib/i18n.ts';
import { formatRoute } from '../lib/library/route.ts';
import type { BackgroundToContent, PageState, PageStats, PageToBackground } from '../lib/messaging.ts';
import { langOf } from '../lib/panel/lang.ts';
import { CommandKeys } from './shared/keys.tsx';
import { commandRows, shortcutSettingsPlace, type CommandInfo, type CommandRow } from '../lib/panel/keys.ts';

/** The tab the popup shows, as it needs it. */
export interface PopupTab {
  id: number;
  /** Undefined when the browser does not tell (no permission for the tab). */
  url?: string;
}

/** The browser, as the popup uses it. */
export interface PopupEnv {
  /** The tab the popup is about (the active tab of its window, or the one named by `?tab=`), or null. */
  activeTab(): Promise<PopupTab | null>;
  /** Sends a page-to-background message. */
  ask<K extends keyof PageToBackground & string>(
    type: K,
    data: PageToBackground[K]['data'],
  ): Promise<PageToBackground[K]['result']>;
  /** Sends a message to the tab's content script; rejects when none answers. */
  toTab<K extends keyof BackgroundToContent & string>(
    tabId: number,
    type: K,
    data: BackgroundToContent[K]['data'],
  ): Promise<BackgroundToContent[K]['result']>;
  /** Whether PolicyLens is paused on `host` (read from storage). */
  isPaused(host: string): Promise<boolean>;
  /** Whether the extension holds the host permission for a match pattern. */
  hasOrigin(pattern: string): Promise<boolean>;
  /**
   * Asks the user for a host permission. Must be called synchronously in the click handler: the
   * browser only shows the prompt during a user gesture.
   */
  requestOrigin(pattern: string): Promise<boolean>;
  /** The extension's keyboard commands as the browser has bound them now (`commands.getAll()`). */
  commands(): Promise<CommandInfo[]>;
  /** Calls `listener` with the tab id whenever a tab's content script says its page changed. */
  onPageState(listener: (tabId: number) => void): () => void;
  /** Which browser this build is for (where its shortcuts are set). */
  browserName: 'chrome' | 'firefox';
  /** The UI language as the locale files name it (`en`, `zh-CN`, `zh-TW`). */
  uiLang: string;
}

/** Props for {@link Popup}. */
export interface PopupProps {
  /** The version and documents of the corpus bundled with the extension. */
  corpus: CorpusSummary;
  env: PopupEnv;
}

/** What the popup knows about the tab, once loaded. */
interface TabState {
  tab: PopupTab | null;
  host: string | null;
  origin: string | null;
  /** The layer's counts, or null when it does not run on the tab. */
  stats: PageStats | null;
  /** The recognised measures in reading order (empty where the layer does not run). */
  measures: PageState['measures'];
  paused: boolean;
  /** Whether the content script may run on the tab's site without a click (declared or allowed). */
  allowed: boolean;
}

/** What the popup offers for a tab (pure, for tests). */
export function popupActions(
  url: string | undefined,
  allowed: boolean,
  running: boolean,
  paused: boolean,
): { canScan: boolean; showPause: boolean; showAllow: boolean } {
  const host = webHost(url);
  if (host === null) return { canScan: false, showPause: false, showAllow: false };
  return {
    canScan: true,
    // Pausing means something only where the layer runs; a paused site is offered "Resume".
    showPause: running || paused,
    showAllow: !isGovernmentHost(host) && !allowed,
  };
}

/**
 * A UI string with components in place of its `$1`, `$2`… substitutions, so that numbers in a
 * translated sentence can carry their own `data-testid`.
 */
function interpolate(key: Parameters<typeof t>[0], parts: ComponentChildren[]): ComponentChildren[] {
  const markers = parts.map((_, i) => String.fromCharCode(0xe000 + i));
  const text = t(key, ...markers);
  const out: ComponentChildren[] = [];
  const used = new Set<number>();
  for (const piece of text.split(/([\ue000-\ue0ff])/u)) {
    const i = piece.length === 1 ? piece.charCodeAt(0) - 0xe000 : -1;
    if (i >= 0 && i < parts.length) {
      out.push(parts[i]);
      used.add(i);
    } else if (piece !== '') out.push(piece);
  }
  // A lookup without the message (tests, a broken locale) still shows every value.
  parts.forEach((p, i) => {
    if (!used.has(i)) out.push(' ', p);
  });
  return out;
}

function Stat({ id, label, value }: { id: string; label: Parameters<typeof t>[0]; value: number | null }) {
  return (
    <div class="popup-stat">
      <span class="popup-stat-value" data-testid={id}>
        {value === null ? '–' : String(value)}
      </span>
      <span class="popup-stat-label">{t(label)}</span>
    </div>
  );
}

/** The answer of a promise, or `fallback` when it fails. */
function orElse<T>(p: Promise<T>, fallback: T): Promise<T> {
  return p.catch(() => fallback);
}

/**
 * Shows the current tab's state and actions, the page's measures, the keyboard commands, then the
 * corpus with its documents.
 */
export function Popup({ corpus, env }: PopupProps) {
  const [state, setState] = useState<TabState | null>(null);
  const [commands, setCommands] = useState<CommandRow[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tabId = useRef<number | null>(null);

  const load = useCallback(async (): Promise<void> => {
    const tab = await env.activeTab();
    tabId.current = tab?.id ?? null;
    const [stats, page] = tab
      ? await Promise.all([
          orElse(env.toTab(tab.id, 'get-stats', {}), null),
          orElse(env.toTab(tab.id, 'page-state', {}), null),
        ])
      : [null, null];
    // Opened from the toolbar, the popup may read the tab's URL (activeTab); a tab named by
    // `?tab=` may hide it, and the content script there says which page it shows.
    const url = tab?.url ?? page?.page.url;
    const host = webHost(url);
    const origin = webOrigin(url);
    const [paused, allowed] = await Promise.all([
      host ? orElse(env.isPaused(host), false) : Promise.resolve(false),
      origin
        ? isGovernmentHost(new URL(origin).hostname)
          ? Promise.resolve(true)
          : orElse(env.hasOrigin(originPattern(origin)), false)
        : Promise.resolve(false),
    ]);
    setState({
      tab: tab ? { id: tab.id, ...(url !== undefined ? { url } : {}) } : null,
      host,
      origin,
      stats: stats && typeof stats === 'object' ? stats : null,
      measures: Array.isArray(page?.measures) ? page.measures : [],
      paused: paused || stats?.paused === true,
      allowed,
    });
  }, [env]);

  useEffect(() => {
    load().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    env.commands().then(
      (c) => setCommands(commandRows(c)),
      () => setCommands([]),
    );
    // The page finished a scan (after a resume, late content): show what it has now.
    return env.onPageState((from) => {
      if (from === tabId.current) void load().catch(() => undefined);
    });
  }, [env, load]);

  const run = (work: () => Promise<void>): void => {
    setBusy(true);
    setError(null);
    work()
      .then(load)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };

  const scan = (): void => {
    const id = state?.tab?.id;
    if (id === undefined) return;
    run(async () => {
      const r = await env.ask('scan-tab', { tabId: id });
      if (!r.ok) throw new Error(r.error ?? t('popupNotRunning'));
    });
  };

  const togglePause = (): void => {
    const host = state?.host;
    if (!host) return;
    run(() => env.ask('set-paused', { host, paused: !state.paused }));
  };

  const allow = (): void => {
    const origin = state?.origin;
    const id = state?.tab?.id;
    if (!origin || id === undefined) return;
    // The request must start in this click (a user gesture), before anything is awaited.
    const granted = env.requestOrigin(originPattern(origin));
    run(async () => {
      if (!(await granted)) return;
      const r = await env.ask('allow-site', { origin });
      if (!r.ok) throw new Error(r.error ?? 'allow-site failed');
      await env.ask('scan-tab', { tabId: id });
    });
  };

  const reveal = (measureId: string): void => {
    const id = state?.tab?.id;
    if (id === undefined) return;
    setError(null);
    env.toTab(id, 'reveal', { measureId, annotationId: null }).then(
      (r) => {
        if (!r?.ok) setError(t('popupNotRunning'));
      },
      () => setError(t('popupNotRunning')),
    );
  };

  /** Opens the library (at an address, or as it is: `''`), in the one library tab. */
  const openLibrary = (hash: string): void => {
    setError(null);
    env
      .ask('open-library-at', { hash })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  const openDocument = (docId: string): void =>
    openLibrary(formatRoute({ view: 'doc', docId, at: null, params: {} }));

  const stats = state?.stats ?? null;
  const paused = state?.paused ?? false;
  const actions = popupActions(state?.tab?.url, state?.allowed ?? false, stats !== null, paused);
  const scanKey = commands?.find((c) => c.name === 'scan-page')?.shortcut ?? null;
  const english = env.uiLang === 'en';
  const script = env.uiLang === 'zh-TW' ? 'Hant' : 'Hans';
  const scriptLang = script === 'Hant' ? 'zh-Hant' : 'zh-Hans';

  return (
    <main class="popup">
      <h1 class="popup-title">{t('extName')}</h1>

      <section class="popup-tab" aria-live="polite">
        {paused && state?.host ? (
          <p class="popup-paused" data-testid="popup-paused">
            {t('popupPaused', state.host)}
          </p>
        ) : (
          <div class="popup-stats">
            <Stat id="stat-recognised" label="popupRecognised" value={stats?.recognised ?? null} />
            <Stat id="stat-matched" label="popupMatched" value={stats?.matched ?? null} />
            <Stat id="stat-unmatched" label="popupUnmatched" value={stats?.unmatched ?? null} />
          </div>
        )}
        {state && !stats && !paused ? (
          <p class="popup-note" data-testid="not-running">
            {t('popupNotRunning')}
          </p>
        ) : null}
        {error ? (
          <p class="popup-error" role="alert" data-testid="popup-error">
            {error}
          </p>
        ) : null}
        <div class="popup-actions">
          <button
            type="button"
            data-testid="scan-page"
            disabled={busy || !actions.canScan}
            onClick={scan}
            {...(scanKey ? { 'aria-keyshortcuts': scanKey } : {})}
          >
            {t('popupScan')}
            {scanKey ? <kbd class="popup-key">{scanKey}</kbd> : null}
          </button>
          {actions.showPause ? (
            <button
              type="button"
              data-testid="pause-site"
              aria-pressed={paused}
              disabled={busy}
              onClick={togglePause}
            >
              {t(paused ? 'popupResume' : 'popupPause')}
            </button>
          ) : null}
          {actions.showAllow ? (
            <button type="button" data-testid="allow-site" disabled={busy} onClick={allow}>
              {t('popupAllow')}
            </button>
          ) : null}
          <button type="button" data-testid="open-library" onClick={() => openLibrary('')}>
            {t('popupLibrary')}
          </button>
        </div>
      </section>

      {state && state.measures.length > 0 ? (
        <section class="popup-measures" aria-labelledby="popup-measures-heading">
          <h2 id="popup-measures-heading">
            {t('panelMeasures')} <span class="popup-count">{state.measures.length}</span>
          </h2>
          <ul data-testid="popup-measures">
            {state.measures.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  class="popup-measure"
                  data-measure-id={m.id}
                  title={t('popupJump')}
                  onClick={() => reveal(m.id)}
                >
                  {/* Corpus text as the page prints it, in the page's script. */}
                  <span class="popup-measure-number" lang={langOf(m.title)}>
                    {m.number}
                  </span>
                  <span class="popup-measure-title" lang={langOf(m.title)}>
                    {m.title}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section class="popup-keys-section" aria-labelledby="popup-keys-heading">
        <h2 id="popup-keys-heading">{t('settingsKeys')}</h2>
        <CommandKeys commands={commands} testId="popup-keys" class="popup-keys" />
        <p class="popup-hint">{t('keysWhere', shortcutSettingsPlace(env.browserName))}</p>
      </section>

      <section
        class="popup-corpus"
        data-corpus-version={corpus.version}
        aria-labelledby="popup-corpus-heading"
      >
        <h2 id="popup-corpus-heading" class="popup-summary">
          {interpolate('popupCorpusCounts', [
            <span key="documents" data-testid="document-count">
              {corpus.documents.length}
            </span>,
            <span key="measures" data-testid="corpus-count">
              {corpus.measureCount}
            </span>,
          ])}
        </h2>
        <ul class="popup-documents" data-testid="document-list">
          {corpus.documents.map((doc) => (
            <li key={doc.id}>
              <button
                type="button"
                class="popup-document"
                data-doc-id={doc.id}
                title={t('popupOpenDocument')}
                onClick={() => openDocument(doc.id)}
              >
                {/* Corpus text in the UI language's script, as the library shows it. */}
                <span class="popup-port" lang={english ? undefined : scriptLang}>
                  {english ? doc.port : summaryText(corpus, doc.portZh, script)} {doc.date.slice(0, 4)}
                </span>
                <span class="popup-doc-title" lang={scriptLang}>
                  {summaryText(corpus, doc.title, script)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
