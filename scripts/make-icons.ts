/**
 * Renders the toolbar and store icons from their SVG sources with the project's Chromium
 * (playwright-core; no image library, no native dependency):
 *
 *   assets/icon-16.svg → public/icon/16.png          (drawn on the 16 px grid)
 *   assets/icon.svg    → public/icon/{32,48,96}.png  (full bleed)
 *                      → public/icon/128.png         (96 px of drawing, 16 px transparent margin:
 *                                                     the Chrome Web Store's rule for its icon)
 *
 * WXT finds `public/icon/<size>.png` and lists them as the manifest's `icons`; the popup's
 * `manifest.default_icon` names 16 and 32 for the toolbar button.
 *
 *   npm run icons            # write the PNGs
 *   npm run icons -- --check # fail when a committed PNG differs from its source (by pixels)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { findChromium } from '../test/e2e/chromium.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = join(ROOT, 'public', 'icon');

/** Each PNG: its size, its source, and the inset of the drawing inside it. */
export const ICONS: ReadonlyArray<{ size: number; source: string; inset: number }> = [
  { size: 16, source: 'assets/icon-16.svg', inset: 0 },
  { size: 32, source: 'assets/icon.svg', inset: 0 },
  { size: 48, source: 'assets/icon.svg', inset: 0 },
  { size: 96, source: 'assets/icon.svg', inset: 0 },
  { size: 128, source: 'assets/icon.svg', inset: 16 },
];

/** Renders one icon: the SVG drawn at its pixel size on a transparent page, as a PNG. */
async function render(page: Page, svg: string, size: number, inset: number): Promise<Buffer> {
  await page.setViewportSize({ width: size, height: size });
  const drawn = size - 2 * inset;
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  await page.setContent(
    `<!doctype html><html><body style="margin:0;background:transparent">` +
      `<img src="${src}" width="${drawn}" height="${drawn}" style="display:block;margin:${inset}px"></body></html>`,
  );
  await page.evaluate(`document.querySelector('img').decode()`);
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/**
 * Decodes a PNG in the page and returns its pixels. A string, not a function: tsx names the
 * functions it compiles with a helper that does not exist in the page.
 */
const DECODE = `async (b64) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + b64;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { w: canvas.width, h: canvas.height, data: [...ctx.getImageData(0, 0, canvas.width, canvas.height).data] };
}`;

/** The largest difference of any channel of any pixel between two PNGs (Infinity when sizes differ). */
async function pixelDifference(page: Page, a: Buffer, b: Buffer): Promise<number> {
  type Pixels = { w: number; h: number; data: number[] };
  const decode = (png: Buffer) =>
    page.evaluate(`(${DECODE})(${JSON.stringify(png.toString('base64'))})`) as Promise<Pixels>;
  const [p, q] = await Promise.all([decode(a), decode(b)]);
  if (p.w !== q.w || p.h !== q.h) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < p.data.length; i++) max = Math.max(max, Math.abs((p.data[i] ?? 0) - (q.data[i] ?? 0)));
  return max;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
  let stale = 0;
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    mkdirSync(OUT_DIR, { recursive: true });
    for (const icon of ICONS) {
      const svg = readFileSync(join(ROOT, icon.source), 'utf8');
      const png = await render(page, svg, icon.size, icon.inset);
      const file = join(OUT_DIR, `${icon.size}.png`);
      if (check) {
        // Two Chromium builds may encode the same pixels differently, and antialiasing may move a
        // level or two: compare pixels, with that much slack.
        const diff = existsSync(file) ? await pixelDifference(page, png, readFileSync(file)) : Infinity;
        const ok = diff <= 2;
        if (!ok) stale++;
        console.log(`${ok ? 'ok   ' : 'STALE'} public/icon/${icon.size}.png (from ${icon.source})`);
      } else {
        writeFileSync(file, png);
        console.log(`wrote public/icon/${icon.size}.png (${png.length} bytes, from ${icon.source})`);
      }
    }
  } finally {
    await browser.close();
  }
  if (stale > 0) {
    console.error(`${stale} icon(s) differ from their SVG source: run \`npm run icons\` and commit them.`);
    process.exitCode = 1;
  }
}

await main();
