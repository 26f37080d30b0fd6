/**
 * The Measures section: the measure list (`#measures?…`, also the library's start) or one measure
 * (`#measure=<id>`, with `&with=<id>` for the side-by-side view).
 */
import type { LibraryViewProps } from '../../../lib/library/env.ts';
import { MeasureList } from './MeasureList.tsx';
import { MeasureView } from './MeasureView.tsx';

export function MeasuresSection({ env, route }: LibraryViewProps) {
  return route.view === 'measure' ? (
    <MeasureView env={env} route={route} />
  ) : (
    <MeasureList env={env} route={route} />
  );
}
