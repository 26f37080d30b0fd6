/**
 * The exchange code as a browser bundle for `exchange.test.ts`: Vite bundles this file for the
 * browser (no Node built-ins) and the test runs it in a Chromium page.
 */
import { exportText, exportPartsAsync } from '../../lib/exchange/export.ts';
import { importFile, importFileSync } from '../../lib/exchange/import.ts';

(globalThis as Record<string, unknown>).PolicyLensExchange = {
  exportText,
  exportPartsAsync,
  importFile,
  importFileSync,
};
