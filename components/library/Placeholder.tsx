/**
 * A section that is not built yet: its title and a line saying so, never an empty page. Replaced in
 * `views.tsx` by the section's own view.
 */
import { useEffect } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';
import type { LibraryViewProps } from '../../lib/library/env.ts';
import { sectionOf } from '../../lib/library/route.ts';
import { SECTION_LABELS } from './sections.ts';

export function Placeholder({ env, route }: LibraryViewProps) {
  const title = t(SECTION_LABELS[sectionOf(route)]);
  useEffect(() => env.setTitle(title), [env, title]);
  return (
    <section class="library-view" data-testid="placeholder">
      <h2 tabIndex={-1}>{title}</h2>
      <p>{t('librarySoon')}</p>
    </section>
  );
}
