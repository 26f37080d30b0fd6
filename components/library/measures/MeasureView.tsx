/**
 * One measure (`#measure=<id>`): its card fields, its whole text, and its related measures.
 * (First version: the fields and related list of the old one-measure page.)
 */
import { useEffect } from 'preact/hooks';
import { LibraryMeasure } from '../../LibraryMeasure.tsx';
import { t } from '../../../lib/i18n.ts';
import type { LibraryViewProps } from '../../../lib/library/env.ts';

export function MeasureView({ env, route }: LibraryViewProps) {
  const id = route.view === 'measure' ? route.id : '';
  const detail = env.corpus.cards.detail(id, env.script);
  useEffect(() => env.setTitle(detail ? detail.title : t('libraryNotFound')), [env, detail]);
  if (!detail) {
    return (
      <section class="library-view">
        <h2 tabIndex={-1}>{t('libraryNotFound')}</h2>
        <p data-testid="library-not-found">
          <code>{id}</code>
        </p>
      </section>
    );
  }
  return <LibraryMeasure measure={detail} script={env.script} />;
}
