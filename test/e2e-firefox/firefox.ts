/**
 * Where the Firefox browser tests find Firefox and the built extension. Shared by the global setup
 * (which checks them once, before any test) and the harness (which uses them).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The project root (two levels above this file). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Firefox MV2 build that `wxt build -b firefox` writes and the tests install. */
export const FIREFOX_BUILD_DIR = fileURLToPath(new URL('../../.output/firefox-mv2/', import.meta.url));

/** Places Debian installs Firefox (ESR first: what `apt-get install firefox-esr` gives), after `FIREFOX_PATH`. */
const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

/** How to get Firefox, appended to every "not found" error. */
const INSTALL_HINT =
  'The Firefox tests need it: install it with `apt-get install -y firefox-esr fonts-noto-cjk` ' +
  '(as root; Firefox 140 or newer), or set FIREFOX_PATH to a Firefox binary.';

/**
 * The Firefox binary to drive: `FIREFOX_PATH` when set, else the first Debian path that exists.
 * Throws with install instructions when there is none: a browser test that silently skips would
 * let a build that breaks Firefox pass CI.
 */
export function findFirefox(): string {
  const fromEnv = process.env['FIREFOX_PATH'];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`FIREFOX_PATH is set to ${fromEnv}, but no file exists there. ${INSTALL_HINT}`);
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(`Firefox not found (looked at ${CANDIDATES.join(', ')}). ${INSTALL_HINT}`);
}
