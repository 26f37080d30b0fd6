/**
 * Global setup of the `firefox` test project: checks Firefox is installed, then builds the Firefox
 * extension once so every Firefox test installs the same fresh `.output/firefox-mv2`. Fails (never
 * skips) when either step fails.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { badCharacters } from '../e2e/global-setup.ts';
import { FIREFOX_BUILD_DIR, PROJECT_ROOT, findFirefox } from './firefox.ts';

/** Runs `npx wxt build -b firefox`; rejects with the build's output when it fails. */
function buildExtension(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['wxt', 'build', '-b', 'firefox'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) =>
      reject(new Error(`Could not start \`npx wxt build -b firefox\`: ${error.message}`)),
    );
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`\`npx wxt build -b firefox\` failed (exit ${code ?? signal}):\n${output}`));
    });
  });
}

/** Vitest calls this once before the Firefox project's tests. */
export default async function setup(): Promise<void> {
  findFirefox();
  await buildExtension();
  const manifestPath = join(FIREFOX_BUILD_DIR, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`\`npx wxt build -b firefox\` succeeded but wrote no ${manifestPath}`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { manifest_version?: number };
  if (manifest.manifest_version !== 2) {
    throw new Error(`${manifestPath} is not the MV2 build the Firefox tests expect`);
  }
  // Firefox reads these files as UTF-8 too; the same check keeps the two builds alike.
  const bad = badCharacters(join(FIREFOX_BUILD_DIR, 'content-scripts'));
  if (bad.length > 0) {
    throw new Error(`The Firefox build holds characters that are not valid UTF-8:\n${bad.join('\n')}`);
  }
}
