/**
 * The browser tests refuse a build Chrome would not load: a Unicode noncharacter written out by the
 * minifier made Chrome reject the content script ("isn't UTF-8 encoded") and the service worker
 * never started. This pins the check itself.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { badCharacters } from './e2e/global-setup.ts';

const dir = mkdtempSync(join(tmpdir(), 'policylens-build-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('badCharacters', () => {
  it('passes Chinese text, emoji and escapes', () => {
    writeFileSync(join(dir, 'ok.js'), 'var a = "政策透镜 🌐 \\\\uffff";');
    expect(badCharacters(dir)).toEqual([]);
  });

  it.each([
    ['U+FFFF', '\uffff'],
    ['U+FFFE', '\ufffe'],
    ['U+FDD0', '\ufdd0'],
  ])('names a file that holds %s', (name, ch) => {
    const sub = join(dir, name);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'content.js'), `var pin = "${ch}";`);
    const found = badCharacters(sub);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(name);
    expect(found[0]).toContain('content.js');
  });
});
