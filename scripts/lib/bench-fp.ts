/**
 * False positives for `npm run bench`: how often a method "finds" a measure in a block that is
 * none (site chrome, headings, preamble, dates, a non-trade page), and a Fuse.js score cut-off
 * that makes Fuse as cautious as the engine, so the two accuracies are compared at the same
 * false-positive count.
 *
 * Which blocks are measures is decided independently of both methods: a block is a measure block
 * when its normalised text contains a stretch of {@link STRETCH} characters of some seed measure's
 * normalised text (either script), or the whole text of a measure shorter than that (one seed
 * measure, Changsha's 改革税收征管方式。, has 9). Every other block of the 10 seed pages, and every
 * block of the 4 non-trade pages, is a non-measure block.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Corpus } from '../../lib/corpus/types.ts';
import { normalizeText } from '../../lib/normalize.ts';

/** Characters of a measure's normalised text a block must contain to count as a measure block. */
export const STRETCH = 12;

/** One fixture page's blocks. */
export interface FixturePage {
  file: string;
  /** A page of `non-trade-*.html`: none of its blocks is a measure. */
  nonTrade: boolean;
  texts: string[];
}

/** Every page in `test/fixtures/pages` through the page layer, or null when it is missing. */
export async function loadFixturePages(root: string): Promise<FixturePage[] | null> {
  const dir = join(root, 'test/fixtures/pages');
  const needed = ['lib/page/blocks.ts', 'lib/page/parse-html.ts'].map((f) => join(root, f));
  if (!existsSync(dir) || !needed.every((p) => existsSync(p))) return null;
  const { extractBlocks } = await import('../../lib/page/blocks.ts');
  const { parseHtml } = await import('../../lib/page/parse-html.ts');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((file) => ({
      file,
      nonTrade: file.startsWith('non-trade-'),
      texts: extractBlocks(parseHtml(readFileSync(join(dir, file), 'utf8'))).blocks.map((b) => b.text),
    }));
}

/** The independent test: does this block hold a stretch of some seed measure? */
export function measureBlockTest(seed: Corpus): (blockText: string) => boolean {
  const stretches = new Set<string>();
  const whole: string[] = [];
  for (const m of seed.measures) {
    for (const t of [m.text, m.textOther]) {
      const cps = [...normalizeText(t)];
      if (cps.length < STRETCH) whole.push(cps.join(''));
      for (let i = 0; i + STRETCH <= cps.length; i++) stretches.add(cps.slice(i, i + STRETCH).join(''));
    }
  }
  return (blockText) => {
    const n = normalizeText(blockText);
    if (whole.some((w) => w.length > 0 && n.includes(w))) return true;
    const cps = [...n];
    for (let i = 0; i + STRETCH <= cps.length; i++) {
      if (stretches.has(cps.slice(i, i + STRETCH).join(''))) return true;
    }
    return false;
  };
}

/** The non-measure blocks of the fixture pages, and how many blocks were looked at. */
export interface NonMeasureBlocks {
  texts: string[];
  /** Per page: blocks, and non-measure blocks among them. */
  pages: Array<{ file: string; blocks: number; nonMeasure: number }>;
  seedPages: number;
  nonTradePages: number;
  blocks: number;
}

export function nonMeasureBlocks(pages: readonly FixturePage[], seed: Corpus): NonMeasureBlocks {
  const isMeasure = measureBlockTest(seed);
  const texts: string[] = [];
  const perPage = pages.map((p) => {
    const non = p.nonTrade ? p.texts : p.texts.filter((t) => !isMeasure(t));
    texts.push(...non);
    return { file: p.file, blocks: p.texts.length, nonMeasure: non.length };
  });
  return {
    texts,
    pages: perPage,
    seedPages: pages.filter((p) => !p.nonTrade).length,
    nonTradePages: pages.filter((p) => p.nonTrade).length,
    blocks: pages.reduce((n, p) => n + p.texts.length, 0),
  };
}

/**
 * The strictest Fuse score cut-off that lets at most `budget` of these non-measure blocks through.
 * `scores` are Fuse's top-hit scores on the non-measure blocks (0 = perfect … 1; undefined when
 * Fuse returned nothing). A hit passes when its score is strictly below the returned cut-off, so
 * ties at the cut-off are all turned away; `Infinity` when Fuse's own threshold already admits no
 * more than `budget`.
 */
export function fuseCutoff(scores: ReadonlyArray<number | undefined>, budget: number): number {
  const sorted = scores.filter((s): s is number => s !== undefined).sort((a, b) => a - b);
  return sorted.length <= budget ? Infinity : (sorted[budget] as number);
}
