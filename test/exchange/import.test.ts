/**
 * The importer: our two formats back, other tools' W3C annotations in every shape the standard
 * allows, duplicates in the file and against the store, every file-level refusal with its message
 * (encodings, truncation, depth, forbidden keys, a newer version, limits), and the sliced path:
 * progress, turns of the event loop, abort, and 100,000 annotations to the end.
 */
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/annotation/model.ts';
import { exportText } from '../../lib/exchange/export.ts';
import { derivedUuid } from '../../lib/exchange/formats.ts';
import {
  ExistingAnnotations,
  importFile,
  importFileSync,
  type ImportProgress,
  type ImportResult,
} from '../../lib/exchange/import.ts';
import { EXPORTED, fixtureRecords, goldenRecords, manyRecords } from './records.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function ok(r: ImportResult): Extract<ImportResult, { ok: true }> {
  if (!r.ok) throw new Error(`import refused: ${r.message} (${r.where})`);
  return r;
}

function refused(r: ImportResult): { message: string; where: string | null } {
  if (r.ok) throw new Error('import was expected to be refused');
  return r;
}

const byId = (xs: readonly Annotation[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('our formats back', () => {
  it('backup: every record as it was, with the settings and the export time', () => {
    const records = goldenRecords();
    const text = exportText('backup', records, {
      exported: EXPORTED,
      settings: { tintMode: 'badges', printHighlights: true },
    });
    const r = ok(importFileSync(utf8(text)));
    expect(byId(r.records)).toEqual(byId(records));
    expect(r.settings).toEqual({ tintMode: 'badges', printHighlights: true });
    expect(r.exported).toBe(EXPORTED);
    expect(r.summary).toEqual({
      format: 'policylens-backup',
      total: records.length,
      imported: records.length,
      skipped: [],
      rejected: [],
      warnings: [],
    });
  });

  it('W3C: every record as it was, but a position whose span differs from its quote', () => {
    const records = goldenRecords();
    const r = ok(importFileSync(utf8(exportText('w3c', records, { exported: EXPORTED }))));
    expect(r.summary).toMatchObject({
      format: 'w3c',
      total: records.length,
      imported: records.length,
      rejected: [],
    });
    expect(r.exported).toBe(EXPORTED);
    const expected = records.map((a) =>
      a.position && a.position.end - a.position.start !== a.quote.exact.length ? { ...a, position: null } : a,
    );
    expect(byId(r.records)).toEqual(byId(expected));
  });

  it('reads strings and ArrayBuffers alike, and skips a UTF-8 byte order mark', () => {
    const text = exportText('backup', fixtureRecords(), { exported: EXPORTED });
    const fromBytes = ok(importFileSync(utf8(`\uFEFF${text}`)));
    expect(ok(importFileSync(text)).records).toEqual(fromBytes.records);
    expect(ok(importFileSync(utf8(text).buffer as ArrayBuffer)).records).toEqual(fromBytes.records);
  });
});

/** A Hypothesis-style annotation as another tool writes the standard. */
function hypothesisStyle(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: 'https://hypothes.is/a/AbC123xyz',
    type: 'Annotation',
    created: '2025-03-04T05:06:07.123456+00:00',
    modified: '2025-03-05T05:06:07.000+08:00',
    body: [
      { type: 'TextualBody', value: 'Check the **deadline**', format: 'text/markdown' },
      { type: 'TextualBody', purpose: 'tagging', value: ' 通关 ' },
      { type: 'TextualBody', purpose: 'tagging', value: 'AEO' },
    ],
    target: [
      {
        source: 'https://www.customs.gov.cn/notice/2.html',
        selector: [
          {
            type: 'RangeSelector',
            startContainer: '/div[1]/p[2]',
            startOffset: 0,
            endContainer: '/div[1]/p[2]',
            endOffset: 4,
          },
          { type: 'TextPositionSelector', start: 120, end: 124 },
          { type: 'TextQuoteSelector', exact: '提前申报', prefix: '推行', suffix: '，压缩' },
        ],
      },
    ],
    ...over,
  };
}

describe("other tools' W3C annotations", () => {
  it('one Hypothesis-style annotation: RangeSelector ignored, note and tags from bodies, times to UTC', () => {
    const r = ok(importFileSync(JSON.stringify(hypothesisStyle())));
    expect(r.summary).toMatchObject({ format: 'w3c', total: 1, imported: 1, rejected: [], warnings: [] });
    expect(r.records[0]).toEqual({
      id: derivedUuid('id\nhttps://hypothes.is/a/AbC123xyz'),
      page: { url: 'https://www.customs.gov.cn/notice/2.html', canonical: null, title: '' },
      keys: ['https://www.customs.gov.cn/notice/2.html'],
      quote: { type: 'TextQuoteSelector', exact: '提前申报', prefix: '推行', suffix: '，压缩' },
      position: { type: 'TextPositionSelector', start: 120, end: 124 },
      measureId: null,
      colour: 'yellow',
      tags: ['通关', 'AEO'],
      note: 'Check the **deadline**',
      status: 'none',
      created: '2025-03-04T05:06:07.123Z',
      updated: '2025-03-04T21:06:07.000Z',
    });
  });

  it('the same foreign id gives the same record id every time (re-importing finds it)', () => {
    const a = ok(importFileSync(JSON.stringify(hypothesisStyle()))).records[0];
    const b = ok(importFileSync(JSON.stringify([hypothesisStyle()]))).records[0];
    expect(a?.id).toBe(b?.id);
    const noId = { ...hypothesisStyle() };
    delete noId.id;
    const c = ok(importFileSync(JSON.stringify(noId))).records[0];
    const d = ok(importFileSync(JSON.stringify(noId))).records[0];
    expect(c?.id).toBe(d?.id);
    expect(c?.id).not.toBe(a?.id);
  });

  it('a list, a page, a collection with items or first.items: the same records, paths by container', () => {
    const items = [
      hypothesisStyle(),
      hypothesisStyle({ id: 'urn:uuid:3f0c6a1e-1b2c-4d3e-8f4a-5b6c7d8e9f00', target: 'https://x.gov.cn/' }),
    ];
    const shapes: Array<[unknown, string]> = [
      [items, '$[1]'],
      [{ type: 'AnnotationPage', items }, '$.items[1]'],
      [{ type: 'AnnotationCollection', items }, '$.items[1]'],
      [
        { type: 'AnnotationCollection', total: 2, first: { type: 'AnnotationPage', items } },
        '$.first.items[1]',
      ],
      [{ type: ['AnnotationCollection'], first: { items } }, '$.first.items[1]'],
    ];
    for (const [shape, where] of shapes) {
      const r = ok(importFileSync(JSON.stringify(shape)));
      expect(r.records).toHaveLength(1);
      expect(r.summary.rejected).toEqual([
        { index: 1, where, message: 'the target is not a passage of a web page (no TextQuoteSelector)' },
      ]);
    }
  });

  it('bodies as a string, an object or a list; text in value, chars or bodyValue; tagging motivation', () => {
    const base = 'chrome-extension://abc/library.html';
    const cases: Array<[Record<string, unknown>, Partial<Annotation>]> = [
      [{ body: `${base}#measure=dalian-2023:2.13` }, { measureId: 'dalian-2023:2.13', note: '' }],
      [{ body: { type: 'TextualBody', chars: 'OA text' } }, { note: 'OA text' }],
      [{ body: undefined, bodyValue: 'plain' }, { note: 'plain' }],
      [
        { motivation: 'tagging', body: [{ type: 'TextualBody', value: '单一窗口' }] },
        { tags: ['单一窗口'], note: '' },
      ],
      [
        {
          body: [
            { type: 'TextualBody', purpose: 'commenting', value: 'one' },
            { type: 'TextualBody', purpose: 'replying', value: 'two' },
            {
              type: 'SpecificResource',
              purpose: 'identifying',
              source: { id: `${base}#measure=xiamen-2024:2.1.1` },
            },
            { type: 'Image', id: 'https://example.org/x.png' },
          ],
        },
        { note: 'one\n\ntwo', measureId: 'xiamen-2024:2.1.1' },
      ],
      [
        {
          target: {
            source: { id: 'https://a.gov.cn/p' },
            selector: { type: 'TextQuoteSelector', exact: 'x' },
          },
        },
        { page: { url: 'https://a.gov.cn/p', canonical: null, title: '' }, position: null },
      ],
      [
        { 'pl:colour': 'blue', 'pl:status': 'todo' },
        { colour: 'blue', status: 'todo' },
      ],
    ];
    for (const [over, expected] of cases) {
      const input = hypothesisStyle(over);
      if (over.body === undefined && 'body' in over) delete input.body;
      const r = ok(importFileSync(JSON.stringify(input)));
      expect(r.summary.rejected, JSON.stringify(over)).toEqual([]);
      expect(r.records[0], JSON.stringify(over)).toMatchObject(expected);
    }
  });

  it('refuses one annotation at a time with the reason and where, keeping the others', () => {
    const bad: Array<[unknown, RegExp]> = [
      [hypothesisStyle({ target: 'https://www.customs.gov.cn/' }), /not a passage of a web page/u],
      [
        hypothesisStyle({
          target: { source: 'file:///etc/passwd', selector: { type: 'TextQuoteSelector', exact: 'x' } },
        }),
        /not an http\(s\) address/u,
      ],
      [hypothesisStyle({ type: 'Note' }), /type is "Note", not Annotation/u],
      [hypothesisStyle({ 'pl:colour': 'purple' }), /colour must be one of/u],
      [hypothesisStyle({ created: 'last tuesday' }), /ISO 8601/u],
      [hypothesisStyle({ created: '2025-02-31T00:00:00Z' }), /not a real date|ISO 8601/u],
      [
        hypothesisStyle({
          target: { source: 'https://a.gov.cn/', selector: { type: 'TextQuoteSelector', exact: '  ' } },
        }),
        /quote.exact must not be empty/u,
      ],
      [
        hypothesisStyle({
          target: {
            source: 'https://a.gov.cn/',
            selector: [
              { type: 'TextQuoteSelector', exact: 'ab' },
              { type: 'TextPositionSelector', start: 5, end: 2 },
            ],
          },
        }),
        /start is after its end/u,
      ],
      [
        hypothesisStyle({
          body: Array.from({ length: 51 }, (_, i) => ({ purpose: 'tagging', value: `t${i}` })),
        }),
        /tags: at most 50/u,
      ],
      [42, /must be an object/u],
      [[1, 2], /must be an object/u],
    ];
    const r = ok(importFileSync(JSON.stringify([hypothesisStyle(), ...bad.map(([x]) => x)])));
    expect(r.records).toHaveLength(1);
    expect(r.summary.rejected).toHaveLength(bad.length);
    bad.forEach(([, pattern], i) => {
      const rej = r.summary.rejected[i];
      expect(rej?.where).toBe(`$[${i + 1}]`);
      expect(rej?.message).toMatch(pattern);
    });
  });

  it('leaves out a position whose span is not as long as the quote, and says so', () => {
    const input = hypothesisStyle({
      target: {
        source: 'https://a.gov.cn/',
        selector: [
          { type: 'TextQuoteSelector', exact: '提前申报' },
          { type: 'TextPositionSelector', start: 0, end: 9 },
        ],
      },
    });
    const r = ok(importFileSync(JSON.stringify(input)));
    expect(r.records[0]?.position).toBeNull();
    expect(r.summary.warnings).toEqual([
      { index: 0, where: '$', message: expect.stringMatching(/spans 9 characters but the quote has 4/u) },
    ]);
  });

  it('refuses a collection that only links to its pages', () => {
    expect(
      refused(importFileSync('{"type":"AnnotationCollection","total":3,"first":"https://x.org/p1"}')),
    ).toEqual({
      ok: false,
      message: expect.stringMatching(/links to its annotations/u),
      where: '$.first',
    });
  });
});

describe('duplicates', () => {
  const records = manyRecords(6);
  const backup = (xs: Annotation[]) => exportText('backup', xs, { exported: EXPORTED });

  it('the same id or the same page + quote + note later in the file are skipped, each said where', () => {
    const [a, b] = records as [Annotation, Annotation];
    const sameContent = {
      ...a,
      id: 'ffffffff-0000-4000-8000-000000000001',
      created: '2027-01-01T00:00:00.000Z',
      updated: '2027-01-01T00:00:00.000Z',
      colour: 'blue' as const,
    };
    const sameId = {
      ...b,
      created: '2027-01-02T00:00:00.000Z',
      updated: '2027-01-02T00:00:00.000Z',
      note: 'changed',
    };
    const r = ok(importFileSync(backup([a, b, sameContent, sameId])));
    expect(r.records.map((x) => x.id)).toEqual([a.id, b.id]);
    expect(r.summary.skipped).toEqual([
      expect.objectContaining({
        index: 2,
        where: '$.annotations[2]',
        id: sameContent.id,
        reason: 'same-content',
        of: 'file',
        duplicateOf: 0,
        identical: false,
      }),
      expect.objectContaining({
        index: 3,
        where: '$.annotations[3]',
        id: b.id,
        reason: 'same-id',
        of: 'file',
        duplicateOf: 1,
        identical: false,
        message: `skipped: annotation 1 of the file has the same id (${b.id})`,
      }),
    ]);
  });

  it('a record that is in the file twice is kept once and marked identical', () => {
    const [a] = records as [Annotation];
    const r = ok(
      importFileSync(
        JSON.stringify({ format: 'policylens-backup', version: 1, exported: EXPORTED, annotations: [a, a] }),
      ),
    );
    expect(r.records).toEqual([a]);
    expect(r.summary.skipped).toEqual([
      expect.objectContaining({ index: 1, duplicateOf: 0, identical: true }),
    ]);
  });

  it('against existing records: by id, or by content under either page key (canonical too)', () => {
    const existing = new ExistingAnnotations();
    for (const x of records.slice(0, 3)) existing.add(x);
    const onCanonical = {
      ...(records[1] as Annotation),
      id: 'eeeeeeee-0000-4000-8000-000000000001',
      page: { url: 'https://swj.xm.gov.cn/b.htm?id=2', canonical: null, title: '' },
      keys: ['https://swj.xm.gov.cn/b.htm?id=2'],
    };
    const r = ok(importFileSync(backup([...records, onCanonical]), { existing }));
    expect(r.records.map((x) => x.id)).toEqual(records.slice(3).map((x) => x.id));
    // In export order: the copy on the canonical URL has records[1]'s time and a later id.
    expect(r.summary.skipped.map((s) => [s.id, s.reason, s.of])).toEqual([
      [records[0]?.id, 'same-id', 'existing'],
      [records[1]?.id, 'same-id', 'existing'],
      [onCanonical.id, 'same-content', 'existing'],
      [records[2]?.id, 'same-id', 'existing'],
    ]);
    expect(r.summary.skipped[0]?.message).toMatch(/already stored has the same id/u);
  });

  it('fills from a store’s iterate', async () => {
    const table = {
      async *iterate() {
        yield records.slice(0, 2);
        yield records.slice(2, 3);
      },
    };
    const existing = await ExistingAnnotations.fromStore(table);
    expect(existing.size).toBe(3);
    expect(existing.hasId((records[2] as Annotation).id.toUpperCase())).toBe(true);
    expect(existing.hasContent(records[3] as Annotation)).toBe(false);
  });
});

describe('files refused whole, with a clear message', () => {
  const valid = exportText('backup', fixtureRecords(), { exported: EXPORTED });

  const utf16 = (s: string, bom: boolean, be = false): Uint8Array => {
    const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
    const units = bom ? `\uFEFF${s}` : s;
    for (let i = 0; i < units.length; i++) {
      const c = units.charCodeAt(i);
      out[2 * i + (be ? 1 : 0)] = c & 0xff;
      out[2 * i + (be ? 0 : 1)] = c >> 8;
    }
    return out;
  };

  const cases: Array<[string, Uint8Array | string, RegExp, string | null | RegExp]> = [
    ['empty', new Uint8Array(0), /the file is empty/u, null],
    ['only whitespace', '  \n ', /the file is empty/u, null],
    ['UTF-16 LE with BOM', utf16(valid, true), /UTF-16 text; JSON files must be UTF-8/u, null],
    ['UTF-16 BE with BOM', utf16(valid, true, true), /UTF-16 text/u, null],
    ['UTF-16 without BOM', utf16(valid, false), /looks like UTF-16/u, /^byte \d+$/u],
    ['UTF-32', new Uint8Array([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]), /UTF-32/u, null],
    ['gzip', new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2]), /gzip-compressed/u, null],
    ['zip', new Uint8Array([0x50, 0x4b, 3, 4, 1, 2]), /zip archive/u, null],
    ['binary', new Uint8Array([0x7b, 0x22, 0x00, 0x01]), /binary data \(a zero byte at byte 2\)/u, 'byte 2'],
    [
      'GBK bytes',
      new Uint8Array([...utf8('{"a":"'), 0xb4, 0xf3, 0xc1, 0xac, ...utf8('"}')]),
      /not valid UTF-8 \(the first bad byte is at byte 6\).*GBK/u,
      'byte 6',
    ],
    [
      'a cut UTF-8 character at the end',
      new Uint8Array([...utf8('{"a":"大'), 0xe8, 0xbf]),
      /not valid UTF-8.*the end of the file/u,
      'the end of the file',
    ],
    ['truncated', valid.slice(0, 700), /ends in the middle of the JSON/u, 'the end of the file'],
    ['trailing comma', '{"a":1,}', /not valid JSON at byte 7/u, 'byte 7'],
    ['two values', '{} {}', /not valid JSON at byte 3/u, 'byte 3'],
    [
      'deep',
      `${'['.repeat(100)}${']'.repeat(100)}`,
      /nests arrays and objects more than 64 deep \(at byte 64\)/u,
      'byte 64',
    ],
    ['very deep', '['.repeat(5_000_000), /more than 64 deep/u, 'byte 64'],
    ['a number', '42', /holds number where a PolicyLens backup or W3C annotations were expected/u, '$'],
    ['neither format', '{"rows":[]}', /neither a PolicyLens backup.*nor W3C/u, '$'],
    [
      'another format',
      '{"format":"memex-backup","version":1}',
      /format is "memex-backup", not policylens-backup/u,
      '$.format',
    ],
    [
      'a newer version',
      '{"format":"policylens-backup","version":2,"exported":"x","annotations":[],"future":1}',
      /policylens-backup version 2 file, written by a newer PolicyLens; this version reads version 1: update PolicyLens/u,
      '$.version',
    ],
    ['version as text', '{"format":"policylens-backup","version":"1"}', /version is "1"/u, '$.version'],
    ['an unknown top-level key', valid.replace('"exported"', '"extra": 1, "exported"'), /nothing else/u, '$'],
    [
      'annotations not a list',
      '{"format":"policylens-backup","version":1,"exported":"2026-12-01T00:00:00.000Z","annotations":{}}',
      /annotations must be a list/u,
      '$',
    ],
    [
      '__proto__ at the top',
      valid.replace('"exported"', '"__proto__": {"polluted": true}, "exported"'),
      /forbidden key at \$\.__proto__/u,
      '$.__proto__',
    ],
    [
      '__proto__ in a record',
      valid.replace('"page":{', '"page":{"__proto__":{"x":1},'),
      /forbidden key at \$\.annotations\[0\]\.page\.__proto__/u,
      '$.annotations[0].page.__proto__',
    ],
    [
      'constructor in a W3C item',
      JSON.stringify([hypothesisStyle({ target: { constructor: { prototype: { x: 1 } } } })]),
      /forbidden key at \$\[0\]\.target\.constructor/u,
      '$[0].target.constructor',
    ],
  ];

  it.each(cases)('%s', (_name, input, message, where) => {
    const r = refused(importFileSync(typeof input === 'string' ? utf8(input) : input));
    expect(r.message).toMatch(message);
    expect(r.message).not.toContain('\n');
    if (where instanceof RegExp) expect(r.where).toMatch(where);
    else expect(r.where).toBe(where);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('limits: bytes, annotations, arrays and objects', () => {
    expect(refused(importFileSync(utf8(valid), { limits: { bytes: 100 } })).message).toMatch(
      /at most 0 MB can be imported/u,
    );
    expect(refused(importFileSync(valid, { limits: { bytes: 100 } })).message).toMatch(/too large/u);
    expect(refused(importFileSync(utf8(valid), { limits: { annotations: 3 } })).message).toMatch(
      /holds 5 annotations; at most 3 can be imported at once/u,
    );
    expect(
      refused(importFileSync(`[${'{},'.repeat(50)}{}]`, { limits: { containers: 20 } })).message,
    ).toMatch(/more than 20 arrays and objects/u);
  });

  it('a backup record that fails the store’s schema is refused with its field, the others kept', () => {
    const json = JSON.parse(valid) as { annotations: Array<Record<string, unknown>> };
    (json.annotations[1] as Record<string, unknown>).colour = 'purple';
    (json.annotations[3] as { quote: { exact: string } }).quote.exact = 'x'.repeat(20_001);
    const r = ok(importFileSync(JSON.stringify(json)));
    expect(r.records).toHaveLength(3);
    expect(r.summary.rejected).toEqual([
      {
        index: 1,
        where: '$.annotations[1]',
        message: 'colour must be one of yellow, green, blue, pink, orange',
      },
      { index: 3, where: '$.annotations[3]', message: 'quote.exact: at most 20000 characters' },
    ]);
  });

  it('bad settings are not restored, and said so; the annotations still are', () => {
    const text = valid.replace(
      '"annotations"',
      '"settings": {"tintMode": "loud", "printHighlights": 1},\n  "annotations"',
    );
    const r = ok(importFileSync(text));
    expect(r.settings).toBeNull();
    expect(r.records).toHaveLength(5);
    expect(r.summary.rejected).toEqual([
      {
        index: -1,
        where: '$.settings',
        message: expect.stringMatching(/^settings not restored: tintMode must be one of/u),
      },
    ]);
  });
});

describe('the sliced path', () => {
  it('reports progress in order, gives the event loop turns, and ends with the same result', async () => {
    const text = utf8(exportText('w3c', manyRecords(3_000), { exported: EXPORTED }));
    const seen: ImportProgress[] = [];
    let turns = 0;
    const timer = setInterval(() => (turns += 1), 0);
    const r = await importFile(text, { sliceMs: 1, onProgress: (p) => seen.push(p) });
    clearInterval(timer);
    expect(ok(r).records).toEqual(ok(importFileSync(text)).records);
    expect(seen.length).toBeGreaterThan(5);
    expect(new Set(seen.map((p) => p.phase))).toEqual(new Set(['read', 'parse', 'check']));
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]?.fraction).toBeGreaterThanOrEqual(seen[i - 1]?.fraction ?? 0);
    expect(seen[seen.length - 1]?.fraction).toBe(1);
    expect(turns).toBeGreaterThan(0);
  });

  it('stops when aborted', async () => {
    const text = utf8(exportText('backup', manyRecords(3_000), { exported: EXPORTED }));
    const controller = new AbortController();
    const run = importFile(text, {
      sliceMs: 0,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'parse') controller.abort(new Error('cancelled'));
      },
    });
    await expect(run).rejects.toThrow('cancelled');
  });

  it('imports 100,000 annotations to the end (time: npm run bench)', async () => {
    const records = manyRecords(100_000);
    const text = utf8(exportText('backup', records, { exported: EXPORTED }));
    let last: ImportProgress | null = null;
    const r = ok(await importFile(text, { onProgress: (p) => (last = p) }));
    expect(r.summary).toMatchObject({ total: 100_000, imported: 100_000, rejected: [], skipped: [] });
    expect(r.records[99_999]).toEqual(records[99_999]);
    expect(last).toMatchObject({ fraction: 1 });
  }, 180_000);
});
