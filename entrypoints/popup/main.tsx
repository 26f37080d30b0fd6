/**
 * Popup entry: mounts {@link Popup} with the corpus bundled at build time. All work happens in
 * `main()` so importing this module has no side effects beyond its imports.
 */
import { render } from 'preact';
import corpus from 'virtual:policylens-corpus';
import { Popup } from '../../components/Popup.tsx';
import './style.css';

/** Renders the popup into `#app`; throws if the page lacks it so a broken page is obvious. */
function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('popup.html has no #app element');
  render(<Popup corpus={corpus} />, root);
}

main();
