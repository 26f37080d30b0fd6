/**
 * UI strings in the reader's browser language (zh-CN, zh-TW, en) through the extension i18n API
 * (`public/_locales/*\/messages.json`; WXT copies them and the manifest names `en` as default).
 * Measure content is never translated here: cards show it in the page's own script.
 *
 * `lib/` runs in Node too, so the lookup is injectable; in tests and in Node the English file is
 * read directly.
 */
import type en from '../public/_locales/en/messages.json';

/** Every UI string key; a typo is a compile error. */
export type MessageKey = keyof typeof en;

type GetMessage = (key: string, substitutions?: string[]) => string;

let lookup: GetMessage | undefined;

/** Replaces the lookup (tests, Node); pass undefined to go back to the browser's. */
export function setMessageLookup(fn: GetMessage | undefined): void {
  lookup = fn;
}

/** The browser's lookup, made once per `chrome.i18n` (so that the memo below survives calls). */
let browserFn: { api: object; fn: GetMessage } | undefined;

function browserLookup(): GetMessage | undefined {
  const api = (globalThis as { chrome?: { i18n?: { getMessage?: GetMessage } } }).chrome?.i18n;
  if (!api?.getMessage) return undefined;
  if (browserFn?.api !== api) {
    browserFn = { api, fn: (key, subs) => (api.getMessage as GetMessage)(key, subs) };
  }
  return browserFn.fn;
}

/** The UI string for `key`, with `$1`… substituted; the key itself when no lookup has it. */
export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  const fn = lookup ?? browserLookup();
  // Badges ask for the same few labels many times per page: remember them (per lookup).
  const memoKey = `${key}\u0000${substitutions.join('\u0000')}`;
  if (fn === memoFor) {
    const hit = memo.get(memoKey);
    if (hit !== undefined) return hit;
  } else {
    memo.clear();
    memoFor = fn;
  }
  const text = fn?.(key, substitutions.map(String)) ?? '';
  const out = text === '' ? key : text;
  if (memo.size < 2000) memo.set(memoKey, out);
  return out;
}

const memo = new Map<string, string>();
let memoFor: GetMessage | undefined;

/** A lookup over a parsed messages.json, for Node and tests (same placeholder rules as Chrome). */
export function lookupFrom(
  messages: Record<string, { message: string; placeholders?: Record<string, { content: string }> }>,
): GetMessage {
  return (key, subs = []) => {
    const entry = messages[key];
    if (!entry) return '';
    return entry.message.replace(/\$([A-Za-z0-9_]+)\$/gu, (_, name: string) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
      return content.replace(/\$(\d)/gu, (__, d: string) => subs[Number(d) - 1] ?? '');
    });
  };
}

/** A messages.json file, parsed. */
export type Messages = Parameters<typeof lookupFrom>[0];

/**
 * The locale folder the browser picks for a UI language among `available` (folder names such as
 * `zh_CN`): the language with its region (zh-TW → zh_TW), else the language alone, else
 * `fallback` (the manifest's default_locale).
 */
export function localeFor(uiLanguage: string, available: readonly string[], fallback = 'en'): string {
  const tag = uiLanguage.replace(/-/gu, '_').toLowerCase();
  const find = (name: string): string | undefined => available.find((a) => a.toLowerCase() === name);
  return find(tag) ?? find(tag.split('_')[0] ?? '') ?? fallback;
}
