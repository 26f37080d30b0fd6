/** The measure list (first version: every measure, linked). */
import { useEffect } from 'preact/hooks';
import { t } from '../../../lib/i18n.ts';
import type { LibraryViewProps } from '../../../lib/library/env.ts';

export function MeasureList({ env }: LibraryViewProps) {
  useEffect(() => env.setTitle(t('sectionMeasures')), [env]);
  return (
    <section class="library-view" data-testid="measure-list">
      <h2 tabIndex={-1}>{t('sectionMeasures')}</h2>
      <ol>
        {env.corpus.measures.map((m) => (
          <li key={m.id}>
            <a href={env.href({ view: 'measure', id: m.id, params: {} })} data-measure-id={m.id}>
              {env.corpus.number(m.id)} {env.corpus.cards.card(m.id, env.script)?.title}
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
