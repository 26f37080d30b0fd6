/**
 * A card's "Copy": the measure's text with its citation (`lib/cards/citation.ts`) onto the
 * clipboard, on a real click only (a page script's synthetic click copies nothing). What happened
 * is said next to the button, in a live region: copied, or how to copy by hand when the page or the
 * browser refused.
 */
import { useState } from 'preact/hooks';
import { citationText } from '../../lib/cards/citation.ts';
import { copyText } from '../../lib/cards/clipboard.ts';
import { extensionUrl } from '../../lib/cards/library-link.ts';
import { t } from '../../lib/i18n.ts';
import type { CardMeasure } from '../../lib/messaging.ts';

export function CopyCitation({ card }: { card: CardMeasure }) {
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null);
  return (
    <>
      <button
        type="button"
        class="card-action"
        data-action="copy"
        title={t('cardCopyTitle')}
        onClick={(e) => {
          if (!e.isTrusted) return;
          const doc = (e.currentTarget as Element).ownerDocument;
          const text = citationText(card, extensionUrl('/library.html'), t('citeInferred'));
          void copyText(doc, text).then((ok) => setOutcome(ok ? 'copied' : 'failed'));
        }}
      >
        {t('cardCopy')}
      </button>
      <span class={outcome === 'failed' ? 'card-status error' : 'card-status'} role="status">
        {outcome === 'copied' ? t('cardCopied') : outcome === 'failed' ? t('cardCopyFailed') : ''}
      </span>
    </>
  );
}
