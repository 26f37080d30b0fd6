/**
 * Hosts and origins: which sites the content script is declared on (government domains), the
 * origin a tab's URL allows, and the id of the registration that allows one more site. Shared by
 * the background and the popup, so both agree on what "a government host" is.
 */

/**
 * Domain suffixes the content script declares (`*://*.gov.cn/*`, `*://customs.gov.cn/*`,
 * `*://*.gov.hk/*`, `*://*.gov.mo/*`): `*.` matches the domain itself and every subdomain.
 */
export const GOVERNMENT_DOMAINS: readonly string[] = ['gov.cn', 'gov.hk', 'gov.mo'];

/** Whether the content script's declared matches already cover `host`. */
export function isGovernmentHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/u, '');
  return GOVERNMENT_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
}

/** The origin of an http(s) URL (`https://example.org`), or null for anything else. */
export function webOrigin(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** The host of an http(s) URL, or null for anything else (extension pages, about:, file:). */
export function webHost(url: string | undefined): string | null {
  const origin = webOrigin(url);
  return origin === null ? null : new URL(origin).hostname;
}

/**
 * The match pattern for everything on an origin, as permissions and registrations use it:
 * `https://example.org/*`. Match patterns have no port, so `http://127.0.0.1:8080` gives
 * `http://127.0.0.1/*` (which covers every port of that host).
 */
export function originPattern(origin: string): string {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
}

/** Prefix of the ids of per-site content script registrations. */
export const SITE_SCRIPT_PREFIX = 'policylens-site-';

/** The id of the registration that runs the content script on `host`. */
export function siteScriptId(host: string): string {
  return `${SITE_SCRIPT_PREFIX}${host}`;
}

/**
 * The origin in `pattern` when it is one this extension asks for (`https://example.org/*`), or
 * null. Used when the user revokes a host permission, to drop that site's registration.
 */
export function patternOrigin(pattern: string): string | null {
  const m = /^(https?:\/\/[^/*]+)\/\*$/u.exec(pattern);
  return m?.[1] ? webOrigin(m[1]) : null;
}

/** The storage key of the paused hosts (`string[]` in `browser.storage.local`). */
export const PAUSED_HOSTS_KEY = 'pausedHosts';

/** The paused hosts in a stored value (lower case; anything that is not a list of strings is none). */
export function pausedHostsIn(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((h): h is string => typeof h === 'string').map((h) => h.toLowerCase())
    : [];
}

/** Whether `host` is among the paused hosts of a stored value. */
export function isPausedIn(value: unknown, host: string): boolean {
  return pausedHostsIn(value).includes(host.toLowerCase());
}
