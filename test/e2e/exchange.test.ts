/**
 * The exchange code in real Chromium: bundled by Vite for the browser (`exchange-entry.ts`, no Node
 * built-ins) and run in a page, it gives the same bytes as Node for every format (so the library's
 * export and `cli convert` give the same file), reads a file's bytes back to the same records, and
 * refuses a hostile one with the same message. The sliced import keeps the page responsive: a
 * timer set to fire every 10 ms keeps firing while 20,000 annotations import.
 */
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/annotation/model.ts';
import { exportText, type ExportFormat } from '../../lib/exchange/export.ts';
import { importFileSync } from '../../lib/exchange/import.ts';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { corpusLookup } from '../../lib/exchange/formats.ts';
import { EXPORTED, goldenRecords, manyRecords } from '../exchange/records.ts';
import { findChromium, PROJECT_ROOT } from './chromium.ts';

let browser: Browser;
let page: Page;

async function bundle(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    root: PROJECT_ROOT,
    build: {
      write: false,
      minify: false,
      lib: {
        entry: 'test/e2e/exchange-entry.ts',
        formats: ['iife'],
        name: 'PolicyLensExchangeBundle',
        fileName: 'x',
      },
    },
  });
  const result = (Array.isArray(out) ? out[0] : out) as { output: Array<{ type: string; code?: string }> };
  const code = result.output.find((c) => c.type === 'chunk')?.code;
  if (!code) throw new Error('vite built no chunk');
  return code;
}

beforeAll(async () => {
  const code = await bundle();
  expect(code).not.toMatch(/\brequire\(|["']node:/u);
  browser = await chromium.launch({ executablePath: findChromium(), headless: true });
  page = await browser.newPage();
  await page.goto('about:blank');
  await page.addScriptTag({ content: code });
});

afterAll(async () => {
  await browser?.close();
});

/** Measure facts as plain data (the page gets them as an object, Node as a lookup). */
function factsOf(records: readonly Annotation[]): Record<string, { port: string; document: string }> {
  const lookup = corpusLookup(compileSeedsDir());
  const facts: Record<string, { port: string; document: string }> = {};
  for (const a of records) {
    const f = a.measureId === null ? null : lookup(a.measureId);
    if (a.measureId !== null && f) facts[a.measureId] = f;
  }
  return facts;
}

describe('the exchange code in Chromium', () => {
  it('exports the same bytes as Node in every format', async () => {
    const records = [...goldenRecords(), ...manyRecords(300)];
    const facts = factsOf(records);
    const base = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/library.html';
    const inPage = await page.evaluate(
      ({ records, facts, exported, base }) => {
        const x = (globalThis as unknown as { PolicyLensExchange: { exportText: typeof exportText } })
          .PolicyLensExchange;
        const measures = (id: string) => facts[id] ?? null;
        return (['backup', 'w3c', 'csv', 'markdown'] as const).map((f) =>
          x.exportText(f, records, { exported, measures, libraryBase: base }),
        );
      },
      { records, facts, exported: EXPORTED, base },
    );
    const lookup = corpusLookup(compileSeedsDir());
    (['backup', 'w3c', 'csv', 'markdown'] as ExportFormat[]).forEach((f, i) => {
      expect(inPage[i], f).toBe(
        exportText(f, records, { exported: EXPORTED, measures: lookup, libraryBase: base }),
      );
    });
  });

  it('imports a file’s bytes to the same records as Node, and refuses a bad file with the same message', async () => {
    const text = exportText('w3c', goldenRecords(), { exported: EXPORTED });
    const bytes = [...new TextEncoder().encode(text)];
    const bad = [...new TextEncoder().encode(text.slice(0, 1_000)), 0xff];
    const [good, refused] = await page.evaluate(
      async ({ bytes, bad }) => {
        const x = (
          globalThis as unknown as { PolicyLensExchange: { importFile: (b: Uint8Array) => Promise<unknown> } }
        ).PolicyLensExchange;
        return [await x.importFile(new Uint8Array(bytes)), await x.importFile(new Uint8Array(bad))];
      },
      { bytes, bad },
    );
    expect(good).toEqual(importFileSync(new Uint8Array(bytes)));
    expect(refused).toEqual(importFileSync(new Uint8Array(bad)));
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/not valid UTF-8/u) });
  });

  it('keeps the page responsive while 20,000 annotations import (a 10 ms timer keeps firing)', async () => {
    const text = exportText('backup', manyRecords(20_000), { exported: EXPORTED });
    const figures = await page.evaluate(async (text) => {
      const x = (
        globalThis as unknown as {
          PolicyLensExchange: {
            importFile: (b: Uint8Array) => Promise<{ ok: boolean; records?: unknown[] }>;
          };
        }
      ).PolicyLensExchange;
      const bytes = new TextEncoder().encode(text);
      let last = performance.now();
      let longestGap = 0;
      let ticks = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        longestGap = Math.max(longestGap, now - last);
        last = now;
        ticks += 1;
      }, 10);
      const t0 = performance.now();
      const r = await x.importFile(bytes);
      const ms = performance.now() - t0;
      clearInterval(timer);
      return { ok: r.ok, n: r.records?.length ?? 0, ms, longestGap, ticks };
    }, text);
    expect(figures).toMatchObject({ ok: true, n: 20_000 });
    // The timer ran all along: at least one tick per 100 ms of import, none starved for a second.
    expect(figures.ticks).toBeGreaterThan(figures.ms / 100);
    expect(figures.longestGap).toBeLessThan(1_000);
  });
});
