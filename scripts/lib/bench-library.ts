/**
 * The "Library" section of `npm run bench`: how soon the library page paints with 10,000
 * annotations in the store (the target: ≤ 500 ms), in headless Chromium with the built extension.
 *
 * The annotations are made as the search section makes them (`generateAnnotations`, the fixture
 * pages' text), and a quarter of them are put on corpus measures, quoting the measure's own text,
 * so that the measure list counts them, a measure lists them and a document marks them. They go in
 * through the background's `annotations-import`, as a backup import would.
 *
 * Each library address is loaded {@link RUNS} times in a fresh tab, after one warm-up load. An
 * init script in the page records, from navigation start (`performance.now()` of the new document):
 * - `fcp`: the browser's first contentful paint;
 * - `view`: the first animation frame after the view's content is in the DOM (the measure rows,
 *   the measure, the document's measures): the frame that paints it;
 * - `mine`: the same for what the reader's annotations add (the counts on the rows, the
 *   measure's annotation list, the marks on the document's text): the page as a reader with
 *   10,000 annotations sees it. This is the figure held to the target.
 * Medians are reported with the slowest run, and the load average (the machine is shared).
 *
 * Never throws for a missing browser: the section says why it was skipped instead.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Annotation } from '../../lib/annotation/model.ts';
import type { Corpus } from '../../lib/corpus/types.ts';
import { chromiumMissing } from './layer-page.ts';
import { generateAnnotations, loadPages } from './bench-search.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROME_DIR = join(ROOT, '.output/chrome-mv3');

export const LIBRARY_ANNOTATIONS = 10_000;
/** Loads per address (medians reported), after a warm-up load. */
export const RUNS = 7;
/** The issue's target for the library's first paint with 10,000 annotations. */
export const LIBRARY_TARGET_MS = 500;
const TIMEOUT_MS = 15_000;

/** The addresses measured: what shows the view, and what shows the reader's annotations in it. */
export const LIBRARY_PLACES = [
  {
    name: 'measure list (the start)',
    hash: '',
    view: '.mrow',
    mine: '[data-testid="mine-count"]',
  },
  {
    name: 'measure list, mine only',
    hash: '#measures?mine=1',
    view: '[data-testid="measure-list"]',
    mine: '.mrow [data-testid="mine-count"]',
  },
  {
    name: 'a measure',
    hash: '#measure=dalian-2023:2.13',
    view: '[data-testid="library-measure"]',
    mine: '[data-testid="my-annotation"]',
  },
  {
    name: 'a document at (十三)',
    hash: '#doc=dalian-2023/(十三)',
    view: '[data-testid="doc-measure"]',
    mine: 'mark.mine',
  },
] as const;

export interface LibraryPlaceFigures {
  name: string;
  hash: string;
  runs: number;
  fcpMs: number | null;
  viewMs: number | null;
  mineMs: number | null;
  /** The slowest run's `mine` (or `view`). */
  maxMs: number | null;
  errors: number;
}

export interface LibraryFigures {
  annotations: number;
  onMeasures: number;
  importMs: number;
  runsPerPlace: number;
  /** The first library load after the browser started (the start page). */
  cold: { fcpMs: number | null; viewMs: number | null; mineMs: number | null };
  places: LibraryPlaceFigures[];
  targetMs: number;
  loadAverage: { before: number[]; after: number[] };
  cpus: number;
}

export type LibrarySection = { skipped: string } | LibraryFigures;

const median = (xs: readonly number[]): number | null => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length === 0 ? null : (s[Math.floor(s.length / 2)] as number);
};
const round = (x: number | null, digits = 0): number | null =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/** 10,000 annotations; every fourth on a corpus measure, quoting that measure's own text. */
export function libraryAnnotations(seed: Corpus, n = LIBRARY_ANNOTATIONS): Annotation[] {
  const records = generateAnnotations(loadPages(ROOT), n, 20261210);
  const measures = seed.measures;
  return records.map((a, i) => {
    if (i % 4 !== 0) return a;
    // Dalian (十三) gets a share of them, so the measure and the document have some to show.
    const m =
      i % 40 === 0 ? measures.find((x) => x.id === 'dalian-2023:2.13') : measures[(i / 4) % measures.length];
    if (!m) return a;
    const from = (i * 7) % Math.max(1, m.text.length - 12);
    const exact = m.text.slice(from, from + 6 + (i % 30));
    return {
      ...a,
      measureId: m.id,
      quote: {
        type: 'TextQuoteSelector',
        exact,
        prefix: m.text.slice(Math.max(0, from - 32), from),
        suffix: '',
      },
      position: null,
    };
  });
}

/** Records times from navigation start: first contentful paint, and the frame after each selector appears. */
function initScript(view: string, mine: string): string {
  return `(() => {
    const t = (globalThis.__libraryTimes = { fcp: null, view: null, mine: null });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') t.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
    const watch = (key, selector) => {
      let seen = false;
      const check = () => {
        if (seen || !document.querySelector(selector)) return;
        seen = true;
        requestAnimationFrame(() => (t[key] = performance.now()));
      };
      const mo = new MutationObserver(check);
      const start = () => { mo.observe(document.documentElement, { childList: true, subtree: true, attributes: true }); check(); };
      if (document.documentElement) start(); else document.addEventListener('readystatechange', start, { once: true });
    };
    watch('view', ${JSON.stringify(view)});
    watch('mine', ${JSON.stringify(mine)});
  })();`;
}

/** Runs the library benchmark; `{ skipped }` when Chromium or the build is missing. */
export async function libraryFigures(seed: Corpus, log: (s: string) => void): Promise<LibrarySection> {
  try {
    const { findChromium } = await import('../../test/e2e/chromium.ts');
    findChromium();
  } catch (e) {
    return { skipped: `Chromium is missing. ${chromiumMissing(e)}` };
  }
  if (!existsSync(join(CHROME_DIR, 'manifest.json'))) {
    return { skipped: 'the extension is not built (.output/chrome-mv3); run npm run build' };
  }
  const loadBefore = loadavg().map((x) => round(x, 2) as number);
  const { launchExtension } = await import('../../test/e2e/harness.ts');
  let harness: Awaited<ReturnType<typeof launchExtension>> | undefined;
  try {
    harness = await launchExtension(CHROME_DIR);
    const h = harness;
    const records = libraryAnnotations(seed);
    log(`bench: library, importing ${records.length.toLocaleString('en')} annotations…`);
    const setup = await h.context.newPage();
    await setup.goto(h.url('popup.html'));
    const t0 = Date.now();
    for (let i = 0; i < records.length; i += 2_000) {
      const answer = (await setup.evaluate(
        (batch) =>
          (
            globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
          ).chrome.runtime.sendMessage({
            policylens: 1,
            direction: 'page-to-background',
            type: 'annotations-import',
            data: { records: batch, onConflict: null, skipInvalid: false },
          }),
        records.slice(i, i + 2_000),
      )) as { ok: boolean; message?: string };
      if (!answer?.ok) throw new Error(`import failed: ${answer?.message ?? 'no answer'}`);
    }
    const importMs = Date.now() - t0;
    await setup.close();

    const load = async (hash: string, view: string, mine: string) => {
      const page = await h.context.newPage();
      let errors = 0;
      page.on('pageerror', () => errors++);
      await page.setViewportSize({ width: 1200, height: 900 });
      await page.addInitScript(initScript(view, mine));
      await page.goto(h.url(`library.html${hash}`));
      await page
        .waitForFunction(
          () => {
            const t = (globalThis as unknown as { __libraryTimes?: Record<string, number | null> })
              .__libraryTimes;
            return t && t['fcp'] !== null && t['view'] !== null && t['mine'] !== null;
          },
          undefined,
          { timeout: TIMEOUT_MS },
        )
        .catch(() => undefined);
      const times = (await page.evaluate(
        () => (globalThis as unknown as { __libraryTimes: Record<string, number | null> }).__libraryTimes,
      )) as { fcp: number | null; view: number | null; mine: number | null };
      await page.close();
      return { ...times, errors };
    };

    const first = LIBRARY_PLACES[0];
    log('bench: library, first load…');
    const cold = await load(first.hash, first.view, first.mine);
    const places: LibraryPlaceFigures[] = [];
    for (const p of LIBRARY_PLACES) {
      log(`bench: library, ${p.name} × ${RUNS}…`);
      await load(p.hash, p.view, p.mine); // warm-up
      const runs: Array<Awaited<ReturnType<typeof load>>> = [];
      for (let i = 0; i < RUNS; i++) runs.push(await load(p.hash, p.view, p.mine));
      const pick = (k: 'fcp' | 'view' | 'mine') => runs.map((r) => r[k] ?? Number.NaN);
      const worst = runs.map((r) => r.mine ?? r.view ?? Number.NaN);
      places.push({
        name: p.name,
        hash: p.hash || '(none)',
        runs: runs.length,
        fcpMs: round(median(pick('fcp'))),
        viewMs: round(median(pick('view'))),
        mineMs: round(median(pick('mine'))),
        maxMs: round(worst.some((x) => !Number.isFinite(x)) ? null : Math.max(...worst)),
        errors: runs.reduce((n, r) => n + r.errors, 0),
      });
    }
    return {
      annotations: records.length,
      onMeasures: records.filter((r) => r.measureId !== null).length,
      importMs,
      runsPerPlace: RUNS,
      cold: { fcpMs: round(cold.fcp), viewMs: round(cold.view), mineMs: round(cold.mine) },
      places,
      targetMs: LIBRARY_TARGET_MS,
      loadAverage: { before: loadBefore, after: loadavg().map((x) => round(x, 2) as number) },
      cpus: availableParallelism(),
    };
  } catch (e) {
    return { skipped: `the library run failed: ${(e as Error).stack ?? String(e)}` };
  } finally {
    await harness?.close().catch(() => undefined);
  }
}

/** The text section. */
export function formatLibrary(section: LibrarySection | null): string {
  if (section === null) return 'Library: skipped (--no-library).';
  if ('skipped' in section) return `Library: skipped: ${section.skipped}`;
  const s = section;
  const ms = (x: number | null): string => (x === null ? '—' : `${x} ms`);
  const ok = (x: number | null): string => (x === null ? '✘ (never)' : x <= s.targetMs ? '✔' : '✘');
  const out = [
    `Library page with ${s.annotations.toLocaleString('en')} annotations (${s.onMeasures.toLocaleString('en')} on corpus measures; imported in ${(s.importMs / 1000).toFixed(1)} s).`,
    `Headless Chromium, built extension; from navigation start, medians of ${s.runsPerPlace} loads after a warm-up. Load average ${s.loadAverage.before.join(' / ')} before, ${s.loadAverage.after.join(' / ')} after (${s.cpus} CPUs).`,
    '',
    `| ${'address'.padEnd(48)} | first contentful paint | view rendered | with my annotations | slowest | ≤ ${s.targetMs} ms |`,
    `| ${'-'.repeat(48)} | ---------------------- | ------------- | ------------------- | ------- | -------- |`,
    ...s.places.map(
      (p) =>
        `| ${`${p.name} ${p.hash === '(none)' ? '' : `\`${p.hash}\``}`.padEnd(48)} | ${ms(p.fcpMs).padEnd(22)} | ${ms(p.viewMs).padEnd(13)} | ${ms(p.mineMs).padEnd(19)} | ${ms(p.maxMs).padEnd(7)} | ${ok(p.mineMs).padEnd(8)} |`,
    ),
    '',
    `First library load after the browser started: first paint ${ms(s.cold.fcpMs)}, view ${ms(s.cold.viewMs)}, with my annotations ${ms(s.cold.mineMs)}.`,
  ];
  const errors = s.places.reduce((n, p) => n + p.errors, 0);
  if (errors > 0) out.push(`${errors} uncaught page errors during the loads.`);
  return out.join('\n');
}
