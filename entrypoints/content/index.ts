/**
 * The content script: wiring only. Declared for government sites (the manifest's matches, at
 * document_end), and injected on demand by the background elsewhere (`scan-now`). WXT imports this
 * file at build time to read its options, so everything happens inside `main`.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createOverlayView } from '../../components/layer/view.tsx';
import { OVERLAY_CSS } from '../../components/layer/styles.ts';
import { bootLayer, contentHandlers, messageListener } from '../../lib/layer/boot.ts';
import { Layer, type Transport } from '../../lib/layer/controller.ts';
import { envelope, type ContentToBackground } from '../../lib/messaging.ts';

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
        new Layer({ win: window, transport, css: OVERLAY_CSS, createView: createOverlayView, scriptStart }),
    );
    if (reused) return;

    const listener = messageListener(contentHandlers(layer), () => ({
      id: browser.runtime.id,
      origin: new URL(browser.runtime.getURL('/')).origin,
    }));
    browser.runtime.onMessage.addListener(listener);
    layer.onDispose(() => browser.runtime.onMessage.removeListener(listener));
    void layer.start();
  },
});
