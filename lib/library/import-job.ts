/**
 * An import run in a Worker, so that the library page keeps answering while 100,000 annotations
 * are read, checked and written: in the page itself, the sliced import still stopped the page for
 * 100–600 ms at a time (collections of the ~400 MB the parsed file occupies, in the page's heap);
 * in a worker they happen in the worker's heap, on its own thread. The worker opens the same
 * database (an extension's dedicated worker has its origin's IndexedDB) and runs `importBytes`;
 * the page only hears progress, change notices and a summary cut to what it shows.
 *
 * ```ts
 * // worker (components/library/exchange/import-worker.ts): serveImports(self, openTable)
 * // page:
 * const r = await importInWorker(() => new Worker(url, { type: 'module' }), bytes, { onProgress, onChange, signal });
 * ```
 *
 * The worker has no extension APIs: the page saves the backup's settings and tells the other
 * contexts and the tabs about the written records (`onChange`), as the store of the page would.
 */
import type { Settings } from '../settings.ts';
import { parseSettings } from '../settings.ts';
import type { AnnotationsChange } from '../store/changes.ts';
import type { ImportTable } from '../exchange/import.ts';
import { noMeasures } from '../exchange/formats.ts';
import {
  importBytes,
  summarise,
  type ExchangeDeps,
  type ImportStage,
  type SummaryView,
} from './exchange-view.ts';

/** What the page asks the worker. */
export type ToImportWorker = { type: 'import'; bytes: ArrayBuffer; now: number } | { type: 'abort' };

/** An import's end, as the page shows it. */
export type ImportView =
  | { ok: true; view: SummaryView; written: number; settings: Settings | null }
  | { ok: false; message: string; where: string | null };

/** What the worker tells the page. */
export type FromImportWorker =
  | { type: 'progress'; stage: ImportStage }
  | { type: 'change'; change: AnnotationsChange }
  | { type: 'done'; result: ImportView }
  | { type: 'failed'; message: string; aborted: boolean };

/** The worker's global (or a MessagePort in tests). */
export interface ImportScope {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: FromImportWorker): void;
}

/** The table an import writes to, opened in the worker, telling `onChange` about its writes. */
export type OpenImportTable = (
  onChange: (change: AnnotationsChange) => void,
) => ImportTable & { count(): Promise<number> };

/** The worker's side: answers `import` (one at a time) and `abort`. */
export function serveImports(scope: ImportScope, openTable: OpenImportTable): void {
  let running: AbortController | null = null;
  const annotations = openTable((change) => scope.postMessage({ type: 'change', change }));
  scope.onmessage = (event) => {
    const msg = event.data as ToImportWorker | null;
    if (msg?.type === 'abort') {
      running?.abort(new DOMException('cancelled', 'AbortError'));
      return;
    }
    if (msg?.type !== 'import' || running || !(msg.bytes instanceof ArrayBuffer)) return;
    const controller = new AbortController();
    running = controller;
    const now = Number.isFinite(msg.now) ? msg.now : Date.now();
    importBytes(
      {
        annotations,
        loadSettings: async () => parseSettings(undefined),
        // The worker cannot reach extension storage: the settings go back to the page, which saves them.
        saveSettings: async (change) => parseSettings(change),
        libraryBase: '',
        measures: noMeasures,
        now: () => new Date(now),
      },
      new Uint8Array(msg.bytes),
      { onProgress: (stage) => scope.postMessage({ type: 'progress', stage }), signal: controller.signal },
    )
      .then(
        (r) =>
          scope.postMessage({
            type: 'done',
            result: r.ok
              ? { ok: true, view: summarise(r.summary), written: r.written, settings: r.settings }
              : { ok: false, message: r.message, where: r.where },
          }),
        (e: unknown) =>
          scope.postMessage({
            type: 'failed',
            message: e instanceof Error ? e.message : String(e),
            aborted: controller.signal.aborted,
          }),
      )
      .finally(() => {
        running = null;
      });
  };
}

/** A worker as the page uses it. */
export interface ImportWorkerLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  postMessage(message: ToImportWorker, transfer?: Transferable[]): void;
  terminate(): void;
}

/** Thrown when an import was cancelled (nothing was written). */
export class ImportCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ImportCancelled';
  }
}

/**
 * The page's side: runs one import in a new worker and ends it. The bytes are handed over (the
 * page's copy is emptied). Rejects with {@link ImportCancelled} after an abort, with an Error when
 * the worker failed.
 */
export function importInWorker(
  makeWorker: () => ImportWorkerLike,
  bytes: Uint8Array,
  options: {
    onProgress?: (s: ImportStage) => void;
    onChange?: (change: AnnotationsChange) => void;
    signal?: AbortSignal;
    now?: () => number;
  } = {},
): Promise<ImportView> {
  return new Promise<ImportView>((resolve, reject) => {
    const worker = makeWorker();
    const end = (): void => {
      options.signal?.removeEventListener('abort', onAbort);
      worker.terminate();
    };
    const onAbort = (): void => worker.postMessage({ type: 'abort' });
    options.signal?.addEventListener('abort', onAbort);
    worker.onerror = (event) => {
      end();
      reject(new Error(event.message || 'the import worker failed'));
    };
    worker.onmessage = (event) => {
      const msg = event.data as FromImportWorker;
      switch (msg?.type) {
        case 'progress':
          options.onProgress?.(msg.stage);
          return;
        case 'change':
          options.onChange?.(msg.change);
          return;
        case 'done':
          end();
          resolve(msg.result);
          return;
        case 'failed':
          end();
          reject(msg.aborted ? new ImportCancelled() : new Error(msg.message));
          return;
        default:
          return;
      }
    };
    // A copy that owns its whole buffer, handed over without another copy.
    const own =
      bytes.byteOffset === 0 &&
      bytes.byteLength === bytes.buffer.byteLength &&
      bytes.buffer instanceof ArrayBuffer
        ? bytes.buffer
        : bytes.slice().buffer;
    worker.postMessage({ type: 'import', bytes: own, now: options.now?.() ?? Date.now() }, [own]);
    if (options.signal?.aborted) onAbort();
  });
}

/** An import's end as the screen shows it, with what became of the backup's settings. */
export type ImportShown =
  | { ok: true; view: SummaryView; written: number; settings: Settings | null; settingsError: string | null }
  | { ok: false; message: string; where: string | null };

/**
 * Imports a file for the library page: in a worker when `makeWorker` is given (the browser has
 * module workers), else in the page, sliced; then saves the backup's settings. Rejects when
 * cancelled (`signal`) or when the worker failed; a refused file resolves with `ok: false`.
 */
export async function importForPage(
  deps: ExchangeDeps,
  bytes: Uint8Array,
  options: {
    makeWorker?: (() => ImportWorkerLike) | null;
    /** Hears the worker's writes, to tell the other contexts and the tabs (as the page's store would). */
    onChange?: (change: AnnotationsChange) => void;
    onProgress?: (s: ImportStage) => void;
    signal?: AbortSignal;
  } = {},
): Promise<ImportShown> {
  if (!options.makeWorker) {
    const r = await importBytes(deps, bytes, {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return r.ok
      ? {
          ok: true,
          view: summarise(r.summary),
          written: r.written,
          settings: r.settings,
          settingsError: r.settingsError,
        }
      : r;
  }
  const r = await importInWorker(options.makeWorker, bytes, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onChange ? { onChange: options.onChange } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    now: () => deps.now().getTime(),
  });
  if (!r.ok) return r;
  if (!r.settings) return { ...r, settingsError: null };
  try {
    return { ...r, settings: await deps.saveSettings(r.settings), settingsError: null };
  } catch (e) {
    return { ...r, settings: null, settingsError: e instanceof Error ? e.message : String(e) };
  }
}
