/**
 * The measure list, the library's start: every corpus measure, with a search box (the side panel's
 * Chinese-aware search: Simplified and Traditional find each other, a typo is forgiven) and filters
 * by port, document, year, theme, instrument, agency, deadline range and "has my annotations".
 *
 * The filters live in the address (`#measures?port=Dalian&q=…`): choosing one adds a history entry,
 * typing replaces the current one, so back and forward step through what the reader chose and a
 * filtered list can be bookmarked. Each option says how many measures it would leave.
 *
 * The list is virtualised (`VirtualList`): one tab stop, arrows move through it, Enter opens a
 * measure; back from a measure returns to the same row, focused. `/` goes to the search box.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '../../../lib/i18n.ts';
import type { LibraryEnv, LibraryViewProps } from '../../../lib/library/env.ts';
import {
  anyFilter,
  facets,
  FILTER_KEYS,
  filtersOf,
  measureRows,
  passes,
  portName,
  type FacetOption,
  type FilterKey,
  type MeasureRow,
} from '../../../lib/library/measure-filters.ts';
import { formatRoute, withParams, type Route } from '../../../lib/library/route.ts';
import { SearchIndex, type SearchHit } from '../../../lib/search/search-index.ts';
import { isTextField } from '../../../lib/panel/keys.ts';
import { FilterSelect } from '../../shared/filters.tsx';
import { Marked } from '../../sidepanel/parts.tsx';
import { VirtualList } from '../VirtualList.tsx';
import { useAnnotationCounts } from '../use-mine.ts';

/** Milliseconds of quiet after a keystroke before the query goes into the address and is searched. */
export const TYPE_DEBOUNCE_MS = 150;

/** A row of the list is this tall (meta line, title, snippet). */
export const ROW_HEIGHT = 76;

/** Most search hits asked for (the index's own maximum). */
const SEARCH_LIMIT = 500;

/** Search indexes of the corpus, one per corpus (built on the first query). */
const indexes = new WeakMap<object, SearchIndex>();

function searchIndex(env: LibraryEnv): SearchIndex {
  let index = indexes.get(env.corpus);
  if (!index) {
    index = SearchIndex.fromCorpus(env.corpus.corpus);
    indexes.set(env.corpus, index);
  }
  return index;
}

/** The last list the reader saw (the measure view's "back to the list" goes there). */
let lastList: Route = { view: 'measures', params: {} };

/** The list route the reader left, with its filters. */
export function lastListRoute(): Route {
  return lastList;
}

const FILTER_LABELS: Record<Exclude<FilterKey, 'from' | 'to' | 'mine'>, MessageKey> = {
  port: 'filterPort',
  doc: 'filterDocument',
  year: 'filterYear',
  theme: 'filterTheme',
  instrument: 'filterInstrument',
  agency: 'filterAgency',
};

export function MeasureList({ env, route }: LibraryViewProps) {
  const uid = useId();
  const params = 'params' in route ? route.params : {};
  const f = filtersOf(params);
  const q = params['q'] ?? '';
  const [typed, setTyped] = useState(q);
  const typing = useRef(false);
  const searchRef = useRef<HTMLInputElement>(null);
  // The route as it is when a typing pause ends (a filter may have been chosen meanwhile).
  const routeRef = useRef(route);
  routeRef.current = route;
  const counts = useAnnotationCounts(env);
  const annotated = useMemo(() => (counts ? new Set(counts.keys()) : null), [counts]);

  useEffect(() => env.setTitle(t('sectionMeasures')), [env]);
  if (route.view === 'measures') lastList = route;

  // The address changed from elsewhere (back, a link): the box shows its query.
  useEffect(() => {
    if (!typing.current) setTyped(q);
  }, [q]);

  // Typing goes into the address after a pause, replacing the entry (not one entry per key).
  useEffect(() => {
    if (typed === q) {
      typing.current = false;
      return;
    }
    typing.current = true;
    const timer = setTimeout(() => {
      typing.current = false;
      env.navigate(withParams(routeRef.current, { q: typed.trim() === '' ? '' : typed }), { replace: true });
    }, TYPE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  // `/` jumps to the search box from anywhere outside a text field (as in the side panel).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTextField(document.activeElement)) return;
      e.preventDefault();
      searchRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const rows = useMemo(() => measureRows(env.corpus, env.script), [env]);
  const hits = useMemo(() => {
    if (q.trim() === '') return null;
    const answer = searchIndex(env).search({
      text: q,
      filters: { kinds: ['measure'] },
      limit: SEARCH_LIMIT,
      script: env.script,
    });
    return new Map(answer.hits.map((h, i) => [h.id, { hit: h, rank: i }]));
  }, [env, q]);

  const shown = useMemo(() => {
    const out = rows.filter((r) => passes(r, f, annotated) && (!hits || hits.has(r.id)));
    if (hits) out.sort((a, b) => (hits.get(a.id)?.rank ?? 0) - (hits.get(b.id)?.rank ?? 0));
    return out;
  }, [rows, hits, annotated, ...FILTER_KEYS.map((k) => f[k])]);

  const fx = useMemo(
    () => facets(env.corpus, rows, f, annotated, env.uiLang, env.script),
    [env, rows, annotated, ...FILTER_KEYS.map((k) => f[k])],
  );

  const set = (key: FilterKey, value: string): void => env.navigate(withParams(route, { [key]: value }));
  const years = fx.deadlineYears.map((y) => ({ value: y, label: y }));
  const filtered = anyFilter(f) || q !== '';
  const lang = env.script === 'Hant' ? 'zh-Hant' : 'zh-Hans';

  return (
    <section class="library-view measures-view" data-testid="measure-list">
      <h2 tabIndex={-1}>{t('sectionMeasures')}</h2>
      <div class="measures-layout">
        <form class="measure-filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <label class="search-field" for={`${uid}-q`}>
            {t('measureSearch')}
          </label>
          <input
            ref={searchRef}
            id={`${uid}-q`}
            type="search"
            data-testid="measure-search"
            value={typed}
            maxLength={200}
            placeholder={t('measureSearchPlaceholder')}
            onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && typed !== '' && !e.isComposing) {
                e.preventDefault();
                setTyped('');
              }
            }}
          />
          <fieldset>
            <legend>{t('filtersLabel')}</legend>
            {(Object.keys(FILTER_LABELS) as Array<keyof typeof FILTER_LABELS>).map((key) => (
              <FacetSelect
                key={key}
                id={`${uid}-${key}`}
                name={key}
                label={t(FILTER_LABELS[key])}
                value={f[key]}
                options={fx[key]}
                onChange={(v) => set(key, v)}
              />
            ))}
            <div class="deadline-range" role="group" aria-labelledby={`${uid}-deadline`}>
              <span id={`${uid}-deadline`} class="range-label">
                {t('filterDeadline')}
              </span>
              <FilterSelect
                label={t('filterFrom')}
                testId="filter-from"
                value={f.from}
                choices={years}
                onChange={(v) => set('from', v)}
              />
              <FilterSelect
                label={t('filterTo')}
                testId="filter-to"
                value={f.to}
                choices={years}
                onChange={(v) => set('to', v)}
              />
            </div>
            <label class="check">
              <input
                type="checkbox"
                data-testid="filter-mine"
                checked={f.mine !== ''}
                onChange={(e) => set('mine', (e.currentTarget as HTMLInputElement).checked ? '1' : '')}
              />
              {t('filterMine')}
            </label>
            {filtered ? (
              <button
                type="button"
                class="link-button"
                data-testid="clear-filters"
                onClick={() => {
                  setTyped('');
                  env.navigate({ view: 'measures', params: {} });
                }}
              >
                {t('filterClear')}
              </button>
            ) : null}
          </fieldset>
        </form>
        <div class="measures-results">
          <p class="hint" role="status" data-testid="measure-count">
            {t('measureCount', shown.length, rows.length)}
          </p>
          {shown.length === 0 ? (
            <p class="empty" data-testid="measure-none">
              {f.mine !== '' && counts?.size === 0 ? t('measureNoneMine') : t('measureNone')}
            </p>
          ) : (
            <VirtualList
              // A new search or filter is a new list, from its top.
              key={formatRoute(route)}
              items={shown}
              rowHeight={ROW_HEIGHT}
              label={t('sectionMeasures')}
              itemKey={(r) => r.id}
              memoryKey={formatRoute(route)}
              focusOnMount
              testid="measure-rows"
              renderItem={(r, _i, tabIndex) => (
                <MeasureRowLink
                  env={env}
                  row={r}
                  tabIndex={tabIndex}
                  hit={hits?.get(r.id)?.hit ?? null}
                  annotations={counts?.get(r.id) ?? 0}
                  lang={lang}
                />
              )}
            />
          )}
        </div>
      </div>
    </section>
  );
}

function FacetSelect({
  id,
  name,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: readonly FacetOption[];
  onChange(value: string): void;
}) {
  return (
    <div class="facet">
      <label for={id}>{label}</label>
      <select
        id={id}
        data-testid={`filter-${name}`}
        value={value}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">{t('filterAny')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang} disabled={o.count === 0 && o.value !== value}>
            {o.label} ({o.count})
          </option>
        ))}
      </select>
    </div>
  );
}

function MeasureRowLink({
  env,
  row,
  tabIndex,
  hit,
  annotations,
  lang,
}: {
  env: LibraryEnv;
  row: MeasureRow;
  tabIndex: 0 | -1;
  hit: SearchHit | null;
  annotations: number;
  lang: string;
}) {
  const card = env.corpus.cards.card(row.id, env.script);
  const doc = env.corpus.document(row.docId);
  const snippet = hit?.snippet ?? null;
  return (
    <a
      class="mrow"
      href={env.href({ view: 'measure', id: row.id, params: {} })}
      tabIndex={tabIndex}
      data-vfocus=""
      data-measure-id={row.id}
    >
      <span class="mrow-meta">
        <span lang={env.uiLang === 'en' ? 'en' : lang}>
          {doc ? portName(doc.port, doc.portZh, env.uiLang, env.script) : ''}
        </span>{' '}
        · {row.year} ·{' '}
        <span class="mrow-number" lang={lang}>
          {card?.number}
        </span>
        {annotations > 0 ? (
          <span class="mrow-mine" data-testid="mine-count">
            {t('measureAnnotations', annotations)}
          </span>
        ) : null}
      </span>
      <span class="mrow-title" lang={lang}>
        {snippet?.field === 'title' ? (
          <Marked
            text={snippet.text}
            highlights={snippet.highlights}
            lang={lang}
            cutStart={snippet.start > 0}
            cutEnd={snippet.cutEnd}
          />
        ) : (
          card?.title
        )}
      </span>
      {snippet && snippet.field !== 'title' ? (
        <span class="mrow-snippet">
          <Marked
            text={snippet.text}
            highlights={snippet.highlights}
            lang={lang}
            cutStart={snippet.start > 0}
            cutEnd={snippet.cutEnd}
          />
        </span>
      ) : null}
    </a>
  );
}
