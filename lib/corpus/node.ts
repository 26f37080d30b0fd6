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

/** The thesaurus file inside a seeds folder. */
export const THESAURUS_FILE = 'thesaurus.json';

/** Reads a seeds folder's thesaurus JSON (unchecked: the compiler checks it). */
export function readThesaurusJson(dir: string = SEEDS_DIR): unknown {
  return JSON.parse(readFileSync(join(dir, THESAURUS_FILE), 'utf8'));
}

/**
 * Compiles the corpus from a seeds folder holding `manifest.json`, `thesaurus.json` and the seed
 * texts.
 */
export function compileSeedsDir(dir: string = SEEDS_DIR): Corpus {
  const manifest: unknown = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  return compileCorpus(manifest, (file) => readFileSync(join(dir, file), 'utf8'), readThesaurusJson(dir));
}
