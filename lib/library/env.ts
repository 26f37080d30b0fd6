/**
 * Everything a library view takes from the page and the browser, as one object passed to each view
 * (`(props: { env: LibraryEnv; route: Route })`), so that views render the same under test as in
 * the extension. `browser-env.ts` builds the real one; `entrypoints/library/main.tsx` only wires it.
 */
import type { WxtBrowser } from 'wxt/browser';
import type { Annotation } from '../annotation/model.ts';
import type { Script } from '../corpus/types.ts';
import type { OpenedPage, RevealOutcome } from '../panel/open.ts';
import type { SearchQuery, SearchResponse } from '../search/search-index.ts';
import type { AnnotationsChange } from '../store/changes.ts';
import type { Store } from '../store/store.ts';
import type { LabelLang } from '../thesaurus/thesaurus.ts';
import type { LibraryCorpus } from './corpus.ts';
import type { Route } from './route.ts';

export interface LibraryEnv {
  /** WXT's `browser` (runtime, tabs, storage…); unit tests pass `fakeBrowser`. */
  browser: WxtBrowser;
  /**
   * The store, opened in this page (an extension page may open Dexie): `store.annotations` for
   * reads, writes and imports; `store.read(db => …)` for index queries the table has no method for.
   * Its writes announce themselves to the other contexts and to the tabs that show the page.
   */
  store: Store;
  /** The bundled corpus: documents, measures, printed numbers, instruments, card payloads. */
  corpus: LibraryCorpus;
  /** The script corpus text is shown in when it is not shown in its own (the UI language's). */
  script: Script;
  /** The UI language, for thesaurus and theme labels (`uiLang` in messages.json). */
  uiLang: LabelLang;
  /** The library page's own URL without a hash (`chrome-extension://<id>/library.html`). */
  libraryUrl: string;

  /** Goes to a route: a new history entry, or with `replace` the current one (typing in a filter). */
  navigate(route: Route, options?: { replace?: boolean }): void;
  /** The `href` of a route, for links (`#measure=…`): links keep middle-click and "copy address". */
  href(route: Route): string;
  /** Sets the window title (`<what> · PolicyLens library`); null for the library's own title. */
  setTitle(title: string | null): void;

  /** Annotation changes written by any context, this page included. Returns how to stop. */
  onAnnotationsChanged(listener: (change: AnnotationsChange) => void): () => void;
  /** Searches annotations and corpus measures with the background's index (the side panel's search). */
  search(query: SearchQuery): Promise<SearchResponse>;
  /** Opens or focuses the page an annotation was made on (`lib/panel/open.ts`). */
  openPage(a: Annotation): Promise<OpenedPage>;
  /** Reveals an annotation in a tab once that tab's content script has anchored it. */
  revealInTab(tabId: number, annotationId: string): Promise<RevealOutcome>;
}

/** What every library view receives: `(props: { env, route }) => …`. */
export interface LibraryViewProps {
  env: LibraryEnv;
  route: Route;
}
