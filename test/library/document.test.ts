/**
 * Documents in full: every seed cut into blocks where every measure is in exactly one block (in
 * reading order, its first line starting with its number as printed), and every non-blank line of
 * every seed is shown once; Changsha's task table keeps its header, group rows and cells.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSeedsDir, SEEDS_DIR } from '../../lib/corpus/node.ts';
import type { Corpus } from '../../lib/corpus/types.ts';
import {
  blockMeasureIds,
  documentBlocks,
  documentTexts,
  type DocumentTexts,
} from '../../lib/library/document.ts';

let corpus: Corpus;
let texts: DocumentTexts;
const seed = (file: string): string => readFileSync(join(SEEDS_DIR, file), 'utf8');

beforeAll(() => {
  corpus = compileSeedsDir();
  texts = documentTexts(corpus, seed);
});

describe('documents in full', () => {
  it('put every measure in one block, in reading order', () => {
    for (const d of corpus.documents) {
      const ids = blockMeasureIds(texts[d.id] ?? []);
      const own = corpus.measures.filter((m) => m.docId === d.id).sort((a, b) => a.line - b.line);
      expect(ids, d.id).toEqual(own.map((m) => m.id));
    }
  });

  it('show every non-blank line of every seed, once', () => {
    for (const d of corpus.documents) {
      const lines = seed(d.file)
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !/^\|+$/u.test(l));
      const shown: string[] = [];
      for (const b of texts[d.id] ?? []) {
        if (b.kind === 'text') shown.push(b.text);
        else if (b.kind === 'measure') shown.push(...b.lines);
        else {
          shown.push(b.header.join(' | '));
          for (const r of b.rows) shown.push(r.kind === 'group' ? r.text : r.cells.join(' | '));
        }
      }
      const squash = (s: string): string => s.replace(/[\s|]+/gu, '');
      expect(shown.map(squash).join(''), d.id).toBe(lines.map(squash).join(''));
    }
  });

  it('start each measure with its number as printed, and keep a body printed below its heading', () => {
    for (const d of corpus.documents) {
      for (const b of texts[d.id] ?? []) {
        if (b.kind !== 'measure') continue;
        const m = corpus.measures.find((x) => x.id === b.id);
        if (m?.number) expect(b.lines[0]?.startsWith(m.number), b.id).toBe(true);
      }
    }
    const twelve = texts['xiamen-2008']?.find((b) => b.kind === 'measure' && b.id === 'xiamen-2008:12');
    expect(twelve?.kind === 'measure' && twelve.lines.length).toBe(2);
    const headings = (texts['dalian-2023'] ?? []).filter((b) => b.kind === 'text' && b.heading);
    expect(headings.map((b) => (b.kind === 'text' ? b.text : ''))).toEqual([
      '一、支持优质农食产品“优进优出”',
      '二、畅通跨境贸易通道',
      '三、促进能矿产业、制造业高质量发展',
      '四、提升涉企综合服务效能',
    ]);
  });

  it("read Changsha's task table: header, group rows, one row per task with its cells", () => {
    const table = (texts['changsha-2017'] ?? []).find((b) => b.kind === 'table');
    expect(table?.kind).toBe('table');
    if (table?.kind !== 'table') return;
    expect(table.header).toEqual(['序号', '具体任务', '完成时限', '责任部门', '协办部门']);
    expect(table.rows.filter((r) => r.kind === 'group')).toHaveLength(10);
    const t27 = table.rows.find((r) => r.kind === 'task' && r.id === 'changsha-2017:t27');
    expect(t27?.kind === 'task' && t27.cells[0]).toBe('27');
    expect(t27?.kind === 'task' && t27.cells[1]).toContain('5+2');
    for (const r of table.rows) if (r.kind === 'task') expect(r.cells).toHaveLength(5);
  });

  it('treat an unknown layout plainly: lines without measures are text', () => {
    expect(documentBlocks('一、标题\n\n正文一段。\n', [])).toEqual([
      { kind: 'text', text: '一、标题', heading: true },
      { kind: 'text', text: '正文一段。', heading: false },
    ]);
  });
});
