/**
 * The reader's annotations as the library's corpus views need them: how many each measure has (the
 * measure list's "has my annotations" and its counts), and the annotations of a document's
 * measures (the Documents view). Both read the store's `measureId` index, never every record's
 * body: 10,000 annotations cost one index scan.
 */
import type { Annotation } from '../annotation/model.ts';
import type { Store } from '../store/store.ts';

/** Annotations per measure id (measures without any are absent). */
export async function annotationCounts(store: Pick<Store, 'read'>): Promise<Map<string, number>> {
  // The index's keys only (records without a measure are not in it): no record is read.
  const keys = await store.read((db) => db.annotations.orderBy('measureId').keys());
  const out = new Map<string, number>();
  for (const k of keys) if (typeof k === 'string' && k !== '') out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

/** The annotations of these measures, by measure id, each list in page order then creation. */
export async function annotationsOfMeasures(
  store: Pick<Store, 'read'>,
  measureIds: readonly string[],
): Promise<Map<string, Annotation[]>> {
  const out = new Map<string, Annotation[]>();
  if (measureIds.length === 0) return out;
  const found = await store.read((db) =>
    db.annotations
      .where('measureId')
      .anyOf([...measureIds])
      .toArray(),
  );
  found.sort(
    (a, b) =>
      (a.position?.start ?? 0) - (b.position?.start ?? 0) ||
      (a.created < b.created ? -1 : a.created > b.created ? 1 : 0),
  );
  for (const a of found) {
    if (a.measureId === null) continue;
    const list = out.get(a.measureId);
    if (list) list.push(a);
    else out.set(a.measureId, [a]);
  }
  return out;
}
