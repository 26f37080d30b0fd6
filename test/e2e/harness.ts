/**
 * Launches Debian Chromium with the built extension loaded unpacked, the way a user would load it
 * in developer mode, so the tests exercise the real manifest, service worker and popup page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { CHROME_BUILD_DIR, findChromium } from './chromium.ts';

/** A running browser with the extension loaded. */
export interface ExtensionHarness {
  context: BrowserContext;
  /** The extension's MV3 service worker. */
  serviceWorker: Worker;
  /** The id Chromium gave the unpacked extension (derived from its path). */
  extensionId: string;
  /** `chrome-extension://<id>/<path>` for a page of the extension. */
  url(path: string): string;
  /** Closes the browser and deletes its temporary profile. */
  close(): Promise<void>;
}

/** Options for {@link launchExtension}. */
export interface LaunchOptions {
  /**
   * More Chromium command-line switches, e.g. `--host-resolver-rules=MAP *.gov.cn 127.0.0.1` so
   * that fixture pages served on 127.0.0.1 load under a government host name.
   */
  extraArgs?: readonly string[];
  /** Run without a window (default true); the demo shows the browser when there is a display. */
  headless?: boolean;
  /**
   * The browser's language for web pages and content scripts (Playwright's locale override), e.g.
   * `zh-TW`. Pass `--lang` in `extraArgs` too: `--lang` sets the extension pages' language, this
   * the content scripts' (headless Chromium on Linux keeps their renderers in en-US otherwise).
   */
  locale?: string;
}

/**
 * Starts Chromium (headless unless told otherwise) with a fresh temporary profile and the Chrome
 * build loaded, and waits for the extension's service worker, which is also how the extension id
 * is learnt.
 */
export async function launchExtension(
  extensionDir: string = CHROME_BUILD_DIR,
  options: LaunchOptions = {},
): Promise<ExtensionHarness> {
  const profileDir = mkdtempSync(join(tmpdir(), 'policylens-e2e-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: findChromium(),
      headless: options.headless ?? true,
      ...(options.locale ? { locale: options.locale } : {}),
      args: [
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        ...(options.extraArgs ?? []),
      ],
    });
    const serviceWorker =
      context.serviceWorkers().find(isExtensionWorker) ??
      (await context.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout: 30_000 }));
    const extensionId = new URL(serviceWorker.url()).host;
    const running = context;
    return {
      context: running,
      serviceWorker,
      extensionId,
      url: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
      close: async () => {
        await running.close();
        rmSync(profileDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
}

/** Whether a worker belongs to an extension (rather than to a web page). */
function isExtensionWorker(worker: Worker): boolean {
  return worker.url().startsWith('chrome-extension://');
}
