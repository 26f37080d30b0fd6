/**
 * The library's {@link LibraryEnv} over the real browser: WXT's `browser`, the page's window for
 * its history and title, the store opened in this page (`openExtensionStore`), the bundled corpus,
 * and the side panel's ways of opening a page at a passage. `entrypoints/library/main.tsx` calls
 * {@link browserLibraryEnv} once and hands the result to the shell.
 */
import type { WxtBrowser } from 'wxt/browser';
import { askBackground } from '../background/client.ts';
import type { Corpus } from '../corpus/types.ts';
import { t } from '../i18n.ts';
import { browserOpenDeps, revealInBrowserTab } from '../panel/browser-env.ts';
import { openAnnotationPage } from '../panel/open.ts';
import { watchChanges } from '../store/changes.ts';
import { openExtensionStore } from '../store/store.ts';
import type { LabelLang } from '../thesaurus/thesaurus.ts';
import { LibraryCorpus } from './corpus.ts';
import type { DocumentTexts } from './document.ts';
import type { LibraryEnv } from './env.ts';
import type { HashRouter } from './router.ts';
import { formatRoute } from './route.ts';

/** What the library window lends the environment. */
export interface LibraryWindow {
  document: Pick<Document, 'title'>;
  router: HashRouter;
  corpus: Corpus;
  /** The build's serialised related index (`virtual:policylens-related`). */
  relatedBytes?: () => Uint8Array;
  /** The documents' text in blocks (`virtual:policylens-documents`). */
  texts?: DocumentTexts;
}

/** The UI language as the thesaurus labels it, from `uiLang` in the active messages.json. */
export function uiLabelLang(): LabelLang {
  const lang = t('uiLang');
  return lang === 'zh-CN' || lang === 'zh-TW' ? lang : 'en';
}

export function browserLibraryEnv(browser: WxtBrowser, win: LibraryWindow): LibraryEnv {
  const store = openExtensionStore(browser);
  const openDeps = browserOpenDeps(browser);
  const libraryUrl = browser.runtime.getURL('/library.html');
  return {
    browser,
    store,
    corpus: new LibraryCorpus(win.corpus, {
      ...(win.relatedBytes ? { relatedBytes: win.relatedBytes } : {}),
      ...(win.texts ? { texts: win.texts } : {}),
    }),
    // Corpus text in the script of the UI strings in effect: Traditional under zh-TW.
    script: uiLabelLang() === 'zh-TW' ? 'Hant' : 'Hans',
    uiLang: uiLabelLang(),
    libraryUrl,
    navigate: (route, options) => win.router.navigate(route, options),
    href: (route) => formatRoute(route),
    setTitle(title) {
      win.document.title = title ? `${title} · ${t('libraryTitle')}` : t('libraryTitle');
    },
    onAnnotationsChanged: (listener) => watchChanges(listener),
    search: (query) => askBackground('annotations-search', query),
    openPage: (a) => openAnnotationPage(openDeps, a),
    revealInTab: (tabId, annotationId) => revealInBrowserTab(browser, tabId, annotationId),
  };
}
