/**
 * Hostile records (reliability.md: "hostile backup files", "spoofed messages"): whatever a
 * compromised content script or a crafted import file holds, the checks answer with a message and
 * never throw, never accept an unknown key, and the store writes nothing. Generated with fast-check
 * from valid records with one field broken, and from arbitrary JSON.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS, type Annotation } from '../../lib/annotation/model.ts';
import { parseAnnotation, parseNew, parsePatch } from '../../lib/store/validate.ts';
import { testStore } from './helpers.ts';
import fixture from '../fixtures/db/v1.json';

const VALID = fixture.tables.annotations as Annotation[];
const store = testStore();

afterAll(() => store.db.close());

/** Ways to break one field of a valid record. */
const breakages: Array<[string, (a: Annotation) => unknown]> = [
  ['id not a UUID', (a) => ({ ...a, id: 'x' })],
  ['keys of another page', (a) => ({ ...a, keys: ['https://victim.gov.cn/secret'] })],
  ['keys missing', (a) => ({ ...a, keys: [] })],
  ['page.url not http(s)', (a) => ({ ...a, page: { ...a.page, url: 'javascript:alert(1)' } })],
  [
    'page.url too long',
    (a) => ({ ...a, page: { ...a.page, url: `https://a.gov.cn/${'x'.repeat(LIMITS.url)}` } }),
  ],
  ['page.title too long', (a) => ({ ...a, page: { ...a.page, title: 't'.repeat(LIMITS.title + 1) } })],
  ['quote.exact empty', (a) => ({ ...a, quote: { ...a.quote, exact: '' } })],
  ['quote.exact too long', (a) => ({ ...a, quote: { ...a.quote, exact: 'x'.repeat(LIMITS.exact + 1) } })],
  ['quote.prefix huge', (a) => ({ ...a, quote: { ...a.quote, prefix: 'x'.repeat(5_000) } })],
  ['quote with a script', (a) => ({ ...a, quote: { ...a.quote, onload: 'alert(1)' } })],
  ['position reversed', (a) => ({ ...a, position: { type: 'TextPositionSelector', start: 9, end: 1 } })],
  ['position NaN', (a) => ({ ...a, position: { type: 'TextPositionSelector', start: Number.NaN, end: 1 } })],
  ['position huge', (a) => ({ ...a, position: { type: 'TextPositionSelector', start: 0, end: 2 ** 40 } })],
  [
    'position longer than the quote',
    (a) => ({ ...a, position: { type: 'TextPositionSelector', start: 0, end: a.quote.exact.length + 1 } }),
  ],
  ['created an impossible day', (a) => ({ ...a, created: '2025-02-31T00:00:00.000Z' })],
  ['colour unknown', (a) => ({ ...a, colour: 'red' })],
  ['status unknown', (a) => ({ ...a, status: 'urgent' })],
  ['tags not cleaned', (a) => ({ ...a, tags: [' a'] })],
  ['too many tags', (a) => ({ ...a, tags: Array.from({ length: LIMITS.tags + 1 }, (_, i) => `t${i}`) })],
  ['note too long', (a) => ({ ...a, note: 'n'.repeat(LIMITS.note + 1) })],
  ['note not text', (a) => ({ ...a, note: { $gt: '' } })],
  ['created not UTC ISO', (a) => ({ ...a, created: '2026-12-01 10:00' })],
  ['updated not a date', (a) => ({ ...a, updated: '2026-02-31T25:61:00.000Z' })],
  ['measureId empty', (a) => ({ ...a, measureId: '' })],
  ['extra key', (a) => ({ ...a, extra: 1 })],
  ['__proto__ key', (a) => JSON.parse(`{"__proto__": {"polluted": 1}, ${JSON.stringify(a).slice(1)}`)],
  ['field missing', ({ note: _note, ...rest }) => rest],
];

describe('hostile records are refused with a message, never thrown, never written', () => {
  it('the fixture records themselves are valid', () => {
    for (const a of VALID) expect(parseAnnotation(a)).toMatchObject({ ok: true });
  });

  it.each(breakages)('%s', async (_name, breakIt) => {
    for (const a of VALID) {
      const bad = breakIt(a);
      const r = parseAnnotation(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/\w/u);
      expect(await store.annotations.restore(bad as Annotation)).toMatchObject({
        ok: false,
        error: 'invalid',
      });
      expect(await store.annotations.bulkPut([bad])).toMatchObject({ ok: false, error: 'invalid' });
    }
    expect(await store.annotations.count()).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('arbitrary JSON and objects: no throw, no acceptance (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.anything({ withObjectString: true, withNullPrototype: true })),
        (value) => {
          expect(parseAnnotation(value).ok).toBe(false);
          expect(parseNew(value).ok).toBe(false);
          const patch = parsePatch(value);
          // Only an object with nothing but known, valid fields is a patch ({} is: "change nothing").
          if (patch.ok)
            expect(
              Object.keys(value as object).every((k) =>
                ['colour', 'tags', 'note', 'status', 'anchor'].includes(k),
              ),
            ).toBe(true);
        },
      ),
      { numRuns: 500, seed: 8 },
    );
  });

  it('a valid record with one structured field replaced by arbitrary JSON is refused (fast-check)', () => {
    // Fields no arbitrary JSON value can fill by chance (free text such as note or title can).
    const structured = ['id', 'page', 'keys', 'quote', 'colour', 'status', 'created', 'updated'];
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID),
        fc.constantFrom(...structured),
        fc.jsonValue(),
        (a, key, junk) => {
          expect(parseAnnotation({ ...a, [key]: junk }).ok).toBe(false);
        },
      ),
      { numRuns: 1_000, seed: 9 },
    );
  });

  it('objects that throw while being read are refused, not thrown', () => {
    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expect(parseAnnotation(trap)).toMatchObject({ ok: false });
    expect(parseNew({ passage: trap })).toMatchObject({ ok: false });
    const getter = { ...VALID[0] };
    Object.defineProperty(getter, 'note', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    expect(parseAnnotation(getter)).toMatchObject({ ok: false });
  });
});
