/**
 * The Documents section: the list of corpus documents (`#documents`) or one document in full
 * (`#doc=<docId>[/<printed number>]`, `#doc=<measure id>`).
 */
import type { LibraryViewProps } from '../../../lib/library/env.ts';
import { DocumentList } from './DocumentList.tsx';
import { DocumentView } from './DocumentView.tsx';

export function DocumentsSection({ env, route }: LibraryViewProps) {
  return route.view === 'doc' ? <DocumentView env={env} route={route} /> : <DocumentList env={env} />;
}
