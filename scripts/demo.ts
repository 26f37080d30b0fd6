/**
 * `npm run demo`: the extension at work on the fixture pages, in real Chromium.
 *
 * 1. Builds the extension for Chrome and Firefox (`npx wxt build`, `npx wxt build -b firefox`).
 * 2. Serves `test/fixtures/pages/` on 127.0.0.1 at a free port, and starts Chromium
 *    (`/usr/bin/chromium` or `CHROMIUM_PATH`; headless without a DISPLAY, in a window with one)
 *    with the Chrome build loaded and `--host-resolver-rules=MAP *.gov.cn 127.0.0.1`, so the pages
 *    load under government host names and the content script runs on them as on the real sites.
 * 3. Opens every seed page (both scripts) and the non-trade pages, waits until the layer's stats
 *    say the cards are ready, and screenshots each page around its first badge
 *    (`demo-output/pages/`).
 * 4. Opens a card on the Dalian page, one on the Traditional Xiamen 2024 page and one on the
 *    Changsha page (related measures grouped by instrument), screenshots them
 *    (`demo-output/card-*.png`, viewport 1280×900); with `--update-docs` it also copies them to
 *    `docs/` for the README (so a plain run never changes tracked files).
 * 5. Annotates the Dalian page (two passages, through the page's own toolbar), writes a note, tags
 *    and a status in the side panel, and screenshots the panel (opened as a tab for the page's tab,
 *    400×900: `demo-output/sidepanel.png`, and `docs/sidepanel.png` with `--update-docs`).
 * 6. Opens the library (its own tab, with the annotations of step 5 in the store): Dalian (十三)
 *    with its related measures grouped by instrument, side by side with Changsha (八), and in its
 *    document at the printed number; screenshots `demo-output/library-*.png` (and `docs/` with
 *    `--update-docs`).
 * 6b. Screenshots the library's Compare view (the matrix, the timeline) and its Annotations view
 *    with those annotations (`demo-output/library-matrix.png`, `library-timeline.png`,
 *    `library-annotations.png`, and `docs/` with `--update-docs`; `scripts/lib/demo-library-views.ts`).
 * 6c. Screenshots the toolbar popup for the Dalian page (`demo-output/popup.png`, and
 *    `docs/popup.png` with `--update-docs`; `scripts/lib/demo-popup.ts`).
 * 7. Prints a table per page: badges, matched, unmatched, time to cards ready after
 *    DOMContentLoaded, main-thread time the layer spent and its longest task.
 *
 * Exits non-zero, saying how to install it, when Chromium is missing; and when a page's cards
 * never become ready or a card does not open.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { CHROME_BUILD_DIR, findChromium } from '../test/e2e/chromium.ts';
import { launchExtension, type ExtensionHarness } from '../test/e2e/harness.ts';
import {
  BADGES,
  badgeCounts,
  CARD,
  chromiumMissing,
  govHostFor,
  MATCHED_BADGES,
  settledStats,
  waitReady,
  type LayerStats,
} from './lib/layer-page.ts';
import { GOV_HOST_RULES, PAGES_DIR, startPagesServer, type PagesServer } from '../test/e2e/pages-server.ts';
import { annotateText, logTabs, openPanel, tabIdOf, waitForLayer } from '../test/e2e/panel-helpers.ts';
import { libraryViewsShots } from './lib/demo-library-views.ts';
import { popupShot, POPUP_DOCS } from './lib/demo-popup.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'demo-output');
/** Copy the card screenshots over the README's images in docs/ (`npm run demo -- --update-docs`). */
const UPDATE_DOCS = process.argv.includes('--update-docs');

const VIEWPORT = { width: 1280, height: 900 };
/** How long a page may take until its cards are ready. */
const READY_TIMEOUT_MS = 15_000;

/** The two cards the demo opens, and where their screenshots go. */
const CARDS = [
  { file: 'dalian-2023.hans.html', id: 'dalian-2023:2.13', docs: 'docs/card-dalian.png' },
  { file: 'xiamen-2024.hant.html', id: 'xiamen-2024:2.1.1', docs: 'docs/card-xiamen-2024-hant.png' },
  // Related measures grouped by the instrument they share ("5+2" / round-the-clock clearance).
  { file: 'changsha-2017.hans.html', id: 'changsha-2017:3.8', docs: 'docs/card-changsha.png' },
] as const;

const started = performance.now();
const say = (s: string): void => void process.stdout.write(`${s}\n`);
const fail = (s: string): never => {
  process.stderr.write(`\nnpm run demo: ${s}\n`);
  process.exit(1);
};

// ---- 0. Chromium first: no point building when it cannot be shown ----

let chromiumPath = '';
try {
  chromiumPath = findChromium();
} catch (e) {
  fail(`the demo opens the fixture pages in Chromium, which is missing.\n  ${chromiumMissing(e)}`);
}
const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
if (fonts.status === 0 && fonts.stdout.trim() === '') {
  process.stderr.write(
    'npm run demo: no Chinese font found (fc-list :lang=zh); the screenshots will show boxes.\n' +
      '  Install one: apt-get install -y fonts-noto-cjk\n',
  );
}

// ---- 1. Build ----

for (const args of [
  ['wxt', 'build'],
  ['wxt', 'build', '-b', 'firefox'],
]) {
  say(`$ npx ${args.join(' ')}`);
  const r = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, CI: '1' } });
  if (r.status !== 0) fail(`\`npx ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}).`);
}

// ---- 2. Serve and launch ----

interface Row {
  file: string;
  url: string;
  expected: string[];
  badges: number;
  matched: number;
  /** The matched badges' measure ids, in page order. */
  ids: string[];
  stats: LayerStats | null;
  errors: string[];
}

const expected = JSON.parse(readFileSync(join(PAGES_DIR, 'expected.json'), 'utf8')) as Record<
  string,
  { docId: string | null; measures: string[] }
>;
const files = Object.keys(expected).sort((a, b) => {
  const trade = (f: string): number => (expected[f]?.docId ? 0 : 1);
  return trade(a) - trade(b) || a.localeCompare(b);
});

rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(OUT, 'pages'), { recursive: true });

const headless = !process.env['DISPLAY'];
let server: PagesServer | undefined;
let harness: ExtensionHarness | undefined;
const rows: Row[] = [];
const shots: string[] = [];
let exitCode = 0;

/** Where `--update-docs` puts the side panel's screenshot. */
const SIDE_PANEL_DOCS = 'docs/sidepanel.png';
/** The panel's size: Chrome's side panel is 320–600 px wide. */
const PANEL_VIEWPORT = { width: 400, height: 900 };

/**
 * Annotates the Dalian page as a reader would (select, pick a colour in the page's toolbar), then in
 * the side panel writes a note, tags and a status, and screenshots the panel. Returns the
 * screenshot's path, or null (said why) when a step failed.
 */
async function sidePanelShot(h: ExtensionHarness, s: PagesServer): Promise<string | null> {
  const url = s.url(govHostFor('dalian-2023.hans.html'), '/dalian-2023.hans.html');
  const page = await h.context.newPage();
  await page.setViewportSize(VIEWPORT);
  await page.goto(url);
  try {
    await waitForLayer(page, READY_TIMEOUT_MS);
  } catch {
    say('The Dalian page did not get its layer: no side panel screenshot.');
    return null;
  }
  const passages = [
    { text: '提供进出境7×24小时通关保障', colour: 'green' },
    { text: '进境粮食、种球实施“附条件提离”', colour: 'yellow' },
  ];
  for (const p of passages) {
    await annotateText(page, p.text, p.colour);
    await page.waitForFunction(
      (colour) => (CSS.highlights.get(`policylens-user-${colour}`)?.size ?? 0) > 0,
      p.colour,
    );
  }
  const { panel, errors } = await openPanel(h, await tabIdOf(h, url), PANEL_VIEWPORT);
  const first = panel.locator('[data-testid="annotation"]', { hasText: '7×24小时' });
  await first.waitFor({ timeout: 10_000 });
  await first.getByTestId('note-edit').click();
  await first
    .getByTestId('note-input')
    .fill('**全天候通关**：船舶进出境 7×24 小时。\n\n- 与长沙“5+2”工作制对照\n- 询问大连海关预约方式');
  await first.getByTestId('note-save').click();
  await first.getByTestId('note').waitFor();
  await first.getByTestId('tag-input').fill('5+2, 通关时间');
  await first.getByTestId('tag-input').press('Enter');
  await first.getByTestId('status').selectOption('todo');
  await panel.waitForFunction(() => document.querySelectorAll('[data-testid="tag"]').length === 2);
  // The page shows the note's marker once the panel's write has reached it.
  await page.locator('[data-policylens-annotation]').first().waitFor({ timeout: 10_000 });
  await panel.evaluate(() => window.scrollTo(0, 0));
  await panel.locator('h1').click(); // no focus ring in the picture
  const shot = join(OUT, 'sidepanel.png');
  await panel.screenshot({ path: shot });
  if (errors.length > 0) say(`The side panel reported errors: ${errors.join('; ')}`);
  await panel.close();
  await page.close();
  return errors.length === 0 ? shot : null;
}

/** The library's screenshots: address, what to scroll to the top, where `--update-docs` puts it. */
const LIBRARY_SHOTS = [
  {
    name: 'library-measure',
    hash: '#measure=dalian-2023:2.13',
    top: '[data-testid="related"]',
    docs: 'docs/library-measure.png',
  },
  {
    name: 'library-side-by-side',
    hash: '#measure=dalian-2023:2.13&with=changsha-2017:3.8',
    top: '[data-testid="side-by-side"]',
    docs: 'docs/library-side-by-side.png',
  },
  {
    name: 'library-document',
    hash: '#doc=dalian-2023/(十三)',
    top: '[data-measure-id="dalian-2023:2.12"]',
    docs: 'docs/library-document.png',
  },
] as const;

/** Screenshots the library's measure view, side-by-side view and a document; null when one failed. */
async function libraryShots(h: ExtensionHarness): Promise<string[] | null> {
  const page = await h.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 1000 });
  const out: string[] = [];
  try {
    for (const s of LIBRARY_SHOTS) {
      await page.goto(h.url(`library.html${s.hash}`));
      await page.locator(s.top).first().waitFor({ timeout: 10_000 });
      // Annotations load from the store after the first paint: wait for them where they show.
      if (s.name === 'library-document') await page.locator('mark.mine').first().waitFor({ timeout: 10_000 });
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.evaluate(() => window.scrollTo(0, 0));
      // Below the library's sticky header.
      await scrollTo(page, s.top, 72);
      const shot = join(OUT, `${s.name}.png`);
      await page.screenshot({ path: shot });
      out.push(shot);
      if (UPDATE_DOCS) {
        copyFileSync(shot, join(ROOT, s.docs));
        out.push(join(ROOT, s.docs));
      }
    }
  } catch (e) {
    say(`The library screenshots failed: ${(e as Error).message}`);
    return null;
  } finally {
    await page.close();
  }
  if (errors.length > 0) say(`The library reported errors: ${errors.join('; ')}`);
  return errors.length === 0 ? out : null;
}

/** Scrolls the window so that the element at `selector` sits `top` px below the viewport's top. */
async function scrollTo(page: Page, selector: string, top: number): Promise<void> {
  const box = await page.locator(selector).first().boundingBox();
  if (box) await page.evaluate((dy) => window.scrollBy(0, dy), box.y - top);
}

try {
  server = await startPagesServer({ dirs: [PAGES_DIR] });
  say(
    `\nServing test/fixtures/pages/ on 127.0.0.1:${server.port}; starting ${chromiumPath}` +
      ` (${headless ? 'headless: no DISPLAY' : `in a window on ${process.env['DISPLAY']}`})…`,
  );
  harness = await launchExtension(CHROME_BUILD_DIR, { extraArgs: [GOV_HOST_RULES], headless });
  // The side panel step needs to know which tab shows its page (see sidePanelShot).
  await logTabs(harness);

  // ---- 3. Every page ----

  const kept = new Map<string, Page>();
  for (const file of files) {
    const url = server.url(govHostFor(file), `/${file}`);
    const page = await harness.context.newPage();
    await page.setViewportSize(VIEWPORT);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    // The stats with the slice that rendered the cards counted (see settledStats).
    const ready = (await waitReady(page, READY_TIMEOUT_MS)) && (await settledStats(page));
    const counts = await badgeCounts(page);
    const ids = await page
      .locator(MATCHED_BADGES)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-policylens-measure') ?? ''));
    rows.push({ file, url, expected: expected[file]?.measures ?? [], ...counts, ids, stats: ready, errors });
    if (counts.badges > 0) await scrollTo(page, BADGES, 140);
    const shot = join(OUT, 'pages', file.replace(/\.html$/, '.png'));
    await page.screenshot({ path: shot });
    shots.push(shot);
    if (CARDS.some((c) => c.file === file)) kept.set(file, page);
    else await page.close();
  }

  // ---- 4. Two cards ----

  for (const c of CARDS) {
    const page = kept.get(c.file);
    if (!page) continue;
    const badge = page.locator(`[data-policylens-measure="${c.id}"]`);
    if ((await badge.count()) === 0) {
      say(`No badge for ${c.id} on ${c.file}: no card screenshot.`);
      exitCode = 1;
      continue;
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await scrollTo(page, `[data-policylens-measure="${c.id}"]`, 120);
    await badge.click();
    const card = page.locator(CARD);
    try {
      await card.waitFor({ timeout: 5_000 });
    } catch {
      say(`The card of ${c.id} did not open on ${c.file}.`);
      exitCode = 1;
      continue;
    }
    // The card places itself beside or below its measure, inside the window: no scrolling needed.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const shot = join(OUT, `card-${c.file.replace(/\.html$/, '')}.png`);
    await page.screenshot({ path: shot });
    shots.push(shot);
    if (UPDATE_DOCS) {
      copyFileSync(shot, join(ROOT, c.docs));
      shots.push(join(ROOT, c.docs));
    }
    await page.close();
  }

  // ---- 5. The side panel ----

  const panelShot = await sidePanelShot(harness, server);
  if (panelShot) {
    shots.push(panelShot);
    if (UPDATE_DOCS) {
      copyFileSync(panelShot, join(ROOT, SIDE_PANEL_DOCS));
      shots.push(join(ROOT, SIDE_PANEL_DOCS));
    }
  } else exitCode = 1;

  // ---- 6. The library ----

  const library = await libraryShots(harness);
  if (library) shots.push(...library);
  else exitCode = 1;

  // ---- 6b. The library's Compare and Annotations views (after the side panel's annotations) ----

  const libraryErrors: string[] = [];
  for (const l of await libraryViewsShots(harness, OUT, libraryErrors)) {
    shots.push(l.shot);
    if (UPDATE_DOCS) {
      copyFileSync(l.shot, join(ROOT, l.docs));
      shots.push(join(ROOT, l.docs));
    }
  }
  if (libraryErrors.length > 0) {
    say(`The library reported errors: ${libraryErrors.join('; ')}`);
    exitCode = 1;
  }

  // ---- 6c. The toolbar popup ----

  const popupErrors: string[] = [];
  const popup = await popupShot(harness, server, govHostFor('dalian-2023.hans.html'), OUT, popupErrors);
  if (popup) {
    shots.push(popup);
    if (UPDATE_DOCS) {
      copyFileSync(popup, join(ROOT, POPUP_DOCS));
      shots.push(join(ROOT, POPUP_DOCS));
    }
  }
  if (!popup || popupErrors.length > 0) {
    say(`The popup reported errors: ${popupErrors.join('; ')}`);
    exitCode = 1;
  }
} catch (e) {
  process.stderr.write(`\nnpm run demo: ${(e as Error).stack ?? String(e)}\n`);
  exitCode = 1;
} finally {
  await harness?.close().catch(() => undefined);
  await server?.close();
}

// ---- 7. Summary ----

const cell = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : String(x));
const table: string[][] = [
  [
    'page',
    'badges',
    'matched',
    'unmatched',
    'expected',
    'ready after DCL (ms)',
    'main-thread (ms)',
    'longest task (ms)',
  ],
  ...rows.map((r, i) => [
    i === 0 ? `${r.file} *` : r.file,
    String(r.badges),
    cell(r.stats?.matched),
    cell(r.stats?.unmatched),
    String(r.expected.length),
    r.stats ? cell(r.stats.readyAfterDclMs ?? r.stats.readyMs) : `not ready in ${READY_TIMEOUT_MS / 1000} s`,
    cell(r.stats?.mainThreadMs),
    cell(r.stats?.longestTaskMs),
  ]),
];
const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length))) ?? [];
say('');
for (const [n, row] of table.entries()) {
  say(row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
  if (n === 0) say(widths.map((w) => '-'.repeat(w)).join('  '));
}
say(
  '\nbadges: one per measure found on the page, matched to the corpus or not (unmatched: measure-like\n' +
    '  text that is not in the corpus; a corpus document’s own framing text, such as Changsha’s\n' +
    '  二、基本原则, gets none); expected: corpus measures on\n' +
    '  the page (test/fixtures/pages/expected.json), which the matched badges must be, in order.\n' +
    'ready after DCL: from DOMContentLoaded until the first scan’s badges were rendered.\n' +
    'main-thread / longest task: the layer’s synchronous slices (lib/layer/schedule.ts), the one that\n' +
    '  rendered the cards included; wall-clock, so other work on the machine inflates them.\n' +
    '* The first page also waits for the background service worker to start and load the index.',
);

const problems: string[] = [];
for (const r of rows) {
  if (!r.stats) problems.push(`${r.file}: the cards were not ready within ${READY_TIMEOUT_MS / 1000} s`);
  else if (r.ids.join() !== r.expected.join()) {
    const missing = r.expected.filter((id) => !r.ids.includes(id));
    const extra = r.ids.filter((id) => !r.expected.includes(id));
    problems.push(
      `${r.file}: matched ${r.ids.length} measures, expected ${r.expected.length}` +
        (missing.length > 0 ? `; missing ${missing.join(', ')}` : '') +
        (extra.length > 0 ? `; not expected ${extra.join(', ')}` : '') +
        (missing.length + extra.length === 0 ? ' (same measures, another order)' : ''),
    );
  }
  if (r.errors.length > 0) problems.push(`${r.file}: page errors: ${r.errors.join('; ')}`);
}
if (problems.length > 0) {
  say(`\nProblems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  exitCode = 1;
}
say(`\nScreenshots:\n${shots.map((s) => `  ${s.replace(ROOT, '')}`).join('\n')}`);
say(`
Built:
  .output/chrome-mv3        Chrome/Chromium: chrome://extensions → Developer mode → Load unpacked
  .output/firefox-mv2       Firefox: about:debugging → This Firefox → Load Temporary Add-on → manifest.json
`);
say(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
process.exit(exitCode);
