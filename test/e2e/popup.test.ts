/**
 * End to end: the built extension loads in Chromium, its service worker starts, and the popup
 * shows the corpus that the build bundled (same version and measure count as compiling the seeds
 * directly).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import type { Corpus } from '../../lib/corpus/types.ts';
import { launchExtension, type ExtensionHarness } from './harness.ts';

describe('extension in Chromium', () => {
  let harness: ExtensionHarness;
  let corpus: Corpus;

  beforeAll(async () => {
    corpus = compileSeedsDir();
    harness = await launchExtension();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('starts the MV3 service worker', () => {
    expect(harness.extensionId).toMatch(/^[a-p]{32}$/);
    expect(harness.serviceWorker.url()).toBe(harness.url('background.js'));
  });

  it('popup shows the bundled corpus version and counts', async () => {
    const page = await harness.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(harness.url('popup.html'));

    const count = page.getByTestId('corpus-count');
    await count.waitFor();
    expect(await count.textContent()).toBe(String(corpus.measures.length));
    expect(corpus.measures.length).toBe(156);
    // The version is for bug reports, not for reading: kept in an attribute, out of sight.
    expect(await page.locator('[data-corpus-version]').getAttribute('data-corpus-version')).toBe(
      corpus.version,
    );
    expect(await page.locator('body').textContent()).not.toContain(corpus.version);
    expect(await page.getByTestId('document-count').textContent()).toBe(String(corpus.documents.length));
    // The name in the UI language (headless Chromium speaks English).
    expect(await page.locator('h1').textContent()).toBe('PolicyLens');
    await expect
      .poll(() => page.getByTestId('document-list').locator('li').count())
      .toBe(corpus.documents.length);
    expect(errors).toEqual([]);
    await page.close();
  });
});
