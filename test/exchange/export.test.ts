/**
 * The exporters: each format against its golden file (`test/fixtures/exchange/`; `UPDATE_GOLDEN=1`
 * rewrites them after a deliberate change), then what each promises: determinism (input order,
 * key order, pieces = whole), the backup's and the collection's shape, CSV that parses back cell
 * for cell under RFC 4180 with formulas neutralised, and Markdown in which page text cannot make a
 * link, an image or HTML even in a viewer that renders HTML and any link.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../lib/page/parse-html.ts';
import {
  canonicalRecord,
  CSV_COLUMNS,
  exportParts,
  exportPartsAsync,
  exportText,
  markdownText,
  type ExportFormat,
} from '../../lib/exchange/export.ts';
import { DEFAULT_LIBRARY_BASE, W3C_CONTEXT } from '../../lib/exchange/formats.ts';
import type { Annotation } from '../../lib/annotation/model.ts';
import { awkwardRecords, EXPORTED, goldenRecords, manyRecords, MARKUP, seedMeasures } from './records.ts';

const GOLDEN: Record<ExportFormat, string> = {
  backup: 'sample.backup.json',
  w3c: 'sample.w3c.jsonld',
  csv: 'sample.csv',
  markdown: 'sample.md',
};

const goldenPath = (f: ExportFormat) => new URL(`../fixtures/exchange/${GOLDEN[f]}`, import.meta.url);

const options = () => ({ exported: EXPORTED, measures: seedMeasures() });

/** A deterministic shuffle (the exporters must not care about input order). */
function shuffled<T>(xs: readonly T[], seed = 7): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The same record with its keys in reverse order (as another tool might write them). */
function reversedKeys(a: Annotation): Annotation {
  return Object.fromEntries(Object.entries(a).reverse()) as unknown as Annotation;
}

describe('golden files', () => {
  for (const format of ['backup', 'w3c', 'csv', 'markdown'] as const) {
    it(`${format}: the sample records give ${GOLDEN[format]} byte for byte`, () => {
      const text = exportText(format, goldenRecords(), options());
      if (process.env.UPDATE_GOLDEN || !existsSync(goldenPath(format)))
        writeFileSync(goldenPath(format), text);
      expect(text).toBe(readFileSync(goldenPath(format), 'utf8'));
    });
  }
});

describe('every format', () => {
  for (const format of ['backup', 'w3c', 'csv', 'markdown'] as const) {
    it(`${format}: the same bytes for any input order and key order, in pieces or whole`, () => {
      const records = [...goldenRecords(), ...manyRecords(1_200)];
      const text = exportText(format, records, options());
      expect(exportText(format, shuffled(records).map(reversedKeys), options())).toBe(text);
      const parts = [...exportParts(format, records, { ...options(), chunk: 7 })];
      expect(parts.length).toBeGreaterThan(10);
      expect(parts.join('')).toBe(text);
      const lineEnd = format === 'csv' ? '\r\n' : '\n';
      expect(text.endsWith(lineEnd)).toBe(true);
      if (format !== 'csv') expect(text).not.toContain('\r');
    });
  }

  it('the async path gives the same pieces, with progress to the end', async () => {
    const records = manyRecords(3_000);
    const seen: number[] = [];
    const parts = await exportPartsAsync('w3c', records, {
      ...options(),
      sliceMs: 0,
      onProgress: (done) => seen.push(done),
    });
    expect(parts.join('')).toBe(exportText('w3c', records, options()));
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[seen.length - 1]).toBe(3_000);
  });

  it('refuses an export time that is not UTC as isoNow writes it', () => {
    for (const exported of ['2026-12-01', '2026-12-01T00:00:00+08:00', '', undefined]) {
      expect(() => exportText('backup', [], { exported } as never)).toThrow(/exported must be a UTC time/u);
    }
  });
});

describe('backup', () => {
  it('has format, version, exported, (settings,) annotations; each record whole, keys in the model’s order', () => {
    const records = goldenRecords();
    const text = exportText('backup', records, {
      exported: EXPORTED,
      settings: { tintMode: 'tint', printHighlights: true },
    });
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['format', 'version', 'exported', 'settings', 'annotations']);
    expect(json).toMatchObject({ format: 'policylens-backup', version: 1, exported: EXPORTED });
    expect(json.settings).toEqual({ tintMode: 'tint', printHighlights: true });
    const written = json.annotations as Annotation[];
    expect(written).toHaveLength(records.length);
    for (const a of written) {
      expect(Object.keys(a)).toEqual(Object.keys(canonicalRecord(a)));
      expect(a).toEqual(records.find((r) => r.id === a.id));
    }
    // One record per line.
    expect(text.split('\n').filter((l) => l.startsWith('    {"id":'))).toHaveLength(records.length);
  });

  it('writes an empty backup as an empty list', () => {
    expect(JSON.parse(exportText('backup', [], { exported: EXPORTED }))).toEqual({
      format: 'policylens-backup',
      version: 1,
      exported: EXPORTED,
      annotations: [],
    });
  });
});

describe('W3C', () => {
  it('is exactly JSON.stringify(collection, null, 2) of an AnnotationCollection with its page inline', () => {
    const text = exportText('w3c', goldenRecords(), options());
    const json = JSON.parse(text) as Record<string, unknown> & {
      first: { items: Array<Record<string, unknown>> };
    };
    expect(text).toBe(`${JSON.stringify(json, null, 2)}\n`);
    expect(json['@context']).toEqual(W3C_CONTEXT);
    expect(json.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/u);
    expect(json).toMatchObject({
      type: 'AnnotationCollection',
      total: goldenRecords().length,
      generated: EXPORTED,
    });
    expect(json.first).toMatchObject({
      id: `${json.id as string}#page1`,
      type: 'AnnotationPage',
      startIndex: 0,
    });
    expect(json.first.items).toHaveLength(goldenRecords().length);
  });

  it('maps one record: note, tags, measure as bodies; page, quote and position in the target; colour and status', () => {
    const a = awkwardRecords()[0] as Annotation;
    const json = JSON.parse(exportText('w3c', [a], options())) as { first: { items: unknown[] } };
    expect(json.first.items[0]).toEqual({
      id: `urn:uuid:${a.id}`,
      type: 'Annotation',
      motivation: 'commenting',
      created: a.created,
      modified: a.updated,
      body: [
        { type: 'TextualBody', purpose: 'commenting', format: 'text/markdown', value: a.note },
        ...a.tags.map((value) => ({ type: 'TextualBody', purpose: 'tagging', value })),
        {
          type: 'SpecificResource',
          purpose: 'identifying',
          source: `${DEFAULT_LIBRARY_BASE}#measure=dalian-2023:2.13`,
        },
      ],
      target: {
        source: a.page.url,
        'pl:pageTitle': a.page.title,
        selector: [a.quote],
      },
      'pl:colour': 'pink',
      'pl:status': 'todo',
    });
  });

  it('links measures on the library base it is given, and has no body for a bare highlight', () => {
    const base = 'chrome-extension://abcdefghijklmnop/library.html';
    const text = exportText('w3c', goldenRecords(), { ...options(), libraryBase: base });
    expect(text).toContain(`"source": "${base}#measure=dalian-2023:2.13"`);
    expect(text).not.toContain(DEFAULT_LIBRARY_BASE);
    const bare = JSON.parse(exportText('w3c', manyRecords(2).slice(1), options())) as {
      first: { items: Array<Record<string, unknown>> };
    };
    expect(bare.first.items[0]).not.toHaveProperty('body');
    expect(bare.first.items[0]?.motivation).toBe('highlighting');
  });

  it('keeps a position only when its span is as long as the quote', () => {
    const [fits, off] = manyRecords(2);
    const bad = {
      ...(off as Annotation),
      position: { type: 'TextPositionSelector' as const, start: 0, end: 3 },
    };
    const json = JSON.parse(exportText('w3c', [fits as Annotation, bad], options())) as {
      first: { items: Array<{ target: { selector: unknown[] } }> };
    };
    expect(json.first.items[0]?.target.selector).toHaveLength(2);
    expect(json.first.items[1]?.target.selector).toHaveLength(1);
  });

  it('gives one collection id per export time and records, another for another time', () => {
    const r = goldenRecords();
    const id = (exported: string, records = r) =>
      (JSON.parse(exportText('w3c', records, { exported })) as { id: string }).id;
    expect(id(EXPORTED)).toBe(id(EXPORTED, shuffled(r)));
    expect(id(EXPORTED)).not.toBe(id('2026-12-02T08:00:00.001Z'));
    expect(id(EXPORTED)).not.toBe(id(EXPORTED, r.slice(1)));
  });
});

describe('CSV', () => {
  it('is UTF-8 with a BOM, CRLF, every cell quoted, and parses back cell for cell (formulas prefixed with ’)', () => {
    const records = goldenRecords();
    const text = exportText('csv', records, options());
    expect(text.startsWith('\uFEFF"Page URL","Page title",')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(`\uFEFF${CSV_COLUMNS.map((c) => `"${c}"`).join(',')}`);
    const rows = parseCsv(text, { bom: true, relax_quotes: false }) as string[][];
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(records.length + 1);
    const sorted = [...records].sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0));
    sorted.forEach((a, i) => {
      const row = rows[i + 1] as string[];
      const unprefixed = row.map((cell) => (/^'[=+\-@\t\r＝＋－＠]/u.test(cell) ? cell.slice(1) : cell));
      const facts = a.measureId ? seedMeasures()(a.measureId) : null;
      expect(unprefixed).toEqual([
        a.page.url,
        a.page.title,
        a.quote.exact,
        a.note,
        a.tags.join('; '),
        a.colour,
        a.status,
        a.measureId ?? '',
        facts?.port ?? '',
        facts?.document ?? '',
        a.created,
        a.updated,
      ]);
    });
  });

  it('neutralises every cell that a spreadsheet would read as a formula (OWASP: = + - @ tab CR)', () => {
    const text = exportText('csv', goldenRecords(), options());
    const rows = parseCsv(text, { bom: true }) as string[][];
    const cells = rows.flat();
    expect(cells.filter((c) => /^[=+\-@\t\r＝＋－＠]/u.test(c))).toEqual([]);
    // The awkward record's formula, tags and tab-led quote are there, prefixed.
    expect(cells).toContain(`'=HYPERLINK("http://evil.example","x") ${MARKUP}`);
    expect(cells).toContain(`'=1+1; @SUM(A1); +cmd; -2; ${MARKUP}`);
    expect(cells.some((c) => c.startsWith("'\t第一行"))).toBe(true);
    expect(cells).toContain(`'@mention, "quoted"\r\nsecond line`);
  });

  it('writes only the header for no records', () => {
    expect(exportText('csv', [], options())).toBe(`\uFEFF${CSV_COLUMNS.map((c) => `"${c}"`).join(',')}\r\n`);
  });
});

describe('Markdown', () => {
  /** A viewer that renders raw HTML and follows any link: the worst case for injected page text. */
  function permissiveRender(markdown: string): Document {
    const md = new MarkdownIt({ html: true, linkify: true });
    md.validateLink = () => true;
    return parseHtml(`<!doctype html><body>${md.render(markdown)}</body>`);
  }

  it('groups by page with the title as a link, quotes as block quotes, notes and facts under them', () => {
    const text = exportText('markdown', goldenRecords(), options());
    expect(
      text.startsWith(`# PolicyLens annotations\n\nExported ${EXPORTED}: 8 annotations on 7 pages.\n`),
    ).toBe(true);
    const doc = permissiveRender(text);
    const headings = [...doc.querySelectorAll('h2')];
    expect(headings).toHaveLength(7);
    expect(headings.every((h) => h.querySelectorAll('a').length === 1)).toBe(true);
    expect(headings[0]?.textContent).toBe('大连海关关于进一步优化营商环境促进外贸保稳提质的措施');
    expect(doc.querySelectorAll('blockquote')).toHaveLength(8);
    expect(text).toContain(
      'Measure: `dalian-2023:2.13` (Dalian, 大连海关优化口岸营商环境 促进外贸提质增效惠企措施)',
    );
  });

  it('page text cannot make links, images or HTML, even in a viewer that renders HTML and any link', () => {
    const records = awkwardRecords();
    const doc = permissiveRender(exportText('markdown', records, options()));
    expect(doc.querySelectorAll('img, script, iframe, b')).toHaveLength(0);
    const hrefs = [...doc.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    // Only the page links of the headings: no javascript:, no autolinked evil.example.
    expect(hrefs).toEqual(['https://www.customs.gov.cn/x?a=1&b=%3C2%3E', 'https://swj.xm.gov.cn/a/b.htm']);
    const text = doc.body.textContent ?? '';
    // The markup is shown as the text it was.
    expect(text).toContain(MARKUP);
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('=HYPERLINK("http://evil.example","x")');
  });

  it('escapes every ASCII punctuation character of page text and folds its whitespace', () => {
    expect(markdownText('  a*b_c  [d](e)\n# f <g> `h` ')).toBe(
      'a\\*b\\_c \\[d\\]\\(e\\) \\# f \\<g\\> \\`h\\`',
    );
    expect(markdownText('第一行\n\t第二行')).toBe('第一行 第二行');
  });

  it('says so when there is nothing to export', () => {
    expect(exportText('markdown', [], options())).toBe(
      `# PolicyLens annotations\n\nExported ${EXPORTED}: no annotations.\n`,
    );
  });
});
