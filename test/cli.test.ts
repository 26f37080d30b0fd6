import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSpan } from '../lib/anchor/describe.ts';
import { htmlPageText } from '../lib/anchor/page-text.ts';
import { runCli } from '../lib/cli.ts';
import type { BlockResult } from '../lib/match/engine.ts';

function run(argv: string[], stdin?: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readStdin: () => Buffer.from(stdin ?? ''),
  });
  return { code, out, err };
}

const root = new URL('..', import.meta.url).pathname;

describe('cli corpus', () => {
  it('--json prints exactly one object with the documented fields', () => {
    const { code, out, err } = run(['corpus', '--json']);
    expect(code).toBe(0);
    expect(err).toBe('');
    const json = JSON.parse(out) as {
      documents: Record<string, unknown>[];
      measures: Record<string, unknown>[];
    };
    expect(Object.keys(json)).toEqual(['documents', 'measures']);
    expect(json.measures).toHaveLength(156);
    expect(Object.keys(json.documents[0] ?? {})).toEqual([
      'id',
      'seedFile',
      'port',
      'issuer',
      'title',
      'date',
      'dateInferred',
      'script',
    ]);
    expect(Object.keys(json.measures[0] ?? {})).toEqual([
      'id',
      'docId',
      'number',
      'path',
      'parentId',
      'title',
      'text',
      'leadAgencies',
      'coAgencies',
      'deadline',
      'timeLimits',
      'themes',
      'related',
    ]);
    expect(json.documents.map((d) => d.script)).toEqual(['Hans', 'Hans', 'Hant', 'Hans', 'Hans']);
  });

  it('without --json prints a readable summary per document', () => {
    const { code, out } = run(['corpus']);
    expect(code).toBe(0);
    expect(out).toContain('5 documents, 156 measures');
    expect(out).toContain('changsha-2017');
    expect(out).toContain('10 measures + 31 tasks');
  });

  it('rejects unknown commands and options with usage and a non-zero exit', () => {
    for (const argv of [['nope'], ['corpus', '--jsn'], ['corpus', 'extra'], []]) {
      const { code, out, err } = run(argv);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain('Usage: npm run --silent cli');
    }
  });

  it('runs as `npm run --silent cli -- corpus --json` with nothing but JSON on stdout, twice the same', () => {
    const once = execFileSync('npm', ['run', '--silent', 'cli', '--', 'corpus', '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    const twice = execFileSync('npm', ['run', '--silent', 'cli', '--', 'corpus', '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(() => JSON.parse(once)).not.toThrow();
    expect(twice).toBe(once);
    const bad = spawnSync('npm', ['run', '--silent', 'cli', '--', 'frobnicate'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('unknown command frobnicate');
  }, 60_000);
});

const page = (name: string): string => new URL(`fixtures/pages/${name}`, import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'policylens-cli-'));

describe('cli match', () => {
  it('--json prints one object with blocks, offsets, matches and related', () => {
    const { code, out } = run(['match', page('dalian-2023.hans.html'), '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as { blocks: Array<Record<string, unknown>> };
    expect(Object.keys(json)).toEqual(['blocks']);
    const matched = json.blocks.filter((b) => (b.matches as unknown[]).length > 0);
    expect(matched).toHaveLength(43);
    const first = matched[0] as unknown as BlockResult;
    expect(Object.keys(first)).toEqual([
      'text',
      'start',
      'end',
      'measureLike',
      'matches',
      'related',
      'relatedOf',
    ]);
    expect(first.matches[0]?.id).toBe('dalian-2023:1.1');
    expect(first.end - first.start).toBe(first.text.length);
    expect(first.related.length).toBeGreaterThan(0);
    expect(first.related.every((r) => !r.id.startsWith('dalian-2023:'))).toBe(true);
  });

  it('--all lists every block; the default only measure-like or matched ones', () => {
    const some = JSON.parse(run(['match', page('xiamen-2024.hant.html'), '--json']).out).blocks.length;
    const all = JSON.parse(run(['match', page('xiamen-2024.hant.html'), '--json', '--all']).out).blocks
      .length;
    expect(all).toBeGreaterThan(some);
  });

  it('reads plain text and stdin (HTML sniffed)', () => {
    const txt = join(tmp, 'notice.txt');
    writeFileSync(
      txt,
      '通知\n\n(十三)保障进出境船舶“全天候”通关。对符合条件的船舶,提供进出境7×24小时通关保障,实现船到即检。\n',
    );
    const fromTxt = JSON.parse(run(['match', txt, '--json']).out).blocks;
    expect(fromTxt[0].matches[0].id).toBe('dalian-2023:2.13');
    const html =
      '<!doctype html><p>(十三)保障进出境船舶“全天候”通关。对符合条件的船舶,提供进出境7×24小时通关保障,实现船到即检。</p>';
    const fromStdin = JSON.parse(run(['match', '-', '--json'], html).out).blocks;
    expect(fromStdin[0].matches[0].id).toBe('dalian-2023:2.13');
    expect(fromStdin[0].text.startsWith('(十三)')).toBe(true);
  });

  it('gives {"blocks":[]} for an empty or script-only page', () => {
    for (const html of [
      '',
      '<html><head><script>var x = "一、推进提前申报";</script></head><body></body></html>',
    ]) {
      const f = join(tmp, 'empty.html');
      writeFileSync(f, html);
      expect(run(['match', f, '--json']).out).toBe('{"blocks":[]}\n');
    }
  });

  it('refuses missing, binary, oversized and unknown-type files with a clear message', () => {
    const missing = run(['match', join(tmp, 'nope.html')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no such file');
    const bin = join(tmp, 'x.html');
    writeFileSync(bin, Buffer.from([0x3c, 0x70, 0x3e, 0x00, 0x01, 0x02]));
    expect(run(['match', bin]).err).toContain('binary data');
    const big = join(tmp, 'big.txt');
    writeFileSync(big, '');
    truncateSync(big, 100 * 1024 * 1024); // sparse: 100 MB without writing it
    const huge = run(['match', big]);
    expect(huge.code).toBe(1);
    expect(huge.err).toContain('100 MB is more than the 20 MB');
    expect(run(['match', join(tmp, 'x.pdf')]).err).toContain('expected a .html, .htm or .txt file');
    expect(run(['match']).code).toBe(2);
  });
});

describe('cli find', () => {
  it('finds titles by fuzzy search in either script', () => {
    const { code, out } = run(['find', '單一窗口']);
    expect(code).toBe(0);
    expect(out).toContain('xiamen-2024:2.4.4');
    expect(run(['find']).code).toBe(2);
  });
});

describe('cli anchor', () => {
  const html = readFileSync(page('dalian-2023.hans.html'), 'utf8');
  const text = htmlPageText(html).text;
  const at = text.indexOf('保障进出境船舶');
  const sel = describeSpan(text, at, at + 12);
  const annotations = join(tmp, 'annotations.jsonld');
  writeFileSync(
    annotations,
    JSON.stringify({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      first: {
        type: 'AnnotationPage',
        items: [
          {
            id: 'urn:uuid:1',
            type: 'Annotation',
            target: { source: 'x', selector: [sel.quote, sel.position] },
          },
          { id: 'urn:uuid:2', type: 'Annotation', target: 'https://example.gov.cn/' },
          {
            id: 'urn:uuid:3',
            type: 'Annotation',
            target: { selector: { ...sel.quote, exact: '船舶“全天候”通关。' } },
          },
        ],
      },
    }),
  );

  it('--json prints exactly one object with one result per annotation, in input order', () => {
    const { code, out, err } = run(['anchor', page('dalian-2023.hans.html'), annotations, '--json']);
    expect(code).toBe(0);
    expect(err).toBe('');
    const json = JSON.parse(out) as { results: Array<Record<string, unknown>> };
    expect(Object.keys(json)).toEqual(['results']);
    const [one, two, three] = json.results;
    expect(Object.keys(one ?? {})).toEqual([
      'id',
      'status',
      'method',
      'score',
      'start',
      'end',
      'exact',
      'prefix',
      'suffix',
    ]);
    expect(one).toEqual({
      id: 'urn:uuid:1',
      status: 'anchored',
      method: 'position',
      score: 1,
      start: at,
      end: at + 12,
      exact: sel.quote.exact,
      prefix: sel.quote.prefix,
      suffix: sel.quote.suffix,
    });
    expect(two).toMatchObject({
      id: 'urn:uuid:2',
      status: 'orphan',
      method: null,
      score: null,
      start: null,
      exact: null,
    });
    expect(two?.reason).toBe('no TextQuoteSelector or TextPositionSelector in target.selector');
    // A quote without a position, found by its text: the text there and its own context.
    const q = text.indexOf('船舶“全天候”通关。');
    expect(three).toMatchObject({ id: 'urn:uuid:3', status: 'anchored', method: 'quote', start: q });
    expect(three?.exact).toBe('船舶“全天候”通关。');
    expect(three?.prefix).toBe(text.slice(q - 32, q));
  });

  it('re-anchors on an edited page given as .txt, and orphans an annotation whose text is gone', () => {
    const txt = join(tmp, 'edited.txt');
    const edited = `新增的一段说明文字。\n${text.replace(sel.quote.exact, '保障进出境船只“全天候”')}`;
    writeFileSync(txt, edited);
    const gone = join(tmp, 'gone.json');
    writeFileSync(
      gone,
      JSON.stringify([
        {
          id: 'g',
          target: { selector: { type: 'TextQuoteSelector', exact: '这段话不在页面上，哪里都找不到。' } },
        },
      ]),
    );
    const r1 = JSON.parse(run(['anchor', txt, annotations, '--json']).out).results[0];
    expect(r1).toMatchObject({ status: 'anchored', method: 'fuzzy', exact: '保障进出境船只“全天候”' });
    expect(edited.slice(r1.start, r1.end)).toBe('保障进出境船只“全天候”');
    const r2 = JSON.parse(run(['anchor', txt, gone, '--json']).out).results[0];
    expect(r2).toMatchObject({ id: 'g', status: 'orphan', start: null });
    expect(typeof r2.reason).toBe('string');
  });

  it('prints a readable report without --json', () => {
    const { code, out } = run(['anchor', page('dalian-2023.hans.html'), annotations]);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^3 annotations on .* 2 anchored \(1 by position, 1 by quote, 0 fuzzy\), 1 orphan\n/u,
    );
    expect(out).toContain('urn:uuid:2  orphan: no TextQuoteSelector');
  });

  it('refuses unreadable input with one line on stderr and a non-zero exit', () => {
    const badJson = join(tmp, 'bad.json');
    writeFileSync(badJson, '{"type": "Annotation",');
    const notAnnotations = join(tmp, 'not.json');
    writeFileSync(notAnnotations, '{"hello": 1}');
    const bin = join(tmp, 'bin.json');
    writeFileSync(bin, Buffer.from([0x7b, 0x00, 0x7d]));
    for (const argv of [
      ['anchor', join(tmp, 'nope.html'), annotations],
      ['anchor', page('dalian-2023.hans.html'), join(tmp, 'nope.json')],
      ['anchor', page('dalian-2023.hans.html'), badJson],
      ['anchor', page('dalian-2023.hans.html'), notAnnotations],
      ['anchor', page('dalian-2023.hans.html'), bin],
      ['anchor', join(tmp, 'x.pdf'), annotations],
    ]) {
      const { code, out, err } = run(argv);
      expect(code, argv.join(' ')).toBe(1);
      expect(out).toBe('');
      expect(err.trim().split('\n'), err).toHaveLength(1);
      expect(err).not.toMatch(/\n\s+at /u);
    }
    expect(run(['anchor', page('dalian-2023.hans.html')]).code).toBe(2);
    expect(run(['anchor', page('dalian-2023.hans.html'), annotations, '--jsn']).code).toBe(2);
  });
});
