/**
 * Side panel entry (Chrome `side_panel`, Firefox `sidebar_action`, from this one WXT entrypoint):
 * mounts {@link SidePanel} with the real browser behind its {@link PanelEnv}. All work happens in
 * `main()`.
 */
import { render } from 'preact';
import corpus from 'virtual:policylens-corpus-summary';
import { browser } from 'wxt/browser';
import { t } from '../../lib/i18n.ts';
import { SidePanel } from '../../components/sidepanel/SidePanel.tsx';
import { browserPanelEnv } from '../../lib/panel/browser-env.ts';
import './style.css';

function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('sidepanel.html has no #app element');
  // The language of the UI strings in effect (`uiLang` of the locale the browser chose), which
  // `getUILanguage()` need not be (headless Chromium keeps en-US under --lang).
  document.documentElement.lang = t('uiLang');
  const env = browserPanelEnv(browser, {
    search: location.search,
    storage: navigator.storage,
    localStorage: (() => {
      try {
        return window.localStorage;
      } catch {
        return null;
      }
    })(),
    // Corpus text is shown in the UI language's script, as in the library.
    language: t('uiLang'),
    isMac: /Mac|iPhone|iPad/u.test(navigator.platform),
    browserName: import.meta.env.BROWSER === 'firefox' ? 'firefox' : 'chrome',
    corpus,
  });
  render(<SidePanel env={env} />, root);
}

main();
