/**
 * `npm run bench`: prints the speed and size figures the README quotes. Never asserts: speed
 * targets are printed next to the figures, not enforced by timed unit tests. `--json` prints the
 * same figures as exactly one JSON object on stdout.
 *
 * Two parts:
 * - the corpus compiler and the normaliser (this process);
 * - the matching engine at 156, 10,000 and 50,000 measures (`--sizes 156,10000` to choose), each
 *   size in a fresh child process started with `--expose-gc`, so that its heap figure is its own
 *   (no garbage or JIT state from another size) and no npm flag is needed. Larger corpora are the
 *   seeds grown by `lib/match/synthetic.ts`. Naive Fuse.js is measured beside the engine at 156 and
 *   10,000 (never at 50,000: a single page would take minutes). At 156 the accuracy comparison is
 *   also made at equal false positives (`scripts/lib/bench-fp.ts`): matches on the non-measure
 *   blocks of all fixture pages (chrome, headings, non-trade pages) for naive Fuse.js (threshold
 *   0.6) and the engine, then Fuse's top-1 on the perturbed sample with a score cut-off that lets
 *   through no more of those blocks than the engine does.
 *
 * A third part, the browser (`scripts/lib/bench-browser.ts`; `--no-browser` skips it): the
 * extension is built (`npx wxt build`) and loaded in headless Chromium, and each seed page is
 * loaded over HTTP under a gov.cn host name: time from DOMContentLoaded to cards ready, the
 * layer's main-thread time and longest slice, long tasks seen by a PerformanceObserver, and the
 * bare cost of extracting and normalising the page's text; plus the content script's and the
 * background's sizes. Without Chromium the section says so and the bench still succeeds. With
 * it, the library page too (`scripts/lib/bench-library.ts`; `--no-library` skips it,
 * `--library-only` builds the extension and runs it alone): how soon its views paint with 10,000
 * annotations in the store.
 *
 * A fourth part, search (`scripts/lib/bench-search.ts`; `--no-search` skips it, `--search-only`
 * runs it alone): the side panel's search over 10,000 annotations made from the fixture pages,
 * typed one keystroke at a time, in a child process of its own for its heap figure.
 *
 * A fifth part, export/import (`scripts/lib/bench-exchange.ts`; `--no-exchange` skips it,
 * `--exchange-only` runs it alone): 100,000 annotations exported to every format and the backup
 * and W3C files imported back, in one go and sliced, with the event loop's longest wait.
 *
 * A sixth part, anchoring (`scripts/lib/bench-anchor.ts`; `--anchoring-only` runs it alone): 1,000
 * annotations re-anchored on a 1 MB page, unchanged and edited, and the re-attach rates on the
 * edited revisions of the fixture pages.
 *
 * A seventh part, annotations in Chromium (`scripts/lib/bench-annotate.ts`; `--annotate-only` runs it
 * alone, `--no-annotate` or `--no-browser` skip it): the same page and annotations re-anchored by
 * the content script on each visit, and the time from the annotate command to the highlight.
 *
 * An eighth part, the library's views in Chromium (`scripts/lib/bench-library-views.ts`;
 * `--no-library-views` skips it, `--library-views-only` runs it alone; `--no-browser` skips it
 * too): 100,000 annotations imported through the Export / Import screen (time, the page's longest
 * wait, long tasks), the Annotations view's first rows with 10,000, the Compare matrix.
 *
 * The page is the Dalian notice: the saved page `test/fixtures/pages/dalian-2023.hans.html`
 * through `parseHtml` + `extractBlocks` when those exist, else the lines of
 * `seeds/dalian-2023.txt` (43 numbered measures, group headings, preamble) between a few lines of
 * site chrome.
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import Fuse from 'fuse.js';
import { exchangeFigures, formatExchange, type ExchangeFigures } from './lib/bench-exchange.ts';
import { formatLibrary, libraryFigures, type LibrarySection } from './lib/bench-library.ts';
import type { Corpus } from '../lib/corpus/types.ts';
import { normalize, normalizeText } from '../lib/normalize.ts';
import type { BlockInput } from '../lib/match/engine.ts';
import { buildRelatedBytes, MatchEngine, relatedDocuments } from '../lib/match/engine.ts';
import { RelatedIndex } from '../lib/match/related.ts';
import {
  evaluateClusters,
  formatClusters,
  parseClusters,
  type ClustersReport,
} from '../lib/eval/clusters.ts';
import { evaluateLinking, formatLinking, parseLabels, type LinkingReport } from '../lib/eval/linking.ts';
import { MATCH_THRESHOLD } from '../lib/match/matcher.ts';
import { NgramIndex } from '../lib/match/ngram-index.ts';
import { perturb, PERTURBATIONS } from '../lib/match/perturb.ts';
import { growCorpus } from '../lib/match/synthetic.ts';
import {
  browserFigures,
  buildExtension,
  bundleSizes,
  formatBrowser,
  type BrowserSection,
} from './lib/bench-browser.ts';
import { anchoringFigures, formatAnchoring } from './lib/bench-anchor.ts';
import { annotateFigures, formatAnnotate, type AnnotateSection } from './lib/bench-annotate.ts';
import { fuseCutoff, loadFixturePages, nonMeasureBlocks, STRETCH } from './lib/bench-fp.ts';
import { formatSearch, searchFigures, type SearchFigures } from './lib/bench-search.ts';
import {
  formatLibraryViews,
  libraryViewsFigures,
  type LibraryViewsFigures,
} from './lib/bench-library-views.ts';
import { median, roundTo } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SEEDS_DIR = join(ROOT, 'seeds');
const DEFAULT_SIZES = [156, 10_000, 50_000];
/** Fuse.js is measured only up to this size (one page costs seconds at 10,000). */
const FUSE_MAX_SIZE = 10_000;
/** Runs of the engine over the page (median reported), after one warm-up run. */
const ENGINE_PAGE_RUNS = 25;
/** Runs of Fuse over the whole page at the seed size (median reported). */
const FUSE_PAGE_RUNS = 3;
/** Blocks of the page Fuse searches at 10,000 (drawn by length; the page time is extrapolated). */
const FUSE_SAMPLE_BLOCKS = 4;
/** Fuse's accuracy uses every FUSE_ACCURACY_STRIDE-th seed measure (all kinds, both scripts). */
const FUSE_ACCURACY_STRIDE = 2;

/** The targets printed next to the figures. */
const TARGETS = {
  msPerPageAt156: 5,
  msPerPageAt50k: 20,
  loadMsAt50k: 200,
  heapMbAt50k: 150,
  accuracy: 'no worse than naive Fuse.js',
} as const;

const round = (x: number, digits = 1): number => roundTo(x, digits);
const mb = (bytes: number): number => round(bytes / 1024 / 1024);

/** Times `fn` once. */
function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

// ---------------------------------------------------------------------------------------------
// The page

/** The page the per-page figures use, and where it came from. */
interface Page {
  source: string;
  blocks: BlockInput[];
}

/**
 * The saved Dalian page through the page layer, when the page layer and the fixture exist: the
 * imports are dynamic and only run when the files are there, so the bench also runs without them.
 */
async function fixturePage(): Promise<Page | null> {
  const html = join(ROOT, 'test/fixtures/pages/dalian-2023.hans.html');
  const needed = ['lib/page/blocks.ts', 'lib/page/parse-html.ts'].map((f) => join(ROOT, f));
  if (![html, ...needed].every((p) => existsSync(p))) return null;
  try {
    const { extractBlocks } = await import('../lib/page/blocks.ts');
    const { parseHtml } = await import('../lib/page/parse-html.ts');
    const { segmentPage } = await import('../lib/page/segment.ts');
    // Measure spans, as the extension sends them.
    const blocks = segmentPage(extractBlocks(parseHtml(readFileSync(html, 'utf8')))).blocks.map(
      ({ text, start, end }): BlockInput => ({ text, start, end }),
    );
    if (blocks.length === 0) return null;
    return {
      source: 'test/fixtures/pages/dalian-2023.hans.html (parseHtml + extractBlocks + segmentPage)',
      blocks,
    };
  } catch (e) {
    process.stderr.write(`bench: the page layer failed (${String(e)}); using the seed lines\n`);
    return null;
  }
}

/** Site chrome around the notice, as a government page prints it. */
const CHROME_TOP = [
  '中华人民共和国大连海关',
  '首页 > 政务公开 > 通知公告',
  '发布时间：2023 来源：大连海关 字号：大 中 小 【打印本页】 【关闭窗口】',
];
const CHROME_BOTTOM = [
  '政府信息公开指南',
  '主办单位：大连海关 版权所有：大连海关',
  '网站标识码：bm28000001 辽ICP备00000001号',
];

/** The Dalian seed as a page: its non-empty lines (preamble, headings, 43 numbered measures). */
function seedPage(): Page {
  const lines = readFileSync(join(SEEDS_DIR, 'dalian-2023.txt'), 'utf8')
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const blocks: BlockInput[] = [];
  let at = 0;
  for (const text of [...CHROME_TOP, ...lines, ...CHROME_BOTTOM]) {
    blocks.push({ text, start: at, end: at + text.length });
    at += text.length + 1;
  }
  return { source: 'seeds/dalian-2023.txt lines + 6 chrome lines', blocks };
}

async function loadPage(): Promise<Page> {
  return (await fixturePage()) ?? seedPage();
}

// ---------------------------------------------------------------------------------------------
// One corpus size (child process)

/** The perturbed copies of the seed measures: every kind, both scripts (as test/match/matcher.test.ts). */
function perturbedSet(seed: Corpus): Array<{ measure: number; text: string }> {
  const out: Array<{ measure: number; text: string }> = [];
  for (const kind of PERTURBATIONS) {
    seed.measures.forEach((m, i) => {
      [m.text, m.textOther].forEach((text, j) =>
        out.push({ measure: i, text: perturb(text, kind, i * 7 + j + 1) }),
      );
    });
  }
  return out;
}

/** Top-1 accuracy: a hit when the top match is the measure itself or its parent or child task. */
function accuracy(
  seed: Corpus,
  set: ReadonlyArray<{ measure: number; text: string }>,
  topId: (text: string) => string | undefined,
): { top1: number; queries: number; toSynthetic: number } {
  const byId = new Map(seed.measures.map((m) => [m.id, m]));
  const sameFamily = (a: string, b: string): boolean =>
    a === b || byId.get(a)?.parentId === b || byId.get(b)?.parentId === a;
  let right = 0;
  let toSynthetic = 0;
  for (const { measure, text } of set) {
    const got = topId(text);
    const want = seed.measures[measure]?.id ?? '';
    if (got !== undefined && sameFamily(got, want)) right++;
    else if (got?.startsWith('synthetic-')) toSynthetic++;
  }
  return { top1: round((100 * right) / set.length, 2), queries: set.length, toSynthetic };
}

/**
 * False positives on the fixture pages' non-measure blocks (chrome, headings, preamble, dates and
 * every block of the non-trade pages; see `scripts/lib/bench-fp.ts`), and Fuse.js's top-1 on the
 * perturbed sample when its score cut-off lets through no more of them than the engine does.
 */
interface FalsePositives {
  definition: string;
  seedPages: number;
  nonTradePages: number;
  /** All blocks of those pages. */
  blocks: number;
  /** Non-measure blocks among them (each counted, also when its normalised text repeats). */
  nonMeasureBlocks: number;
  /** Distinct normalised texts among them: what was searched. */
  distinctTexts: number;
  /** Non-measure blocks the engine matches (score ≥ MATCH_THRESHOLD). */
  engine: number;
  /** Non-measure blocks naive Fuse.js (threshold 0.6) returns a measure for. */
  fuseNaive: number;
  /** Fuse.js hits pass when their score is below this; null: every hit of the naive search passes. */
  fuseCutoff: number | null;
  /** Non-measure blocks that pass the cut-off (≤ `engine`). */
  fuseAtCutoff: number;
  /** Fuse.js top-1 on the perturbed sample, a hit counted only when it passes the cut-off. */
  fuseTop1AtCutoff: number;
  /** The engine on the same sample (its own threshold): `accuracy.engineTop1OnSample`. */
  engineTop1: number;
  queries: number;
  fuseMs: number;
}

/** Everything measured at one corpus size. */
interface SizeFigures {
  measures: number;
  growMs: number;
  normaliseCorpusMs: number;
  indexBuildMs: number;
  indexBytes: number;
  indexLoadMs: number;
  /** The related-measures index: built at build time, loaded as views like the n-gram index. */
  relatedBuildMs: number;
  relatedBytes: number;
  relatedLoadMs: number;
  engineConstructMs: number;
  heapBaselineMb: number;
  heapCorpusMb: number;
  heapEngineMb: number;
  externalMb: number;
  heapAfterUseMb: number;
  heapAfterRelatedMb: number;
  firstPageMs: number;
  pageHasUnmatchedMeasureLike: boolean;
  relatedFirstMs: number;
  relatedMs: number;
  msPerPage: number;
  msPerPageMin: number;
  pageRuns: number;
  matchedBlocks: number;
  accuracy: { top1: number; queries: number; toSynthetic: number };
  /** Top-1 of the best-scored candidate whatever its score (no threshold), as Fuse is counted. */
  accuracyNoThreshold: { top1: number; queries: number; toSynthetic: number };
  fuse: null | {
    buildMs: number;
    msPerPage: number;
    blocksWithResult: number | null;
    pageMethod: string;
    accuracy: null | { top1: number; queries: number; sample: string; engineTop1OnSample: number };
    ratio: number;
    /** False positives on non-measure blocks, and accuracy at the engine's count (156 only). */
    falsePositives: FalsePositives | null;
  };
  gcExposed: boolean;
}

const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
};

/** Build time: normalise, build, serialise. Only the bytes (and the timings) leave this function. */
function buildBytes(corpus: Corpus): { bytes: Uint8Array; normaliseMs: number; buildMs: number } {
  const norm = timed(() => corpus.measures.map((m) => normalizeText(m.text)));
  const build = timed(() => NgramIndex.build(norm.value));
  return { bytes: build.value.serialize(), normaliseMs: norm.ms, buildMs: build.ms };
}

/** An unmatched but measure-like block: the engine looks up related measures for it. */
const UNMATCHED_MEASURE = '(五)推行海关“5+2”工作制，在重点口岸实行预约加班，保障鲜活农产品进口通关。';

async function measureSize(n: number, page: Page, seed: Corpus): Promise<SizeFigures> {
  gc();
  const heapBaseline = process.memoryUsage().heapUsed;
  const grow = timed(() => growCorpus(seed, n));
  const corpus = grow.value;

  const { bytes, normaliseMs, buildMs } = buildBytes(corpus);
  const loads: number[] = [];
  for (let i = 0; i < 5; i++) loads.push(timed(() => NgramIndex.load(bytes)).ms);

  // The related-measures index, built at build time like the n-gram index and loaded as views.
  const relatedBuild = timed(() => buildRelatedBytes(corpus));
  const relatedBytes = relatedBuild.value;
  const relatedLoads: number[] = [];
  const docs = relatedDocuments(corpus.documents);
  for (let i = 0; i < 5; i++) {
    relatedLoads.push(timed(() => RelatedIndex.load(relatedBytes, corpus.thesaurus, docs)).ms);
  }

  gc();
  const heapCorpus = process.memoryUsage().heapUsed;
  const construct = timed(() => new MatchEngine(corpus, bytes, relatedBytes));
  const engine = construct.value;
  gc();
  const mem = process.memoryUsage();

  // The page: a first call (lazy state: related index, gram cache), then the median of many.
  const first = timed(() => engine.matchBlocks(page.blocks));
  const runs: number[] = [];
  for (let i = 0; i < ENGINE_PAGE_RUNS; i++) runs.push(timed(() => engine.matchBlocks(page.blocks)).ms);
  const matchedBlocks = first.value.filter((r) => r.matches.length > 0).length;
  const pageHasUnmatchedMeasureLike = first.value.some((r) => r.measureLike && r.matches.length === 0);

  const set = perturbedSet(seed);
  const engineTop = (text: string): string | undefined => {
    const best = engine.matcher.match(text)[0];
    return best ? corpus.measures[best.measure]?.id : undefined;
  };
  const acc = accuracy(seed, set, engineTop);
  const accNoThreshold = accuracy(seed, set, (text) => {
    const best = engine.matcher.score(text)[0];
    return best ? corpus.measures[best.measure]?.id : undefined;
  });
  gc();
  const heapAfterUse = process.memoryUsage().heapUsed;
  const msPerPage = median(runs);

  // Related measures for an unmatched measure-like block: the first call builds the engine's
  // related index (unless the page above already did), the next ones only look up.
  const probe: BlockInput[] = [{ text: UNMATCHED_MEASURE, start: 0, end: UNMATCHED_MEASURE.length }];
  const relatedFirst = timed(() => engine.matchBlocks(probe));
  const relatedRuns: number[] = [];
  for (let i = 0; i < 5; i++) relatedRuns.push(timed(() => engine.matchBlocks(probe)).ms);
  gc();
  const heapAfterRelated = process.memoryUsage().heapUsed;

  let fuse: SizeFigures['fuse'] = null;
  if (n <= FUSE_MAX_SIZE && !process.argv.includes('--no-fuse')) {
    const docs = corpus.measures.map((m) => ({ id: m.id, text: normalizeText(m.text) }));
    const fb = timed(
      () => new Fuse(docs, { keys: ['text'], ignoreLocation: true, includeScore: true, threshold: 0.6 }),
    );
    const f = fb.value;
    const hit = (text: string): { id: string; score: number } | undefined => {
      const top = f.search(normalizeText(text), { limit: 1 })[0];
      return top ? { id: top.item.id, score: top.score ?? 0 } : undefined;
    };
    const search = (text: string): string | undefined => hit(text)?.id;
    let fuseMs: number;
    let pageMethod: string;
    let blocksWithResult: number | null = null;
    if (n <= seed.measures.length) {
      search(page.blocks[0]?.text ?? ''); // warm-up
      const fr: number[] = [];
      for (let i = 0; i < FUSE_PAGE_RUNS; i++) {
        const run = timed(() => page.blocks.map((b) => search(b.text)));
        fr.push(run.ms);
        blocksWithResult = run.value.filter((id) => id !== undefined).length;
      }
      fuseMs = median(fr);
      pageMethod = `median of ${FUSE_PAGE_RUNS} runs over all ${page.blocks.length} blocks`;
    } else {
      // Fuse's cost grows with the query's length (32-character Bitap chunks), so a few blocks
      // stand for the page: drawn at even steps of the page's characters (a long block is as
      // likely to be drawn as its length says), their time per character scaled to the page.
      const totalChars = page.blocks.reduce((sum, b) => sum + b.text.length, 0);
      const sample: BlockInput[] = [];
      let cum = 0;
      let k = 0;
      for (const b of page.blocks) {
        cum += b.text.length;
        let drawn = false;
        while (k < FUSE_SAMPLE_BLOCKS && ((k + 0.5) / FUSE_SAMPLE_BLOCKS) * totalChars < cum) {
          k++;
          drawn = true;
        }
        if (drawn) sample.push(b);
      }
      let ms = 0;
      let chars = 0;
      for (const b of sample) {
        ms += timed(() => search(b.text)).ms;
        chars += b.text.length;
      }
      fuseMs = (ms / Math.max(1, chars)) * totalChars;
      pageMethod = `${sample.length} blocks drawn by length (${chars} of ${totalChars} chars) timed once, scaled by characters`;
    }
    let fuseAcc: NonNullable<SizeFigures['fuse']>['accuracy'] = null;
    let falsePositives: FalsePositives | null = null;
    if (n <= seed.measures.length) {
      const sample = set.filter((q) => q.measure % FUSE_ACCURACY_STRIDE === 0);
      // One Fuse search per query: its top hit and score serve both accuracies below.
      const hits = new Map(sample.map((q) => [q.text, hit(q.text)]));
      const fa = accuracy(seed, sample, (text) => hits.get(text)?.id);
      const engineTop1OnSample = accuracy(seed, sample, engineTop).top1;
      fuseAcc = {
        top1: fa.top1,
        queries: fa.queries,
        sample: `every ${FUSE_ACCURACY_STRIDE === 2 ? 'second' : `${FUSE_ACCURACY_STRIDE}th`} seed measure, all ${PERTURBATIONS.length} kinds, both scripts`,
        engineTop1OnSample,
      };
      const fuseTop1At = (cutoff: number): { top1: number; queries: number } =>
        accuracy(seed, sample, (text) => {
          const h = hits.get(text);
          return h && h.score < cutoff ? h.id : undefined;
        });
      falsePositives = await falsePositiveFigures(seed, engine, hit, fuseTop1At, engineTop1OnSample);
    }
    fuse = {
      buildMs: round(fb.ms),
      msPerPage: round(fuseMs),
      blocksWithResult,
      pageMethod,
      accuracy: fuseAcc,
      ratio: round(fuseMs / msPerPage, 0),
      falsePositives,
    };
  }

  return {
    measures: corpus.measures.length,
    growMs: round(grow.ms),
    normaliseCorpusMs: round(normaliseMs),
    indexBuildMs: round(buildMs),
    indexBytes: bytes.byteLength,
    indexLoadMs: round(median(loads), 2),
    relatedBuildMs: round(relatedBuild.ms),
    relatedBytes: relatedBytes.byteLength,
    relatedLoadMs: round(median(relatedLoads), 2),
    engineConstructMs: round(construct.ms),
    heapBaselineMb: mb(heapBaseline),
    heapCorpusMb: mb(heapCorpus),
    heapEngineMb: mb(mem.heapUsed),
    externalMb: mb(mem.external),
    heapAfterUseMb: mb(heapAfterUse),
    heapAfterRelatedMb: mb(heapAfterRelated),
    firstPageMs: round(first.ms),
    pageHasUnmatchedMeasureLike,
    relatedFirstMs: round(relatedFirst.ms),
    relatedMs: round(median(relatedRuns), 2),
    msPerPage: round(msPerPage, 2),
    msPerPageMin: round(Math.min(...runs), 2),
    pageRuns: runs.length,
    matchedBlocks,
    accuracy: acc,
    accuracyNoThreshold: accNoThreshold,
    fuse,
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
}

/**
 * False positives of the engine and of naive Fuse.js on the non-measure blocks of every fixture
 * page, the Fuse.js cut-off that admits no more of them than the engine, and Fuse's top-1 at that
 * cut-off (`fuseTop1At`). Each distinct normalised block text is searched once and counted as
 * often as it occurs (site chrome repeats, and a `.hant` page normalises to nearly its `.hans`
 * twin): every non-measure block counts, none is sampled. Null without the fixture pages.
 */
async function falsePositiveFigures(
  seed: Corpus,
  engine: MatchEngine,
  fuseHit: (text: string) => { id: string; score: number } | undefined,
  fuseTop1At: (cutoff: number) => { top1: number; queries: number },
  engineTop1: number,
): Promise<FalsePositives | null> {
  let pages: Awaited<ReturnType<typeof loadFixturePages>>;
  try {
    pages = await loadFixturePages(ROOT);
  } catch (e) {
    process.stderr.write(`bench: the fixture pages could not be read (${String(e)}); no false positives\n`);
    return null;
  }
  if (!pages || pages.length === 0) return null;
  const non = nonMeasureBlocks(pages, seed);
  const counts = new Map<string, number>();
  for (const t of non.texts) {
    const key = normalizeText(t);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let engineFp = 0;
  for (const [text, k] of counts) if (engine.matcher.match(text, true).length > 0) engineFp += k;
  const t0 = performance.now();
  const scores: Array<number | undefined> = [];
  for (const [text, k] of counts) {
    const s = fuseHit(text)?.score;
    for (let i = 0; i < k; i++) scores.push(s);
  }
  const fuseMs = performance.now() - t0;
  const cutoff = fuseCutoff(scores, engineFp);
  const atCutoff = fuseTop1At(cutoff);
  return {
    definition: `a block is a measure block when its normalised text holds ${STRETCH} characters in a row of a seed measure's normalised text (or all of a shorter measure); every block of a non-trade page is a non-measure block`,
    seedPages: non.seedPages,
    nonTradePages: non.nonTradePages,
    blocks: non.blocks,
    nonMeasureBlocks: non.texts.length,
    distinctTexts: counts.size,
    engine: engineFp,
    fuseNaive: scores.filter((s) => s !== undefined).length,
    fuseCutoff: Number.isFinite(cutoff) ? cutoff : null,
    fuseAtCutoff: scores.filter((s) => s !== undefined && s < cutoff).length,
    fuseTop1AtCutoff: atCutoff.top1,
    engineTop1,
    queries: atCutoff.queries,
    fuseMs: round(fuseMs),
  };
}

/**
 * Runs one size in a child process with `--expose-gc` and returns its figures. The child gets the
 * compiled seed corpus over IPC rather than compiling it: the compiler's full opencc-js
 * dictionaries (≈ 40 MB of heap) are build-time only and would swamp the heap figures.
 */
function runChild(n: number, seed: Corpus): Promise<SizeFigures> {
  return new Promise((resolve, reject) => {
    const extra = process.argv.includes('--no-fuse') ? ['--no-fuse'] : [];
    const child = fork(fileURLToPath(import.meta.url), ['--size', String(n), ...extra], {
      execArgv: [...process.execArgv.filter((a) => a !== '--expose-gc'), '--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: SizeFigures | undefined;
    child.on('message', (m) => (result = m as SizeFigures));
    child.on('error', reject);
    child.send({ seed });
    child.on('exit', (code) =>
      result ? resolve(result) : reject(new Error(`bench child for ${n} measures exited with ${code}`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Corpus and normaliser figures (unchanged), then the matching figures

/** The development evaluation (lib/eval/): real notices and within-corpus clusters. */
function evaluationFigures(seed: Corpus): { links: LinkingReport; clusters: ClustersReport; source: string } {
  const dir = join(ROOT, 'test/fixtures/linking-dev');
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  const engine = new MatchEngine(seed);
  const links = evaluateLinking(engine, parseLabels(JSON.parse(read('labels.json'))), read);
  const clustersFile = join(ROOT, 'test/fixtures/clusters/instrument-clusters.json');
  const clusters = evaluateClusters(parseClusters(JSON.parse(readFileSync(clustersFile, 'utf8'))), seed);
  return { links, clusters, source: 'test/fixtures/linking-dev (a copy of the shared development set)' };
}

async function corpusFigures() {
  const { compileSeedsDir } = await import('../lib/corpus/node.ts');
  function time<T>(fn: () => T, runs: number): { ms: number; value: T } {
    let value = fn(); // warm-up
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) value = fn();
    return { ms: (performance.now() - t0) / runs, value };
  }
  const compiled = time(() => compileSeedsDir(), 5);
  const corpusJson = JSON.stringify(compiled.value);
  const seedText = readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(join(SEEDS_DIR, f), 'utf8'))
    .join('\n');
  const norm = time(() => normalize(seedText), 20);
  const figures = {
    corpus: {
      measures: compiled.value.measures.length,
      compileMs: round(compiled.ms),
      jsonBytes: Buffer.byteLength(corpusJson),
      jsonGzipBytes: gzipSync(corpusJson).length,
    },
    normalize: {
      chars: seedText.length,
      ms: round(norm.ms, 2),
      charsPerMs: Math.round(seedText.length / norm.ms),
    },
    extensionJsGzipKb: builtJsGzipKb(),
  };
  return { figures, seed: compiled.value };
}

/** Gzipped size of the built Chrome extension's JavaScript, or null when it is not built. */
function builtJsGzipKb(dir = join(ROOT, '.output/chrome-mv3')): number | null {
  try {
    const files = readdirSync(dir, { recursive: true }) as string[];
    const bytes = files
      .map((f) => join(dir, f))
      .filter((p) => p.endsWith('.js') && statSync(p).isFile())
      .reduce((n, p) => n + gzipSync(readFileSync(p)).length, 0);
    return Math.round(bytes / 102.4) / 10;
  } catch {
    return null;
  }
}

const fmt = (x: number): string => x.toLocaleString('en-US');

function printTable(
  base: Awaited<ReturnType<typeof corpusFigures>>['figures'],
  page: Page,
  sizes: SizeFigures[],
): void {
  const b = base;
  const rows: Array<[string, string]> = [
    ['corpus measures', String(b.corpus.measures)],
    ['corpus compile (ms)', String(b.corpus.compileMs)],
    ['corpus JSON (bytes / gzip)', `${b.corpus.jsonBytes} / ${b.corpus.jsonGzipBytes}`],
    [`normalise ${b.normalize.chars} chars (ms)`, String(b.normalize.ms)],
    ['normalise throughput (chars/ms)', String(b.normalize.charsPerMs)],
    [
      'built extension JS, gzip (kB)',
      b.extensionJsGzipKb === null ? 'not built (npm run build)' : String(b.extensionJsGzipKb),
    ],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  const out = [rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n'), ''];

  out.push(`Matching. Page: ${page.source}, ${page.blocks.length} blocks.`);
  const col = (f: (s: SizeFigures) => string): string[] => sizes.map(f);
  const fp = (s: SizeFigures): FalsePositives | null => s.fuse?.falsePositives ?? null;
  const dash = '–';
  const table: Array<[string, string[], string]> = [
    ['measures', col((s) => fmt(s.measures)), ''],
    ['grow corpus (ms, synthetic)', col((s) => String(s.growMs)), ''],
    ['normalise corpus texts (ms)', col((s) => String(s.normaliseCorpusMs)), ''],
    ['index build (ms, NgramIndex.build)', col((s) => String(s.indexBuildMs)), ''],
    ['serialised index (bytes)', col((s) => fmt(s.indexBytes)), ''],
    [
      'index load (ms, NgramIndex.load)',
      col((s) => String(s.indexLoadMs)),
      `≤ ${TARGETS.loadMsAt50k} at 50k`,
    ],
    ['related index build (ms, build time)', col((s) => String(s.relatedBuildMs)), ''],
    ['serialised related index (bytes)', col((s) => fmt(s.relatedBytes)), ''],
    ['related index load (ms, RelatedIndex.load)', col((s) => String(s.relatedLoadMs)), ''],
    ['engine construct (ms, both indexes given)', col((s) => String(s.engineConstructMs)), ''],
    ['heap, baseline: modules + seed corpus (MB)', col((s) => String(s.heapBaselineMb)), ''],
    ['heap, + grown corpus (MB)', col((s) => String(s.heapCorpusMb)), ''],
    ['heap after loading engine (MB)', col((s) => String(s.heapEngineMb)), `≤ ${TARGETS.heapMbAt50k} at 50k`],
    ['  + external memory (MB, array buffers)', col((s) => String(s.externalMb)), ''],
    ['heap after page runs + accuracy (MB)', col((s) => String(s.heapAfterUseMb)), ''],
    ['heap with the related index too (MB)', col((s) => String(s.heapAfterRelatedMb)), ''],
    ['first page (ms)', col((s) => String(s.firstPageMs)), ''],
    [
      'ms per page (median)',
      col((s) => `${s.msPerPage} (${s.pageRuns} runs)`),
      `≤ ${TARGETS.msPerPageAt156} at 156, ≤ ${TARGETS.msPerPageAt50k} at 50k`,
    ],
    ['page blocks matched', col((s) => String(s.matchedBlocks)), ''],
    ['unmatched measure-like block, 1st (ms)', col((s) => String(s.relatedFirstMs)), ''],
    ['unmatched measure-like block, next (ms)', col((s) => String(s.relatedMs)), ''],
    [
      'top-1 on perturbed seeds (%)',
      col((s) => `${s.accuracy.top1} of ${s.accuracy.queries}`),
      TARGETS.accuracy,
    ],
    ['  misses that went to a synthetic copy', col((s) => String(s.accuracy.toSynthetic)), ''],
    ['top-1, best candidate without threshold (%)', col((s) => String(s.accuracyNoThreshold.top1)), ''],
    ['Fuse.js: build (ms)', col((s) => (s.fuse ? String(s.fuse.buildMs) : dash)), ''],
    ['Fuse.js: ms per page', col((s) => (s.fuse ? fmt(s.fuse.msPerPage) : dash)), ''],
    [
      'Fuse.js: page blocks with a result',
      col((s) => (s.fuse?.blocksWithResult != null ? String(s.fuse.blocksWithResult) : dash)),
      '',
    ],
    ['Fuse.js / engine, per page', col((s) => (s.fuse ? `${fmt(s.fuse.ratio)}×` : dash)), ''],
    [
      'Fuse.js: top-1 (%, sample)',
      col((s) => (s.fuse?.accuracy ? `${s.fuse.accuracy.top1} of ${s.fuse.accuracy.queries}` : dash)),
      '',
    ],
    [
      'engine: top-1 on that sample (%)',
      col((s) => (s.fuse?.accuracy ? String(s.fuse.accuracy.engineTop1OnSample) : dash)),
      '',
    ],
    [
      'non-measure blocks of the fixture pages',
      col((s) => (fp(s) ? `${fp(s)?.nonMeasureBlocks} of ${fp(s)?.blocks}` : dash)),
      '',
    ],
    ['  false positives: engine', col((s) => (fp(s) ? String(fp(s)?.engine) : dash)), ''],
    [
      '  false positives: Fuse.js at threshold 0.6',
      col((s) => (fp(s) ? String(fp(s)?.fuseNaive) : dash)),
      '',
    ],
    [
      "Fuse.js: score cut-off at the engine's count",
      col((s) => {
        const f = fp(s);
        if (!f) return dash;
        return f.fuseCutoff === null ? 'none needed' : `< ${round(f.fuseCutoff, 4)} (${f.fuseAtCutoff} FP)`;
      }),
      '',
    ],
    [
      'Fuse.js: top-1 at that cut-off (%, sample)',
      col((s) => (fp(s) ? `${fp(s)?.fuseTop1AtCutoff} of ${fp(s)?.queries}` : dash)),
      '',
    ],
  ];
  const head: [string, string[], string] = ['', sizes.map((s) => fmt(s.measures)), 'target'];
  const all = [head, ...table];
  const w0 = Math.max(...all.map(([k]) => k.length));
  const wc = sizes.map((_, i) => Math.max(...all.map(([, v]) => (v[i] ?? '').length)));
  for (const [k, v, t] of all) {
    out.push(`${k.padEnd(w0)}  ${v.map((x, i) => x.padStart(wc[i] ?? 0)).join('  ')}  ${t}`.trimEnd());
  }
  const notes = sizes.flatMap((s) =>
    s.fuse ? [`Fuse.js at ${fmt(s.measures)}: page = ${s.fuse.pageMethod}.`] : [],
  );
  const sampled = sizes.find((s) => s.fuse?.accuracy)?.fuse?.accuracy;
  if (sampled) {
    notes.push(`Fuse.js top-1 sample: ${sampled.sample}.`);
    const met = sampled.engineTop1OnSample >= sampled.top1;
    notes.push(
      `Accuracy target, no worse than naive Fuse.js (same ${sampled.queries} queries): engine ${sampled.engineTop1OnSample}% vs Fuse.js ${sampled.top1}%  ${met ? '✓' : '✗'}`,
    );
  }
  for (const s of sizes) {
    const f = fp(s);
    if (!f) continue;
    const cut = f.fuseCutoff === null ? 'no cut-off needed' : `Fuse.js score < ${round(f.fuseCutoff, 4)}`;
    notes.push(
      `False positives (${fmt(s.measures)} measures): matches on the ${f.nonMeasureBlocks} non-measure blocks (${f.distinctTexts} distinct normalised texts, all searched, none sampled) of ${f.seedPages} seed and ${f.nonTradePages} non-trade fixture pages; ${f.definition}.`,
      `  false positives at Fuse.js's naive threshold 0.6: Fuse.js ${f.fuseNaive} vs engine ${f.engine} (of ${f.nonMeasureBlocks} non-measure blocks)`,
      `  accuracy at the engine's false-positive rate (${f.engine} of ${f.nonMeasureBlocks}): Fuse.js ${f.fuseTop1AtCutoff}% vs engine ${f.engineTop1}% (same ${f.queries} perturbed queries; ${cut}, ${f.fuseAtCutoff} false positives; engine score ≥ ${MATCH_THRESHOLD})`,
    );
  }
  notes.push('Fuse.js searches normalised measure texts with normalised blocks (the same normaliser).');
  notes.push(
    'Unmatched measure-like block: the first call loads the related-measures index built at build time (views over its bytes, lib/match/related.ts); it no longer normalises the corpus.',
  );
  const lazy = sizes.filter((s) => s.pageHasUnmatchedMeasureLike);
  if (lazy.length > 0) {
    notes.push(
      `The page has unmatched measure-like blocks, so its first run loaded the related index (${lazy.map((s) => fmt(s.measures)).join(', ')}).`,
    );
  }
  if (sizes.some((s) => !s.gcExposed))
    notes.push('global.gc was not available: heap figures include garbage.');
  out.push('', ...notes);
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Runs the search section in a child process with `--expose-gc` (its heap figure is its own). */
function runSearchChild(seed: Corpus): Promise<SearchFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--search-child'], {
      execArgv: [...process.execArgv.filter((a) => a !== '--expose-gc'), '--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: SearchFigures | undefined;
    child.on('message', (m) => (result = m as SearchFigures));
    child.on('error', reject);
    child.send({ seed });
    child.on('exit', (code) =>
      result ? resolve(result) : reject(new Error(`bench search child exited with ${code}`)),
    );
  });
}

/** Runs the export/import section in a child process with `--expose-gc` (garbage collected between runs). */
function runExchangeChild(seed: Corpus): Promise<ExchangeFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--exchange-child'], {
      execArgv: [...process.execArgv.filter((a) => a !== '--expose-gc'), '--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: ExchangeFigures | undefined;
    child.on('message', (m) => (result = m as ExchangeFigures));
    child.on('error', reject);
    child.send({ seed });
    child.on('exit', (code) =>
      result ? resolve(result) : reject(new Error(`bench export/import child exited with ${code}`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const sizeArg = argv.indexOf('--size');
if (argv.includes('--search-child')) {
  // Child: the search section; the figures go back over IPC.
  process.once('message', (msg) => {
    try {
      process.send?.(searchFigures(ROOT, (msg as { seed: Corpus }).seed), () => process.disconnect());
    } catch (e) {
      process.stderr.write(`bench: search failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    }
  });
} else if (argv.includes('--exchange-child')) {
  // Child: the export/import section; the figures go back over IPC.
  process.once('message', (msg) => {
    exchangeFigures(ROOT, (msg as { seed: Corpus }).seed).then(
      (figures) => process.send?.(figures, () => process.disconnect()),
      (e: unknown) => {
        process.stderr.write(`bench: export/import failed: ${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
      },
    );
  });
} else if (argv.includes('--library-only')) {
  const log = (m: string): void => {
    if (!argv.includes('--json')) process.stderr.write(`${m}\n`);
  };
  log('bench: building the extension (npx wxt build)…');
  const buildError = buildExtension();
  const { seed } = await corpusFigures();
  const library: LibrarySection = buildError
    ? { skipped: `the extension could not be built: ${buildError}` }
    : await libraryFigures(seed, log);
  process.stdout.write(
    argv.includes('--json') ? `${JSON.stringify({ library })}\n` : `${formatLibrary(library)}\n`,
  );
} else if (argv.includes('--exchange-only')) {
  const { seed } = await corpusFigures();
  const exchange = await runExchangeChild(seed);
  process.stdout.write(
    argv.includes('--json') ? `${JSON.stringify({ exchange })}\n` : `${formatExchange(exchange)}\n`,
  );
} else if (argv.includes('--library-views-only')) {
  const { seed } = await corpusFigures();
  const log = (m: string): void => {
    if (!argv.includes('--json')) process.stderr.write(`${m}\n`);
  };
  const buildError = buildExtension();
  const libraryViews: LibraryViewsFigures = buildError
    ? { skipped: `the extension could not be built: ${buildError}` }
    : await libraryViewsFigures(ROOT, seed, log);
  process.stdout.write(
    argv.includes('--json')
      ? `${JSON.stringify({ libraryViews })}\n`
      : `${formatLibraryViews(libraryViews)}\n`,
  );
} else if (argv.includes('--search-only')) {
  const { seed } = await corpusFigures();
  const search = await runSearchChild(seed);
  process.stdout.write(
    argv.includes('--json') ? `${JSON.stringify({ search })}\n` : `${formatSearch(search)}\n`,
  );
} else if (sizeArg >= 0) {
  // Child: one corpus size; the figures go back over IPC.
  const n = Number(argv[sizeArg + 1]);
  const page = await loadPage();
  process.once('message', (msg) => {
    measureSize(n, page, (msg as { seed: Corpus }).seed).then(
      (figures) => process.send?.(figures, () => process.disconnect()),
      (e: unknown) => {
        process.stderr.write(`bench: ${n} measures failed: ${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
      },
    );
  });
} else if (argv.includes('--annotate-only')) {
  // Annotations in Chromium alone: `npm run -s bench -- --annotate-only [--json]` (builds first).
  const json = argv.includes('--json');
  const log = (s: string): void => {
    if (!json) process.stderr.write(`${s}\n`);
  };
  const buildError = buildExtension();
  const annotate: AnnotateSection = buildError
    ? { skipped: `the extension could not be built: ${buildError}` }
    : await annotateFigures(ROOT, log);
  process.stdout.write(json ? `${JSON.stringify({ annotate })}\n` : `${formatAnnotate(annotate)}\n`);
} else if (argv.includes('--anchoring-only')) {
  // The Anchoring section alone (lib/anchor/): `npm run -s bench -- --anchoring-only [--json]`.
  const json = argv.includes('--json');
  const anchoring = await anchoringFigures(ROOT, (s) => {
    if (!json) process.stderr.write(`${s}\n`);
  });
  process.stdout.write(json ? `${JSON.stringify({ anchoring })}\n` : `${formatAnchoring(anchoring)}\n`);
} else {
  const json = argv.includes('--json');
  const noBrowser = argv.includes('--no-browser');
  const log = (s: string): void => {
    if (!json) process.stderr.write(`${s}\n`);
  };
  // The browser part loads the extension as built now: build it first (the sizes below use it too).
  let buildError: string | null = null;
  if (!noBrowser) {
    log('bench: building the extension (npx wxt build)…');
    buildError = buildExtension();
  }
  const sizesArg = argv.indexOf('--sizes');
  const sizes =
    sizesArg >= 0
      ? (argv[sizesArg + 1] ?? '').split(',').map((s) => Number(s.replaceAll('_', '')))
      : DEFAULT_SIZES;
  const { figures: base, seed } = await corpusFigures();
  const evaluation = evaluationFigures(seed);
  const page = await loadPage();
  const bySize: SizeFigures[] = [];
  for (const n of sizes) {
    if (!json) process.stderr.write(`bench: ${fmt(n)} measures…\n`);
    bySize.push(await runChild(Math.max(n, base.corpus.measures), seed));
  }
  let browser: BrowserSection | null = null;
  if (!noBrowser) {
    browser = buildError
      ? { skipped: `the extension could not be built: ${buildError}` }
      : await browserFigures(log);
  }
  let library: LibrarySection | null = null;
  if (!noBrowser && !argv.includes('--no-library')) {
    library = buildError
      ? { skipped: `the extension could not be built: ${buildError}` }
      : await libraryFigures(seed, log);
  }
  let search: SearchFigures | null = null;
  if (!argv.includes('--no-search')) {
    log('bench: search over 10,000 annotations…');
    search = await runSearchChild(seed);
  }
  let exchange: ExchangeFigures | null = null;
  if (!argv.includes('--no-exchange')) {
    log('bench: export/import of 100,000 annotations…');
    exchange = await runExchangeChild(seed);
  }
  let libraryViews: LibraryViewsFigures | null = null;
  if (!noBrowser && !argv.includes('--no-library-views')) {
    libraryViews = buildError
      ? { skipped: `the extension could not be built: ${buildError}` }
      : await libraryViewsFigures(ROOT, seed, log);
  }
  const bundle = bundleSizes();
  const anchoring = await anchoringFigures(ROOT, log);
  let annotate: AnnotateSection | null = null;
  if (!noBrowser && !argv.includes('--no-annotate')) {
    annotate = buildError
      ? { skipped: `the extension could not be built: ${buildError}` }
      : await annotateFigures(ROOT, log);
  }
  if (json) {
    const matching = {
      page: { source: page.source, blocks: page.blocks.length },
      targets: TARGETS,
      sizes: bySize,
    };
    process.stdout.write(
      `${JSON.stringify({ ...base, evaluation, matching, bundle, browser, library, search, exchange, anchoring, annotate, libraryViews })}\n`,
    );
  } else {
    process.stdout.write(
      `${formatLinking(evaluation.links, evaluation.source)}\n${formatClusters(evaluation.clusters)}\n`,
    );
    printTable(base, page, bySize);
    process.stdout.write(`\n${formatBrowser(browser, bundle)}\n`);
    process.stdout.write(`\n${formatLibrary(library)}\n`);
    process.stdout.write(`\n${formatSearch(search)}\n`);
    process.stdout.write(`\n${formatExchange(exchange)}\n`);
    process.stdout.write(`\n${formatAnchoring(anchoring)}\n`);
    process.stdout.write(`\n${formatAnnotate(annotate)}\n`);
    process.stdout.write(`\n${formatLibraryViews(libraryViews)}\n`);
  }
}
