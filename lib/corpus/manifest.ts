/**
 * The seed manifest: facts about each document and the little that is truly document-specific
 * about its layout. Validated with valibot so a typo in the manifest is a build error that names
 * the field, not a silently empty corpus.
 */
import * as v from 'valibot';

const MarkerKindSchema = v.picklist(['cn', 'paren-cn', 'arabic-dot', 'arabic-dun']);

const LevelSchema = v.strictObject({
  marker: MarkerKindSchema,
  role: v.picklist(['group', 'measure']),
  /** For groups: unnumbered paragraphs directly under the group are measures of their own. */
  paragraphs: v.optional(v.literal('measures-when-unnumbered')),
});

const PartSchema = v.strictObject({
  /** The part starts at the first line that begins with this text. */
  from: v.string(),
  /** …and ends before the first later line that begins with this text (or at the end). */
  until: v.optional(v.string()),
  /** Numbering levels, outermost first. */
  levels: v.pipe(v.array(LevelSchema), v.minLength(1)),
});

const TableSchema = v.strictObject({
  /** The header row starts with this text. */
  from: v.string(),
  /** What each `|` cell holds, in order. */
  columns: v.array(v.picklist(['number', 'text', 'deadline', 'lead', 'co'])),
  /** Group rows (`一、…`) point to the measure with this path and marker of the same number. */
  groupParent: v.strictObject({ path: v.array(v.string()), marker: MarkerKindSchema }),
});

const DeadlineRuleSchema = v.strictObject({
  date: v.pipe(v.string(), v.isoDate()),
  /** The words for the deadline; or, with `fromText`, the words the text uses. */
  label: v.optional(v.string()),
  /** The measure whose text holds these words states the deadline; the others inherit it. */
  fromText: v.optional(v.string()),
  inferred: v.boolean(),
  /** With `label`: the words of the notice the date is read from (required when inferred). */
  evidence: v.optional(v.pipe(v.string(), v.minLength(1))),
});

/** Quotes of the seed that inferred facts rest on (checked against the seed by the compiler). */
const EvidenceSchema = v.strictObject({
  date: v.optional(v.pipe(v.string(), v.minLength(1))),
  title: v.optional(v.pipe(v.string(), v.minLength(1))),
  issuer: v.optional(v.pipe(v.string(), v.minLength(1))),
});

const LayoutSchema = v.strictObject({
  parts: v.array(PartSchema),
  table: v.optional(TableSchema),
  /** Where agencies come from: the issuer, trailing parentheses in each measure, or the table. */
  agencies: v.picklist(['issuer', 'trailing-parens', 'table']),
  /** A deadline for every measure that states none itself. */
  deadline: v.optional(DeadlineRuleSchema),
});

const DocumentEntrySchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9-]+$/u)),
  seedFile: v.string(),
  file: v.string(),
  port: v.string(),
  portZh: v.string(),
  region: v.string(),
  regionZh: v.string(),
  issuer: v.string(),
  issuerEn: v.string(),
  issuerInferred: v.boolean(),
  title: v.string(),
  titleInferred: v.boolean(),
  date: v.pipe(v.string(), v.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/u)),
  dateInferred: v.boolean(),
  dateNote: v.string(),
  /** What each inferred fact (and a date other readings rest on) is read from. */
  evidence: v.optional(EvidenceSchema),
  script: v.picklist(['Hans', 'Hant']),
  layout: LayoutSchema,
});

export const ManifestSchema = v.object({
  documents: v.pipe(v.array(DocumentEntrySchema), v.minLength(1)),
});

export type Manifest = v.InferOutput<typeof ManifestSchema>;
export type ManifestDocument = v.InferOutput<typeof DocumentEntrySchema>;
export type Layout = v.InferOutput<typeof LayoutSchema>;
export type LevelSpec = v.InferOutput<typeof LevelSchema>;

/** Parses and validates manifest JSON; throws an Error listing every problem with its path. */
export function parseManifest(json: unknown, source = 'seeds/manifest.json'): Manifest {
  const result = v.safeParse(ManifestSchema, json);
  if (result.success) return result.output;
  const lines = result.issues.map((issue) => {
    const path = v.getDotPath(issue) ?? '(root)';
    return `${source}: ${path}: ${issue.message}`;
  });
  throw new Error(`Invalid manifest:\n${lines.join('\n')}`);
}
