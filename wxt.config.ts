import { defineConfig } from 'wxt';
import { corpusPlugin } from './lib/corpus/vite-plugin.ts';

// See https://wxt.dev/api/config.html
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  outDir: '.output',
  // No auto-imports: every module names its imports, so tsc, eslint and readers see them.
  imports: false,
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // No host permissions beyond the content script's own matches (declared in its entrypoint):
    // activeTab and scripting scan any other page on request, and "Allow on this site" asks for
    // that one origin at run time.
    // unlimitedStorage: annotations are the user's own work and must not be evicted or stopped by
    // the origin's quota (Firefox also makes the storage persistent with it). sidePanel (Chrome):
    // the panel that shows annotations; Firefox uses sidebar_action, which needs no permission.
    permissions: [
      'storage',
      'unlimitedStorage',
      'activeTab',
      'scripting',
      'contextMenus',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // WXT drops optional_host_permissions from MV2 manifests without moving it, so Firefox MV2
    // gets the MV2 key, optional_permissions, directly.
    ...(manifestVersion === 2
      ? { optional_permissions: ['*://*/*'] }
      : { optional_host_permissions: ['*://*/*'] }),
    // Suggested keys that Chromium really assigns on install: it leaves a command without a key
    // when the key is one of its own, as Alt+Shift+P, R, N, X and Z are in Chromium 156 (tried on
    // Linux). test/e2e/toolbar.test.ts reads chrome.commands.getAll() and fails on any unbound
    // one. U is also none of Firefox's menu access keys (F E V S B T H), which an Alt+Shift
    // combination can reach. Users rebind them at chrome://extensions/shortcuts or about:addons;
    // the popup and the side panel show the keys bound now.
    commands: {
      'scan-page': {
        suggested_key: { default: 'Alt+Shift+U' },
        description: '__MSG_commandScan__',
      },
      'annotate-selection': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: '__MSG_commandAnnotate__',
      },
      'open-side-panel': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: '__MSG_commandSidePanel__',
      },
    },
    // The background answers messages by returning a promise from its runtime.onMessage
    // listener, which Chrome supports from version 144 (Firefox always has).
    ...(browser === 'firefox' ? {} : { minimum_chrome_version: '144' }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // A fixed id keeps IndexedDB and storage across reloads of the temporary add-on.
            // PolicyLens collects nothing: notes stay in the extension's own storage.
            // Firefox 140 (the ESR of 2025) is the oldest with everything the build uses: the CSS
            // Custom Highlight API (140) and data_collection_permissions (140); the rest is older
            // (storage.session 115, scripting with persistent registrations 105, sidebarAction 59).
            // 140–145 draw highlights without text-decoration (146): colours stay, underlines go.
            // `npm run check` lints the build against this version (web-ext lint).
            gecko: {
              id: 'policylens@policylens.dev',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  // `npm run zip`: the Chrome and Firefox packages, and the sources zip that addons.mozilla.org
  // reviewers rebuild the Firefox package from (the bundles are minified). Everything the build
  // reads is in it (WXT leaves out node_modules, the output, tests and dot files); the lock file
  // pins the dependencies. Test fixtures, screenshots and demo output are not needed to build.
  zip: {
    excludeSources: ['test/**', 'docs/**', 'demo-output/**', 'coverage/**', 'stats.html'],
  },
  vite: (env) => ({
    // Preact's automatic JSX runtime. Vite 8 transforms TS/JSX with Oxc; without this the
    // build would look for react/jsx-runtime. The development runtime (source locations, absolute
    // paths) only in `wxt` dev mode, never in a build.
    oxc: {
      jsx: { runtime: 'automatic', importSource: 'preact', development: env.mode === 'development' },
    },
    plugins: [corpusPlugin()],
  }),
});
