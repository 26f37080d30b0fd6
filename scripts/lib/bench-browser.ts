/**
 * The browser part of `npm run bench`: the in-page layer on the seed pages in headless Chromium
 * with the built extension, and the built bundle's sizes.
 *
 * Per page (each seed document's page in its own script), {@link RUNS} loads in fresh tabs after
 * one warm-up load (the first load after the browser starts also waits for the background service
 * worker to start and load the index; it is reported apart as `cold`). Each load:
 * - an init script in the page's main world records every `longtask` entry
 *   (`PerformanceObserver({ type: 'longtask', buffered: true })`: tasks over 50 ms, whoever ran
 *   them; the content script runs on the same thread) and every value of the host's
 *   `data-policylens-stats` attribute with the time it appeared;
 * - the page loads; we wait until the stats say the cards are ready, for the load event, and until
 *   the stats stop changing (the layer lays badges out again on load and when fonts are ready);
 * - figures: from the stats (`lib/layer/stats.ts`) the time from DOMContentLoaded to cards ready,
 *   the main-thread time of the layer's slices and its longest slice (read after one more layout,
 *   see `settledStats`: the stats published at ready leave out the slice that rendered the cards);
 *   from the observer the long tasks from the content script's start until the page settled.
 * After the first load of each page, the bare cost of reading its text: `extractBlocks(document)`
 * plus `normalize` of every block (the same modules, bundled by esbuild into an IIFE and added with
 * `page.addScriptTag`), first run and median of {@link BARE_RUNS}.
 *
 * Never throws for a missing browser: the section says why it was skipped instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { STATS_ATTRIBUTE } from '../../lib/layer/host.ts';
import type { LayerStats } from '../../lib/layer/stats.ts';
import { chromiumMissing, govHostFor, settledStats } from './layer-page.ts';
import { median, roundTo } from './stats.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer } from '../../test/e2e/pages-server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROME_DIR = join(ROOT, '.output/chrome-mv3');

/** Loads per page (medians reported), after the warm-up load. */
export const RUNS = 7;
/** Runs of the bare extract + normalise (median reported). */
export const BARE_RUNS = 9;
const READY_TIMEOUT_MS = 15_000;
/** The stats must not change for this long before a load counts as settled. */
const SETTLE_QUIET_MS = 400;
const SETTLE_MAX_MS = 4_000;

/** The pages: each seed document in its own script. Dalian is the one the targets name. */
export const BENCH_PAGES = [
  'dalian-2023.hans.html',
  'xiamen-2008.hans.html',
  'xiamen-2024.hant.html',
  'zhejiang-2004.hans.html',
  'changsha-2017.hans.html',
] as const;

export const BROWSER_TARGETS = {
  longestTaskMs: 50,
  dalianMainThreadMs: 30,
  contentScriptGzipKb: 150,
} as const;

const round = (x: number, digits = 1): number => roundTo(x, digits);
const kb = (bytes: number): number => round(bytes / 1024);

// ---------------------------------------------------------------------------------------------
// Bundle sizes

export interface FileSize {
  file: string;
  bytes: number;
  gzipBytes: number;
  kb: number;
  gzipKb: number;
}

export interface BundleSizes {
  dir: string;
  builtAt: string;
  content: FileSize | null;
  background: FileSize | null;
}

function fileSize(rel: string): FileSize | null {
  const path = join(CHROME_DIR, rel);
  if (!existsSync(path)) return null;
  const bytes = readFileSync(path);
  const gz = gzipSync(bytes, { level: 9 }).length;
  return { file: rel, bytes: bytes.length, gzipBytes: gz, kb: kb(bytes.length), gzipKb: kb(gz) };
}

/** The content script's and the background's sizes in `.output/chrome-mv3`, or null when not built. */
export function bundleSizes(): BundleSizes | null {
  const manifest = join(CHROME_DIR, 'manifest.json');
  if (!existsSync(manifest)) return null;
  return {
    dir: '.output/chrome-mv3',
    builtAt: statSync(manifest).mtime.toISOString(),
    content: fileSize('content-scripts/content.js'),
    background: fileSize('background.js'),
  };
}

/** Builds the Chrome extension (`npx wxt build`); returns null or why it failed. */
export function buildExtension(): string | null {
  const r = spawnSync('npx', ['wxt', 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  if (r.status === 0) return null;
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
  return `\`npx wxt build\` failed (exit ${r.status ?? r.signal}):\n${out}`;
}

// ---------------------------------------------------------------------------------------------
// The bare extract + normalise script

/** Bundles `lib/page/blocks.ts` + `lib/normalize.ts` into an IIFE defining `__policylensBare`. */
async function bareScript(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: {
      contents: `
import { extractBlocks } from './lib/page/blocks.ts';
import { normalize } from './lib/normalize.ts';
(globalThis as any).__policylensBare = (runs: number) => {
  const out: Array<{ extractMs: number; normalizeMs: number; blocks: number; chars: number }> = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const page = extractBlocks(document);
    const t1 = performance.now();
    let chars = 0;
    for (const b of page.blocks) chars += normalize(b.text).text.length;
    const t2 = performance.now();
    out.push({ extractMs: t1 - t0, normalizeMs: t2 - t1, blocks: page.blocks.length, chars });
  }
  return out;
};
`,
      resolveDir: ROOT,
      sourcefile: 'bench-bare.ts',
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const js = result.outputFiles[0]?.text;
  if (!js) throw new Error('esbuild produced no output');
  return js;
}

// ---------------------------------------------------------------------------------------------
// One page load

interface Recorded {
  longtasks: Array<{ start: number; duration: number }>;
  stats: Array<{ at: number; value: string }>;
  dcl: number | null;
  loadEnd: number | null;
}

/** Runs in the page's main world before its scripts (serialised by Playwright). */
function recorder([attr]: readonly [string]): void {
  const rec: Recorded = { longtasks: [], stats: [], dcl: null, loadEnd: null };
  (window as unknown as { __plBench: Recorded }).__plBench = rec;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) rec.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long task timing: the count stays 0 and `longtaskSupported` says so.
  }
  new MutationObserver((records) => {
    for (const r of records) {
      const value = (r.target as Element).getAttribute(attr);
      if (value) rec.stats.push({ at: performance.now(), value });
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: [attr] });
}

/**
 * A long task: its duration, and its start relative to the content script's start (negative: the
 * task was already running when the script started, i.e. the task that injected and evaluated it).
 */
export interface LongTask {
  atMs: number;
  ms: number;
}

/** One load's figures. */
export interface LoadFigures {
  readyAfterDclMs: number | null;
  readyMs: number | null;
  /** The layer's main-thread time once the page settled: all its slices, the one that rendered the cards included. */
  mainThreadMs: number;
  /** As published with the first ready stats (without the slice that published them). */
  mainThreadAtReadyMs: number;
  longestTaskMs: number;
  slices: number;
  scans: number;
  matched: number;
  unmatched: number;
  blocks: number;
  /** Long tasks (PerformanceObserver) from the content script's start until settled. */
  longTasks: LongTask[];
  /** Long tasks over the whole load, including the page's own parsing before the script. */
  longTasksAll: number[];
  errors: number;
}

async function loadOnce(context: BrowserContext, url: string): Promise<{ page: Page; figures: LoadFigures }> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.addInitScript(recorder, [STATS_ATTRIBUTE] as const);
  await page.goto(url, { waitUntil: 'load' });
  const read = (): Promise<Recorded> =>
    page.evaluate(() => {
      const rec = (window as unknown as { __plBench: Recorded }).__plBench;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return {
        ...rec,
        dcl: nav ? nav.domContentLoadedEventStart : null,
        loadEnd: nav ? nav.loadEventEnd : null,
      };
    });
  const parse = (v: string): LayerStats => JSON.parse(v) as LayerStats;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let rec = await read();
  while (!rec.stats.some((s) => parse(s.value).readyMs !== null)) {
    if (Date.now() > deadline) throw new Error(`${url}: cards not ready within ${READY_TIMEOUT_MS / 1000} s`);
    await page.waitForTimeout(50);
    rec = await read();
  }
  // Settle: no new stats for SETTLE_QUIET_MS (at most SETTLE_MAX_MS).
  const settleEnd = Date.now() + SETTLE_MAX_MS;
  for (;;) {
    const n = rec.stats.length;
    await page.waitForTimeout(SETTLE_QUIET_MS);
    rec = await read();
    if (rec.stats.length === n || Date.now() > settleEnd) break;
  }
  // Every slice counted, the one that rendered the cards included (see settledStats).
  const last = (await settledStats(page)) ?? parse(rec.stats[rec.stats.length - 1]?.value ?? '{}');
  const firstReady = rec.stats.map((s) => parse(s.value)).find((s) => s.readyMs !== null) ?? last;
  const readyAt =
    rec.dcl !== null && last.readyAfterDclMs !== null ? rec.dcl + last.readyAfterDclMs : Number.NaN;
  const scriptStart = last.readyMs !== null ? readyAt - last.readyMs : Number.NaN;
  const all = rec.longtasks;
  const inWindow = Number.isFinite(scriptStart) ? all.filter((t) => t.start + t.duration > scriptStart) : all;
  const rel = (x: number): number => (Number.isFinite(scriptStart) ? round(x - scriptStart) : Number.NaN);
  return {
    page,
    figures: {
      readyAfterDclMs: last.readyAfterDclMs,
      readyMs: last.readyMs,
      mainThreadMs: last.mainThreadMs,
      mainThreadAtReadyMs: firstReady.mainThreadMs,
      longestTaskMs: last.longestTaskMs,
      slices: last.slices,
      scans: last.scans,
      matched: last.matched,
      unmatched: last.unmatched,
      blocks: last.blocks,
      longTasks: inWindow.map((t) => ({ atMs: rel(t.start), ms: round(t.duration) })),
      longTasksAll: all.map((t) => round(t.duration)),
      errors: last.errors,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// All pages

export interface PageFigures {
  page: string;
  runs: number;
  matched: number;
  unmatched: number;
  blocks: number;
  readyAfterDclMs: number;
  readyAfterDclMsMax: number;
  mainThreadMs: number;
  mainThreadMsMax: number;
  mainThreadAtReadyMs: number;
  longestTaskMs: number;
  /** Long tasks > 50 ms from the content script's start until settled, over all runs. */
  longTasks: number;
  longTasksMaxMs: number | null;
  /** Each long task of every load while the layer ran. */
  longTaskList: LongTask[];
  /** Long tasks over whole loads (the page's own parsing included), over all runs. */
  longTasksAll: number;
  bare: {
    blocks: number;
    chars: number;
    extractMsFirst: number;
    normalizeMsFirst: number;
    extractMs: number;
    normalizeMs: number;
    totalMs: number;
    runs: number;
  } | null;
  errors: number;
}

export interface BrowserFigures {
  chromium: string;
  version: string;
  headless: true;
  runsPerPage: number;
  /** The warm-up load (Dalian): the background service worker starts and loads the index. */
  cold: { page: string; readyAfterDclMs: number | null; mainThreadMs: number; longestTaskMs: number };
  pages: PageFigures[];
  longtaskSupported: boolean;
  /**
   * os.loadavg() (1, 5, 15 min) before and after the browser run, and the CPU count: other work on
   * the machine (a test run, a build) competes with Chromium and inflates wall-clock figures.
   */
  loadAverage: { before: number[]; after: number[] };
  cpus: number;
}

export type BrowserSection = { skipped: string } | BrowserFigures;

/** Runs the browser benchmark; `{ skipped }` when Chromium or the build is missing. */
export async function browserFigures(log: (s: string) => void): Promise<BrowserSection> {
  let chromium: string;
  try {
    const { findChromium } = await import('../../test/e2e/chromium.ts');
    chromium = findChromium();
  } catch (e) {
    return { skipped: `Chromium is missing. ${chromiumMissing(e)}` };
  }
  if (!existsSync(join(CHROME_DIR, 'manifest.json'))) {
    return { skipped: 'the extension is not built (.output/chrome-mv3); run npm run build' };
  }
  let bare: string | null = null;
  try {
    bare = await bareScript();
  } catch (e) {
    log(`bench: could not bundle the bare extract script (${(e as Error).message}); skipping that column`);
  }
  const loadBefore = loadavg().map((x) => round(x, 2));
  const { launchExtension } = await import('../../test/e2e/harness.ts');
  const server = await startPagesServer({ dirs: [PAGES_DIR] });
  let harness: Awaited<ReturnType<typeof launchExtension>> | undefined;
  try {
    harness = await launchExtension(CHROME_DIR, { extraArgs: [GOV_HOST_RULES] });
    const version = harness.context.browser()?.version() ?? (await chromiumVersion(chromium));
    const url = (file: string): string => server.url(govHostFor(file), `/${file}`);

    log('bench: browser, warm-up load…');
    const warm = await loadOnce(harness.context, url('dalian-2023.hans.html'));
    await warm.page.close();
    const longtaskSupported = await (async () => {
      const p = await harness.context.newPage();
      const ok = await p.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('longtask'));
      await p.close();
      return ok;
    })();

    const pages: PageFigures[] = [];
    for (const file of BENCH_PAGES) {
      log(`bench: browser, ${file} × ${RUNS}…`);
      const loads: LoadFigures[] = [];
      let bareRuns: Array<{ extractMs: number; normalizeMs: number; blocks: number; chars: number }> = [];
      for (let i = 0; i < RUNS; i++) {
        const { page, figures } = await loadOnce(harness.context, url(file));
        loads.push(figures);
        if (i === 0 && bare !== null) {
          await page.addScriptTag({ content: bare });
          bareRuns = await page.evaluate(
            (n) =>
              (
                globalThis as unknown as {
                  __policylensBare: (
                    runs: number,
                  ) => Array<{ extractMs: number; normalizeMs: number; blocks: number; chars: number }>;
                }
              ).__policylensBare(n),
            BARE_RUNS,
          );
        }
        await page.close();
      }
      const f = loads[0] as LoadFigures;
      const longTasks = loads.flatMap((l) => l.longTasks);
      const first = bareRuns[0];
      pages.push({
        page: file,
        runs: loads.length,
        matched: f.matched,
        unmatched: f.unmatched,
        blocks: f.blocks,
        readyAfterDclMs: round(median(loads.map((l) => l.readyAfterDclMs ?? Number.NaN))),
        readyAfterDclMsMax: round(Math.max(...loads.map((l) => l.readyAfterDclMs ?? Number.NaN))),
        mainThreadMs: round(median(loads.map((l) => l.mainThreadMs))),
        mainThreadMsMax: round(Math.max(...loads.map((l) => l.mainThreadMs))),
        mainThreadAtReadyMs: round(median(loads.map((l) => l.mainThreadAtReadyMs))),
        longestTaskMs: round(Math.max(...loads.map((l) => l.longestTaskMs))),
        longTasks: longTasks.length,
        longTasksMaxMs: longTasks.length > 0 ? Math.max(...longTasks.map((t) => t.ms)) : null,
        longTaskList: longTasks,
        longTasksAll: loads.reduce((n, l) => n + l.longTasksAll.length, 0),
        bare: first
          ? {
              blocks: first.blocks,
              chars: first.chars,
              extractMsFirst: round(first.extractMs, 2),
              normalizeMsFirst: round(first.normalizeMs, 2),
              extractMs: round(median(bareRuns.map((r) => r.extractMs)), 2),
              normalizeMs: round(median(bareRuns.map((r) => r.normalizeMs)), 2),
              totalMs: round(median(bareRuns.map((r) => r.extractMs + r.normalizeMs)), 2),
              runs: bareRuns.length,
            }
          : null,
        errors: loads.reduce((n, l) => n + l.errors, 0),
      });
    }
    return {
      chromium,
      version,
      headless: true,
      runsPerPage: RUNS,
      cold: {
        page: 'dalian-2023.hans.html',
        readyAfterDclMs: warm.figures.readyAfterDclMs,
        mainThreadMs: warm.figures.mainThreadMs,
        longestTaskMs: warm.figures.longestTaskMs,
      },
      pages,
      longtaskSupported,
      loadAverage: { before: loadBefore, after: loadavg().map((x) => round(x, 2)) },
      cpus: availableParallelism(),
    };
  } catch (e) {
    return { skipped: `the browser run failed: ${(e as Error).stack ?? String(e)}` };
  } finally {
    await harness?.close().catch(() => undefined);
    await server.close();
  }
}

async function chromiumVersion(path: string): Promise<string> {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return (r.stdout ?? '').trim() || 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Printing

/** The text section (bench's table style: label, figures, target). */
export function formatBrowser(section: BrowserSection | null, sizes: BundleSizes | null): string {
  const out: string[] = [];
  const t = BROWSER_TARGETS;
  out.push('Extension bundle (.output/chrome-mv3).');
  if (!sizes) out.push('  not built (npm run build)');
  else {
    const row = (label: string, f: FileSize | null, target: string): string =>
      `${label.padEnd(34)}  ${f ? `${f.kb} kB raw, ${f.gzipKb} kB gzip` : 'missing'}${target ? `  ${target}` : ''}`;
    const ok = sizes.content && sizes.content.gzipKb <= t.contentScriptGzipKb;
    out.push(
      row(
        'content script (content.js)',
        sizes.content,
        `≤ ${t.contentScriptGzipKb} kB gzip${sizes.content ? (ok ? '  ✓' : '  ✗ MISSED') : ''}`,
      ),
    );
    out.push(row('background (background.js)', sizes.background, 'corpus + index + matcher live here'));
  }
  out.push('');
  if (section === null) {
    out.push('Browser: skipped (--no-browser).');
    return out.join('\n');
  }
  if ('skipped' in section) {
    out.push(`Browser: skipped: ${section.skipped}`);
    return out.join('\n');
  }
  out.push(
    `Browser: ${section.version}, headless, ${section.runsPerPage} loads per page after a warm-up (medians; ` +
      'longest task and long tasks over all loads).',
  );
  const head = [
    'page',
    'matched',
    'unmatched',
    'DCL → ready (ms)',
    'main-thread (ms)',
    'longest slice (ms)',
    'long tasks > 50 ms',
    'bare extract (ms)',
    'bare normalise (ms)',
  ];
  const rows = section.pages.map((p) => [
    p.page,
    String(p.matched),
    String(p.unmatched),
    `${p.readyAfterDclMs} (max ${p.readyAfterDclMsMax})`,
    `${p.mainThreadMs} (max ${p.mainThreadMsMax})`,
    String(p.longestTaskMs),
    p.longTasks === 0 ? '0' : `${p.longTasks} (max ${p.longTasksMaxMs} ms)`,
    p.bare ? `${p.bare.extractMsFirst} / ${p.bare.extractMs}` : '–',
    p.bare ? `${p.bare.normalizeMsFirst} / ${p.bare.normalizeMs}` : '–',
  ]);
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  for (const r of all) {
    out.push(r.map((c, i) => (i === 0 ? c.padEnd(w[i] ?? 0) : c.padStart(w[i] ?? 0))).join('  '));
  }
  const withLong = section.pages.filter((p) => p.longTaskList.length > 0);
  if (withLong.length > 0) {
    out.push(
      'Long tasks (duration, and start relative to the content script’s start; ≤ 0: the task that ran it):',
    );
    for (const p of withLong) {
      const list = p.longTaskList.map((l) => `${l.ms} ms at ${l.atMs > 0 ? '+' : ''}${l.atMs} ms`);
      out.push(`  ${p.page}: ${list.join(', ')}`);
    }
  }
  const dalian = section.pages.find((p) => p.page.startsWith('dalian'));
  const longest = Math.max(...section.pages.map((p) => p.longestTaskMs));
  const longTasks = section.pages.reduce((n, p) => n + p.longTasks, 0);
  const mark = (ok: boolean): string => (ok ? '✓' : '✗ MISSED');
  out.push(
    '',
    'Targets:',
    `  no task > ${t.longestTaskMs} ms: longest layer slice ${longest} ms, ${longTasks} long tasks while the layer ran  ` +
      mark(longest <= t.longestTaskMs && longTasks === 0),
    `  Dalian carded within ${t.dalianMainThreadMs} ms of main-thread time after DOMContentLoaded: ` +
      (dalian
        ? `${dalian.mainThreadMs} ms (max ${dalian.mainThreadMsMax}), ready ${dalian.readyAfterDclMs} ms after DCL  ` +
          mark(dalian.mainThreadMs <= t.dalianMainThreadMs)
        : 'not measured'),
    `  content script ≤ ${t.contentScriptGzipKb} kB gzip: see above`,
    '',
    `Cold start (first load after the browser starts, ${section.cold.page}): ready ` +
      `${section.cold.readyAfterDclMs} ms after DCL, main-thread ${section.cold.mainThreadMs} ms.`,
    'DCL → ready: from DOMContentLoaded until the first scan’s badges were rendered (stats.readyAfterDclMs);',
    '  it includes waiting for the background to match, which is not main-thread time of the page.',
    'main-thread: the sum of the layer’s synchronous slices (lib/layer/schedule.ts) until the page settled,',
    '  the slice that rendered the cards included (the stats published at ready leave that slice out:',
    '  see mainThreadAtReadyMs in --json); longest slice: the longest of them. Both are wall-clock.',
    'long tasks: PerformanceObserver longtask entries (> 50 ms, any cause) from the content script’s start',
    `  until the page settled${section.longtaskSupported ? '' : ' (NOT SUPPORTED by this browser: always 0)'}.`,
    `bare extract / normalise: extractBlocks(document), then normalize() of each block, in the page: first run /`,
    `  median of ${BARE_RUNS}. The layer extracts on the page (the floor under its main-thread time); normalising`,
    '  and matching run in the background service worker. The first normalise fills the fold cache (opencc).',
  );
  const { before, after } = section.loadAverage;
  out.push(
    `Load average before / after the browser run: ${before.join(' ')} / ${after.join(' ')} on ${section.cpus} CPUs`,
    '  (wall-clock figures: other work on the machine, such as a test run or a build, inflates them).',
  );
  return out.join('\n');
}
