/**
 * Opening the side panel (Chrome `sidePanel`, Firefox `sidebar_action`) from the background, and
 * telling it which annotation to show.
 *
 * Both browsers open their panel only in response to a user gesture, and the gesture is lost at
 * the first `await`: {@link openPanel} calls `open` synchronously, before anything else.
 * - Chrome (116+) counts as gestures: the toolbar action, a context menu click, a keyboard command,
 *   and a click in an extension page or in a content script whose handler sends a message: the
 *   background's `runtime.onMessage` listener inherits the gesture (checked in Chromium by
 *   `test/e2e/store.test.ts`, through this project's `dispatch()`, whose handler runs one microtask
 *   later). Calling `sidePanel.setOptions` first would lose it (GoogleChrome/chrome-extensions-samples
 *   #1477), so the panel's page never carries the annotation in its path.
 * - Firefox counts menus, commands and clicks in extension pages, but not a message from a content
 *   script: `sidebarAction.open()` rejects there, and the answer is `{ ok: false }` (the page's
 *   button then says to use the shortcut or the sidebar menu).
 *
 * Which annotation to show travels through `storage.session` (`storage.local` where there is no
 * session area), under {@link SIDE_PANEL_FOCUS_KEY}: the panel reads it when it opens and listens
 * for it while open (`storage.onChanged`), and takes it only for its own tab and while fresh.
 */
import type { BackgroundApi } from './api.ts';

/** Storage key of the panel's focus request: `{ tabId, annotationId, at }`. */
export const SIDE_PANEL_FOCUS_KEY = 'sidePanelFocus';

/** A focus request older than this is stale (the panel opened for another reason). */
export const FOCUS_FRESH_MS = 30_000;

/** Which annotation the side panel of a tab should show. */
export interface SidePanelFocus {
  tabId: number;
  annotationId: string;
  /** `Date.now()` when asked. */
  at: number;
}

/**
 * Opens the side panel for `tabId` (Chrome) or the sidebar (Firefox), calling `open` at once so
 * that the user's gesture still counts. Resolves with whether it opened.
 */
export function openPanel(
  api: Pick<BackgroundApi, 'sidePanel' | 'sidebarAction'>,
  tabId: number | undefined,
): Promise<boolean> {
  let opening: Promise<void> | undefined;
  try {
    if (api.sidePanel) {
      if (tabId === undefined || !Number.isInteger(tabId) || tabId < 0) return Promise.resolve(false);
      opening = api.sidePanel.open({ tabId });
    } else if (api.sidebarAction) {
      opening = api.sidebarAction.open();
    }
  } catch {
    return Promise.resolve(false);
  }
  if (!opening) return Promise.resolve(false);
  return opening.then(
    () => true,
    () => false,
  );
}

/** The storage area that carries focus requests. */
function focusArea(api: Pick<BackgroundApi, 'storage'>) {
  return api.storage.session ?? api.storage.local;
}

/** Asks the side panel of `tabId` to show `annotationId`. */
export async function requestFocus(
  api: Pick<BackgroundApi, 'storage'>,
  tabId: number,
  annotationId: string,
  now = Date.now(),
): Promise<void> {
  const focus: SidePanelFocus = { tabId, annotationId, at: now };
  await focusArea(api).set({ [SIDE_PANEL_FOCUS_KEY]: focus });
}

/** A focus request from storage, if it is one, for `tabId`, and fresh; else null. */
export function parseFocus(value: unknown, tabId: number, now = Date.now()): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const f = value as Partial<SidePanelFocus>;
  if (f.tabId !== tabId || typeof f.annotationId !== 'string' || typeof f.at !== 'number') return null;
  return now - f.at <= FOCUS_FRESH_MS && now >= f.at - 1_000 ? f.annotationId : null;
}

/** For the side panel: the annotation it was asked to show for `tabId`, or null. */
export async function readFocus(
  api: Pick<BackgroundApi, 'storage'>,
  tabId: number,
  now = Date.now(),
): Promise<string | null> {
  const stored = await focusArea(api).get(SIDE_PANEL_FOCUS_KEY);
  return parseFocus(stored[SIDE_PANEL_FOCUS_KEY], tabId, now);
}
