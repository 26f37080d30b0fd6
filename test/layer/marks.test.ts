import { describe, expect, it } from 'vitest';
import { MarkStore, type Mark, type ScopeLike } from '../../lib/layer/marks.ts';
import type { CardMeasure } from '../../lib/messaging.ts';
import { parseHtml } from '../../lib/page/parse-html.ts';

const card = (id: string) => ({ id }) as CardMeasure;

function setup() {
  const doc = parseHtml(
    '<html><body><p id="a">甲段落</p><p id="b">乙段落</p><p id="c">丙段落</p><p id="d">丁段落</p></body></html>',
  );
  let alive = true;
  const scope: ScopeLike = { doc, order: 0, alive: () => alive };
  const store = new MarkStore();
  const add = (id: string, measure: string | null): Mark => {
    const text = doc.getElementById(id)?.firstChild as Text;
    const range = doc.createRange();
    range.setStart(text, 0);
    range.setEnd(text, text.data.length);
    return store.add({
      kind: measure ? 'matched' : 'unmatched',
      measureId: measure,
      range,
      startNode: text,
      endNode: text,
      scope,
      card: measure ? card(measure) : null,
      related: [],
      score: measure ? 0.9 : null,
    });
  };
  return { doc, store, add, kill: () => (alive = false) };
}

describe('MarkStore', () => {
  it('makes one badge per measure, at its first block in reading order, plus one per unmatched block', () => {
    const { store, add } = setup();
    add('c', 'm1');
    add('a', 'm1');
    add('b', null);
    add('d', 'm2');
    const badges = store.badges();
    expect(badges.map((b) => [b.key, b.kind, b.marks.length])).toEqual([
      ['m1', 'matched', 2],
      [badges[1]?.key, 'unmatched', 1],
      ['m2', 'matched', 1],
    ]);
    expect(badges[1]?.key).toMatch(/^unmatched:\d+$/);
    expect((badges[0]?.anchor.startNode.parentNode as Element).id).toBe('a');
  });

  it('drops marks whose text left the page, and moves the badge to the next block', () => {
    const { doc, store, add } = setup();
    add('a', 'm1');
    add('c', 'm1');
    doc.getElementById('a')?.remove();
    expect(store.prune()).toHaveLength(1);
    const badges = store.badges();
    expect(badges).toHaveLength(1);
    expect((badges[0]?.anchor.startNode.parentNode as Element).id).toBe('c');
  });

  it('drops the marks of a scope that is gone (a frame navigated)', () => {
    const { store, add, kill } = setup();
    add('a', 'm1');
    kill();
    expect(store.prune()).toHaveLength(1);
    expect(store.size).toBe(0);
  });

  it('removes the marks inside given regions', () => {
    const { doc, store, add } = setup();
    const a = add('a', 'm1');
    add('b', 'm2');
    const removed = store.removeInside(a.scope, [doc.getElementById('a') as Element]);
    expect(removed.map((m) => m.measureId)).toEqual(['m1']);
    expect(store.badges().map((b) => b.key)).toEqual(['m2']);
  });

  it('caches badges until the marks change', () => {
    const { store, add } = setup();
    add('a', 'm1');
    const first = store.badges();
    expect(store.badges()).toBe(first);
    add('b', 'm2');
    expect(store.badges()).not.toBe(first);
  });
});
