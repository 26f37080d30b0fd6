/**
 * `npx tsx scripts/screenshot.ts`: renders the built popup in Chromium and saves the README
 * screenshot to docs/popup.png. Run `npm run build` first.
 */
import { launchExtension } from '../test/e2e/harness.ts';

const h = await launchExtension();
try {
  const page = await h.context.newPage();
  await page.setViewportSize({ width: 420, height: 300 });
  await page.goto(h.url('popup.html'));
  await page.getByTestId('corpus-count').waitFor();
  await page.screenshot({ path: 'docs/popup.png', fullPage: true });
  process.stdout.write('wrote docs/popup.png\n');
} finally {
  await h.close();
}
