/**
 * The Anchoring section of `npm run bench`: 1,000 annotations re-anchored on a 1 MB page, unchanged
 * and edited (total time, median of runs; the longest uninterrupted slice when the work is cut into
 * slices as the content script cuts it; the longest single step), and the re-attach rates on the
 * edited revisions of the fixture pages (the same revisions as test/anchor/revisions.test.ts).
 *
 * The 1 MB page is built from the ten seed fixture pages (both scripts), copied until the text
 * reaches 1,000,000 characters; every copy after the first has a quarter of its Han characters
 * replaced (`substitute` of lib/match/perturb.ts), so that the page does not repeat itself word for
 * word (a page that did would make every annotation ambiguous, which measures nothing).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { anchorAll, anchorSteps } from '../../lib/anchor/batch.ts';
import type { AnchorResult, AnchorSelectors } from '../../lib/anchor/match.ts';
import { htmlPageText } from '../../lib/anchor/page-text.ts';
import {
  makeAnnotations,
  revise,
  REVISION_KINDS,
  type RevisionKind,
  type RevisionOptions,
} from '../../lib/anchor/revisions.ts';
import { textIndex } from '../../lib/anchor/text.ts';
import { rng, substitute } from '../../lib/match/perturb.ts';
import { median, roundTo } from './stats.ts';

/** The targets of issue 8. */
export const ANCHOR_TARGETS = { totalMs: 300, sliceMs: 50 } as const;

const PAGE_CHARS = 1_000_000;
const ANNOTATIONS = 1_000;
/** Share of Han characters replaced in every copy of a fixture page after the first. */
const COPY_SUBSTITUTION = 0.25;
/** Timed runs per text (after one warm-up run); the median is reported. */
const RUNS = 5;
/** The slice budget of the content script (lib/anchor/batch.ts DEFAULT_BUDGET_MS). */
const SLICE_BUDGET_MS = 8;
/** Seeds of the fixture revisions (as in the tests). */
const SEEDS = [1, 2, 3];

/** The edits of "the edited page": a realistic revision, every kind of change at once. */
export const EDITED: { kinds: RevisionKind[]; options: RevisionOptions; description: string } = {
  kinds: ['insert-paragraph', 'delete-paragraph', 'reflow-whitespace', 'change-character'],
  options: { paragraphs: 10, share: 0.1 },
  description:
    '10 paragraphs inserted, 10 removed, a tenth of the Text nodes reflowed, a character changed in a tenth of the annotations',
};

export interface Timing {
  /** anchorAll over all annotations, median of RUNS (ms). */
  medianMs: number;
  /** The longest slice when cut as anchorAllAsync cuts them (8 ms budget), median over runs (ms). */
  longestSliceMs: number;
  /** The longest slice of the worst run (ms). */
  worstSliceMs: number;
  /** The longest single step of anchorSteps, median over runs (ms). */
  longestStepMs: number;
  methods: Record<'position' | 'quote' | 'fuzzy' | 'orphan', number>;
  /** Against where each annotation's text is (for edited pages). */
  exact?: number;
  wrong?: number;
  orphansOfExisting?: number;
  gone?: number;
}

export interface Rate {
  kind: string;
  exist: number;
  exact: number;
  wrong: number;
  orphan: number;
  gone: number;
  goneOrphaned: number;
}

export interface AnchoringSection {
  page: { chars: number; annotations: number; source: string };
  loadAverage: { before: number[]; after: number[] };
  targets: typeof ANCHOR_TARGETS;
  unchanged: Timing;
  edited: Timing & { description: string };
  /** Each revision kind alone, applied to the whole 1 MB page (every annotation affected). */
  byKind: Array<Timing & { kind: string }>;
  /** The fixture revisions (3 seeds, every fixture page). */
  rates: Rate[];
  fixturePages: number;
}

const round = (x: number, digits = 1): number => roundTo(x, digits);

function fixtureFiles(root: string): string[] {
  const dir = join(root, 'test/fixtures/pages');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => join(dir, f));
}

/** The 1 MB page (see the module comment), as HTML. */
export function bigPage(root: string): string {
  const seedPages = fixtureFiles(root).filter((f) => !f.includes('non-trade'));
  const doc = htmlPageText('<!doctype html><html><head><title>1 MB</title></head><body></body></html>').doc;
  const next = rng(2026);
  let chars = 0;
  for (let copy = 0; chars < PAGE_CHARS; copy++) {
    for (const file of seedPages) {
      if (chars >= PAGE_CHARS) break;
      const src = htmlPageText(readFileSync(file, 'utf8')).doc;
      const section = doc.createElement('section');
      for (const child of [...src.body.childNodes]) section.appendChild(child);
      if (copy > 0)
        for (const t of textIndex(section).nodes) t.data = substitute(t.data, COPY_SUBSTITUTION, next);
      doc.body.appendChild(section);
      chars += textIndex(section).text.length;
    }
  }
  return doc.toString();
}

function methods(results: readonly AnchorResult[]): Timing['methods'] {
  const m = { position: 0, quote: 0, fuzzy: 0, orphan: 0 };
  for (const r of results) m[r.method ?? 'orphan']++;
  return m;
}

async function time(
  text: string,
  items: readonly AnchorSelectors[],
  expected?: ReadonlyArray<{ start: number; end: number } | null>,
): Promise<Timing> {
  anchorAll(text, items); // warm-up
  const runs: number[] = [];
  let results: AnchorResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    results = anchorAll(text, items);
    runs.push(performance.now() - t0);
  }
  // The longest single step, and the longest slice when cut as the content script cuts them (the
  // loop of anchorAllAsync, 8 ms budget): per run, then the median over the runs (one garbage
  // collection or one moment the OS gives another process can make any one run's longest slice
  // long; the worst run is reported too).
  const stepMax: number[] = [];
  const sliceMax: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let longestStep = 0;
    const steps = anchorSteps(text, items);
    for (;;) {
      const t0 = performance.now();
      const r = steps.next();
      longestStep = Math.max(longestStep, performance.now() - t0);
      if (r.done) break;
    }
    stepMax.push(longestStep);
    let longestSlice = 0;
    const sliced = anchorSteps(text, items);
    for (;;) {
      const t0 = performance.now();
      let r = sliced.next();
      while (!r.done && performance.now() - t0 < SLICE_BUDGET_MS) r = sliced.next();
      longestSlice = Math.max(longestSlice, performance.now() - t0);
      if (r.done) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    sliceMax.push(longestSlice);
  }
  const t: Timing = {
    medianMs: round(median(runs)),
    longestSliceMs: round(median(sliceMax)),
    worstSliceMs: round(Math.max(...sliceMax)),
    longestStepMs: round(median(stepMax)),
    methods: methods(results),
  };
  if (expected) {
    let exact = 0;
    let wrong = 0;
    let orphansOfExisting = 0;
    let gone = 0;
    results.forEach((r, i) => {
      const e = expected[i];
      if (!e) gone++;
      if (r.status === 'anchored' && e && r.start === e.start && r.end === e.end) exact++;
      else if (r.status === 'anchored') wrong++;
      else if (e) orphansOfExisting++;
    });
    Object.assign(t, { exact, wrong, orphansOfExisting, gone });
  }
  return t;
}

/** Re-attach rates on the fixture revisions, per kind. */
function rates(root: string): Rate[] {
  const pages = fixtureFiles(root).map((f) => readFileSync(f, 'utf8'));
  return REVISION_KINDS.map((kind) => {
    const rate: Rate = { kind, exist: 0, exact: 0, wrong: 0, orphan: 0, gone: 0, goneOrphaned: 0 };
    for (const html of pages) {
      for (const seed of SEEDS) {
        const annotations = makeAnnotations(htmlPageText(html).doc, seed);
        const rev = revise(htmlPageText(html).doc, annotations, kind, seed * 7919);
        anchorAll(
          rev.text,
          annotations.map((a) => a.selectors),
        ).forEach((r, i) => {
          const e = rev.expected[i];
          if (!e) {
            rate.gone++;
            if (r.status === 'orphan') rate.goneOrphaned++;
            return;
          }
          rate.exist++;
          if (r.status === 'orphan') rate.orphan++;
          else if (r.start === e.start && r.end === e.end) rate.exact++;
          else rate.wrong++;
        });
      }
    }
    return rate;
  });
}

/** Measures the Anchoring section. `log` reports progress (stderr). */
export async function anchoringFigures(root: string, log: (s: string) => void): Promise<AnchoringSection> {
  const before = loadavg().map((x) => round(x, 2));
  log('bench: anchoring: building the 1 MB page…');
  const html = bigPage(root);
  const page = htmlPageText(html);
  const annotations = makeAnnotations(htmlPageText(html).doc, 7, 170).slice(0, ANNOTATIONS);
  const items = annotations.map((a) => a.selectors);
  log(
    `bench: anchoring: ${items.length} annotations on ${page.text.length.toLocaleString('en-US')} characters…`,
  );
  const unchanged = await time(page.text, items);
  const edit = revise(htmlPageText(html).doc, annotations, EDITED.kinds, 5, EDITED.options);
  const edited = { ...(await time(edit.text, items, edit.expected)), description: EDITED.description };
  const byKind: Array<Timing & { kind: string }> = [];
  for (const kind of REVISION_KINDS) {
    log(`bench: anchoring: the whole page, ${kind}…`);
    const rev = revise(htmlPageText(html).doc, annotations, kind, 99, { paragraphs: 10 });
    byKind.push({ kind, ...(await time(rev.text, items, rev.expected)) });
  }
  log('bench: anchoring: re-attach rates on the fixture revisions…');
  const r = rates(root);
  return {
    page: {
      chars: page.text.length,
      annotations: items.length,
      source: `the 10 seed fixture pages repeated, each copy after the first with ${COPY_SUBSTITUTION * 100}% of its Han characters substituted`,
    },
    loadAverage: { before, after: loadavg().map((x) => round(x, 2)) },
    targets: ANCHOR_TARGETS,
    unchanged,
    edited,
    byKind,
    rates: r,
    fixturePages: fixtureFiles(root).length,
  };
}

const pct = (a: number, b: number): string => (b === 0 ? '–' : `${round((100 * a) / b)}%`);

/** The section as text. */
export function formatAnchoring(s: AnchoringSection): string {
  const ok = (t: Timing): string =>
    `${t.medianMs <= ANCHOR_TARGETS.totalMs ? '✓' : '✗'} total, ${t.longestSliceMs <= ANCHOR_TARGETS.sliceMs ? '✓' : '✗'} slice`;
  const line = (name: string, t: Timing): string =>
    `${name.padEnd(26)} ${String(t.medianMs).padStart(8)}  ${`${t.longestSliceMs} (${t.worstSliceMs})`.padStart(13)}  ${String(t.longestStepMs).padStart(6)}  ` +
    `${String(t.methods.position).padStart(5)} ${String(t.methods.quote).padStart(5)} ${String(t.methods.fuzzy).padStart(5)} ${String(t.methods.orphan).padStart(5)}` +
    (t.exact === undefined
      ? ''
      : `   ${t.exact} exact, ${t.wrong} elsewhere, ${t.orphansOfExisting} orphaned, ${t.gone} gone`);
  const out = [
    'Anchoring',
    `Page: ${s.page.chars.toLocaleString('en-US')} characters (${s.page.source}); ${s.page.annotations} annotations.`,
    `Load average before / after: ${s.loadAverage.before.join(' ')} / ${s.loadAverage.after.join(' ')} (2 cores shared; wall-clock figures move with it).`,
    `Targets: ${ANCHOR_TARGETS.totalMs} ms for all of them, no slice over ${ANCHOR_TARGETS.sliceMs} ms (slices of ${SLICE_BUDGET_MS} ms, as in the content script).`,
    `ms: anchorAll, median of ${RUNS} runs. slice: each run's longest slice, median over the runs (in brackets, the worst run: a`,
    'garbage collection or the OS serving another process can land in any slice). step: the longest single step, median.',
    '',
    `${'text'.padEnd(26)} ${'ms (med)'.padStart(8)}  ${'slice (worst)'.padStart(13)}  ${'step'.padStart(6)}  ${'pos'.padStart(5)} ${'quote'.padStart(5)} ${'fuzzy'.padStart(5)} ${'orph.'.padStart(5)}`,
    `${line('unchanged', s.unchanged)}   ${ok(s.unchanged)}`,
    `${line('edited', s.edited)}   ${ok(s.edited)}`,
    `  edited = ${s.edited.description}.`,
    'Each kind alone, on the whole page (every annotation affected by it):',
    ...s.byKind.map((t) => line(`  ${t.kind}`, t)),
    '',
    `Re-attach rates on the edited revisions of the ${s.fixturePages} fixture pages (${SEEDS.length} seeds; of the annotations whose text still exists):`,
    `${'revision'.padEnd(20)} ${'exact'.padStart(14)} ${'elsewhere'.padStart(10)} ${'orphan'.padStart(8)}   gone → orphan`,
    ...s.rates.map(
      (r) =>
        `${r.kind.padEnd(20)} ${`${r.exact}/${r.exist} ${pct(r.exact, r.exist)}`.padStart(14)} ${String(r.wrong).padStart(10)} ${String(r.orphan).padStart(8)}   ${r.goneOrphaned}/${r.gone}`,
    ),
  ];
  return out.join('\n');
}
