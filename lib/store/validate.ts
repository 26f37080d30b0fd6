/**
 * What the store accepts, as valibot schemas over `lib/annotation/model.ts` and its `LIMITS`.
 * Everything that reaches a write is checked here first: records from a content script (which a
 * hostile page may have compromised), from extension pages, and from imported files. A record that
 * fails is refused whole, with a message that names the field (`quote.exact: at most 20000
 * characters`), and nothing is written.
 *
 * - {@link parseAnnotation}: a whole stored record (restore, import, the upgrade fixtures): every
 *   field of `Annotation`, no other key, `keys` equal to `pageKeys(page)`, tags in their stored form
 *   (`cleanTags`), times as `isoNow()` writes them.
 * - {@link parseNew}: what a new annotation is made from (a `CapturedPassage` plus colour, tags,
 *   note, status); the store adds id, keys and times.
 * - {@link parsePatch}: a partial update (colour, tags, note, status, or a re-attach: quote,
 *   position and measure together).
 *
 * Objects are strict (an unknown key is refused rather than stored): a record is plain JSON that
 * goes to IndexedDB and out to files, and a `__proto__` or a stray megabyte must not ride along.
 */
import * as v from 'valibot';
import {
  cleanTags,
  COLOUR_IDS,
  LIMITS,
  STATUSES,
  type Annotation,
  type ColourId,
  type PageRef,
  type Status,
  type TextPositionSelector,
  type TextQuoteSelector,
} from '../annotation/model.ts';
import { pageKey, pageKeys } from '../annotation/page-url.ts';

// Note: `v.nullable(schema, x)` takes a default value as `x`, not a message; never pass one.

/**
 * Characters of a quote's prefix or suffix. We write 32 (`CONTEXT_CHARS`), but other tools write
 * longer contexts (Apache Annotator extends them until the quote is unique), so an imported record
 * keeps up to this many; beyond it a record is refused, as a bound on hostile input.
 */
export const MAX_CONTEXT_CHARS = 1_000;

/** Characters of a corpus measure id (`dalian-2023:2.13`; generous). */
export const MAX_MEASURE_ID_CHARS = 200;

/** Offsets of a TextPositionSelector stay below this (a page of a billion characters is not one). */
export const MAX_OFFSET = 2 ** 31 - 1;

/** `isoNow()`'s form: UTC, milliseconds, `Z`. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u;

/** RFC 4122 form, as `crypto.randomUUID()` writes it (any version, lower or upper case). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

const text = (max: number, what: string) =>
  v.pipe(v.string(`${what} must be text`), v.maxLength(max, `${what}: at most ${max} characters`));

const isoTime = (what: string) =>
  v.pipe(
    v.string(`${what} must be text`),
    v.regex(ISO_UTC, `${what} must be a UTC time such as 2026-12-01T03:57:07.123Z`),
    // A real date: Date.parse rolls 2025-02-31 over into March, so the day must survive the round trip.
    v.check((s) => {
      const t = Date.parse(s);
      return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s.slice(0, 10);
    }, `${what} is not a real date`),
  );

/**
 * A position must span exactly its quote (both count UTF-16 code units): a selector pair that
 * disagrees (another tool counted code points, or one of them was edited) would anchor one text and
 * claim another.
 */
const spanFits = (a: { quote: TextQuoteSelector; position: TextPositionSelector | null }): boolean =>
  a.position === null || a.position.end - a.position.start === a.quote.exact.length;
const SPAN_MESSAGE = 'position must span exactly the quoted text (UTF-16 code units)';

const offset = (what: string) =>
  v.pipe(
    v.number(`${what} must be a number`),
    v.integer(`${what} must be a whole number`),
    v.minValue(0, `${what} must not be negative`),
    v.maxValue(MAX_OFFSET, `${what} is too large`),
  );

const webUrl = (what: string) =>
  v.pipe(
    text(LIMITS.url, what),
    v.check((s) => pageKey(s) !== null, `${what} must be an http(s) address`),
  );

export const IdSchema = v.pipe(v.string('id must be text'), v.regex(UUID, 'id must be a UUID'));

export const ColourSchema = v.picklist(
  COLOUR_IDS as ColourId[],
  `colour must be one of ${COLOUR_IDS.join(', ')}`,
);

export const StatusSchema = v.picklist(STATUSES as Status[], `status must be one of ${STATUSES.join(', ')}`);

export const QuoteSchema = v.strictObject(
  {
    type: v.literal('TextQuoteSelector', 'quote.type must be TextQuoteSelector'),
    exact: v.pipe(
      text(LIMITS.exact, 'quote.exact'),
      v.check((s) => s.trim() !== '', 'quote.exact must not be empty'),
    ),
    prefix: text(MAX_CONTEXT_CHARS, 'quote.prefix'),
    suffix: text(MAX_CONTEXT_CHARS, 'quote.suffix'),
  },
  'quote must be a TextQuoteSelector with exact, prefix and suffix only',
) satisfies v.GenericSchema<unknown, TextQuoteSelector>;

export const PositionSchema = v.pipe(
  v.strictObject(
    {
      type: v.literal('TextPositionSelector', 'position.type must be TextPositionSelector'),
      start: offset('position.start'),
      end: offset('position.end'),
    },
    'position must be a TextPositionSelector with start and end only',
  ),
  v.check((p) => p.start <= p.end, 'position.start must not be after position.end'),
) satisfies v.GenericSchema<unknown, TextPositionSelector>;

export const MeasureIdSchema = v.nullable(
  v.pipe(
    text(MAX_MEASURE_ID_CHARS, 'measureId'),
    v.check((s) => s !== '', 'measureId must not be empty'),
  ),
);

export const PageSchema = v.strictObject(
  {
    url: webUrl('page.url'),
    canonical: v.nullable(text(LIMITS.url, 'page.canonical')),
    title: text(LIMITS.title, 'page.title'),
  },
  'page must have url, canonical and title only',
) satisfies v.GenericSchema<unknown, PageRef>;

/** Tags as given: a bounded list of bounded strings (stored as `cleanTags` makes them). */
export const TagsInputSchema = v.pipe(
  v.array(text(LIMITS.tag, 'a tag'), 'tags must be a list of text'),
  v.maxLength(LIMITS.tags, `tags: at most ${LIMITS.tags}`),
);

export const NoteSchema = text(LIMITS.note, 'note');

/** A whole stored record. */
export const AnnotationSchema = v.pipe(
  v.strictObject(
    {
      id: IdSchema,
      page: PageSchema,
      keys: v.array(text(LIMITS.url * 2, 'a page key'), 'keys must be a list of text'),
      quote: QuoteSchema,
      position: v.nullable(PositionSchema),
      measureId: MeasureIdSchema,
      colour: ColourSchema,
      tags: TagsInputSchema,
      note: NoteSchema,
      status: StatusSchema,
      created: isoTime('created'),
      updated: isoTime('updated'),
    },
    'an annotation must have exactly the fields id, page, keys, quote, position, measureId, colour, tags, note, status, created, updated',
  ),
  v.check(
    (a) => sameList(a.keys, pageKeys(a.page)),
    'keys must be the page keys of page.url and page.canonical',
  ),
  v.check((a) => sameList(a.tags, cleanTags(a.tags)), 'tags must be trimmed, non-empty and unique'),
  v.check((a) => spanFits(a), SPAN_MESSAGE),
) satisfies v.GenericSchema<unknown, Annotation>;

/** What a new annotation is made from: a captured passage, and optionally its first colour and words. */
export const NewAnnotationSchema = v.strictObject(
  {
    passage: v.pipe(
      v.strictObject(
        {
          page: PageSchema,
          quote: QuoteSchema,
          position: PositionSchema,
          measureId: MeasureIdSchema,
        },
        'passage must have page, quote, position and measureId only',
      ),
      v.check((a) => spanFits(a), SPAN_MESSAGE),
    ),
    colour: v.optional(v.nullable(ColourSchema)),
    tags: v.optional(TagsInputSchema),
    note: v.optional(NoteSchema),
    status: v.optional(StatusSchema),
  },
  'a new annotation must have a passage and optionally colour, tags, note and status',
);

/** A new annotation's input (the shape `create` takes). */
export type NewAnnotation = v.InferInput<typeof NewAnnotationSchema>;

/** Re-attaching an annotation to newly selected text: quote, position and measure together. */
export const AnchorPatchSchema = v.pipe(
  v.strictObject(
    {
      quote: QuoteSchema,
      position: v.nullable(PositionSchema),
      measureId: MeasureIdSchema,
    },
    'anchor must have quote, position and measureId only',
  ),
  v.check((a) => spanFits(a), SPAN_MESSAGE),
);

/** A partial update: any of colour, tags, note, status, and a re-attach. */
export const PatchSchema = v.strictObject(
  {
    colour: v.optional(ColourSchema),
    tags: v.optional(TagsInputSchema),
    note: v.optional(NoteSchema),
    status: v.optional(StatusSchema),
    anchor: v.optional(AnchorPatchSchema),
  },
  'a change may only name colour, tags, note, status and anchor',
);

/** A partial update's input (the shape `update` takes). */
export type AnnotationPatch = v.InferInput<typeof PatchSchema>;

/** The outcome of a check: the value, or one message naming the first problem's field. */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** Runs `schema` over `input` and words the first problem as `path: message`. */
export function check<T>(schema: v.GenericSchema<unknown, T>, input: unknown): Checked<T> {
  let result: v.SafeParseResult<v.GenericSchema<unknown, T>>;
  try {
    result = v.safeParse(schema, input, { abortEarly: true });
  } catch (e) {
    // A hostile object can throw from a getter or a Proxy trap while it is read.
    return { ok: false, message: `unreadable value (${e instanceof Error ? e.message : String(e)})` };
  }
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = issue ? v.getDotPath(issue) : null;
  const message = issue?.message ?? 'invalid value';
  // Schema messages already name their field; a path adds where in a list or object it was.
  return { ok: false, message: path && !message.startsWith(path) ? `${path}: ${message}` : message };
}

/** A whole stored record, checked. */
export function parseAnnotation(input: unknown): Checked<Annotation> {
  return check(AnnotationSchema, input);
}

/** A new annotation's input, checked. */
export function parseNew(input: unknown): Checked<v.InferOutput<typeof NewAnnotationSchema>> {
  return check(NewAnnotationSchema, input);
}

/** A partial update, checked. */
export function parsePatch(input: unknown): Checked<v.InferOutput<typeof PatchSchema>> {
  return check(PatchSchema, input);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
