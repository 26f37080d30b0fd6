/**
 * The library's Compare, Annotations and Export / Import views in Chromium with the built
 * extension, as a reader uses them:
 *
 * - **Round trip through the UI**: profile A imports a backup (settings included) from the file
 *   picker, exports the four formats as downloads; a fresh profile B imports A's backup and exports
 *   again: the same bytes in every format, and the same bytes as `cli convert` (Node) makes of A's
 *   backup. The page's clock is fixed, since the export time is part of every file.
 * - **The compare matrix renders the seed counts**: every cell's count (drawn, named, and in its
 *   data) equals the count made here from the corpus another way; the keyboard moves between cells
 *   and Enter lists the measures; the timeline rings each port's first document naming the
 *   followed instrument.
 * - **Opening a passage from the Annotations view**: an annotation made on a page (its tab closed
 *   since) opens in a new tab at its passage, from the keyboard.
 * - **A large import keeps the page answering**: 40,000 annotations imported through the screen
 *   run in the import worker; a 10 ms timer in the page keeps firing and the bar moves forward.
 * - **Every string in the reader's language**: the three views walked in zh-CN, zh-TW and en
 *   (Chromium's `--lang`), failing on any UI text that is another locale's message (an untranslated
 *   one included), a message key, or a character of the other Chinese script.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/annotation/model.ts';
import { useScriptTables } from '../../lib/cards/script.ts';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { convertFile } from '../../lib/exchange/convert.ts';
import { EXPORT_FORMATS, exportText, type ExportFormat } from '../../lib/exchange/export.ts';
import { corpusLookup } from '../../lib/exchange/formats.ts';
import { featureText } from '../../lib/match/related.ts';
import { normalizeText } from '../../lib/normalize.ts';
import { ancestorsOf, TermMatcher } from '../../lib/thesaurus/thesaurus.ts';
import { EXPORTED, goldenRecords, manyRecords } from '../exchange/records.ts';
import { launchExtension, type ExtensionHarness } from './harness.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from './pages-server.ts';
import { annotateText, drawn, logTabs, waitForLayer, worker } from './panel-helpers.ts';
import { corpusFacts, foreignPieces, LOCALES, messagesOf, wrongScript } from './ui-language.ts';

const corpus = compileSeedsDir();
useScriptTables(corpus.scripts);
const measures = corpusLookup(corpus);
const SETTINGS = { tintMode: 'badges', printHighlights: true } as const;

/** The backup profile A starts from: awkward records (markup, formulas) and many plain ones. */
function seedBackup(records: readonly Annotation[]): Buffer {
  return Buffer.from(exportText('backup', records, { exported: EXPORTED, settings: SETTINGS }), 'utf8');
}

/** Opens a library address in a new tab, collecting uncaught errors. */
async function library(
  h: ExtensionHarness,
  hash: string,
  options: { clock?: boolean } = {},
): Promise<{ page: Page; errors: string[] }> {
  const page = await h.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 900 });
  if (options.clock) await page.clock.setFixedTime(new Date(EXPORTED));
  await page.goto(h.url(`library.html${hash}`));
  await page.getByTestId('library').waitFor();
  return { page, errors };
}

/**
 * Imports a file through the picker and waits for the summary (or the refusal). The file is
 * written to disk first: Playwright hands a file given as bytes to the page as base64 that the
 * page decodes on its main thread (seconds for tens of megabytes), which no reader's file costs.
 */
async function importThroughUi(page: Page, name: string, buffer: Buffer): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'policylens-import-'));
  const path = join(dir, name);
  writeFileSync(path, buffer);
  try {
    await page.getByTestId('import-file').setInputFiles(path);
    await page
      .locator('[data-testid="import-summary"], [data-testid="import-error"]')
      .first()
      .waitFor({ timeout: 60_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Exports a format through its button; returns the downloaded file's name and bytes. */
async function exportThroughUi(page: Page, format: ExportFormat): Promise<{ name: string; bytes: Buffer }> {
  const download = page.waitForEvent('download', { timeout: 30_000 });
  await page.getByTestId(`export-${format}`).click();
  const d = await download;
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

const count = (page: Page, id: string) => page.getByTestId(id).textContent();
/** A count as the English UI writes it (`40,000`). */
const num = (n: number): string => n.toLocaleString('en');

describe('export → import into a fresh profile → export, through the library', () => {
  const harnesses: ExtensionHarness[] = [];
  afterAll(async () => {
    for (const h of harnesses) await h.close().catch(() => undefined);
  });

  it('gives identical files in all four formats, identical to cli convert', async () => {
    const records = [...goldenRecords(), ...manyRecords(400)];
    const a = await launchExtension();
    harnesses.push(a);
    const { page: pa, errors: ea } = await library(a, '#exchange', { clock: true });
    await importThroughUi(pa, 'seed.json', seedBackup(records));
    expect(await count(pa, 'count-imported')).toBe(num(records.length));
    expect(await count(pa, 'count-rejected')).toBe('0');
    await pa.getByTestId('settings-applied').waitFor();
    expect(await worker(a).evaluate(`chrome.storage.local.get('settings').then((s) => s.settings)`)).toEqual(
      SETTINGS,
    );
    await expect.poll(() => count(pa, 'ex-count')).toContain(num(records.length));

    const fromA = new Map<ExportFormat, { name: string; bytes: Buffer }>();
    for (const f of EXPORT_FORMATS) fromA.set(f, await exportThroughUi(pa, f));
    expect(fromA.get('backup')?.name).toBe('policylens-backup-2026-12-02-080000.json');
    expect(fromA.get('w3c')?.name).toBe('policylens-annotations-2026-12-02-080000.jsonld');
    const backup = fromA.get('backup')?.bytes as Buffer;
    expect(backup.toString('utf8')).toContain('"settings": {"tintMode":"badges","printHighlights":true}');
    // The CSV starts with a byte order mark.
    expect([...(fromA.get('csv')?.bytes.subarray(0, 3) ?? [])]).toEqual([0xef, 0xbb, 0xbf]);
    // Every format is what `cli convert` makes of the backup (same library base, time from the file).
    for (const f of EXPORT_FORMATS) {
      const converted = convertFile(backup, { to: f, libraryBase: a.url('library.html'), measures });
      expect(Buffer.from(converted.text, 'utf8').equals(fromA.get(f)?.bytes as Buffer), f).toBe(true);
    }
    expect(ea).toEqual([]);
    await a.close();
    harnesses.pop();

    const b = await launchExtension();
    harnesses.push(b);
    // The same unpacked folder: the same extension id, so the same library URL in W3C files.
    expect(b.extensionId).toBe(a.extensionId);
    const { page: pb, errors: eb } = await library(b, '#exchange', { clock: true });
    await expect.poll(() => count(pb, 'ex-count')).toMatch(/^0 /u);
    await importThroughUi(pb, fromA.get('backup')?.name as string, backup);
    expect(await count(pb, 'count-imported')).toBe(num(records.length));
    expect(await count(pb, 'count-skipped')).toBe('0');
    expect(await worker(b).evaluate(`chrome.storage.local.get('settings').then((s) => s.settings)`)).toEqual(
      SETTINGS,
    );
    for (const f of EXPORT_FORMATS) {
      const again = await exportThroughUi(pb, f);
      expect(again.name, f).toBe(fromA.get(f)?.name);
      expect(again.bytes.equals(fromA.get(f)?.bytes as Buffer), f).toBe(true);
    }

    // The W3C file of the same records: every annotation found already stored (its urn:uuid id).
    await importThroughUi(pb, fromA.get('w3c')?.name as string, fromA.get('w3c')?.bytes as Buffer);
    expect(await count(pb, 'count-imported')).toBe('0');
    expect(await count(pb, 'count-skipped')).toBe(num(records.length));
    // The same file again: everything skipped as already stored, nothing written.
    await importThroughUi(pb, 'again.json', backup);
    expect(await count(pb, 'count-imported')).toBe('0');
    expect(await count(pb, 'count-skipped')).toBe(num(records.length));
    // A refused file says why, and changes nothing.
    await importThroughUi(
      pb,
      'future.json',
      Buffer.from(backup.toString('utf8').replace('"version": 1', '"version": 2')),
    );
    expect(await pb.getByTestId('import-error-message').textContent()).toMatch(/version 2/u);
    expect(await count(pb, 'ex-count')).toContain(num(records.length));
    expect(eb).toEqual([]);
  });
});

describe('a large import through the library', () => {
  let h: ExtensionHarness;
  beforeAll(async () => {
    h = await launchExtension();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps the page answering while 40,000 annotations import, with a moving progress bar', async () => {
    const n = 40_000;
    const { page, errors } = await library(h, '#exchange');
    // A 10 ms timer in the page: its gaps are what a click or a paint would wait. The bar's value
    // is sampled by the same timer.
    await page.evaluate(`(() => {
      const w = (globalThis.__watch = { ticks: 0, longest: 0, values: [], last: performance.now() });
      w.timer = setInterval(() => {
        const now = performance.now();
        w.longest = Math.max(w.longest, now - w.last);
        w.last = now;
        w.ticks += 1;
        const bar = document.querySelector('[data-testid="import-progress"] progress');
        if (bar && w.values[w.values.length - 1] !== bar.value) w.values.push(bar.value);
      }, 10);
    })()`);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    const t0 = Date.now();
    await importThroughUi(
      page,
      'large.json',
      Buffer.from(exportText('backup', manyRecords(n), { exported: EXPORTED })),
    );
    const ms = Date.now() - t0;
    const watch = (await page.evaluate(`(() => {
      const w = globalThis.__watch;
      clearInterval(w.timer);
      return { ticks: w.ticks, longest: w.longest, values: w.values };
    })()`)) as { ticks: number; longest: number; values: number[] };
    expect(await count(page, 'count-imported')).toBe(num(n));
    await expect.poll(() => count(page, 'ex-count')).toContain(num(n));
    // The import ran in the worker…
    expect(
      workers.some((u) => /\/import-worker[^/]*\.js$/u.test(u)),
      workers.join(),
    ).toBe(true);
    // …and the page's timer ran all along: one tick per 100 ms of import at least, none starved
    // for a second (in the page, writing the records in one go starved it for 2.6 s at this size).
    console.info(
      `library import of ${n}: ${ms} ms, ${watch.ticks} ticks, longest gap ${Math.round(watch.longest)} ms`,
    );
    expect(watch.ticks).toBeGreaterThan(ms / 100);
    expect(watch.longest).toBeLessThan(1_000);
    // The bar moved forward through the import, several times.
    expect(watch.values.length).toBeGreaterThan(5);
    expect(watch.values).toEqual([...watch.values].sort((x, y) => x - y));
    expect(errors).toEqual([]);
  }, 120_000);
});

/** Counts made here from the corpus, not by `lib/library/compare.ts`: port → instrument → measure ids. */
function seedCounts(): Map<string, Map<string, Set<string>>> {
  const concepts = corpus.thesaurus.concepts;
  const matcher = new TermMatcher(corpus.thesaurus);
  const byId = new Map(corpus.measures.map((m) => [m.id, m]));
  const portOf = new Map(corpus.documents.map((d) => [d.id, d.port]));
  const out = new Map<string, Map<string, Set<string>>>();
  for (const m of corpus.measures) {
    const head = m.parentId !== null ? (byId.get(m.parentId) ?? m) : m;
    for (const k of matcher.concepts(featureText(normalizeText(m.text))).keys()) {
      if (concepts[k]?.broad) continue;
      let top = k;
      for (const a of ancestorsOf(corpus.thesaurus, k)) if (!concepts[a]?.broad) top = a;
      const port = portOf.get(head.docId) as string;
      const byInstrument = out.get(port) ?? new Map<string, Set<string>>();
      out.set(port, byInstrument);
      const id = concepts[top]?.id as string;
      const set = byInstrument.get(id) ?? new Set<string>();
      byInstrument.set(id, set);
      set.add(head.id);
    }
  }
  return out;
}

describe('the Compare view', () => {
  let h: ExtensionHarness;
  beforeAll(async () => {
    h = await launchExtension();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('renders the seed counts in every cell of the matrix, and lists a cell from the keyboard', async () => {
    const { page, errors } = await library(h, '#compare?scope=all');
    const cells = page.getByTestId('matrix-cell');
    await cells.first().waitFor();
    const drawnCells = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="matrix-cell"]')].map((el) => ({
        port: el.getAttribute('data-port') ?? '',
        instrument: el.getAttribute('data-instrument') ?? '',
        count: Number(el.getAttribute('data-count')),
        text: el.querySelector('.cell-count')?.textContent ?? '',
        name: el.getAttribute('aria-label') ?? '',
        title: el.querySelector('title')?.textContent ?? '',
      })),
    );
    const seeds = seedCounts();
    const instruments = new Set([...seeds.values()].flatMap((m) => [...m.keys()]));
    const ports = [...new Set(corpus.documents.map((d) => d.port))];
    // Every instrument some measure names is a row, with a cell per port.
    expect(drawnCells.length).toBe(instruments.size * ports.length);
    let nonEmpty = 0;
    for (const c of drawnCells) {
      const expected = seeds.get(c.port)?.get(c.instrument)?.size ?? 0;
      expect(c.count, `${c.port} ${c.instrument}`).toBe(expected);
      expect(c.text, `${c.port} ${c.instrument}`).toBe(expected === 0 ? '' : String(expected));
      expect(c.title).toBe(c.name);
      expect(c.name).toMatch(
        expected === 0
          ? /no measure$/u
          : expected === 1
            ? /: 1 measure$/u
            : new RegExp(`: ${expected} measures$`, 'u'),
      );
      if (expected > 0) nonEmpty++;
    }
    expect(nonEmpty).toBe([...seeds.values()].reduce((s, m) => s + m.size, 0));

    // Keyboard: one cell in the tab order; arrows move; Enter lists the cell's measures.
    expect(await page.locator('[data-testid="matrix-cell"][tabindex="0"]').count()).toBe(1);
    await page.locator('[data-testid="matrix-cell"][tabindex="0"]').focus();
    const rounds = page.locator(
      '[data-testid="matrix-cell"][data-instrument="round-the-clock"][data-port="Dalian"]',
    );
    const target = await rounds.getAttribute('data-cell');
    const [r, c] = (target ?? '0,0').split(',').map(Number) as [number, number];
    for (let i = 0; i < r; i++) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < c; i++) await page.keyboard.press('ArrowRight');
    expect(await rounds.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    const list = page.getByTestId('cell-list');
    await expect.poll(() => list.getAttribute('data-instrument')).toBe('round-the-clock');
    const listed = await list
      .locator('[data-testid="compare-measure"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-measure-id')));
    expect(listed).toEqual([...(seeds.get('Dalian')?.get('round-the-clock') ?? [])]);
    expect(listed).toContain('dalian-2023:2.13');
    expect(await rounds.getAttribute('aria-pressed')).toBe('true');
    // The choice is in the address: back goes to no choice, forward brings it back.
    expect(page.url()).toContain('cell=Dalian|round-the-clock');
    await page.goBack();
    await page.getByTestId('cell-hint').waitFor();
    await page.goForward();
    await expect.poll(() => list.getAttribute('data-instrument')).toBe('round-the-clock');
    // A listed measure opens in the library.
    await list.locator('[data-measure-id="dalian-2023:2.13"] a').click();
    await expect.poll(() => page.url()).toMatch(/#measure=dalian-2023:2\.13$/u);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('rings, on the timeline, the first document of each port naming the followed instrument', async () => {
    const { page, errors } = await library(h, '#compare?follow=round-the-clock');
    await page.getByTestId('compare-timeline').waitFor();
    const seeds = seedCounts();
    const docDate = new Map(corpus.documents.map((d) => [d.id, d.date]));
    const expected = new Map<string, string>();
    for (const [port, byInstrument] of seeds) {
      const ids = [...(byInstrument.get('round-the-clock') ?? [])];
      const docs = [...new Set(ids.map((id) => id.split(':')[0] as string))].sort((x, y) =>
        (docDate.get(x) ?? '') < (docDate.get(y) ?? '') ? -1 : 1,
      );
      if (docs[0]) expected.set(port, docs[0]);
    }
    const rings = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="first-ring"]')].map((el) => [
        el.closest('[data-testid="timeline-lane"]')?.getAttribute('data-port'),
        el.closest('[data-testid="timeline-doc"]')?.getAttribute('data-doc'),
      ]),
    );
    expect(new Map(rings as Array<[string, string]>)).toEqual(expected);
    expect(expected.get('Xiamen')).toBe('xiamen-2008');
    // A document is a button: Enter shows what is new in it.
    await page.locator('[data-testid="timeline-doc"][data-doc="changsha-2017"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('mark-details').getAttribute('data-doc')).toBe('changsha-2017');
    expect(await page.getByTestId('follow-instrument').count()).toBeGreaterThan(0);
    // Deadlines: Changsha's ten measures (its table tasks count as their measures).
    const deadline = page.locator('[data-testid="timeline-deadline"][data-port="Changsha"]');
    expect(await deadline.getAttribute('data-count')).toBe('10');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the Annotations view', () => {
  let h: ExtensionHarness;
  let server: PagesServer;
  beforeAll(async () => {
    server = await startPagesServer({ dirs: [PAGES_DIR] });
    h = await launchExtension(undefined, { extraArgs: [GOV_HOST_RULES] });
    await logTabs(h);
  });
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('opens the page at the passage, from the keyboard', async () => {
    const url = server.url('www.dalian.gov.cn', '/dalian-2023.hans.html?case=library');
    const web = await h.context.newPage();
    await web.goto(url);
    await waitForLayer(web);
    await annotateText(web, '7×24小时通关保障', 'green');
    await expect.poll(() => drawn(web)).toEqual({ 'policylens-user-green': ['7×24小时通关保障'] });
    await web.close();

    const { page, errors } = await library(h, '#annotations');
    const item = page.getByTestId('ann-item');
    await item.first().waitFor();
    expect(await page.getByTestId('ann-group').count()).toBe(1);
    expect(await item.count()).toBe(1);
    expect(await item.getByTestId('ann-quote').textContent()).toBe('7×24小时通关保障');
    // Grouped by measure, it sits under Dalian (十三).
    await page.getByTestId('ann-by-measure').check();
    await expect
      .poll(() => page.getByTestId('ann-group').getAttribute('data-group'))
      .toBe('measure:dalian-2023:2.13');
    // The group header is the row in the tab order; ↓ moves to the annotation, Enter opens it.
    await page.locator('[data-testid="ann-group"]').focus();
    await page.keyboard.press('ArrowDown');
    expect(await item.evaluate((el) => el === document.activeElement)).toBe(true);
    const opened = h.context.waitForEvent('page');
    await page.keyboard.press('Enter');
    const tab = await opened;
    await tab.waitForURL(url);
    await expect
      .poll(() => page.getByTestId('open-status').textContent(), { timeout: 25_000 })
      .toBe('Shown on its page.');
    await expect.poll(() => drawn(tab)).toEqual({ 'policylens-user-green': ['7×24小时通关保障'] });
    // The passage is in view in the new tab.
    const inView = await tab.evaluate(() => {
      const r = [...(CSS.highlights.get('policylens-user-green') ?? [])][0] as Range | undefined;
      const box = r?.getBoundingClientRect();
      return box ? box.top >= 0 && box.bottom <= innerHeight : false;
    });
    expect(inView).toBe(true);
    expect(errors).toEqual([]);
    await tab.close();
    await page.close();
  });
});

// ---- every string in the reader's language ----

/** The corpus' script facts for the checks of `ui-language.ts` (shared with `ui-language.test.ts`). */
const facts = corpusFacts(corpus);

/** The UI text of the library's main region: text and names not inside data marked with its own `lang`. */
function uiTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.querySelector('main');
    const out: string[] = [];
    if (!root) return out;
    const ui = (el: Element | null): boolean => el?.closest('[lang]') === document.documentElement;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      if (text !== '' && ui(n.parentElement)) out.push(text);
    }
    for (const el of root.querySelectorAll(
      '[aria-label], [placeholder], [aria-valuetext], optgroup[label]',
    )) {
      if (!ui(el)) continue;
      for (const a of ['aria-label', 'placeholder', 'aria-valuetext', 'label']) {
        const v = el.getAttribute(a);
        if (v && (a !== 'label' || el.tagName === 'OPTGROUP')) out.push(v);
      }
    }
    return out;
  });
}

describe('the views in zh-CN, zh-TW and en', () => {
  for (const lang of Object.keys(LOCALES) as Array<keyof typeof LOCALES>) {
    it(`shows only ${lang} UI strings`, async () => {
      const h = await launchExtension(undefined, { extraArgs: [`--lang=${lang}`] });
      try {
        const pieces = foreignPieces(lang);
        const keys = new Set(Object.keys(messagesOf('en')));
        const seen: string[] = [];
        const check = async (page: Page, where: string): Promise<void> => {
          const texts = await uiTexts(page);
          expect(texts.length, where).toBeGreaterThan(5);
          for (const text of texts) {
            expect(keys.has(text), `${where}: a message key shown: ${text}`).toBe(false);
            const wrong = wrongScript(facts, lang, text);
            if (wrong) throw new Error(`${lang} ${where}: “${text}” has ${wrong}`);
            for (const [piece, from] of pieces) {
              if (text.includes(piece))
                throw new Error(`${lang} ${where}: “${text}” holds “${piece}” (${from})`);
            }
          }
          seen.push(...texts);
        };
        // Import (with a repeat and a bad annotation, so the summary has all its parts), then export.
        const records = manyRecords(30);
        const file = JSON.parse(
          exportText('backup', records, { exported: EXPORTED, settings: SETTINGS }),
        ) as {
          annotations: unknown[];
        };
        file.annotations.push(file.annotations[0], { id: 'bad' });
        const { page, errors } = await library(h, '#exchange');
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        await importThroughUi(page, 'walk.json', Buffer.from(JSON.stringify(file)));
        await page.getByTestId('skipped-details').evaluate((el) => ((el as HTMLDetailsElement).open = true));
        await check(page, 'exchange after an import');
        await exportThroughUi(page, 'csv');
        await check(page, 'exchange after an export');
        for (const hash of [
          '#compare?cell=Dalian|round-the-clock&mark=doc:xiamen-2008',
          '#compare?scope=all&cell=Changsha|customs-transit&follow=none&mark=deadline:Hangzhou / Ningbo|2004-12-31',
          '#annotations',
          '#annotations?by=measure',
          '#annotations?q=提前申报&status=todo',
        ]) {
          await page.goto(h.url(`library.html${hash}`));
          await page.locator('main [data-testid="compare"], main [data-testid="ann-item"]').first().waitFor();
          if (hash.includes('q=')) await page.getByTestId('ann-status').filter({ hasText: /\d/u }).waitFor();
          await check(page, hash);
        }
        // The three languages really differ here (a walk that saw the same words everywhere proves nothing).
        const expected = {
          en: 'Measures by port and instrument',
          'zh-CN': '各口岸措施所用的政策工具',
          'zh-TW': '各口岸措施所用的政策工具',
        };
        await page.goto(h.url('library.html#compare'));
        await page.getByTestId('compare').waitFor();
        expect(await page.locator('main h3').first().textContent()).toBe(expected[lang]);
        expect(seen.join('\n')).toContain(messagesOf(LOCALES[lang])['exImported']?.message);
        expect(errors).toEqual([]);
      } finally {
        await h.close();
      }
    });
  }
});
