import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileCorpus } from '../../lib/corpus/compile.ts';
import { readThesaurusJson } from '../../lib/corpus/node.ts';
import type { Layout } from '../../lib/corpus/manifest.ts';
import { CorpusBuildError, parseDocument } from '../../lib/corpus/parse.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/corpus/${name}`, import.meta.url), 'utf8');

const parse = (file: string, layout: Layout) => parseDocument({ id: 'doc', file, layout }, fixture(file));

describe('parseDocument: bad input fails with file, line and reason', () => {
  it('a skipped number', () => {
    const { drafts, errors } = parse('skipped-number.txt', {
      parts: [{ from: '一、', levels: [{ marker: 'cn', role: 'measure' }] }],
      agencies: 'issuer',
    });
    expect(errors).toEqual([
      { file: 'seeds/skipped-number.txt', line: 4, reason: 'skipped number: expected 三、, found 四、' },
    ]);
    // The measure is still read, so one run reports every problem.
    expect(drafts.map((d) => d.number)).toEqual(['一、', '二、', '四、']);
  });

  it('a repeated number, with numbering that runs on across groups', () => {
    const { errors } = parse('repeated-number.txt', {
      parts: [
        {
          from: '一、',
          levels: [
            { marker: 'cn', role: 'group' },
            { marker: 'paren-cn', role: 'measure' },
          ],
        },
      ],
      agencies: 'issuer',
    });
    expect(errors).toEqual([
      {
        file: 'seeds/repeated-number.txt',
        line: 5,
        reason: 'skipped number: expected (一) or (三), found (二)',
      },
    ]);
  });

  it('a table row with the wrong number of cells, and a group row without a parent', () => {
    const { drafts, errors } = parse('bad-table.txt', {
      parts: [
        {
          from: '三、工作内容',
          until: '附件',
          levels: [
            { marker: 'cn', role: 'group' },
            { marker: 'paren-cn', role: 'measure' },
          ],
        },
      ],
      table: {
        from: '序号 |',
        columns: ['number', 'text', 'deadline', 'lead', 'co'],
        groupParent: { path: ['三、'], marker: 'paren-cn' },
      },
      agencies: 'table',
    });
    expect(errors).toEqual([
      expect.objectContaining({
        line: 8,
        reason: expect.stringContaining('table row has 6 cells, expected 5'),
      }),
      expect.objectContaining({
        line: 12,
        reason: expect.stringContaining('table row has 3 cells, expected 5'),
      }),
      {
        file: 'seeds/bad-table.txt',
        line: 13,
        reason: 'group row 五、 has no parent measure (五) in the text',
      },
      { file: 'seeds/bad-table.txt', line: 14, reason: 'skipped task number: expected 5, found 6' },
    ]);
    // The wrapped row (3, continued by a line holding only "|") is whole, with an empty co cell.
    const task3 = drafts.find((d) => d.id === 'doc:t3');
    expect(task3?.table).toEqual({ deadline: '年内', lead: ['甲处'], co: [] });
    expect(task3?.parentId).toBe('doc:3.2');
  });

  it('text that belongs to no measure', () => {
    const { errors } = parseDocument(
      {
        id: 'doc',
        file: 'x.txt',
        layout: { parts: [{ from: '一、', levels: [{ marker: 'cn', role: 'group' }] }], agencies: 'issuer' },
      },
      '一、组\n一段没有编号的文字。\n',
    );
    expect(errors).toEqual([
      { file: 'seeds/x.txt', line: 2, reason: 'text outside any measure: "一段没有编号的文字。…"' },
    ]);
  });

  it('a part or table that is not there', () => {
    const { errors } = parseDocument(
      {
        id: 'doc',
        file: 'x.txt',
        layout: {
          parts: [{ from: '三、', until: '四、', levels: [{ marker: 'cn', role: 'measure' }] }],
          table: {
            from: '序号 |',
            columns: ['number', 'text'],
            groupParent: { path: ['三、'], marker: 'cn' },
          },
          agencies: 'table',
        },
      },
      '一、甲。\n',
    );
    expect(errors.map((e) => e.reason)).toEqual([
      'task table header "序号 |" not found',
      'part start "三、" not found',
    ]);
  });
});

describe('compileCorpus: bad input', () => {
  const manifest = (file: string, layout: Layout) => ({
    documents: [
      {
        id: 'bad',
        seedFile: file,
        file,
        port: 'Xiamen',
        portZh: '厦门',
        region: 'Fujian',
        regionZh: '福建',
        issuer: '廈門市人民政府辦公廳',
        issuerEn: 'Xiamen',
        issuerInferred: false,
        title: '测试',
        titleInferred: false,
        date: '2024-04-30',
        dateInferred: false,
        dateNote: '',
        script: 'Hant',
        layout,
      },
    ],
  });

  it('an unclosed agency bracket fails the build and names the line', () => {
    const layout: Layout = {
      parts: [
        {
          from: '二、',
          levels: [
            { marker: 'cn', role: 'group' },
            { marker: 'paren-cn', role: 'group' },
            { marker: 'arabic-dot', role: 'measure' },
          ],
        },
      ],
      agencies: 'trailing-parens',
    };
    let error: unknown;
    try {
      compileCorpus(manifest('unclosed-bracket.txt', layout), fixture, readThesaurusJson());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorpusBuildError);
    const errors = (error as CorpusBuildError).errors;
    expect(errors).toContainEqual({
      file: 'seeds/unclosed-bracket.txt',
      line: 4,
      reason: '2.: unclosed agency bracket "(廈門海關,自貿委按職責分工負責"',
    });
    expect((error as Error).message).toContain('seeds/unclosed-bracket.txt:4: 2.: unclosed agency bracket');
    // Nested brackets keep an agency whole: line 5 is fine.
    expect(errors.some((e) => e.line === 5 && e.reason.includes('agency'))).toBe(false);
  });

  it('a manifest with a wrong field names the field', () => {
    expect(() => compileCorpus({ documents: [{ id: 'Bad Id' }] }, fixture, readThesaurusJson())).toThrow(
      /documents\.0\.id/,
    );
  });

  it('a missing seed file is an error, not an empty document', () => {
    const layout: Layout = {
      parts: [{ from: '一、', levels: [{ marker: 'cn', role: 'measure' }] }],
      agencies: 'issuer',
    };
    expect(() => compileCorpus(manifest('does-not-exist.txt', layout), fixture, readThesaurusJson())).toThrow(
      /seeds\/does-not-exist\.txt:0: cannot read/,
    );
  });
});
