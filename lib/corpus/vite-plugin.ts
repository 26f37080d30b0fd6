/**
 * Build-time bridge between the seed texts and the extension bundle. The extension never parses
 * seeds at run time: the corpus is compiled once by Vite and shipped as plain JSON, so pages see
 * exactly the records the tests and the command line see.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { compileSeedsDir, SEEDS_DIR } from './node.ts';

/** The id extension code imports to get the compiled corpus (typed in `virtual.d.ts`). */
export const CORPUS_MODULE_ID = 'virtual:policylens-corpus';

/** Rollup convention: a leading NUL marks the id as virtual so no other plugin touches it. */
const RESOLVED_ID = `\0${CORPUS_MODULE_ID}`;

/**
 * A Vite plugin serving `virtual:policylens-corpus`, whose default export is the corpus compiled
 * from `seeds/`. Compiling inside `load` (not when the config is read) keeps `wxt prepare` and
 * config loading cheap, and makes a bad seed fail the build with the compiler's own message.
 * Every file in the seeds folder is registered with `addWatchFile`, so `wxt` dev mode recompiles
 * and reloads when a seed text or the manifest changes.
 */
export function corpusPlugin(seedsDir: string = SEEDS_DIR): Plugin {
  return {
    name: 'policylens-corpus',
    resolveId(id) {
      return id === CORPUS_MODULE_ID ? RESOLVED_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_ID) return null;
      for (const file of readdirSync(seedsDir)) this.addWatchFile(join(seedsDir, file));
      const corpus = compileSeedsDir(seedsDir);
      // JSON.parse of a string literal parses faster than an equivalent object literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(corpus))});\n`;
    },
  };
}
