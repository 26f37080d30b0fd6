/**
 * The background's handlers under `fakeBrowser` (runtime, storage, tabs, action), with stubs for
 * what it does not mock (scripting, permissions, tabs.sendMessage). Messages go through the one
 * `onMessage` listener, as they do in the extension, so direction and sender checks are exercised
 * on every call.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackgroundApi, BadgeApi, ContentScriptRegistration } from '../../lib/background/api.ts';
import {
  Background,
  CONTENT_SCRIPT_FILE,
  ensureMenus,
  MAX_BLOCKS,
  MENU_SCAN_ID,
  sanitizeStats,
} from '../../lib/background/background.ts';
import { PAUSED_HOSTS_KEY } from '../../lib/background/hosts.ts';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import {
  envelope,
  type ContentToBackground,
  type PageStats,
  type PageToBackground,
  type Sender,
} from '../../lib/messaging.ts';

const corpus = compileSeedsDir();
const EXT_ID = 'test-extension-id';
const EXT_ORIGIN = `chrome-extension://${EXT_ID}/`;

/** Senders as the browser describes them. */
const senders = {
  /** Our content script in a government page's top frame. */
  content: {
    id: EXT_ID,
    url: 'https://www.customs.gov.cn/notice.html',
    tab: { id: 5, url: 'https://www.customs.gov.cn/notice.html' },
    frameId: 0,
  },
  /** Our content script in an iframe of the same tab. */
  contentFrame: {
    id: EXT_ID,
    url: 'https://ads.example.com/frame.html',
    tab: { id: 5, url: 'https://www.customs.gov.cn/notice.html' },
    frameId: 3,
  },
  /** Our popup (no tab). */
  popup: { id: EXT_ID, url: `${EXT_ORIGIN}popup.html` },
  /** Our library page, in a tab of its own. */
  library: {
    id: EXT_ID,
    url: `${EXT_ORIGIN}library.html#measure=dalian-2023:2.13`,
    tab: { id: 9, url: `${EXT_ORIGIN}library.html#measure=dalian-2023:2.13` },
    frameId: 0,
  },
  /** Another extension's page and content script. */
  foreignPage: {
    id: 'abcdefghijklmnopabcdefghijklmnop',
    url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/p.html',
  },
  foreignContent: {
    id: 'abcdefghijklmnopabcdefghijklmnop',
    url: 'https://www.customs.gov.cn/notice.html',
    tab: { id: 5, url: 'https://www.customs.gov.cn/notice.html' },
    frameId: 0,
  },
  /** A web page (no extension id at all). */
  web: { url: 'https://evil.example/', tab: { id: 6, url: 'https://evil.example/' } },
} satisfies Record<string, Sender>;

const toBackground = <K extends keyof ContentToBackground & string>(
  type: K,
  data: ContentToBackground[K]['data'],
) => envelope<ContentToBackground, K>('content-to-background', type, data);
const fromPage = <K extends keyof PageToBackground & string>(type: K, data: PageToBackground[K]['data']) =>
  envelope<PageToBackground, K>('page-to-background', type, data);

const stats = (over: Partial<PageStats> = {}): PageStats => ({
  recognised: 4,
  matched: 3,
  unmatched: 1,
  scans: 1,
  paused: false,
  mainThreadMs: 12.3,
  longestTaskMs: 5,
  ...over,
});

interface Harness {
  bg: Background;
  api: BackgroundApi;
  sendMessage: ReturnType<typeof vi.fn>;
  executeScript: ReturnType<typeof vi.fn>;
  registered: ContentScriptRegistration[];
  granted: Set<string>;
  created: Array<{ url: string; windowId?: number; openerTabId?: number }>;
  updated: Array<{ id: number; url?: string; active?: boolean }>;
}

function setup(options: { badge?: 'action' | 'browserAction' } = {}): Harness {
  const registered: ContentScriptRegistration[] = [];
  const granted = new Set<string>();
  const created: Array<{ url: string; windowId?: number; openerTabId?: number }> = [];
  const updated: Array<{ id: number; url?: string; active?: boolean }> = [];
  const sendMessage = vi.fn(
    async (_tabId: number, _message: unknown, _options: { frameId: number }): Promise<unknown> => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    },
  );
  const executeScript = vi.fn(async (_injection: unknown): Promise<unknown> => []);
  const badge: BadgeApi = fakeBrowser.action;
  const api: BackgroundApi = {
    runtime: fakeBrowser.runtime,
    storage: fakeBrowser.storage,
    tabs: {
      sendMessage,
      // fakeBrowser's `lastFocusedWindow` is the window focused before the current one; one window
      // here, so the active flag alone gives what a browser gives.
      query: (q) => fakeBrowser.tabs.query({ active: q.active }),
      create: async (p) => {
        created.push({
          url: p.url,
          ...(p.windowId !== undefined ? { windowId: p.windowId } : {}),
          ...(p.openerTabId !== undefined ? { openerTabId: p.openerTabId } : {}),
        });
        return fakeBrowser.tabs.create({ url: p.url });
      },
      update: async (id, p) => {
        updated.push({ id, ...p });
        return fakeBrowser.tabs.update(id, p);
      },
    },
    scripting: {
      executeScript,
      registerContentScripts: vi.fn(async (scripts: ContentScriptRegistration[]) => {
        for (const s of scripts) {
          if (registered.some((r) => r.id === s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
          registered.push(s);
        }
      }),
      getRegisteredContentScripts: vi.fn(async ({ ids }: { ids: string[] }) =>
        registered.filter((r) => ids.includes(r.id)),
      ),
      unregisterContentScripts: vi.fn(async ({ ids }: { ids: string[] }) => {
        for (const id of ids) registered.splice(registered.findIndex((r) => r.id === id) >>> 0, 1);
      }),
    },
    permissions: {
      contains: vi.fn(async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o))),
    },
    ...(options.badge === 'browserAction' ? { browserAction: badge } : { action: badge }),
  };
  return {
    bg: new Background(api, corpus),
    api,
    sendMessage,
    executeScript,
    registered,
    granted,
    created,
    updated,
  };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('one onMessage listener, two directions, sender checks', () => {
  const contentMsg = toBackground('is-paused', { host: 'www.customs.gov.cn' });
  const pageMsg = fromPage('get-measure', { id: 'dalian-2023:2.13', script: 'Hans' });

  const matrix: Array<[keyof typeof senders, boolean, boolean]> = [
    // sender, content-to-background answered, page-to-background answered
    ['content', true, false],
    ['contentFrame', true, false],
    ['popup', false, true],
    ['library', false, true],
    ['foreignPage', false, false],
    ['foreignContent', false, false],
    ['web', false, false],
  ];

  it.each(matrix)('%s: content-to-background %s, page-to-background %s', async (name, content, page) => {
    const { bg } = setup();
    const sender = senders[name];
    const c = bg.onMessage(contentMsg, sender);
    const p = bg.onMessage(pageMsg, sender);
    expect(c !== undefined).toBe(content);
    expect(p !== undefined).toBe(page);
    if (c) expect(await c).toBe(false);
    if (p) expect(await p).toMatchObject({ id: 'dalian-2023:2.13', title: '保障进出境船舶“全天候”通关。' });
  });

  it('a content script cannot send page-to-background messages (settings, scans)', async () => {
    const { bg, executeScript } = setup();
    expect(
      bg.onMessage(fromPage('set-paused', { host: 'x.gov.cn', paused: true }), senders.content),
    ).toBeUndefined();
    expect(bg.onMessage(fromPage('scan-tab', { tabId: 1 }), senders.content)).toBeUndefined();
    expect(
      bg.onMessage(fromPage('allow-site', { origin: 'https://evil.example' }), senders.content),
    ).toBeUndefined();
    expect(await fakeBrowser.storage.local.get(PAUSED_HOSTS_KEY)).toEqual({});
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('ignores anything that is not one of our envelopes, or names no handler', () => {
    const { bg } = setup();
    expect(bg.onMessage({ type: 'is-paused', data: {} }, senders.content)).toBeUndefined();
    expect(bg.onMessage('hello', senders.content)).toBeUndefined();
    expect(bg.onMessage(null, senders.popup)).toBeUndefined();
    expect(
      bg.onMessage(
        { policylens: 1, direction: 'content-to-background', type: 'toString', data: {} },
        senders.content,
      ),
    ).toBeUndefined();
    expect(
      bg.onMessage(
        { policylens: 1, direction: 'background-to-content', type: 'scan-now', data: {} },
        senders.popup,
      ),
    ).toBeUndefined();
  });
});

describe('match-blocks', () => {
  const dalian = corpus.measures.find((m) => m.id === 'dalian-2023:2.13');
  const xiamen = corpus.measures.find((m) => m.id === 'xiamen-2024:2.1.1');

  it('creates the engine lazily, on the first match', async () => {
    const { bg } = setup();
    await bg.onMessage(toBackground('is-paused', { host: 'a.gov.cn' }), senders.content);
    await bg.onMessage(fromPage('get-measure', { id: 'dalian-2023:2.13', script: 'Hant' }), senders.popup);
    expect(bg.engineBuilt).toBe(false);
    await bg.onMessage(toBackground('match-blocks', { blocks: ['首页'] }), senders.content);
    expect(bg.engineBuilt).toBe(true);
  });

  it('answers a Traditional page in Traditional, with verdicts only for measure blocks', async () => {
    const { bg } = setup();
    const blocks = [
      '首頁 > 政務公開 > 通知公告',
      dalian?.textOther ?? '',
      '聯繫電話：0000-0000000',
      xiamen?.text ?? '',
    ];
    const r = (await bg.onMessage(
      toBackground('match-blocks', { blocks }),
      senders.content,
    )) as ContentToBackground['match-blocks']['result'];
    expect(r.script).toBe('Hant');
    expect(r.verdicts.map((v) => v.block)).toEqual([1, 3]);
    expect(r.verdicts[0]?.card).toMatchObject({
      id: 'dalian-2023:2.13',
      title: '保障進出境船舶“全天候”通關。',
      port: '大連',
    });
    expect(r.verdicts[1]?.card).toMatchObject({ id: 'xiamen-2024:2.1.1', leadAgencies: ['廈門海關'] });
    expect(r.verdicts.every((v) => v.score !== null && v.score >= 0.5)).toBe(true);
  });

  it('answers a Simplified page in Simplified (a Traditional document converted)', async () => {
    const { bg } = setup();
    const blocks = [xiamen?.textOther ?? '', '版权所有：示例单位'];
    const r = (await bg.onMessage(
      toBackground('match-blocks', { blocks }),
      senders.content,
    )) as ContentToBackground['match-blocks']['result'];
    expect(r.script).toBe('Hans');
    expect(r.verdicts).toHaveLength(1);
    expect(r.verdicts[0]?.card).toMatchObject({
      title: '进一步提升鲜活农产品通关效率。',
      leadAgencies: ['厦门海关'],
      docTitle: '厦门市2024年促进跨境贸易便利化专项行动工作方案',
    });
  });

  it('rejects malformed or oversized requests', async () => {
    const { bg } = setup();
    const bad = (data: unknown) =>
      bg.onMessage(
        { policylens: 1, direction: 'content-to-background', type: 'match-blocks', data },
        senders.content,
      );
    await expect(bad({ blocks: 'text' })).rejects.toThrow(/array of strings/);
    await expect(bad({ blocks: [1, 2] })).rejects.toThrow(/array of strings/);
    await expect(bad(null)).rejects.toThrow(/array of strings/);
    await expect(bad({ blocks: new Array<string>(MAX_BLOCKS + 1).fill('x') })).rejects.toThrow(/more than/);
  });
});

describe('paused hosts', () => {
  it('set-paused (from the popup) is what is-paused (from the content script) reads', async () => {
    const { bg } = setup();
    await bg.onMessage(fromPage('set-paused', { host: 'www.customs.gov.cn', paused: true }), senders.popup);
    expect(await fakeBrowser.storage.local.get(PAUSED_HOSTS_KEY)).toEqual({
      [PAUSED_HOSTS_KEY]: ['www.customs.gov.cn'],
    });
    expect(
      await bg.onMessage(toBackground('is-paused', { host: 'www.customs.gov.cn' }), senders.content),
    ).toBe(true);
    await bg.onMessage(
      fromPage('set-paused', { host: 'WWW.Customs.gov.cn', paused: false }),
      senders.library,
    );
    expect(
      await bg.onMessage(toBackground('is-paused', { host: 'www.customs.gov.cn' }), senders.content),
    ).toBe(false);
    expect(await fakeBrowser.storage.local.get(PAUSED_HOSTS_KEY)).toEqual({ [PAUSED_HOSTS_KEY]: [] });
  });

  it('a content script learns about its own host only', async () => {
    const { bg } = setup();
    await bg.setPaused('secret.example', true);
    // The content script on www.customs.gov.cn asks about another host: it is told about its own.
    expect(await bg.onMessage(toBackground('is-paused', { host: 'secret.example' }), senders.content)).toBe(
      false,
    );
  });

  it('rejects a malformed set-paused', async () => {
    const { bg } = setup();
    const bad = {
      policylens: 1,
      direction: 'page-to-background',
      type: 'set-paused',
      data: { host: '', paused: 'yes' },
    };
    await expect(bg.onMessage(bad, senders.popup)).rejects.toThrow(/set-paused/);
  });
});

describe('page-stats, tab-stats and the badge', () => {
  it('keeps the counts per tab and shows the matched count on the badge', async () => {
    const { bg } = setup();
    await bg.onMessage(toBackground('page-stats', stats()), senders.content);
    expect(bg.stats.get(5)).toEqual(stats());
    expect(await fakeBrowser.action.getBadgeText({ tabId: 5 })).toBe('3');
    expect(await bg.onMessage(fromPage('tab-stats', { tabId: 5 }), senders.popup)).toEqual(stats());

    await bg.onMessage(toBackground('page-stats', stats({ matched: 0, unmatched: 4 })), senders.content);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 5 })).toBe('');
  });

  it('uses browserAction where there is no action (Firefox MV2)', async () => {
    const { bg, api } = setup({ badge: 'browserAction' });
    expect(api.action).toBeUndefined();
    await bg.onMessage(toBackground('page-stats', stats({ matched: 7 })), senders.content);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 5 })).toBe('7');
  });

  it('ignores counts from subframes and cleans up junk', async () => {
    const { bg } = setup();
    await bg.onMessage(toBackground('page-stats', stats({ matched: 9 })), senders.contentFrame);
    expect(bg.stats.has(5)).toBe(false);
    expect(
      sanitizeStats({
        recognised: -3,
        matched: 2.7,
        unmatched: 'x',
        scans: Infinity,
        paused: 1,
        mainThreadMs: 1.234,
      }),
    ).toEqual({
      recognised: 0,
      matched: 2,
      unmatched: 0,
      scans: 0,
      paused: false,
      mainThreadMs: 1.2,
      longestTaskMs: 0,
    });
    expect(sanitizeStats('3')).toBeNull();
  });

  it('asks the tab when it has no counts (service worker restarted), null when nothing answers', async () => {
    const { bg, sendMessage } = setup();
    expect(await bg.onMessage(fromPage('tab-stats', { tabId: 12 }), senders.popup)).toBeNull();
    expect(sendMessage).toHaveBeenLastCalledWith(
      12,
      { policylens: 1, direction: 'background-to-content', type: 'get-stats', data: {} },
      { frameId: 0 },
    );
    sendMessage.mockResolvedValueOnce(stats({ matched: 2 }));
    expect(await bg.onMessage(fromPage('tab-stats', { tabId: 12 }), senders.popup)).toEqual(
      stats({ matched: 2 }),
    );
    expect(bg.stats.get(12)).toEqual(stats({ matched: 2 }));
  });

  it('forgets a tab when it closes or loads a new document', async () => {
    const { bg } = setup();
    await bg.recordStats(5, stats());
    await bg.onTabUpdated(5, { status: 'complete' });
    expect(bg.stats.has(5)).toBe(true);
    await bg.onTabUpdated(5, { status: 'loading' });
    expect(bg.stats.has(5)).toBe(false);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 5 })).toBe('');
    await bg.recordStats(6, stats());
    bg.onTabRemoved(6);
    expect(bg.stats.has(6)).toBe(false);
  });
});

describe('scan-tab, the context menu and the command', () => {
  it('injects the content script into the top frame, then asks it to scan', async () => {
    const { bg, executeScript, sendMessage } = setup();
    sendMessage.mockResolvedValueOnce(stats({ matched: 5 }));
    expect(await bg.onMessage(fromPage('scan-tab', { tabId: 4 }), senders.popup)).toEqual({ ok: true });
    expect(executeScript).toHaveBeenCalledWith({
      target: { tabId: 4, allFrames: false },
      files: [CONTENT_SCRIPT_FILE],
    });
    expect(CONTENT_SCRIPT_FILE).toBe('/content-scripts/content.js');
    expect(sendMessage).toHaveBeenCalledWith(
      4,
      { policylens: 1, direction: 'background-to-content', type: 'scan-now', data: {} },
      { frameId: 0 },
    );
    expect(executeScript.mock.invocationCallOrder[0]).toBeLessThan(
      sendMessage.mock.invocationCallOrder[0] ?? 0,
    );
    expect(bg.stats.get(4)?.matched).toBe(5);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 4 })).toBe('5');
  });

  it('reports why a scan failed (no permission on the page, no such tab)', async () => {
    const { bg, executeScript } = setup();
    executeScript.mockRejectedValueOnce(new Error('Cannot access contents of the page.'));
    expect(await bg.onMessage(fromPage('scan-tab', { tabId: 4 }), senders.popup)).toEqual({
      ok: false,
      error: 'Cannot access contents of the page.',
    });
    expect(await bg.scanTab(-1)).toEqual({ ok: false, error: 'no tab' });
  });

  it('the menu item and the command scan the clicked tab, or else the active tab', async () => {
    const { bg, executeScript, sendMessage } = setup();
    sendMessage.mockResolvedValue(stats());
    await bg.onMenuClicked({ menuItemId: MENU_SCAN_ID }, { id: 21 });
    expect(executeScript).toHaveBeenLastCalledWith({
      target: { tabId: 21, allFrames: false },
      files: [CONTENT_SCRIPT_FILE],
    });
    await bg.onMenuClicked({ menuItemId: 'something-else' }, { id: 22 });
    expect(executeScript).toHaveBeenCalledTimes(1);

    const tab = await fakeBrowser.tabs.create({ url: 'https://example.org/', active: true });
    await bg.onCommand('scan-page');
    expect(executeScript).toHaveBeenLastCalledWith({
      target: { tabId: tab.id, allFrames: false },
      files: [CONTENT_SCRIPT_FILE],
    });
    await bg.onCommand('other-command', { id: 1 });
    expect(executeScript).toHaveBeenCalledTimes(2);
  });

  it('creates the context menu items once per start, titled from i18n', async () => {
    const calls: string[] = [];
    const menus = {
      removeAll: vi.fn(async () => void calls.push('removeAll')),
      create: vi.fn(() => void calls.push('create')),
    };
    await ensureMenus(menus, {
      scan: 'Scan this page with PolicyLens',
      annotate: 'Annotate with PolicyLens',
    });
    expect(calls).toEqual(['removeAll', 'create', 'create']);
    expect(menus.create).toHaveBeenCalledWith({
      id: 'policylens-scan',
      title: 'Scan this page with PolicyLens',
      contexts: ['page'],
      documentUrlPatterns: ['http://*/*', 'https://*/*'],
    });
    expect(menus.create).toHaveBeenCalledWith({
      id: 'policylens-annotate',
      title: 'Annotate with PolicyLens',
      contexts: ['selection'],
      documentUrlPatterns: ['http://*/*', 'https://*/*'],
    });
  });
});

describe('allow-site', () => {
  const origin = 'https://trade.example.org';
  const pattern = 'https://trade.example.org/*';

  it('does nothing until the user granted the origin', async () => {
    const { bg, registered } = setup();
    expect(await bg.onMessage(fromPage('allow-site', { origin }), senders.popup)).toEqual({
      ok: false,
      error: 'permission not granted',
    });
    expect(registered).toEqual([]);
  });

  it('registers one persistent content script for the origin', async () => {
    const { bg, registered, granted } = setup();
    granted.add(pattern);
    expect(await bg.onMessage(fromPage('allow-site', { origin }), senders.popup)).toEqual({ ok: true });
    expect(registered).toEqual([
      {
        id: 'policylens-site-trade.example.org',
        matches: [pattern],
        js: ['content-scripts/content.js'],
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
    // Again, and concurrently with permissions.onAdded: still one registration, no error.
    const [a, b] = await Promise.all([
      bg.onMessage(fromPage('allow-site', { origin }), senders.popup),
      bg.onPermissionsAdded({ origins: [pattern] }),
    ]);
    expect(a).toEqual({ ok: true });
    expect(b).toBeUndefined();
    expect(registered).toHaveLength(1);
  });

  it('registers on permissions.onAdded alone (Firefox closes the popup at the prompt)', async () => {
    const { bg, registered, granted } = setup();
    granted.add('http://127.0.0.1/*');
    await bg.onPermissionsAdded({ origins: ['http://127.0.0.1/*', '*://*/*'] });
    expect(registered.map((r) => [r.id, r.matches])).toEqual([
      ['policylens-site-127.0.0.1', ['http://127.0.0.1/*']],
    ]);
  });

  it('drops the registration when the permission is revoked', async () => {
    const { bg, registered, granted } = setup();
    granted.add(pattern);
    await bg.allowSite(origin);
    await bg.onPermissionsRemoved({ origins: [pattern] });
    expect(registered).toEqual([]);
  });

  it('needs no registration on government hosts, and refuses anything but an http(s) origin', async () => {
    const { bg, registered } = setup();
    expect(await bg.allowSite('https://www.customs.gov.cn')).toEqual({ ok: true });
    for (const bad of [
      'https://example.org/path',
      'javascript:alert(1)',
      'file:///etc',
      'chrome://settings',
      '',
    ]) {
      expect(await bg.allowSite(bad)).toMatchObject({ ok: false });
    }
    expect(registered).toEqual([]);
  });
});

describe('get-measure and open-library', () => {
  it('gives the library a measure with its text, in the asked script', async () => {
    const { bg } = setup();
    const m = (await bg.onMessage(
      fromPage('get-measure', { id: 'dalian-2023:2.13', script: 'Hant' }),
      senders.library,
    )) as PageToBackground['get-measure']['result'];
    expect(m?.title).toBe('保障進出境船舶“全天候”通關。');
    expect(m?.text).toContain('提供進出境7×24小時通關保障');
    expect(m?.related.length).toBeGreaterThan(0);
    expect(
      await bg.onMessage(fromPage('get-measure', { id: 'nope', script: 'Hans' }), senders.popup),
    ).toBeNull();
    const bad = {
      policylens: 1,
      direction: 'page-to-background',
      type: 'get-measure',
      data: { id: 'dalian-2023:2.13', script: 'Latn' },
    };
    expect(await bg.onMessage(bad, senders.popup)).toBeNull();
  });

  it('opens the library at a measure for a card, and only for a corpus measure', async () => {
    const { bg, created } = setup();
    await bg.onMessage(toBackground('open-library', { id: 'dalian-2023:2.13' }), senders.content);
    const url = `${EXT_ORIGIN}library.html#measure=dalian-2023:2.13`;
    expect(created).toEqual([{ url, openerTabId: 5 }]);
    await expect(
      bg.onMessage(toBackground('open-library', { id: 'javascript:alert(1)' }), senders.content),
    ).rejects.toThrow(/unknown measure/);
    expect(created).toHaveLength(1);
  });

  it("opens a new library tab in the page's window", async () => {
    // Firefox refuses an opener tab in another window than the new tab's.
    const { bg, created } = setup();
    const inWindow = { ...senders.content, tab: { ...senders.content.tab, windowId: 3 } };
    await bg.onMessage(toBackground('open-library', { id: 'dalian-2023:2.13' }), inWindow);
    const url = `${EXT_ORIGIN}library.html#measure=dalian-2023:2.13`;
    expect(created).toEqual([{ url, openerTabId: 5, windowId: 3 }]);
  });

  it('reuses the open library tab: navigates it to the measure and selects it, no second tab', async () => {
    const { bg, created, updated } = setup();
    await bg.onMessage(toBackground('open-library', { id: 'dalian-2023:2.13' }), senders.content);
    const library = (await fakeBrowser.tabs.query({})).find((t) => t.url?.startsWith(EXT_ORIGIN));
    expect(library?.id).toBeDefined();
    const other = await fakeBrowser.tabs.create({ url: 'https://www.customs.gov.cn/a.html', active: true });
    await bg.onMessage(toBackground('open-library', { id: 'changsha-2017:3.8' }), senders.content);
    await bg.onMessage(toBackground('open-library', { id: 'xiamen-2008:3' }), senders.content);
    expect(created).toHaveLength(1);
    expect(updated).toEqual([
      { id: library?.id, active: true }, // the new tab, selected (and its window raised)
      { id: library?.id, url: `${EXT_ORIGIN}library.html#measure=changsha-2017:3.8` },
      { id: library?.id, active: true },
      { id: library?.id, url: `${EXT_ORIGIN}library.html#measure=xiamen-2008:3` },
      { id: library?.id, active: true },
    ]);
    expect((await fakeBrowser.tabs.get(library?.id as number)).active).toBe(true);
    expect((await fakeBrowser.tabs.get(other.id as number)).active).toBe(false);
  });

  it('opens the library at a document for the popup, in the same one tab; only from extension pages', async () => {
    const { bg, created, updated } = setup();
    expect(
      bg.onMessage(fromPage('open-library-at', { hash: '#doc=dalian-2023' }), senders.content),
    ).toBeUndefined();
    expect(
      await bg.onMessage(fromPage('open-library-at', { hash: '#doc=dalian-2023' }), senders.popup),
    ).toEqual({ ok: true });
    expect(created).toEqual([{ url: `${EXT_ORIGIN}library.html#doc=dalian-2023` }]);
    expect(await bg.onMessage(fromPage('open-library-at', { hash: '' }), senders.popup)).toEqual({
      ok: true,
    });
    expect(created).toHaveLength(1);
    expect(updated.filter((u) => u.url !== undefined)).toEqual([]);
    for (const hash of ['doc=x', '#a b', 'javascript:alert(1)', 3, `#${'x'.repeat(501)}`]) {
      expect(
        await bg.onMessage(fromPage('open-library-at', { hash } as never), senders.popup),
        String(hash),
      ).toEqual({
        ok: false,
      });
    }
    expect(created).toHaveLength(1);
  });
});
