/**
 * The library's addresses: one hash route per view, so that every place in the library has a
 * permanent address, back and forward move inside the library, and a link from a card, the side
 * panel or an exported file (`#measure=<id>`, written by `lib/cards/library-link.ts`) keeps working.
 *
 * ```text
 * (empty)                               the measure list
 * #measures?port=Dalian&q=担保           the measure list with filters (any params)
 * #measure=dalian-2023:2.13             one measure; &with=<id> adds the side-by-side view
 * #documents                            the document list
 * #doc=dalian-2023                      a document in full
 * #doc=dalian-2023/(十三)                …at a measure by its printed number (as much path as needed)
 * #doc=xiamen-2024/(六)/1.               …or its whole printed path
 * #doc=dalian-2023:2.13                 …or by measure id
 * #compare  #annotations  #exchange     the other sections (any ?params they keep)
 * ```
 *
 * A value is followed by its params after `&` or `?` (`#measure=<id>&with=<id>`, the older form,
 * and `#doc=<docId>?x=1` read alike). Values are percent-decoded; when formatting, only the
 * characters that would end or confuse a value (`%&?#=+`, spaces, controls) are encoded, so an
 * address stays readable (`#doc=dalian-2023/(十三)`) and the browser encodes the rest itself.
 *
 * Pure string functions: no window, so they run in Node tests and in any page.
 */

/** The library's sections, in the navigation's order. */
export const SECTIONS = ['measures', 'compare', 'documents', 'annotations', 'exchange'] as const;
export type Section = (typeof SECTIONS)[number];

/** A view's own state in its address (filters, a query, a tab): string values, never empty. */
export type Params = Readonly<Record<string, string>>;

/** Where a document address points inside the document. */
export type DocTarget =
  /** A printed number or path, as typed: `(十三)`, `(六)1.`, `二、/(一)/3.` (resolved by the view). */
  | { kind: 'path'; path: string }
  /** A measure id (`dalian-2023:2.13`). */
  | { kind: 'id'; id: string };

/** Every place in the library. */
export type Route =
  | { view: 'measures'; params: Params }
  | { view: 'measure'; id: string; params: Params }
  | { view: 'documents'; params: Params }
  | { view: 'doc'; docId: string; at: DocTarget | null; params: Params }
  | { view: 'compare'; params: Params }
  | { view: 'annotations'; params: Params }
  | { view: 'exchange'; params: Params }
  /** An address the library does not know: it shows the measure list and says so. */
  | { view: 'unknown'; hash: string };

/** The section a route belongs to (a measure to Measures, a document to Documents). */
export function sectionOf(route: Route): Section {
  switch (route.view) {
    case 'measure':
    case 'unknown':
      return 'measures';
    case 'doc':
      return 'documents';
    default:
      return route.view;
  }
}

/** The route that opens a section at its start. */
export function sectionRoute(section: Section): Route {
  return { view: section, params: {} };
}

/** A parameter of a route, or '' (routes without params have none). */
export function param(route: Route, key: string): string {
  return 'params' in route ? (route.params[key] ?? '') : '';
}

/** `route` with params changed: empty values removed. */
export function withParams(route: Route, change: Record<string, string | null | undefined>): Route {
  if (!('params' in route)) return route;
  const params: Record<string, string> = { ...route.params };
  for (const [k, v] of Object.entries(change)) {
    if (v === null || v === undefined || v === '') delete params[k];
    else params[k] = v;
  }
  return { ...route, params };
}

/** Characters encoded in a formatted value: those that end a value or a param, and whitespace. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be encoded
const UNSAFE = /[%&?#=+\s\u0000-\u001f\u007f]/gu;

/** A value as it goes into a hash: readable, with only the unsafe characters encoded. */
export function encodeValue(s: string): string {
  return s.replace(UNSAFE, (c) => encodeURIComponent(c));
}

/** A value from a hash, percent-decoded; null when its escapes are malformed. */
function decodeValue(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** Params as written (`a=1&b=2`), keys in order, so that one place has one address. */
function formatParams(params: Params): string {
  return Object.keys(params)
    .filter((k) => params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${encodeValue(k)}=${encodeValue(params[k] as string)}`)
    .join('&');
}

/** Params from `a=1&b=2` (a key without `=` is ignored); null when an escape is malformed. */
function parseParams(s: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const part of s.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const k = decodeValue(part.slice(0, eq));
    const v = decodeValue(part.slice(eq + 1));
    if (k === null || v === null) return null;
    // Own keys only: a crafted `__proto__=` must not reach an object's prototype.
    if (v !== '' && k !== '__proto__' && k !== 'constructor' && k !== 'prototype') out[k] = v;
  }
  return out;
}

/** Parses a location hash (with or without `#`) into a route. */
export function parseRoute(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw === '' || raw === '/') return { view: 'measures', params: {} };
  const unknown: Route = { view: 'unknown', hash: raw };
  // The head runs to the first `?` or `&`; a value follows `=`.
  const cut = raw.search(/[?&]/u);
  const head = cut < 0 ? raw : raw.slice(0, cut);
  const params = parseParams(cut < 0 ? '' : raw.slice(cut + 1));
  if (params === null) return unknown;
  const eq = head.indexOf('=');
  const name = eq < 0 ? head : head.slice(0, eq);
  const value = eq < 0 ? null : decodeValue(head.slice(eq + 1));
  if (eq >= 0 && (value === null || value === '')) return unknown;
  switch (name) {
    case 'measures':
    case 'documents':
    case 'compare':
    case 'annotations':
    case 'exchange':
      return value === null ? { view: name, params } : unknown;
    case 'measure':
      return value === null ? unknown : { view: 'measure', id: value, params };
    case 'doc':
      return value === null ? unknown : docRoute(value, params);
    default:
      return unknown;
  }
}

/** `#doc=` values: `<docId>`, `<docId>/<printed path>`, or a measure id `<docId>:<path>`. */
function docRoute(value: string, params: Params): Route {
  const colon = value.indexOf(':');
  const slash = value.indexOf('/');
  if (colon > 0 && (slash < 0 || colon < slash)) {
    return { view: 'doc', docId: value.slice(0, colon), at: { kind: 'id', id: value }, params };
  }
  if (slash < 0) return { view: 'doc', docId: value, at: null, params };
  const path = value.slice(slash + 1).trim();
  return {
    view: 'doc',
    docId: value.slice(0, slash),
    at: path === '' ? null : { kind: 'path', path },
    params,
  };
}

/** The hash of a route (with `#`). The empty measure list is `#measures`. */
export function formatRoute(route: Route): string {
  if (route.view === 'unknown') return `#${route.hash}`;
  const params = formatParams(route.params);
  let head: string;
  switch (route.view) {
    case 'measure':
      head = `measure=${encodeValue(route.id)}`;
      break;
    case 'doc':
      // A measure id keeps its own form (`dalian-2023:2.13`); a printed path follows a slash.
      head =
        route.at === null
          ? `doc=${encodeValue(route.docId)}`
          : route.at.kind === 'id'
            ? `doc=${encodeValue(route.at.id)}`
            : `doc=${encodeValue(route.docId)}/${encodeValue(route.at.path)}`;
      break;
    default:
      head = route.view;
  }
  // A value's params follow `&` (the form `#measure=<id>` links have always had); a bare view's `?`.
  return `#${head}${params === '' ? '' : `${route.view === 'measure' || route.view === 'doc' ? '&' : '?'}${params}`}`;
}

/** Whether two routes are the same place. */
export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}
