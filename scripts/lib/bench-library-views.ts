/**
 * The "Library views" section of `npm run bench`, measured in headless Chromium with the built
 * extension (`--no-library-views` skips it, `--library-views-only` runs it alone):
 *
 * - **Import through the library** of 100,000 annotations (the export/import section's records, a
 *   quarter on a corpus measure, as a JSON backup on disk) with the file picker of the Export /
 *   Import screen, until its summary shows: the time, and what a reader would feel meanwhile: the
 *   longest wait of a 5 ms timer in the page, and the long tasks (> 50 ms) the browser reports.
 * - **The Annotations view with 10,000 annotations**: from navigating to `#annotations` until the
 *   first rows are drawn (records read from IndexedDB, grouped, virtualised), median of
 *   {@link RUNS}; the rows in the DOM; and switching to "by measure".
 * - **The Compare view**: from navigating to `#compare` until the matrix is drawn, median of
 *   {@link RUNS}.
 *
 * Each part runs in a fresh profile. Wall-clock on a shared machine: the load average is printed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Annotation } from '../../lib/annotation/model.ts';
import type { Corpus } from '../../lib/corpus/types.ts';
import { exportText } from '../../lib/exchange/export.ts';
import { launchExtension, type ExtensionHarness } from '../../test/e2e/harness.ts';
import { generateAnnotations, loadPages } from './bench-search.ts';
import { median, roundTo } from './stats.ts';

export const LIBRARY_IMPORT_ANNOTATIONS = 100_000;
export const LIBRARY_LIST_ANNOTATIONS = 10_000;
const RUNS = 3;
const EXPORTED = '2026-12-01T00:00:00.000Z';

export type LibraryViewsFigures =
  | { skipped: string }
  | {
      load: number[];
      import: {
        annotations: number;
        fileMb: number;
        ms: number;
        longestWaitMs: number;
        longTasks: number;
        longestTaskMs: number;
        imported: number;
      };
      annotationsView: { annotations: number; firstRowsMs: number; rowsInDom: number; byMeasureMs: number };
      compareView: { matrixMs: number; cells: number };
    };

const round = (x: number, digits = 0): number => roundTo(x, digits);

function records(root: string, corpus: Corpus, n: number): Annotation[] {
  const ids = corpus.measures.map((m) => m.id);
  return generateAnnotations(loadPages(root), n).map((a, i) =>
    i % 4 === 0 ? { ...a, measureId: ids[i % ids.length] ?? null } : a,
  );
}

/** Imports a backup file through the library's file picker; resolves with the time and the page's waits. */
async function importThrough(
  page: Page,
  path: string,
): Promise<{
  ms: number;
  longestWaitMs: number;
  longTasks: number;
  longestTaskMs: number;
  imported: number;
}> {
  await page.evaluate(`(() => {
    const w = (globalThis.__bench = { longest: 0, last: performance.now(), tasks: [] });
    w.timer = setInterval(() => {
      const now = performance.now();
      w.longest = Math.max(w.longest, now - w.last);
      w.last = now;
    }, 5);
    new PerformanceObserver((l) => { for (const e of l.getEntries()) w.tasks.push(e.duration); }).observe({ type: 'longtask' });
  })()`);
  const t0 = Date.now();
  await page.getByTestId('import-file').setInputFiles(path);
  await page.getByTestId('import-summary').waitFor({ timeout: 600_000 });
  const ms = Date.now() - t0;
  const w = (await page.evaluate(`(() => {
    const w = globalThis.__bench;
    clearInterval(w.timer);
    return { longest: w.longest, tasks: w.tasks };
  })()`)) as { longest: number; tasks: number[] };
  const imported = Number(
    ((await page.getByTestId('count-imported').textContent()) ?? '').replace(/\D/gu, ''),
  );
  return {
    ms,
    longestWaitMs: round(w.longest),
    longTasks: w.tasks.length,
    longestTaskMs: round(Math.max(0, ...w.tasks)),
    imported,
  };
}

async function withProfile<T>(fn: (h: ExtensionHarness, page: Page) => Promise<T>): Promise<T> {
  const h = await launchExtension();
  try {
    const page = await h.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    return await fn(h, page);
  } finally {
    await h.close();
  }
}

/** Runs the section; `log` hears progress. */
export async function libraryViewsFigures(
  root: string,
  corpus: Corpus,
  log: (s: string) => void = () => undefined,
): Promise<LibraryViewsFigures> {
  const load: number[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'policylens-bench-library-'));
  try {
    const bigPath = join(dir, 'big.json');
    const bigText = exportText('backup', records(root, corpus, LIBRARY_IMPORT_ANNOTATIONS), {
      exported: EXPORTED,
    });
    writeFileSync(bigPath, bigText);
    const fileMb = Math.round((Buffer.byteLength(bigText) / 1e6) * 10) / 10;
    const listPath = join(dir, 'list.json');
    writeFileSync(
      listPath,
      exportText('backup', records(root, corpus, LIBRARY_LIST_ANNOTATIONS), { exported: EXPORTED }),
    );

    log(
      `bench: importing ${LIBRARY_IMPORT_ANNOTATIONS.toLocaleString('en')} annotations through the library…`,
    );
    load.push(loadavg()[0] ?? 0);
    const imported = await withProfile(async (h, page) => {
      await page.goto(h.url('library.html#exchange'));
      await page.getByTestId('exchange').waitFor();
      return importThrough(page, bigPath);
    });

    log('bench: the Annotations and Compare views…');
    load.push(loadavg()[0] ?? 0);
    const views = await withProfile(async (h, page) => {
      await page.goto(h.url('library.html#exchange'));
      await importThrough(page, listPath);
      const firstRows: number[] = [];
      let rowsInDom = 0;
      let byMeasure = 0;
      for (let i = 0; i < RUNS; i++) {
        await page.goto(h.url('library.html#measures'));
        await page.getByTestId('library').waitFor();
        const t0 = Date.now();
        await page.goto(h.url('library.html#annotations'));
        await page.getByTestId('ann-item').first().waitFor({ timeout: 60_000 });
        firstRows.push(Date.now() - t0);
        rowsInDom = await page.locator('li[data-row]').count();
        const t1 = Date.now();
        await page.getByTestId('ann-by-measure').check();
        await page.locator('[data-testid="ann-group"][data-group^="measure:"]').first().waitFor();
        byMeasure = Date.now() - t1;
      }
      const matrix: number[] = [];
      let cells = 0;
      for (let i = 0; i < RUNS; i++) {
        await page.goto(h.url('library.html#measures'));
        await page.getByTestId('library').waitFor();
        const t0 = Date.now();
        await page.goto(h.url('library.html#compare?scope=all'));
        await page.getByTestId('compare-matrix').waitFor();
        matrix.push(Date.now() - t0);
        cells = await page.getByTestId('matrix-cell').count();
      }
      return {
        annotationsView: {
          annotations: LIBRARY_LIST_ANNOTATIONS,
          firstRowsMs: median(firstRows),
          rowsInDom,
          byMeasureMs: byMeasure,
        },
        compareView: { matrixMs: median(matrix), cells },
      };
    });
    load.push(loadavg()[0] ?? 0);
    return {
      load: load.map((x) => Math.round(x * 10) / 10),
      import: { annotations: LIBRARY_IMPORT_ANNOTATIONS, fileMb, ...imported },
      ...views,
    };
  } catch (e) {
    return { skipped: e instanceof Error ? (e.message.split('\n')[0] ?? String(e)) : String(e) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The section as text. */
export function formatLibraryViews(f: LibraryViewsFigures | null): string {
  if (!f) return 'Library views: skipped (--no-library-views).';
  if ('skipped' in f) return `Library views: skipped (${f.skipped}).`;
  const n = (x: number): string => x.toLocaleString('en');
  return [
    `Library views (headless Chromium, built extension; load average ${f.load.join(' → ')})`,
    `  import through the Export / Import screen: ${n(f.import.annotations)} annotations (${f.import.fileMb} MB backup)`,
    `    ${n(f.import.ms)} ms until the summary, ${n(f.import.imported)} imported`,
    `    longest wait of a 5 ms page timer: ${f.import.longestWaitMs} ms; long tasks > 50 ms: ${f.import.longTasks} (longest ${f.import.longestTaskMs} ms)`,
    `  Annotations view, ${n(f.annotationsView.annotations)} annotations: first rows ${f.annotationsView.firstRowsMs} ms (median of ${RUNS}), ${f.annotationsView.rowsInDom} rows in the DOM; by measure ${f.annotationsView.byMeasureMs} ms`,
    `  Compare view: matrix drawn ${f.compareView.matrixMs} ms (median of ${RUNS}), ${f.compareView.cells} cells`,
  ].join('\n');
}
