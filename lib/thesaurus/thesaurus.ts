/**
 * The compiled thesaurus the extension ships (inside the corpus) and the term matcher over it.
 *
 * Terms are matched on normalised text (the one normaliser: Traditional folded to Simplified,
 * full width to half width, ASCII lower case), leftmost and longest first, without overlaps: in
 * 非侵入式企业核查 the enterprise-audit term wins over 非侵入 (inspection), and 免担保通关 is read
 * once. That is how dictionaries segment Chinese, and it is why a term may sit inside a longer term
 * of another concept without firing there.
 */
import { normalizeText } from '../normalize.ts';
import { contentHashOf } from './hash.ts';
import { parseThesaurus, sourceTerms, type ThesaurusSource } from './schema.ts';

/** The three UI languages of labels. */
export type LabelLang = 'zh-CN' | 'zh-TW' | 'en';

/** One concept as the extension needs it. */
export interface ConceptRecord {
  id: string;
  labels: Record<LabelLang, string>;
  definition: string;
  /** Matching terms, normalised (the zh-CN preferred label first). */
  terms: string[];
  /** Indexes of broader concepts. */
  broader: number[];
  /** Indexes of related concepts (both directions). */
  related: number[];
  /** A field, not an instrument. */
  broad: boolean;
  /** A general public-service tool (itself or through a broader concept): not trade vocabulary. */
  general: boolean;
}

/** The thesaurus compiled for matching: concepts by index, with a content hash. */
export interface CompiledThesaurus {
  id: string;
  version: number;
  /** Content hash of the concepts: a related-measures index is only valid for the same hash. */
  hash: string;
  concepts: ConceptRecord[];
}

/** Compiles checked source (see `parseThesaurus`) for matching. */
export function compileThesaurus(source: ThesaurusSource): CompiledThesaurus {
  const index = new Map(source.concepts.map((c, i) => [c.id, i]));
  const related = source.concepts.map(() => new Set<number>());
  source.concepts.forEach((c, i) => {
    for (const id of c.related ?? []) {
      const j = index.get(id) as number;
      related[i]?.add(j);
      related[j]?.add(i);
    }
  });
  const concepts: ConceptRecord[] = source.concepts.map((c, i) => ({
    id: c.id,
    labels: { ...c.prefLabel },
    definition: c.definition,
    terms: [...new Set(sourceTerms(c).map((t) => normalizeText(t)))],
    broader: (c.broader ?? []).map((id) => index.get(id) as number),
    related: [...(related[i] ?? [])].sort((a, b) => a - b),
    broad: c.broad === true,
    general: false,
  }));
  // `general` is inherited down the broader links.
  concepts.forEach((c, i) => {
    const src = source.concepts[i];
    c.general =
      src?.general === true ||
      ancestorsOf({ id: '', version: 0, hash: '', concepts }, i).some(
        (a) => source.concepts[a]?.general === true,
      );
  });
  return {
    id: source.id,
    version: source.version,
    hash: contentHashOf(JSON.stringify(concepts)),
    concepts,
  };
}

/** Parses, checks and compiles thesaurus JSON in one step (build time, CLI, tests). */
export function loadThesaurus(json: unknown, source?: string): CompiledThesaurus {
  return compileThesaurus(parseThesaurus(json, source));
}

/** A term found in a text. */
export interface TermHit {
  concept: number;
  /** Index of the term in the concept's `terms`. */
  term: number;
  /** Offset in the normalised text. */
  at: number;
  length: number;
}

/**
 * Leftmost-longest matching of every term of a thesaurus: one regular expression whose
 * alternatives are the terms, longest first, so that at each place the engine takes the longest
 * term that starts there, and goes on after it.
 */
export class TermMatcher {
  private readonly pattern: RegExp;
  /** Term text → its concept and its index among the concept's terms. */
  private readonly owner = new Map<string, { concept: number; term: number }>();

  constructor(readonly thesaurus: CompiledThesaurus) {
    thesaurus.concepts.forEach((c, concept) => {
      c.terms.forEach((text, term) => {
        if (!this.owner.has(text)) this.owner.set(text, { concept, term });
      });
    });
    const terms = [...this.owner.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
    const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
    // A thesaurus without terms matches nothing (an empty alternation would match everywhere).
    this.pattern = new RegExp(terms.length > 0 ? terms.map(escape).join('|') : '(?!)', 'gu');
  }

  /** Terms found in normalised text, in order, none overlapping (leftmost, then longest). */
  scan(normalised: string): TermHit[] {
    const hits: TermHit[] = [];
    const re = this.pattern;
    re.lastIndex = 0;
    for (let m = re.exec(normalised); m !== null; m = re.exec(normalised)) {
      const o = this.owner.get(m[0]);
      if (o) hits.push({ concept: o.concept, term: o.term, at: m.index, length: m[0].length });
    }
    return hits;
  }

  /** Concepts named in normalised text: concept index → the terms found (normalised), in order. */
  concepts(normalised: string): Map<number, string[]> {
    const out = new Map<number, string[]>();
    for (const h of this.scan(normalised)) {
      const text = this.thesaurus.concepts[h.concept]?.terms[h.term] ?? '';
      const list = out.get(h.concept);
      if (!list) out.set(h.concept, [text]);
      else if (!list.includes(text)) list.push(text);
    }
    return out;
  }
}

/** Indexes of every ancestor of a concept (through broader, any depth), nearest first. */
export function ancestorsOf(t: CompiledThesaurus, concept: number): number[] {
  const out: number[] = [];
  const queue = [...(t.concepts[concept]?.broader ?? [])];
  while (queue.length > 0) {
    const c = queue.shift() as number;
    if (out.includes(c)) continue;
    out.push(c);
    queue.push(...(t.concepts[c]?.broader ?? []));
  }
  return out;
}

/** Children of every concept (the inverse of broader). */
export function narrowerOf(t: CompiledThesaurus): number[][] {
  const out: number[][] = t.concepts.map(() => []);
  t.concepts.forEach((c, i) => {
    for (const b of c.broader) out[b]?.push(i);
  });
  return out;
}
