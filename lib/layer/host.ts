/**
 * The one overlay host: a `<policylens-layer>` element appended to `<html>` (after `<body>`, so
 * `document.body.textContent` never sees it) with an open shadow root that holds every badge and
 * card and all of their CSS. Page CSS cannot reach inside (`:host { all: initial }` also cuts off
 * inherited properties) and our CSS cannot leak out.
 *
 * Sequential focus follows the document, so everything in that host comes after the page's own
 * links (the first badge was the 26th Tab stop on the Dalian page). A second, lead host,
 * `<policylens-skip>`, appended beside it, holds only the "skip to measures" entry; it has
 * `tabindex="1"` and delegates focus to its shadow root, which puts that entry before everything
 * the page leaves in document order: the page's first Tab stop, while no node moves. (An element
 * between `<head>` and `<body>` would do it too, but `head + body` selectors, scripts that expect the
 * body after the head, and DOMs such as linkedom's rely on that adjacency.) When the entry is
 * hidden (no measures) the lead host is no Tab stop at all. Both hosts share one style sheet and
 * come and go together.
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

/** The lead host's tag (the "skip to measures" entry, first in the order of focus). */
export const LEAD_TAG = 'policylens-skip';

/** Marks the `<div>` lead host used when the page has taken over {@link LEAD_TAG}. */
export const FALLBACK_LEAD_ATTRIBUTE = 'data-policylens-skip-host';

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
  /** The lead host and its shadow root (the "skip to measures" entry). */
  lead: HTMLElement;
  leadShadow: ShadowRoot;
  /** Whether `node` is one of the hosts or inside one. */
  contains(node: Node): boolean;
  /** Whether both hosts are in place under `<html>`. */
  placed(): boolean;
  /** Puts the hosts back under `<html>` if the page removed them; true when it had to. */
  reattach(): boolean;
  remove(): void;
}

/** Removes hosts left by an earlier copy of the layer (an extension reload). */
export function removeStaleHosts(doc: Document): void {
  const root = doc.documentElement;
  if (!root) return;
  for (let c = root.firstElementChild; c;) {
    const next = c.nextElementSibling;
    const name = (c.localName || '').toLowerCase();
    if (
      name === HOST_TAG ||
      name === LEAD_TAG ||
      c.hasAttribute(FALLBACK_HOST_ATTRIBUTE) ||
      c.hasAttribute(FALLBACK_LEAD_ATTRIBUTE)
    ) {
      c.remove();
    }
    c = next;
  }
}

/** An element of `tag` with an open shadow root, or a marked `<div>` where the page took the tag. */
function hostElement(
  doc: Document,
  tag: string,
  fallback: string,
  delegatesFocus = false,
): { el: HTMLElement; shadow: ShadowRoot } {
  const el = doc.createElement(tag);
  try {
    return { el, shadow: el.attachShadow({ mode: 'open', delegatesFocus }) };
  } catch {
    // The page defined our tag as a custom element without shadow roots (only a page that targets
    // us would): a built-in <div> cannot be redefined, so it always takes a shadow root.
    const div = doc.createElement('div');
    div.setAttribute(fallback, '');
    return { el: div, shadow: div.attachShadow({ mode: 'open', delegatesFocus }) };
  }
}

/** Gives every shadow root the styles: one constructed sheet, or a `<style>` in each. */
function style(doc: Document, roots: readonly ShadowRoot[], css: string): void {
  const win = doc.defaultView as (Window & { CSSStyleSheet?: typeof CSSStyleSheet }) | null;
  try {
    const all = roots as ReadonlyArray<ShadowRoot & { adoptedStyleSheets?: CSSStyleSheet[] }>;
    if (win?.CSSStyleSheet && all.every((r) => Array.isArray(r.adoptedStyleSheets))) {
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(css);
      for (const r of all) r.adoptedStyleSheets = [sheet];
      return;
    }
  } catch {
    // Fall through to <style> elements.
  }
  for (const r of roots) {
    const el = doc.createElement('style');
    el.textContent = css;
    r.appendChild(el);
  }
}

/** Creates the hosts with their shadow roots and styles, and appends them to `<html>`. */
export function createOverlayHost(doc: Document, css: string): OverlayHost {
  removeStaleHosts(doc);
  const { el: host, shadow } = hostElement(doc, HOST_TAG, FALLBACK_HOST_ATTRIBUTE);
  const { el: lead, shadow: leadShadow } = hostElement(doc, LEAD_TAG, FALLBACK_LEAD_ATTRIBUTE, true);
  lead.setAttribute('tabindex', '1');
  style(doc, [shadow, leadShadow], HOST_CSS + css);
  const root = (): HTMLElement | null => doc.documentElement;
  const inPlace = (el: HTMLElement): boolean => el.isConnected && el.parentNode === root();
  root()?.appendChild(lead);
  root()?.appendChild(host);
  return {
    host,
    shadow,
    lead,
    leadShadow,
    contains: (node) => {
      for (let n: Node | null = node; n;) {
        if (n === host || n === lead) return true;
        n = n === shadow || n === leadShadow ? (n as ShadowRoot).host : n.parentNode;
      }
      return false;
    },
    placed: () => inPlace(host) && inPlace(lead),
    reattach: () => {
      const html = root();
      if (!html) return false;
      let moved = false;
      if (!inPlace(host)) {
        html.appendChild(host);
        moved = true;
      }
      if (!inPlace(lead)) {
        html.insertBefore(lead, host.parentNode === html ? host : null);
        moved = true;
      }
      return moved;
    },
    remove: () => {
      host.remove();
      lead.remove();
    },
  };
}
