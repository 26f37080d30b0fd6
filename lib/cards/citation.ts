/**
 * A measure as a reader takes it away from a card ("Copy"): its number and text, then where it
 * comes from, as a citation names it (document title, issuer, date, number with its whole printed
 * path, each fact that is our reading marked so), and the library address that opens the document
 * at that measure. Plain text: it goes into notes, mails and reports as it is.
 *
 * ```text
 * (十三) 保障进出境船舶“全天候”通关。对符合条件的船舶,……
 *
 * 大连海关优化口岸营商环境 促进外贸提质增效惠企措施, 大连海关, 2023 (inferred), 二、(十三)
 * chrome-extension://…/library.html#doc=dalian-2023/(十三)
 * ```
 */
import type { CardMeasure } from '../messaging.ts';
import { formatRoute } from '../library/route.ts';

/** The library's hash for a measure's place in its document, by its printed number (`#doc=dalian-2023/(十三)`). */
export function documentHash(card: Pick<CardMeasure, 'docId' | 'number'>): string {
  return formatRoute({ view: 'doc', docId: card.docId, at: { kind: 'path', path: card.number }, params: {} });
}

/**
 * The copied text. `libraryPage` is the library page's full address (`chrome-extension://<id>/library.html`);
 * `inferred` is the UI's mark for a fact that is our reading, e.g. `(inferred)`.
 */
export function citationText(card: CardMeasure, libraryPage: string, inferred: string): string {
  // `2023 (inferred)`, but `2023（推定）`: full-width brackets bring their own space.
  const gap = /^[\u3000-\u303f\uff00-\uffef]/u.test(inferred) ? '' : ' ';
  const mark = (value: string, isInferred: boolean): string =>
    isInferred ? `${value}${gap}${inferred}` : value;
  const source = [
    mark(card.docTitle, card.docTitleInferred),
    mark(card.issuer, card.issuerInferred),
    mark(card.docDate, card.docDateInferred),
    card.numberPath,
  ]
    .filter((part) => part !== '')
    .join(', ');
  return `${card.number} ${card.text}\n\n${source}\n${libraryPage}${documentHash(card)}\n`;
}
