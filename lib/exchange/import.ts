/**
 * The importer: the bytes of a file → records ready for `store.annotations.bulkPut` and a summary.
 * It writes nothing itself, so everything is checked before anything is written, and the caller
 * writes the records in one transaction (`importIntoStore` does both): a refused file changes
 * nothing.
 *
 * Reads a JSON backup (`format: "policylens-backup"`, version ≤ {@link BACKUP_VERSION}) or W3C Web
 * Annotation JSON-LD: one annotation, a list of them, an `AnnotationCollection` with `first.items`
 * (or `items`), or an `AnnotationPage` (`w3c.ts` reads each annotation, any tool's).
 *
 * Steps, each cut into slices (so 100,000 annotations import without holding a page's thread):
 * 1. **read**: the bytes are sniffed and checked as UTF-8 (`json-text.ts`: size, UTF-16/32,
 *    archives, binary, invalid UTF-8, each with its message);
 * 2. **parse**: JSON, a slice at a time, nesting ≤ {@link MAX_JSON_DEPTH}, at most
 *    {@link MAX_JSON_CONTAINERS} arrays and objects in all;
 * 3. **check**: the file's shape (format, version, the container), then each annotation: no
 *    forbidden key (`__proto__`, `constructor`, `prototype`) anywhere, then the store's own schema
 *    (`parseAnnotation`, valibot) for a backup record, or `readW3cAnnotation` for a W3C one; then
 *    duplicates.
 *
 * What is refused whole (`ok: false`, one message and where): a file that is not UTF-8 JSON, too
 * large, too deep, has a forbidden key, is neither format, is a backup of a newer version, or holds
 * more than {@link ImportLimits.annotations} annotations. What is refused one by one (listed in
 * `summary.rejected` with the reason and the JSON path, the others imported): an annotation that
 * fails its checks. What is skipped (listed in `summary.skipped`): a duplicate, by the same id or
 * by the same page, quote and note, earlier in the file or among the existing records the caller
 * passes ({@link ExistingAnnotations}); existing records are never replaced.
 *
 * Two drivers over one sequence of steps: {@link importFileSync} (the CLI, tests) runs it to the
 * end; {@link importFile} gives the event loop a turn every `sliceMs` and reports progress.
 */
import * as v from 'valibot';
import type { Annotation } from '../annotation/model.ts';
import { TINT_MODES, type Settings } from '../settings.ts';
import { check, parseAnnotation } from '../store/validate.ts';
import { canonicalRecord } from './export.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, derivedUuid } from './formats.ts';
import {
  checkJsonString,
  childPath,
  FileError,
  findForbiddenKey,
  JsonSliceParser,
  MAX_JSON_CONTAINERS,
  MAX_JSON_DEPTH,
  PARSE_SLICE_CHARS,
  sniffJsonBytes,
  Utf8Checker,
} from './json-text.ts';
import { nextTurn } from './turn.ts';
import { readW3cAnnotation } from './w3c.ts';

export { FileError } from './json-text.ts';

/** Bounds on a file. */
export interface ImportLimits {
  /** Bytes of the file (characters when a string is given). */
  bytes: number;
  /** Annotations in the file. */
  annotations: number;
  /** Nesting of arrays and objects. */
  depth: number;
  /** Arrays and objects in all. */
  containers: number;
}

export const IMPORT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  bytes: 256 * 1024 * 1024,
  annotations: 250_000,
  depth: MAX_JSON_DEPTH,
  containers: MAX_JSON_CONTAINERS,
});

export type ImportFormat = 'policylens-backup' | 'w3c';

/** An annotation of the file that was not imported, or was imported with a change. */
export interface ImportNote {
  /** Its index among the file's annotations. */
  index: number;
  /** Its JSON path in the file (`$.annotations[3]`, `$.first.items[3]`). */
  where: string;
  message: string;
}

export interface ImportSkip extends ImportNote {
  /** The id it would have had. */
  id: string;
  reason: 'same-id' | 'same-content';
  /** Whether the record it repeats is earlier in the file or already stored. */
  of: 'file' | 'existing';
  /** The index of the annotation it repeats in the file (null: a stored one). */
  duplicateOf: number | null;
  /** Whether it is the very same record as the one it repeats (a file can hold a record twice). */
  identical: boolean;
}

export interface ImportSummary {
  format: ImportFormat;
  /** Annotations in the file. */
  total: number;
  /** Records ready to write (`records.length`). */
  imported: number;
  skipped: ImportSkip[];
  rejected: ImportNote[];
  /** Imported with a change (a position that disagreed with its quote was left out). */
  warnings: ImportNote[];
}

export type ImportResult =
  | {
      ok: true;
      /** Records to write, in file order. */
      records: Annotation[];
      /** The backup's settings, when it had valid ones. */
      settings: Settings | null;
      /** The backup's `exported` or the collection's `generated`, when given. */
      exported: string | null;
      summary: ImportSummary;
    }
  | { ok: false; message: string; where: string | null };

export interface ImportProgress {
  phase: 'read' | 'parse' | 'check';
  /** Bytes (read, parse) or annotations (check) done, and in all. */
  done: number;
  total: number;
  /** The whole import, 0 → 1. */
  fraction: number;
}

/**
 * The ids and contents (page key + quote + note) of records already stored, so that an import
 * skips what is there. Fill it from the store (`fromStore`) or record by record (`add`).
 */
export class ExistingAnnotations {
  private readonly ids = new Set<string>();
  private readonly contents = new Set<string>();

  /**
   * The content keys of a record: one per page key (a page reached by its canonical URL too). A
   * short key is the text itself; a long one (a long quote or note) its name-based UUID, so that
   * 100,000 keys stay small without hashing every one (hashing all took 1.6 s per 100,000).
   */
  static contentKeys(a: Pick<Annotation, 'keys' | 'quote' | 'note'>): string[] {
    const note = a.note.trim();
    return a.keys.map((k) => {
      const key = `${k}\n${a.quote.exact}\n${note}`;
      return key.length <= 240 ? `=${key}` : `#${derivedUuid(`content\n${key}`)}`;
    });
  }

  add(
    a: Pick<Annotation, 'id' | 'keys' | 'quote' | 'note'>,
    contentKeys = ExistingAnnotations.contentKeys(a),
  ): void {
    this.ids.add(a.id.toLowerCase());
    for (const c of contentKeys) this.contents.add(c);
  }

  hasId(id: string): boolean {
    return this.ids.has(id.toLowerCase());
  }

  hasContent(
    a: Pick<Annotation, 'keys' | 'quote' | 'note'>,
    contentKeys = ExistingAnnotations.contentKeys(a),
  ): boolean {
    return contentKeys.some((c) => this.contents.has(c));
  }

  get size(): number {
    return this.ids.size;
  }

  /** Every record a store's `iterate` gives. */
  static async fromStore(table: {
    iterate(batch?: number): AsyncIterable<Annotation[]>;
  }): Promise<ExistingAnnotations> {
    const known = new ExistingAnnotations();
    for await (const batch of table.iterate(1_000)) for (const a of batch) known.add(a);
    return known;
  }
}

export interface ImportOptions {
  /** Records already stored: duplicates of them are skipped. */
  existing?: ExistingAnnotations;
  /** The clock for W3C annotations that give no time. */
  now?: () => Date;
  limits?: Partial<ImportLimits>;
}

export interface AsyncImportOptions extends ImportOptions {
  onProgress?: (p: ImportProgress) => void;
  /** Work between turns of the event loop, in ms (default 12). */
  sliceMs?: number;
  signal?: AbortSignal;
}

// ---- the file's shape ----

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u;

const SettingsIn = v.strictObject(
  {
    tintMode: v.picklist(
      TINT_MODES as Settings['tintMode'][],
      `tintMode must be one of ${TINT_MODES.join(', ')}`,
    ),
    printHighlights: v.boolean('printHighlights must be true or false'),
  },
  'settings must have tintMode and printHighlights only',
);

const BackupIn = v.strictObject(
  {
    format: v.literal(BACKUP_FORMAT),
    version: v.literal(BACKUP_VERSION),
    exported: v.pipe(
      v.string('exported must be text'),
      v.regex(ISO_UTC, 'exported must be a UTC time such as 2026-12-01T03:57:07.123Z'),
    ),
    settings: v.optional(v.unknown()),
    annotations: v.array(v.unknown(), 'annotations must be a list'),
  },
  'a backup has format, version, exported, annotations and optionally settings, and nothing else',
);

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const typesOf = (x: Record<string, unknown>): string[] =>
  (Array.isArray(x.type) ? x.type : [x.type]).filter((t): t is string => typeof t === 'string');

interface Shape {
  format: ImportFormat;
  items: unknown[];
  /** JSON path of the list the items are in (`$.annotations`), or `$` for one annotation. */
  base: string;
  single: boolean;
  exported: string | null;
  settings: unknown;
}

/** What the file is: a backup or W3C, and where its annotations are. Throws a FileError. */
function shapeOf(root: unknown): Shape {
  if (Array.isArray(root))
    return { format: 'w3c', items: root, base: '$', single: false, exported: null, settings: undefined };
  if (!isObject(root)) {
    throw new FileError(
      `the file holds ${root === null ? 'null' : typeof root} where a PolicyLens backup or W3C annotations were expected`,
      '$',
    );
  }
  if ('format' in root) {
    if (root.format !== BACKUP_FORMAT) {
      throw new FileError(
        `the file's format is ${JSON.stringify(String(root.format)).slice(0, 60)}, not ${BACKUP_FORMAT}`,
        '$.format',
      );
    }
    const version = root.version;
    if (typeof version === 'number' && Number.isInteger(version) && version > BACKUP_VERSION) {
      throw new FileError(
        `this is a ${BACKUP_FORMAT} version ${version} file, written by a newer PolicyLens; this version reads version ${BACKUP_VERSION}: update PolicyLens to import it`,
        '$.version',
      );
    }
    if (version !== BACKUP_VERSION) {
      throw new FileError(
        `the backup's version is ${JSON.stringify(version).slice(0, 40)}; ${BACKUP_FORMAT} versions are whole numbers from 1`,
        '$.version',
      );
    }
    const forbidden = findForbiddenKey(root, '$', root.annotations);
    if (forbidden) throw new FileError(`the file has a forbidden key at ${forbidden}`, forbidden);
    const parsed = check(BackupIn, root);
    if (!parsed.ok) throw new FileError(`not a valid backup: ${parsed.message}`, '$');
    return {
      format: 'policylens-backup',
      items: parsed.value.annotations,
      base: '$.annotations',
      single: false,
      exported: parsed.value.exported,
      settings: parsed.value.settings,
    };
  }
  const types = typesOf(root);
  if (types.includes('AnnotationCollection') || (!types.includes('AnnotationPage') && 'first' in root)) {
    const first = root.first;
    const generated =
      typeof root.generated === 'string' && ISO_UTC.test(root.generated) ? root.generated : null;
    if (typeof first === 'string') {
      throw new FileError(
        'the collection links to its annotations (first is an address) instead of holding them: export them inline',
        '$.first',
      );
    }
    if (isObject(first) && Array.isArray(first.items)) {
      return pageShape(root, first, '$.first.items', generated);
    }
    if (Array.isArray(root.items)) return pageShape(root, root, '$.items', generated);
    if (first === undefined && (root.total === 0 || root.total === undefined)) {
      return {
        format: 'w3c',
        items: [],
        base: '$.items',
        single: false,
        exported: generated,
        settings: undefined,
      };
    }
    throw new FileError('the collection has no annotations inline (first.items)', '$.first');
  }
  if (types.includes('AnnotationPage') || Array.isArray(root.items)) {
    if (!Array.isArray(root.items)) throw new FileError('the annotation page has no items list', '$.items');
    return pageShape(root, root, '$.items', null);
  }
  if (types.includes('Annotation') || 'target' in root) {
    return { format: 'w3c', items: [root], base: '$', single: true, exported: null, settings: undefined };
  }
  throw new FileError(
    'the file is neither a PolicyLens backup (no "format") nor W3C Web Annotation JSON-LD (no annotation, collection or page)',
    '$',
  );
}

function pageShape(
  root: Record<string, unknown>,
  page: Record<string, unknown>,
  base: string,
  exported: string | null,
): Shape {
  const forbidden = findForbiddenKey(root, '$', page.items);
  if (forbidden) throw new FileError(`the file has a forbidden key at ${forbidden}`, forbidden);
  return {
    format: 'w3c',
    items: page.items as unknown[],
    base,
    single: false,
    exported,
    settings: undefined,
  };
}

// ---- the steps ----

type Step = ImportProgress;

/** Weights of the phases in `fraction`. */
const WEIGHT = { read: 0.1, parse: 0.55, check: 0.35 } as const;

function progress(phase: ImportProgress['phase'], done: number, total: number): ImportProgress {
  const part = total === 0 ? 1 : Math.min(1, done / total);
  const before = phase === 'read' ? 0 : phase === 'parse' ? WEIGHT.read : WEIGHT.read + WEIGHT.parse;
  return { phase, done, total, fraction: before + part * WEIGHT[phase] };
}

/** Annotations checked per step. */
const CHECK_BATCH = 200;

/**
 * The import as a sequence of steps: each `next()` does one slice of work and yields its progress;
 * the return value is the result. Throws only on an abort; every problem of the file is a result.
 */
export function* importSteps(
  input: Uint8Array | ArrayBuffer | string,
  options: ImportOptions = {},
): Generator<Step, ImportResult, void> {
  const limits = { ...IMPORT_LIMITS, ...options.limits };
  try {
    // 1. read
    let text: Uint8Array | string;
    let start = 0;
    if (typeof input === 'string') {
      text = checkJsonString(input, limits.bytes);
    } else {
      const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
      start = sniffJsonBytes(bytes, limits.bytes);
      const utf8 = new Utf8Checker(bytes, start);
      while (!utf8.step()) yield progress('read', utf8.progress.done, utf8.progress.total);
      text = bytes;
    }
    yield progress('read', 1, 1);

    // 2. parse
    const parser = new JsonSliceParser(text, start, PARSE_SLICE_CHARS, limits.depth, limits.containers);
    while (!parser.step()) yield progress('parse', parser.progress.done, parser.progress.total);
    yield progress('parse', 1, 1);

    // 3. check
    const shape = shapeOf(parser.value);
    if (shape.items.length > limits.annotations) {
      throw new FileError(
        `the file holds ${shape.items.length} annotations; at most ${limits.annotations} can be imported at once`,
        shape.base,
      );
    }
    const summary: ImportSummary = {
      format: shape.format,
      total: shape.items.length,
      imported: 0,
      skipped: [],
      rejected: [],
      warnings: [],
    };
    let settings: Settings | null = null;
    if (shape.settings !== undefined) {
      const s = check(SettingsIn, shape.settings);
      if (s.ok) settings = s.value;
      else
        summary.rejected.push({
          index: -1,
          where: '$.settings',
          message: `settings not restored: ${s.message}`,
        });
    }
    const records: Annotation[] = [];
    // Records kept so far, by lower-case id and by content key, with their index in the file.
    const keptById = new Map<string, { index: number; record: Annotation }>();
    const keptByContent = new Map<string, { index: number; record: Annotation }>();
    const existing = options.existing;
    const now = options.now ?? (() => new Date());
    for (let index = 0; index < shape.items.length; index++) {
      if (index % CHECK_BATCH === 0 && index > 0) yield progress('check', index, shape.items.length);
      const where = shape.single ? '$' : childPath(shape.base, index);
      const item = shape.items[index];
      // The parsed item is not needed once read: let the collector have it now, not at the end
      // (a 100 MB file otherwise lives twice, as parsed and as records).
      shape.items[index] = null;
      const forbidden = findForbiddenKey(item, where);
      if (forbidden) {
        // A key that could reach a prototype is an attack, not a mistake: the file goes whole.
        throw new FileError(`the file has a forbidden key at ${forbidden}`, forbidden);
      }
      let record: Annotation;
      if (shape.format === 'policylens-backup') {
        const r = parseAnnotation(item);
        if (!r.ok) {
          summary.rejected.push({ index, where, message: r.message });
          continue;
        }
        record = r.value;
      } else {
        const r = readW3cAnnotation(item, now);
        if (!r.ok) {
          summary.rejected.push({ index, where, message: r.message });
          continue;
        }
        record = r.record;
        for (const message of r.warnings) summary.warnings.push({ index, where, message });
      }
      const skip = (
        reason: ImportSkip['reason'],
        kept: { index: number; record: Annotation } | null,
      ): void => {
        const what = reason === 'same-id' ? `the same id (${record.id})` : 'the same page, quote and note';
        summary.skipped.push({
          index,
          where,
          id: record.id,
          reason,
          of: kept ? 'file' : 'existing',
          duplicateOf: kept ? kept.index : null,
          identical: kept
            ? JSON.stringify(canonicalRecord(kept.record)) === JSON.stringify(canonicalRecord(record))
            : false,
          message: `skipped: ${kept ? `annotation ${kept.index} of the file` : 'an annotation already stored'} has ${what}`,
        });
      };
      const content = ExistingAnnotations.contentKeys(record);
      const sameId = keptById.get(record.id.toLowerCase());
      const sameContent = content.map((c) => keptByContent.get(c)).find((k) => k !== undefined);
      if (existing?.hasId(record.id)) skip('same-id', null);
      else if (sameId) skip('same-id', sameId);
      else if (existing?.hasContent(record, content)) skip('same-content', null);
      else if (sameContent) skip('same-content', sameContent);
      else {
        const kept = { index, record };
        keptById.set(record.id.toLowerCase(), kept);
        for (const c of content) keptByContent.set(c, kept);
        records.push(record);
      }
    }
    summary.imported = records.length;
    yield progress('check', shape.items.length, shape.items.length);
    return { ok: true, records, settings, exported: shape.exported, summary };
  } catch (e) {
    if (e instanceof FileError) return { ok: false, message: e.message, where: e.where };
    if (e instanceof RangeError) {
      // Memory or stack exhausted by what the limits let through: still the file's fault.
      return { ok: false, message: `the file could not be read (${e.message})`, where: null };
    }
    throw e;
  }
}

/** Runs the import to the end at once (the CLI, tests, small files). */
export function importFileSync(
  input: Uint8Array | ArrayBuffer | string,
  options: ImportOptions = {},
): ImportResult {
  const steps = importSteps(input, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs the import a slice at a time: at most `sliceMs` of work (one slice may run over: a parse
 * slice is {@link PARSE_SLICE_CHARS} bytes) between turns of the event loop, with progress. An
 * abort rejects with the signal's reason and nothing was written.
 */
export async function importFile(
  input: Uint8Array | ArrayBuffer | string,
  options: AsyncImportOptions = {},
): Promise<ImportResult> {
  const sliceMs = options.sliceMs ?? 12;
  const steps = importSteps(input, options);
  let since = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) {
      options.onProgress?.(progress('check', 1, 1));
      return r.value;
    }
    if (performance.now() - since >= sliceMs) {
      options.onProgress?.(r.value);
      await nextTurn();
      options.signal?.throwIfAborted();
      since = performance.now();
    }
  }
}

/** What `importIntoStore` did: the import's result, and the write's. */
export type StoreImportResult =
  | {
      ok: true;
      summary: ImportSummary;
      settings: Settings | null;
      /** The file's own export time, when it gave one. */
      exported: string | null;
      /** Records written (the summary's `imported`, unless the store kept a newer one). */
      written: number;
    }
  | { ok: false; message: string; where: string | null };

/** The part of the store an import uses (`store.annotations`). */
export interface ImportTable {
  iterate(batch?: number): AsyncIterable<Annotation[]>;
  bulkPut(
    records: readonly unknown[],
    options?: {
      onConflict?: 'keep-newer' | 'replace';
      skipInvalid?: boolean;
      chunk?: number;
      onProgress?: (p: { phase: 'check' | 'write'; done: number; total: number }) => void;
    },
  ): Promise<{ ok: true; written: number; kept: number } | { ok: false; error: string; message: string }>;
}

/** What `importIntoStore` adds to the import's options. */
export interface StoreImportOptions extends Omit<AsyncImportOptions, 'existing'> {
  /** A file with any rejected annotation writes nothing. */
  strict?: boolean;
  /**
   * Records per write inside the one transaction (`bulkPut`'s `chunk`): a page passes it so that
   * writing 100,000 records does not hold its thread; default all at once.
   */
  writeChunk?: number;
  /** With `writeChunk`: the store's own check of the records, then the write, as they go. */
  onWrite?: (p: { phase: 'check' | 'write'; done: number; total: number }) => void;
}

/**
 * Imports a file into a store: reads what is stored (for duplicates), imports, and writes the
 * records in one transaction (`bulkPut`, every record checked again, all or nothing). Existing
 * records are never changed: duplicates of them (same id, or same page, quote and note) are
 * skipped before the write, and `keep-newer` would keep a stored record that appeared meanwhile.
 * `strict`: a file with any rejected annotation writes nothing (default: the others are written
 * and the rejected ones listed).
 */
export async function importIntoStore(
  table: ImportTable,
  input: Uint8Array | ArrayBuffer | string,
  options: StoreImportOptions = {},
): Promise<StoreImportResult> {
  const existing = await ExistingAnnotations.fromStore(table);
  const result = await importFile(input, { ...options, existing });
  if (!result.ok) return result;
  const { summary, settings, exported, records } = result;
  const first = summary.rejected[0];
  if (options.strict && first) {
    return {
      ok: false,
      message: `${summary.rejected.length} of ${summary.total} annotations are invalid, nothing was imported; ${first.where}: ${first.message}`,
      where: first.where,
    };
  }
  if (records.length === 0) return { ok: true, summary, settings, exported, written: 0 };
  const put = await table.bulkPut(records, {
    onConflict: 'keep-newer',
    ...(options.writeChunk !== undefined ? { chunk: options.writeChunk } : {}),
    ...(options.onWrite ? { onProgress: options.onWrite } : {}),
  });
  if (!put.ok) return { ok: false, message: `nothing was imported: ${put.message}`, where: null };
  return { ok: true, summary, settings, exported, written: put.written };
}
