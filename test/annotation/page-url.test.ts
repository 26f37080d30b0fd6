import { describe, expect, it } from 'vitest';
import { pageKey, pageKeys, samePage, trustedCanonical } from '../../lib/annotation/page-url.ts';

describe('pageKey', () => {
  it.each([
    ['HTTP://WWW.Customs.GOV.cn:80/a/b/', 'http://www.customs.gov.cn/a/b'],
    ['https://www.customs.gov.cn:443/', 'https://www.customs.gov.cn/'],
    ['https://www.customs.gov.cn', 'https://www.customs.gov.cn/'],
    ['https://x.gov.cn/n.html#part2', 'https://x.gov.cn/n.html'],
    ['https://x.gov.cn/n.html?utm_source=wx&id=7&spm=a.b.c', 'https://x.gov.cn/n.html?id=7'],
    ['https://x.gov.cn/n.html?b=2&a=1&UTM_Medium=x', 'https://x.gov.cn/n.html?a=1&b=2'],
    ['https://x.gov.cn/n.html?from=timeline&isappinstalled=0&sharer_shareid=9', 'https://x.gov.cn/n.html'],
    ['https://user:pw@x.gov.cn:8080/p/', 'https://x.gov.cn:8080/p'],
    ['https://x.gov.cn/p//', 'https://x.gov.cn/p'],
  ])('%s → %s', (url, key) => {
    expect(pageKey(url)).toBe(key);
  });

  it('keeps what may select content: scheme, www, path case, index.html, other parameters', () => {
    expect(pageKey('http://x.gov.cn/a')).not.toBe(pageKey('https://x.gov.cn/a'));
    expect(pageKey('https://www.x.gov.cn/a')).not.toBe(pageKey('https://x.gov.cn/a'));
    expect(pageKey('https://x.gov.cn/A')).not.toBe(pageKey('https://x.gov.cn/a'));
    expect(pageKey('https://x.gov.cn/a/index.html')).not.toBe(pageKey('https://x.gov.cn/a'));
    expect(pageKey('https://x.gov.cn/a?page=2')).not.toBe(pageKey('https://x.gov.cn/a?page=3'));
  });

  it.each(['chrome-extension://abc/sidepanel.html', 'about:blank', 'file:///tmp/a.html', 'not a url', ''])(
    'gives no key for %s',
    (url) => {
      expect(pageKey(url)).toBeNull();
    },
  );
});

describe('pageKeys and the canonical URL', () => {
  it('adds a same-host canonical URL, resolved against the page', () => {
    expect(pageKeys({ url: 'https://x.gov.cn/a?spm=1', canonical: '/art/2024/1.html' })).toEqual([
      'https://x.gov.cn/a',
      'https://x.gov.cn/art/2024/1.html',
    ]);
  });

  it('ignores a canonical URL on another host, or not http(s)', () => {
    expect(trustedCanonical('https://evil.example/a', 'https://x.gov.cn/a')).toBeNull();
    expect(trustedCanonical('https://x.gov.cn/a', 'javascript:alert(1)')).toBeNull();
    expect(pageKeys({ url: 'https://evil.example/a', canonical: 'https://x.gov.cn/a' })).toEqual([
      'https://evil.example/a',
    ]);
  });

  it('does not repeat a canonical URL equal to the page', () => {
    expect(pageKeys({ url: 'https://x.gov.cn/a#top', canonical: 'https://x.gov.cn/a' })).toEqual([
      'https://x.gov.cn/a',
    ]);
    expect(samePage(['a', 'b'], ['c', 'b'])).toBe(true);
    expect(samePage(['a'], ['c'])).toBe(false);
  });
});
