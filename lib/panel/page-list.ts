/**
 * What the side panel's "This page" lists: the stored annotations of the page the tab shows, in
 * page order, each with how the page anchored it, and the orphans apart. The store gives the
 * records (notes, tags: the content script never has them); the tab's content script gives the
 * anchoring (`page-state`: anchored or orphan, and by which method). An annotation the tab has not
 * reported yet (just made, or the page is still anchoring) is `pending`, listed with the others.
 */
import type { AnchorMethod, AnchorState, Annotation } from '../annotation/model.ts';

/** One annotation as the panel lists it. */
export interface PageEntry {
  annotation: Annotation;
  status: 'anchored' | 'orphan' | 'pending';
  method: AnchorMethod | null;
}

/** The page's annotations, split as the panel shows them. */
export interface PageList {
  /** Anchored and pending ones, in page order (the store's: position, then creation). */
  placed: PageEntry[];
  /** Kept, but not found on the page: listed with their stored quote and "Re-attach". */
  orphans: PageEntry[];
}

/**
 * Joins the page's records (`listByPage`, already in page order) with the tab's anchoring states.
 * States for ids the store no longer has (deleted meanwhile) are ignored.
 */
export function pageList(records: readonly Annotation[], anchors: readonly AnchorState[]): PageList {
  const states = new Map(anchors.map((a) => [a.id, a]));
  const placed: PageEntry[] = [];
  const orphans: PageEntry[] = [];
  for (const annotation of records) {
    const s = states.get(annotation.id);
    const entry: PageEntry = {
      annotation,
      status: s ? s.status : 'pending',
      method: s?.method ?? null,
    };
    (entry.status === 'orphan' ? orphans : placed).push(entry);
  }
  return { placed, orphans };
}

const isHighSurrogate = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff;
};

/**
 * `text` shortened to about `max` characters with an ellipsis, whitespace runs collapsed, never
 * cutting a surrogate pair (a rare CJK character or an emoji) in two.
 */
export function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= max) return flat;
  let end = max;
  if (isHighSurrogate(flat, end - 1)) end--;
  return `${flat.slice(0, end).trimEnd()}…`;
}
