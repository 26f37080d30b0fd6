/**
 * Global setup of the `browser` test project: checks Chromium is installed, then builds the
 * Chrome extension once so every browser test loads the same fresh `.output/chrome-mv3`.
 * Fails (never skips) when either step fails.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/**
 * Chrome refuses to load an extension whose content scripts hold a Unicode noncharacter
 * (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF): "Could not load file … It isn't UTF-8 encoded", and the service
 * worker never starts. (It checks content scripts only: Dexie's `maxString` puts U+FFFF into the
 * service worker and extension pages, which load fine.) Minifiers write escapes out as characters,
 * so the built content scripts are checked, with the file and the character named.
 */
export function badCharacters(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|css|html|json)$/u.test(e.name)) {
        const text = readFileSync(p, 'utf8');
        const m =
          /[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u.exec(
            text,
          );
        if (m) out.push(`${p}: U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase()} at ${m.index}`);
      }
    }
  };
  walk(dir);
  return out;
}

/** Vitest calls this once before the browser project's tests. */
export default async function setup(): Promise<void> {
  findChromium();
  await buildExtension();
  if (!existsSync(join(CHROME_BUILD_DIR, 'manifest.json'))) {
    throw new Error(`\`npx wxt build\` succeeded but wrote no ${CHROME_BUILD_DIR}manifest.json`);
  }
  const bad = badCharacters(join(CHROME_BUILD_DIR, 'content-scripts'));
  if (bad.length > 0) {
    throw new Error(
      `The build holds characters Chrome refuses to load (not valid UTF-8 to it):\n${bad.join('\n')}`,
    );
  }
}
