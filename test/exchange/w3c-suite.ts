/**
 * The W3C Web Annotation test suite's MUST-level schemas (`test/fixtures/w3c/`, see its README), run
 * with Ajv for JSON Schema draft-04 and ajv-formats, as the suite's own runner ran them: the seven
 * definitions registered under their ids, then each assertion file compiled on its own. An
 * assertion passes when the schema accepts the document (`expectedResult` is always `valid`).
 *
 * - {@link annotationMusts}: the 54 of `annotationMusts.test`, for one annotation;
 * - {@link collectionMusts}: the 10 of `collectionMusts.test` and the 15 of `pageMusts.test` (which
 *   accept a collection with an embedded `first` page) on a collection, and the 54 on each of its
 *   items, with the collection's `@context` (embedded annotations inherit it; JSON-LD 1.1 §4.1).
 *
 * The extra checks the schemas cannot make (the suite's README, "Not checked at MUST level") are
 * {@link extraChecks}.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export const W3C_DIR = new URL('../fixtures/w3c/', import.meta.url).pathname;

const readJson = (path: string): unknown => JSON.parse(readFileSync(join(W3C_DIR, path), 'utf8'));

export const DEFINITIONS = [
  'annotations',
  'bodyTarget',
  'choiceSet',
  'collections',
  'id',
  'otherProperties',
  'specificResource',
];

export interface Assertion {
  /** Path under test/fixtures/w3c, e.g. `annotations/3.1-annotationIdValidated.json`. */
  file: string;
  validate: ValidateFunction;
}

function compile(listFile: string): Assertion[] {
  const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false });
  addFormats(ajv, { mode: 'fast', formats: ['uri', 'date-time'] });
  for (const d of DEFINITIONS) ajv.addSchema(readJson(`definitions/${d}.json`) as object);
  const list = readJson(listFile) as { assertions: string[] };
  return list.assertions.map((file) => ({ file, validate: ajv.compile(readJson(file) as object) }));
}

let cache: { annotation: Assertion[]; collection: Assertion[]; page: Assertion[] } | null = null;

/** The MUST assertions, compiled once per test file. */
export function musts(): { annotation: Assertion[]; collection: Assertion[]; page: Assertion[] } {
  cache ??= {
    annotation: compile('annotations/annotationMusts.test'),
    collection: compile('collections/collectionMusts.test'),
    page: compile('collections/pages/pageMusts.test'),
  };
  return cache;
}

/** Files of the assertions `doc` fails. */
export function failing(assertions: readonly Assertion[], doc: unknown): string[] {
  return assertions.filter((a) => a.validate(doc) !== true).map((a) => a.file);
}

/** The MUST assertions one annotation fails. */
export function annotationMusts(anno: unknown): string[] {
  return failing(musts().annotation, anno);
}

/** The MUST assertions a collection fails, its items' prefixed by `items[i]: `. */
export function collectionMusts(collection: Record<string, unknown>): string[] {
  const out = [...failing(musts().collection, collection), ...failing(musts().page, collection)];
  const first = collection.first as { items?: unknown[] } | undefined;
  (first?.items ?? []).forEach((item, i) => {
    const withContext =
      typeof item === 'object' && item !== null && !('@context' in item)
        ? { '@context': collection['@context'], ...item }
        : item;
    for (const f of annotationMusts(withContext)) out.push(`items[${i}]: ${f}`);
  });
  return out;
}

/**
 * What the schemas miss (suite README, "Not checked at MUST level"), for one annotation as we
 * write it: a TextQuoteSelector's `exact` is not empty and, when `pageText` of its source is given,
 * equals the TextPositionSelector's span of it (else the span is as long as the quote);
 * `start ≤ end`; `created`/`modified` are UTC with `Z`.
 */
export function extraChecks(
  anno: Record<string, unknown>,
  pageText?: (source: string) => string | undefined,
): string[] {
  const problems: string[] = [];
  const utc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/u;
  for (const k of ['created', 'modified']) {
    if (
      k in anno &&
      !(
        typeof anno[k] === 'string' &&
        utc.test(anno[k] as string) &&
        !Number.isNaN(Date.parse(anno[k] as string))
      )
    ) {
      problems.push(`${k} is not a UTC time with Z: ${String(anno[k])}`);
    }
  }
  const targets = Array.isArray(anno.target) ? anno.target : [anno.target];
  for (const t of targets as Array<Record<string, unknown>>) {
    const selectors = (Array.isArray(t?.selector) ? t.selector : [t?.selector]).filter(Boolean) as Array<
      Record<string, unknown>
    >;
    const quote = selectors.find((s) => s.type === 'TextQuoteSelector');
    const position = selectors.find((s) => s.type === 'TextPositionSelector');
    if (quote && (typeof quote.exact !== 'string' || quote.exact === '')) problems.push('empty exact');
    if (position) {
      const start = position.start as number;
      const end = position.end as number;
      if (!(start <= end)) problems.push(`start ${start} > end ${end}`);
      if (quote && typeof quote.exact === 'string') {
        const text = pageText?.(t.source as string);
        if (text !== undefined && text.slice(start, end) !== quote.exact) {
          problems.push(`exact ≠ the text at ${start}–${end}`);
        } else if (end - start !== quote.exact.length) {
          problems.push(`span ${end - start} ≠ quote length ${quote.exact.length}`);
        }
      }
    }
  }
  return problems;
}
