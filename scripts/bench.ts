/**
 * `npm run bench`: prints the speed and size figures the README quotes. Never asserts: speed
 * targets are read here, not enforced by timed unit tests. `--json` prints one JSON object.
 *
 * Today it measures the corpus compiler and the normaliser; the matching engine adds its figures.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { compileSeedsDir, SEEDS_DIR } from '../lib/corpus/node.ts';
import { normalize } from '../lib/normalize.ts';

const json = process.argv.includes('--json');

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

/** Gzipped size of the built Chrome extension's JavaScript, or null when it is not built. */
function builtJsGzipKb(dir = '.output/chrome-mv3'): number | null {
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
const contentKb = builtJsGzipKb();

const figures = {
  corpus: {
    measures: compiled.value.measures.length,
    compileMs: Math.round(compiled.ms * 10) / 10,
    jsonBytes: Buffer.byteLength(corpusJson),
    jsonGzipBytes: gzipSync(corpusJson).length,
  },
  normalize: {
    chars: seedText.length,
    ms: Math.round(norm.ms * 100) / 100,
    charsPerMs: Math.round(seedText.length / norm.ms),
  },
  extensionJsGzipKb: contentKb,
};

if (json) {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else {
  const rows: Array<[string, string]> = [
    ['corpus measures', String(figures.corpus.measures)],
    ['corpus compile (ms)', String(figures.corpus.compileMs)],
    ['corpus JSON (bytes / gzip)', `${figures.corpus.jsonBytes} / ${figures.corpus.jsonGzipBytes}`],
    [`normalise ${figures.normalize.chars} chars (ms)`, String(figures.normalize.ms)],
    ['normalise throughput (chars/ms)', String(figures.normalize.charsPerMs)],
    ['built extension JS, gzip (kB)', contentKb === null ? 'not built (npm run build)' : String(contentKb)],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n')}\n`);
}
