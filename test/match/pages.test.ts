/**
 * The engine on whole pages: the government-style fixture pages of every seed document, in both
 * scripts, and non-trade government pages (test/fixtures/pages/, see its README).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { buildIndexBytes, MatchEngine, type BlockResult } from '../../lib/match/engine.ts';
import { extractBlocks } from '../../lib/page/blocks.ts';
import { parseHtml } from '../../lib/page/parse-html.ts';
import { segmentPage } from '../../lib/page/segment.ts';
import { normalizeText } from '../../lib/normalize.ts';

const corpus = compileSeedsDir();
const engine = new MatchEngine(corpus, buildIndexBytes(corpus.measures));
const dir = new URL('../fixtures/pages/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<
  string,
  { docId: string | null; measures: string[] }
>;
// Blocks cut into measure spans, as the extension and the command line cut them.
const run = (page: string): BlockResult[] =>
  engine.matchBlocks(segmentPage(extractBlocks(parseHtml(readFileSync(new URL(page, dir), 'utf8')))).blocks);

const seedPages = Object.keys(expected).filter((p) => expected[p]?.measures.length);
const otherPages = Object.keys(expected).filter((p) => !expected[p]?.measures.length);

describe('fixture pages of the seed documents', () => {
  it('covers every seed document in both scripts', () => {
    expect(seedPages).toHaveLength(10);
  });

  it.each(seedPages)('%s: every measure is the top match of its block, in page order', (page) => {
    const results = run(page);
    const tops = results.flatMap((b) => (b.matches[0] ? [b.matches[0].id] : []));
    // A measure may own more than one block: a Changsha task table repeats each measure's title as
    // a group row. Each block still matches its own measure, and first appearances follow the
    // document. (Xiamen 2008 十二's heading and body paragraph are one span.)
    expect([...new Set(tops)]).toEqual(expected[page]?.measures);
  });

  it.each(seedPages)('%s: nothing in the site chrome is matched or flagged', (page) => {
    const doc = corpus.documents.find((d) => d.id === expected[page]?.docId);
    const strip = (x: string): string => normalizeText(x).replace(/[|\s]/gu, '');
    const seedText = strip(readFileSync(new URL(`../../seeds/${doc?.file}`, import.meta.url), 'utf8'));
    // A block comes from the document when a stretch of it is in the seed (page text converted to
    // the other script may differ from the seed in a character or two).
    const fromDocument = (text: string): boolean => {
      const n = strip(text);
      for (let i = 0; i + 8 <= n.length; i += 8) if (seedText.includes(n.slice(i, i + 8))) return true;
      return false;
    };
    const fromChrome = run(page).filter(
      (b) => (b.measureLike || b.matches.length > 0) && !fromDocument(b.text),
    );
    expect(fromChrome.map((b) => b.text.slice(0, 30))).toEqual([]);
  });

  it.each(seedPages)('%s: group headings and the title are not flagged', (page) => {
    const flagged = run(page).filter((b) => b.measureLike && b.matches.length === 0);
    for (const b of flagged) expect(normalizeText(b.text).length).toBeGreaterThanOrEqual(30);
  });
});

describe('non-trade government pages', () => {
  it('there are at least three', () => {
    expect(otherPages.length).toBeGreaterThanOrEqual(3);
  });
  it.each(otherPages)('%s: no match and no measure-like block', (page) => {
    const results = run(page);
    expect(results.length).toBeGreaterThan(10);
    expect(
      results.filter((b) => b.measureLike || b.matches.length > 0).map((b) => b.text.slice(0, 30)),
    ).toEqual([]);
  });
});
