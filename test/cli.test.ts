import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../lib/cli.ts';

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
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
