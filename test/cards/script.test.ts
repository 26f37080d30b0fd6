/**
 * Page script detection on the fixture pages (each seed document in both scripts, and non-trade
 * pages), and conversion helpers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  convertScript,
  detectScript,
  scriptForLanguage,
  toHans,
  toHant,
  useScriptTables,
} from '../../lib/cards/script.ts';
import { Converter } from 'opencc-js';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { extractBlocks } from '../../lib/page/blocks.ts';
import { parseHtml } from '../../lib/page/parse-html.ts';

const dir = new URL('../fixtures/pages/', import.meta.url);
const pageTexts = (name: string): string[] =>
  extractBlocks(parseHtml(readFileSync(new URL(name, dir), 'utf8'))).blocks.map((b) => b.text);
const pages = readdirSync(dir).filter((f) => /\.(hans|hant)\.html$/u.test(f));

// The background installs the bundled corpus's build-time tables; so do the tests.
beforeAll(() => useScriptTables(compileSeedsDir().scripts));

describe('detectScript on fixture pages', () => {
  it('has pages in both scripts to look at', () => {
    expect(pages.filter((p) => p.endsWith('.hans.html')).length).toBeGreaterThanOrEqual(5);
    expect(pages.filter((p) => p.endsWith('.hant.html')).length).toBeGreaterThanOrEqual(5);
  });

  it.each(pages)('%s', (page) => {
    expect(detectScript(pageTexts(page))).toBe(page.endsWith('.hant.html') ? 'Hant' : 'Hans');
  });

  it('calls the non-trade pages Simplified', () => {
    for (const page of readdirSync(dir).filter((f) => f.startsWith('non-trade-'))) {
      expect(detectScript(pageTexts(page)), page).toBe('Hans');
    }
  });
});

describe('detectScript on short and mixed text', () => {
  it('defaults to Simplified with nothing telling', () => {
    expect(detectScript([])).toBe('Hans');
    expect(detectScript(['PolicyLens 2024', '口岸'])).toBe('Hans');
  });

  it('needs Traditional to clearly dominate', () => {
    expect(detectScript(['廈門海關'])).toBe('Hant');
    // A Simplified page quoting a Traditional name stays Simplified.
    expect(detectScript(['厦门市人民政府办公厅关于印发', '《廈門海關》'])).toBe('Hans');
    expect(detectScript(['進出境船舶通關', '进出境船舶通关'])).toBe('Hans');
  });
});

describe('conversion', () => {
  it('converts between scripts and leaves same-script text alone', () => {
    expect(toHant('大连海关')).toBe('大連海關');
    expect(toHans('廈門海關')).toBe('厦门海关');
    expect(convertScript('大连海关', 'Hans', 'Hans')).toBe('大连海关');
    expect(convertScript('大连海关', 'Hans', 'Hant')).toBe('大連海關');
  });

  it('uses the build-time phrase conversion for corpus strings, characters otherwise', () => {
    const corpus = compileSeedsDir();
    // Every corpus string a card shows converts exactly as OpenCC's phrase tables do.
    const cn2t = Converter({ from: 'cn', to: 'tw' });
    const hansDocs = new Set(corpus.documents.filter((d) => d.script === 'Hans').map((d) => d.id));
    const strings = corpus.measures
      .filter((m) => hansDocs.has(m.docId))
      .flatMap((m) => [...m.leadAgencies, ...m.coAgencies, ...m.timeLimits.map((t) => t.quote)]);
    expect(strings.length).toBeGreaterThan(100);
    for (const x of strings) expect(toHant(x)).toBe(cn2t(x));
    expect(Object.keys(corpus.scripts.hantChars).length).toBeGreaterThan(2000);
    // A composite reason ("5+2 / 全天候") converts part by part.
    expect(toHant('预约通关 / 全天候')).toBe('預約通關 / 全天候');
    // Text never seen at build time still converts, character by character.
    expect(toHant('检验检疫')).toBe('檢驗檢疫');
  });

  it('picks the script for a UI language', () => {
    expect(scriptForLanguage('zh-TW')).toBe('Hant');
    expect(scriptForLanguage('zh-HK')).toBe('Hant');
    expect(scriptForLanguage('zh-Hant-MO')).toBe('Hant');
    expect(scriptForLanguage('zh-CN')).toBe('Hans');
    expect(scriptForLanguage('zh')).toBe('Hans');
    expect(scriptForLanguage('en-US')).toBe('Hans');
  });
});
