/**
 * The layer end to end in Node: a linkedom document stands for the page, a fake transport runs the
 * real matching engine over the seed corpus, and a fake view records what would be rendered.
 * (Layout is not available in linkedom: badge positions are covered by position.test.ts and the
 * Chromium test.)
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import type { Corpus, Measure } from '../../lib/corpus/types.ts';
import {
  Layer,
  type OverlayActions,
  type OverlayState,
  type OverlayView,
  type Transport,
} from '../../lib/layer/controller.ts';
import { HOST_TAG, STATS_ATTRIBUTE } from '../../lib/layer/host.ts';
import type { LayerStats } from '../../lib/layer/stats.ts';
import { MatchEngine } from '../../lib/match/engine.ts';
import type { BlockVerdict, CardMeasure, PageStats } from '../../lib/messaging.ts';
import { parseHtml } from '../../lib/page/parse-html.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8');
const expected = JSON.parse(fixture('expected.json')) as Record<string, { measures: string[] }>;

let corpus: Corpus;
let engine: MatchEngine;
let byId: Map<string, Measure>;

// Step failures go to console.debug by design; keep the test output clean.
const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
afterAll(() => debug.mockRestore());

beforeAll(() => {
  corpus = compileSeedsDir();
  engine = new MatchEngine(corpus);
  byId = new Map(corpus.measures.map((m) => [m.id, m]));
});

/** A card with the fields the tests look at (the background builds the real ones). */
function cardFor(m: Measure): CardMeasure {
  return {
    id: m.id,
    title: m.title,
    number: m.number ?? '',
    related: [],
  } as unknown as CardMeasure;
}

interface Fake {
  transport: Transport;
  calls: { match: string[][]; paused: string[]; stats: PageStats[]; library: string[] };
}

function fakeTransport(options: { paused?: boolean; fail?: boolean } = {}): Fake {
  const calls: Fake['calls'] = { match: [], paused: [], stats: [], library: [] };
  return {
    calls,
    transport: {
      async matchBlocks(blocks) {
        calls.match.push(blocks);
        if (options.fail) throw new Error('no background');
        const results = engine.matchBlocks(blocks.map((text) => ({ text, start: 0, end: text.length })));
        const verdicts: BlockVerdict[] = [];
        results.forEach((r, block) => {
          const top = r.matches[0];
          if (!top && !r.measureLike) return;
          const m = top ? byId.get(top.id) : undefined;
          verdicts.push({ block, score: top?.score ?? null, card: m ? cardFor(m) : null, related: [] });
        });
        return { script: 'Hans', verdicts };
      },
      async isPaused(host) {
        calls.paused.push(host);
        return options.paused === true;
      },
      async reportStats(stats) {
        calls.stats.push(stats);
      },
      async openLibrary(id) {
        calls.library.push(id);
      },
    },
  };
}

/** A window around a linkedom document, with what the layer reads from it. */
function fakeWindow(doc: Document, hostname = 'www.dalian.gov.cn'): Window {
  const view = doc.defaultView as unknown as { MutationObserver?: unknown };
  const listeners = new Map<string, Set<EventListener>>();
  return {
    document: doc,
    location: { hostname },
    performance,
    setTimeout: (fn: () => void, ms?: number) => setTimeout(fn, ms),
    clearTimeout: (id: number) => clearTimeout(id),
    MutationObserver: view?.MutationObserver,
    innerWidth: 1200,
    addEventListener: (type: string, fn: EventListener) => {
      const set = listeners.get(type) ?? new Set();
      set.add(fn);
      listeners.set(type, set);
    },
    removeEventListener: (type: string, fn: EventListener) => listeners.get(type)?.delete(fn),
  } as unknown as Window;
}

/** A layer over `doc` whose view records its renders and whose actions the test can call. */
function makeLayer(doc: Document, transport: Transport) {
  const renders: OverlayState[] = [];
  let actions: OverlayActions | undefined;
  const view: OverlayView = { render: (state) => renders.push(state), dispose: () => undefined };
  const layer = new Layer({
    win: fakeWindow(doc),
    transport,
    css: '.x {}',
    createView: (_shadow, _host, a) => {
      actions = a;
      return view;
    },
    debounceMs: 20,
  });
  return { layer, renders, actions: () => actions as OverlayActions };
}

const host = (doc: Document): Element | null => doc.documentElement.querySelector(HOST_TAG);
const hostStats = (doc: Document): LayerStats =>
  JSON.parse(host(doc)?.getAttribute(STATS_ATTRIBUTE) ?? 'null') as LayerStats;
const lastBadges = (renders: OverlayState[]) => renders[renders.length - 1]?.badges ?? [];
const until = async (cond: () => boolean, ms = 3_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('Layer', () => {
  it('marks every Dalian measure with one badge, in page order, without touching the page text', async () => {
    const doc = parseHtml(fixture('dalian-2023.hans.html'));
    const text = doc.body.textContent;
    // eslint-disable-next-line no-restricted-properties -- read only, to compare
    const html = doc.body.innerHTML;
    const fake = fakeTransport();
    const { layer, renders } = makeLayer(doc, fake.transport);
    await layer.start();

    expect(fake.calls.paused).toEqual(['www.dalian.gov.cn']);
    const badges = lastBadges(renders);
    expect(badges.map((b) => b.measureId)).toEqual(expected['dalian-2023.hans.html']?.measures);
    expect(badges.every((b) => b.kind === 'matched' && b.card !== null)).toBe(true);
    // No layout in linkedom: nothing has a rect, so every badge is hidden rather than misplaced.
    expect(badges.every((b) => b.hidden)).toBe(true);

    expect(doc.body.textContent).toBe(text);
    // eslint-disable-next-line no-restricted-properties -- read only, to compare
    expect(doc.body.innerHTML).toBe(html);
    const h = host(doc);
    expect(h?.parentNode).toBe(doc.documentElement);
    expect(h?.childNodes.length).toBe(0);

    const s = hostStats(doc);
    expect(s).toMatchObject({
      matched: 43,
      unmatched: 0,
      recognised: 43,
      scans: 1,
      paused: false,
      errors: 0,
    });
    expect(s.readyMs).toBeTypeOf('number');
    expect(s.mainThreadMs).toBeGreaterThan(0);
    expect(fake.calls.stats.at(-1)).toMatchObject({ matched: 43 });
    expect(layer.getStats()).toMatchObject({ matched: 43 });
    layer.dispose();
    expect(host(doc)).toBeNull();
  });

  it("gives duplicate blocks of one measure one badge, and none to the document's own framing text (Changsha)", async () => {
    const doc = parseHtml(fixture('changsha-2017.hans.html'));
    const { layer, renders } = makeLayer(doc, fakeTransport().transport);
    await layer.start();
    const badges = lastBadges(renders);
    const ids = badges.filter((b) => b.kind === 'matched').map((b) => b.measureId);
    expect(new Set(ids).size).toBe(ids.length);
    // Its 总体思路 and 基本原则 paragraphs read like measures but are the document's own text.
    expect(badges.filter((b) => b.kind === 'unmatched')).toEqual([]);
    layer.dispose();
  });

  it('joins a numbered heading and its body across regions on a long page (one measure, one badge)', async () => {
    // Enough paragraphs that the page is cut into one region per paragraph.
    const four = byId.get('xiamen-2008:4') as Measure;
    const filler = Array.from(
      { length: 200 },
      (_, i) => `<p><span>第${i}段</span><span>说明文字。</span></p>`,
    );
    const doc = parseHtml(
      `<!DOCTYPE html><html><body><div class="content">${filler.slice(0, 100).join('')}` +
        `<p>四、${four.title.replace(/。$/u, '')}</p><p>${four.text.slice(four.title.length)}</p>` +
        `${filler.slice(100).join('')}</div></body></html>`,
    );
    const fake = fakeTransport();
    const { layer, renders } = makeLayer(doc, fake.transport);
    await layer.start();
    expect(layer.getStats().regions).toBeGreaterThan(100);
    const badges = lastBadges(renders);
    expect(badges.map((b) => b.measureId)).toEqual(['xiamen-2008:4']);
    // The heading and the body went to the background as one block.
    const sent = fake.calls.match.flat();
    expect(sent.some((t) => t.startsWith('四、实行担保通关') && t.includes('分批缴纳税款'))).toBe(true);
    layer.dispose();
  });

  it('does nothing on a paused host until scan-now', async () => {
    const doc = parseHtml(fixture('dalian-2023.hans.html'));
    const fake = fakeTransport({ paused: true });
    const { layer, renders } = makeLayer(doc, fake.transport);
    await layer.start();
    expect(host(doc)).toBeNull();
    expect(renders).toHaveLength(0);
    expect(fake.calls.match).toHaveLength(0);
    expect(fake.calls.stats.at(-1)).toMatchObject({ paused: true, recognised: 0 });

    const stats = await layer.scanNow();
    expect(stats).toMatchObject({ paused: false, matched: 43, scans: 1 });
    expect(host(doc)).not.toBeNull();
    layer.dispose();
  });

  it('pauses at once and resumes with a fresh scan, without a reload', async () => {
    const doc = parseHtml(fixture('dalian-2023.hans.html'));
    const fake = fakeTransport();
    const { layer, renders } = makeLayer(doc, fake.transport);
    await layer.start();
    expect(lastBadges(renders)).toHaveLength(43);

    layer.pause();
    expect(layer.paused).toBe(true);
    expect(host(doc)).toBeNull();
    expect(layer.getStats()).toMatchObject({ paused: true, recognised: 0, matched: 0 });
    expect(fake.calls.stats.at(-1)).toMatchObject({ paused: true, matched: 0 });
    // A page change while paused is not scanned.
    const sent = fake.calls.match.length;
    const p = doc.createElement('p');
    p.textContent = '(四十四)推行“5+2”工作制，提供进出境7×24小时通关保障。';
    doc.body.appendChild(p);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.calls.match.length).toBe(sent);

    await layer.resume();
    expect(layer.paused).toBe(false);
    expect(host(doc)).not.toBeNull();
    expect(lastBadges(renders).length).toBeGreaterThanOrEqual(43);
    expect(fake.calls.stats.at(-1)).toMatchObject({ paused: false });
    expect(fake.calls.stats.at(-1)?.matched).toBeGreaterThanOrEqual(43);
    layer.dispose();
  });

  it('a pause stops a scan under way, and a quick pause and resume draws each badge once', async () => {
    const doc = parseHtml(fixture('dalian-2023.hans.html'));
    const fake = fakeTransport();
    const { layer, renders } = makeLayer(doc, fake.transport);
    const started = layer.start();
    // The first scan waits for the page's next frame before it reads: pause meanwhile.
    layer.pause();
    await started;
    expect(host(doc)).toBeNull();
    expect(layer.getStats()).toMatchObject({ matched: 0, paused: true });
    void layer.resume();
    layer.pause();
    await layer.resume();
    await until(() => lastBadges(renders).length === 43);
    const keys = lastBadges(renders).map((b) => b.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(layer.getStats()).toMatchObject({ matched: 43, paused: false });
    layer.dispose();
  });

  it('a pause heard before the background answered is-paused wins over the answer', async () => {
    const doc = parseHtml(fixture('dalian-2023.hans.html'));
    const fake = fakeTransport({ paused: false });
    const { layer } = makeLayer(doc, fake.transport);
    const started = layer.start();
    layer.setPaused(true);
    await started;
    expect(layer.paused).toBe(true);
    expect(host(doc)).toBeNull();
    expect(fake.calls.match).toHaveLength(0);
    layer.setPaused(false);
    await until(() => layer.getStats().matched === 43);
    layer.dispose();
  });

  it('reports a failing background without throwing', async () => {
    const doc = parseHtml(fixture('dalian-2023.hans.html'));
    const { layer, renders } = makeLayer(doc, fakeTransport({ fail: true }).transport);
    await expect(layer.start()).resolves.toBeUndefined();
    expect(lastBadges(renders)).toEqual([]);
    expect(hostStats(doc)).toMatchObject({ errors: 1, matched: 0 });
    expect(debug).toHaveBeenCalled();
    layer.dispose();
  });

  it('rescans late content, drops removed measures, ignores small changes', async () => {
    const doc = parseHtml(
      '<html><body><div id="clock">0</div><article id="content"><h1>通知</h1><p>正文稍后加载。</p></article></body></html>',
    );
    const fake = fakeTransport();
    const { layer, renders } = makeLayer(doc, fake.transport);
    await layer.start();
    expect(lastBadges(renders)).toEqual([]);
    const requests = fake.calls.match.length;

    // A clock ticking: no new scan.
    const clock = doc.getElementById('clock') as Element;
    for (let i = 1; i <= 5; i++) clock.textContent = String(i);
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.calls.match.length).toBe(requests);

    const content = doc.getElementById('content') as Element;
    for (const id of ['dalian-2023:1.1', 'dalian-2023:1.2']) {
      const m = byId.get(id) as Measure;
      const p = doc.createElement('p');
      p.textContent = `${m.number}${m.text}`;
      content.appendChild(p);
    }
    await until(() => lastBadges(renders).length === 2);
    expect(lastBadges(renders).map((b) => b.measureId)).toEqual(['dalian-2023:1.1', 'dalian-2023:1.2']);
    // Only the new paragraphs were sent.
    expect(fake.calls.match.slice(requests).flat()).toHaveLength(2);
    expect(hostStats(doc).scans).toBe(2);

    content.querySelectorAll('p')[1]?.remove();
    await until(() => lastBadges(renders).length === 1);
    expect(lastBadges(renders)[0]?.measureId).toBe('dalian-2023:1.2');
    layer.dispose();
  });

  it('forwards card actions: open the library, tint the open measure', async () => {
    const doc = parseHtml(fixture('xiamen-2008.hans.html'));
    const fake = fakeTransport();
    const made = makeLayer(doc, fake.transport);
    await made.layer.start();
    const actions = made.actions();
    actions.openLibrary('xiamen-2008:3');
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.calls.library).toEqual(['xiamen-2008:3']);
    actions.setActive('xiamen-2008:3');
    expect(made.layer.active).toBe('xiamen-2008:3');
    actions.setActive(null);
    expect(made.layer.active).toBeNull();
    made.layer.dispose();
  });
});
