/**
 * Links to the library page at one measure: `library.html#measure=<id>`. The id stays readable
 * (`#measure=dalian-2023:2.13`); anything outside the id alphabet is percent-encoded.
 */

/** The hash that shows measure `id` in the library page. */
export function measureHash(id: string): string {
  return `#measure=${encodeURIComponent(id).replace(/%3A/giu, ':')}`;
}

/** The extension path of the library page at measure `id`. */
export function libraryPath(id: string): string {
  return `/library.html${measureHash(id)}`;
}

/** The measure id in a location hash (`#measure=…`), or null when it names none. */
export function parseMeasureHash(hash: string): string | null {
  const m = /^#?(?:.*&)?measure=([^&]*)/u.exec(hash);
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

/**
 * The full address of one of the extension's pages (`chrome-extension://<id>/library.html`), as
 * the browser gives it to any of our scripts; the bare path where there is no extension runtime
 * (Node, tests).
 */
export function extensionUrl(path: string): string {
  const runtime = (globalThis as { chrome?: { runtime?: { getURL?(p: string): string } } }).chrome?.runtime;
  try {
    return runtime?.getURL?.(path) ?? path;
  } catch {
    // The extension was reloaded under this content script: its runtime is gone.
    return path;
  }
}
