import { defineConfig } from 'wxt';
import { corpusPlugin } from './lib/corpus/vite-plugin.ts';

// See https://wxt.dev/api/config.html
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  outDir: '.output',
  manifest: {
    name: 'PolicyLens 政策透镜',
    description:
      'Recognises customs and trade-facilitation measures on government pages and links related measures across ports.',
    permissions: ['storage'],
  },
  vite: () => ({
    // Preact's automatic JSX runtime. Vite 8 transforms TS/JSX with Oxc; without this the
    // build would look for react/jsx-runtime.
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    plugins: [corpusPlugin()],
  }),
});
