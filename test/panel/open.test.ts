/**
 * Where the side panel's search results take the reader (`lib/panel/open.ts`): the page's tab or a
 * new one, one library tab reused, and the reveal that waits until the tab has anchored the passage.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageState } from '../../lib/messaging.ts';
import {
  openAnnotationPage,
  openLibraryAt,
  openLibraryHash,
  revealWhenReady,
  type OpenDeps,
  type RevealDeps,
  type TabRef,
} from '../../lib/panel/open.ts';
import { record } from './helpers.ts';

/** A browser with some tabs; records what was created, navigated and activated. */
function fakeBrowser(tabs: TabRef[], showing: Record<string, number[]> = {}) {
  const log: string[] = [];
  let next = 100;
  const deps: OpenDeps = {
    tabsShowing: async (keys) => keys.flatMap((k) => showing[k] ?? []),
    getTab: async (id) => tabs.find((t) => t.id === id) ?? null,
    allTabs: async () => tabs,
    createTab: async (url) => {
      const tab = { id: next++, windowId: 1, url };
      tabs.push(tab);
      log.push(`create ${url}`);
      return tab;
    },
    navigate: async (id, url) => void log.push(`navigate ${id} ${url}`),
    activate: async (tab) => void log.push(`activate ${tab.id}`),
  };
  return { deps, log };
}

describe('openAnnotationPage', () => {
  it('focuses the tab that shows the page, skipping tabs that are gone', async () => {
    const a = record();
    const { deps, log } = fakeBrowser([{ id: 7, windowId: 2 }], { [a.keys[0] as string]: [3, 7] });
    expect(await openAnnotationPage(deps, a)).toEqual({ ok: true, tabId: 7, created: false });
    expect(log).toEqual(['activate 7']);
  });

  it('opens the page in a new tab when no tab shows it', async () => {
    const a = record();
    const { deps, log } = fakeBrowser([]);
    expect(await openAnnotationPage(deps, a)).toEqual({ ok: true, tabId: 100, created: true });
    expect(log).toEqual([`create ${a.page.url}`, 'activate 100']);
  });

  it('opens nothing but http(s) pages', async () => {
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'chrome://settings',
      'data:text/html,x',
    ]) {
      const { deps, log } = fakeBrowser([]);
      expect(await openAnnotationPage(deps, record({ page: { url, canonical: null, title: '' } }))).toEqual({
        ok: false,
        reason: 'not-web',
      });
      expect(log).toEqual([]);
    }
  });
});

describe('openLibraryAt', () => {
  const base = 'chrome-extension://abc/library.html';

  it('reuses the library tab (a new hash), or opens one', async () => {
    const open = fakeBrowser([
      { id: 4, windowId: 1, url: 'https://www.dalian.gov.cn/' },
      { id: 5, windowId: 1, url: `${base}#measure=x:1` },
    ]);
    expect(await openLibraryAt(open.deps, base, 'dalian-2023:2.13')).toBe(5);
    expect(open.log).toEqual([`navigate 5 ${base}#measure=dalian-2023:2.13`, 'activate 5']);

    const none = fakeBrowser([{ id: 4, windowId: 1, url: `${base}x#measure=1` }]);
    expect(await openLibraryAt(none.deps, base, 'a b')).toBe(100);
    expect(none.log).toEqual([`create ${base}#measure=a%20b`, 'activate 100']);
  });

  it('opens any library address the same way; with none, brings the library tab forward as it is', async () => {
    const open = fakeBrowser([{ id: 5, windowId: 1, url: `${base}#measure=x:1` }]);
    expect(await openLibraryHash(open.deps, base, '#doc=dalian-2023')).toBe(5);
    expect(await openLibraryHash(open.deps, base, '')).toBe(5);
    expect(open.log).toEqual([`navigate 5 ${base}#doc=dalian-2023`, 'activate 5', 'activate 5']);

    const none = fakeBrowser([]);
    expect(await openLibraryHash(none.deps, base, '')).toBe(100);
    expect(none.log).toEqual([`create ${base}`, 'activate 100']);
  });
});

describe('revealWhenReady', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  /** A tab whose content script answers `reveal` as `answer()` says, and whose states the test sends. */
  function tab(answer: () => boolean | 'no-script') {
    const listeners = new Set<(s: PageState) => void>();
    let asked = 0;
    const deps: RevealDeps = {
      reveal: async () => {
        asked++;
        const a = answer();
        if (a === 'no-script') throw new Error('Could not establish connection');
        return a;
      },
      onState: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
    };
    const state = (id: string, status: 'anchored' | 'orphan'): void => {
      for (const l of [...listeners]) {
        l({
          page: { url: 'https://x.gov.cn/', canonical: null, title: '' },
          measures: [],
          anchors: [{ id, status, method: null }],
        });
      }
    };
    return { deps, state, asked: () => asked, listening: () => listeners.size };
  }

  it('reveals at once when the passage is already anchored', async () => {
    const t = tab(() => true);
    const done = revealWhenReady(t.deps, 'a');
    await vi.advanceTimersByTimeAsync(0);
    expect(await done).toBe('revealed');
    expect(t.listening()).toBe(0);
  });

  it('waits for the tab to load and anchor, then reveals when the tab reports it anchored', async () => {
    let ready: boolean | 'no-script' = 'no-script';
    const t = tab(() => ready);
    const done = revealWhenReady(t.deps, 'a', { retryMs: 10_000, timeoutMs: 60_000 });
    await vi.advanceTimersByTimeAsync(100);
    ready = false; // the content script runs, but has not anchored yet
    t.state('other', 'anchored');
    await vi.advanceTimersByTimeAsync(100);
    let outcome: string | null = null;
    void done.then((o) => (outcome = o));
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome).toBeNull();
    ready = true;
    t.state('a', 'anchored');
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome).toBe('revealed');
    expect(t.asked()).toBe(2);
  });

  it('asks again now and then in case a report was missed', async () => {
    let calls = 0;
    const t = tab(() => ++calls >= 3);
    const done = revealWhenReady(t.deps, 'a', { retryMs: 500, timeoutMs: 60_000 });
    await vi.advanceTimersByTimeAsync(1_200);
    expect(await done).toBe('revealed');
  });

  it('ends as an orphan when the tab cannot anchor it, and gives up after the timeout', async () => {
    const o = tab(() => false);
    const orphan = revealWhenReady(o.deps, 'a');
    o.state('a', 'orphan');
    await vi.advanceTimersByTimeAsync(0);
    expect(await orphan).toBe('orphan');

    const n = tab(() => 'no-script');
    const never = revealWhenReady(n.deps, 'a', { retryMs: 1_000, timeoutMs: 5_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await never).toBe('timeout');
    const asked = n.asked();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(n.asked()).toBe(asked);
    expect(n.listening()).toBe(0);
  });
});
