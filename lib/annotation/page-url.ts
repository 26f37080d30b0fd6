/**
 * Which page an annotation belongs to. The same notice is reached under many spellings of its URL:
 * `HTTP://WWW.Customs.gov.cn:80/a/`, a link from WeChat with `?spm=…&utm_source=…`, a jump to
 * `#part2`. They all fold to one key, so an annotation made on one spelling is found on the others.
 * A page's `<link rel=canonical>` gives a second key (the site's own name for the page), kept
 * beside the URL's so that either finds it.
 *
 * What folds (and why only this):
 * - scheme and host to lower case, IDN hosts to their ASCII form (the URL parser does both);
 * - the default port (`:80` for http, `:443` for https);
 * - the fragment (`#…`): it moves within the page, never to another page;
 * - tracking parameters that never select content: `utm_*`, `spm` and its kin (`spm_id_from`,
 *   `scm`), click ids (`fbclid`, `gclid`, `msclkid`, `yclid`, `dclid`), mailing ids (`mc_cid`,
 *   `mc_eid`, `_hsenc`, `_hsmi`, `_hsmkt`) and WeChat's share stamps (`from`, `isappinstalled`,
 *   `scene`, `clicktime`, `enterid`, `sharer_*`, `share_*`);
 * - the order of the remaining parameters (stable sort by name, values kept in their order);
 * - a trailing slash on a path other than `/` (`/a/b/` and `/a/b` are one page on the sites we
 *   read; `index.html` is not folded, since some sites serve different pages there).
 *
 * Not folded: `http` vs `https` (some portals serve different content), `www.` (a different host),
 * the path's case (servers differ), and parameters that may select content (`id`, `p`, `page`…).
 */

/** Query parameters dropped from page keys (exact names, lower case). */
const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'spm',
  'spm_id_from',
  'scm',
  'fbclid',
  'gclid',
  'dclid',
  'msclkid',
  'yclid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  '_hsmkt',
  'from',
  'isappinstalled',
  'scene',
  'clicktime',
  'enterid',
]);

/** Query parameter prefixes dropped from page keys. */
const TRACKING_PREFIXES: readonly string[] = ['utm_', 'sharer_', 'share_'];

function isTracking(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

/**
 * The key of a page URL, or null when it is not an http(s) URL (extension pages, `file:`, `about:`,
 * data URLs and junk have no key: annotations are made on web pages).
 */
export function pageKey(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  // The URL parser already lower-cases scheme and host and drops the default port.
  // forEach and append, not `[...entries()]` nor `new URLSearchParams(list)`: in a Firefox content
  // script `URL` is the page's, seen through an Xray wrapper, and its iterators are not iterable
  // there ("searchParams.entries() is not iterable"; every annotation step failed on every page).
  const params: Array<[string, string]> = [];
  u.searchParams.forEach((value, name) => {
    if (!isTracking(name)) params.push([name, value]);
  });
  params.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const folded = new URLSearchParams();
  for (const [name, value] of params) folded.append(name, value);
  const query = folded.toString();
  let path = u.pathname;
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/u, '') || '/';
  // `host` has no credentials: a user name in a URL never belongs in a key.
  return `${u.protocol}//${u.host}${path}${query === '' ? '' : `?${query}`}`;
}

/**
 * The canonical URL a page declares, resolved against the page's URL, if it may speak for the page:
 * an http(s) URL on the same host as the page. A page could otherwise claim another site's URL and
 * read that site's annotations through its content script.
 */
export function trustedCanonical(pageUrl: string, canonical: string | null | undefined): string | null {
  if (typeof canonical !== 'string' || canonical.trim() === '') return null;
  let page: URL;
  let c: URL;
  try {
    page = new URL(pageUrl);
    c = new URL(canonical.trim(), page);
  } catch {
    return null;
  }
  if (c.protocol !== 'http:' && c.protocol !== 'https:') return null;
  if (c.hostname !== page.hostname) return null;
  return c.href;
}

/** The keys a page is known by: its URL's, then its canonical URL's when trusted and different. */
export function pageKeys(page: { url: string; canonical: string | null }): string[] {
  const keys: string[] = [];
  const own = pageKey(page.url);
  if (own !== null) keys.push(own);
  const canonical = trustedCanonical(page.url, page.canonical);
  const ck = canonical === null ? null : pageKey(canonical);
  if (ck !== null && !keys.includes(ck)) keys.push(ck);
  return keys;
}

/** Whether two key lists name the same page (any shared key). */
export function samePage(a: readonly string[], b: readonly string[]): boolean {
  return a.some((k) => b.includes(k));
}
