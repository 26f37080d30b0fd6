/**
 * The library's Export / Import screen, as plain steps over the store (no DOM): an export is the
 * bytes `lib/exchange/` writes for every stored record (the same code as `cli convert`, so the same
 * bytes), with a file name; an import is `importIntoStore` with the writes sliced, then the backup's
 * settings applied, and a summary a reader can act on.
 *
 * ```ts
 * const file = await exportAll(deps, 'backup', { onProgress });     // { name, type, parts, count }
 * const blob = new Blob(file.parts, { type: file.type });
 * const r = await importBytes(deps, bytes, { onProgress, signal });
 * if (r.ok) show(summarise(r.summary)); else showError(r.message, r.where);
 * ```
 */
import type { Annotation } from '../annotation/model.ts';
import { EXPORT_FILES, exportPartsAsync, type ExportFormat } from '../exchange/export.ts';
import type { MeasureLookup } from '../exchange/formats.ts';
import {
  importIntoStore,
  type ImportNote,
  type ImportProgress,
  type ImportSkip,
  type ImportSummary,
  type ImportTable,
} from '../exchange/import.ts';
import type { Settings } from '../settings.ts';

/** What the screen needs from the extension. */
export interface ExchangeDeps {
  /** The store's annotations table (`store.annotations`). */
  annotations: ImportTable & { count(): Promise<number> };
  loadSettings(): Promise<Settings>;
  saveSettings(change: Partial<Settings>): Promise<Settings>;
  /** The library page's URL, the base of the W3C export's measure links. */
  libraryBase: string;
  /** Port and document of a measure id (`corpusLookup(corpus)`). */
  measures: MeasureLookup;
  /** The clock: the export time, and the time of W3C annotations that give none. */
  now(): Date;
}

/** Records read from the store per batch, for an export. */
export const READ_BATCH = 1_000;

/** Records written per slice of an import's one transaction. */
export const WRITE_CHUNK = 1_000;

/** A file ready to save. */
export interface ExportedFile {
  name: string;
  /** Media type for the Blob. */
  type: string;
  /** The file's text in pieces (joined, it is `exportText`'s string). */
  parts: string[];
  /** Annotations in it. */
  count: number;
  exported: string;
}

/** How an export goes: reading the store, then writing the file. */
export interface ExportProgress {
  phase: 'read' | 'write';
  done: number;
  /** Null while the total is not known yet. */
  total: number | null;
}

/** The file name of an export: `policylens-backup-2026-12-02-080000.json`, `policylens-annotations-….csv`. */
export function exportFileName(format: ExportFormat, exported: string): string {
  const stamp = exported.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2}).*$/u, '$1-$2$3$4');
  const what = format === 'backup' ? 'backup' : 'annotations';
  return `policylens-${what}-${stamp}.${EXPORT_FILES[format].extension}`;
}

/** Every stored record, read in batches. */
export async function readAll(
  annotations: Pick<ImportTable, 'iterate'> & { count(): Promise<number> },
  onProgress?: (done: number, total: number | null) => void,
  signal?: AbortSignal,
): Promise<Annotation[]> {
  const total = await annotations.count().catch(() => null);
  const out: Annotation[] = [];
  onProgress?.(0, total);
  for await (const batch of annotations.iterate(READ_BATCH)) {
    signal?.throwIfAborted();
    for (const a of batch) out.push(a);
    onProgress?.(out.length, total);
  }
  return out;
}

/** Exports every stored record in `format`, now. */
export async function exportAll(
  deps: ExchangeDeps,
  format: ExportFormat,
  options: { onProgress?: (p: ExportProgress) => void; signal?: AbortSignal } = {},
): Promise<ExportedFile> {
  const exported = deps.now().toISOString();
  const records = await readAll(
    deps.annotations,
    (done, total) => options.onProgress?.({ phase: 'read', done, total }),
    options.signal,
  );
  const settings = format === 'backup' ? await deps.loadSettings() : null;
  const parts = await exportPartsAsync(format, records, {
    exported,
    libraryBase: deps.libraryBase,
    measures: deps.measures,
    settings,
    onProgress: (done, total) => options.onProgress?.({ phase: 'write', done, total }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return {
    name: exportFileName(format, exported),
    type: EXPORT_FILES[format].mediaType,
    parts,
    count: records.length,
    exported,
  };
}

/** How an import goes, as one bar: the file's read, parse and check, then the store's check and write. */
export interface ImportStage {
  phase: 'read' | 'parse' | 'check' | 'store-check' | 'write';
  /** The whole import, 0 → 1. */
  fraction: number;
}

/**
 * Share of the bar for the file (read, parse, check) and for the store (its check, then the write):
 * on 100,000 annotations in Chromium the first took about 3 s and the second about 9 s.
 */
const FILE_SHARE = 0.3;
const STORE_CHECK_SHARE = 0.1;

/** What an import did. */
export type ImportOutcome =
  | {
      ok: true;
      summary: ImportSummary;
      /** Records written (the summary's `imported`, unless one appeared meanwhile). */
      written: number;
      /** The backup's settings, now the reader's; null when the file had none. */
      settings: Settings | null;
      /** The settings were in the file but could not be saved: why. */
      settingsError: string | null;
    }
  | { ok: false; message: string; where: string | null };

/** Imports a file's bytes into the store, then applies the settings a backup carries. */
export async function importBytes(
  deps: ExchangeDeps,
  bytes: Uint8Array,
  options: { onProgress?: (s: ImportStage) => void; signal?: AbortSignal } = {},
): Promise<ImportOutcome> {
  const report = options.onProgress;
  const r = await importIntoStore(deps.annotations, bytes, {
    now: () => deps.now(),
    writeChunk: WRITE_CHUNK,
    onProgress: (p: ImportProgress) => report?.({ phase: p.phase, fraction: p.fraction * FILE_SHARE }),
    onWrite: (p) => {
      const share = p.total > 0 ? p.done / p.total : 1;
      report?.(
        p.phase === 'check'
          ? { phase: 'store-check', fraction: FILE_SHARE + share * STORE_CHECK_SHARE }
          : {
              phase: 'write',
              fraction: FILE_SHARE + STORE_CHECK_SHARE + share * (1 - FILE_SHARE - STORE_CHECK_SHARE),
            },
      );
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!r.ok) return r;
  report?.({ phase: 'write', fraction: 1 });
  let settings: Settings | null = null;
  let settingsError: string | null = null;
  if (r.settings) {
    try {
      settings = await deps.saveSettings(r.settings);
    } catch (e) {
      settingsError = e instanceof Error ? e.message : String(e);
    }
  }
  return { ok: true, summary: r.summary, written: r.written, settings, settingsError };
}

/** An import's summary as the screen shows it: counts, and the notes grouped by kind. */
export interface SummaryView {
  total: number;
  imported: number;
  skipped: number;
  rejected: number;
  warnings: number;
  /** Skipped annotations by why: same id or same page + quote + note, in the file or already stored. */
  skippedBy: Array<{ reason: ImportSkip['reason']; of: ImportSkip['of']; count: number }>;
  /** At most `limit` rejected annotations (where and why), in file order. */
  rejectedShown: ImportNote[];
  /** At most `limit` skipped ones. */
  skippedShown: ImportSkip[];
  warningsShown: ImportNote[];
}

/** Notes listed per kind, at most (a file of 100,000 bad annotations must not make 100,000 rows). */
export const SUMMARY_LIMIT = 200;

export function summarise(s: ImportSummary, limit = SUMMARY_LIMIT): SummaryView {
  const by = new Map<string, { reason: ImportSkip['reason']; of: ImportSkip['of']; count: number }>();
  for (const k of s.skipped) {
    const key = `${k.reason}/${k.of}`;
    const e = by.get(key);
    if (e) e.count++;
    else by.set(key, { reason: k.reason, of: k.of, count: 1 });
  }
  const order = ['same-id/existing', 'same-content/existing', 'same-id/file', 'same-content/file'];
  return {
    total: s.total,
    imported: s.imported,
    skipped: s.skipped.length,
    rejected: s.rejected.length,
    warnings: s.warnings.length,
    skippedBy: [...by.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([, v]) => v),
    rejectedShown: s.rejected.slice(0, limit),
    skippedShown: s.skipped.slice(0, limit),
    warningsShown: s.warnings.slice(0, limit),
  };
}
