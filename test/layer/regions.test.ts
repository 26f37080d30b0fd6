import { describe, expect, it } from 'vitest';
import {
  collectRegions,
  countElements,
  Debouncer,
  MIN_CHANGED_CHARS,
  nearestBlock,
  planRegions,
  RegionPlanner,
  VisibilityMemo,
  visibleLength,
  type MutationLike,
} from '../../lib/layer/regions.ts';
import { parseHtml } from '../../lib/page/parse-html.ts';

const MEASURE = '（一）推行“5+2”工作制，在黄花机场等重点口岸实行全天候预约通关，提高通关效率。';

function doc(html: string): Document {
  return parseHtml(`<html><body>${html}</body></html>`);
}

const byId = (d: Document, id: string): Element => {
  const el = d.getElementById(id);
  if (!el) throw new Error(`no #${id}`);
  return el;
};

/** Records as MutationObserver would make them. */
const childList = (target: Node, added: Node[] = [], removed: Node[] = []): MutationLike => ({
  type: 'childList',
  target,
  addedNodes: added,
  removedNodes: removed,
});
const characterData = (target: Node): MutationLike => ({
  type: 'characterData',
  target,
  addedNodes: [],
  removedNodes: [],
});
const attributes = (target: Node): MutationLike => ({
  type: 'attributes',
  target,
  addedNodes: [],
  removedNodes: [],
});

const none = { isOurs: () => false };

describe('nearestBlock', () => {
  it('finds the nearest block-level ancestor, itself included, and widens cells to rows', () => {
    const d = doc(
      '<div id="d"><p id="p">a<span id="s"><b id="b">b</b></span></p><table><tr id="tr"><td id="td">x</td></tr></table></div>',
    );
    expect(nearestBlock(byId(d, 'b'))).toBe(byId(d, 'p'));
    expect(nearestBlock(byId(d, 'p'))).toBe(byId(d, 'p'));
    expect(nearestBlock(byId(d, 'p').firstChild as Node)).toBe(byId(d, 'p'));
    expect(nearestBlock(byId(d, 'td'))).toBe(byId(d, 'tr'));
    expect(nearestBlock(byId(d, 'd'))).toBe(byId(d, 'd'));
  });
});

describe('visibleLength', () => {
  it('counts characters that are not whitespace (ideographic and zero-width spaces included)', () => {
    expect(visibleLength(' a\u3000b\u00a0c\u200b\n')).toBe(3);
  });
});

describe('collectRegions', () => {
  it('rescans the nearest block of added content with enough new text', () => {
    const d = doc('<div id="content"><p id="old">旧段落</p></div>');
    const p = d.createElement('p');
    p.textContent = MEASURE;
    byId(d, 'content').appendChild(p);
    const r = collectRegions([childList(byId(d, 'content'), [p])], none);
    expect(r.regions).toEqual([p]);
    expect(r.touched).toBe(true);
    expect(r.removed).toBe(false);
  });

  it('ignores a ticking counter, however many times it ticked between flushes', () => {
    const d = doc('<div id="clock">0</div><p>正文</p>');
    const clock = byId(d, 'clock');
    const records: MutationLike[] = [];
    for (let i = 1; i <= 200; i++) {
      const old = clock.firstChild as Node;
      clock.textContent = String(i);
      records.push(childList(clock, [clock.firstChild as Node], [old]));
    }
    // The same through characterData: one text node, changed 200 times.
    const text = clock.firstChild as Text;
    for (let i = 0; i < 200; i++) {
      text.data = `${i}:00`;
      records.push(characterData(text));
    }
    const r = collectRegions(records, none);
    expect(r.regions).toEqual([]);
    expect(r.touched).toBe(true);
  });

  it(`skips regions whose new text is under ${MIN_CHANGED_CHARS} characters`, () => {
    const d = doc('<div id="a"></div>');
    const a = byId(d, 'a');
    const short = d.createElement('p');
    short.textContent = '共计 12 条';
    a.appendChild(short);
    expect(collectRegions([childList(a, [short])], none).regions).toEqual([]);
    const long = d.createElement('p');
    long.textContent = MEASURE;
    a.appendChild(long);
    expect(collectRegions([childList(a, [short]), childList(a, [long])], none).regions).toEqual([long]);
  });

  it('rescans a paragraph whose text changed (characterData)', () => {
    const d = doc('<div><p id="p">旧的文字</p></div>');
    const p = byId(d, 'p');
    const text = p.firstChild as Text;
    text.data = MEASURE;
    const r = collectRegions([characterData(text)], none);
    expect(r.regions).toEqual([p]);
    expect(r.removed).toBe(true);
  });

  it('folds regions inside another into the outer one, in document order', () => {
    const d = doc('<div id="outer"><p id="p1"></p><p id="p2"></p></div><div id="later"></div>');
    const outer = byId(d, 'outer');
    const later = byId(d, 'later');
    const add = (parent: Element, text: string): MutationLike => {
      const span = d.createElement('span');
      span.textContent = text;
      parent.appendChild(span);
      return childList(parent, [span]);
    };
    const section = d.createElement('section');
    section.textContent = MEASURE;
    later.appendChild(section);
    const records = [
      childList(later, [section]),
      add(byId(d, 'p1'), '十二个字符的新文字内容'),
      add(byId(d, 'p2'), '又是十二个字符的新内容'),
      childList(d.body, [outer]),
    ];
    const r = collectRegions(records, none);
    // p1 and p2 (12 characters each) are inside #outer: 24 new characters there.
    expect(r.regions).toEqual([outer, section]);
  });

  it('ignores our own host and everything in it', () => {
    const d = doc('<p>正文</p>');
    const host = d.createElement('policylens-layer');
    d.documentElement.appendChild(host);
    const inner = d.createElement('p');
    inner.textContent = MEASURE;
    host.appendChild(inner);
    const isOurs = (n: Node): boolean => {
      for (let x: Node | null = n; x; x = x.parentNode) if (x === host) return true;
      return false;
    };
    const r = collectRegions(
      [childList(d.documentElement, [host]), childList(host, [inner]), attributes(host)],
      { isOurs },
    );
    expect(r).toEqual({ regions: [], toggled: [], removed: false, touched: false });
  });

  it('notes removals (marks may be detached) without rescanning for them', () => {
    const d = doc('<div id="a"><p id="p">段落</p></div>');
    const p = byId(d, 'p');
    p.remove();
    const r = collectRegions([childList(byId(d, 'a'), [], [p])], none);
    expect(r.regions).toEqual([]);
    expect(r.removed).toBe(true);
    expect(r.touched).toBe(true);
  });

  it('reports a section whose visibility attributes changed as toggled', () => {
    const d = doc(`<div id="sec" class="collapsed"><p>${MEASURE}</p></div><div id="tiny" class="x">短</div>`);
    const sec = byId(d, 'sec');
    const r = collectRegions([attributes(sec), attributes(byId(d, 'tiny')), attributes(d.body)], none);
    expect(r.toggled).toEqual([sec]);
    expect(r.regions).toEqual([]);
  });

  it('drops regions that left the document before the flush', () => {
    const d = doc('<div id="a"></div>');
    const p = d.createElement('p');
    p.textContent = MEASURE;
    byId(d, 'a').appendChild(p);
    p.remove();
    expect(collectRegions([childList(byId(d, 'a'), [p])], none).regions).toEqual([]);
  });
});

describe('planRegions', () => {
  const paragraphs = (n: number, prefix: string): string =>
    Array.from({ length: n }, (_, i) => `<p id="${prefix}${i}"><b>${i}</b></p>`).join('');

  it('keeps a small page whole', () => {
    const d = doc(paragraphs(5, 'p'));
    expect(planRegions(d.body, 100)).toEqual([d.body]);
  });

  it('splits big containers of block children into regions under the limit, in order', () => {
    const d = doc(
      `<header id="h">${paragraphs(3, 'h')}</header><main id="m"><article id="art">${paragraphs(40, 'a')}</article></main><footer id="f">${paragraphs(3, 'f')}</footer>`,
    );
    const regions = planRegions(d.body, 20);
    for (const r of regions) expect(countElements(r, 1000)).toBeLessThanOrEqual(20);
    // Every paragraph is in exactly one region, in document order.
    const covered = [...d.querySelectorAll('p')].map((p) =>
      regions.findIndex((r) => r === p || r.contains(p)),
    );
    expect(covered.every((i) => i >= 0)).toBe(true);
    expect([...covered].sort((a, b) => a - b)).toEqual(covered);
    expect(regions[0]).toBe(byId(d, 'h'));
    expect(regions[regions.length - 1]).toBe(byId(d, 'f'));
  });

  it('never splits a container with text or inline content among its children', () => {
    const d = doc(`<div id="mixed">前言文字${paragraphs(30, 'p')}<span>尾</span></div>`);
    expect(planRegions(d.body, 10)).toEqual([byId(d, 'mixed')]);
  });

  it('leaves out navigation, scripts and hidden subtrees when it splits', () => {
    const d = doc(
      `<nav id="nav">${paragraphs(30, 'n')}</nav><script>var x = 1;</script><div id="hid" hidden>${paragraphs(3, 'x')}</div><div id="main">${paragraphs(30, 'm')}</div>`,
    );
    const regions = planRegions(d.body, 20);
    for (const id of ['nav', 'hid']) {
      expect(regions.some((r) => r === byId(d, id) || byId(d, id).contains(r))).toBe(false);
    }
    expect(regions.some((r) => r.localName === 'script')).toBe(false);
  });

  it('keeps a data table row whole and splits layout rows into cells', () => {
    const cells = Array.from({ length: 12 }, (_, i) => `<td><b>${i}</b></td>`).join('');
    const d = doc(
      `<table id="data"><tbody><tr id="row">${cells}</tr></tbody></table>` +
        `<table id="layout"><tbody><tr id="lrow"><td id="c1"><h3>栏目</h3>${paragraphs(10, 'l')}</td><td id="c2">${paragraphs(10, 'r')}</td></tr></tbody></table>`,
    );
    const regions = planRegions(d.body, 8);
    expect(regions).toContain(byId(d, 'row'));
    expect(regions.some((r) => r.localName === 'td' && byId(d, 'row').contains(r))).toBe(false);
    expect(regions.some((r) => byId(d, 'lrow').contains(r) && r !== byId(d, 'lrow'))).toBe(true);
  });

  it('can stop and resume between steps (RegionPlanner)', () => {
    const d = doc(
      `<main>${Array.from({ length: 10 }, (_, i) => `<section>${paragraphs(5, `s${i}-`)}</section>`).join('')}</main>`,
    );
    const all = planRegions(d.body, 8);
    const planner = new RegionPlanner(d.body, 8);
    let rounds = 0;
    while (!planner.run(() => true)) rounds++;
    expect(rounds).toBeGreaterThan(3);
    expect(planner.regions).toEqual(all);
  });
});

describe('Debouncer', () => {
  /** Fake timers: `tick(ms)` runs what is due. */
  function fakeTimers() {
    let now = 0;
    let id = 0;
    const due = new Map<number, { at: number; fn: () => void }>();
    return {
      timers: {
        setTimeout: (fn: () => void, ms: number) => {
          due.set(++id, { at: now + ms, fn });
          return id;
        },
        clearTimeout: (t: unknown) => void due.delete(t as number),
        now: () => now,
      },
      tick(ms: number) {
        const end = now + ms;
        for (;;) {
          const next = [...due.entries()].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
          if (!next) break;
          now = next[1].at;
          due.delete(next[0]);
          next[1].fn();
        }
        now = end;
      },
    };
  }

  it('flushes once after a quiet period', () => {
    const t = fakeTimers();
    let flushes = 0;
    const d = new Debouncer(() => flushes++, t.timers, 250, 1_000);
    d.poke();
    t.tick(100);
    d.poke();
    t.tick(200);
    expect(flushes).toBe(0);
    t.tick(60);
    expect(flushes).toBe(1);
    expect(d.pending).toBe(false);
  });

  it('flushes at the latest maxWait after the first change when changes keep coming', () => {
    const t = fakeTimers();
    const at: number[] = [];
    const d = new Debouncer(() => at.push(t.timers.now()), t.timers, 250, 1_000);
    for (let i = 0; i < 60; i++) {
      d.poke();
      t.tick(50);
    }
    expect(at[0]).toBe(1_000);
    expect(at.length).toBe(3);
  });

  it('can flush now or cancel', () => {
    const t = fakeTimers();
    let flushes = 0;
    const d = new Debouncer(() => flushes++, t.timers);
    d.poke();
    d.flushNow();
    expect(flushes).toBe(1);
    d.flushNow();
    expect(flushes).toBe(1);
    d.poke();
    d.cancel();
    t.tick(5_000);
    expect(flushes).toBe(1);
  });
});

describe('VisibilityMemo', () => {
  it('reports a change to visible once, and the first sighting', () => {
    const d = doc('<div id="a"></div>');
    const a = byId(d, 'a');
    const m = new VisibilityMemo();
    expect(m.becameVisible(a, false)).toBe(false);
    expect(m.becameVisible(a, true)).toBe(true);
    expect(m.becameVisible(a, true)).toBe(false);
    expect(m.becameVisible(a, false)).toBe(false);
    expect(m.becameVisible(a, true)).toBe(true);
    const b = d.createElement('div');
    expect(m.becameVisible(b, true)).toBe(true);
  });
});
