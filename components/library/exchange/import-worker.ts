/**
 * The library's import worker (`lib/library/import-job.ts`): opens the store in the worker and
 * answers the page's imports. Vite bundles it from `ExchangeView`'s `new Worker(new URL(…))`.
 */
import { serveImports, type ImportScope } from '../../../lib/library/import-job.ts';
import { browserIndexedDb } from '../../../lib/store/db.ts';
import { openStore } from '../../../lib/store/store.ts';

function main(): void {
  serveImports(
    self as unknown as ImportScope,
    (onChange) => openStore({ ...browserIndexedDb(), onChange }).annotations,
  );
}

main();
