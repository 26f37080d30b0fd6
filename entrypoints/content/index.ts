/**
 * The content script: wiring only. Declared for government sites (the manifest's matches, at
 * document_end), and injected on demand by the background elsewhere (`scan-now`). WXT imports this
 * file at build time to read its options, so everything happens inside `main`.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createOverlayView } from '../../components/layer/view.tsx';
import { KEYBOARD_CSS, OVERLAY_CSS } from '../../components/layer/styles.ts';
import { localeFor, lookupFrom, setMessageLookup, type Messages } from '../../lib/i18n.ts';
import { isPausedIn, PAUSED_HOSTS_KEY } from '../../lib/background/hosts.ts';
import { bootLayer, contentHandlers, messageListener } from '../../lib/layer/boot.ts';
import { Layer, type Transport } from '../../lib/layer/controller.ts';
import { envelope, type ContentToBackground, type ContentToPage } from '../../lib/messaging.ts';
import { loadSettings, parseSettings, SETTINGS_KEY } from '../../lib/settings.ts';
import type { AnnotationTransport } from '../../lib/highlight/page-annotations.ts';
import en from '../../public/_locales/en/messages.json';
import zhCN from '../../public/_locales/zh_CN/messages.json';
import zhTW from '../../public/_locales/zh_TW/messages.json';

/**
 * The UI strings, bundled: in a content script the first `i18n.getMessage` makes the renderer fetch
 * the extension's message bundle from the browser process, synchronously (2–10 ms of a blocked main
 * thread on every page, right when the badges are drawn). The same files, chosen by the browser's
 * UI language as the browser would choose them, cost nothing.
 */
const LOCALES: Record<string, Messages> = { en, zh_CN: zhCN, zh_TW: zhTW };

export default defineContentScript({
  matches: ['*://*.gov.cn/*', '*://customs.gov.cn/*', '*://*.gov.hk/*', '*://*.gov.mo/*'],
  runAt: 'document_end',
  main(ctx) {
    const scriptStart = performance.now();
    // Only the top frame runs the layer; it scans same-origin frames itself.
    if (window.top !== window) return;

    const ask = <K extends keyof ContentToBackground & string>(
      type: K,
      data: ContentToBackground[K]['data'],
    ): Promise<ContentToBackground[K]['result']> =>
      browser.runtime.sendMessage(
        envelope<ContentToBackground, K>('content-to-background', type, data),
      ) as Promise<ContentToBackground[K]['result']>;

    const transport: Transport = {
      matchBlocks: (blocks) => ask('match-blocks', { blocks }),
      isPaused: (host) => ask('is-paused', { host }),
      reportStats: (stats) => ask('page-stats', stats),
      openLibrary: (id) => ask('open-library', { id }),
    };

    const annotations: AnnotationTransport = {
      pageAnnotations: (canonical) => ask('page-annotations', { canonical }),
      createAnnotation: (passage, colour) => ask('create-annotation', { passage, colour }),
      openSidePanel: (annotationId) => ask('open-side-panel', { annotationId }),
      pageStateChanged: (state) => {
        // Extension pages (the side panel) listen; with none open there is no receiver, which is fine.
        browser.runtime
          .sendMessage(
            envelope<ContentToPage, 'page-state-changed'>('content-to-page', 'page-state-changed', state),
          )
          .catch(() => undefined);
      },
    };

    try {
      const locale = localeFor(browser.i18n.getUILanguage(), Object.keys(LOCALES));
      const messages = LOCALES[locale];
      if (messages) setMessageLookup(lookupFrom(messages));
    } catch (e) {
      console.debug('PolicyLens: no bundled UI strings; using i18n.getMessage', e);
    }

    const extensionAlive = (): boolean => {
      try {
        return browser.runtime?.id !== undefined;
      } catch {
        return false;
      }
    };

    const { layer, reused } = bootLayer(
      globalThis,
      ctx,
      extensionAlive,
      () =>
        new Layer({
          win: window,
          transport,
          annotations,
          css: OVERLAY_CSS + KEYBOARD_CSS,
          createView: createOverlayView,
          scriptStart,
        }),
    );
    if (reused) return;

    // Settings (tint mode, printing) now and whenever an extension page changes them; a pause or
    // resume of this site (the background writes the paused hosts) at once, in every tab.
    void loadSettings(browser.storage.local)
      .then((s) => layer.applySettings(s))
      .catch((e: unknown) => console.debug('PolicyLens: settings unreadable; defaults kept', e));
    const onStorage = (
      changes: Record<string, { oldValue?: unknown; newValue?: unknown }>,
      area: string,
    ): void => {
      if (area !== 'local') return;
      if (changes[SETTINGS_KEY]) layer.applySettings(parseSettings(changes[SETTINGS_KEY].newValue));
      // Only a change for this host: another site's pause must not undo a "Scan this page" here.
      const hosts = changes[PAUSED_HOSTS_KEY];
      const host = location.hostname;
      if (hosts && isPausedIn(hosts.oldValue, host) !== isPausedIn(hosts.newValue, host))
        layer.setPaused(isPausedIn(hosts.newValue, host));
    };
    browser.storage.onChanged.addListener(onStorage);
    layer.onDispose(() => browser.storage.onChanged.removeListener(onStorage));

    const listener = messageListener(contentHandlers(layer), () => ({
      id: browser.runtime.id,
      origin: new URL(browser.runtime.getURL('/')).origin,
    }));
    browser.runtime.onMessage.addListener(listener);
    layer.onDispose(() => browser.runtime.onMessage.removeListener(listener));
    void layer.start();
  },
});
