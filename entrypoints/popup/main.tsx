/**
 * Popup entry: mounts {@link Popup} with the summary of the corpus bundled at build time and the browser APIs it
 * uses. All work happens in `main()` so importing this module has no side effects beyond its
 * imports.
 */
import { render } from 'preact';
import corpus from 'virtual:policylens-corpus-summary';
import { browser } from 'wxt/browser';
import { t } from '../../lib/i18n.ts';
import { Popup, type PopupEnv } from '../../components/Popup.tsx';
import { askBackground } from '../../lib/background/client.ts';
import { PAUSED_HOSTS_KEY } from '../../lib/background/hosts.ts';
import './style.css';

/** The popup's view of the browser. */
function browserEnv(): PopupEnv {
  return {
    async activeTab() {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      return tab?.id === undefined ? null : { id: tab.id, url: tab.url };
    },
    ask: (type, data) => askBackground(type, data),
    async isPaused(host) {
      const stored = (await browser.storage.local.get(PAUSED_HOSTS_KEY))[PAUSED_HOSTS_KEY];
      return Array.isArray(stored) && stored.includes(host.toLowerCase());
    },
    hasOrigin: (pattern) => browser.permissions.contains({ origins: [pattern] }),
    requestOrigin: (pattern) => browser.permissions.request({ origins: [pattern] }),
    openLibrary() {
      void browser.tabs.create({ url: browser.runtime.getURL('/library.html') }).then(() => window.close());
    },
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
