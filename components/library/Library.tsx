/**
 * The library page's shell: its title, the section navigation (Measures, Compare, Documents,
 * Annotations, Export / Import) and the view of the current route (`lib/library/route.ts`). Each
 * section is a component `(props: { env, route })` registered in `views.tsx`.
 *
 * - **Addresses.** The hash is the route: links are real `<a href="#…">`, so back and forward,
 *   bookmarks, middle-click and "copy link" work; the router follows `hashchange`, including the
 *   background sending this tab elsewhere (`open-library` reuses one library tab).
 * - **No dead ends.** Opened empty, the library shows the measure list; an address it does not know
 *   says so above the measure list.
 * - **Keyboard.** A skip button leads past the navigation; when the place changes (another view,
 *   another measure or document, not a filter typed), focus moves to the view's target
 *   (`[data-autofocus]`) or its title (`h2[tabindex="-1"]`), so that a keyboard or screen reader
 *   user lands on what was opened, and the window title names it.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';
import type { LibraryEnv } from '../../lib/library/env.ts';
import type { HashRouter } from '../../lib/library/router.ts';
import { SECTIONS, sectionOf, sectionRoute, type Route } from '../../lib/library/route.ts';
import { SECTION_LABELS } from './sections.ts';
import { VIEWS } from './views.tsx';

/** What names a place (not its filters): focus moves when it changes. */
export function placeKey(route: Route): string {
  switch (route.view) {
    case 'measure':
      return `measure\u0000${route.id}\u0000${route.params['with'] ?? ''}`;
    case 'doc':
      return `doc\u0000${route.docId}\u0000${route.at?.kind === 'id' ? route.at.id : (route.at?.path ?? '')}`;
    case 'unknown':
      return 'unknown';
    default:
      return route.view;
  }
}

export interface LibraryProps {
  env: LibraryEnv;
  router: Pick<HashRouter, 'current' | 'subscribe'>;
}

export function Library({ env, router }: LibraryProps) {
  const [route, setRoute] = useState<Route>(() => router.current());
  const mainRef = useRef<HTMLElement>(null);
  const lastPlace = useRef<string | null>(null);

  useEffect(() => router.subscribe(setRoute), [router]);

  const section = sectionOf(route);
  const place = placeKey(route);

  // Focus follows the place, not the first render (the reader has not asked to go anywhere yet).
  useLayoutEffect(() => {
    const before = lastPlace.current;
    lastPlace.current = place;
    if (before === null || before === place) return;
    focusView(mainRef.current);
  }, [place]);

  const View = VIEWS[section];
  return (
    <div class="library" data-testid="library" data-section={section}>
      <button type="button" class="skip-link" onClick={() => focusView(mainRef.current, true)}>
        {t('librarySkip')}
      </button>
      <header class="library-header">
        <h1 class="library-title">{t('libraryTitle')}</h1>
        <nav aria-label={t('librarySections')} class="library-nav">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s}>
                <a
                  href={env.href(sectionRoute(s))}
                  aria-current={s === section ? 'page' : undefined}
                  data-testid={`nav-${s}`}
                >
                  {t(SECTION_LABELS[s])}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main class="library-main" id="library-main" ref={mainRef} tabIndex={-1}>
        {route.view === 'unknown' ? (
          <p class="library-notice" role="status" data-testid="unknown-address">
            {t('libraryUnknownAddress')} <code lang="zxx">#{route.hash}</code>
          </p>
        ) : null}
        <View env={env} route={route} />
      </main>
    </div>
  );
}

/**
 * Moves focus into a view: its marked target (`data-autofocus`: the element, or the focusable
 * `data-vfocus` inside it), else its title, else the main region.
 */
export function focusView(main: HTMLElement | null, toTitle = false): void {
  if (!main) return;
  const marked = toTitle ? null : main.querySelector<HTMLElement>('[data-autofocus]');
  const target =
    (marked && !marked.matches('a, button, input, select, textarea, [tabindex]')
      ? (marked.querySelector<HTMLElement>('[data-vfocus]') ?? marked)
      : marked) ??
    main.querySelector<HTMLElement>('h2[tabindex="-1"]') ??
    main;
  target.focus({ preventScroll: target === main });
}
