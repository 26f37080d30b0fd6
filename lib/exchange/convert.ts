/**
 * One file to another format: what `cli convert` runs, with the same importer and exporters as the
 * library page, so a file converted on the command line is byte-identical to the library's export
 * of the same records (same `exported` time and library base).
 *
 * Stricter than an import: a file with any annotation that fails its checks is refused whole (a
 * script must not get a file with records silently missing), and so is one in which an annotation
 * repeats another's id, or its page, quote and note, with anything different (which of the two is
 * right is the reader's call, not ours). A record that is simply there twice is written once, and
 * `notes` says so.
 */
import { isoNow } from '../annotation/model.ts';
import { exportText, type ExportFormat } from './export.ts';
import type { MeasureLookup } from './formats.ts';
import { importFileSync, type ImportLimits } from './import.ts';

export interface ConvertOptions {
  to: ExportFormat;
  /** The export time; default the input's own (`exported` of a backup, `generated` of a collection), else now. */
  exported?: string;
  libraryBase?: string;
  measures?: MeasureLookup;
  limits?: Partial<ImportLimits>;
  now?: () => Date;
}

/** Why a file could not be converted: one line for the reader. */
export class ConvertError extends Error {
  constructor(message: string) {
    super(message.replace(/\s+/gu, ' ').trim());
    this.name = 'ConvertError';
  }
}

/** The converted text, and one-line notes on what was dropped (duplicates) or adjusted. */
export function convertFile(
  input: Uint8Array | ArrayBuffer | string,
  options: ConvertOptions,
): { text: string; notes: string[] } {
  const now = options.now ?? (() => new Date());
  const read = importFileSync(input, { now, ...(options.limits ? { limits: options.limits } : {}) });
  if (!read.ok) {
    const where =
      read.where === null || read.message.includes(read.where) || read.where.startsWith('the end')
        ? ''
        : ` (at ${read.where})`;
    throw new ConvertError(`${read.message}${where}`);
  }
  const { summary } = read;
  const first = summary.rejected[0];
  if (first) {
    const bad = summary.rejected.filter((r) => r.index >= 0).length;
    const what =
      bad > 0 ? `${bad} of ${summary.total} annotations are invalid` : 'the file has invalid parts';
    throw new ConvertError(`${what}, nothing was converted; ${first.where}: ${first.message}`);
  }
  const conflict = summary.skipped.find((s) => !s.identical);
  if (conflict) {
    const conflicts = summary.skipped.filter((s) => !s.identical).length;
    const what = conflict.reason === 'same-id' ? 'the same id as' : 'the same page, quote and note as';
    throw new ConvertError(
      `${conflicts} annotation${conflicts === 1 ? '' : 's'} repeat${conflicts === 1 ? 's' : ''} another with different content, nothing was converted; ${conflict.where} has ${what} annotation ${conflict.duplicateOf} of the file`,
    );
  }
  const notes: string[] = [];
  if (summary.skipped.length > 0) {
    notes.push(
      `${summary.skipped.length} annotation${summary.skipped.length === 1 ? ' was' : 's were'} in the file twice and written once (the first: ${summary.skipped[0]?.where})`,
    );
  }
  if (summary.warnings.length > 0) {
    notes.push(
      `${summary.warnings.length} position selector${summary.warnings.length === 1 ? '' : 's'} left out (span not as long as the quote; the first: ${summary.warnings[0]?.where})`,
    );
  }
  const text = exportText(options.to, read.records, {
    exported: options.exported ?? read.exported ?? isoNow(now()),
    ...(options.libraryBase !== undefined ? { libraryBase: options.libraryBase } : {}),
    ...(options.measures ? { measures: options.measures } : {}),
    settings: read.settings,
  });
  return { text, notes };
}
