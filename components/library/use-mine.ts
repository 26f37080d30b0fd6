/**
 * Hooks over the reader's annotations for the corpus views: counts per measure (the measure list)
 * and the annotations of some measures (a measure, a document). Each reads the store when the view
 * mounts and again whenever any context writes annotations; null until the store has answered.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Annotation } from '../../lib/annotation/model.ts';
import type { LibraryEnv } from '../../lib/library/env.ts';
import { annotationCounts, annotationsOfMeasures } from '../../lib/library/mine.ts';

/** A number that goes up whenever any context writes annotations. */
function useChanges(env: LibraryEnv): number {
  const [changes, setChanges] = useState(0);
  useEffect(() => env.onAnnotationsChanged(() => setChanges((n) => n + 1)), [env]);
  return changes;
}

/** The reader's annotations per measure id. */
export function useAnnotationCounts(env: LibraryEnv): Map<string, number> | null {
  const [counts, setCounts] = useState<Map<string, number> | null>(null);
  const changes = useChanges(env);
  useEffect(() => {
    let alive = true;
    annotationCounts(env.store).then(
      (c) => alive && setCounts(c),
      () => alive && setCounts(new Map()),
    );
    return () => {
      alive = false;
    };
  }, [env, changes]);
  return counts;
}

/** The reader's annotations of these measures, by measure id. */
export function useMeasureAnnotations(
  env: LibraryEnv,
  measureIds: readonly string[],
): Map<string, Annotation[]> | null {
  const [found, setFound] = useState<Map<string, Annotation[]> | null>(null);
  const changes = useChanges(env);
  const key = measureIds.join('\u0000');
  useEffect(() => {
    let alive = true;
    annotationsOfMeasures(env.store, measureIds).then(
      (m) => alive && setFound(m),
      () => alive && setFound(new Map()),
    );
    return () => {
      alive = false;
    };
  }, [env, key, changes]);
  return found;
}
