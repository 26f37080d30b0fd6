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
