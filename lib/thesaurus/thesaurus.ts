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

/** Leftmost-longest matching of every term of a thesaurus. */
export class TermMatcher {
  /** First character → candidate terms, longest first. */
  private readonly byFirst = new Map<string, Array<{ text: string; concept: number; term: number }>>();

  constructor(readonly thesaurus: CompiledThesaurus) {
    thesaurus.concepts.forEach((c, concept) => {
      c.terms.forEach((text, term) => {
        const first = text.charAt(0);
        const list = this.byFirst.get(first);
        const entry = { text, concept, term };
        if (list) list.push(entry);
        else this.byFirst.set(first, [entry]);
      });
    });
    for (const list of this.byFirst.values()) {
      list.sort((a, b) => b.text.length - a.text.length || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    }
  }

  /** Terms found in normalised text, in order, none overlapping (leftmost, then longest). */
  scan(normalised: string): TermHit[] {
    const hits: TermHit[] = [];
    let i = 0;
    while (i < normalised.length) {
      const list = this.byFirst.get(normalised.charAt(i));
      let found: TermHit | null = null;
      if (list) {
        for (const e of list) {
          if (normalised.startsWith(e.text, i)) {
            found = { concept: e.concept, term: e.term, at: i, length: e.text.length };
            break;
          }
        }
      }
      if (found) {
        hits.push(found);
        i += found.length;
      } else i++;
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
