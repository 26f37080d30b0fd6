/**
 * The library page, for now one measure at a time: `library.html#measure=<id>` shows everything
 * the corpus knows about a measure (the same facts as its card, plus its whole text), and each
 * related measure links to its own `#measure=<id>`. Cards in pages open it through the background.
 *
 * Corpus text reaches the DOM only as Preact text nodes.
 */
import { useEffect, useState } from 'preact/hooks';
import { measureHash, parseMeasureHash } from '../lib/cards/library-link.ts';
import type { Script } from '../lib/corpus/types.ts';
import { t } from '../lib/i18n.ts';
import type { CardInstrument, CardRelated, MeasureDetail } from '../lib/messaging.ts';
import { timeLimitText } from './card/parts.tsx';

/** The UI language's key for thesaurus labels (`uiLang` in messages.json). */
function uiLang(): keyof CardInstrument['labels'] {
  const lang = t('uiLang');
  return lang === 'zh-CN' || lang === 'zh-TW' ? lang : 'en';
}

const lang = (script: Script): string => (script === 'Hant' ? 'zh-Hant' : 'zh-Hans');

/** The "inferred" mark after a fact that is our reading rather than the text's. */
function Inferred({ when }: { when: boolean }) {
  return when ? <span class="library-inferred">（{t('cardInferred')}）</span> : null;
}

function RelatedItem({ r }: { r: CardRelated }) {
  return (
    <li data-testid="related-item" data-measure-id={r.id}>
      <a href={measureHash(r.id)}>
        <span class="library-related-port">{r.port}</span>{' '}
        <span class="library-related-number">{r.number}</span>{' '}
        <span class="library-related-title">{r.title}</span>
      </a>
      <div class="library-related-meta">
        <span class="library-related-doc">{r.docTitle}</span> · {t('cardRelatedness')}{' '}
        {Math.round(r.score * 100)}%
        {r.group ? <span class="library-related-group"> · {r.group.labels[uiLang()]}</span> : null}
      </div>
      {r.why.length > 0 ? (
        <div class="library-related-why">
          {t('cardWhy')}: {r.why.join('、')}
        </div>
      ) : null}
    </li>
  );
}

/** Props for {@link LibraryMeasure}. */
export interface LibraryMeasureProps {
  measure: MeasureDetail;
  script: Script;
}

/** One measure, in full. */
export function LibraryMeasure({ measure: m, script }: LibraryMeasureProps) {
  const agencyNote =
    m.agencySource === 'issuer' ? t('cardFromIssuer') : m.agencySource === 'table' ? t('cardFromTable') : '';
  return (
    <article class="library-measure" data-testid="library-measure" data-measure-id={m.id} lang={lang(script)}>
      <h2 class="library-measure-title" data-testid="measure-title">
        {m.title}
      </h2>
      <dl class="library-facts">
        <dt>{t('cardDocument')}</dt>
        <dd data-testid="measure-document">
          {m.docTitle}
          <Inferred when={m.docTitleInferred} /> · {m.docDate}
          <Inferred when={m.docDateInferred} />
        </dd>
        <dt>{t('cardPort')}</dt>
        <dd data-testid="measure-port">{m.port}</dd>
        <dt>{t('cardNumber')}</dt>
        <dd data-testid="measure-number">{m.number}</dd>
        <dt>{t('cardIssuer')}</dt>
        <dd data-testid="measure-issuer">
          {m.issuer}
          <Inferred when={m.issuerInferred} />
        </dd>
        <dt>{t('cardLead')}</dt>
        <dd data-testid="measure-lead">
          {m.leadAgencies.join('、')}
          {agencyNote ? <span class="library-note"> {agencyNote}</span> : null}
        </dd>
        {m.coAgencies.length > 0 ? (
          <>
            <dt>{t('cardCo')}</dt>
            <dd data-testid="measure-co">{m.coAgencies.join('、')}</dd>
          </>
        ) : null}
        <dt>{t('cardDeadline')}</dt>
        <dd data-testid="measure-deadline">
          {m.deadline ? (
            <>
              {m.deadline.label} ({m.deadline.date})
              <Inferred when={m.deadline.inferred} />
            </>
          ) : (
            t('cardNoDeadline')
          )}
        </dd>
        {m.timeLimits.length > 0 ? (
          <>
            <dt>{t('cardTimeLimits')}</dt>
            <dd>
              <ul class="library-time-limits" data-testid="measure-time-limits">
                {m.timeLimits.map((tl, i) => (
                  <li key={i}>
                    {tl.quote} <span class="library-limit">{timeLimitText(tl)}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>{t('cardThemes')}</dt>
        <dd class="library-themes" data-testid="measure-themes">
          {m.themes.map((th) => (
            <span key={th.id} class="library-theme" data-theme={th.id}>
              {th.label}
            </span>
          ))}
        </dd>
      </dl>
      <section class="library-text">
        <h3>{t('libraryText')}</h3>
        <p data-testid="measure-text">{m.text}</p>
      </section>
      <section class="library-related">
        <h3>{t('cardRelated')}</h3>
        {m.related.length > 0 ? (
          <ol data-testid="related-list">
            {m.related.map((r) => (
              <RelatedItem key={r.id} r={r} />
            ))}
          </ol>
        ) : (
          <p>{t('cardRelatedNone')}</p>
        )}
      </section>
    </article>
  );
}

/** Props for {@link LibraryPage}. */
export interface LibraryPageProps {
  script: Script;
  /** Asks the background for a measure. */
  getMeasure(id: string, script: Script): Promise<MeasureDetail | null>;
  /** The window whose location hash names the measure (injectable for tests). */
  win?: Pick<Window, 'location' | 'addEventListener' | 'removeEventListener'> & { document: Document };
}

type View =
  | { kind: 'none' }
  | { kind: 'loading'; id: string }
  | { kind: 'found'; measure: MeasureDetail }
  | { kind: 'missing'; id: string }
  | { kind: 'error'; message: string };

/** The library page: follows `#measure=<id>` (and its changes) and shows that measure. */
export function LibraryPage({ script, getMeasure, win = window }: LibraryPageProps) {
  const [id, setId] = useState<string | null>(() => parseMeasureHash(win.location.hash));
  const [view, setView] = useState<View>({ kind: 'none' });

  useEffect(() => {
    const onHash = (): void => setId(parseMeasureHash(win.location.hash));
    win.addEventListener('hashchange', onHash);
    return () => win.removeEventListener('hashchange', onHash);
  }, [win]);

  useEffect(() => {
    if (id === null) {
      setView({ kind: 'none' });
      return;
    }
    let current = true;
    setView({ kind: 'loading', id });
    getMeasure(id, script).then(
      (measure) => {
        if (current) setView(measure ? { kind: 'found', measure } : { kind: 'missing', id });
      },
      (e: unknown) => {
        if (current) setView({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      current = false;
    };
  }, [id, script, getMeasure]);

  useEffect(() => {
    win.document.title =
      view.kind === 'found' ? `${view.measure.title} · ${t('libraryTitle')}` : t('libraryTitle');
  }, [view, win]);

  return (
    <main class="library">
      <h1 class="library-title">{t('libraryTitle')}</h1>
      {view.kind === 'none' ? <p data-testid="library-empty">{t('libraryChoose')}</p> : null}
      {view.kind === 'loading' ? <p aria-busy="true">{t('libraryLoading')}</p> : null}
      {view.kind === 'missing' ? (
        <p data-testid="library-not-found">
          {t('libraryNotFound')} <code>{view.id}</code>
        </p>
      ) : null}
      {view.kind === 'error' ? (
        <p role="alert" data-testid="library-error">
          {view.message}
        </p>
      ) : null}
      {view.kind === 'found' ? <LibraryMeasure measure={view.measure} script={script} /> : null}
    </main>
  );
}
