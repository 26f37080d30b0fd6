/**
 * The demo's picture of the toolbar popup (`npm run demo`; with `--update-docs` it goes to
 * `docs/popup.png` for the README): the popup for the Dalian page, with its counts, its actions,
 * the page's measures and the keys the browser bound. It is opened as a tab for the page's tab
 * (`popup.html?tab=<id>`), at the size Chrome gives a popup this wide (its height is capped at
 * 600 px).
 */
import { join } from 'node:path';
import type { ExtensionHarness } from '../../test/e2e/harness.ts';
import type { PagesServer } from '../../test/e2e/pages-server.ts';
import { tabIdOf, waitForLayer } from '../../test/e2e/panel-helpers.ts';

/** Where `--update-docs` puts the popup's picture. */
export const POPUP_DOCS = 'docs/popup.png';

const POPUP_VIEWPORT = { width: 380, height: 600 };

/**
 * Opens the page at `url` (its host must run the layer), then the popup for its tab, and takes
 * the picture into `out`. Returns its path, or null with the reason in `errors`.
 */
export async function popupShot(
  h: ExtensionHarness,
  s: PagesServer,
  host: string,
  out: string,
  errors: string[],
): Promise<string | null> {
  const url = s.url(host, '/dalian-2023.hans.html?demo=popup');
  const page = await h.context.newPage();
  await page.goto(url);
  try {
    await waitForLayer(page);
    const popup = await h.context.newPage();
    popup.on('pageerror', (e) => errors.push(e.message));
    await popup.setViewportSize(POPUP_VIEWPORT);
    await popup.goto(h.url(`popup.html?tab=${await tabIdOf(h, url)}`));
    await popup.getByTestId('popup-measures').waitFor({ timeout: 10_000 });
    await popup.locator('[data-testid="popup-keys"] kbd').first().waitFor();
    const shot = join(out, 'popup.png');
    await popup.screenshot({ path: shot });
    await popup.close();
    return shot;
  } catch (e) {
    errors.push(`the popup picture failed: ${(e as Error).message}`);
    return null;
  } finally {
    await page.close();
  }
}
