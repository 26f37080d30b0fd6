/**
 * Selectors from W3C Web Annotation JSON-LD (the format Hypothesis, Apache Annotator and the
 * PolicyLens export share), for anchoring annotations that come from files: the command line's
 * `anchor` and an import.
 *
 * Accepted, as the Web Annotation Data Model writes them: one annotation, an array of them, an
 * `AnnotationCollection` whose items are inline (`items`) or in its first page (`first.items`), or
 * an `AnnotationPage` (`items`). An annotation's `target` is an IRI, an object with a `selector`
 * (one selector or an array), or an array of those; the first `TextQuoteSelector` and the first
 * `TextPositionSelector` found are used (a `RangeSelector` or a `refinedBy` is ignored).
 *
 * Validated with valibot: a file that is not any of these is refused as a whole (one message); an
 * item that is not a usable annotation is kept, in its place, as a problem to report, so that a
 * file of a hundred annotations with one bad one still gives a hundred results in order.
 */
import * as v from 'valibot';
import type { TextPositionSelector, TextQuoteSelector } from '../annotation/model.ts';
import type { AnchorSelectors } from './match.ts';

/** The file as a whole is not Web Annotation JSON-LD (the message says why). */
export class AnnotationsError extends Error {}

/** One annotation of the input, in order: its selectors, or what is wrong with it. */
export interface InputAnnotation {
  /** The annotation's `id` (or `@id`), null when it has none. */
  id: string | null;
  selectors: AnchorSelectors | null;
  /** Why `selectors` is null. */
  problem: string | null;
}

/** `type` as JSON-LD writes it: a string or an array of strings. */
const Types = v.union([v.string(), v.array(v.string())]);

const Collection = v.looseObject({
  type: Types,
  items: v.optional(v.array(v.unknown())),
  first: v.optional(v.union([v.string(), v.looseObject({ items: v.optional(v.array(v.unknown())) })])),
});

const Selector = v.looseObject({ type: v.string() });

// Arrays first: valibot's looseObject would also take an array (as an object with keys 0, 1…).
const Target = v.union([
  v.string(),
  v.looseObject({ selector: v.optional(v.union([v.array(Selector), Selector])) }),
]);

const Annotation = v.looseObject({
  id: v.optional(v.string()),
  '@id': v.optional(v.string()),
  target: v.union([v.array(Target), Target]),
});

const Offset = v.pipe(v.number(), v.integer(), v.minValue(0));

const Quote = v.looseObject({
  type: v.string(),
  exact: v.string(),
  prefix: v.optional(v.string()),
  suffix: v.optional(v.string()),
});

const Position = v.looseObject({
  type: v.string(),
  start: Offset,
  end: Offset,
});

/** A valibot failure in one line: where and what. */
function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'invalid';
  const path = v.getDotPath(first);
  return path ? `${path}: ${first.message}` : first.message;
}

/** Whether a JSON-LD `type` names `name` (also as `oa:name`). */
function isType(type: unknown, name: string): boolean {
  const names = Array.isArray(type) ? type : [type];
  return names.some((t) => t === name || t === `oa:${name}`);
}

/** The annotation items of a parsed file, in order. Throws `AnnotationsError` for another shape. */
function itemsOf(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (json === null || typeof json !== 'object') {
    throw new AnnotationsError('expected a Web Annotation, an array of them or an AnnotationCollection');
  }
  const o = json as Record<string, unknown>;
  if (isType(o.type, 'AnnotationCollection') || isType(o.type, 'AnnotationPage')) {
    const c = v.safeParse(Collection, json);
    if (!c.success) throw new AnnotationsError(`not a valid ${String(o.type)}: ${issueText(c.issues)}`);
    const items = c.output.items ?? (typeof c.output.first === 'object' ? c.output.first.items : undefined);
    if (!items) {
      throw new AnnotationsError(
        typeof c.output.first === 'string'
          ? `the collection's items are in another document (${c.output.first}); give that page instead`
          : 'the collection has no items (neither items nor first.items)',
      );
    }
    return items;
  }
  if ('target' in o) return [json];
  throw new AnnotationsError(
    'expected a Web Annotation (with a target), an array of them or an AnnotationCollection',
  );
}

/** The first usable quote and position selectors of an annotation's targets. */
function selectorsOf(annotation: v.InferOutput<typeof Annotation>): InputAnnotation['selectors'] | string {
  const targets = Array.isArray(annotation.target) ? annotation.target : [annotation.target];
  let quote: TextQuoteSelector | null = null;
  let position: TextPositionSelector | null = null;
  let bad: string | null = null;
  for (const t of targets) {
    if (typeof t === 'string' || t.selector === undefined) continue;
    for (const s of Array.isArray(t.selector) ? t.selector : [t.selector]) {
      if (isType(s.type, 'TextQuoteSelector') && !quote) {
        const q = v.safeParse(Quote, s);
        if (q.success) {
          quote = {
            type: 'TextQuoteSelector',
            exact: q.output.exact,
            prefix: q.output.prefix ?? '',
            suffix: q.output.suffix ?? '',
          };
        } else bad ??= `TextQuoteSelector ${issueText(q.issues)}`;
      } else if (isType(s.type, 'TextPositionSelector') && !position) {
        const p = v.safeParse(Position, s);
        if (p.success && p.output.start <= p.output.end) {
          position = { type: 'TextPositionSelector', start: p.output.start, end: p.output.end };
        } else
          bad ??= p.success
            ? 'TextPositionSelector start is after end'
            : `TextPositionSelector ${issueText(p.issues)}`;
      }
    }
  }
  if (!quote && !position) {
    return bad ?? 'no TextQuoteSelector or TextPositionSelector in target.selector';
  }
  return { quote, position };
}

/**
 * The annotations of a parsed Web Annotation JSON-LD file, in order, each with its selectors or
 * the reason it has none. Throws `AnnotationsError` when the file is not such a document.
 */
export function readAnnotations(json: unknown): InputAnnotation[] {
  return itemsOf(json).map((item): InputAnnotation => {
    const a = v.safeParse(Annotation, item);
    if (!a.success) {
      const id =
        item !== null && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string'
          ? (item as { id: string }).id
          : null;
      return { id, selectors: null, problem: `not a usable annotation: ${issueText(a.issues)}` };
    }
    const id = a.output.id ?? a.output['@id'] ?? null;
    const selectors = selectorsOf(a.output);
    return typeof selectors === 'string'
      ? { id, selectors: null, problem: selectors }
      : { id, selectors, problem: null };
  });
}
