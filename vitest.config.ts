import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Vitest 5 declares Node >= 22.12; on Node 20 only its failure reporter needs something newer
// (Map.groupBy, Node 21). Without it a failing test crashes the reporter instead of being shown.
if (typeof Map.groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    value<K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> {
      const out = new Map<K, T[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        const list = out.get(k);
        if (list) list.push(item);
        else out.set(k, [item]);
      }
      return out;
    },
  });
}

/**
 * Three projects: `unit` (Node, fast, everything under test/ but the browser suites), `browser`
 * (builds the Chrome extension and drives Debian Chromium with playwright-core) and `firefox`
 * (builds the Firefox extension and drives Firefox ESR with puppeteer-core over WebDriver BiDi).
 * `npm test` runs all three; the browser projects fail, never skip, when their browser is missing.
 * They run one after the other (`groupOrder`): unit, then Chromium, then Firefox. Two browsers at
 * once on a 2-core machine make both suites' timings meaningless and their waits flaky.
 */
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/e2e/**', 'test/e2e-firefox/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'firefox',
          include: ['test/e2e-firefox/**/*.test.ts'],
          globalSetup: ['test/e2e-firefox/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
