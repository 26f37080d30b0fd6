/** One document (first version: its measures in order). */
import { useEffect } from 'preact/hooks';
import { t } from '../../../lib/i18n.ts';
import type { LibraryViewProps } from '../../../lib/library/env.ts';

export function DocumentView({ env, route }: LibraryViewProps) {
  const doc = route.view === 'doc' ? env.corpus.document(route.docId) : undefined;
  useEffect(() => env.setTitle(doc ? doc.title : t('libraryNotFound')), [env, doc]);
  if (!doc) {
    return (
      <section class="library-view">
        <h2 tabIndex={-1}>{t('libraryNotFound')}</h2>
      </section>
    );
  }
  const lang = doc.script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
  return (
    <article class="library-view" data-testid="document" data-doc-id={doc.id}>
      <h2 tabIndex={-1} lang={lang}>
        {doc.title}
      </h2>
      {env.corpus.measuresOf(doc.id).map((m) => (
        <p key={m.id} lang={lang} data-measure-id={m.id}>
          {m.number} {m.text}
        </p>
      ))}
    </article>
  );
}
