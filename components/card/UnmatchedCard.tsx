/**
 * The body of the lighter card for a measure-like block that matches nothing in the corpus: says
 * so, and lists the corpus measures it resembles (shared policy instruments), each opening the
 * library page.
 */
import type { CardRelated } from '../../lib/messaging.ts';
import type { Script } from '../../lib/corpus/types.ts';
import { t } from '../../lib/i18n.ts';
import { RelatedList } from './RelatedList.tsx';

export interface UnmatchedCardProps {
  /** The block's own text (from the page: rendered as a text child, never as markup). */
  excerpt: string;
  related: readonly CardRelated[];
  script: Script;
  titleId: string;
  onOpenRelated(id: string): void;
}

export function UnmatchedCard({ excerpt, related, script, titleId, onOpenRelated }: UnmatchedCardProps) {
  return (
    <>
      <h2 class="card-title unmatched-title" id={titleId}>
        {t('cardNotInCorpus')}
      </h2>
      {excerpt !== '' && (
        <blockquote
          class="excerpt"
          lang={script === 'Hant' ? 'zh-Hant' : 'zh-Hans'}
          data-testid="card-excerpt"
        >
          {excerpt}
        </blockquote>
      )}
      <h3 class="section-title">{t('cardResembles')}</h3>
      <p class="help">{t('cardRelatednessHelp')}</p>
      <RelatedList
        items={related}
        script={script}
        emptyText={t('cardResemblesNone')}
        onOpen={onOpenRelated}
        always={['related']}
      />
    </>
  );
}
