import { describe, expect, it } from 'vitest';
import {
  isGovernmentHost,
  originPattern,
  patternOrigin,
  siteScriptId,
  webHost,
  webOrigin,
  isPausedIn,
  pausedHostsIn,
} from '../../lib/background/hosts.ts';
import { popupActions } from '../../components/Popup.tsx';
import { libraryPath, measureHash, parseMeasureHash } from '../../lib/cards/library-link.ts';

describe('hosts', () => {
  it('knows the hosts the content script is declared on', () => {
    for (const h of [
      'gov.cn',
      'www.gov.cn',
      'customs.gov.cn',
      'www.customs.gov.cn',
      'xm.gov.cn',
      'www.gov.hk',
      'gov.mo',
      'WWW.GOV.CN.',
    ]) {
      expect(isGovernmentHost(h), h).toBe(true);
    }
    for (const h of ['example.org', 'gov.cn.example.org', 'notgov.cn', 'gov.com', 'www.gov.uk']) {
      expect(isGovernmentHost(h), h).toBe(false);
    }
  });

  it('takes origins and hosts from http(s) URLs only', () => {
    expect(webOrigin('https://example.org/a/b?c#d')).toBe('https://example.org');
    expect(webOrigin('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080');
    expect(webHost('http://127.0.0.1:8080/x')).toBe('127.0.0.1');
    for (const u of [
      'chrome-extension://abc/popup.html',
      'about:blank',
      'file:///tmp/x.html',
      'not a url',
      undefined,
    ]) {
      expect(webOrigin(u)).toBeNull();
    }
  });

  it('turns origins into match patterns (no port) and back', () => {
    expect(originPattern('https://example.org')).toBe('https://example.org/*');
    expect(originPattern('http://127.0.0.1:8080')).toBe('http://127.0.0.1/*');
    expect(patternOrigin('https://example.org/*')).toBe('https://example.org');
    expect(patternOrigin('*://*/*')).toBeNull();
    expect(patternOrigin('https://*.example.org/*')).toBeNull();
    expect(siteScriptId('example.org')).toBe('policylens-site-example.org');
  });
});

describe('popup actions', () => {
  it('offers scanning on web pages only, and pausing only where the layer runs or is paused', () => {
    expect(popupActions('chrome-extension://abc/popup.html', false, false, false)).toEqual({
      canScan: false,
      showPause: false,
      showAllow: false,
    });
    expect(popupActions(undefined, false, true, false)).toEqual({
      canScan: false,
      showPause: false,
      showAllow: false,
    });
    expect(popupActions('https://www.customs.gov.cn/', true, false, false).showPause).toBe(false);
    expect(popupActions('https://www.customs.gov.cn/', true, true, false).showPause).toBe(true);
    // Paused, the layer shows nothing, and "Resume" is offered.
    expect(popupActions('https://www.customs.gov.cn/', true, false, true).showPause).toBe(true);
  });

  it('offers "allow on this site" on non-government sites not yet allowed', () => {
    expect(popupActions('https://example.org/', false, false, false)).toEqual({
      canScan: true,
      showPause: false,
      showAllow: true,
    });
    expect(popupActions('https://example.org/', true, true, false).showAllow).toBe(false);
    expect(popupActions('https://www.customs.gov.cn/', false, true, false).showAllow).toBe(false);
  });
});

describe('paused hosts', () => {
  it('reads the stored list whatever it holds, in lower case', () => {
    expect(pausedHostsIn(['WWW.Dalian.gov.cn', 3, null, 'a.gov.cn'])).toEqual([
      'www.dalian.gov.cn',
      'a.gov.cn',
    ]);
    expect(pausedHostsIn(undefined)).toEqual([]);
    expect(pausedHostsIn('www.dalian.gov.cn')).toEqual([]);
    expect(isPausedIn(['www.dalian.gov.cn'], 'WWW.DALIAN.GOV.CN')).toBe(true);
    expect(isPausedIn(['www.dalian.gov.cn'], 'dalian.gov.cn')).toBe(false);
    expect(isPausedIn({ 0: 'www.dalian.gov.cn' }, 'www.dalian.gov.cn')).toBe(false);
  });
});

describe('library links', () => {
  it('round-trips measure ids through the hash', () => {
    expect(measureHash('dalian-2023:2.13')).toBe('#measure=dalian-2023:2.13');
    expect(libraryPath('zhejiang-2004:1.p3')).toBe('/library.html#measure=zhejiang-2004:1.p3');
    expect(parseMeasureHash('#measure=dalian-2023:2.13')).toBe('dalian-2023:2.13');
    expect(parseMeasureHash('#measure=dalian-2023%3A2.13')).toBe('dalian-2023:2.13');
    expect(parseMeasureHash(measureHash('a b&c'))).toBe('a b&c');
    expect(parseMeasureHash('')).toBeNull();
    expect(parseMeasureHash('#measure=')).toBeNull();
    expect(parseMeasureHash('#measure=%E0%A4%A')).toBeNull();
  });
});
