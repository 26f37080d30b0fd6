/**
 * Tags in the side panel's editor: what the reader typed turned into tags (a comma, or the Chinese
 * comma 、/，, separates several), and the existing tags offered as suggestions.
 */
import { cleanTags } from '../annotation/model.ts';
import { normalizeText } from '../normalize.ts';

/** Separators between tags typed in one go. */
const SEPARATORS = /[,，、;；]/u;

/** The tags after adding what the reader typed (cleaned as the store cleans them). */
export function addTags(current: readonly string[], typed: string): string[] {
  return cleanTags([...current, ...typed.split(SEPARATORS)]);
}

/** The tags without `tag`. */
export function removeTag(current: readonly string[], tag: string): string[] {
  return current.filter((t) => t !== tag);
}

/**
 * Existing tags to suggest for an annotation: those it does not have, most used first, that
 * contain what the reader has typed so far (Traditional and Simplified alike: 關務 finds 关务).
 */
export function tagSuggestions(
  all: ReadonlyArray<{ tag: string; count: number }>,
  current: readonly string[],
  typed = '',
  limit = 50,
): string[] {
  const want = normalizeText(typed.trim());
  const have = new Set(current);
  return [...all]
    .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0))
    .filter((t) => !have.has(t.tag) && (want === '' || normalizeText(t.tag).includes(want)))
    .slice(0, limit)
    .map((t) => t.tag);
}
