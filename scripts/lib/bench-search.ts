/**
 * The "Search" section of `npm run bench`: the side panel's search (`lib/search/`) over 10,000
 * annotations and the 156 corpus measures, typed one keystroke at a time.
 *
 * The annotations are made deterministically (a fixed-seed generator) from the fixture pages'
 * text (`test/fixtures/pages/*.html`, both scripts and the non-trade pages): each quotes a stretch
 * of 6–160 characters of a page's body text, about a third have a note (another stretch of the
 * same page, with a few English words), up to three tags from a small vocabulary, and a colour and
 * a status. Every query below is typed prefix by prefix (提 → 提前 → 提前申 → 提前申报), and each
 * prefix is one timed search, as a side panel searches on every keystroke. Figures: the index
 * build, the heap it holds, per query the median and p95 of its keystrokes, and the median and p95
 * over all keystrokes against the target (≤ 50 ms), plus adding and removing one annotation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { COLOUR_IDS, STATUSES, type Annotation } from '../../lib/annotation/model.ts';
import { pageKeys } from '../../lib/annotation/page-url.ts';
import type { Corpus } from '../../lib/corpus/types.ts';
import { parseHtml } from '../../lib/page/parse-html.ts';
import { SearchIndex } from '../../lib/search/search-index.ts';
import { roundTo } from './stats.ts';

/** Annotations searched. */
export const SEARCH_ANNOTATIONS = 10_000;
/** The target per keystroke. */
export const SEARCH_TARGET_MS = 50;
/** Times each keystroke is searched (its median is its figure). */
const RUNS = 5;

/** What a reader types: Simplified, Traditional, Latin, two terms, a typo, a long phrase, nothing found. */
export const SEARCH_QUERIES: readonly string[] = [
  '提前申报',
  '通關時間',
  '单一窗口',
  'AEO',
  '5+2',
  '鲜活农产品',
  '担保 放行',
  '提前申抱',
  '改革税收征管方式',
  'single window',
  '不存在的词语',
];

const TAGS = ['AEO', '重点', '待核实', '通关', '担保', 'to check', '税收', '鲜活', '5+2', '口岸'];

export interface SearchFigures {
  annotations: number;
  measures: number;
  sourcePages: number;
  /** Characters of annotation text indexed (quotes, notes, tags, page titles). */
  indexedChars: number;
  generateMs: number;
  buildMs: number;
  heapMb: number;
  gcExposed: boolean;
  queries: Array<{ query: string; keystrokes: number; medianMs: number; p95Ms: number; hits: number }>;
  keystrokes: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  addMs: number;
  removeMs: number;
  targetMs: number;
}

const round = (x: number, digits = 2): number => roundTo(x, digits);

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fixture pages: URL, title and body text. */
export function loadPages(root: string): Array<{ url: string; title: string; text: string }> {
  const dir = join(root, 'test/fixtures/pages');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => {
      const doc = parseHtml(readFileSync(join(dir, f), 'utf8'));
      const text = (doc.body?.textContent ?? '').replace(/\s+/gu, ' ').trim();
      return { url: `https://www.customs.gov.cn/fixtures/${f}`, title: doc.title || f, text };
    });
}

/** `n` annotations made from the pages' text (same seed, same records). */
export function generateAnnotations(
  pages: ReadonlyArray<{ url: string; title: string; text: string }>,
  n: number,
  seed = 20261201,
): Annotation[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const stretch = (text: string, min: number, max: number): { start: number; exact: string } => {
    const len = Math.min(text.length, min + Math.floor(rnd() * (max - min)));
    const start = Math.floor(rnd() * Math.max(1, text.length - len));
    return { start, exact: text.slice(start, start + len) };
  };
  const out: Annotation[] = [];
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    const p = pick(pages);
    const { start, exact } = stretch(p.text, 6, 160);
    const note =
      rnd() < 0.35
        ? `${stretch(p.text, 10, 80).exact} — ${pick(['check with broker', 'see 2024 notice', 'ask the port office', ''])}`
        : '';
    const tags = [...new Set(Array.from({ length: Math.floor(rnd() * 4) }, () => pick(TAGS)))];
    const page = { url: p.url, canonical: null, title: p.title };
    const time = new Date(t0 + i * 60_000).toISOString();
    const hex = i.toString(16).padStart(12, '0');
    out.push({
      id: `00000000-0000-4000-8000-${hex}`,
      page,
      keys: pageKeys(page),
      quote: {
        type: 'TextQuoteSelector',
        exact,
        prefix: p.text.slice(Math.max(0, start - 32), start),
        suffix: p.text.slice(start + exact.length, start + exact.length + 32),
      },
      position: { type: 'TextPositionSelector', start, end: start + exact.length },
      measureId: null,
      colour: pick(COLOUR_IDS),
      tags,
      note,
      status: pick(STATUSES),
      created: time,
      updated: time,
    });
  }
  return out;
}

const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
};

/** Runs the section (call in a process of its own for a clean heap figure). */
export function searchFigures(root: string, corpus: Corpus): SearchFigures {
  const pages = loadPages(root);
  const g0 = performance.now();
  const annotations = generateAnnotations(pages, SEARCH_ANNOTATIONS);
  const generateMs = performance.now() - g0;
  const indexedChars = annotations.reduce(
    (n, a) => n + a.quote.exact.length + a.note.length + a.page.title.length + a.tags.join('').length,
    0,
  );

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const b0 = performance.now();
  const index = SearchIndex.fromCorpus(corpus);
  index.addAll(annotations);
  const buildMs = performance.now() - b0;
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

  // Warm-up: the JIT and the normaliser's caches, as after the panel's first few keystrokes.
  for (const q of SEARCH_QUERIES) index.search({ text: q, limit: 50 });

  const all: number[] = [];
  const queries: SearchFigures['queries'] = [];
  for (const query of SEARCH_QUERIES) {
    const perKeystroke: number[] = [];
    let hits = 0;
    const chars = [...query];
    for (let k = 1; k <= chars.length; k++) {
      const typed = chars.slice(0, k).join('');
      if (typed.trim() === '' || typed.endsWith(' ')) continue;
      const runs: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const t = performance.now();
        const answer = index.search({ text: typed, limit: 50 });
        runs.push(performance.now() - t);
        hits = answer.total;
      }
      const m = quantile(runs, 0.5);
      perKeystroke.push(m);
      all.push(m);
    }
    queries.push({
      query,
      keystrokes: perKeystroke.length,
      medianMs: round(quantile(perKeystroke, 0.5)),
      p95Ms: round(quantile(perKeystroke, 0.95)),
      hits,
    });
  }

  // One annotation changed and one deleted, as the side panel's edits arrive.
  const adds: number[] = [];
  const removes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const a = annotations[(i * 37) % annotations.length] as Annotation;
    const t = performance.now();
    index.add({ ...a, note: `${a.note} edited ${i}` });
    adds.push(performance.now() - t);
    const u = performance.now();
    index.remove(a.id);
    removes.push(performance.now() - u);
    index.add(a);
  }

  return {
    annotations: annotations.length,
    measures: corpus.measures.length,
    sourcePages: pages.length,
    indexedChars,
    generateMs: round(generateMs, 1),
    buildMs: round(buildMs, 1),
    heapMb: round(heapMb, 1),
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
    queries,
    keystrokes: all.length,
    medianMs: round(quantile(all, 0.5)),
    p95Ms: round(quantile(all, 0.95)),
    maxMs: round(Math.max(...all)),
    addMs: round(quantile(adds, 0.5), 3),
    removeMs: round(quantile(removes, 0.5), 4),
    targetMs: SEARCH_TARGET_MS,
  };
}

/** The section as text. */
export function formatSearch(f: SearchFigures | null): string {
  if (!f) return 'Search: skipped.';
  const lines = [
    `Search (lib/search/): ${f.annotations.toLocaleString('en-US')} annotations made from ${f.sourcePages} fixture pages (${f.indexedChars.toLocaleString('en-US')} characters) + ${f.measures} corpus measures, typed one keystroke at a time (median of ${RUNS} runs per keystroke).`,
    `  index build: ${f.buildMs} ms; heap held by the index: ${f.heapMb} MB${f.gcExposed ? '' : ' (no global.gc: includes garbage)'}`,
    `  add one annotation: ${f.addMs} ms; remove one: ${f.removeMs} ms (no rebuild)`,
  ];
  const w = Math.max(...f.queries.map((q) => q.query.length * 2));
  lines.push(`  ${'query'.padEnd(w)}  keystrokes  median ms  p95 ms  hits`);
  for (const q of f.queries) {
    const shown =
      q.query +
      ' '.repeat(Math.max(0, w - [...q.query].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
    lines.push(
      `  ${shown}  ${String(q.keystrokes).padStart(10)}  ${String(q.medianMs).padStart(9)}  ${String(q.p95Ms).padStart(6)}  ${q.hits}`,
    );
  }
  const met = f.p95Ms <= f.targetMs;
  lines.push(
    `  all ${f.keystrokes} keystrokes: median ${f.medianMs} ms, p95 ${f.p95Ms} ms, max ${f.maxMs} ms; target ≤ ${f.targetMs} ms per keystroke ${met ? '✓' : '✗'}`,
  );
  return lines.join('\n');
}
