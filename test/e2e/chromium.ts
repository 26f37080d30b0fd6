/**
 * Where the browser tests find Chromium and the built extension. Shared by the global setup
 * (which checks them once, before any test) and the harness (which uses them).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The project root (two levels above this file). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Chrome MV3 build that `wxt build` writes and the tests load unpacked. */
export const CHROME_BUILD_DIR = fileURLToPath(new URL('../../.output/chrome-mv3/', import.meta.url));

/** Places Debian and Ubuntu install Chromium, tried after `CHROMIUM_PATH`. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** How to get Chromium, appended to every "not found" error. */
const INSTALL_HINT =
  'The browser tests need it: install it with `apt-get install -y chromium fonts-noto-cjk` ' +
  '(as root), or set CHROMIUM_PATH to a Chromium binary.';

/**
 * The Chromium binary to drive: `CHROMIUM_PATH` when set, else the first Debian/Ubuntu path that
 * exists. Throws with install instructions when there is none, because a browser test that
 * silently skips would let a broken extension pass CI.
 */
export function findChromium(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but no file exists there. ${INSTALL_HINT}`);
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(`Chromium not found (looked at ${CANDIDATES.join(', ')}). ${INSTALL_HINT}`);
}
