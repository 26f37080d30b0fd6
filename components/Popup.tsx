/**
 * The toolbar popup: says which corpus this build carries, so a user (or a bug report) can tell
 * which seed data a match came from.
 */
import type { Corpus } from '../lib/corpus/types.ts';

/** Props for {@link Popup}. */
export interface PopupProps {
  /** The corpus bundled with the extension. */
  corpus: Corpus;
}

/**
 * Shows the product name, the corpus version with its document and measure counts, and the
 * documents it holds. Takes the corpus as a prop rather than importing it, so it renders the
 * same in tests as in the extension.
 */
export function Popup({ corpus }: PopupProps) {
  return (
    <main class="popup">
      <h1 class="popup-title">PolicyLens 政策透镜</h1>
      <p class="popup-summary">
        语料库版本 <code data-testid="corpus-version">{corpus.version}</code> ·{' '}
        <span data-testid="document-count">{corpus.documents.length}</span> 份文件 ·{' '}
        <span data-testid="corpus-count">{corpus.measures.length}</span> 条措施
      </p>
      <ul class="popup-documents" data-testid="document-list">
        {corpus.documents.map((doc) => (
          <li key={doc.id} lang={doc.script === 'Hant' ? 'zh-Hant' : 'zh-Hans'}>
            <span class="popup-port">{doc.portZh}</span>
            <span class="popup-doc-title">{doc.title}</span>
          </li>
        ))}
      </ul>
    </main>
  );
}
