/**
 * Side panel entry (Chrome `side_panel`, Firefox `sidebar_action`, from this one WXT entrypoint).
 * A placeholder until the side panel UI lands: it only mounts into `#app`. All work happens in
 * `main()`.
 */
import { render } from 'preact';

function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('sidepanel.html has no #app element');
  render(<div data-testid="side-panel">PolicyLens</div>, root);
}

main();
