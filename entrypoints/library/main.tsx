/**
 * Library page entry: mounts the library shell ({@link Library}) with the real browser behind its
 * {@link LibraryEnv} and the location hash as its router. The corpus is imported here (an extension
 * page may): the views read it directly. All work happens in `main()`.
 */
import { render } from 'preact';
import corpus from 'virtual:policylens-corpus';
import texts from 'virtual:policylens-documents';
import relatedBytes from 'virtual:policylens-related';
import { browser } from 'wxt/browser';
import { Library } from '../../components/library/Library.tsx';
import { browserLibraryEnv, uiLabelLang } from '../../lib/library/browser-env.ts';
import { HashRouter } from '../../lib/library/router.ts';
import './style.css';

/** Renders the library into `#app`; throws if the page lacks it so a broken page is obvious. */
function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('library.html has no #app element');
  // The language of the UI strings in effect (Chromium's --lang sets them, not getUILanguage()).
  document.documentElement.lang = uiLabelLang();
  const router = new HashRouter(window);
  const env = browserLibraryEnv(browser, {
    document,
    router,
    corpus,
    relatedBytes,
    texts,
  });
  render(<Library env={env} router={router} />, root);
}

main();
