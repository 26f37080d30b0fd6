/**
 * Library addresses: every route formats to one hash and parses back to itself, the addresses that
 * cards, the side panel and exported files have always written (`#measure=<id>`) still open the
 * measure, printed-number paths survive the browser's percent-encoding, and malformed or unknown
 * hashes give the `unknown` route (the shell shows the measure list and says so).
 */
import { describe, expect, it } from 'vitest';
import { measureHash } from '../../lib/cards/library-link.ts';
import {
  formatRoute,
  param,
  parseRoute,
  sameRoute,
  SECTIONS,
  sectionOf,
  sectionRoute,
  withParams,
  type Route,
} from '../../lib/library/route.ts';
import { HashRouter, type RouterWindow } from '../../lib/library/router.ts';

const routes: Route[] = [
  { view: 'measures', params: {} },
  { view: 'measures', params: { port: 'Dalian', q: '担保 通关', theme: 'guarantee' } },
  { view: 'measure', id: 'dalian-2023:2.13', params: {} },
  { view: 'measure', id: 'dalian-2023:2.13', params: { with: 'changsha-2017:3.8' } },
  { view: 'documents', params: {} },
  { view: 'doc', docId: 'dalian-2023', at: null, params: {} },
  { view: 'doc', docId: 'dalian-2023', at: { kind: 'path', path: '(十三)' }, params: {} },
  { view: 'doc', docId: 'xiamen-2024', at: { kind: 'path', path: '二、/(六)/1.' }, params: {} },
  { view: 'doc', docId: 'dalian-2023', at: { kind: 'id', id: 'dalian-2023:2.13' }, params: {} },
  { view: 'compare', params: { view: 'timeline' } },
  { view: 'annotations', params: { group: 'page', q: 'a&b=c?d#e%f+g' } },
  { view: 'exchange', params: {} },
];

describe('library routes', () => {
  it('format to one hash each and parse back to the same route', () => {
    const hashes = routes.map(formatRoute);
    expect(new Set(hashes).size).toBe(routes.length);
    for (const r of routes) expect(parseRoute(formatRoute(r)), formatRoute(r)).toEqual(r);
  });

  it('read what the browser hands back: percent-encoded Chinese, with or without #', () => {
    const r: Route = { view: 'doc', docId: 'dalian-2023', at: { kind: 'path', path: '(十三)' }, params: {} };
    const hash = formatRoute(r);
    expect(hash).toBe('#doc=dalian-2023/(十三)');
    const encoded = `#${encodeURI(hash.slice(1))}`; // what location.hash returns in Chromium
    expect(encoded).not.toBe(hash);
    expect(parseRoute(encoded)).toEqual(r);
    expect(parseRoute(hash.slice(1))).toEqual(r);
  });

  it('keeps the addresses cards and exports write (#measure=<id>) and their &-params', () => {
    expect(parseRoute(measureHash('xiamen-2024:2.6.1'))).toEqual({
      view: 'measure',
      id: 'xiamen-2024:2.6.1',
      params: {},
    });
    expect(parseRoute('#measure=dalian-2023:2.13&with=changsha-2017:3.8')).toEqual({
      view: 'measure',
      id: 'dalian-2023:2.13',
      params: { with: 'changsha-2017:3.8' },
    });
    expect(formatRoute({ view: 'measure', id: 'dalian-2023:2.13', params: {} })).toBe(
      measureHash('dalian-2023:2.13'),
    );
  });

  it('opens the measure list when empty, and says unknown for anything else it cannot read', () => {
    expect(parseRoute('')).toEqual({ view: 'measures', params: {} });
    expect(parseRoute('#')).toEqual({ view: 'measures', params: {} });
    for (const bad of [
      '#nowhere',
      '#measure=',
      '#measure',
      '#doc=',
      '#compare=x',
      '#measure=%E0%A4%A',
      '#measures?q=%ZZ',
    ]) {
      expect(parseRoute(bad).view, bad).toBe('unknown');
    }
  });

  it('never lets a param reach an object prototype', () => {
    const r = parseRoute('#measures?__proto__=x&constructor=y&port=Dalian');
    expect(r).toEqual({ view: 'measures', params: { port: 'Dalian' } });
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('maps views to sections and changes params without touching the rest', () => {
    expect(SECTIONS.map((s) => sectionOf(sectionRoute(s)))).toEqual([...SECTIONS]);
    expect(sectionOf(parseRoute('#measure=a:1'))).toBe('measures');
    expect(sectionOf(parseRoute('#doc=a'))).toBe('documents');
    expect(sectionOf(parseRoute('#zzz'))).toBe('measures');
    const r = withParams({ view: 'measures', params: { port: 'Dalian', q: 'x' } }, { q: '', theme: 'aeo' });
    expect(r).toEqual({ view: 'measures', params: { port: 'Dalian', theme: 'aeo' } });
    expect(param(r, 'port')).toBe('Dalian');
    expect(param(r, 'q')).toBe('');
    expect(sameRoute(parseRoute('#measures?b=2&a=1'), parseRoute('#measures?a=1&b=2'))).toBe(true);
  });
});

/** A window with a hash and a history, firing hashchange like a browser (asynchronously). */
function fakeWindow(hash = ''): RouterWindow & { entries: string[]; back(): void; fired: number } {
  const listeners = new Set<() => void>();
  const fire = (): void => {
    w.fired++;
    queueMicrotask(() => listeners.forEach((l) => l()));
  };
  let current = hash;
  const w = {
    entries: [hash],
    fired: 0,
    location: {
      get hash() {
        return current;
      },
      set hash(v: string) {
        current = v.startsWith('#') ? v : `#${v}`;
        w.entries.push(current);
        fire();
      },
    },
    history: {
      state: null,
      replaceState(_d: unknown, _u: string, url?: string) {
        current = url ?? current;
        w.entries[w.entries.length - 1] = current;
      },
    },
    addEventListener: (_t: 'hashchange', l: () => void) => listeners.add(l),
    removeEventListener: (_t: 'hashchange', l: () => void) => listeners.delete(l),
    back() {
      w.entries.pop();
      current = w.entries[w.entries.length - 1] ?? '';
      fire();
    },
  };
  return w;
}

describe('hash router', () => {
  it('pushes entries for places, replaces them for filters, and follows back', async () => {
    const win = fakeWindow('');
    const router = new HashRouter(win);
    const seen: string[] = [];
    const stop = router.subscribe((r) => seen.push(formatRoute(r)));
    router.navigate({ view: 'measure', id: 'dalian-2023:2.13', params: {} });
    await Promise.resolve();
    expect(router.current()).toEqual({ view: 'measure', id: 'dalian-2023:2.13', params: {} });
    router.navigate(
      { view: 'measure', id: 'dalian-2023:2.13', params: { with: 'changsha-2017:3.8' } },
      { replace: true },
    );
    expect(win.entries).toEqual(['', '#measure=dalian-2023:2.13&with=changsha-2017:3.8']);
    win.back();
    await Promise.resolve();
    expect(router.current()).toEqual({ view: 'measures', params: {} });
    expect(seen).toEqual([
      '#measure=dalian-2023:2.13',
      '#measure=dalian-2023:2.13&with=changsha-2017:3.8',
      '#measures',
    ]);
    // Going where the page already is adds no entry.
    router.navigate({ view: 'measures', params: {} });
    expect(win.entries).toHaveLength(1);
    stop();
    win.location.hash = '#documents';
    await Promise.resolve();
    expect(seen).toHaveLength(3);
  });
});
