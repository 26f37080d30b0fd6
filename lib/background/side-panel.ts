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
 *   script, however real the click that sent it: `sidebarAction.open()` rejects with "may only be
 *   called from a user input handler" (Firefox ESR 153, `test/e2e-firefox/panel.test.ts`). So the
 *   page's "Note" button and note markers get {@link PanelWindows}: an open sidebar, which follows
 *   the active tab, just takes the focus request; otherwise the same panel page opens in a small
 *   window for that tab (`sidepanel.html?tab=<id>`), one per tab, brought to the front when asked
 *   again. Alt+Shift+K and the sidebar button still open the real sidebar.
 *
 * Which annotation to show travels through `storage.session` (`storage.local` where there is no
 * session area), under {@link SIDE_PANEL_FOCUS_KEY}: the panel reads it when it opens and listens
 * for it while open (`storage.onChanged`), and takes it only for its own tab and while fresh.
 */
import type { BackgroundApi } from './api.ts';

/** The panel window's size: the side panel's usual width, and room for the note editor. */
export const PANEL_WINDOW_SIZE = { width: 420, height: 720 } as const;

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

/**
 * Firefox, when a page asks for the panel (no user action reaches the background from a content
 * script): the open sidebar if there is one, else the panel page in a small window for the tab.
 * Windows are remembered per tab for as long as the background runs (an MV2 background page lives
 * as long as the browser), so a second "Note" on the same tab brings its window to the front.
 */
export class PanelWindows {
  private readonly byTab = new Map<number, number>();

  constructor(private readonly api: Pick<BackgroundApi, 'runtime' | 'sidebarAction' | 'windows'>) {}

  /** Shows the panel for `tabId`; resolves with whether something showed it. */
  async show(tabId: number): Promise<boolean> {
    if (!Number.isInteger(tabId) || tabId < 0) return false;
    const isOpen = this.api.sidebarAction?.isOpen;
    if (isOpen) {
      try {
        if (await isOpen.call(this.api.sidebarAction, {})) return true;
      } catch {
        // Unknown: open a window, which is never wrong.
      }
    }
    const windows = this.api.windows;
    if (!windows) return false;
    const known = this.byTab.get(tabId);
    if (known !== undefined) {
      try {
        await windows.update(known, { focused: true });
        return true;
      } catch {
        this.byTab.delete(tabId); // closed by the reader
      }
    }
    try {
      const created = await windows.create({
        url: this.api.runtime.getURL(`/sidepanel.html?tab=${tabId}`),
        type: 'popup',
        ...PANEL_WINDOW_SIZE,
      });
      if (created.id !== undefined) this.byTab.set(tabId, created.id);
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets a closed tab's window (`tabs.onRemoved`). */
  forget(tabId: number): void {
    this.byTab.delete(tabId);
  }
}
