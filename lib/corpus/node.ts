/**
 * Node-only entry to the compiler: reads `seeds/` from disk. Used by the Vite plugin (build
 * time), the command line and the tests; never imported by extension code.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { compileCorpus } from './compile.ts';
import type { Corpus } from './types.ts';

/** The project's `seeds/` folder. */
export const SEEDS_DIR = fileURLToPath(new URL('../../seeds/', import.meta.url));

/** Compiles the corpus from a seeds folder holding `manifest.json` and the seed texts. */
export function compileSeedsDir(dir: string = SEEDS_DIR): Corpus {
  const manifest: unknown = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  return compileCorpus(manifest, (file) => readFileSync(join(dir, file), 'utf8'));
}
