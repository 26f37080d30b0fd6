/**
 * `cli convert`, in-process through `runCli` and once through the real process: the same bytes as
 * the library's export of the same records, every format, stdin and --out, and for a bad file exit
 * 1, one line on stderr with no stack trace, and no --out written (nor an old one touched).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../lib/cli.ts';
import { exportText } from '../../lib/exchange/export.ts';
import { DEFAULT_LIBRARY_BASE } from '../../lib/exchange/formats.ts';
import { EXPORTED, goldenRecords, seedMeasures } from './records.ts';

function run(argv: string[], stdin?: Uint8Array | string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readStdin: () => Buffer.from(stdin ?? ''),
  });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'policylens-convert-'));
const root = new URL('../..', import.meta.url).pathname;

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const records = goldenRecords();
const backup = file('backup.json', exportText('backup', records, { exported: EXPORTED }));
const w3c = file('w3c.jsonld', exportText('w3c', records, { exported: EXPORTED }));

describe('cli convert', () => {
  for (const to of ['backup', 'w3c', 'csv', 'markdown'] as const) {
    it(`--to ${to}: the library's export of the same records, byte for byte (export time from the input)`, () => {
      const { code, out, err } = run(['convert', backup, '--to', to]);
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toBe(exportText(to, records, { exported: EXPORTED, measures: seedMeasures() }));
    });
  }

  it('W3C in, backup out; --out writes the file and nothing on stdout', () => {
    const out = join(dir, 'from-w3c.json');
    const r = run(['convert', w3c, '--to', 'backup', '--out', out]);
    expect(r).toEqual({ code: 0, out: '', err: '' });
    const again = run(['convert', out, '--to', 'w3c']);
    expect(again.out).toBe(readFileSync(w3c, 'utf8'));
  });

  it('--library-base and --exported, as the extension passes its own', () => {
    const base = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/library.html';
    const exported = '2027-01-01T00:00:00.000Z';
    const r = run(['convert', backup, '--to', 'w3c', '--library-base', base, '--exported', exported]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(exportText('w3c', records, { exported, libraryBase: base }));
    expect(r.out).not.toContain(DEFAULT_LIBRARY_BASE);
  });

  it('reads stdin as -', () => {
    const r = run(['convert', '-', '--to', 'csv'], readFileSync(backup));
    expect(r.code).toBe(0);
    expect(r.out).toBe(exportText('csv', records, { exported: EXPORTED, measures: seedMeasures() }));
  });

  it('writes a record that is in the file twice once, and says so in one line', () => {
    const json = JSON.parse(readFileSync(backup, 'utf8')) as { annotations: unknown[] };
    json.annotations.push(json.annotations[0]);
    const r = run(['convert', file('twice.json', JSON.stringify(json)), '--to', 'backup']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(readFileSync(backup, 'utf8'));
    expect(r.err).toMatch(
      /^policylens: .*twice\.json: 1 annotation was in the file twice and written once \(the first: \$\.annotations\[8\]\)\n$/u,
    );
  });

  const bad: Array<[string, string | Uint8Array, RegExp]> = [
    ['truncated', readFileSync(backup, 'utf8').slice(0, 500), /ends in the middle of the JSON/u],
    [
      'future',
      '{"format":"policylens-backup","version":9}',
      /policylens-backup version 9 file, written by a newer PolicyLens/u,
    ],
    ['utf16', new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), /UTF-16/u],
    [
      'proto',
      '{"type":"Annotation","__proto__":{"x":1},"target":"https://a.gov.cn/"}',
      /forbidden key at \$\.__proto__/u,
    ],
    [
      'one bad record',
      readFileSync(backup, 'utf8').replace('"colour":"green"', '"colour":42'),
      /1 of 8 annotations are invalid, nothing was converted; \$\.annotations\[0\]: colour must be one of/u,
    ],
    [
      'conflicting ids',
      JSON.stringify({
        ...JSON.parse(readFileSync(backup, 'utf8')),
        annotations: [records[0], { ...records[0], note: 'changed', updated: '2027-01-01T00:00:00.000Z' }],
      }),
      /1 annotation repeats another with different content, nothing was converted; \$\.annotations\[1\] has the same id as annotation 0/u,
    ],
    ['deep', '['.repeat(1000), /more than 64 deep/u],
    ['empty', '', /the file is empty/u],
  ];

  it.each(bad)(
    '%s: exit 1, one line on stderr, --out not written and an old one untouched',
    (name, content, message) => {
      const input = file(`bad-${name}.json`, content);
      const out = join(dir, `bad-${name}.out`);
      expect(run(['convert', input, '--to', 'csv', '--out', out])).toEqual({
        code: 1,
        out: '',
        err: expect.stringMatching(new RegExp(`^policylens: [^\\n]*bad-${name}\\.json: [^\\n]+\\n$`, 'u')),
      });
      expect(run(['convert', input, '--to', 'csv']).err).toMatch(message);
      expect(existsSync(out)).toBe(false);
      writeFileSync(out, 'old');
      expect(run(['convert', input, '--to', 'markdown', '--out', out]).code).toBe(1);
      expect(readFileSync(out, 'utf8')).toBe('old');
    },
  );

  it('a missing file, a directory: one line, exit 1', () => {
    expect(run(['convert', join(dir, 'nope.json'), '--to', 'csv'])).toEqual({
      code: 1,
      out: '',
      err: `policylens: ${join(dir, 'nope.json')}: no such file\n`,
    });
    expect(run(['convert', dir, '--to', 'csv']).err).toBe(`policylens: ${dir}: not a file\n`);
  });

  it('usage errors exit 2 with the usage text', () => {
    for (const argv of [
      ['convert', backup],
      ['convert', backup, '--to', 'pdf'],
      ['convert', '--to', 'csv'],
      ['convert', backup, '--to', 'csv', '--exported', 'yesterday'],
      ['convert', backup, '--to', 'csv', '--library-base', 'library.html'],
      ['convert', backup, '--to', 'csv', '--colour'],
      ['convert', backup, '--to'],
    ]) {
      const r = run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toContain('convert INPUT --to backup|w3c|csv|markdown');
    }
  });

  it('through the real process: npm run --silent cli -- convert, stdout is the file, stderr one line', () => {
    const ok = spawnSync('npm', ['run', '--silent', 'cli', '--', 'convert', backup, '--to', 'markdown'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(exportText('markdown', records, { exported: EXPORTED, measures: seedMeasures() }));
    const fail = spawnSync(
      'npm',
      ['run', '--silent', 'cli', '--', 'convert', file('cut.json', '{"a":'), '--to', 'csv'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(fail.status).toBe(1);
    expect(fail.stdout).toBe('');
    expect(fail.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(fail.stderr).not.toMatch(/\bat .*\.ts:\d+/u);
  }, 60_000);
});
