/**
 * The search field and the filter menus the side panel's Everything and the library's lists share,
 * so that they behave alike: Esc clears the search (and goes no further, so that it does not also
 * close what holds the field), an input method's composition is left alone, and a filter whose
 * value came from an address but is not among today's choices (a tag since deleted) still shows
 * it rather than silently showing "Any".
 */
import type { Ref } from 'preact';
import { COLOURS, STATUSES } from '../../lib/annotation/model.ts';
import { t } from '../../lib/i18n.ts';
import { colourName } from '../layer/Annotations.tsx';
import { statusName } from '../sidepanel/AnnotationItem.tsx';

/** One choice of a filter: its value, what it shows, and the language of that text if not the UI's. */
export interface FilterChoice {
  value: string;
  label: string;
  lang?: string | undefined;
}

/** A labelled `<select>` whose first choice, "Any" (`''`), turns the filter off. */
export function FilterSelect({
  label,
  testId,
  value,
  choices,
  anyLabel,
  onChange,
}: {
  label: string;
  testId: string;
  value: string;
  choices: readonly FilterChoice[];
  /** What the empty choice says (default: "Any"). */
  anyLabel?: string;
  onChange(value: string): void;
}) {
  const stale = value !== '' && !choices.some((c) => c.value === value);
  return (
    <label>
      {label}{' '}
      <select
        data-testid={testId}
        value={value}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">{anyLabel ?? t('filterAny')}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value} lang={c.lang}>
            {c.label}
          </option>
        ))}
        {stale ? <option value={value}>{value}</option> : null}
      </select>
    </label>
  );
}

/** The highlight colours as filter choices, by name. */
export function colourChoices(): FilterChoice[] {
  return COLOURS.map((c) => ({ value: c.id, label: colourName(c.id) }));
}

/** The statuses as filter choices. */
export function statusChoices(): FilterChoice[] {
  return STATUSES.map((s) => ({ value: s, label: statusName(s) }));
}

/** Tags with how many annotations carry each; a tag's text keeps the language it is written in. */
export function tagChoices(
  tags: ReadonlyArray<{ tag: string; count: number }>,
  langOf: (text: string) => string | undefined,
): FilterChoice[] {
  return tags.map((x) => ({ value: x.tag, label: `${x.tag} (${x.count})`, lang: langOf(x.tag) }));
}

/** A labelled search field (`type=search`): Esc clears it while it holds text. */
export function SearchInput({
  id,
  label,
  testId,
  value,
  describedBy,
  inputRef,
  onChange,
}: {
  id: string;
  label: string;
  testId: string;
  value: string;
  /** The id of the element that says what the search found. */
  describedBy: string;
  inputRef?: Ref<HTMLInputElement>;
  onChange(value: string): void;
}) {
  return (
    <>
      <label for={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        type="search"
        data-testid={testId}
        value={value}
        maxLength={1000}
        placeholder={t('searchPlaceholder')}
        aria-describedby={describedBy}
        onInput={(e) => onChange((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value !== '' && !e.isComposing) {
            e.preventDefault();
            e.stopPropagation();
            onChange('');
          }
        }}
      />
    </>
  );
}
