/**
 * Launches Firefox (ESR 140+) with the built extension installed as a temporary add-on, the way a
 * developer loads it from about:debugging, and drives it with puppeteer-core over WebDriver BiDi
 * (`browser.installExtension` is BiDi's `webExtension.install`; Playwright cannot install
 * extensions in Firefox, and no geckodriver is needed).
 *
 * - **Host names.** Firefox has no `--host-resolver-rules`: `network.dns.forceResolve` sends every
 *   host name to 127.0.0.1, so the fixture server answers for `*.gov.cn` and the manifest's content
 *   script runs as it would on the real sites.
 * - **A known extension origin.** `extensions.webextensions.uuids` fixes the add-on's internal UUID,
 *   so the tests know `moz-extension://<uuid>/` before the add-on is installed.
 * - **Extension errors.** With the `devtools.console.stdout.*` prefs, console output of content
 *   scripts, the background page and extension pages reaches the browser's stdout; every line is
 *   kept, and {@link FirefoxHarness.extensionErrors} picks ours (everything PolicyLens prints is a
 *   failure report, and uncaught errors in moz-extension:// scripts), so a test fails on them.
 */
import type { Browser, Page } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import { FIREFOX_BUILD_DIR, findFirefox } from './firefox.ts';

/** The add-on id (`browser_specific_settings.gecko.id` in `wxt.config.ts`). */
export const GECKO_ID = 'policylens@policylens.dev';

/** The internal UUID the tests give the add-on (any fixed v4 UUID). */
export const EXTENSION_UUID = '5a1d0c4e-7b2f-4e8a-9c3d-6f1e2a4b8c70';

/** A running Firefox with the extension installed. */
export interface FirefoxHarness {
  browser: Browser;
  /** `moz-extension://<uuid>/<path>` for a page of the extension. */
  url(path: string): string;
  /** A new tab. */
  newPage(): Promise<Page>;
  /** Every line the browser printed since it started (stdout and stderr). */
  lines(): readonly string[];
  /**
   * Lines that report an extension error: anything PolicyLens printed (it prints only failures),
   * and errors and warnings from moz-extension:// scripts. From line `since` on (see {@link mark}).
   */
  extensionErrors(since?: number): string[];
  /** The number of lines so far, to pass to {@link extensionErrors} later. */
  mark(): number;
  /**
   * The open tab whose document is at `path` of the extension (puppeteer does not follow a tab that
   * the extension navigates to a moz-extension:// page, so each tab is asked where it is).
   */
  extensionPage(path: string, timeoutMs?: number): Promise<Page>;
  /** Closes the browser (its temporary profile goes with it). */
  close(): Promise<void>;
}

/** Lines that say our extension failed. */
export function isExtensionError(line: string): boolean {
  if (/"PolicyLens:/u.test(line)) return true;
  return /^JavaScript (error|warning): moz-extension:\/\//u.test(line);
}

/** Firefox preferences for the tests (see the module comment). */
export function testPrefs(): Record<string, unknown> {
  return {
    'network.dns.forceResolve': '127.0.0.1',
    'devtools.console.stdout.content': true,
    'devtools.console.stdout.chrome': true,
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
    // Quieter and steadier: no first-run pages, no background updates or telemetry.
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'app.update.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    // A fixed UI language: the card's labels follow it.
    'intl.locale.requested': 'en-US',
  };
}

/** Starts headless Firefox with a fresh profile and installs the Firefox build. */
export async function launchFirefox(extensionDir: string = FIREFOX_BUILD_DIR): Promise<FirefoxHarness> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    extraPrefsFirefox: testPrefs(),
  });
  const lines: string[] = [];
  let closing = false;
  let partial = '';
  const collect = (chunk: Buffer | string): void => {
    if (closing) return; // a browser being shut down kills scripts mid-run ("terminated by timeout")
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const p of parts) if (p.trim() !== '') lines.push(p);
  };
  const proc = browser.process();
  proc?.stdout?.on('data', collect);
  proc?.stderr?.on('data', collect);
  try {
    const id = await browser.installExtension(extensionDir);
    if (id !== GECKO_ID) throw new Error(`installed ${id}, expected ${GECKO_ID}`);
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
  const base = `moz-extension://${EXTENSION_UUID}/`;

  const extensionPage = async (path: string, timeoutMs = 15_000): Promise<Page> => {
    const want = base + path.replace(/^\//u, '');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const page of await browser.pages()) {
        const href = await Promise.race([
          page.evaluate(() => location.href).catch(() => ''),
          new Promise<string>((resolve) => setTimeout(() => resolve(''), 1_000)),
        ]);
        if (href.startsWith(want)) return page;
      }
      if (Date.now() > deadline) throw new Error(`no tab shows ${want}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  return {
    browser,
    url: (path) => base + path.replace(/^\//u, ''),
    newPage: () => browser.newPage(),
    lines: () => lines,
    extensionErrors: (since = 0) => lines.slice(since).filter(isExtensionError),
    mark: () => lines.length,
    extensionPage,
    close: async () => {
      closing = true;
      await browser.close();
    },
  };
}
