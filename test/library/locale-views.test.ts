/**
 * The Compare, Annotations and Export / Import views' UI strings (keys `compare…`, `ann…`, `ex…`)
 * in the three locale files, including those a walk through the views rarely shows (failures,
 * cancellation): translated (Chinese differs from English), and each Chinese file in its own
 * script. test/e2e/library-views.test.ts walks the views themselves in the three languages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toHans, useScriptTables } from '../../lib/cards/script.ts';
import { compileSeedsDir } from '../../lib/corpus/node.ts';

type Messages = Record<string, { message: string }>;
const read = (folder: string): Messages =>
  JSON.parse(
    readFileSync(new URL(`../../public/_locales/${folder}/messages.json`, import.meta.url), 'utf8'),
  ) as Messages;

const en = read('en');
const zhCN = read('zh_CN');
const zhTW = read('zh_TW');
const mine = Object.keys(en).filter((k) => /^(?:compare|ann|ex)[A-Z]/u.test(k));

const corpus = compileSeedsDir();
useScriptTables(corpus.scripts);
/** Characters reviewed text uses in each script (some are a Simplified form and a Traditional character too: 准入). */
const used = { hant: new Set<string>(), hans: new Set<string>() };
for (const m of corpus.measures) {
  const hant = corpus.documents.find((d) => d.id === m.docId)?.script === 'Hant';
  for (const ch of m.text) (hant ? used.hant : used.hans).add(ch);
}
for (const c of corpus.thesaurus.concepts) {
  for (const ch of c.labels['zh-TW']) used.hant.add(ch);
  for (const ch of c.labels['zh-CN']) used.hans.add(ch);
}
const CJK = /[\u3400-\u9fff]/u;

describe('the library views’ strings', () => {
  it('are there, in every locale', () => {
    expect(mine.length).toBeGreaterThan(100);
    for (const k of mine) {
      expect(zhCN[k]?.message, k).toBeTruthy();
      expect(zhTW[k]?.message, k).toBeTruthy();
    }
  });

  it('are translated: the Chinese differs from the English wherever the English has words', () => {
    for (const k of mine) {
      const words = (en[k]?.message ?? '').replace(/\$[A-Za-z0-9_]+\$/gu, '').replace(/\b(?:kB|MB)\b/gu, '');
      if (!/[A-Za-z]{2,}/u.test(words)) continue;
      expect(zhCN[k]?.message, k).not.toBe(en[k]?.message);
      expect(zhTW[k]?.message, k).not.toBe(en[k]?.message);
    }
  });

  it('are written in each file’s own script', () => {
    for (const k of mine) {
      for (const ch of zhTW[k]?.message ?? '') {
        if (!CJK.test(ch) || used.hant.has(ch)) continue;
        expect(Object.prototype.hasOwnProperty.call(corpus.scripts.hantChars, ch), `zh_TW ${k}: ${ch}`).toBe(
          false,
        );
      }
      for (const ch of zhCN[k]?.message ?? '') {
        if (!CJK.test(ch) || used.hans.has(ch)) continue;
        expect(toHans(ch), `zh_CN ${k}: ${ch}`).toBe(ch);
      }
    }
  });
});
