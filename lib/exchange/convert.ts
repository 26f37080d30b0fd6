/**
 * One file to another format: what `cli convert` runs, with the same importer and exporters as the
 * library page, so a file converted on the command line is byte-identical to the library's export
 * of the same records (same `exported` time and library base).
 *
 * Stricter than an import: a file with any annotation that fails its checks is refused whole (a
 * script must not get a file with records silently missing); duplicates are dropped, as an import
 * skips them, and said so in `notes`.
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
  const notes: string[] = [];
  if (summary.skipped.length > 0) {
    notes.push(
      `${summary.skipped.length} duplicate annotation${summary.skipped.length === 1 ? '' : 's'} left out (the same id, or the same page, quote and note as an earlier one; the first: ${summary.skipped[0]?.where})`,
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
