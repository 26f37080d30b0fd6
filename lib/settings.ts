/**
 * The reader's settings: one object in the extension's `storage.local` (never the page's storage),
 * read by the content script, the side panel and the popup, changed only from extension pages.
 * Parsed with valibot: a missing, old or damaged value falls back to the defaults field by field,
 * so a bad write never leaves the layer without settings.
 */
import * as v from 'valibot';

/** The key of the settings object in `storage.local`. */
export const SETTINGS_KEY = 'settings';

/**
 * How recognised measures are marked on the page:
 * - `tint`: a light background (the layer's first look);
 * - `underline`: a quiet thin underline, so that the reader's own highlights stand out (default);
 * - `badges`: no mark on the text at all, only the badge at each measure.
 * The measure whose card is open is tinted in every mode, so the reader sees what the card is about.
 */
export type TintMode = 'tint' | 'underline' | 'badges';

export const TINT_MODES: readonly TintMode[] = ['tint', 'underline', 'badges'];

export interface Settings {
  tintMode: TintMode;
  /** Whether the reader's highlights appear when the page is printed (badges and tints never do). */
  printHighlights: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  tintMode: 'underline',
  printHighlights: false,
});

const SettingsSchema = v.object({
  tintMode: v.fallback(v.picklist(TINT_MODES), DEFAULT_SETTINGS.tintMode),
  printHighlights: v.fallback(v.boolean(), DEFAULT_SETTINGS.printHighlights),
});

/** Settings from whatever storage holds (undefined, an old shape, junk): unknown or bad fields take their default. */
export function parseSettings(value: unknown): Settings {
  const input = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  return v.parse(SettingsSchema, input);
}

/** The part of `storage.local` settings need (WXT's `browser.storage.local` fits). */
export interface SettingsStorage {
  get(keys: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Reads the settings. */
export async function loadSettings(storage: SettingsStorage): Promise<Settings> {
  return parseSettings((await storage.get(SETTINGS_KEY))[SETTINGS_KEY]);
}

/** Changes some settings; returns the new whole. */
export async function saveSettings(storage: SettingsStorage, change: Partial<Settings>): Promise<Settings> {
  const next = parseSettings({ ...(await loadSettings(storage)), ...change });
  await storage.set({ [SETTINGS_KEY]: next });
  return next;
}
