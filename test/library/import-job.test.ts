/**
 * The import worker's protocol, with a MessageChannel standing in for the worker (the real one runs
 * in Chromium: test/e2e/library-views.test.ts): the page hands over the bytes, hears progress and
 * the store's change notices, gets a summary cut to what it shows, and saves the backup's settings
 * itself; a cancelled import writes nothing; a refused file says why.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { exportText } from '../../lib/exchange/export.ts';
import { SUMMARY_LIMIT, type ExchangeDeps, type ImportStage } from '../../lib/library/exchange-view.ts';
import {
  ImportCancelled,
  importForPage,
  serveImports,
  type ImportScope,
  type ImportWorkerLike,
} from '../../lib/library/import-job.ts';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../../lib/settings.ts';
import type { AnnotationsChange } from '../../lib/store/changes.ts';
import type { Store } from '../../lib/store/store.ts';
import { EXPORTED, manyRecords } from '../exchange/records.ts';
import { testStore } from '../store/helpers.ts';

const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) {
    await s.settled();
    s.db.close();
  }
});

/**
 * A "worker" over a MessageChannel, serving imports into a store of its own on `store`'s database
 * (as the real worker opens the page's database); `terminated` says whether the page ended it.
 */
function fakeWorker(store: Store & { dbName: string }): {
  make: () => ImportWorkerLike;
  terminated: () => boolean;
} {
  let ended = false;
  return {
    terminated: () => ended,
    make: () => {
      const { port1, port2 } = new MessageChannel();
      const scope: ImportScope = {
        onmessage: null,
        postMessage: (m) => port1.postMessage(m),
      };
      port1.on('message', (data: unknown) => scope.onmessage?.({ data }));
      serveImports(scope, (onChange) => {
        const own = testStore({ name: store.dbName, onChange });
        stores.push(own);
        return own.annotations;
      });
      const worker: ImportWorkerLike = {
        onmessage: null,
        onerror: null,
        postMessage: (m, transfer) => port2.postMessage(m, transfer as never),
        terminate: () => {
          ended = true;
          port1.close();
          port2.close();
        },
      };
      port2.on('message', (data: unknown) => worker.onmessage?.({ data }));
      return worker;
    },
  };
}

function pageDeps(): ExchangeDeps & { settings: Settings } {
  const d = {
    settings: { ...DEFAULT_SETTINGS },
    annotations: {
      iterate: async function* () {},
      bulkPut: async () => ({ ok: true as const, written: 0, kept: 0 }),
      count: async () => 0,
    },
    loadSettings: async () => ({ ...d.settings }),
    saveSettings: async (c: Partial<Settings>) => (d.settings = parseSettings({ ...d.settings, ...c })),
    libraryBase: 'chrome-extension://x/library.html',
    measures: () => null,
    now: () => new Date(EXPORTED),
  };
  return d;
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('an import in the worker', () => {
  it('writes in the worker, reports progress and changes, and the page saves the settings', async () => {
    const store = testStore({ onChange: undefined });
    stores.push(store);
    const worker = fakeWorker(store);
    const records = manyRecords(2_300);
    const file = exportText('backup', [...records, records[0] as never], {
      exported: EXPORTED,
      settings: { tintMode: 'tint', printHighlights: true },
    });
    const stages: ImportStage[] = [];
    const changes: AnnotationsChange[] = [];
    const deps = pageDeps();
    const r = await importForPage(deps, bytes(file), {
      makeWorker: worker.make,
      onProgress: (s) => stages.push(s),
      onChange: (c) => changes.push(c),
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.written).toBe(records.length);
    expect(await store.annotations.count()).toBe(records.length);
    expect(r.view).toMatchObject({
      total: records.length + 1,
      imported: records.length,
      skipped: 1,
      rejected: 0,
    });
    expect(r.view.skippedBy).toEqual([{ reason: 'same-id', of: 'file', count: 1 }]);
    // The page heard the worker's write, with every id.
    expect(changes).toHaveLength(1);
    expect(changes[0]?.kind).toBe('import');
    expect(changes[0]?.ids).toHaveLength(records.length);
    expect(stages.length).toBeGreaterThan(0);
    expect(stages[stages.length - 1]).toEqual({ phase: 'write', fraction: 1 });
    // Saved by the page, not the worker (which has no extension storage).
    expect(r.settings).toEqual({ tintMode: 'tint', printHighlights: true });
    expect(deps.settings).toEqual({ tintMode: 'tint', printHighlights: true });
    expect(worker.terminated()).toBe(true);
  });

  it('cuts the summary to what the screen lists', async () => {
    const store = testStore({ onChange: undefined });
    stores.push(store);
    const records = manyRecords(SUMMARY_LIMIT + 50);
    await store.annotations.bulkPut(records);
    const r = await importForPage(pageDeps(), bytes(exportText('backup', records, { exported: EXPORTED })), {
      makeWorker: fakeWorker(store).make,
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.view.skipped).toBe(records.length);
    expect(r.view.skippedShown).toHaveLength(SUMMARY_LIMIT);
    expect(r.written).toBe(0);
  });

  it('says why a file is refused, and writes nothing', async () => {
    const store = testStore({ onChange: undefined });
    stores.push(store);
    const r = await importForPage(pageDeps(), bytes('{"format":"policylens-backup","version":9}'), {
      makeWorker: fakeWorker(store).make,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/version 9/u);
    expect(await store.annotations.count()).toBe(0);
  });

  it('cancelled, rejects with ImportCancelled and writes nothing', async () => {
    const store = testStore({ onChange: undefined });
    stores.push(store);
    const controller = new AbortController();
    const worker = fakeWorker(store);
    const run = importForPage(
      pageDeps(),
      bytes(exportText('backup', manyRecords(20_000), { exported: EXPORTED })),
      {
        makeWorker: worker.make,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      },
    );
    await expect(run).rejects.toBeInstanceOf(ImportCancelled);
    expect(await store.annotations.count()).toBe(0);
    expect(worker.terminated()).toBe(true);
  });

  it('rejects when the worker fails, and without a worker imports in the page', async () => {
    const broken: ImportWorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage() {
        queueMicrotask(() => broken.onerror?.({ message: 'script failed to load' }));
      },
      terminate() {},
    };
    await expect(importForPage(pageDeps(), bytes('[]'), { makeWorker: () => broken })).rejects.toThrow(
      'script failed to load',
    );
    const store = testStore({ onChange: undefined });
    stores.push(store);
    const deps = { ...pageDeps(), annotations: store.annotations };
    const r = await importForPage(deps, bytes(exportText('backup', manyRecords(3), { exported: EXPORTED })), {
      makeWorker: null,
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.written).toBe(3);
  });
});
