/**
 * The toolbar popup: what PolicyLens found on the current tab (recognised, matched and unmatched
 * measures), what the user can do about the tab (scan it now, pause or resume PolicyLens on its
 * site, allow PolicyLens on a non-government site), a way to the library, and which corpus this
 * build carries, so a user (or a bug report) can tell which seed data a match came from.
 *
 * Everything that touches the browser comes in through {@link PopupEnv}, so the component renders
 * the same under test as in the extension; `entrypoints/popup/main.tsx` supplies the real one.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { isGovernmentHost, originPattern, webHost, webOrigin } from '../lib/background/hosts.ts';
import { summaryText } from '../lib/corpus/summary-text.ts';
import type { CorpusSummary } from '../lib/corpus/types.ts';
import { t, type MessageKey } from '../lib/i18n.ts';
import type { PageStats, PageToBackground } from '../lib/messaging.ts';

/** The active tab, as the popup needs it. */
export interface PopupTab {
  id: number;
  /** Undefined when the browser does not tell (no permission for the tab). */
  url?: string;
}

/** The browser, as the popup uses it. */
export interface PopupEnv {
  /** The active tab of the popup's window, or null. */
  activeTab(): Promise<PopupTab | null>;
  /** Sends a page-to-background message. */
  ask<K extends keyof PageToBackground & string>(
    type: K,
    data: PageToBackground[K]['data'],
  ): Promise<PageToBackground[K]['result']>;
  /** Whether PolicyLens is paused on `host` (read from storage). */
  isPaused(host: string): Promise<boolean>;
  /** Whether the extension holds the host permission for a match pattern. */
  hasOrigin(pattern: string): Promise<boolean>;
  /**
   * Asks the user for a host permission. Must be called synchronously in the click handler: the
   * browser only shows the prompt during a user gesture.
   */
  requestOrigin(pattern: string): Promise<boolean>;
  /** Opens the library page in a new tab. */
  openLibrary(): void;
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
  stats: PageStats | null;
  paused: boolean;
  /** Whether the content script may run on the tab's site without a click (declared or allowed). */
  allowed: boolean;
}

/** What the popup should offer for a tab URL (pure, for tests). */
export function popupActions(
  url: string | undefined,
  allowed: boolean,
): { canScan: boolean; canPause: boolean; showAllow: boolean } {
  const host = webHost(url);
  if (host === null) return { canScan: false, canPause: false, showAllow: false };
  return { canScan: true, canPause: true, showAllow: !isGovernmentHost(host) && !allowed };
}

/**
 * A UI string with components in place of its `$1`, `$2`… substitutions, so that numbers in a
 * translated sentence can carry their own `data-testid`.
 */
function interpolate(key: MessageKey, parts: ComponentChildren[]): ComponentChildren[] {
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

function Stat({ id, label, value }: { id: string; label: MessageKey; value: number | null }) {
  return (
    <div class="popup-stat">
      <span class="popup-stat-value" data-testid={id}>
        {value === null ? '–' : String(value)}
      </span>
      <span class="popup-stat-label">{t(label)}</span>
    </div>
  );
}

/**
 * Shows the current tab's counts and actions, then the corpus version with its document and
 * measure counts and the documents it holds.
 */
export function Popup({ corpus, env }: PopupProps) {
  const [state, setState] = useState<TabState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (): Promise<void> => {
    const tab = await env.activeTab();
    const host = webHost(tab?.url);
    const origin = webOrigin(tab?.url);
    const [stats, paused, allowed] = await Promise.all([
      tab ? env.ask('tab-stats', { tabId: tab.id }).catch(() => null) : Promise.resolve(null),
      host ? env.isPaused(host) : Promise.resolve(false),
      origin
        ? isGovernmentHost(new URL(origin).hostname)
          ? Promise.resolve(true)
          : env.hasOrigin(originPattern(origin)).catch(() => false)
        : Promise.resolve(false),
    ]);
    setState({ tab, host, origin, stats, paused, allowed });
  }, [env]);

  useEffect(() => {
    load().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [load]);

  const run = (work: () => Promise<void>): void => {
    setBusy(true);
    setError(null);
    work()
      .then(load)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };

  const scan = (): void => {
    const tabId = state?.tab?.id;
    if (tabId === undefined) return;
    run(async () => {
      const r = await env.ask('scan-tab', { tabId });
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
    const tabId = state?.tab?.id;
    if (!origin || tabId === undefined) return;
    // The request must start in this click (a user gesture), before anything is awaited.
    const granted = env.requestOrigin(originPattern(origin));
    run(async () => {
      if (!(await granted)) return;
      const r = await env.ask('allow-site', { origin });
      if (!r.ok) throw new Error(r.error ?? 'allow-site failed');
      await env.ask('scan-tab', { tabId });
    });
  };

  const actions = popupActions(state?.tab?.url, state?.allowed ?? false);
  const script = t('uiLang') === 'zh-TW' ? 'Hant' : 'Hans';
  const stats = state?.stats ?? null;

  return (
    <main class="popup">
      <h1 class="popup-title">{t('extName')}</h1>

      <section class="popup-tab" aria-live="polite">
        <div class="popup-stats">
          <Stat id="stat-recognised" label="popupRecognised" value={stats?.recognised ?? null} />
          <Stat id="stat-matched" label="popupMatched" value={stats?.matched ?? null} />
          <Stat id="stat-unmatched" label="popupUnmatched" value={stats?.unmatched ?? null} />
        </div>
        {state && !stats ? (
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
          <button type="button" data-testid="scan-page" disabled={busy || !actions.canScan} onClick={scan}>
            {t('popupScan')}
          </button>
          <button
            type="button"
            data-testid="pause-site"
            aria-pressed={state?.paused ?? false}
            disabled={busy || !actions.canPause}
            onClick={togglePause}
          >
            {t(state?.paused ? 'popupResume' : 'popupPause')}
          </button>
          {actions.showAllow ? (
            <button type="button" data-testid="allow-site" disabled={busy} onClick={allow}>
              {t('popupAllow')}
            </button>
          ) : null}
          <button type="button" data-testid="open-library" onClick={() => env.openLibrary()}>
            {t('popupLibrary')}
          </button>
        </div>
      </section>

      <p class="popup-summary">
        {interpolate('popupCorpus', [
          <code key="version" data-testid="corpus-version">
            {corpus.version}
          </code>,
          <span key="documents" data-testid="document-count">
            {corpus.documents.length}
          </span>,
          <span key="measures" data-testid="corpus-count">
            {corpus.measureCount}
          </span>,
        ])}
      </p>
      <ul class="popup-documents" data-testid="document-list">
        {corpus.documents.map((doc) => (
          // Corpus text in the UI language's script, as the library shows it.
          <li key={doc.id} lang={script === 'Hant' ? 'zh-Hant' : 'zh-Hans'}>
            <span class="popup-port">{summaryText(corpus, doc.portZh, script)}</span>
            <span class="popup-doc-title">{summaryText(corpus, doc.title, script)}</span>
          </li>
        ))}
      </ul>
    </main>
  );
}
