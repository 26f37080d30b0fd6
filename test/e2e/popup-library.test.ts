/**
 * End to end, in Chromium with the built extension: the library page shows a measure of the bundled
 * corpus with its related measures, following `#measure=` links (the addresses cards and exports
 * write); the popup shows its counts and actions and opens the library on its measure list. The
 * library itself: `library.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionHarness } from './harness.ts';

describe('library page and popup in Chromium', () => {
  let harness: ExtensionHarness;

  beforeAll(async () => {
    harness = await launchExtension();
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** Opens an extension page and collects its uncaught errors. */
  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    const page = await harness.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(harness.url(path));
    return { page, errors };
  }

  it('shows a measure from the bundled corpus, with its related measures', async () => {
    const { page, errors } = await open('library.html#measure=dalian-2023:2.13');
    const measure = page.getByTestId('library-measure');
    await measure.waitFor();
    expect(await measure.getAttribute('data-measure-id')).toBe('dalian-2023:2.13');
    // Headless Chromium speaks en-US, so the library shows Simplified text.
    expect(await page.getByTestId('measure-title').textContent()).toBe('保障进出境船舶“全天候”通关。');
    expect(await page.getByTestId('measure-port').textContent()).toBe('大连');
    expect(await page.getByTestId('measure-number').textContent()).toBe('(十三)');
    expect(await page.getByTestId('measure-text').textContent()).toContain('提供进出境7×24小时通关保障');

    const related = page.getByTestId('related-item');
    expect(await related.count()).toBeGreaterThan(0);
    const changsha = page.locator('[data-testid="related-item"][data-measure-id="changsha-2017:3.8"]');
    expect(await changsha.textContent()).toContain('长沙');
    expect(await changsha.locator('a').first().getAttribute('href')).toBe('#measure=changsha-2017:3.8');

    // Following a related link shows that measure (hashchange, same page).
    await changsha.locator('a').first().click();
    await expect
      .poll(() => page.getByTestId('library-measure').getAttribute('data-measure-id'))
      .toBe('changsha-2017:3.8');
    expect(await page.getByTestId('measure-port').textContent()).toBe('长沙');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says so for an id that is not in the corpus', async () => {
    const { page, errors } = await open('library.html#measure=nowhere:1');
    await page.getByTestId('library-not-found').waitFor();
    expect(await page.getByTestId('library-measure').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('popup has its counts and buttons', async () => {
    const { page, errors } = await open('popup.html');
    await page.getByTestId('scan-page').waitFor();
    for (const id of ['stat-recognised', 'stat-matched', 'stat-unmatched', 'scan-page', 'open-library']) {
      expect(await page.getByTestId(id).count(), id).toBe(1);
    }
    // The active tab is the popup page itself: not a web page, so nothing to scan, pause or allow.
    await page.getByTestId('not-running').waitFor();
    expect(await page.getByTestId('scan-page').isDisabled()).toBe(true);
    expect(await page.getByTestId('pause-site').count()).toBe(0);
    expect(await page.getByTestId('allow-site').count()).toBe(0);
    expect(await page.getByTestId('stat-matched').textContent()).toBe('–');
    expect(await page.getByTestId('open-library').textContent()).toBe('Open the library');

    // "Open the library" opens library.html in a new tab.
    const opened = harness.context.waitForEvent('page');
    await page.getByTestId('open-library').click();
    const library = await opened;
    await library.waitForURL(/\/library\.html$/u);
    expect(library.url()).toBe(harness.url('library.html'));
    // Opened empty, the library is the measure list (no instructions to edit the address).
    await library.getByTestId('measure-list').waitFor();
    await library.close();
    expect(errors).toEqual([]);
  });
});
