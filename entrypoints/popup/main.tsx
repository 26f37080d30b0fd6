/**
 * Popup entry: mounts {@link Popup} with the summary of the corpus bundled at build time and the browser APIs it
 * uses. All work happens in `main()` so importing this module has no side effects beyond its
 * imports.
 *
 * The popup is about the active tab of its window. Opened as an ordinary tab (the browser tests),
 * it is itself the active tab, so it can be told which tab to show: `popup.html?tab=<id>`, as the
 * side panel can.
 */
import { render } from 'preact';
import corpus from 'virtual:policylens-corpus-summary';
import { browser } from 'wxt/browser';
import { Popup, type PopupEnv } from '../../components/Popup.tsx';
import { askBackground } from '../../lib/background/client.ts';
import { isPausedIn, PAUSED_HOSTS_KEY } from '../../lib/background/hosts.ts';
import { t } from '../../lib/i18n.ts';
import { pageStates, sendToTab } from '../../lib/panel/browser-env.ts';
import { parseTabParam } from '../../lib/panel/target.ts';
import './style.css';

/** The popup's view of the browser. */
function browserEnv(): PopupEnv {
  const fixed = parseTabParam(location.search);
  const onPageState = pageStates(browser);
  return {
    async activeTab() {
      const tab =
        fixed !== null
          ? await browser.tabs.get(fixed).catch(() => undefined)
          : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
      return tab?.id === undefined
        ? null
        : { id: tab.id, ...(tab.url !== undefined ? { url: tab.url } : {}) };
    },
    ask: (type, data) => askBackground(type, data),
    toTab: (tabId, type, data) => sendToTab(browser, tabId, type, data),
    async isPaused(host) {
      return isPausedIn((await browser.storage.local.get(PAUSED_HOSTS_KEY))[PAUSED_HOSTS_KEY], host);
    },
    hasOrigin: (pattern) => browser.permissions.contains({ origins: [pattern] }),
    requestOrigin: (pattern) => browser.permissions.request({ origins: [pattern] }),
    commands: () => browser.commands.getAll(),
    onPageState: (listener) => onPageState((tabId) => listener(tabId)),
    browserName: import.meta.env.BROWSER === 'firefox' ? 'firefox' : 'chrome',
    uiLang: t('uiLang'),
  };
}

/** Renders the popup into `#app`; throws if the page lacks it so a broken page is obvious. */
function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('popup.html has no #app element');
  // The language of the UI strings in effect (`uiLang` of the locale the browser chose), which
  // `getUILanguage()` need not be (headless Chromium keeps en-US under --lang).
  document.documentElement.lang = t('uiLang');
  render(<Popup corpus={corpus} env={browserEnv()} />, root);
}

main();
