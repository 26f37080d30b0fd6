/**
 * The body of a matched measure's card: title; document, port and number as printed; issuer; lead
 * and co-operating agencies (with where they come from when not from the measure's own text); the
 * deadline, marked "inferred" when it is our reading; service time limits, each quoted and given in
 * the unit the text uses; themes; the match score; and related measures, grouped by the instrument
 * they share, with their relatedness (named and explained apart from the match score). The card
 * text comes from the background already in the page's script, each piece marked with its `lang`;
 * the labels, notes and theme names are UI strings in the UI language (`t()`), and scores are whole
 * percentages like everywhere else.
 */
import type { CardMeasure } from '../../lib/messaging.ts';
import type { Script } from '../../lib/corpus/types.ts';
import { t } from '../../lib/i18n.ts';
import { themeLabel, type ThemeId } from '../../lib/themes.ts';
import { Chips, Field, Inferred, inferredExplanation, langOf, timeLimitText } from './parts.tsx';
import { percent, RelatedList, uiLang } from './RelatedList.tsx';

export interface MeasureCardProps {
  card: CardMeasure;
  script: Script;
  score: number | null;
  titleId: string;
  onOpenRelated(id: string): void;
}

/** The note after the agencies when they do not come from the measure's own text. */
export function agencyNote(source: CardMeasure['agencySource']): string | null {
  if (source === 'issuer') return t('cardFromIssuer');
  if (source === 'table') return t('cardFromTable');
  return null;
}

export function MeasureCard({ card, script, score, titleId, onOpenRelated }: MeasureCardProps) {
  const lang = langOf(script);
  const note = agencyNote(card.agencySource);
  const from = (quote: string | undefined): string[] => (quote ? [quote] : []);
  return (
    <>
      <h2 class="card-title" id={titleId} lang={lang}>
        {card.title}
      </h2>
      <dl class="card-fields">
        <Field label={t('cardDocument')}>
          <span lang={lang}>{card.docTitle}</span>
          <Inferred
            when={card.docTitleInferred}
            explain={inferredExplanation('title', from(card.evidence.title))}
          />
          {card.docDate !== '' && (
            <span class="note">
              {' · '}
              {card.docDate}
            </span>
          )}
          <Inferred
            when={card.docDateInferred}
            explain={inferredExplanation('date', from(card.evidence.date))}
          />
        </Field>
        <Field label={t('cardPort')} lang={lang}>
          {card.port}
        </Field>
        <Field label={t('cardNumber')} lang={lang}>
          {card.number}
        </Field>
        <Field label={t('cardIssuer')}>
          <span lang={lang}>{card.issuer}</span>
          <Inferred
            when={card.issuerInferred}
            explain={inferredExplanation('issuer', from(card.evidence.issuer))}
          />
        </Field>
        <Field label={t('cardLead')}>
          <span data-field="lead" lang={lang}>
            {card.leadAgencies.join('、')}
          </span>
          {note !== null && <span class="note"> {note}</span>}
        </Field>
        {card.coAgencies.length > 0 && (
          <Field label={t('cardCo')}>
            <span data-field="co" lang={lang}>
              {card.coAgencies.join('、')}
            </span>
            {note !== null && <span class="note"> {note}</span>}
          </Field>
        )}
        <Field label={t('cardDeadline')}>
          {card.deadline ? (
            <span data-field="deadline">
              <span lang={lang}>{card.deadline.label}</span>
              {card.deadline.date !== '' && card.deadline.date !== card.deadline.label && (
                <span class="note">
                  {' ('}
                  {card.deadline.date}
                  {')'}
                </span>
              )}
              <Inferred
                when={card.deadline.inferred}
                explain={inferredExplanation('deadline', card.deadline.evidence ?? [], card.deadline.date)}
              />
            </span>
          ) : (
            <span class="note">{t('cardNoDeadline')}</span>
          )}
        </Field>
        {card.timeLimits.length > 0 && (
          <Field label={t('cardTimeLimits')}>
            <ul class="limits">
              {card.timeLimits.map((tl, i) => (
                <li key={i} data-kind={tl.kind}>
                  <q lang={lang}>{tl.quote}</q>
                  <span class="limit">{timeLimitText(tl)}</span>
                </li>
              ))}
            </ul>
          </Field>
        )}
        {card.themes.length > 0 && (
          <Field label={t('cardThemes')}>
            <Chips
              items={card.themes.map((th) => ({ key: th.id, text: themeLabel(th.id as ThemeId, uiLang()) }))}
            />
          </Field>
        )}
        {score !== null && (
          <Field label={t('cardMatchScore')}>
            <span data-field="match">{percent(score)}%</span>
          </Field>
        )}
      </dl>
      <h3 class="section-title">{t('cardRelated')}</h3>
      <p class="help">{t('cardRelatednessHelp')}</p>
      <RelatedList
        items={card.related}
        script={script}
        emptyText={t('cardRelatedNone')}
        onOpen={onOpenRelated}
        always={card.relatedFor === 'passage' ? ['related'] : ['other-ports', 'same-port']}
      />
    </>
  );
}
