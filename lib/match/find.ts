/**
 * Fuzzy search over measure titles with Fuse.js, where it shines: short queries typed by a person
 * (search boxes, the CLI's `find`). Titles and queries go through the one normaliser, so a
 * Traditional query finds a Simplified title. `ignoreLocation` because a query word may sit
 * anywhere in a title.
 */
import Fuse from 'fuse.js';
import type { Measure } from '../corpus/types.ts';
import { normalizeText } from '../normalize.ts';

/** A search hit: measure id and Fuse's score turned into similarity (1 = exact). */
export interface FindHit {
  id: string;
  title: string;
  score: number;
}

/** Builds a title search over the measures. */
export function titleSearch(measures: readonly Measure[]): (query: string, limit?: number) => FindHit[] {
  const docs = measures.map((m) => ({ id: m.id, title: m.title, key: normalizeText(m.title) }));
  const fuse = new Fuse(docs, { keys: ['key'], includeScore: true, ignoreLocation: true, threshold: 0.4 });
  return (query, limit = 10) =>
    fuse.search(normalizeText(query), { limit }).map((r) => ({
      id: r.item.id,
      title: r.item.title,
      score: Math.round((1 - (r.score ?? 1)) * 1000) / 1000,
    }));
}
