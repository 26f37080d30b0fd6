/**
 * Related measures as a card lists them, in the order the engine ranked them (the order of
 * `cli match --json`): in sections (other ports, then the same port in other years, then more from
 * those documents; or one section when the page's port is unknown), and inside a section in
 * groups by the instrument they share, each group headed by the instrument's name in the UI
 * language (its definition as a tooltip). Each item shows the port, year and number as printed,
 * the title, a bar for its relatedness and the shared terms. Activating an item opens the library
 * page at that measure (through the background: extension pages cannot be opened from a web page
 * directly).
 *
 * A section that can be empty says so; an empty list says so once.
 */
import type { CardInstrument, CardRelated } from '../../lib/messaging.ts';
import type { RelatedSection } from '../../lib/match/related.ts';
import { t, type MessageKey } from '../../lib/i18n.ts';
import { Chips, langOf } from './parts.tsx';
import type { Script } from '../../lib/corpus/types.ts';

export interface RelatedListProps {
  items: readonly CardRelated[];
  script: Script;
  /** Shown when there are no items at all. */
  emptyText: string;
  onOpen(id: string): void;
}

/** A score in [0, 1] as a whole percentage. */
export function percent(score: number): number {
  return Math.max(0, Math.min(100, Math.round(score * 100)));
}

/** The UI language's key for labels of the thesaurus and themes (`uiLang` in messages.json). */
export function uiLang(): keyof CardInstrument['labels'] {
  const lang = t('uiLang');
  return lang === 'zh-CN' || lang === 'zh-TW' ? lang : 'en';
}

/** Section titles; `always` sections are shown (saying they are empty) even with no entry. */
const SECTIONS: ReadonlyArray<{ id: RelatedSection; title: MessageKey }> = [
  { id: 'other-ports', title: 'cardOtherPorts' },
  { id: 'related', title: 'cardByInstrument' },
  { id: 'same-port', title: 'cardSamePort' },
  { id: 'more', title: 'cardMore' },
];

/** Consecutive items of one group. */
function groupsOf(
  items: readonly CardRelated[],
): Array<{ group: CardInstrument | null; items: CardRelated[] }> {
  const out: Array<{ group: CardInstrument | null; items: CardRelated[] }> = [];
  for (const r of items) {
    const last = out[out.length - 1];
    if (last && last.group?.id === r.group?.id) last.items.push(r);
    else out.push({ group: r.group, items: [r] });
  }
  return out;
}

/**
 * The reasons an item is related: the words both texts use, in the page's script; for a reader of
 * English, the instruments the thesaurus names them by (a reason it does not name keeps its words).
 */
export function reasonsOf(
  r: CardRelated,
  ui: keyof CardInstrument['labels'],
): Array<{ text: string; own: boolean }> {
  const out: Array<{ text: string; own: boolean }> = [];
  r.why.forEach((w, i) => {
    const label = ui === 'en' ? r.whyLabels?.[i]?.en : undefined;
    const reason = label !== undefined ? { text: label, own: false } : { text: w, own: true };
    if (!out.some((o) => o.text === reason.text)) out.push(reason);
  });
  return out;
}

function Item({ r, script, onOpen }: { r: CardRelated; script: Script; onOpen(id: string): void }) {
  const pct = percent(r.score);
  const lang = langOf(script);
  const reasons = reasonsOf(r, uiLang());
  return (
    <li>
      <button
        type="button"
        class="related"
        data-policylens-related={r.id}
        data-section={r.section}
        title={t('cardOpenInLibrary')}
        onClick={() => onOpen(r.id)}
      >
        <span class="related-meta" lang={lang} title={r.docTitle}>
          {r.port} · {r.docDate.slice(0, 4)} · <span class="related-number">{r.number}</span>
        </span>
        <span class="related-title" lang={lang}>
          {r.title}
        </span>
        <span class="score">
          <span
            class="bar"
            role="meter"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            aria-label={t('cardRelatedness')}
          >
            <span style={{ width: `${pct}%` }} />
          </span>
          <span class="score-value" title={t('cardRelatedness')}>
            {pct}%
          </span>
        </span>
        {reasons.length > 0 && (
          <Chips
            items={reasons.map((w) => ({ key: w.text, text: w.text, lang: w.own ? lang : undefined }))}
            kind="why"
            label={t('cardWhy')}
          />
        )}
      </button>
    </li>
  );
}

/**
 * The list. `always`: sections shown even when empty (a matched card's "other ports" and "same
 * port" say so when nothing is listed; a passage's list has one section).
 */
export function RelatedList({
  items,
  script,
  emptyText,
  onOpen,
  always = [],
}: RelatedListProps & { always?: readonly RelatedSection[] }) {
  if (items.length === 0 && always.length === 0) return <p class="empty">{emptyText}</p>;
  const lang = uiLang();
  return (
    <div class="related-sections">
      {SECTIONS.map(({ id, title }) => {
        const inSection = items.filter((r) => r.section === id);
        if (inSection.length === 0 && !always.includes(id)) return null;
        return (
          <section class="related-section" key={id} data-section={id}>
            <h4 class="related-section-title">{t(title)}</h4>
            {inSection.length === 0 ? (
              <p class="empty">{t('cardSectionEmpty')}</p>
            ) : (
              groupsOf(inSection).map(({ group, items: members }, i) => (
                <div class="related-group" key={`${group?.id ?? 'none'}-${i}`} data-group={group?.id ?? ''}>
                  {group && (
                    // The definitions are English only: a tooltip for English readers.
                    <h5 class="group-title" title={lang === 'en' ? group.definition : undefined}>
                      {group.labels[lang]}
                    </h5>
                  )}
                  <ul class="related-list">
                    {members.map((r) => (
                      <Item key={r.id} r={r} script={script} onOpen={onOpen} />
                    ))}
                  </ul>
                </div>
              ))
            )}
          </section>
        );
      })}
    </div>
  );
}
