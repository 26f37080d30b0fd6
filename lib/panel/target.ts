/**
 * Which tab the side panel shows. As Chrome's side panel or Firefox's sidebar it follows the active
 * tab of its window. Opened as an ordinary tab (the browser tests, or a reader who bookmarks it) it
 * is itself the active tab, so it can be told which tab to show: `sidepanel.html?tab=<id>`. The
 * parameter is used only when present and a valid tab id.
 */

/** The tab id in a `?tab=<id>` query string, or null. */
export function parseTabParam(search: string): number | null {
  let raw: string | null;
  try {
    raw = new URLSearchParams(search).get('tab');
  } catch {
    return null;
  }
  if (raw === null || !/^\d{1,10}$/u.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) && id >= 0 ? id : null;
}
