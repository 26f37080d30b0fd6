/**
 * The Compare section (`#compare`): the port × instrument matrix and the timeline of documents and
 * deadlines, with what the reader picked listed as text under each picture.
 *
 * Its address keeps what is picked, so that back and forward and a copied address bring it back:
 * `cell=<port>|<instrument>` (the cell whose measures are listed), `scope=all` (every instrument,
 * not only those of two ports or more), `field=<id>`, `follow=<instrument>` (ringed on the
 * timeline), `mark=doc:<id>` or `mark=deadline:<port>|<date>`. Choosing a cell or a mark is a new
 * history entry; changing a filter replaces the current one.
 */
import { useEffect, useId, useMemo } from 'preact/hooks';
import { t } from '../../../lib/i18n.ts';
import {
  cellKey,
  compareMatrix,
  compareTimeline,
  instrumentTerms,
  portLabel,
  type CompareInstrument,
  type CompareMatrix,
  type CompareTimeline,
  type TimelineDeadlines,
  type TimelineLane,
} from '../../../lib/library/compare.ts';
import type { LibraryEnv, LibraryViewProps } from '../../../lib/library/env.ts';
import { param, withParams } from '../../../lib/library/route.ts';
import { convertScript } from '../../../lib/cards/script.ts';
import type { LibraryCorpus } from '../../../lib/library/corpus.ts';
import { documentName, documentTitle, instrumentName, scriptLang } from './labels.ts';
import { Matrix, MatrixLegend } from './Matrix.tsx';
import { markValue, parseMark, Timeline, TimelineLegend, type TimelineMark } from './Timeline.tsx';
import './compare.css';

/** The pictures of one corpus, computed once per corpus. */
const computed = new WeakMap<LibraryCorpus, { matrix: CompareMatrix; timeline: CompareTimeline }>();

function pictures(corpus: LibraryCorpus): { matrix: CompareMatrix; timeline: CompareTimeline } {
  let p = computed.get(corpus);
  if (!p) {
    const matrix = compareMatrix(corpus.corpus, corpus.related);
    p = { matrix, timeline: compareTimeline(corpus.corpus, matrix) };
    computed.set(corpus, p);
  }
  return p;
}

/** The instrument the timeline follows when the reader has not picked one: the most widely used. */
function defaultFollow(matrix: CompareMatrix): string | null {
  const best = [...matrix.instruments].sort((a, b) => b.ports - a.ports || b.total - a.total)[0];
  return best?.id ?? null;
}

export function CompareView({ env, route }: LibraryViewProps) {
  const uid = useId();
  const { matrix, timeline } = useMemo(() => pictures(env.corpus), [env.corpus]);
  const lang = env.uiLang;
  const title = t('sectionCompare');
  useEffect(() => env.setTitle(title), [env, title]);

  const scope = param(route, 'scope') === 'all' ? 'all' : 'shared';
  const field = param(route, 'field');
  const cellParam = param(route, 'cell');
  const bar = cellParam.indexOf('|');
  const selected = bar > 0 ? { port: cellParam.slice(0, bar), instrument: cellParam.slice(bar + 1) } : null;
  const followParam = param(route, 'follow');
  const follow =
    followParam === 'none'
      ? null
      : matrix.instruments.some((r) => r.id === followParam)
        ? followParam
        : defaultFollow(matrix);
  const mark = parseMark(param(route, 'mark'));

  const fields = useMemo(() => {
    const seen = new Map<string, CompareInstrument['field']>();
    for (const r of matrix.instruments) if (r.field && !seen.has(r.field.id)) seen.set(r.field.id, r.field);
    return [...seen.values()];
  }, [matrix]);
  const rows = matrix.instruments.filter(
    (r) => (scope === 'all' || r.ports >= 2) && (field === '' || r.field?.id === field),
  );

  const go = (change: Record<string, string | null>, replace: boolean): void =>
    env.navigate(withParams(route, change), { replace });

  return (
    <section class="library-view compare" data-testid="compare">
      <h2 tabIndex={-1}>{title}</h2>

      <section class="compare-part" aria-labelledby={`${uid}-mt`}>
        <h3 id={`${uid}-mt`}>{t('compareMatrixTitle')}</h3>
        <p id={`${uid}-mh`} class="compare-help">
          {t('compareMatrixHelp')}
        </p>
        <div class="compare-controls">
          <label>
            {t('compareScope')}{' '}
            <select
              data-testid="compare-scope"
              value={scope}
              onChange={(e) =>
                go({ scope: (e.currentTarget as HTMLSelectElement).value === 'all' ? 'all' : null }, true)
              }
            >
              <option value="shared">{t('compareScopeShared')}</option>
              <option value="all">{t('compareScopeAll')}</option>
            </select>
          </label>
          <label>
            {t('compareField')}{' '}
            <select
              data-testid="compare-field"
              value={field}
              onChange={(e) => go({ field: (e.currentTarget as HTMLSelectElement).value }, true)}
            >
              <option value="">{t('compareFieldAll')}</option>
              {fields.map((f) =>
                f ? (
                  <option key={f.id} value={f.id}>
                    {f.labels[lang]}
                  </option>
                ) : null,
              )}
            </select>
          </label>
          <span class="compare-count" role="status" data-testid="compare-count">
            {t('compareShowing', rows.length, matrix.instruments.length)}
          </span>
        </div>
        <MatrixLegend max={matrix.max} />
        <div class="compare-scroll">
          {rows.length > 0 ? (
            <Matrix
              matrix={matrix}
              rows={rows}
              lang={lang}
              selected={selected}
              onSelect={(port, instrument) => go({ cell: `${port}|${instrument}` }, false)}
              titleId={`${uid}-mt`}
              helpId={`${uid}-mh`}
            />
          ) : (
            <p data-testid="compare-no-rows">{t('compareNoRows')}</p>
          )}
        </div>
        <CellList env={env} matrix={matrix} selected={selected} />
      </section>

      <section class="compare-part" aria-labelledby={`${uid}-tt`}>
        <h3 id={`${uid}-tt`}>{t('compareTimelineTitle', timeline.from, timeline.to)}</h3>
        <p id={`${uid}-th`} class="compare-help">
          {t('compareTimelineHelp')}
        </p>
        <div class="compare-controls">
          <label>
            {t('compareFollow')}{' '}
            <select
              data-testid="compare-follow"
              value={follow ?? 'none'}
              onChange={(e) => go({ follow: (e.currentTarget as HTMLSelectElement).value }, true)}
            >
              <option value="none">{t('compareFollowNone')}</option>
              {fields.map((f) =>
                f ? (
                  <optgroup key={f.id} label={f.labels[lang]}>
                    {matrix.instruments
                      .filter((r) => r.field?.id === f.id)
                      .map((r) => (
                        <option key={r.id} value={r.id}>
                          {instrumentName(r, lang)}
                        </option>
                      ))}
                  </optgroup>
                ) : null,
              )}
            </select>
          </label>
        </div>
        <TimelineLegend />
        <div class="compare-scroll">
          <Timeline
            timeline={timeline}
            lang={lang}
            docName={(lane, d) => docMarkName(env, lane, d.docId, d.firsts.length)}
            deadlineName={(lane, d) => deadlineName(portLabel(lane, lang), d)}
            follow={follow}
            selected={mark}
            onSelect={(m) => go({ mark: markValue(m) }, false)}
            titleId={`${uid}-tt`}
            helpId={`${uid}-th`}
          />
        </div>
        {follow ? <FirstAppearances env={env} matrix={matrix} timeline={timeline} follow={follow} /> : null}
        {mark ? (
          <MarkDetails
            env={env}
            matrix={matrix}
            timeline={timeline}
            mark={mark}
            onFollow={(id) => go({ follow: id }, true)}
          />
        ) : null}
      </section>
    </section>
  );
}

/** A deadline mark's name: port, date, how many measures, how many of those dates are inferred. */
function deadlineName(port: string, d: TimelineDeadlines): string {
  const n = d.measureIds.length;
  if (d.inferred === 0) return t('compareDeadlineName', port, d.date, n);
  if (d.inferred === n) return t('compareDeadlineNameInferred', port, d.date, n);
  return t('compareDeadlineNameSome', port, d.date, n, d.inferred);
}

/** A document mark's accessible name: port and date, measures, instruments new to the port. */
function docMarkName(env: LibraryEnv, lane: TimelineLane, docId: string, firsts: number): string {
  const doc = env.corpus.document(docId);
  if (!doc) return docId;
  const date = doc.dateInferred ? `${doc.date} (${t('cardInferred')})` : doc.date;
  // The title (the document's own words) is shown beside the picture when the mark is chosen: the
  // name stays in the reader's language.
  return t('compareDocName', portLabel(lane, env.uiLang), date, env.corpus.measuresOf(docId).length, firsts);
}

/** One measure as a link to the library's measure view: number and title in the reader's script. */
function MeasureLink({ env, id, terms }: { env: LibraryEnv; id: string; terms?: readonly string[] }) {
  const m = env.corpus.measure(id);
  const doc = m ? env.corpus.document(m.docId) : undefined;
  if (!m || !doc) return null;
  const title = doc.script === env.script ? m.title : m.titleOther;
  return (
    <li data-testid="compare-measure" data-measure-id={id}>
      <a href={env.href({ view: 'measure', id, params: {} })}>
        <span class="compare-doc">{documentName(doc, env.uiLang)}</span>{' '}
        <span lang={scriptLang(env.script)}>
          {env.corpus.number(id)} {title}
        </span>
      </a>
      {terms && terms.length > 0 ? (
        <span class="compare-terms">
          {' '}
          · {t('compareNamedAs')}{' '}
          <span lang={scriptLang(env.script)}>
            {terms.map((x) => convertScript(x, 'Hans', env.script)).join('、')}
          </span>
        </span>
      ) : null}
    </li>
  );
}

/** The measures of the chosen cell, or a hint to choose one. */
function CellList({
  env,
  matrix,
  selected,
}: {
  env: LibraryEnv;
  matrix: CompareMatrix;
  selected: { port: string; instrument: string } | null;
}) {
  const row = selected ? matrix.instruments.find((r) => r.id === selected.instrument) : undefined;
  const port = selected ? matrix.ports.find((p) => p.port === selected.port) : undefined;
  if (!selected || !row || !port) {
    return (
      <p class="compare-hint" data-testid="cell-hint">
        {t('compareCellHint')}
      </p>
    );
  }
  const ids = matrix.cells.get(cellKey(port.port, row.id)) ?? [];
  const portName = portLabel(port, env.uiLang);
  const name = instrumentName(row, env.uiLang);
  return (
    <div
      class="compare-list"
      data-testid="cell-list"
      data-port={port.port}
      data-instrument={row.id}
      aria-live="polite"
    >
      <h4>
        {portName} · {name}
      </h4>
      {env.uiLang === 'en' ? <p class="compare-definition">{row.definition}</p> : null}
      {ids.length === 0 ? (
        <p data-testid="cell-empty">{t('compareCellEmpty', portName, name)}</p>
      ) : (
        <>
          <p>
            {ids.length === 1
              ? t('compareCellOne', portName, name)
              : t('compareCellMany', portName, name, ids.length)}
          </p>
          <ol>
            {ids.map((id) => (
              <MeasureLink
                key={id}
                env={env}
                id={id}
                terms={instrumentTerms(env.corpus.corpus, env.corpus.related, id, row.id)}
              />
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

/** Where the followed instrument first appears in each port, by year, as text. */
function FirstAppearances({
  env,
  matrix,
  timeline,
  follow,
}: {
  env: LibraryEnv;
  matrix: CompareMatrix;
  timeline: CompareTimeline;
  follow: string;
}) {
  const row = matrix.instruments.find((r) => r.id === follow);
  if (!row) return null;
  const firsts = timeline.lanes
    .map((lane) => ({ lane, docId: lane.first.get(follow) }))
    .filter((x): x is { lane: TimelineLane; docId: string } => x.docId !== undefined)
    .map((x) => ({ ...x, doc: x.lane.documents.find((d) => d.docId === x.docId) }))
    .sort((a, b) => (a.doc?.at ?? 0) - (b.doc?.at ?? 0));
  const absent = timeline.lanes.filter((lane) => !lane.first.has(follow));
  return (
    <div class="compare-list" data-testid="first-appearances" data-instrument={follow}>
      <h4>{t('compareFirstTitle', instrumentName(row, env.uiLang))}</h4>
      <ol>
        {firsts.map(({ lane, docId }) => {
          const doc = env.corpus.document(docId);
          if (!doc) return null;
          const ids = (matrix.cells.get(cellKey(lane.port, follow)) ?? []).filter(
            (id) => env.corpus.measure(id)?.docId === docId,
          );
          return (
            <li key={lane.port} data-testid="first-appearance" data-port={lane.port} data-doc={docId}>
              <a href={env.href({ view: 'doc', docId, at: null, params: {} })}>
                {documentName(doc, env.uiLang)}
              </a>{' '}
              <span lang={scriptLang(env.script)}>{documentTitle(doc, env.script)}</span>
              <ul>
                {ids.map((id) => (
                  <MeasureLink key={id} env={env} id={id} />
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
      {absent.length > 0 ? (
        <p data-testid="first-absent">
          {t('compareNotUsedIn', absent.map((l) => portLabel(l, env.uiLang)).join(t('compareListSeparator')))}
        </p>
      ) : null}
    </div>
  );
}

/** What a chosen mark stands for: a document's new instruments, or a port's deadlines on a date. */
function MarkDetails({
  env,
  matrix,
  timeline,
  mark,
  onFollow,
}: {
  env: LibraryEnv;
  matrix: CompareMatrix;
  timeline: CompareTimeline;
  mark: TimelineMark;
  onFollow(id: string): void;
}) {
  const byId = new Map(matrix.instruments.map((r) => [r.id, r]));
  if (mark.kind === 'doc') {
    const lane = timeline.lanes.find((l) => l.documents.some((d) => d.docId === mark.docId));
    const d = lane?.documents.find((x) => x.docId === mark.docId);
    const doc = env.corpus.document(mark.docId);
    if (!lane || !d || !doc) return null;
    return (
      <div class="compare-list" data-testid="mark-details" data-doc={d.docId} aria-live="polite">
        <h4>
          {documentName(doc, env.uiLang)} ·{' '}
          <span lang={scriptLang(env.script)}>{documentTitle(doc, env.script)}</span>
        </h4>
        <p>
          {t('compareDocSummary', env.corpus.measuresOf(d.docId).length, d.instruments, d.firsts.length)}{' '}
          <a href={env.href({ view: 'doc', docId: d.docId, at: null, params: {} })}>
            {t('compareReadDocument')}
          </a>
        </p>
        {d.firsts.length > 0 ? (
          <ul class="compare-chips" aria-label={t('compareFirstsLabel', portLabel(lane, env.uiLang))}>
            {d.firsts.map((id) => {
              const row = byId.get(id);
              return row ? (
                <li key={id}>
                  <button
                    type="button"
                    class="chip"
                    data-testid="follow-instrument"
                    onClick={() => onFollow(id)}
                  >
                    {instrumentName(row, env.uiLang)}
                  </button>
                </li>
              ) : null;
            })}
          </ul>
        ) : null}
      </div>
    );
  }
  const lane = timeline.lanes.find((l) => l.port === mark.port);
  const d = lane?.deadlines.find((x) => x.date === mark.date);
  if (!lane || !d) return null;
  const first = env.corpus.measure(d.measureIds[0] ?? '');
  const doc = first ? env.corpus.document(first.docId) : undefined;
  const label = first?.deadline ? convertScript(first.deadline.label, doc?.script ?? 'Hans', env.script) : '';
  return (
    <div
      class="compare-list"
      data-testid="mark-details"
      data-port={lane.port}
      data-date={d.date}
      aria-live="polite"
    >
      <h4>{deadlineName(portLabel(lane, env.uiLang), d)}</h4>
      {label ? (
        <p>
          {t('cardDeadline')}: <span lang={scriptLang(env.script)}>{label}</span>
        </p>
      ) : null}
      <ol>
        {d.measureIds.map((id) => (
          <MeasureLink key={id} env={env} id={id} />
        ))}
      </ol>
    </div>
  );
}
