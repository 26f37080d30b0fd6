/**
 * The Annotations section (`#annotations`): every annotation, grouped by page or by measure, with
 * the side panel's filters (tag, colour, status, port) and its search (the background's index:
 * Chinese-aware, Traditional and Simplified together), each opening its page at the passage the
 * way the side panel does (`env.openPage`, then `env.revealInTab`).
 *
 * The address keeps the reader's choices: `by=measure`, `q=<search>`, `tag=`, `colour=`,
 * `status=`, `port=`; they replace the current history entry as they change (they are filters,
 * not places).
 *
 * Records are read from the store once (in batches) and kept up to date from change notices (a few
 * ids are read again, an import reloads all). The list is virtualised (`VirtualList`): 10,000
 * annotations draw a few dozen rows. A search shows the best {@link SEARCH_LIMIT} hits, in the
 * search's order, and says how many matched in all.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import {
  COLOURS,
  STATUSES,
  type Annotation,
  type ColourId,
  type Status,
} from '../../../lib/annotation/model.ts';
import { t, type MessageKey } from '../../../lib/i18n.ts';
import {
  annotationRows,
  annotationsQuery,
  filterAnnotations,
  filtering,
  groupAnnotations,
  tagCounts,
  type AnnotationFilters,
  type AnnotationRow,
  type GroupBy,
} from '../../../lib/library/annotations-view.ts';
import { portLabel } from '../../../lib/library/compare.ts';
import type { LibraryEnv, LibraryViewProps } from '../../../lib/library/env.ts';
import { param, withParams } from '../../../lib/library/route.ts';
import { excerpt } from '../../../lib/panel/page-list.ts';
import { langOf } from '../../../lib/panel/lang.ts';
import {
  MAX_LIMIT,
  type SearchField,
  type SearchHit,
  type SearchResponse,
} from '../../../lib/search/search-index.ts';
import { colourName } from '../../layer/Annotations.tsx';
import { statusName } from '../../sidepanel/AnnotationItem.tsx';
import { Marked } from '../../sidepanel/parts.tsx';
import {
  colourChoices,
  FilterSelect,
  SearchInput,
  statusChoices,
  tagChoices,
} from '../../shared/filters.tsx';
import { VirtualList } from './VirtualList.tsx';
import './annotations.css';

/** Hits a search lists, at most (the search index's own cap). */
export const SEARCH_LIMIT = MAX_LIMIT;
/** Milliseconds of quiet after a keystroke before searching (as the side panel). */
export const SEARCH_DEBOUNCE_MS = 120;
/** Records read per batch when loading. */
const LOAD_BATCH = 1_000;
/** A change notice naming more ids than this reloads everything (an import). */
const RELOAD_OVER = 200;

/** A count as the UI language writes it (`10,008`). */
const num = (n: number): string => n.toLocaleString(t('uiLang'));

/** Row heights (px): fixed, so that the list can place rows it has not drawn. */
export const GROUP_ROW = 52;
export const ITEM_ROW = 100;

/** The searched fields as the side panel names them. */
const FIELD_LABEL: Record<SearchField, MessageKey> = {
  quote: 'fieldQuote',
  note: 'fieldNote',
  tags: 'fieldTags',
  pageTitle: 'fieldPageTitle',
  title: 'fieldTitle',
  text: 'fieldText',
};

type Opening = { id: string; text: string; error: boolean };

export function AnnotationsView({ env, route }: LibraryViewProps) {
  const uid = useId();
  const title = t('sectionAnnotations');
  useEffect(() => env.setTitle(title), [env, title]);

  const by: GroupBy = param(route, 'by') === 'measure' ? 'measure' : 'page';
  const filters: AnnotationFilters = {
    tag: param(route, 'tag'),
    colour: (COLOURS.some((c) => c.id === param(route, 'colour')) ? param(route, 'colour') : '') as
      ColourId | '',
    status: ((STATUSES as readonly string[]).includes(param(route, 'status'))
      ? param(route, 'status')
      : '') as Status | '',
    port: param(route, 'port'),
  };
  const q = param(route, 'q');

  const records = useRecords(env);
  const [text, setText] = useState(q);
  const [answer, setAnswer] = useState<{ q: string; key: string; r: SearchResponse } | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [opening, setOpening] = useState<Opening | null>(null);
  const asked = useRef(0);

  // The address changed under the box (back, forward, a link): show what it says.
  useEffect(() => setText(q), [q]);

  // Typing goes into the address after a pause, replacing the entry.
  useEffect(() => {
    if (text === q) return;
    const timer = setTimeout(
      () => env.navigate(withParams(route, { q: text.trim() === '' ? null : text }), { replace: true }),
      SEARCH_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [text]);

  const filterKey = `${filters.tag}\u0000${filters.colour}\u0000${filters.status}\u0000${filters.port}`;
  useEffect(() => {
    const n = ++asked.current;
    if (q.trim() === '') {
      setAnswer(null);
      setSearchError(null);
      return;
    }
    env.search(annotationsQuery(q, filters, SEARCH_LIMIT, env.script)).then(
      (r) => {
        if (n !== asked.current) return;
        setAnswer({ q, key: filterKey, r });
        setSearchError(null);
      },
      (e: unknown) => {
        if (n !== asked.current) return;
        setSearchError(e instanceof Error ? e.message : String(e));
      },
    );
  }, [env, q, filterKey, records.version]);

  const measureOrder = useMemo(() => new Map(env.corpus.measures.map((m, i) => [m.id, i])), [env.corpus]);
  const portOf = useCallback(
    (id: string): string | null => {
      const m = env.corpus.measure(id);
      return m ? (env.corpus.document(m.docId)?.port ?? null) : null;
    },
    [env.corpus],
  );
  const ports = useMemo(() => {
    const seen = new Map<string, string>();
    for (const d of env.corpus.documents) if (!seen.has(d.port)) seen.set(d.port, d.portZh);
    return [...seen.keys()];
  }, [env.corpus]);

  const searching = q.trim() !== '';
  const hits = searching && answer && answer.q === q ? answer.r.hits : null;
  const snippets = useMemo(() => {
    const out = new Map<string, SearchHit>();
    for (const h of hits ?? []) out.set(h.id, h);
    return out;
  }, [hits]);
  const shown = useMemo(() => {
    if (searching) {
      const list = (hits ?? []).flatMap((h) => (h.kind === 'annotation' ? [h.annotation] : []));
      return groupAnnotations(list, by, { ranked: true, measureOrder });
    }
    if (!records.list) return [];
    return groupAnnotations(filterAnnotations(records.list, filters, portOf), by, { measureOrder });
  }, [searching, hits, records.list, by, filterKey, measureOrder, portOf]);
  const rows = useMemo(() => annotationRows(shown, collapsed), [shown, collapsed]);
  const tags = useMemo(() => tagCounts(records.list ?? []), [records.list]);
  const count = shown.reduce((s, g) => s + g.items.length, 0);
  const pages = useMemo(
    () => new Set((records.list ?? []).map((a) => a.keys[0] ?? a.page.url)).size,
    [records.list],
  );

  const setFilter = (key: keyof AnnotationFilters | 'by', value: string): void =>
    env.navigate(withParams(route, { [key]: value }), { replace: true });

  const open = async (a: Annotation): Promise<void> => {
    setOpening({ id: a.id, text: t('openOpening'), error: false });
    try {
      const page = await env.openPage(a);
      if (!page.ok) {
        setOpening({ id: a.id, text: t('openNotWeb'), error: true });
        return;
      }
      const outcome = await env.revealInTab(page.tabId, a.id);
      setOpening(
        outcome === 'revealed'
          ? { id: a.id, text: t('annShown'), error: false }
          : { id: a.id, text: t(outcome === 'orphan' ? 'openOrphan' : 'openTimeout'), error: true },
      );
    } catch (e) {
      setOpening({
        id: a.id,
        text: t('openFailed', e instanceof Error ? e.message : String(e)),
        error: true,
      });
    }
  };

  const toggle = (key: string): void =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  let status: string;
  if (records.error !== null) status = t('annLoadFailed', records.error);
  else if (!records.list || !records.complete) status = t('annLoading', num(records.loaded));
  else if (searching && searchError !== null) status = t('searchFailed', searchError);
  else if (searching && !answer) status = t('annSearching');
  else if (searching && answer) {
    status =
      answer.r.total > answer.r.hits.length
        ? t('annFoundBest', num(answer.r.total), num(answer.r.hits.length))
        : t('searchCount', num(answer.r.total));
  } else if (filtering(filters)) status = t('annFiltered', num(count), num(records.list.length));
  else if (records.list.length === 1) status = t('annCountOne');
  else if (pages === 1) status = t('annCountOnePage', num(records.list.length));
  else status = t('annCount', num(records.list.length), num(pages));

  return (
    <section class="library-view annotations" data-testid="annotations">
      <h2 tabIndex={-1}>{title}</h2>
      <div class="ann-controls">
        <div class="ann-search">
          <SearchInput
            id={`${uid}-q`}
            label={t('annSearchLabel')}
            testId="ann-search"
            value={text}
            describedBy={`${uid}-status`}
            onChange={setText}
          />
        </div>
        <fieldset class="ann-filters">
          <legend>{t('filtersLabel')}</legend>
          <FilterSelect
            label={t('panelTags')}
            testId="ann-filter-tag"
            value={filters.tag}
            choices={tagChoices(tags, dataLang)}
            onChange={(v) => setFilter('tag', v)}
          />
          <FilterSelect
            label={t('panelColour')}
            testId="ann-filter-colour"
            value={filters.colour}
            choices={colourChoices()}
            onChange={(v) => setFilter('colour', v)}
          />
          <FilterSelect
            label={t('panelStatus')}
            testId="ann-filter-status"
            value={filters.status}
            choices={statusChoices()}
            onChange={(v) => setFilter('status', v)}
          />
          <FilterSelect
            label={t('filterPort')}
            testId="ann-filter-port"
            value={filters.port}
            choices={ports.map((p) => ({ value: p, label: portName(env, p) }))}
            onChange={(v) => setFilter('port', v)}
          />
        </fieldset>
        <fieldset class="ann-group-by">
          <legend>{t('annGroupBy')}</legend>
          {(['page', 'measure'] as const).map((g) => (
            <label key={g}>
              <input
                type="radio"
                name={`${uid}-by`}
                value={g}
                data-testid={`ann-by-${g}`}
                checked={by === g}
                onChange={() => setFilter('by', g === 'page' ? '' : g)}
              />{' '}
              {t(g === 'page' ? 'annByPage' : 'annByMeasure')}
            </label>
          ))}
        </fieldset>
      </div>
      <p class="hint" id={`${uid}-status`} role="status" data-testid="ann-status">
        {status}
      </p>
      {records.list && records.list.length === 0 ? (
        <p data-testid="ann-empty">
          {t('annEmpty')} <a href={env.href({ view: 'exchange', params: {} })}>{t('annEmptyImport')}</a>
        </p>
      ) : null}
      {rows.length > 0 ? (
        <VirtualList<AnnotationRow>
          rows={rows}
          testid="ann-list"
          label={t('annListLabel')}
          height={rowHeight}
          keyOf={rowKey}
          rowProps={(row) =>
            row.kind === 'group'
              ? { class: 'ann-row group', 'data-testid': 'ann-group', 'data-group': row.group.key }
              : { class: 'ann-row item', 'data-testid': 'ann-item', 'data-annotation-id': row.annotation.id }
          }
          onActivate={(row) => (row.kind === 'group' ? toggle(row.group.key) : void open(row.annotation))}
          render={(row, _i, active) =>
            row.kind === 'group' ? (
              <GroupHeader env={env} row={row} active={active} onToggle={() => toggle(row.group.key)} />
            ) : (
              <Item
                env={env}
                active={active}
                a={row.annotation}
                by={by}
                hit={snippets.get(row.annotation.id) ?? null}
                opening={opening?.id === row.annotation.id ? opening : null}
                onOpen={() => void open(row.annotation)}
              />
            )
          }
        />
      ) : null}
    </section>
  );
}

const rowHeight = (row: AnnotationRow): number => (row.kind === 'group' ? GROUP_ROW : ITEM_ROW);
const rowKey = (row: AnnotationRow): string =>
  row.kind === 'group' ? `g\u0000${row.group.key}` : `a\u0000${row.group.key}\u0000${row.annotation.id}`;

/** Every stored annotation, read in batches and kept current from change notices. */
function useRecords(env: LibraryEnv): {
  list: Annotation[] | null;
  loaded: number;
  error: string | null;
  /** Goes up on every change (searches run again). */
  version: number;
  /** Every record has been read (until then `list` holds the first batch). */
  complete: boolean;
} {
  const [list, setList] = useState<Annotation[] | null>(null);
  const [loaded, setLoaded] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [complete, setComplete] = useState(false);
  const byId = useRef(new Map<string, Annotation>());
  const shown = useRef(false);

  useEffect(() => {
    let alive = true;
    let loading: Promise<void> | null = null;
    const loadAll = (): Promise<void> =>
      (loading ??= (async () => {
        try {
          const all = new Map<string, Annotation>();
          for await (const batch of env.store.annotations.iterate(LOAD_BATCH)) {
            if (!alive) return;
            for (const a of batch) all.set(a.id, a);
            setLoaded(all.size);
            // The first batch is drawn at once: it holds the most recently changed annotations,
            // which are the top of the list by page. The rest joins when everything is read.
            if (!shown.current) {
              shown.current = true;
              setList([...all.values()]);
            }
          }
          if (!alive) return;
          byId.current = all;
          shown.current = true;
          setList([...all.values()]);
          setComplete(true);
          setError(null);
        } catch (e) {
          if (alive) setError(e instanceof Error ? e.message : String(e));
        } finally {
          loading = null;
        }
      })());
    void loadAll();
    const stop = env.onAnnotationsChanged((change) => {
      setVersion((v) => v + 1);
      if (loading || change.ids.length > RELOAD_OVER) {
        void (loading ?? Promise.resolve()).then(loadAll);
        return;
      }
      void (async () => {
        try {
          for (const id of change.ids) {
            const a = change.kind === 'delete' ? null : await env.store.annotations.get(id);
            if (a) byId.current.set(id, a);
            else byId.current.delete(id);
          }
          if (alive) setList([...byId.current.values()]);
        } catch {
          void loadAll();
        }
      })();
    });
    return () => {
      alive = false;
      stop();
    };
  }, [env]);
  return { list, loaded, error, version, complete };
}

/**
 * The `lang` of the reader's own text (quotes, notes, tags, page titles): its Chinese script when it
 * is Chinese, else unknown (`""`), never the UI's language, which it was not written in.
 */
function dataLang(text: string): string {
  return langOf(text) ?? '';
}

/** The reader's own text, with its `lang`. */
function Data({ text, class: cls, testid }: { text: string; class?: string; testid?: string }) {
  return (
    <span class={cls} lang={dataLang(text)} data-testid={testid}>
      {text}
    </span>
  );
}

/** A port's name in the UI language (`Dalian`, `大连`, `大連`). */
function portName(env: LibraryEnv, port: string): string {
  const doc = env.corpus.documents.find((d) => d.port === port);
  return doc ? portLabel(doc, env.uiLang) : port;
}

/** A measure as a group or an item names it: port, number and title in the reader's script. */
function measureLabel(env: LibraryEnv, id: string): { text: string; known: boolean } {
  const card = env.corpus.cards.card(id, env.script);
  if (!card) return { text: id, known: false };
  return { text: `${card.port} ${card.number} ${card.title}`, known: true };
}

function GroupHeader({
  env,
  row,
  active,
  onToggle,
}: {
  env: LibraryEnv;
  row: Extract<AnnotationRow, { kind: 'group' }>;
  active: boolean;
  onToggle(): void;
}) {
  const tab = active ? 0 : -1;
  const g = row.group;
  const n = g.items.length;
  const lang = env.script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
  return (
    <div class="ann-group-head">
      <button
        type="button"
        class="ann-toggle"
        tabIndex={tab}
        aria-expanded={row.collapsed ? 'false' : 'true'}
        aria-label={t(row.collapsed ? 'annExpand' : 'annCollapse')}
        onClick={onToggle}
      >
        {row.collapsed ? '▸' : '▾'}
      </button>
      {g.kind === 'page' && g.page ? (
        <span class="ann-group-title">
          <Data text={g.page.title || g.page.url} class="ann-page-title" />
          <span class="ann-url" lang="zxx">
            {g.page.url}
          </span>
        </span>
      ) : g.kind === 'measure' && g.measureId ? (
        (() => {
          const label = measureLabel(env, g.measureId);
          return label.known ? (
            <a
              class="ann-group-title"
              lang={lang}
              tabIndex={tab}
              href={env.href({ view: 'measure', id: g.measureId, params: {} })}
            >
              {label.text}
            </a>
          ) : (
            <span class="ann-group-title">{t('annUnknownMeasure', g.measureId)}</span>
          );
        })()
      ) : (
        <span class="ann-group-title">{t('annNoMeasure')}</span>
      )}
      <span class="ann-group-count">{n === 1 ? t('annOne') : t('annMany', num(n))}</span>
    </div>
  );
}

function Item({
  env,
  active,
  a,
  by,
  hit,
  opening,
  onOpen,
}: {
  env: LibraryEnv;
  /** The row in the tab order: its controls are tabbable too. */
  active: boolean;
  a: Annotation;
  by: GroupBy;
  hit: SearchHit | null;
  opening: Opening | null;
  onOpen(): void;
}) {
  const colour = COLOURS.find((c) => c.id === a.colour);
  const snippet = hit?.snippet && hit.snippet.field !== 'quote' ? hit.snippet : null;
  const measure = a.measureId ? measureLabel(env, a.measureId) : null;
  const lang = env.script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
  return (
    <div class="ann-item">
      <div class="ann-quote-line">
        <span
          class="swatch"
          aria-hidden="true"
          style={{ background: colour?.swatch, textDecoration: colour?.decoration }}
        />
        <span class="sr-only">{colourName(a.colour)}: </span>
        {hit?.snippet?.field === 'quote' ? (
          <Marked
            text={hit.snippet.text}
            highlights={hit.snippet.highlights}
            lang={dataLang(hit.snippet.text)}
            cutStart={hit.snippet.start > 0}
            cutEnd={hit.snippet.cutEnd}
          />
        ) : (
          <Data text={a.quote.exact} class="ann-quote" testid="ann-quote" />
        )}
      </div>
      {opening ? (
        <div
          class={`ann-note ${opening.error ? 'error' : 'hint'}`}
          role={opening.error ? 'alert' : 'status'}
          data-testid="open-status"
        >
          {opening.text}
        </div>
      ) : snippet ? (
        <div class="ann-note">
          <span class="ann-field">{t(FIELD_LABEL[snippet.field])}</span>{' '}
          <Marked
            text={snippet.text}
            highlights={snippet.highlights}
            lang={dataLang(snippet.text)}
            cutStart={snippet.start > 0}
            cutEnd={snippet.cutEnd}
          />
        </div>
      ) : a.note.trim() !== '' ? (
        <div class="ann-note">
          <Data text={excerpt(a.note, 160)} />
        </div>
      ) : null}
      <div class="ann-foot">
        <div class="ann-meta">
          {a.status !== 'none' ? <span class="ann-status">{statusName(a.status)}</span> : null}
          {a.tags.map((tag) => (
            <Data key={tag} text={tag} class="tag" />
          ))}
          {by === 'measure' ? (
            <Data text={a.page.title || a.page.url} class="ann-where" />
          ) : measure?.known && a.measureId ? (
            <a
              class="ann-where"
              lang={lang}
              href={env.href({ view: 'measure', id: a.measureId, params: {} })}
              tabIndex={active ? 0 : -1}
            >
              {measure.text}
            </a>
          ) : null}
          <span class="ann-time">{a.updated.slice(0, 10)}</span>
        </div>
        <button
          type="button"
          class="link-button ann-open"
          data-testid="open-passage"
          tabIndex={active ? 0 : -1}
          onClick={onOpen}
        >
          {t('annOpenPassage')}
        </button>
      </div>
    </div>
  );
}
