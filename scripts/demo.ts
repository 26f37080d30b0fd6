/**
 * `npm run demo`. Today: builds the extension for Chrome and Firefox and prints the bundled corpus,
 * so a newcomer sees what the extension carries and where to load it from. The in-page layer
 * (issue: "The in-page layer") turns this into a live demo: fixture pages served on 127.0.0.1,
 * opened in Chromium with the extension, cards opened and screenshots written to demo-output/.
 */
import { execFileSync } from 'node:child_process';
import { runCli } from '../lib/cli.ts';

for (const args of [
  ['wxt', 'build'],
  ['wxt', 'build', '-b', 'firefox'],
]) {
  process.stdout.write(`$ npx ${args.join(' ')}\n`);
  execFileSync('npx', args, { stdio: 'inherit' });
}
runCli(['corpus'], { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
process.stdout.write(`
Built:
  .output/chrome-mv3        Chrome/Chromium: chrome://extensions → Developer mode → Load unpacked
  .output/firefox-mv2       Firefox: about:debugging → This Firefox → Load Temporary Add-on → manifest.json
`);
