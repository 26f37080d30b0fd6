/** The corpus documents (first version: linked titles). */
import { useEffect } from 'preact/hooks';
import { t } from '../../../lib/i18n.ts';
import type { LibraryEnv } from '../../../lib/library/env.ts';

export function DocumentList({ env }: { env: LibraryEnv }) {
  useEffect(() => env.setTitle(t('sectionDocuments')), [env]);
  return (
    <section class="library-view" data-testid="document-list">
      <h2 tabIndex={-1}>{t('sectionDocuments')}</h2>
      <ul>
        {env.corpus.documents.map((d) => (
          <li key={d.id}>
            <a
              href={env.href({ view: 'doc', docId: d.id, at: null, params: {} })}
              lang={d.script === 'Hant' ? 'zh-Hant' : 'zh-Hans'}
            >
              {d.title}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
