/**
 * The demo's pictures of the library's Compare and Annotations views (`npm run demo`; with
 * `--update-docs` they go to `docs/` for the README):
 *
 * - `library-matrix.png`: the port × instrument matrix (instruments of two ports or more), one
 *   cell chosen (Dalian · round-the-clock clearance), the top of the picture at 1280×900;
 * - `library-timeline.png`: the timeline 2004 → 2024 following round-the-clock clearance, with
 *   where it first appears in each port listed under it;
 * - `library-annotations.png`: the Annotations view grouped by measure, with the annotations the
 *   demo's side-panel step made on the Dalian page.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ExtensionHarness } from '../../test/e2e/harness.ts';

/** A picture taken, and where `--update-docs` copies it. */
export interface LibraryShot {
  shot: string;
  docs: string;
}

const VIEWPORT = { width: 1280, height: 900 };

async function open(h: ExtensionHarness, hash: string, errors: string[]): Promise<Page> {
  const page = await h.context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize(VIEWPORT);
  await page.goto(h.url(`library.html${hash}`));
  await page.getByTestId('library').waitFor();
  return page;
}

/** Takes the pictures into `out`; `errors` collects the pages' uncaught errors. */
export async function libraryViewsShots(
  h: ExtensionHarness,
  out: string,
  errors: string[],
): Promise<LibraryShot[]> {
  const shots: LibraryShot[] = [];

  const matrix = await open(h, '#compare?cell=Dalian|round-the-clock', errors);
  await matrix.getByTestId('compare-matrix').waitFor();
  const part = matrix.locator('section.compare-part').first();
  const box = await part.boundingBox();
  if (box) {
    const shot = join(out, 'library-matrix.png');
    await matrix.screenshot({
      path: shot,
      fullPage: true,
      clip: { x: 0, y: Math.max(0, box.y - 64), width: VIEWPORT.width, height: 900 },
    });
    shots.push({ shot, docs: 'docs/library-matrix.png' });
  }
  await matrix.close();

  const timeline = await open(h, '#compare?follow=round-the-clock', errors);
  await timeline.getByTestId('compare-timeline').waitFor();
  const shotT = join(out, 'library-timeline.png');
  const tbox = await timeline.locator('section.compare-part').nth(1).boundingBox();
  if (tbox) {
    await timeline.screenshot({
      path: shotT,
      fullPage: true,
      clip: {
        x: Math.max(0, tbox.x - 16),
        y: Math.max(0, tbox.y - 16),
        width: tbox.width + 32,
        height: tbox.height + 32,
      },
    });
    shots.push({ shot: shotT, docs: 'docs/library-timeline.png' });
  }
  await timeline.close();

  const annotations = await open(h, '#annotations?by=measure', errors);
  await annotations.getByTestId('ann-item').first().waitFor({ timeout: 10_000 });
  const shotA = join(out, 'library-annotations.png');
  await annotations.screenshot({ path: shotA });
  shots.push({ shot: shotA, docs: 'docs/library-annotations.png' });
  await annotations.close();
  return shots;
}
