/**
 * What the built content script must not carry: it runs on every government page, before the first
 * badge, and loading it is main-thread time. opencc's Traditional → Simplified tables (≈ 195 kB)
 * belong to the normaliser's character folding, which the content script never uses (it only
 * collapses whitespace for anchoring); once they came in through `collapseSpace` sharing the
 * folding code, loading the script became a 50–90 ms task. Size figures live in `npm run bench`;
 * this pins that the tables stay out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROME_BUILD_DIR } from './chromium.ts';

describe('the built content script', () => {
  const code = readFileSync(join(CHROME_BUILD_DIR, 'content-scripts', 'content.js'), 'utf8');

  it("holds none of opencc's conversion tables or its converter", () => {
    // opencc-js's own error text, and a run of its dictionary data ("一口吃個 一口喫個|…" pairs),
    // written out or as escapes.
    expect(code).not.toContain('Invalid dictionary entry');
    const cjk = '(?:[\\u4e00-\\u9fff]|\\\\u[4-9][0-9A-Fa-f]{3})+';
    expect(code).not.toMatch(new RegExp(`(?:${cjk} ${cjk}\\|){50}`, 'u'));
  });

  it('holds no Dexie: the database belongs to the background and extension pages', () => {
    expect(code).not.toMatch(/\bDexie\b/u);
    expect(code).not.toContain('indexedDB.open');
  });
});
