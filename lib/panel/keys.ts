/**
 * Keyboard in the side panel: its own keys (what each does, for the handler and for the list the
 * panel shows) and the browser's commands as `commands.getAll()` reports them.
 *
 * The panel's keys never shadow typing: `/` and Ctrl/Cmd+Z act only outside text fields (in a
 * field, `/` is a character and Ctrl+Z undoes typing); Esc and Ctrl/Cmd+Enter act in fields too.
 * Browser commands (annotate, open the panel, scan) are the browser's: the reader rebinds them at
 * chrome://extensions/shortcuts or in Firefox's about:addons, and the panel shows what is bound now.
 */
import type { MessageKey } from '../i18n.ts';

/** What a key press asks the panel to do. */
export type PanelAction = 'search' | 'escape' | 'save' | 'undo';

/** A keyboard event as the handler reads it (DOM KeyboardEvent fits). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
}

/**
 * The panel's action for a key press, or null. `inTextField`: focus is in an input, a textarea or
 * a select (where plain keys belong to the field). `isMac`: Cmd instead of Ctrl.
 */
export function panelAction(e: KeyLike, inTextField: boolean, isMac: boolean): PanelAction | null {
  // An IME composing Chinese uses Enter and Esc itself.
  if (e.isComposing) return null;
  const primary = isMac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (e.key === 'Escape' && !primary && !e.altKey) return 'escape';
  if (e.key === 'Enter' && primary && !e.altKey) return 'save';
  if (inTextField) return null;
  if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey) return 'search';
  if ((e.key === 'z' || e.key === 'Z') && primary && !e.altKey && !e.shiftKey) return 'undo';
  return null;
}

/** One row of the panel's own key list. */
export interface PanelShortcut {
  keys: string;
  what: MessageKey;
}

/** The panel's own keys, as the panel lists them (Cmd on a Mac). */
export function panelShortcuts(isMac: boolean): PanelShortcut[] {
  const mod = isMac ? '⌘' : 'Ctrl';
  return [
    { keys: '/', what: 'keySearch' },
    { keys: 'Esc', what: 'keyEscape' },
    { keys: `${mod}+Enter`, what: 'keySave' },
    { keys: `${mod}+Z`, what: 'keyUndo' },
    { keys: '← →', what: 'keyTabs' },
    { keys: '↑ ↓', what: 'keyRadios' },
    { keys: 'Enter', what: 'keyAddTag' },
  ];
}

/** A command as `commands.getAll()` gives it. */
export interface CommandInfo {
  name?: string;
  description?: string;
  shortcut?: string;
}

/** A command as the panel lists it. */
export interface CommandRow {
  name: string;
  /** The manifest's description, in the browser's language (empty for the built-in ones). */
  description: string;
  /** The key bound now, or null when none is ("not set"). */
  shortcut: string | null;
}

/**
 * The extension's commands for the list: the browser's built-in `_execute_*` entries (the toolbar
 * button, Firefox's sidebar toggle) only when they have a key, since without one they are not ours
 * to explain; ours always, keyed or not, in the browser's order.
 */
export function commandRows(commands: readonly CommandInfo[]): CommandRow[] {
  const rows: CommandRow[] = [];
  for (const c of commands) {
    if (typeof c.name !== 'string' || c.name === '') continue;
    const shortcut = typeof c.shortcut === 'string' && c.shortcut.trim() !== '' ? c.shortcut : null;
    if (c.name.startsWith('_execute_') && shortcut === null) continue;
    rows.push({
      name: c.name,
      description: typeof c.description === 'string' ? c.description : '',
      shortcut,
    });
  }
  return rows;
}

/** Where the reader sets or changes the keys of an extension's commands. */
export function shortcutSettingsPlace(browser: 'chrome' | 'firefox'): string {
  return browser === 'firefox' ? 'about:addons' : 'chrome://extensions/shortcuts';
}

/** Whether focus is somewhere plain keys belong to (a text input, a textarea, a select, editable text). */
export function isTextField(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return (el as HTMLElement).isContentEditable === true;
}
