/**
 * The corpus documents (`#documents`): each with its port, date, issuer and number of measures,
 * linked to the document in full and to its measures in the measure list.
 */
import { useEffect } from 'preact/hooks';
import { t } from '../../../lib/i18n.ts';
import type { LibraryEnv } from '../../../lib/library/env.ts';
import { portName } from '../../../lib/library/measure-filters.ts';
import { Inferred } from '../../card/parts.tsx';

export function DocumentList({ env }: { env: LibraryEnv }) {
  useEffect(() => env.setTitle(t('sectionDocuments')), [env]);
  const docs = [...env.corpus.documents].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return (
    <section class="library-view" data-testid="document-list">
      <h2 tabIndex={-1}>{t('sectionDocuments')}</h2>
      <ul class="doc-list">
        {docs.map((d) => {
          const lang = d.script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
          return (
            <li key={d.id} data-doc-id={d.id}>
              <a
                href={env.href({ view: 'doc', docId: d.id, at: null, params: {} })}
                lang={lang}
                class="doc-list-title"
              >
                {d.title}
              </a>
              <Inferred when={d.titleInferred} />
              <span class="doc-list-meta">
                {portName(d.port, d.portZh, env.uiLang, env.script)} · {d.date}
                <Inferred when={d.dateInferred} /> · <span lang={lang}>{d.issuer}</span> ·{' '}
                <a href={env.href({ view: 'measures', params: { doc: d.id } })}>
                  {t('documentMeasures', env.corpus.measuresOf(d.id).length)}
                </a>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
