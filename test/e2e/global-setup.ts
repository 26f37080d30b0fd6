/**
 * Global setup of the `browser` test project: checks Chromium is installed, then builds the
 * Chrome extension once so every browser test loads the same fresh `.output/chrome-mv3`.
 * Fails (never skips) when either step fails.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROME_BUILD_DIR, PROJECT_ROOT, findChromium } from './chromium.ts';

/** Runs `npx wxt build` in the project root; rejects with the build's output when it fails. */
function buildExtension(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['wxt', 'build'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => reject(new Error(`Could not start \`npx wxt build\`: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`\`npx wxt build\` failed (exit ${code ?? signal}):\n${output}`));
    });
  });
}

/** Vitest calls this once before the browser project's tests. */
export default async function setup(): Promise<void> {
  findChromium();
  await buildExtension();
  if (!existsSync(join(CHROME_BUILD_DIR, 'manifest.json'))) {
    throw new Error(`\`npx wxt build\` succeeded but wrote no ${CHROME_BUILD_DIR}manifest.json`);
  }
}
