/**
 * The one overlay host: a `<policylens-layer>` element appended to `<html>` (after `<body>`, so
 * `document.body.textContent` never sees it) with an open shadow root that holds every badge and
 * card and all of their CSS. Page CSS cannot reach inside (`:host { all: initial }` also cuts off
 * inherited properties) and our CSS cannot leak out.
 *
 * Styles go in through a constructed style sheet (`adoptedStyleSheets`), which a page's
 * Content-Security-Policy `style-src` does not govern; a `<style>` element inside the shadow root is
 * the fallback where constructed sheets are missing.
 */

/** The host element's tag (a valid custom element name, never defined: content scripts have no registry). */
export const HOST_TAG = 'policylens-layer';

/** Marks the `<div>` host used when the page has taken over {@link HOST_TAG}. */
export const FALLBACK_HOST_ATTRIBUTE = 'data-policylens-layer';

/** Selects the host, whichever element it is. */
export const HOST_SELECTOR = `${HOST_TAG}, div[${FALLBACK_HOST_ATTRIBUTE}]`;

/** The attribute carrying the layer's stats as JSON (read by the tests and the benchmark). */
export const STATS_ATTRIBUTE = 'data-policylens-stats';

/** The host's own box: a zero-size, absolutely positioned anchor at the document's top left. */
export const HOST_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: absolute !important;
  top: 0 !important;
  left: 0 !important;
  width: 0 !important;
  height: 0 !important;
  margin: 0 !important;
  padding: 0 !important;
  border: 0 !important;
  overflow: visible !important;
  z-index: 2147483646 !important;
  pointer-events: none !important;
  transform: none !important;
  contain: none !important;
}
`;

export interface OverlayHost {
  host: HTMLElement;
  shadow: ShadowRoot;
  /** Puts the host back under `<html>` if the page removed it; true when it had to. */
  reattach(): boolean;
  remove(): void;
}

/** Removes hosts left by an earlier copy of the layer (an extension reload). */
export function removeStaleHosts(doc: Document): void {
  const root = doc.documentElement;
  if (!root) return;
  for (let c = root.firstElementChild; c;) {
    const next = c.nextElementSibling;
    if ((c.localName || '').toLowerCase() === HOST_TAG || c.hasAttribute(FALLBACK_HOST_ATTRIBUTE)) c.remove();
    c = next;
  }
}

/** Creates the host with its shadow root and styles, and appends it to `<html>`. */
export function createOverlayHost(doc: Document, css: string): OverlayHost {
  removeStaleHosts(doc);
  let host = doc.createElement(HOST_TAG);
  let shadow: ShadowRoot;
  try {
    shadow = host.attachShadow({ mode: 'open' });
  } catch {
    // The page defined our tag as a custom element without shadow roots (only a page that targets
    // us would): a built-in <div> cannot be redefined, so it always takes a shadow root.
    host = doc.createElement('div');
    host.setAttribute(FALLBACK_HOST_ATTRIBUTE, '');
    shadow = host.attachShadow({ mode: 'open' });
  }
  const all = HOST_CSS + css;
  const win = doc.defaultView as (Window & { CSSStyleSheet?: typeof CSSStyleSheet }) | null;
  let adopted = false;
  try {
    const withSheets = shadow as ShadowRoot & { adoptedStyleSheets?: CSSStyleSheet[] };
    if (win?.CSSStyleSheet && Array.isArray(withSheets.adoptedStyleSheets)) {
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(all);
      withSheets.adoptedStyleSheets = [sheet];
      adopted = true;
    }
  } catch {
    adopted = false;
  }
  if (!adopted) {
    const style = doc.createElement('style');
    style.textContent = all;
    shadow.appendChild(style);
  }
  const attach = (): void => {
    doc.documentElement.appendChild(host);
  };
  attach();
  return {
    host,
    shadow,
    reattach: () => {
      if (host.isConnected && host.parentNode === doc.documentElement) return false;
      if (!doc.documentElement) return false;
      attach();
      return true;
    },
    remove: () => host.remove(),
  };
}
