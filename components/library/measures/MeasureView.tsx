/**
 * One measure (`#measure=<id>`): its card fields (document, port, number as printed, issuer,
 * agencies, deadline, time limits, themes), its whole text, the reader's annotations of it, and its
 * related measures in the card's sections, grouped by the instrument they share. Any related
 * measure opens side by side with this one (`&with=<id>`), clause by clause: the same wording, the
 * same instrument in other words, or new.
 *
 * Corpus text is shown in the UI language's script (a reader of zh-TW gets Traditional), with its
 * `lang`; it reaches the DOM only as Preact text.
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { CardRelated, MeasureDetail } from '../../../lib/messaging.ts';
import type { RelatedSection } from '../../../lib/match/related.ts';
import { t, type MessageKey } from '../../../lib/i18n.ts';
import { themeLabel, type ThemeId } from '../../../lib/themes.ts';
import type { LabelLang } from '../../../lib/thesaurus/thesaurus.ts';
import type { LibraryEnv, LibraryViewProps } from '../../../lib/library/env.ts';
import { param, withParams, type Route } from '../../../lib/library/route.ts';
import { agencyNote } from '../../card/MeasureCard.tsx';
import { timeLimitText } from '../../card/parts.tsx';
import { percent, reasonsOf } from '../../card/RelatedList.tsx';
import { MyAnnotations } from '../MyAnnotations.tsx';
import { useMeasureAnnotations } from '../use-mine.ts';
import { lastListRoute } from './MeasureList.tsx';
import { SideBySide } from './SideBySide.tsx';

/** Related sections in the card's order, each with its title. */
const SECTIONS: ReadonlyArray<{ id: RelatedSection; title: MessageKey }> = [
  { id: 'other-ports', title: 'cardOtherPorts' },
  { id: 'related', title: 'cardByInstrument' },
  { id: 'same-port', title: 'cardSamePort' },
  { id: 'more', title: 'cardMore' },
];

/** Consecutive related measures under one instrument. */
export function relatedGroups(
  items: readonly CardRelated[],
): Array<{ group: CardRelated['group']; items: CardRelated[] }> {
  const out: Array<{ group: CardRelated['group']; items: CardRelated[] }> = [];
  for (const r of items) {
    const last = out[out.length - 1];
    if (last && last.group?.id === r.group?.id) last.items.push(r);
    else out.push({ group: r.group, items: [r] });
  }
  return out;
}

/** The address of a measure in its document (by its printed number). */
export function docRouteOf(env: LibraryEnv, id: string): Route {
  const m = env.corpus.measure(id);
  if (!m) return { view: 'documents', params: {} };
  return { view: 'doc', docId: m.docId, at: { kind: 'path', path: env.corpus.number(id) }, params: {} };
}

export function MeasureView({ env, route }: LibraryViewProps) {
  const id = route.view === 'measure' ? route.id : '';
  const withId = param(route, 'with');
  const detail = env.corpus.cards.detail(id, env.script);
  const mine = useMeasureAnnotations(env, detail ? [id] : []);
  useEffect(
    () => env.setTitle(detail ? `${detail.number} ${detail.title}` : t('libraryNotFound')),
    [env, detail],
  );

  if (!detail) {
    return (
      <section class="library-view">
        <h2 tabIndex={-1}>{t('libraryNotFound')}</h2>
        <p data-testid="library-not-found">
          <code lang="zxx">{id}</code>
        </p>
        <p>
          <a href={env.href({ view: 'measures', params: {} })}>{t('libraryAllMeasures')}</a>
        </p>
      </section>
    );
  }
  const lang = env.script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
  const own = mine?.get(id) ?? [];
  return (
    <article class="library-view library-measure" data-testid="library-measure" data-measure-id={id}>
      <nav class="crumbs" aria-label={t('libraryWhere')}>
        <a href={env.href(lastListRoute())} data-testid="back-to-list">
          {t('sectionMeasures')}
        </a>
        <span aria-hidden="true"> › </span>
        <a href={env.href(docRouteOf(env, id))} data-testid="read-in-document" lang={lang}>
          {detail.port} · {detail.docDate.slice(0, 4)} · {detail.number}
        </a>
      </nav>
      <h2 class="library-measure-title" data-testid="measure-title" tabIndex={-1} lang={lang}>
        {detail.title}
      </h2>
      <Fields detail={detail} lang={lang} uiLang={env.uiLang} />
      <section class="library-text" aria-labelledby="measure-text-title">
        <h3 id="measure-text-title">{t('libraryText')}</h3>
        <p data-testid="measure-text" lang={lang}>
          {detail.text}
        </p>
        <p>
          <a href={env.href(docRouteOf(env, id))}>{t('libraryReadInDocument')}</a>
        </p>
      </section>
      {withId !== '' ? <SideBySide env={env} id={id} withId={withId} route={route} /> : null}
      <Related env={env} id={id} detail={detail} lang={lang} withId={withId} />
      <section class="library-mine" aria-labelledby="measure-mine-title">
        <h3 id="measure-mine-title">{t('libraryMine')}</h3>
        {mine === null ? (
          <p aria-busy="true">{t('libraryLoading')}</p>
        ) : own.length === 0 ? (
          <p class="hint" data-testid="mine-none">
            {t('libraryMineNone')}
          </p>
        ) : (
          <MyAnnotations env={env} items={own} />
        )}
      </section>
    </article>
  );
}

/** A label and its value; corpus text inside carries its own `lang`, UI text the page's. */
function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The "inferred" tag, in the UI language. */
function Inferred({ when }: { when: boolean }) {
  return when ? <span class="inferred">{t('cardInferred')}</span> : null;
}

function Fields({ detail: m, lang, uiLang }: { detail: MeasureDetail; lang: string; uiLang: LabelLang }) {
  const note = agencyNote(m.agencySource);
  return (
    <dl class="library-facts">
      <Row label={t('cardDocument')}>
        <span data-testid="measure-document">
          <span lang={lang}>{m.docTitle}</span>
          <Inferred when={m.docTitleInferred} /> · {m.docDate}
          <Inferred when={m.docDateInferred} />
        </span>
      </Row>
      <Row label={t('cardPort')}>
        <span data-testid="measure-port" lang={lang}>
          {m.port}
        </span>
      </Row>
      <Row label={t('cardNumber')}>
        <span data-testid="measure-number" lang={lang}>
          {m.number}
        </span>
      </Row>
      <Row label={t('cardIssuer')}>
        <span lang={lang}>{m.issuer}</span>
        <Inferred when={m.issuerInferred} />
      </Row>
      <Row label={t('cardLead')}>
        <span data-testid="measure-lead" lang={lang}>
          {m.leadAgencies.join('、')}
        </span>
        {note !== null ? <span class="note"> {note}</span> : null}
      </Row>
      {m.coAgencies.length > 0 ? (
        <Row label={t('cardCo')}>
          <span data-testid="measure-co" lang={lang}>
            {m.coAgencies.join('、')}
          </span>
        </Row>
      ) : null}
      <Row label={t('cardDeadline')}>
        <span data-testid="measure-deadline">
          {m.deadline ? (
            <>
              <span lang={lang}>{m.deadline.label}</span>
              {m.deadline.date !== m.deadline.label ? ` (${m.deadline.date})` : ''}
              <Inferred when={m.deadline.inferred} />
            </>
          ) : (
            <span class="note">{t('cardNoDeadline')}</span>
          )}
        </span>
      </Row>
      {m.timeLimits.length > 0 ? (
        <Row label={t('cardTimeLimits')}>
          <ul class="library-time-limits" data-testid="measure-time-limits">
            {m.timeLimits.map((tl, i) => (
              <li key={i}>
                <q lang={lang}>{tl.quote}</q> <span class="limit">{timeLimitText(tl)}</span>
              </li>
            ))}
          </ul>
        </Row>
      ) : null}
      {m.themes.length > 0 ? (
        <Row label={t('cardThemes')}>
          <span class="library-themes" data-testid="measure-themes">
            {m.themes.map((th) => (
              <span key={th.id} class="library-theme" data-theme={th.id}>
                {themeLabel(th.id as ThemeId, uiLang)}
              </span>
            ))}
          </span>
        </Row>
      ) : null}
    </dl>
  );
}

function Related({
  env,
  id,
  detail,
  lang,
  withId,
}: {
  env: LibraryEnv;
  id: string;
  detail: MeasureDetail;
  lang: string;
  withId: string;
}) {
  const items = detail.related;
  return (
    <section class="library-related" aria-labelledby="measure-related-title" data-testid="related">
      <h3 id="measure-related-title">{t('cardRelated')}</h3>
      <p class="hint">{t('cardRelatednessHelp')}</p>
      {items.length === 0 ? <p class="empty">{t('cardRelatedNone')}</p> : null}
      {SECTIONS.map(({ id: section, title }) => {
        const inSection = items.filter((r) => r.section === section);
        if (inSection.length === 0) return null;
        return (
          <section key={section} class="related-section" data-section={section}>
            <h4>{t(title)}</h4>
            {relatedGroups(inSection).map(({ group, items: members }, i) => (
              <div
                key={`${group?.id ?? 'none'}-${i}`}
                class="related-group"
                data-testid="related-group"
                data-group={group?.id ?? ''}
              >
                {group ? (
                  <h5 class="group-title" title={env.uiLang === 'en' ? group.definition : undefined}>
                    {group.labels[env.uiLang]}
                  </h5>
                ) : null}
                <ul>
                  {members.map((r) => (
                    <li
                      key={r.id}
                      data-testid="related-item"
                      data-measure-id={r.id}
                      class={r.id === withId ? 'chosen' : undefined}
                    >
                      <a href={env.href({ view: 'measure', id: r.id, params: {} })} lang={lang}>
                        <span class="related-port">{r.port}</span> · {r.docDate.slice(0, 4)} ·{' '}
                        <span class="related-number">{r.number}</span>{' '}
                        <span class="related-title">{r.title}</span>
                      </a>
                      <span class="related-score">
                        <span
                          class="bar"
                          role="meter"
                          aria-valuemin={0}
                          aria-valuemax={100}
                          aria-valuenow={percent(r.score)}
                          aria-label={t('cardRelatedness')}
                        >
                          <span style={{ width: `${percent(r.score)}%` }} />
                        </span>
                        {percent(r.score)}%
                      </span>
                      {r.why.length > 0 ? (
                        <span class="chips" aria-label={t('cardWhy')}>
                          {reasonsOf(r, env.uiLang).map((w) => (
                            <span class="chip" key={w.text} lang={w.own ? lang : undefined}>
                              {w.text}
                            </span>
                          ))}
                        </span>
                      ) : null}
                      <a
                        class="side-by-side-link"
                        data-testid="side-by-side-link"
                        href={env.href(withParams({ view: 'measure', id, params: {} }, { with: r.id }))}
                        aria-current={r.id === withId ? 'true' : undefined}
                      >
                        {t('librarySideBySide')}
                        <span class="sr-only" lang={lang}>
                          {' '}
                          {r.port} {r.number}
                        </span>
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
        );
      })}
    </section>
  );
}
