/**
 * Library page entry: mounts {@link LibraryPage}, which asks the background for measures
 * (`get-measure`) in the script of the browser's language. All work happens in `main()`.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { LibraryPage } from '../../components/LibraryMeasure.tsx';
import { askBackground } from '../../lib/background/client.ts';
import { scriptForLanguage } from '../../lib/cards/script.ts';
import type { Script } from '../../lib/corpus/types.ts';
import './style.css';

const getMeasure = (id: string, script: Script) => askBackground('get-measure', { id, script });

/** Renders the library into `#app`; throws if the page lacks it so a broken page is obvious. */
function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('library.html has no #app element');
  document.documentElement.lang = browser.i18n.getUILanguage();
  render(<LibraryPage script={scriptForLanguage(navigator.language)} getMeasure={getMeasure} />, root);
}

main();
