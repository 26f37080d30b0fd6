/**
 * The part of the extension API the background logic uses, as a narrow interface: the entrypoint
 * passes WXT's `browser`, unit tests pass `fakeBrowser` with stubs for what it does not mock
 * (`scripting`, `permissions`, `contextMenus`). Methods use method syntax on purpose, so the real
 * API's overloads (promise and callback forms) are assignable to them.
 */

/** A tab as the background needs it. */
export interface ApiTab {
  id?: number;
  url?: string;
  active?: boolean;
  windowId?: number;
}

/** `chrome.action` in MV3, `browser.browserAction` in Firefox MV2 (same badge methods). */
export interface BadgeApi {
  setBadgeText(details: { tabId?: number; text: string }): unknown;
  setBadgeBackgroundColor?(details: { tabId?: number; color: string }): unknown;
}

/** A persistent content script registration (`scripting.registerContentScripts`). */
export interface ContentScriptRegistration {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_idle';
  persistAcrossSessions: boolean;
}

export interface BackgroundApi {
  runtime: {
    id: string;
    getURL(path: string): string;
  };
  storage: {
    local: {
      get(keys: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
    };
    /** In-memory storage of the browser session (Chrome 102+, Firefox 115+); absent before. */
    session?: {
      get(keys: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
    };
  };
  tabs: {
    sendMessage(tabId: number, message: unknown, options: { frameId: number }): Promise<unknown>;
    query(queryInfo: {
      active?: boolean;
      currentWindow?: boolean;
      lastFocusedWindow?: boolean;
    }): Promise<ApiTab[]>;
    create(properties: {
      url: string;
      active?: boolean;
      openerTabId?: number;
      windowId?: number;
    }): Promise<ApiTab>;
    /** Loads a URL in a tab or selects it (the library tab, reused by `open-library`). */
    update(tabId: number, properties: { url?: string; active?: boolean }): Promise<unknown>;
  };
  scripting: {
    executeScript(injection: {
      target: { tabId: number; allFrames: boolean };
      files: string[];
    }): Promise<unknown>;
    registerContentScripts(scripts: ContentScriptRegistration[]): Promise<void>;
    getRegisteredContentScripts(filter: { ids: string[] }): Promise<Array<{ id: string }>>;
    unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
  };
  permissions: {
    contains(permissions: { origins: string[] }): Promise<boolean>;
  };
  /** MV3 (Chrome) and Firefox MV3. */
  action?: BadgeApi;
  /** Firefox MV2: WXT's `browser` is the browser's own object, with no `action` alias. */
  browserAction?: BadgeApi;
  /** Chrome's side panel (MV3, Chrome 116+ for `open`). */
  sidePanel?: SidePanelApi;
  /** Firefox's sidebar. */
  sidebarAction?: SidebarActionApi;
  /**
   * Windows: raising the library tab's window, and Firefox's panel window (`side-panel.ts`); absent
   * where there are no windows (Android) and in unit tests that need none.
   */
  windows?: WindowsApi;
}

/** The part of `windows` the panel window needs. */
export interface WindowsApi {
  create(properties: {
    url: string;
    type: 'popup';
    width: number;
    height: number;
  }): Promise<{ id?: number | undefined }>;
  update(windowId: number, properties: { focused: boolean }): Promise<unknown>;
}

/** `chrome.sidePanel`: `open` only in response to a user gesture. */
export interface SidePanelApi {
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
}

/** `browser.sidebarAction`: `open` only from a user action handler (menu, command, extension UI). */
export interface SidebarActionApi {
  open(): Promise<void>;
  /** Whether the sidebar is open in a window (the current one by default); no user action needed. */
  isOpen?(details: { windowId?: number }): Promise<boolean>;
}
