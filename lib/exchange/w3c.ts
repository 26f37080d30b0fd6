/**
 * One annotation to and from the W3C Web Annotation Data Model (JSON-LD, compacted with
 * `http://www.w3.org/ns/anno.jsonld` and the `pl:` namespace).
 *
 * Written ({@link toW3cAnnotation}), keys always in this order:
 * - `id` `urn:uuid:<id>`, `type` `Annotation`, `motivation` `commenting` (has a note) or
 *   `highlighting`, `created`, `modified` (UTC with `Z`);
 * - `body` (left out when empty), in order: the note as a `TextualBody` (`purpose: commenting`,
 *   `format: text/markdown`), one `TextualBody` per tag (`purpose: tagging`), the measure as a
 *   `SpecificResource` (`purpose: identifying`) whose `source` is its library URL (a body with a
 *   purpose must be a SpecificResource: the suite's MUST `3.3.5-bodyEWRNoPurpose`);
 * - `target`: `source` (the page URL as it was), `pl:pageTitle`, `pl:canonical` (when the page has
 *   one) and `selector`: `[TextQuoteSelector, TextPositionSelector]`, the position left out when
 *   there is none or when its span is not as long as the quote (the quote is what anchors; a
 *   position that disagrees with it would fail the check the suite's schemas cannot make);
 * - `pl:colour`, `pl:status`.
 *
 * Read ({@link readW3cAnnotation}): ours, or another tool's that writes the standard. Tolerated:
 * `target` as a string, an object or a list (the first with a TextQuoteSelector on an http(s)
 * page is taken), `source` as a string or an object with `id`, selectors as one or a list
 * (Hypothesis' `RangeSelector`s, XPath, CSS and fragment selectors are ignored), `body` as a
 * string, an object or a list, text in `value`, `chars` (Open Annotation) or `bodyValue`; tags
 * also from an annotation whose motivation is `tagging`. Ids: `urn:uuid:` keeps its UUID; any
 * other id becomes a name-based UUID of it, and a missing one a name-based UUID of the
 * annotation's content, so that importing the same file twice finds the same ids.
 * Everything is checked with valibot before a record is made, and the record itself with the
 * store's own schema (`parseAnnotation`).
 */
import * as v from 'valibot';
import {
  cleanTags,
  DEFAULT_COLOUR,
  isoNow,
  type Annotation,
  type ColourId,
  type Status,
  type TextPositionSelector,
  type TextQuoteSelector,
} from '../annotation/model.ts';
import { pageKey, pageKeys, trustedCanonical } from '../annotation/page-url.ts';
import { parseMeasureHash } from '../cards/library-link.ts';
import {
  check,
  ColourSchema,
  MAX_CONTEXT_CHARS,
  MAX_OFFSET,
  parseAnnotation,
  StatusSchema,
  TagsInputSchema,
} from '../store/validate.ts';
import { derivedUuid, measureLibraryUrl } from './formats.ts';

/** A W3C annotation as we write it (the JSON shape, in key order). */
export interface W3cAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'commenting' | 'highlighting';
  created: string;
  modified: string;
  body?: W3cBody[];
  target: {
    source: string;
    'pl:pageTitle': string;
    'pl:canonical'?: string;
    selector: Array<TextQuoteSelector | TextPositionSelector>;
  };
  'pl:colour': ColourId;
  'pl:status': Status;
}

export type W3cBody =
  | { type: 'TextualBody'; purpose: 'commenting'; format: 'text/markdown'; value: string }
  | { type: 'TextualBody'; purpose: 'tagging'; value: string }
  | { type: 'SpecificResource'; purpose: 'identifying'; source: string };

/** Whether a position's span is as long as the quote (UTF-16 code units, as both count). */
export function positionFitsQuote(quote: TextQuoteSelector, position: TextPositionSelector | null): boolean {
  return position !== null && position.end - position.start === quote.exact.length;
}

/** A stored annotation as a W3C annotation (no `@context`: the collection's applies). */
export function toW3cAnnotation(a: Annotation, libraryBase: string): W3cAnnotation {
  const body: W3cBody[] = [];
  if (a.note !== '') {
    body.push({ type: 'TextualBody', purpose: 'commenting', format: 'text/markdown', value: a.note });
  }
  for (const tag of a.tags) body.push({ type: 'TextualBody', purpose: 'tagging', value: tag });
  if (a.measureId !== null) {
    body.push({
      type: 'SpecificResource',
      purpose: 'identifying',
      source: measureLibraryUrl(libraryBase, a.measureId),
    });
  }
  const selector: Array<TextQuoteSelector | TextPositionSelector> = [
    { type: 'TextQuoteSelector', exact: a.quote.exact, prefix: a.quote.prefix, suffix: a.quote.suffix },
  ];
  if (a.position && positionFitsQuote(a.quote, a.position)) {
    selector.push({ type: 'TextPositionSelector', start: a.position.start, end: a.position.end });
  }
  return {
    id: `urn:uuid:${a.id}`,
    type: 'Annotation',
    motivation: a.note !== '' ? 'commenting' : 'highlighting',
    created: a.created,
    modified: a.updated,
    ...(body.length > 0 ? { body } : {}),
    target: {
      source: a.page.url,
      'pl:pageTitle': a.page.title,
      ...(a.page.canonical !== null ? { 'pl:canonical': a.page.canonical } : {}),
      selector,
    },
    'pl:colour': a.colour,
    'pl:status': a.status,
  };
}

// ---- reading ----

/** Text fields of another tool's annotation are bounded before they are looked at. */
const MAX_FIELD_CHARS = 200_000;

const str = (what: string) =>
  v.pipe(v.string(`${what} must be text`), v.maxLength(MAX_FIELD_CHARS, `${what} is too long`));

/**
 * An object with these fields, and others that are not read. Never an array: valibot's object
 * schemas take arrays as objects, so a list where an object belongs would pass with every field
 * missing, and its contents would be dropped without a word.
 */
const record = <E extends v.ObjectEntries>(entries: E, what: string) =>
  v.pipe(
    v.custom<Record<string, unknown>>(
      (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
      `${what} must be an object`,
    ),
    v.looseObject(entries, `${what} must be an object`),
  );

/** One value or a list of them (JSON-LD's habit). The list comes first: valibot's objects take arrays too. */
const oneOrMany = <T extends v.GenericSchema>(item: T, what: string) =>
  v.union(
    [v.pipe(v.array(item), v.maxLength(1_000, `${what}: at most 1000`)), item],
    `${what} has the wrong type`,
  );

const typeField = v.optional(oneOrMany(str('type'), 'type'));

const QuoteIn = record(
  {
    type: v.literal('TextQuoteSelector'),
    exact: str('TextQuoteSelector.exact'),
    prefix: v.optional(v.pipe(str('TextQuoteSelector.prefix'), v.maxLength(MAX_CONTEXT_CHARS))),
    suffix: v.optional(v.pipe(str('TextQuoteSelector.suffix'), v.maxLength(MAX_CONTEXT_CHARS))),
  },
  'TextQuoteSelector',
);

const offsetIn = (what: string) =>
  v.pipe(
    v.number(`${what} must be a number`),
    v.integer(`${what} must be a whole number`),
    v.minValue(0, `${what} must not be negative`),
    v.maxValue(MAX_OFFSET, `${what} is too large`),
  );

const PositionIn = record(
  {
    type: v.literal('TextPositionSelector'),
    start: offsetIn('TextPositionSelector.start'),
    end: offsetIn('TextPositionSelector.end'),
  },
  'TextPositionSelector',
);

/** A selector of any kind: only its type is looked at before it is matched to ours. */
const AnySelector = record({ type: typeField }, 'a selector');

const SourceIn = v.union(
  [str('source'), v.looseObject({ id: str('source.id') })],
  'source must be an address',
);

const TargetObject = record(
  {
    source: v.optional(SourceIn),
    id: v.optional(str('target.id')),
    selector: v.optional(oneOrMany(AnySelector, 'selector')),
    'pl:pageTitle': v.optional(str('pl:pageTitle')),
    'pl:canonical': v.optional(v.nullable(str('pl:canonical'))),
  },
  'a target',
);

const BodyObject = record(
  {
    id: v.optional(str('body.id')),
    type: typeField,
    purpose: v.optional(oneOrMany(str('purpose'), 'purpose')),
    value: v.optional(str('body.value')),
    chars: v.optional(str('body.chars')),
    source: v.optional(SourceIn),
  },
  'a body',
);

const BodyIn = v.union([str('body'), BodyObject], 'a body must be an address or an object');

const TimeIn = v.pipe(
  str('a time'),
  v.regex(
    /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/u,
    'must be an ISO 8601 date-time such as 2026-12-01T03:57:07Z',
  ),
);

const AnnotationIn = record(
  {
    id: v.optional(str('id')),
    type: typeField,
    motivation: v.optional(oneOrMany(str('motivation'), 'motivation')),
    created: v.optional(TimeIn),
    modified: v.optional(TimeIn),
    body: v.optional(oneOrMany(BodyIn, 'body')),
    bodyValue: v.optional(str('bodyValue')),
    target: oneOrMany(
      v.union([str('target'), TargetObject], 'a target must be an address or an object'),
      'target',
    ),
    'pl:colour': v.optional(ColourSchema),
    'pl:status': v.optional(StatusSchema),
  },
  'an annotation',
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

const sourceOf = (s: v.InferOutput<typeof SourceIn> | undefined): string | undefined =>
  typeof s === 'string' ? s : s?.id;

/** A time as the store writes it (a time without a zone is read as UTC), or null for no real date. */
function storeTime(s: string): string | null {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  // Date.parse rolls 2025-02-31 over to March; a date that does not exist is refused.
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return null;
  const zoned = /T/u.test(s) && !/(?:Z|[+-]\d{2}:?\d{2})$/u.test(s) ? `${s}Z` : s;
  const t = Date.parse(zoned);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** The measure id in a library URL (`…/library.html#measure=<id>`, any base), or null. */
export function measureIdOfLibraryUrl(url: string | undefined): string | null {
  if (typeof url !== 'string') return null;
  const hash = url.indexOf('#');
  if (hash < 0 || !/\/library\.html$/u.test(url.slice(0, hash).replace(/\?.*$/su, ''))) return null;
  return parseMeasureHash(url.slice(hash));
}

/** What reading one W3C annotation gave: the record and what was adjusted, or why it was refused. */
export type W3cRead = { ok: true; record: Annotation; warnings: string[] } | { ok: false; message: string };

/** Reads one W3C annotation (any tool's) as a stored record. `now` dates one that has no times. */
export function readW3cAnnotation(input: unknown, now: () => Date = () => new Date()): W3cRead {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, message: 'an annotation must be an object' };
  }
  const parsed = check(AnnotationIn, input);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const a = parsed.value;
  const warnings: string[] = [];
  const types = list(a.type);
  if (a.type !== undefined && !types.includes('Annotation') && !types.includes('oa:Annotation')) {
    return { ok: false, message: `type is ${JSON.stringify(types.join(', ')).slice(0, 80)}, not Annotation` };
  }

  // The target: the first one that quotes a passage of a web page.
  let target: { url: string; title: string; canonical: string | null; selectors: unknown[] } | null = null;
  let why = 'the target is not a passage of a web page (no TextQuoteSelector)';
  for (const t of list(a.target)) {
    if (typeof t === 'string') continue;
    const url = sourceOf(t.source) ?? (t.selector === undefined ? undefined : t.id);
    if (url === undefined) continue;
    if (pageKey(url) === null) {
      why = `the target's page ${JSON.stringify(url.slice(0, 80))} is not an http(s) address`;
      continue;
    }
    const selectors = list(t.selector);
    if (!selectors.some((s) => list(s.type).includes('TextQuoteSelector'))) continue;
    target = {
      url,
      title: t['pl:pageTitle'] ?? '',
      canonical: trustedCanonical(url, t['pl:canonical'] ?? null),
      selectors,
    };
    break;
  }
  if (!target) return { ok: false, message: why };

  let quote: TextQuoteSelector | null = null;
  let position: TextPositionSelector | null = null;
  for (const s of target.selectors) {
    const kind = list((s as { type?: string | string[] }).type);
    if (kind.includes('TextQuoteSelector') && !quote) {
      const q = check(QuoteIn, s);
      if (!q.ok) return { ok: false, message: q.message };
      quote = {
        type: 'TextQuoteSelector',
        exact: q.value.exact,
        prefix: q.value.prefix ?? '',
        suffix: q.value.suffix ?? '',
      };
    } else if (kind.includes('TextPositionSelector') && !position) {
      const p = check(PositionIn, s);
      if (!p.ok) return { ok: false, message: p.message };
      if (p.value.start > p.value.end)
        return { ok: false, message: 'TextPositionSelector.start is after its end' };
      position = { type: 'TextPositionSelector', start: p.value.start, end: p.value.end };
    }
  }
  if (!quote) return { ok: false, message: why };
  if (position && !positionFitsQuote(quote, position)) {
    warnings.push(
      `the TextPositionSelector spans ${position.end - position.start} characters but the quote has ${quote.exact.length}: the position was left out, the quote anchors`,
    );
    position = null;
  }

  // Bodies: the note, tags and the measure.
  const tagging = list(a.motivation).includes('tagging');
  const notes: string[] = [];
  const tags: string[] = [];
  let measureId: string | null = null;
  if (a.bodyValue !== undefined && a.bodyValue !== '') notes.push(a.bodyValue);
  for (const b of list(a.body)) {
    if (typeof b === 'string') {
      measureId ??= measureIdOfLibraryUrl(b);
      continue;
    }
    const purposes = list(b.purpose);
    const kinds = list(b.type);
    const text = b.value ?? b.chars;
    if (
      text !== undefined &&
      (kinds.length === 0 || kinds.includes('TextualBody') || kinds.includes('Text'))
    ) {
      if (purposes.includes('tagging') || (purposes.length === 0 && tagging)) tags.push(text);
      else if (text !== '') notes.push(text);
      continue;
    }
    measureId ??= measureIdOfLibraryUrl(sourceOf(b.source)) ?? measureIdOfLibraryUrl(b.id);
  }
  const tagCheck = check(TagsInputSchema, tags);
  if (!tagCheck.ok) return { ok: false, message: tagCheck.message };

  const created = a.created === undefined ? null : storeTime(a.created);
  const modified = a.modified === undefined ? null : storeTime(a.modified);
  if (a.created !== undefined && created === null)
    return { ok: false, message: 'created is not a real date' };
  if (a.modified !== undefined && modified === null)
    return { ok: false, message: 'modified is not a real date' };
  const createdAt = created ?? modified ?? isoNow(now());
  const note = notes.join('\n\n');

  const declared = a.id === undefined ? null : /^urn:uuid:(.+)$/iu.exec(a.id)?.[1];
  const id =
    declared && UUID.test(declared)
      ? declared
      : derivedUuid(
          a.id !== undefined
            ? `id\n${a.id}`
            : `content\n${target.url}\n${quote.prefix}\n${quote.exact}\n${quote.suffix}\n${note}\n${createdAt}`,
        );
  const page = { url: target.url, canonical: target.canonical, title: target.title };
  const record: Annotation = {
    id,
    page,
    keys: pageKeys(page),
    quote,
    position,
    measureId,
    colour: a['pl:colour'] ?? DEFAULT_COLOUR,
    tags: cleanTags(tags),
    note,
    status: a['pl:status'] ?? 'none',
    created: createdAt,
    updated: modified ?? createdAt,
  };
  const whole = parseAnnotation(record);
  if (!whole.ok) return { ok: false, message: whole.message };
  return { ok: true, record: whole.value, warnings };
}
