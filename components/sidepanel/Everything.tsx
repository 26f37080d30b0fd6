/**
 * "Everything": one search box over all annotations and all corpus measures, answered by the
 * background's index (Chinese-aware: Traditional and Simplified fold together, a two-character word
 * finds its passages, short queries forgive a typo), with filters by tag, colour, status and port.
 *
 * The search runs as the reader types, {@link SEARCH_DEBOUNCE_MS} after the last key, and again when
 * a filter changes or any context writes annotations; an answer that arrives after a newer question
 * was asked is dropped. An annotation result opens its page at the passage (the tab that shows it,
 * or a new one, then the passage flashed once anchored); a measure result opens the library.
 */
import type { Ref } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { COLOURS, type ColourId, type Status } from '../../lib/annotation/model.ts';
import { t } from '../../lib/i18n.ts';
import type { PanelEnv } from '../../lib/panel/env.ts';
import { langOf } from '../../lib/panel/lang.ts';
import type {
  HitKind,
  SearchField,
  SearchHit,
  SearchQuery,
  SearchResponse,
} from '../../lib/search/search-index.ts';
import { colourChoices, FilterSelect, SearchInput, statusChoices, tagChoices } from '../shared/filters.tsx';
import { statusName } from './AnnotationItem.tsx';
import { Marked, Quoted } from './parts.tsx';

/** Milliseconds of quiet after a keystroke before searching (one search per burst of typing). */
export const SEARCH_DEBOUNCE_MS = 120;

/** Hits asked for per search. */
const LIMIT = 50;

interface Filters {
  kind: HitKind | '';
  tag: string;
  colour: ColourId | '';
  status: Status | '';
  port: string;
}

const NO_FILTERS: Filters = { kind: '', tag: '', colour: '', status: '', port: '' };

/** The query for the background (empty filters left out). */
export function searchQuery(text: string, f: Filters, script: SearchQuery['script']): SearchQuery {
  return {
    text,
    filters: {
      ...(f.kind ? { kinds: [f.kind] } : {}),
      ...(f.tag ? { tags: [f.tag] } : {}),
      ...(f.colour ? { colours: [f.colour] } : {}),
      ...(f.status ? { statuses: [f.status] } : {}),
      ...(f.port ? { ports: [f.port] } : {}),
    },
    limit: LIMIT,
    ...(script ? { script } : {}),
  };
}

const FIELD_LABEL: Record<SearchField, Parameters<typeof t>[0]> = {
  quote: 'fieldQuote',
  note: 'fieldNote',
  tags: 'fieldTags',
  pageTitle: 'fieldPageTitle',
  title: 'fieldTitle',
  text: 'fieldText',
};

export interface EverythingProps {
  env: PanelEnv;
  /** Whether this section is showing (searches wait until it is). */
  visible: boolean;
  searchRef: Ref<HTMLInputElement>;
}

export function Everything({ env, visible, searchRef }: EverythingProps) {
  const uid = useId();
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [answer, setAnswer] = useState<SearchResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tags, setTags] = useState<Array<{ tag: string; count: number }>>([]);
  const [opening, setOpening] = useState<{ id: string; text: string; error: boolean } | null>(null);
  const [changes, setChanges] = useState(0);
  const asked = useRef(0);

  const active = text.trim() !== '' || Object.values(filters).some((v) => v !== '');

  useEffect(() => {
    if (!visible) return;
    env.annotations.tagCounts().then(setTags, () => undefined);
  }, [env, visible, changes]);

  useEffect(() => env.onAnnotationsChanged(() => setChanges((n) => n + 1)), [env]);

  useEffect(() => {
    if (!visible) return;
    const n = ++asked.current;
    if (!active) {
      setAnswer(null);
      setError(null);
      return;
    }
    const timer = setTimeout(() => {
      env.search(searchQuery(text, filters, env.script)).then(
        (r) => {
          if (n !== asked.current) return;
          setAnswer(r);
          setError(null);
        },
        (e: unknown) => {
          if (n !== asked.current) return;
          setError(e instanceof Error ? e.message : String(e));
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [env, text, filters, visible, changes]);

  const open = async (hit: SearchHit): Promise<void> => {
    if (hit.kind === 'measure') {
      setOpening(null);
      try {
        await env.openLibrary(hit.id);
      } catch (e) {
        setOpening({ id: hit.id, text: t('openFailed', String(e)), error: true });
      }
      return;
    }
    setOpening({ id: hit.id, text: t('openOpening'), error: false });
    try {
      const page = await env.openPage(hit.annotation);
      if (!page.ok) {
        setOpening({ id: hit.id, text: t('openNotWeb'), error: true });
        return;
      }
      const outcome = await env.revealInTab(page.tabId, hit.id);
      setOpening(
        outcome === 'revealed'
          ? null
          : { id: hit.id, text: t(outcome === 'orphan' ? 'openOrphan' : 'openTimeout'), error: true },
      );
    } catch (e) {
      setOpening({ id: hit.id, text: t('openFailed', String(e)), error: true });
    }
  };

  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K]): void =>
    setFilters((f) => ({ ...f, [key]: value }));

  const measureLang = env.script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
  const uiEnglish = t('uiLang') === 'en';

  return (
    <div class="everything" data-testid="everything">
      <div class="search-box">
        <SearchInput
          id={`${uid}-q`}
          label={t('searchLabel')}
          testId="search"
          value={text}
          describedBy={`${uid}-status`}
          inputRef={searchRef}
          onChange={setText}
        />
      </div>
      <fieldset class="filters">
        <legend>{t('filtersLabel')}</legend>
        <FilterSelect
          label={t('filterKind')}
          testId="filter-kind"
          value={filters.kind}
          anyLabel={t('filterKindAll')}
          choices={[
            { value: 'annotation', label: t('filterKindAnnotations') },
            { value: 'measure', label: t('filterKindMeasures') },
          ]}
          onChange={(v) => setFilter('kind', v as HitKind | '')}
        />
        <FilterSelect
          label={t('panelTags')}
          testId="filter-tag"
          value={filters.tag}
          choices={tagChoices(tags, langOf)}
          onChange={(v) => setFilter('tag', v)}
        />
        <FilterSelect
          label={t('panelColour')}
          testId="filter-colour"
          value={filters.colour}
          choices={colourChoices()}
          onChange={(v) => setFilter('colour', v as ColourId | '')}
        />
        <FilterSelect
          label={t('panelStatus')}
          testId="filter-status"
          value={filters.status}
          choices={statusChoices()}
          onChange={(v) => setFilter('status', v as Status | '')}
        />
        <FilterSelect
          label={t('filterPort')}
          testId="filter-port"
          value={filters.port}
          // Ports are names: English readers get their English names, Chinese readers their own.
          choices={env.ports.map((p) =>
            uiEnglish
              ? { value: p.port, label: p.port }
              : { value: p.port, label: p.portZh, lang: measureLang },
          )}
          onChange={(v) => setFilter('port', v)}
        />
      </fieldset>

      <p class="hint" id={`${uid}-status`} role="status" data-testid="search-status">
        {!active
          ? t('searchHint')
          : error !== null
            ? t('searchFailed', error)
            : answer
              ? t('searchCount', answer.total)
              : ''}
      </p>

      {active && answer ? (
        <ol class="results" data-testid="results">
          {answer.hits.map((hit) => (
            <li key={`${hit.kind}:${hit.id}`}>
              <button
                type="button"
                class={`result ${hit.kind}`}
                data-testid="result"
                data-kind={hit.kind}
                data-id={hit.id}
                onClick={() => void open(hit)}
              >
                <ResultBody hit={hit} measureLang={measureLang} ports={env.ports} />
              </button>
              {opening?.id === hit.id ? (
                <p
                  class={opening.error ? 'error' : 'hint'}
                  role={opening.error ? 'alert' : 'status'}
                  data-testid="open-status"
                >
                  {opening.text}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

/** A hit's snippet, its matches marked. */
function SnippetOf({ hit, measureLang }: { hit: SearchHit; measureLang: string }) {
  const sn = hit.snippet;
  if (!sn) return null;
  return (
    <Marked
      text={sn.text}
      highlights={sn.highlights}
      lang={hit.kind === 'measure' ? measureLang : langOf(sn.text)}
      cutStart={sn.start > 0}
      cutEnd={sn.cutEnd}
    />
  );
}

/**
 * What a result shows: for an annotation its colour, page title, status, the matching stretch and
 * its tags; for a measure its port, number and title, and the matching stretch of its text. A match
 * in the title is marked in the title itself rather than repeated below it.
 */
function ResultBody({
  hit,
  measureLang,
  ports,
}: {
  hit: SearchHit;
  measureLang: string;
  ports: PanelEnv['ports'];
}) {
  const field = hit.snippet?.field;
  const inHead = field === 'title' || field === 'pageTitle';
  return (
    <>
      {hit.kind === 'annotation' ? (
        <span class="result-head">
          <span
            class="swatch"
            aria-hidden="true"
            style={{ background: COLOURS.find((c) => c.id === hit.annotation.colour)?.swatch }}
          />
          {inHead ? (
            <span class="result-title">
              <SnippetOf hit={hit} measureLang={measureLang} />
            </span>
          ) : (
            <Quoted text={hit.annotation.page.title || hit.annotation.page.url} class="result-title" />
          )}
          {hit.annotation.status !== 'none' ? (
            <span class="result-status">{statusName(hit.annotation.status)}</span>
          ) : null}
        </span>
      ) : (
        <span class="result-head">
          <span class="result-kind">{t('resultMeasure')}</span>
          <span class="result-title" lang={measureLang}>
            {ports.find((p) => p.port === hit.measure.port)?.portZh ?? hit.measure.portZh}{' '}
            {hit.measure.number ?? ''}{' '}
            {inHead ? <SnippetOf hit={hit} measureLang={measureLang} /> : hit.measure.title}
          </span>
        </span>
      )}
      {hit.snippet && !inHead ? (
        <span class="result-snippet">
          <span class="result-field">{t(FIELD_LABEL[hit.snippet.field])}</span>{' '}
          <SnippetOf hit={hit} measureLang={measureLang} />
        </span>
      ) : null}
      {hit.kind === 'annotation' && hit.annotation.tags.length > 0 ? (
        <span class="result-tags">
          {hit.annotation.tags.map((tag) => (
            <Quoted key={tag} text={tag} class="tag" />
          ))}
        </span>
      ) : null}
    </>
  );
}
