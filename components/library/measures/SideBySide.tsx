/**
 * Two measures side by side (`#measure=<id>&with=<other>`): each text cut into clauses and marked by
 * what the other has of it (`lib/library/clauses.ts`): the same wording, the same instrument in
 * other words, or new. Marks differ by pattern as well as colour, carry their kind as text for
 * screen readers, and the counts above each column say the same in words.
 *
 * The other measure is picked among this one's related measures (any corpus measure may be named in
 * the address); closing returns to the measure alone.
 */
import { useMemo } from 'preact/hooks';
import { t, type MessageKey } from '../../../lib/i18n.ts';
import { clauseCounts, compareClauses, type Clause, type ClauseKind } from '../../../lib/library/clauses.ts';
import type { LibraryEnv } from '../../../lib/library/env.ts';
import { withParams, type Route } from '../../../lib/library/route.ts';

const KIND_LABEL: Record<ClauseKind, MessageKey> = {
  same: 'clauseSame',
  instrument: 'clauseInstrument',
  new: 'clauseNew',
};

export function SideBySide({
  env,
  id,
  withId,
  route,
}: {
  env: LibraryEnv;
  id: string;
  withId: string;
  route: Route;
}) {
  const left = env.corpus.cards.detail(id, env.script);
  const right = env.corpus.cards.detail(withId, env.script);
  const clauses = useMemo(() => {
    if (!left || !right) return null;
    return {
      left: compareClauses(env.corpus, left.text, right.text, env.corpus.conceptsOf(withId).instruments),
      right: compareClauses(env.corpus, right.text, left.text, env.corpus.conceptsOf(id).instruments),
    };
  }, [env, id, withId, left, right]);
  const lang = env.script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
  const close = env.href(withParams(route, { with: '' }));

  return (
    <section class="side-by-side" aria-labelledby="side-by-side-title" data-testid="side-by-side">
      <h3 id="side-by-side-title" tabIndex={-1} data-autofocus="">
        {t('librarySideBySideTitle')}
      </h3>
      {!left || !right || !clauses ? (
        <p role="alert" data-testid="side-by-side-missing">
          {t('libraryNotFound')} <code lang="zxx">{withId}</code>
        </p>
      ) : (
        <>
          <p class="legend" data-testid="clause-legend">
            {(['same', 'instrument', 'new'] as const).map((k) => (
              <span key={k} class={`clause-key clause-${k}`}>
                {t(KIND_LABEL[k])}
              </span>
            ))}
          </p>
          <div class="columns">
            {[
              { d: left, cs: clauses.left, side: 'left' },
              { d: right, cs: clauses.right, side: 'right' },
            ].map(({ d, cs, side }) => {
              const n = clauseCounts(cs);
              return (
                <div class="column" key={side} data-testid={`side-${side}`} data-measure-id={d.id}>
                  <h4 lang={lang}>
                    <a href={env.href({ view: 'measure', id: d.id, params: {} })}>
                      {d.port} · {d.docDate.slice(0, 4)} · {d.number}
                    </a>
                  </h4>
                  <p class="hint" data-testid="clause-counts">
                    {t('clauseCounts', n.same, n.instrument, n.new)}
                  </p>
                  <p class="clauses" lang={lang}>
                    {cs.map((c, i) => (
                      <ClauseMark key={i} c={c} env={env} lang={lang} />
                    ))}
                  </p>
                </div>
              );
            })}
          </div>
          <p>
            <a href={close} data-testid="side-by-side-close">
              {t('librarySideBySideClose')}
            </a>
          </p>
        </>
      )}
    </section>
  );
}

/** A clause: its text (the measure's `lang`), what it shares as a tooltip and for screen readers (the UI's). */
function ClauseMark({ c, env, lang }: { c: Clause; env: LibraryEnv; lang: string }) {
  const names = c.instruments.map((i) => env.corpus.conceptLabel(i, env.uiLang)).join(', ');
  const title = c.kind === 'instrument' ? `${t(KIND_LABEL[c.kind])}: ${names}` : t(KIND_LABEL[c.kind]);
  return (
    <span class={`clause clause-${c.kind}`} data-kind={c.kind} title={title} lang={env.uiLang}>
      <span class="sr-only">{`[${title}] `}</span>
      <span lang={lang}>{c.text}</span>
    </span>
  );
}
