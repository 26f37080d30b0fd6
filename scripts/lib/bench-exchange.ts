/**
 * The "Export/import" section of `npm run bench`: 100,000 annotations (made from the fixture pages'
 * text as the search section makes them, a quarter of them on a corpus measure) exported to every
 * format, then the backup and the W3C file imported back, in one go (`importFileSync`, the CLI's
 * path) and sliced (`importFile`, the library page's path). For the sliced import the event loop's
 * longest wait is measured with a 5 ms interval timer, which is what a page would feel: the
 * longest time its clicks and paints would wait. Medians of `RUNS` runs, each after a full garbage
 * collection when `global.gc` is there (the bench runs this section in a child process started
 * with `--expose-gc`), so that one run's garbage is not collected in the next one's time.
 */
import { performance } from 'node:perf_hooks';
import type { Annotation } from '../../lib/annotation/model.ts';
import type { Corpus } from '../../lib/corpus/types.ts';
import { EXPORT_FORMATS, exportText, type ExportFormat } from '../../lib/exchange/export.ts';
import { corpusLookup } from '../../lib/exchange/formats.ts';
import { importFile, importFileSync, importSteps } from '../../lib/exchange/import.ts';
import { generateAnnotations, loadPages } from './bench-search.ts';
import { median, roundTo } from './stats.ts';

export const EXCHANGE_ANNOTATIONS = 100_000;
const RUNS = 3;
const EXPORTED = '2026-12-01T00:00:00.000Z';

export interface ExchangeFigures {
  annotations: number;
  gcExposed: boolean;
  formats: Array<{ format: ExportFormat; mb: number; exportMs: number }>;
  imports: Array<{
    format: 'backup' | 'w3c';
    syncMs: number;
    phasesMs: { read: number; parse: number; check: number };
    slicedMs: number;
    /** The event loop's longest wait during the sliced import (a 5 ms timer's largest gap). */
    longestWaitMs: number;
    /** Timer ticks during the sliced import. */
    ticks: number;
    /** Waits over 50 ms (a long task, as the browser counts them). */
    over50: number;
    imported: number;
  }>;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

const round = (x: number, digits = 0): number => roundTo(x, digits);

/** Times of each phase of one import: each step's time goes to the phase it reports at its end. */
function phases(bytes: Uint8Array): { read: number; parse: number; check: number } {
  const out = { read: 0, parse: 0, check: 0 };
  const steps = importSteps(bytes);
  let t = performance.now();
  for (;;) {
    const r = steps.next();
    const now = performance.now();
    out[r.done ? 'check' : r.value.phase] += now - t;
    t = now;
    if (r.done) break;
  }
  return { read: round(out.read), parse: round(out.parse), check: round(out.check) };
}

async function sliced(
  bytes: Uint8Array,
): Promise<{ ms: number; longestWaitMs: number; ticks: number; over50: number; imported: number }> {
  let last = performance.now();
  let longest = 0;
  let ticks = 0;
  let over50 = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    if (now - last > 50) over50 += 1;
    last = now;
    ticks += 1;
  }, 5);
  const t0 = performance.now();
  const r = await importFile(bytes);
  const ms = performance.now() - t0;
  clearInterval(timer);
  return { ms, longestWaitMs: longest, ticks, over50, imported: r.ok ? r.records.length : -1 };
}

/** Runs the section. */
export async function exchangeFigures(
  root: string,
  corpus: Corpus,
  n = EXCHANGE_ANNOTATIONS,
): Promise<ExchangeFigures> {
  const ids = corpus.measures.map((m) => m.id);
  const records: Annotation[] = generateAnnotations(loadPages(root), n).map((a, i) =>
    i % 4 === 0 ? { ...a, measureId: ids[i % ids.length] ?? null } : a,
  );
  const measures = corpusLookup(corpus);
  const texts = new Map<ExportFormat, string>();
  const formats: ExchangeFigures['formats'] = [];
  for (const format of EXPORT_FORMATS) {
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      gc();
      const t = performance.now();
      texts.set(format, exportText(format, records, { exported: EXPORTED, measures }));
      times.push(performance.now() - t);
    }
    const bytes = Buffer.byteLength(texts.get(format) ?? '', 'utf8');
    formats.push({ format, mb: round(bytes / 1024 / 1024, 1), exportMs: round(median(times)) });
  }
  const imports: ExchangeFigures['imports'] = [];
  // Only the two files to import stay: the records and the other texts go before the timings.
  for (const f of ['csv', 'markdown'] as const) texts.delete(f);
  records.length = 0;
  for (const format of ['backup', 'w3c'] as const) {
    const bytes = new TextEncoder().encode(texts.get(format));
    const syncTimes: number[] = [];
    let imported = 0;
    for (let r = 0; r < RUNS; r++) {
      gc();
      const t = performance.now();
      const res = importFileSync(bytes);
      syncTimes.push(performance.now() - t);
      imported = res.ok ? res.records.length : -1;
    }
    const runs = [];
    for (let r = 0; r < RUNS; r++) {
      gc();
      runs.push(await sliced(bytes));
    }
    gc();
    const mid = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)] as (typeof runs)[number];
    imports.push({
      format,
      syncMs: round(median(syncTimes)),
      phasesMs: phases(bytes),
      slicedMs: round(mid.ms),
      longestWaitMs: round(median(runs.map((x) => x.longestWaitMs)), 1),
      ticks: mid.ticks,
      over50: mid.over50,
      imported: Math.min(imported, mid.imported),
    });
  }
  return {
    annotations: n,
    formats,
    imports,
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
}

/** The section as text. */
export function formatExchange(f: ExchangeFigures | null): string {
  if (!f) return 'Export/import: skipped.';
  const lines = [
    `Export/import (lib/exchange/): ${f.annotations.toLocaleString('en-US')} annotations made from the fixture pages (median of ${RUNS} runs${f.gcExposed ? ', each after a full garbage collection' : '; no global.gc: runs include earlier garbage'}).`,
    '  format    file MB  export ms',
  ];
  for (const x of f.formats) {
    lines.push(`  ${x.format.padEnd(8)}  ${String(x.mb).padStart(7)}  ${String(x.exportMs).padStart(9)}`);
  }
  lines.push(
    '  import    in one go ms (read / parse / check)   sliced ms  longest wait ms  waits > 50 ms / ticks  imported',
  );
  for (const x of f.imports) {
    const p = `${x.phasesMs.read} / ${x.phasesMs.parse} / ${x.phasesMs.check}`;
    lines.push(
      `  ${x.format.padEnd(8)}  ${String(x.syncMs).padStart(12)} (${p})`.padEnd(48) +
        `${String(x.slicedMs).padStart(9)}  ${String(x.longestWaitMs).padStart(15)}  ${`${x.over50} / ${x.ticks}`.padStart(21)}  ${x.imported.toLocaleString('en-US')}`,
    );
  }
  lines.push(
    '  "longest wait": the longest the event loop waited during the sliced import, seen by a 5 ms timer (what a page would feel; slices are cut at 12 ms of work, garbage collection of the parsed file comes on top).',
    `  "imported": the generator repeats some page + quote + note, and the importer skips those as duplicates.`,
  );
  return lines.join('\n');
}
