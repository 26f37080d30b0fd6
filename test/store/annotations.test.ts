/**
 * Every function of the `annotations` table over fake-indexeddb: what each write stores and
 * announces, what each read returns, and the refusals (bad ids, unknown ids, hostile patches).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS, type Annotation } from '../../lib/annotation/model.ts';
import type { Store } from '../../lib/store/store.ts';
import { PAGE_KEY, passage, passageOn, testStore } from './helpers.ts';

const stores: Store[] = [];
function store(...args: Parameters<typeof testStore>) {
  const s = testStore(...args);
  stores.push(s);
  return s;
}

afterEach(async () => {
  for (const s of stores.splice(0)) {
    await s.settled();
    s.db.close();
  }
});

async function created(s: Store, p = passage(), extra: Record<string, unknown> = {}): Promise<Annotation> {
  const r = await s.annotations.create({ passage: p, ...extra });
  if (!r.ok) throw new Error(`create failed: ${r.error} ${r.message}`);
  return r.annotation;
}

describe('create', () => {
  it('stores the passage with id, page keys, defaults and UTC times, and announces it', async () => {
    const s = store();
    const r = await s.annotations.create({ passage: passage(), tags: [' 通关 ', '通关', 'AEO  高级'] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.annotation;
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/u);
    expect(a.keys).toEqual([PAGE_KEY]);
    expect(a).toMatchObject({
      colour: 'yellow',
      status: 'none',
      note: '',
      tags: ['通关', 'AEO 高级'],
      measureId: 'dalian-2023:2.13',
      created: '2026-12-01T00:00:00.000Z',
      updated: '2026-12-01T00:00:00.000Z',
    });
    expect(await s.annotations.get(a.id)).toEqual(a);
    await s.settled();
    expect(s.changes).toEqual([{ kind: 'create', ids: [a.id], keys: [PAGE_KEY] }]);
  });

  it('keeps a canonical URL only on the page’s own host, and indexes it as a second key', async () => {
    const s = store();
    const same = await created(
      s,
      passage({ page: { url: 'https://www.customs.gov.cn/a?id=1', canonical: '/notice/a', title: 't' } }),
    );
    expect(same.page.canonical).toBe('https://www.customs.gov.cn/notice/a');
    expect(same.keys).toEqual(['https://www.customs.gov.cn/a?id=1', 'https://www.customs.gov.cn/notice/a']);
    const other = await created(
      s,
      passage({
        page: { url: 'https://evil.example/x', canonical: 'https://www.customs.gov.cn/a', title: 't' },
      }),
    );
    expect(other.page.canonical).toBeNull();
    expect(other.keys).toEqual(['https://evil.example/x']);
  });

  it('takes colour, note and status when given', async () => {
    const s = store();
    const a = await created(s, passage(), { colour: 'blue', note: '**to check**', status: 'todo' });
    expect(a).toMatchObject({ colour: 'blue', note: '**to check**', status: 'todo' });
  });

  it('refuses what is not a passage of a web page, and writes nothing', async () => {
    const s = store();
    const bad: unknown[] = [
      { passage: passage({ page: { url: 'chrome://settings', canonical: null, title: '' } }) },
      { passage: passage({}, '') },
      { passage: passage({}, '   ') },
      { passage: passage({}, 'x'.repeat(LIMITS.exact + 1)) },
      { passage: passage(), colour: 'red' },
      { passage: passage(), status: 'urgent' },
      { passage: passage(), note: 'n'.repeat(LIMITS.note + 1) },
      { passage: passage(), tags: Array.from({ length: LIMITS.tags + 1 }, (_, i) => `t${i}`) },
      { passage: passage(), tags: ['t'.repeat(LIMITS.tag + 1)] },
      { passage: passage(), tags: 'one' },
      { passage: { ...passage(), position: { type: 'TextPositionSelector', start: 5, end: 2 } } },
      { passage: { ...passage(), position: { type: 'TextPositionSelector', start: -1, end: 2 } } },
      { passage: { ...passage(), position: { type: 'TextPositionSelector', start: 0.5, end: 2 } } },
      { passage: { ...passage(), extra: 1 } },
      { passage: passage(), id: 'chosen-by-the-page' },
      { passage: { ...passage(), quote: { ...passage().quote, type: 'TextPositionSelector' } } },
      {
        passage: {
          ...passage(),
          page: { url: 'https://a.gov.cn/', canonical: null, title: 'x'.repeat(1001) },
        },
      },
      null,
      'annotate this',
    ];
    for (const input of bad) {
      const r = await s.annotations.create(input as never);
      expect(r, JSON.stringify(input)?.slice(0, 120)).toMatchObject({ ok: false, error: 'invalid' });
      if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
    }
    expect(await s.annotations.count()).toBe(0);
    expect(s.changes).toEqual([]);
  });

  it('names the field that is wrong', async () => {
    const s = store();
    const r = await s.annotations.create({ passage: passage(), colour: 'red' as never });
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('colour must be one of') });
    const r2 = await s.annotations.create({ passage: passage({}, 'x'.repeat(LIMITS.exact + 1)) });
    expect(r2).toMatchObject({ ok: false, message: expect.stringContaining('quote.exact: at most 20000') });
  });
});

describe('update', () => {
  it('changes colour, tags, note and status, stamps updated, keeps the rest', async () => {
    const s = store();
    const a = await created(s);
    const r = await s.annotations.update(a.id, {
      colour: 'green',
      tags: ['b', ' a ', 'b'],
      note: 'see 海关总署公告',
      status: 'done',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.annotation).toEqual({
      ...a,
      colour: 'green',
      tags: ['b', 'a'],
      note: 'see 海关总署公告',
      status: 'done',
      updated: '2026-12-01T00:00:01.000Z',
    });
    expect(await s.annotations.get(a.id)).toEqual(r.annotation);
    await s.settled();
    expect(s.changes.at(-1)).toEqual({ kind: 'update', ids: [a.id], keys: [PAGE_KEY] });
  });

  it('re-attaches: quote, position and measure together', async () => {
    const s = store();
    const a = await created(s);
    const anchor = {
      quote: { type: 'TextQuoteSelector' as const, exact: '提前申报', prefix: '推行', suffix: '。' },
      position: null,
      measureId: null,
    };
    const r = await s.annotations.update(a.id, { anchor });
    expect(r).toMatchObject({ ok: true, annotation: { ...anchor, note: a.note, colour: a.colour } });
  });

  it('writes nothing for an empty change', async () => {
    const s = store();
    const a = await created(s);
    await s.settled();
    const r = await s.annotations.update(a.id, {});
    expect(r).toEqual({ ok: true, annotation: a });
    await s.settled();
    expect(s.changes).toHaveLength(1);
  });

  it('stamps a later time even when the clock went back', async () => {
    let t = Date.UTC(2026, 11, 1, 12);
    const s = store({ now: () => new Date(t) });
    const a = await created(s);
    t -= 60_000;
    const r = await s.annotations.update(a.id, { note: 'x' });
    expect(r.ok && r.annotation.updated).toBe('2026-12-01T12:00:00.001Z');
  });

  it('refuses unknown ids, bad ids, and changes to what may not change', async () => {
    const s = store();
    const a = await created(s);
    expect(await s.annotations.update(crypto.randomUUID(), { note: 'x' })).toMatchObject({
      ok: false,
      error: 'not-found',
    });
    expect(await s.annotations.update('../../etc', { note: 'x' })).toMatchObject({ error: 'invalid' });
    for (const patch of [
      { id: crypto.randomUUID() },
      { keys: ['https://evil.example/'] },
      { created: '2020-01-01T00:00:00.000Z' },
      { page: { url: 'https://evil.example/', canonical: null, title: '' } },
      { colour: 'red' },
      { note: 7 },
      { anchor: { quote: passage().quote } },
    ]) {
      expect(await s.annotations.update(a.id, patch as never), JSON.stringify(patch)).toMatchObject({
        ok: false,
        error: 'invalid',
      });
    }
    expect(await s.annotations.get(a.id)).toEqual(a);
  });
});

describe('delete and restore (undo)', () => {
  it('delete returns the record; restore puts it back with a new updated time, once', async () => {
    const s = store();
    const a = await created(s);
    const d = await s.annotations.delete(a.id);
    expect(d).toEqual({ ok: true, annotation: a });
    expect(await s.annotations.get(a.id)).toBeNull();
    expect(await s.annotations.delete(a.id)).toMatchObject({ ok: false, error: 'not-found' });

    const r = await s.annotations.restore(a);
    expect(r).toMatchObject({ ok: true, annotation: { ...a, updated: '2026-12-01T00:00:01.000Z' } });
    expect(await s.annotations.get(a.id)).toMatchObject({ id: a.id, created: a.created, note: a.note });
    // A second undo changes nothing.
    const again = await s.annotations.restore(a);
    expect(again.ok && again.annotation.updated).toBe('2026-12-01T00:00:01.000Z');
    await s.settled();
    expect(s.changes.map((c) => c.kind)).toEqual(['create', 'delete', 'restore']);
  });

  it('restore refuses a record that is not a whole, consistent annotation', async () => {
    const s = store();
    const a = await created(s);
    await s.annotations.delete(a.id);
    const bad = [
      { ...a, keys: ['https://victim.gov.cn/secret'] },
      { ...a, tags: ['a', 'a'] },
      { ...a, created: 'yesterday' },
      { ...a, updated: '2026-13-45T99:99:99.999Z' },
      { ...a, extra: true },
      { ...a, id: 'not-a-uuid' },
    ];
    for (const record of bad) {
      expect(await s.annotations.restore(record as Annotation)).toMatchObject({
        ok: false,
        error: 'invalid',
      });
    }
    expect(await s.annotations.count()).toBe(0);
  });
});

describe('reads', () => {
  it('listByPage finds a page by either key, in page order, once each', async () => {
    const s = store();
    const canonicalPage = { url: 'https://www.customs.gov.cn/a?id=7', canonical: '/n/7', title: 't' };
    const late = await created(s, {
      ...passage({ page: canonicalPage }),
      position: { type: 'TextPositionSelector', start: 500, end: 506 },
    });
    const early = await created(s, {
      ...passage({ page: canonicalPage }),
      position: { type: 'TextPositionSelector', start: 5, end: 11 },
    });
    const unplaced = await created(s, {
      ...passage({ page: canonicalPage }),
      position: { type: 'TextPositionSelector', start: 0, end: 6 },
    });
    await s.annotations.update(unplaced.id, {
      anchor: { quote: unplaced.quote, position: null, measureId: null },
    });
    await created(s, passageOn('https://www.customs.gov.cn/other'));
    const ids = [early.id, late.id, unplaced.id];
    expect((await s.annotations.listByPage(['https://www.customs.gov.cn/n/7'])).map((a) => a.id)).toEqual(
      ids,
    );
    expect((await s.annotations.listByPage(['https://www.customs.gov.cn/a?id=7'])).map((a) => a.id)).toEqual(
      ids,
    );
    expect(
      (
        await s.annotations.listByPage([
          'https://www.customs.gov.cn/a?id=7',
          'https://www.customs.gov.cn/n/7',
        ])
      ).map((a) => a.id),
    ).toEqual(ids);
    expect(await s.annotations.listByPage([])).toEqual([]);
    await expect(s.annotations.listByPage(new Array(17).fill('k'))).rejects.toThrow(/page keys/);
  });

  it('listByMeasure and tagCounts', async () => {
    const s = store();
    const a = await created(s, passage(), { tags: ['AEO', '通关'] });
    const b = await created(s, passageOn('https://x.gov.cn/1'), { tags: ['通关'] });
    await s.annotations.update(b.id, {
      anchor: { quote: b.quote, position: b.position, measureId: 'xiamen-2008:3' },
    });
    expect((await s.annotations.listByMeasure('dalian-2023:2.13')).map((x) => x.id)).toEqual([a.id]);
    expect(await s.annotations.tagCounts()).toEqual([
      { tag: '通关', count: 2 },
      { tag: 'AEO', count: 1 },
    ]);
  });

  it('listAll pages newest first with a cursor that survives writes in between', async () => {
    const s = store();
    const all: Annotation[] = [];
    for (let i = 0; i < 25; i++) all.push(await created(s, passageOn(`https://a.gov.cn/${i}`, i)));
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof s.annotations.listAll>> = await s.annotations.listAll({
        after,
        limit: 7,
      });
      seen.push(...page.items.map((a) => a.id));
      after = page.next;
      pages++;
      // A record written while paging is newer than the cursor: it is not in the later pages.
      if (pages === 2) await created(s, passageOn('https://a.gov.cn/late'));
    } while (after !== null);
    expect(pages).toBe(4);
    expect(seen).toEqual(all.map((a) => a.id).reverse());
    expect(await s.annotations.count()).toBe(26);
    await expect(s.annotations.listAll({ after: 'garbage' })).rejects.toThrow(/cursor/);
  });

  it('listAll breaks ties of equal updated times by id, without repeats or gaps', async () => {
    const s = store({ now: () => new Date(Date.UTC(2026, 11, 1)) });
    for (let i = 0; i < 12; i++) await created(s, passageOn(`https://a.gov.cn/${i}`, i));
    const ids: string[] = [];
    for await (const batch of s.annotations.iterate(5)) ids.push(...batch.map((a) => a.id));
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it('get of a malformed id is null, not an error', async () => {
    const s = store();
    expect(await s.annotations.get('x')).toBeNull();
    expect(await s.annotations.get(crypto.randomUUID())).toBeNull();
  });
});

describe('bulkPut (import)', () => {
  async function records(n: number): Promise<Annotation[]> {
    const source = store();
    const out: Annotation[] = [];
    for (let i = 0; i < n; i++) out.push(await created(source, passageOn(`https://b.gov.cn/${i}`, i)));
    return out;
  }

  it('writes valid records as they are (their own times), in one change', async () => {
    const s = store();
    const rs = await records(5);
    const r = await s.annotations.bulkPut(rs);
    expect(r).toEqual({ ok: true, written: 5, kept: 0, refused: [] });
    for (const a of rs) expect(await s.annotations.get(a.id)).toEqual(a);
    await s.settled();
    expect(s.changes).toHaveLength(1);
    expect(s.changes[0]?.kind).toBe('import');
    expect(s.changes[0]?.ids).toHaveLength(5);
  });

  it('keeps the newer of a stored and an imported record, or replaces when asked', async () => {
    const s = store();
    const [a] = await records(1);
    if (!a) throw new Error('no record');
    await s.annotations.bulkPut([a]);
    const edited = await s.annotations.update(a.id, { note: 'newer, here' });
    expect(edited.ok).toBe(true);
    expect(await s.annotations.bulkPut([a])).toMatchObject({ ok: true, written: 0, kept: 1 });
    expect((await s.annotations.get(a.id))?.note).toBe('newer, here');
    expect(await s.annotations.bulkPut([a], { onConflict: 'replace' })).toMatchObject({ written: 1 });
    expect((await s.annotations.get(a.id))?.note).toBe('');
  });

  it('refuses the whole file for one bad record, or skips bad ones when asked', async () => {
    const s = store();
    const rs: unknown[] = await records(3);
    rs.splice(1, 0, { ...(rs[0] as Annotation), id: 'x' }, { __proto__: { polluted: true } }, 42);
    const r = await s.annotations.bulkPut(rs);
    expect(r).toMatchObject({
      ok: false,
      error: 'invalid',
      message: expect.stringMatching(/^3 of 6 records.*record 1: id/u),
    });
    expect(await s.annotations.count()).toBe(0);
    const r2 = await s.annotations.bulkPut(rs, { skipInvalid: true });
    expect(r2).toMatchObject({ ok: true, written: 3, refused: [{ index: 1 }, { index: 2 }, { index: 3 }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await s.annotations.bulkPut('not a list' as never)).toMatchObject({ ok: false, error: 'invalid' });
  });
});
