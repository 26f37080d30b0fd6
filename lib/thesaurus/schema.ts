/**
 * The instrument thesaurus as reviewed data (`seeds/thesaurus.json`), in the shape of a SKOS
 * concept scheme: each concept has an id, preferred labels in zh-CN, zh-TW and en, alternative
 * labels (surface terms, older and newer names, abbreviations) and hidden labels (spellings a
 * page may use but a reader should not be shown), broader and related concepts, and a one-line
 * definition. `broad` marks the fields (inspection, tax, logistics…): they weigh little and never
 * relate two measures on their own.
 *
 * Validated with valibot at build time, like the manifest, and then checked as a whole: ids are
 * unique and every link points to a concept, `broader` has no cycle, a field sits only under
 * fields, and no term belongs to two concepts (a term is one concept's, or the matcher could not
 * say which instrument a page names). Every problem is reported with its path in one error.
 */
import * as v from 'valibot';
import { normalizeText } from '../normalize.ts';

const NonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));
const ConceptId = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/u, 'ids are lower-case words joined by -'),
);

/** Labels in the three UI languages. */
const LangMap = v.strictObject({ 'zh-CN': NonEmpty, 'zh-TW': NonEmpty, en: NonEmpty });

const ConceptSchema = v.strictObject({
  id: ConceptId,
  /** skos:prefLabel in zh-Hans, zh-Hant and en; the zh-CN one is also a matching term. */
  prefLabel: LangMap,
  /** skos:altLabel (zh-Hans or Latin): other names a notice uses for the same instrument. */
  altLabel: v.optional(v.array(NonEmpty)),
  /** skos:hiddenLabel: variant spellings matched on pages but never shown. */
  hiddenLabel: v.optional(v.array(NonEmpty)),
  /** skos:broader: the more general concepts (skos:narrower is their inverse, derived). */
  broader: v.optional(v.array(ConceptId)),
  /** skos:related: associated instruments that are neither broader nor narrower. */
  related: v.optional(v.array(ConceptId)),
  /** A field rather than an instrument: counts a little, never relates two measures alone. */
  broad: v.optional(v.boolean()),
  /**
   * A general public-service field (one-stop service, help desks, training): its instruments are
   * not trade vocabulary, so naming one does not make a school notice read like a trade measure.
   * Narrower concepts inherit it.
   */
  general: v.optional(v.boolean()),
  /** skos:definition, one line (en). */
  definition: NonEmpty,
  /** skos:scopeNote: when to use it and when not, for reviewers (en). */
  note: v.optional(NonEmpty),
});

const NoInstrumentSchema = v.strictObject({
  /** A corpus measure id. */
  measure: NonEmpty,
  /** Why the measure names no instrument (a reviewer reads this). */
  reason: NonEmpty,
});

export const ThesaurusSchema = v.strictObject({
  $comment: v.optional(v.string()),
  /** The scheme's id (its IRI is built from it on export). */
  id: ConceptId,
  /** Bumped by hand whenever a concept, label or link changes (reviewers compare versions). */
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  title: LangMap,
  concepts: v.pipe(v.array(ConceptSchema), v.minLength(1)),
  /** Seed measures that name no instrument on purpose (checked against the corpus). */
  noInstrument: v.array(NoInstrumentSchema),
});

export type ThesaurusSource = v.InferOutput<typeof ThesaurusSchema>;
export type ConceptSource = v.InferOutput<typeof ConceptSchema>;

/** Every matching term of a concept, as written: the zh-CN preferred label, then alt and hidden labels. */
export function sourceTerms(c: ConceptSource): string[] {
  return [c.prefLabel['zh-CN'], ...(c.altLabel ?? []), ...(c.hiddenLabel ?? [])];
}

/**
 * Parses and checks thesaurus JSON; throws one Error listing every problem as `source: path: reason`.
 */
export function parseThesaurus(json: unknown, source = 'seeds/thesaurus.json'): ThesaurusSource {
  const result = v.safeParse(ThesaurusSchema, json);
  if (!result.success) {
    const lines = result.issues.map(
      (issue) => `${source}: ${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`,
    );
    throw new Error(`Invalid thesaurus:\n${lines.join('\n')}`);
  }
  const t = result.output;
  const problems: string[] = [];
  const at = (i: number, field: string): string => `${source}: concepts.${i}.${field}`;
  const index = new Map<string, number>();
  t.concepts.forEach((c, i) => {
    if (index.has(c.id)) problems.push(`${at(i, 'id')}: duplicate id ${c.id}`);
    else index.set(c.id, i);
  });
  t.concepts.forEach((c, i) => {
    for (const field of ['broader', 'related'] as const) {
      for (const id of c[field] ?? []) {
        if (!index.has(id)) problems.push(`${at(i, field)}: unknown concept ${id}`);
        if (id === c.id) problems.push(`${at(i, field)}: ${c.id} names itself`);
      }
    }
    for (const id of c.broader ?? []) {
      const parent = t.concepts[index.get(id) ?? -1];
      if (c.broad && parent && !parent.broad) {
        problems.push(`${at(i, 'broader')}: the field ${c.id} cannot sit under the instrument ${id}`);
      }
    }
  });
  // No cycle through broader: walk up from every concept.
  for (const c of t.concepts) {
    const seen = new Set<string>([c.id]);
    const stack = [...(c.broader ?? [])];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (id === c.id) {
        problems.push(`${source}: concept ${c.id}: broader links lead back to it`);
        break;
      }
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(t.concepts[index.get(id) ?? -1]?.broader ?? []));
    }
  }
  // One term, one concept: the matcher must know which instrument a page names.
  const owner = new Map<string, string>();
  t.concepts.forEach((c, i) => {
    for (const term of sourceTerms(c)) {
      const n = normalizeText(term);
      if (n === '') {
        problems.push(`${at(i, 'altLabel')}: "${term}" is empty once normalised`);
        continue;
      }
      const other = owner.get(n);
      if (other !== undefined && other !== c.id) {
        problems.push(`${at(i, 'altLabel')}: the term "${term}" belongs to both ${other} and ${c.id}`);
      } else if (other === c.id && term !== c.prefLabel['zh-CN']) {
        problems.push(`${at(i, 'altLabel')}: the term "${term}" is listed twice in ${c.id}`);
      }
      owner.set(n, c.id);
    }
  });
  if (problems.length > 0) throw new Error(`Invalid thesaurus:\n${problems.join('\n')}`);
  return t;
}
