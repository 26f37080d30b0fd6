import { defineConfig } from 'wxt';
import { corpusPlugin } from './lib/corpus/vite-plugin.ts';

// See https://wxt.dev/api/config.html
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  outDir: '.output',
  // No auto-imports: every module names its imports, so tsc, eslint and readers see them.
  imports: false,
  manifest: ({ browser }) => ({
    name: 'PolicyLens 政策透镜',
    description:
      'Recognises customs and trade-facilitation measures on government pages and links related measures across ports.',
    permissions: ['storage'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // A fixed id keeps IndexedDB and storage across reloads of the temporary add-on.
            // PolicyLens collects nothing: notes stay in the extension's own storage.
            gecko: { id: 'policylens@policylens.dev', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
  vite: () => ({
    // Preact's automatic JSX runtime. Vite 8 transforms TS/JSX with Oxc; without this the
    // build would look for react/jsx-runtime.
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    plugins: [corpusPlugin()],
  }),
});
