/**
 * Build-time bridge between the seed texts and the extension bundle. The extension never parses
 * seeds at run time: the corpus is compiled once by Vite and shipped as plain JSON, and the
 * matching index is built once and shipped as bytes, so pages see exactly the records and the
 * index the tests and the command line see.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { convertScript, useScriptTables } from '../cards/script.ts';
import { buildIndexBytes, buildRelatedBytes } from '../match/engine.ts';
import { documentTexts } from '../library/document.ts';
import { compileSeedsDir, SEEDS_DIR } from './node.ts';
import type { Corpus, CorpusSummary, Script } from './types.ts';

/** The id extension code imports to get the compiled corpus (typed in `virtual.d.ts`). */
export const CORPUS_MODULE_ID = 'virtual:policylens-corpus';
/** The id extension code imports to get the serialised n-gram index (a `Uint8Array`). */
export const INDEX_MODULE_ID = 'virtual:policylens-index';
/** The id the popup imports: the corpus version and documents, without the measures. */
export const SUMMARY_MODULE_ID = 'virtual:policylens-corpus-summary';
/** The id extension code imports to get the serialised related-measures index (a `Uint8Array`). */
export const RELATED_MODULE_ID = 'virtual:policylens-related';

/** The id the library imports: every document's text in blocks (`lib/library/document.ts`). */
export const DOCUMENTS_MODULE_ID = 'virtual:policylens-documents';

/** Rollup convention: a leading NUL marks the id as virtual so no other plugin touches it. */
const RESOLVED = new Map([
  [CORPUS_MODULE_ID, `\0${CORPUS_MODULE_ID}`],
  [INDEX_MODULE_ID, `\0${INDEX_MODULE_ID}`],
  [SUMMARY_MODULE_ID, `\0${SUMMARY_MODULE_ID}`],
  [RELATED_MODULE_ID, `\0${RELATED_MODULE_ID}`],
  [DOCUMENTS_MODULE_ID, `\0${DOCUMENTS_MODULE_ID}`],
]);

/** A module whose default export decodes base64 bytes on its first call (and keeps them). */
function bytesModule(bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  // A function, decoded on first call: importing the module costs nothing until a page is matched.
  return [
    `const base64 = ${JSON.stringify(base64)};`,
    'let bytes;',
    'export default function indexBytes() {',
    '  if (!bytes) {',
    '    const s = atob(base64);',
    '    bytes = new Uint8Array(s.length);',
    '    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);',
    '  }',
    '  return bytes;',
    '}',
    '',
  ].join('\n');
}

/**
 * A Vite plugin serving `virtual:policylens-corpus` (the corpus compiled from `seeds/`) and
 * `virtual:policylens-index` (its serialised n-gram index: base64 in the bundle, decoded on the first
 * call of its default export into the bytes `NgramIndex.load` views without parsing), and
 * `virtual:policylens-related` (the related-measures index, built and loaded the same way). Compiling inside `load` (not when
 * the config is read) keeps `wxt prepare` and config loading cheap, and makes a bad seed fail the
 * build with the compiler's own message. Every file in the seeds folder is registered with
 * `addWatchFile`, so `wxt` dev mode recompiles and reloads when a seed text or the manifest changes.
 */
export function corpusPlugin(seedsDir: string = SEEDS_DIR): Plugin {
  let corpus: Corpus | undefined;
  const compiled = (): Corpus => (corpus ??= compileSeedsDir(seedsDir));
  return {
    name: 'policylens-corpus',
    buildStart() {
      corpus = undefined;
    },
    resolveId(id) {
      return RESOLVED.get(id) ?? null;
    },
    load(id) {
      if (![...RESOLVED.values()].includes(id)) return null;
      for (const file of readdirSync(seedsDir)) this.addWatchFile(join(seedsDir, file));
      if (id === RESOLVED.get(SUMMARY_MODULE_ID)) {
        const { version, documents, measures, scripts } = compiled();
        // Titles, issuers and ports in the other script, converted as cards convert them.
        useScriptTables(scripts);
        const inScript: Record<Script, Record<string, string>> = { Hans: {}, Hant: {} };
        for (const d of documents) {
          for (const [text, from] of [
            [d.title, d.script],
            [d.issuer, d.script],
            [d.portZh, 'Hans'],
          ] as const) {
            for (const to of ['Hans', 'Hant'] as const) {
              const other = convertScript(text, from, to);
              if (other !== text) inScript[to][text] = other;
            }
          }
        }
        const summary: CorpusSummary = { version, documents, measureCount: measures.length, inScript };
        return `export default ${JSON.stringify(summary)};\n`;
      }
      if (id === RESOLVED.get(CORPUS_MODULE_ID)) {
        // JSON.parse of a string literal parses faster than an equivalent object literal.
        return `export default JSON.parse(${JSON.stringify(JSON.stringify(compiled()))});\n`;
      }
      if (id === RESOLVED.get(RELATED_MODULE_ID)) return bytesModule(buildRelatedBytes(compiled()));
      if (id === RESOLVED.get(DOCUMENTS_MODULE_ID)) {
        const texts = documentTexts(compiled(), (file) => readFileSync(join(seedsDir, file), 'utf8'));
        return `export default JSON.parse(${JSON.stringify(JSON.stringify(texts))});\n`;
      }
      return bytesModule(buildIndexBytes(compiled().measures));
    },
  };
}
