/**
 * A corpus document in full (`#doc=<docId>`), as printed and in its own script: its title, facts,
 * and every line of its text (`lib/library/document.ts`), with each measure marked and labelled by
 * its number as printed (with as much path as it needs: `(六)1.`), Changsha's task table as a
 * table, and the reader's highlights drawn on the text where their quotes are found, their notes
 * one click away.
 *
 * An address may point into the document: `#doc=dalian-2023/(十三)` (a printed number or path, as a
 * reader cites it) or `#doc=dalian-2023:2.13` (an id). That measure is outlined, scrolled to and
 * focused. A number several measures print (a bare `1.` in Xiamen 2024) lists them to choose from;
 * one the document does not print says so, over the whole document (never an empty page).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Annotation } from '../../../lib/annotation/model.ts';
import { t } from '../../../lib/i18n.ts';
import type { DocBlock } from '../../../lib/library/document.ts';
import type { LibraryEnv, LibraryViewProps } from '../../../lib/library/env.ts';
import { markPieces, type QuoteMark } from '../../../lib/library/marks.ts';
import { portName } from '../../../lib/library/measure-filters.ts';
import type { PrintedResolution } from '../../../lib/library/printed.ts';
import type { Route } from '../../../lib/library/route.ts';
import { Inferred } from '../../card/parts.tsx';
import { MyAnnotations } from '../MyAnnotations.tsx';
import { useMeasureAnnotations } from '../use-mine.ts';

/** Where the address points in the document. */
type Target =
  | { kind: 'none' }
  | { kind: 'measure'; id: string }
  | { kind: 'unresolved'; resolution: PrintedResolution; asked: string };

function targetOf(env: LibraryEnv, route: Route): Target {
  if (route.view !== 'doc' || route.at === null) return { kind: 'none' };
  if (route.at.kind === 'id') {
    const m = env.corpus.measure(route.at.id);
    return m && m.docId === route.docId
      ? { kind: 'measure', id: m.id }
      : { kind: 'unresolved', resolution: { kind: 'none' }, asked: route.at.id };
  }
  const r = env.corpus.resolvePrinted(route.docId, route.at.path);
  return r.kind === 'found'
    ? { kind: 'measure', id: r.measure.id }
    : { kind: 'unresolved', resolution: r, asked: route.at.path };
}

/** The address of a measure in its document by its printed number. */
function printedRoute(env: LibraryEnv, docId: string, id: string): Route {
  return { view: 'doc', docId, at: { kind: 'path', path: env.corpus.number(id) }, params: {} };
}

export function DocumentView({ env, route }: LibraryViewProps) {
  const docId = route.view === 'doc' ? route.docId : '';
  const doc = env.corpus.document(docId);
  const target = targetOf(env, route);
  const targetId = target.kind === 'measure' ? target.id : null;
  const ids = useMemo(() => env.corpus.measuresOf(docId).map((m) => m.id), [env, docId]);
  const mine = useMeasureAnnotations(env, ids);
  const textRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!doc) env.setTitle(t('libraryNotFound'));
    else env.setTitle(targetId ? `${env.corpus.number(targetId)} · ${doc.title}` : doc.title);
  }, [env, doc, targetId]);

  // The measure the address names is brought into view and focused (also on a first load).
  useLayoutEffect(() => {
    if (!targetId) return;
    const el = textRef.current?.querySelector<HTMLElement>(`[data-measure-id="${CSS.escape(targetId)}"]`);
    el?.focus();
  }, [targetId, docId]);

  if (!doc) {
    return (
      <section class="library-view">
        <h2 tabIndex={-1}>{t('libraryNoDocument')}</h2>
        <p data-testid="document-not-found">
          <code lang="zxx">{docId}</code>
        </p>
        <p>
          <a href={env.href({ view: 'documents', params: {} })}>{t('sectionDocuments')}</a>
        </p>
      </section>
    );
  }
  const lang = doc.script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
  const blocks = env.corpus.blocks(doc.id);
  const count = ids.length;
  return (
    <article class="library-view document-view" data-testid="document" data-doc-id={doc.id}>
      <nav class="crumbs" aria-label={t('libraryWhere')}>
        <a href={env.href({ view: 'documents', params: {} })}>{t('sectionDocuments')}</a>
        <span aria-hidden="true"> › </span>
        <span>
          {portName(doc.port, doc.portZh, env.uiLang, env.script)} · {doc.date.slice(0, 4)}
        </span>
      </nav>
      <h2 tabIndex={-1} data-testid="document-title">
        <span lang={lang}>{doc.title}</span>
        <Inferred when={doc.titleInferred} />
      </h2>
      <p class="doc-facts">
        <span lang={lang}>{doc.issuer}</span>
        <Inferred when={doc.issuerInferred} /> · {doc.date}
        <Inferred when={doc.dateInferred} /> · {t('documentMeasures', count)} ·{' '}
        <a href={env.href({ view: 'measures', params: { doc: doc.id } })}>{t('documentListMeasures')}</a>
      </p>
      {target.kind === 'unresolved' ? (
        <Unresolved env={env} docId={doc.id} target={target} lang={lang} />
      ) : null}
      <div class="doc-text" ref={textRef} data-testid="document-text" data-lang={lang}>
        {blocks.map((b, i) => (
          <Block key={i} env={env} docId={doc.id} block={b} targetId={targetId} mine={mine} lang={lang} />
        ))}
      </div>
    </article>
  );
}

function Unresolved({
  env,
  docId,
  target,
  lang,
}: {
  env: LibraryEnv;
  docId: string;
  target: Extract<Target, { kind: 'unresolved' }>;
  lang: string;
}) {
  if (target.resolution.kind === 'ambiguous') {
    return (
      <div class="library-notice" role="status" data-testid="printed-ambiguous">
        <p>
          <q lang={lang}>{target.asked}</q> {t('printedAmbiguous')}
        </p>
        <ul>
          {target.resolution.candidates.map((m) => (
            <li key={m.id}>
              <a href={env.href(printedRoute(env, docId, m.id))} lang={lang}>
                {env.corpus.number(m.id)} {m.title}
              </a>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <p class="library-notice" role="status" data-testid="printed-none">
      <q lang={lang}>{target.asked}</q> {t('printedNone')}
    </p>
  );
}

interface BlockProps {
  env: LibraryEnv;
  docId: string;
  block: DocBlock;
  targetId: string | null;
  mine: Map<string, Annotation[]> | null;
  /** The document's language (its script): on every piece of its text, not on the UI around it. */
  lang: string;
}

function Block({ env, docId, block: b, targetId, mine, lang }: BlockProps) {
  if (b.kind === 'text')
    return b.heading ? (
      <h3 class="doc-heading" lang={lang}>
        {b.text}
      </h3>
    ) : (
      <p class="doc-line" lang={lang}>
        {b.text}
      </p>
    );
  if (b.kind === 'measure') {
    const own = mine?.get(b.id) ?? [];
    const quotes = toQuotes(own);
    const target = b.id === targetId;
    return (
      <section
        class={`doc-measure${target ? ' target' : ''}`}
        data-measure-id={b.id}
        data-testid="doc-measure"
        tabIndex={-1}
        aria-current={target ? 'true' : undefined}
        aria-labelledby={`doc-number-${b.id}`}
        data-autofocus={target ? '' : undefined}
      >
        <MeasureLabel env={env} docId={docId} id={b.id} mine={own.length} lang={lang} />
        {b.lines.map((line, i) => (
          <p key={i} class="doc-line" lang={lang}>
            <Line line={line} quotes={quotes} />
          </p>
        ))}
        {own.length > 0 ? <MineDetails env={env} items={own} /> : null}
      </section>
    );
  }
  return (
    <table class="doc-table" lang={lang}>
      <thead>
        <tr>
          {b.header.map((h, i) => (
            <th key={i} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {b.rows.map((r, i) => {
          if (r.kind === 'group') {
            return (
              <tr key={i} class="doc-group">
                <th colSpan={b.header.length} scope="rowgroup">
                  {r.text}
                </th>
              </tr>
            );
          }
          const own = mine?.get(r.id) ?? [];
          const quotes = toQuotes(own);
          const target = r.id === targetId;
          return (
            <tr
              key={i}
              class={`doc-measure doc-task${target ? ' target' : ''}`}
              data-measure-id={r.id}
              data-testid="doc-measure"
              tabIndex={-1}
              aria-current={target ? 'true' : undefined}
              data-autofocus={target ? '' : undefined}
            >
              {r.cells.map((c, j) => (
                <td key={j}>
                  {j === 0 ? (
                    <MeasureLabel env={env} docId={docId} id={r.id} mine={own.length} text={c} lang={lang} />
                  ) : (
                    <Line line={c} quotes={j === 1 ? quotes : []} />
                  )}
                  {j === 1 && own.length > 0 ? <MineDetails env={env} items={own} /> : null}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * A measure's annotations behind a disclosure. The list (notes rendered from Markdown) is built
 * only once opened: a document with hundreds of annotations paints without rendering them all.
 */
function MineDetails({ env, items }: { env: LibraryEnv; items: readonly Annotation[] }) {
  const [open, setOpen] = useState(false);
  return (
    <details
      class="doc-mine"
      lang={env.uiLang}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>{t('documentMine', items.length)}</summary>
      {open ? <MyAnnotations env={env} items={items} /> : null}
    </details>
  );
}

function toQuotes(list: readonly Annotation[]): QuoteMark[] {
  return list.map((a) => ({ id: a.id, colour: a.colour, exact: a.quote.exact }));
}

/** A line with the reader's highlights on it. */
function Line({ line, quotes }: { line: string; quotes: readonly QuoteMark[] }) {
  const pieces = markPieces(line, quotes);
  return (
    <>
      {pieces.map((p, i) =>
        p.colour === null ? (
          p.text
        ) : (
          <mark key={i} class={`mine colour-${p.colour}`} data-annotation-ids={p.ids.join(' ')}>
            {p.text}
          </mark>
        ),
      )}
    </>
  );
}

/**
 * A measure's label beside its text: its number as printed (unambiguous in the document), which is
 * also its permanent address in the document, a link to the measure's own view, and how many
 * annotations the reader has on it.
 */
function MeasureLabel({
  env,
  docId,
  id,
  mine,
  text,
  lang,
}: {
  env: LibraryEnv;
  docId: string;
  id: string;
  mine: number;
  text?: string;
  lang: string;
}) {
  const printed = env.corpus.number(id);
  return (
    <span class="doc-label" lang={env.uiLang}>
      <a
        class="doc-number"
        href={env.href(printedRoute(env, docId, id))}
        title={t('documentAddress')}
        data-testid="doc-number"
        id={`doc-number-${id}`}
      >
        <span lang={lang}>{text ?? printed}</span>
      </a>
      <a class="doc-open" href={env.href({ view: 'measure', id, params: {} })} data-testid="doc-open-measure">
        {t('documentOpenMeasure')}
        <span class="sr-only" lang={lang}>
          {' '}
          {printed}
        </span>
      </a>
      {mine > 0 ? <span class="doc-mine-count">{t('measureAnnotations', mine)}</span> : null}
    </span>
  );
}
