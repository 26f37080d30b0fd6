/**
 * The background's annotation handlers under `fakeBrowser`, through the one `onMessage` listener,
 * with the store on fake-indexeddb. Above all the sender checks: a content script reads and writes
 * only its own tab's page, a frame of another page is refused, another extension is ignored, and
 * listing, searching, changing and deleting across pages is for extension pages alone.
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnchorTarget, Annotation } from '../../lib/annotation/model.ts';
import type { BackgroundApi } from '../../lib/background/api.ts';
import { senderPage } from '../../lib/background/annotations.ts';
import {
  Background,
  COMMAND_ANNOTATE,
  COMMAND_SIDE_PANEL,
  CONTENT_SCRIPT_FILE,
  MENU_ANNOTATE_ID,
} from '../../lib/background/background.ts';
import { parseFocus, readFocus, SIDE_PANEL_FOCUS_KEY } from '../../lib/background/side-panel.ts';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import {
  envelope,
  type CapturedPassage,
  type ContentToBackground,
  type PageToBackground,
  type Sender,
} from '../../lib/messaging.ts';
import { freshName } from '../store/helpers.ts';

const corpus = compileSeedsDir();
const EXT_ID = 'test-extension-id';
const EXT_ORIGIN = `chrome-extension://${EXT_ID}/`;
const NOTICE = 'https://www.customs.gov.cn/notice/1.html';
const OTHER = 'https://www.customs.gov.cn/notice/2.html';

const senders = {
  /** Our content script in the notice's top frame (tab 5). */
  content: { id: EXT_ID, url: `${NOTICE}#p3`, tab: { id: 5, url: `${NOTICE}?utm_source=x#p3` }, frameId: 0 },
  /** Our content script in tab 6, on another notice of the same site. */
  contentOther: { id: EXT_ID, url: OTHER, tab: { id: 6, url: OTHER }, frameId: 0 },
  /** Our content script in an ad frame of tab 5 (another origin). */
  contentAdFrame: {
    id: EXT_ID,
    url: 'https://ads.example.com/frame.html',
    tab: { id: 5, url: NOTICE },
    frameId: 3,
  },
  /** Our content script in a same-page frame of tab 5 (about:srcdoc-like: the same URL). */
  contentSameFrame: { id: EXT_ID, url: NOTICE, tab: { id: 5, url: NOTICE }, frameId: 2 },
  /** Our content script on a tab that shows no web page. */
  contentNoPage: { id: EXT_ID, url: 'chrome://newtab/', tab: { id: 7, url: 'chrome://newtab/' }, frameId: 0 },
  sidePanel: { id: EXT_ID, url: `${EXT_ORIGIN}sidepanel.html` },
  library: {
    id: EXT_ID,
    url: `${EXT_ORIGIN}library.html`,
    tab: { id: 9, url: `${EXT_ORIGIN}library.html` },
    frameId: 0,
  },
  foreignContent: {
    id: 'abcdefghijklmnopabcdefghijklmnop',
    url: NOTICE,
    tab: { id: 5, url: NOTICE },
    frameId: 0,
  },
  foreignPage: {
    id: 'abcdefghijklmnopabcdefghijklmnop',
    url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/p.html',
  },
  web: { url: NOTICE, tab: { id: 5, url: NOTICE } },
} satisfies Record<string, Sender>;

const toBackground = <K extends keyof ContentToBackground & string>(
  type: K,
  data: ContentToBackground[K]['data'],
) => envelope<ContentToBackground, K>('content-to-background', type, data);
const fromPage = <K extends keyof PageToBackground & string>(type: K, data: PageToBackground[K]['data']) =>
  envelope<PageToBackground, K>('page-to-background', type, data);

function passage(url = NOTICE, exact = '推行进口货物提前申报', start = 100): CapturedPassage {
  return {
    page: { url: `${url}#p3`, canonical: null, title: '通知' },
    quote: { type: 'TextQuoteSelector', exact, prefix: '（十三）', suffix: '。' },
    position: { type: 'TextPositionSelector', start, end: start + exact.length },
    measureId: 'dalian-2023:2.13',
  };
}

interface Harness {
  bg: Background;
  sendMessage: ReturnType<typeof vi.fn>;
  executeScript: ReturnType<typeof vi.fn>;
  sidePanelOpen: ReturnType<typeof vi.fn>;
  sidebarIsOpen: ReturnType<typeof vi.fn>;
  windowsCreate: ReturnType<typeof vi.fn>;
  windowsUpdate: ReturnType<typeof vi.fn>;
  ask<T = unknown>(message: unknown, sender: Sender): Promise<T>;
}

function setup(
  options: { browser?: 'chrome' | 'firefox' | 'none'; tabs?: Array<{ id: number; url: string }> } = {},
) {
  const sendMessage = vi.fn(
    async (_tabId: number, _m: unknown, _o: { frameId: number }): Promise<unknown> => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    },
  );
  const executeScript = vi.fn(async (_injection: unknown): Promise<unknown> => []);
  const sidePanelOpen = vi.fn(async (_o: { tabId?: number }) => undefined);
  // Firefox's sidebar (closed) and windows (the panel window gets id 40, 41…).
  const sidebarIsOpen = vi.fn(async (_d: { windowId?: number }) => false);
  let nextWindow = 40;
  const windowsCreate = vi.fn(async (_p: { url: string }) => ({ id: nextWindow++ }));
  const windowsUpdate = vi.fn(async (_id: number, _p: { focused: boolean }): Promise<unknown> => ({}));
  // As in Chromium: tabs.query does not show this extension the tabs' URLs.
  const tabs = options.tabs ?? [{ id: 5 }, { id: 6 }, { id: 8 }];
  const api: BackgroundApi = {
    runtime: fakeBrowser.runtime,
    storage: fakeBrowser.storage,
    tabs: {
      sendMessage,
      query: async (q) => (q.active ? tabs.slice(0, 1) : tabs),
      create: async (p) => fakeBrowser.tabs.create(p),
      update: async (id, p) => fakeBrowser.tabs.update(id, p),
    },
    scripting: {
      executeScript,
      registerContentScripts: vi.fn(async () => undefined),
      getRegisteredContentScripts: vi.fn(async () => []),
      unregisterContentScripts: vi.fn(async () => undefined),
    },
    permissions: { contains: vi.fn(async () => false) },
    action: fakeBrowser.action,
    ...(options.browser === 'firefox'
      ? {
          sidebarAction: {
            open: vi.fn(async () =>
              Promise.reject(new Error('sidebarAction.open may only be called from a user input handler')),
            ),
            isOpen: sidebarIsOpen,
          },
          windows: { create: windowsCreate, update: windowsUpdate },
        }
      : options.browser === 'none'
        ? {}
        : { sidePanel: { open: sidePanelOpen } }),
  };
  const bg = new Background(api, corpus, undefined, { indexedDB, IDBKeyRange, name: freshName('bg') });
  const ask = async <T>(message: unknown, sender: Sender): Promise<T> => {
    const answer = bg.onMessage(message, sender);
    if (answer === undefined) throw new Error('not answered');
    return (await answer) as T;
  };
  return {
    bg,
    sendMessage,
    executeScript,
    sidePanelOpen,
    sidebarIsOpen,
    windowsCreate,
    windowsUpdate,
    ask,
  } satisfies Harness;
}

beforeEach(() => {
  fakeBrowser.reset();
});

type CreateResult = ContentToBackground['create-annotation']['result'];

async function create(h: Harness, sender: Sender = senders.content, p = passage()): Promise<AnchorTarget> {
  const r = await h.ask<CreateResult>(
    toBackground('create-annotation', { passage: p, colour: 'green' }),
    sender,
  );
  if (!r.ok) throw new Error(`create failed: ${r.message}`);
  return r.target;
}

describe('content script: its own tab’s page only', () => {
  it('creates on its page and reads back anchor targets only (no note, no tags)', async () => {
    const h = setup();
    const target = await create(h);
    expect(target).toMatchObject({ colour: 'green', measureId: 'dalian-2023:2.13', hasNote: false });
    // The side panel adds a note and tags; the content script still sees only the anchor.
    await h.ask(
      fromPage('annotation-update', { id: target.id, patch: { note: 'private', tags: ['secret'] } }),
      senders.sidePanel,
    );
    const list = await h.ask<AnchorTarget[]>(
      toBackground('page-annotations', { canonical: null }),
      senders.content,
    );
    expect(list).toHaveLength(1);
    expect(Object.keys(list[0] ?? {}).sort()).toEqual([
      'colour',
      'hasNote',
      'id',
      'measureId',
      'position',
      'quote',
    ]);
    expect(list[0]?.hasNote).toBe(true);
    expect(JSON.stringify(list)).not.toMatch(/private|secret/u);
  });

  it('another page’s content script sees none of them, whatever it claims', async () => {
    const h = setup();
    await create(h);
    expect(await h.ask(toBackground('page-annotations', { canonical: null }), senders.contentOther)).toEqual(
      [],
    );
    // Claiming the notice as its canonical URL: same host, so it is taken as a second key... of
    // the tab's own page only when the page says so; here it says the notice is canonical.
    // A canonical on another host is ignored.
    const evil = {
      id: EXT_ID,
      url: 'https://evil.example/',
      tab: { id: 8, url: 'https://evil.example/' },
      frameId: 0,
    };
    expect(await h.ask(toBackground('page-annotations', { canonical: NOTICE }), evil)).toEqual([]);
  });

  it('a canonical URL on the same host is a second key', async () => {
    const h = setup();
    const t = await create(h);
    const alias = {
      id: EXT_ID,
      url: 'https://www.customs.gov.cn/view?id=1',
      tab: { id: 10, url: 'https://www.customs.gov.cn/view?id=1' },
      frameId: 0,
    };
    const list = await h.ask<AnchorTarget[]>(
      toBackground('page-annotations', { canonical: '/notice/1.html' }),
      alias,
    );
    expect(list.map((a) => a.id)).toEqual([t.id]);
  });

  it('refuses to create on another page, from a frame of another page, or with junk', async () => {
    const h = setup();
    const refused = async (sender: Sender, data: unknown) => {
      const r = await h.ask<CreateResult>(
        { policylens: 1, direction: 'content-to-background', type: 'create-annotation', data },
        sender,
      );
      expect(r, JSON.stringify(data)?.slice(0, 100)).toMatchObject({ ok: false, error: 'invalid' });
    };
    await refused(senders.content, { passage: passage(OTHER), colour: null });
    await refused(senders.content, { passage: passage('https://victim.gov.cn/x'), colour: null });
    await refused(senders.contentAdFrame, { passage: passage(), colour: null });
    await refused(senders.contentNoPage, { passage: passage(), colour: null });
    await refused(senders.content, { passage: { ...passage(), measureId: 'not-a-measure' }, colour: null });
    await refused(senders.content, { passage: passage(NOTICE, 'x'.repeat(20_001)), colour: null });
    await refused(senders.content, { passage: passage(), colour: 'red' });
    await refused(senders.content, { passage: { ...passage(), page: null }, colour: null });
    await refused(senders.content, null);
    await refused(senders.content, 'create');
    await expect(
      h.ask(toBackground('page-annotations', { canonical: null }), senders.contentAdFrame),
    ).rejects.toThrow(/not on its tab/);
    expect(await h.bg.annotations.store.annotations.count()).toBe(0);
  });

  it('a same-page frame may read; a content script cannot set note, tags or status', async () => {
    const h = setup();
    const r = await h.ask<CreateResult>(
      {
        policylens: 1,
        direction: 'content-to-background',
        type: 'create-annotation',
        data: { passage: passage(), colour: null, note: 'planted', tags: ['x'], status: 'done' },
      },
      senders.content,
    );
    expect(r.ok).toBe(true);
    const stored = await h.bg.annotations.store.annotations.get(r.ok ? r.target.id : '');
    expect(stored).toMatchObject({ note: '', tags: [], status: 'none', colour: 'yellow' });
    expect(
      await h.ask<AnchorTarget[]>(
        toBackground('page-annotations', { canonical: null }),
        senders.contentSameFrame,
      ),
    ).toHaveLength(1);
  });

  it('cannot use the extension pages’ messages (list, search, update, delete across pages)', async () => {
    const h = setup();
    const t = await create(h);
    for (const m of [
      fromPage('annotations-list', { keys: null, after: null, limit: null }),
      fromPage('annotations-search', { text: '提前申报' }),
      fromPage('annotation-get', { id: t.id }),
      fromPage('annotation-update', { id: t.id, patch: { note: 'x' } }),
      fromPage('annotation-delete', { id: t.id }),
      fromPage('annotations-import', { records: [], onConflict: null, skipInvalid: false }),
      fromPage('annotations-summary', {}),
    ]) {
      expect(h.bg.onMessage(m, senders.content), m.type).toBeUndefined();
      expect(h.bg.onMessage(m, senders.contentOther), m.type).toBeUndefined();
      expect(h.bg.onMessage(m, senders.web), m.type).toBeUndefined();
    }
    expect(await h.bg.annotations.store.annotations.get(t.id)).toMatchObject({ note: '' });
  });

  it('another extension and web pages are ignored, in either direction', () => {
    const h = setup();
    for (const sender of [senders.foreignContent, senders.foreignPage, senders.web]) {
      expect(h.bg.onMessage(toBackground('page-annotations', { canonical: null }), sender)).toBeUndefined();
      expect(
        h.bg.onMessage(toBackground('create-annotation', { passage: passage(), colour: null }), sender),
      ).toBeUndefined();
      expect(
        h.bg.onMessage(fromPage('annotations-list', { keys: null, after: null, limit: null }), sender),
      ).toBeUndefined();
    }
  });

  it('senderPage: the tab’s page, or null for a frame elsewhere', () => {
    expect(senderPage(senders.content)).toEqual({ url: `${NOTICE}?utm_source=x#p3`, key: NOTICE });
    expect(senderPage(senders.contentAdFrame)).toBeNull();
    expect(senderPage(senders.contentNoPage)).toBeNull();
    expect(senderPage({ id: EXT_ID, tab: { id: 1 } })).toBeNull();
  });

  it('senderPage in Firefox (no tab URL without a host permission): the top frame’s own URL', () => {
    const { url } = senders.content;
    expect(senderPage({ id: EXT_ID, url, tab: { id: 5 }, frameId: 0 })).toEqual({ url, key: NOTICE });
    // A subframe never speaks for the tab, nor a sender without a tab.
    expect(senderPage({ id: EXT_ID, url, tab: { id: 5 }, frameId: 3 })).toBeNull();
    expect(senderPage({ id: EXT_ID, url, frameId: 0 })).toBeNull();
    expect(senderPage({ id: EXT_ID, url: 'about:blank', tab: { id: 5 }, frameId: 0 })).toBeNull();
  });
});

describe('extension pages: across pages', () => {
  it('list (a page, or all in pages), get, update, delete and restore', async () => {
    const h = setup();
    const a = await create(h);
    const b = await create(h, senders.contentOther, passage(OTHER, '单一窗口'));
    const all = await h.ask<PageToBackground['annotations-list']['result']>(
      fromPage('annotations-list', { keys: null, after: null, limit: 1 }),
      senders.library,
    );
    expect(all.items).toHaveLength(1);
    expect(all.next).not.toBeNull();
    const rest = await h.ask<PageToBackground['annotations-list']['result']>(
      fromPage('annotations-list', { keys: null, after: all.next, limit: 10 }),
      senders.library,
    );
    expect([...all.items, ...rest.items].map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    const page = await h.ask<PageToBackground['annotations-list']['result']>(
      fromPage('annotations-list', { keys: [OTHER], after: null, limit: null }),
      senders.sidePanel,
    );
    expect(page.items.map((x) => x.id)).toEqual([b.id]);

    const got = await h.ask<Annotation | null>(fromPage('annotation-get', { id: a.id }), senders.sidePanel);
    expect(got?.quote.exact).toBe('推行进口货物提前申报');
    const upd = await h.ask<PageToBackground['annotation-update']['result']>(
      fromPage('annotation-update', { id: a.id, patch: { status: 'todo', tags: ['AEO'] } }),
      senders.sidePanel,
    );
    expect(upd).toMatchObject({ ok: true, annotation: { status: 'todo', tags: ['AEO'] } });
    const del = await h.ask<PageToBackground['annotation-delete']['result']>(
      fromPage('annotation-delete', { id: a.id }),
      senders.sidePanel,
    );
    expect(del.ok).toBe(true);
    if (!del.ok) return;
    expect(await h.ask(fromPage('annotation-get', { id: a.id }), senders.sidePanel)).toBeNull();
    const back = await h.ask<PageToBackground['annotation-restore']['result']>(
      fromPage('annotation-restore', { annotation: del.annotation }),
      senders.sidePanel,
    );
    expect(back).toMatchObject({ ok: true, annotation: { id: a.id, status: 'todo' } });
    expect(await h.ask(fromPage('annotations-summary', {}), senders.library)).toEqual({
      count: 2,
      tags: [{ tag: 'AEO', count: 1 }],
    });
  });

  it('import refuses a hostile file whole and answers why', async () => {
    const h = setup();
    const r = await h.ask<PageToBackground['annotations-import']['result']>(
      fromPage('annotations-import', { records: [{ id: 'x' }], onConflict: null, skipInvalid: false }),
      senders.library,
    );
    expect(r).toMatchObject({ ok: false, error: 'invalid', message: expect.stringContaining('record 0') });
    const r2 = await h.ask<PageToBackground['annotations-import']['result']>(
      { policylens: 1, direction: 'page-to-background', type: 'annotations-import', data: { records: 'x' } },
      senders.library,
    );
    expect(r2).toMatchObject({ ok: false, error: 'invalid' });
  });

  it('search finds annotations and measures, and follows edits without a rebuild', async () => {
    const h = setup();
    const a = await create(h);
    type R = PageToBackground['annotations-search']['result'];
    const r1 = await h.ask<R>(
      fromPage('annotations-search', { text: '提前申報', script: 'Hant' }),
      senders.sidePanel,
    );
    expect(r1.hits.find((x) => x.kind === 'annotation')).toMatchObject({ id: a.id, match: 'exact' });
    expect(r1.hits.some((x) => x.kind === 'measure')).toBe(true);
    await h.ask(fromPage('annotation-update', { id: a.id, patch: { tags: ['急'] } }), senders.sidePanel);
    await h.bg.annotations.store.settled();
    const r2 = await h.ask<R>(
      fromPage('annotations-search', { text: '提前申报', filters: { tags: ['急'] } }),
      senders.sidePanel,
    );
    expect(r2.hits.map((x) => x.id)).toEqual([a.id]);
    // Written by another context (e.g. the side panel with its own store): heard on the channel.
    await h.bg.annotations.store.annotations.delete(a.id);
    await h.bg.onAnnotationsChanged({ kind: 'delete', ids: [a.id], keys: [NOTICE] });
    const r3 = await h.ask<R>(
      fromPage('annotations-search', { text: '提前申报', filters: { kinds: ['annotation'] } }),
      senders.sidePanel,
    );
    expect(r3.hits).toEqual([]);
    await expect(
      h.ask(
        {
          policylens: 1,
          direction: 'page-to-background',
          type: 'annotations-search',
          data: { text: 'x'.repeat(1001) },
        },
        senders.sidePanel,
      ),
    ).rejects.toThrow(/at most 1000/);
  });

  it('the store opens only when an annotation message arrives', async () => {
    const h = setup();
    await h.ask(toBackground('is-paused', { host: 'www.customs.gov.cn' }), senders.content);
    expect(h.bg.annotations.storeOpened).toBe(false);
    await h.ask(toBackground('page-annotations', { canonical: null }), senders.content);
    expect(h.bg.annotations.storeOpened).toBe(true);
  });
});

describe('change notices to tabs', () => {
  it('a change is announced to the tabs that show its page, learnt from their own requests', async () => {
    const h = setup();
    h.sendMessage.mockImplementation(async () => undefined);
    // Tab 6 shows another notice; the "alias" tab shows the notice under a canonical alias.
    await h.ask(toBackground('page-annotations', { canonical: null }), senders.contentOther);
    const alias = {
      id: EXT_ID,
      url: 'https://www.customs.gov.cn/view?id=1',
      tab: { id: 10, url: 'https://www.customs.gov.cn/view?id=1' },
      frameId: 0,
    };
    await h.ask(toBackground('page-annotations', { canonical: NOTICE }), alias);
    // A frame of tab 8 does not speak for its tab.
    await h.ask(toBackground('page-annotations', { canonical: null }), {
      ...senders.contentSameFrame,
      tab: { id: 8, url: NOTICE },
    });
    await create(h);
    await h.bg.annotations.store.settled();
    const calls = h.sendMessage.mock.calls.map(([tabId, message, options]) => ({ tabId, message, options }));
    const changed = {
      policylens: 1,
      direction: 'background-to-content',
      type: 'annotations-changed',
      data: { keys: [NOTICE] },
    };
    expect(calls).toEqual([
      { tabId: 10, options: { frameId: 0 }, message: changed },
      { tabId: 5, options: { frameId: 0 }, message: changed },
    ]);
    // A tab that closed, or loads another document, is not told any more.
    h.bg.onTabRemoved(10);
    await h.bg.onTabUpdated(5, { status: 'loading' });
    h.sendMessage.mockClear();
    await h.ask(
      fromPage('annotations-import', { records: [], onConflict: null, skipInvalid: false }),
      senders.library,
    );
    const list = await h.ask<PageToBackground['annotations-list']['result']>(
      fromPage('annotations-list', { keys: [NOTICE], after: null, limit: null }),
      senders.library,
    );
    await h.ask(
      fromPage('annotation-update', { id: list.items[0]?.id ?? '', patch: { note: 'n' } }),
      senders.library,
    );
    await h.bg.annotations.store.settled();
    expect(h.sendMessage).not.toHaveBeenCalled();
  });
});

describe('side panel', () => {
  it('Chrome: opens for the sender’s tab at once (inside the listener), then asks it to show the annotation', async () => {
    const h = setup();
    const t = await create(h);
    const pending = h.bg.onMessage(toBackground('open-side-panel', { annotationId: t.id }), senders.content);
    // Called before the listener returned: the user's gesture still counts.
    expect(h.sidePanelOpen).toHaveBeenCalledWith({ tabId: 5 });
    expect(await pending).toEqual({ ok: true });
    const stored = await fakeBrowser.storage.session.get(SIDE_PANEL_FOCUS_KEY);
    expect(stored[SIDE_PANEL_FOCUS_KEY]).toMatchObject({ tabId: 5, annotationId: t.id });
    expect(await readFocus({ storage: fakeBrowser.storage }, 5)).toBe(t.id);
    expect(await readFocus({ storage: fakeBrowser.storage }, 6)).toBeNull();
  });

  it('Chrome: no focus for an annotation of another site; ok:false when open fails', async () => {
    const h = setup();
    const t = await create(h, senders.content);
    const evil = {
      id: EXT_ID,
      url: 'https://evil.example/',
      tab: { id: 8, url: 'https://evil.example/' },
      frameId: 0,
    };
    expect(await h.ask(toBackground('open-side-panel', { annotationId: t.id }), evil)).toEqual({ ok: true });
    expect(await fakeBrowser.storage.session.get(SIDE_PANEL_FOCUS_KEY)).toEqual({});
    h.sidePanelOpen.mockRejectedValueOnce(
      new Error('`sidePanel.open()` may only be called in response to a user gesture.'),
    );
    expect(await h.ask(toBackground('open-side-panel', { annotationId: null }), senders.content)).toEqual({
      ok: false,
    });
  });

  it('from an extension page (the popup) for a given tab', async () => {
    const h = setup();
    expect(
      await h.ask(fromPage('open-side-panel', { tabId: 6, annotationId: null }), senders.sidePanel),
    ).toEqual({ ok: true });
    expect(h.sidePanelOpen).toHaveBeenLastCalledWith({ tabId: 6 });
    expect(
      await h.ask(fromPage('open-side-panel', { tabId: -1, annotationId: null }), senders.sidePanel),
    ).toEqual({ ok: false });
  });

  it('Firefox: the sidebar refuses a page’s request, so the panel opens in a window for the tab', async () => {
    const ff = setup({ browser: 'firefox' });
    const t = await create(ff);
    const ask = () => ff.ask(toBackground('open-side-panel', { annotationId: t.id }), senders.content);
    expect(await ask()).toEqual({ ok: true });
    expect(ff.windowsCreate).toHaveBeenCalledTimes(1);
    expect(ff.windowsCreate).toHaveBeenCalledWith(
      expect.objectContaining({ url: `chrome-extension://${EXT_ID}/sidepanel.html?tab=5`, type: 'popup' }),
    );
    // The panel page shows the tab's annotation once it opens.
    expect(await readFocus({ storage: fakeBrowser.storage }, 5)).toBe(t.id);
    // Asked again: the same window comes to the front.
    expect(await ask()).toEqual({ ok: true });
    expect(ff.windowsCreate).toHaveBeenCalledTimes(1);
    expect(ff.windowsUpdate).toHaveBeenLastCalledWith(40, { focused: true });
    // The reader closed it: a new one.
    ff.windowsUpdate.mockRejectedValueOnce(new Error('Invalid window ID: 40'));
    expect(await ask()).toEqual({ ok: true });
    expect(ff.windowsCreate).toHaveBeenCalledTimes(2);
    // An open sidebar follows the active tab: no window, the focus request is enough.
    ff.sidebarIsOpen.mockResolvedValueOnce(true);
    expect(await ask()).toEqual({ ok: true });
    expect(ff.windowsCreate).toHaveBeenCalledTimes(2);
    // A command or an extension page (a user action) is not a page: no window for them.
    expect(
      await ff.ask(fromPage('open-side-panel', { tabId: 6, annotationId: null }), senders.sidePanel),
    ).toEqual({ ok: false });
    expect(ff.windowsCreate).toHaveBeenCalledTimes(2);
  });

  it('Firefox without windows, or no panel API at all: ok:false', async () => {
    const ff = setup({ browser: 'firefox' });
    ff.windowsCreate.mockRejectedValueOnce(new Error('no windows here'));
    expect(await ff.ask(toBackground('open-side-panel', { annotationId: null }), senders.content)).toEqual({
      ok: false,
    });
    const none = setup({ browser: 'none' });
    expect(await none.ask(toBackground('open-side-panel', { annotationId: null }), senders.content)).toEqual({
      ok: false,
    });
  });

  it('focus requests are for one tab and go stale', () => {
    const now = 1_000_000;
    expect(parseFocus({ tabId: 5, annotationId: 'a', at: now - 1_000 }, 5, now)).toBe('a');
    expect(parseFocus({ tabId: 5, annotationId: 'a', at: now - 60_000 }, 5, now)).toBeNull();
    expect(parseFocus({ tabId: 4, annotationId: 'a', at: now }, 5, now)).toBeNull();
    expect(parseFocus('a', 5, now)).toBeNull();
  });
});

describe('context menu and keyboard commands', () => {
  it('"Annotate with PolicyLens" asks the tab’s top frame to annotate the selection', async () => {
    const h = setup();
    h.sendMessage.mockResolvedValueOnce({ ok: true, id: 'x' });
    await h.bg.onMenuClicked({ menuItemId: MENU_ANNOTATE_ID }, { id: 5 });
    expect(h.sendMessage).toHaveBeenCalledWith(
      5,
      { policylens: 1, direction: 'background-to-content', type: 'annotate-selection', data: {} },
      { frameId: 0 },
    );
    expect(h.executeScript).not.toHaveBeenCalled();
  });

  it('injects the content script first where it is not running, then asks again', async () => {
    const h = setup();
    h.sendMessage
      .mockRejectedValueOnce(new Error('Receiving end does not exist.'))
      .mockResolvedValueOnce({ ok: true, id: 'y' });
    expect(await h.bg.annotateInTab({ id: 12 })).toEqual({ ok: true, id: 'y' });
    expect(h.executeScript).toHaveBeenCalledWith({
      target: { tabId: 12, allFrames: false },
      files: [CONTENT_SCRIPT_FILE],
    });
    expect(h.sendMessage).toHaveBeenCalledTimes(2);
    // No content script and no way in (chrome:// page): a clear failure, not a throw.
    h.executeScript.mockRejectedValueOnce(new Error('Cannot access a chrome:// URL'));
    expect(await h.bg.annotateInTab({ id: 13 })).toMatchObject({
      ok: false,
      message: 'Cannot access a chrome:// URL',
    });
  });

  it('the commands: annotate the selection, open the side panel synchronously', async () => {
    const h = setup();
    h.sendMessage.mockResolvedValue({ ok: true, id: 'z' });
    await h.bg.onCommand(COMMAND_ANNOTATE, { id: 5 });
    expect(h.sendMessage).toHaveBeenLastCalledWith(
      5,
      expect.objectContaining({ type: 'annotate-selection' }),
      { frameId: 0 },
    );
    const p = h.bg.onCommand(COMMAND_SIDE_PANEL, { id: 5 });
    expect(h.sidePanelOpen).toHaveBeenCalledWith({ tabId: 5 });
    await p;
  });
});
