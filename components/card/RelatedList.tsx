/**
 * "Related in other ports" (and, for an unmatched block, "Resembles"): each item shows the port,
 * document, number and title of the related measure, a bar for its score and the shared terms that
 * make it related. Activating an item opens the library page at that measure (through the
 * background: extension pages cannot be opened from a web page directly).
 */
import type { CardRelated } from '../../lib/messaging.ts';
import { t } from '../../lib/i18n.ts';
import { langOf } from './parts.tsx';
import type { Script } from '../../lib/corpus/types.ts';

export interface RelatedListProps {
  items: readonly CardRelated[];
  script: Script;
  /** Shown when there are no items. */
  emptyText: string;
  onOpen(id: string): void;
}

/** A score in [0, 1] as a whole percentage. */
export function percent(score: number): number {
  return Math.max(0, Math.min(100, Math.round(score * 100)));
}

export function RelatedList({ items, script, emptyText, onOpen }: RelatedListProps) {
  if (items.length === 0) return <p class="empty">{emptyText}</p>;
  return (
    <ul class="related-list">
      {items.map((r) => {
        const pct = percent(r.score);
        return (
          <li key={r.id}>
            <button
              type="button"
              class="related"
              data-policylens-related={r.id}
              title={t('cardOpenInLibrary')}
              onClick={() => onOpen(r.id)}
            >
              <span class="related-meta" lang={langOf(script)}>
                {r.port} · {r.docTitle} · {r.number}
              </span>
              <span class="related-title" lang={langOf(script)}>
                {r.title}
              </span>
              <span class="score">
                <span
                  class="bar"
                  role="meter"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={pct}
                  aria-label={t('cardMatchScore')}
                >
                  <span style={{ width: `${pct}%` }} />
                </span>
                <span class="score-value">{pct}%</span>
              </span>
              {r.why.length > 0 && (
                <span class="chips" aria-label={t('cardWhy')}>
                  {r.why.map((w) => (
                    <span class="chip why" key={w} lang={langOf(script)}>
                      {w}
                    </span>
                  ))}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
