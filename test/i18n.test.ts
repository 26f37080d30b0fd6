import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { localeFor, lookupFrom, setMessageLookup, t } from '../lib/i18n.ts';

const messages = (locale: string) =>
  JSON.parse(
    readFileSync(new URL(`../public/_locales/${locale}/messages.json`, import.meta.url), 'utf8'),
  ) as Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

describe('i18n', () => {
  afterEach(() => setMessageLookup(undefined));

  it('picks the locale folder the browser would: region first, then language, then en', () => {
    const available = ['en', 'zh_CN', 'zh_TW'];
    expect(localeFor('zh-TW', available)).toBe('zh_TW');
    expect(localeFor('zh-CN', available)).toBe('zh_CN');
    expect(localeFor('en-US', available)).toBe('en');
    expect(localeFor('fr', available)).toBe('en');
    expect(localeFor('ZH-tw', available)).toBe('zh_TW');
  });

  it('has the same keys and placeholders in every locale', () => {
    const en = messages('en');
    for (const locale of ['zh_CN', 'zh_TW']) {
      const other = messages(locale);
      expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      for (const [key, entry] of Object.entries(en)) {
        expect(Object.keys(other[key]?.placeholders ?? {}), key).toEqual(
          Object.keys(entry.placeholders ?? {}),
        );
      }
    }
  });

  it('substitutes placeholders as Chrome does', () => {
    setMessageLookup(lookupFrom(messages('zh_TW')));
    expect(t('popupCorpus', 'abc', 5, 156)).toBe('語料庫 abc · 5 份文件 · 156 條措施');
    expect(t('badgeMatched', '(十三)')).toBe('政策透鏡：措施 (十三)');
  });
});
