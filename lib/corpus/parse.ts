/**
 * The one parser for Chinese numbered documents. It reads a seed's lines, follows the numbering
 * levels the manifest names (which level is a group, which a measure), joins continuation lines,
 * reads `|` task tables with wrapped rows, and checks the numbering as it goes: a skipped or
 * repeated number, a malformed table row or a group row without a parent is a `SourceError` with
 * file, line and reason, so a measure is never dropped silently.
 */
import type { Layout, LevelSpec, ManifestDocument } from './manifest.ts';
import { formatMarker, readMarker } from './numbering.ts';

/** A problem in a seed file, reported as `file:line: reason`. */
export interface SourceError {
  file: string;
  line: number;
  reason: string;
}

/** Thrown by the compiler with every problem it found, so one run shows them all. */
export class CorpusBuildError extends Error {
  readonly errors: readonly SourceError[];
  constructor(errors: readonly SourceError[]) {
    super(
      `The corpus does not build:\n${errors.map((e) => `  ${e.file}:${e.line}: ${e.reason}`).join('\n')}`,
    );
    this.name = 'CorpusBuildError';
    this.errors = errors;
  }
}

/** A measure as the parser sees it, before fields are extracted. */
export interface DraftMeasure {
  id: string;
  number: string | null;
  path: string[];
  parentId: string | null;
  /** Text without the number marker, lines joined with `\n`. */
  text: string;
  /** 1-based line of the measure's first line. */
  line: number;
  /** Set for table rows. */
  table?: { deadline: string; lead: string[]; co: string[] };
}

interface OpenLevel {
  value: number;
  printed: string;
}

interface Draft {
  id: string;
  number: string | null;
  path: string[];
  lines: string[];
  line: number;
  /** An unnumbered paragraph that is a measure of its own: the next paragraph starts another. */
  paragraph: boolean;
}

/** Index of the first line at or after `from` whose trimmed text starts with `prefix`, or -1. */
function findLine(lines: readonly string[], prefix: string, from = 0): number {
  for (let i = from; i < lines.length; i++) if ((lines[i] ?? '').trim().startsWith(prefix)) return i;
  return -1;
}

/** Parses one seed document into draft measures and the errors found on the way. */
export function parseDocument(
  doc: Pick<ManifestDocument, 'id' | 'file'> & { layout: Layout },
  source: string,
): { drafts: DraftMeasure[]; errors: SourceError[] } {
  const file = `seeds/${doc.file}`;
  const lines = source.split(/\r?\n/u);
  const errors: SourceError[] = [];
  const drafts: DraftMeasure[] = [];
  const err = (line: number, reason: string): void => {
    errors.push({ file, line, reason });
  };

  const tableStart = doc.layout.table ? findLine(lines, doc.layout.table.from) : -1;
  if (doc.layout.table && tableStart < 0) {
    err(1, `task table header "${doc.layout.table.from}" not found`);
  }

  for (const part of doc.layout.parts) {
    const start = findLine(lines, part.from);
    if (start < 0) {
      err(1, `part start "${part.from}" not found`);
      continue;
    }
    let end = lines.length;
    if (part.until !== undefined) {
      end = findLine(lines, part.until, start + 1);
      if (end < 0) {
        err(start + 1, `part end "${part.until}" not found after line ${start + 1}`);
        end = lines.length;
      }
    }
    if (tableStart > start && tableStart < end) end = tableStart;
    parsePart(doc.id, part.levels, lines, start, end, drafts, err);
  }

  if (doc.layout.table && tableStart >= 0) {
    parseTable(doc.id, doc.layout, lines, tableStart, drafts, err);
  }
  return { drafts, errors };
}

function parsePart(
  docId: string,
  levels: readonly LevelSpec[],
  lines: readonly string[],
  start: number,
  end: number,
  drafts: DraftMeasure[],
  err: (line: number, reason: string) => void,
): void {
  const stack: Array<OpenLevel | undefined> = [];
  const lastAtLevel: number[] = [];
  let paragraphs = 0;
  let current: Draft | null = null;

  const close = (): void => {
    if (!current) return;
    drafts.push({
      id: current.id,
      number: current.number,
      path: current.path,
      parentId: null,
      text: current.lines.join('\n'),
      line: current.line,
    });
    current = null;
  };
  // Ids come from the numbering path (`2.13`, `1.p3`), never from array positions.
  const idOf = (...tail: string[]): string =>
    `${docId}:${[...stack.map((s) => String(s?.value ?? 0)), ...tail].join('.')}`;

  for (let i = start; i < end; i++) {
    const raw = lines[i] ?? '';
    const text = raw.trim();
    if (text === '') continue;
    const lineNo = i + 1;
    const marker = readMarker(raw);
    const level = marker ? levels.findIndex((l) => l.marker === marker.kind) : -1;

    if (marker && level >= 0) {
      const spec = levels[level] as LevelSpec;
      if (level > 0 && !stack[level - 1]) {
        const outer = levels[level - 1] as LevelSpec;
        err(lineNo, `${marker.printed} appears before any ${outer.marker} group`);
      }
      const previous = stack[level];
      const allowed: number[] = previous
        ? [previous.value + 1]
        : level === 0
          ? [marker.value] // a part may start anywhere in the document
          : [1, (lastAtLevel[level] ?? 0) + 1]; // numbering restarts per group, or runs on
      if (!allowed.includes(marker.value)) {
        const expected = allowed.map((n) => formatMarker(marker.kind, n)).join(' or ');
        const what = previous && marker.value <= previous.value ? 'repeated or out-of-order' : 'skipped';
        err(lineNo, `${what} number: expected ${expected}, found ${marker.printed}`);
      }
      close();
      stack.length = level;
      stack[level] = { value: marker.value, printed: marker.printed };
      lastAtLevel[level] = marker.value;
      paragraphs = 0;
      if (spec.role === 'measure') {
        const body = raw.slice(marker.end).trim();
        current = {
          id: idOf(),
          number: marker.printed,
          path: stack.slice(0, level).map((s) => s?.printed ?? ''),
          lines: body === '' ? [] : [body],
          line: lineNo,
          paragraph: false,
        };
      }
      continue;
    }

    // An unnumbered line: continues a measure, is a paragraph measure, or is an error.
    const draft = current as Draft | null;
    if (draft && !draft.paragraph) {
      draft.lines.push(text);
      continue;
    }
    const depth = stack.length - 1;
    const group = depth >= 0 ? levels[depth] : undefined;
    if (group && group.role === 'group' && group.paragraphs === 'measures-when-unnumbered') {
      close();
      paragraphs++;
      current = {
        id: idOf(`p${paragraphs}`),
        number: null,
        path: stack.map((s) => s?.printed ?? ''),
        lines: [text],
        line: lineNo,
        paragraph: true,
      };
      continue;
    }
    err(lineNo, `text outside any measure: "${text.slice(0, 24)}…"`);
  }
  close();
}

function parseTable(
  docId: string,
  layout: Layout,
  lines: readonly string[],
  headerIndex: number,
  drafts: DraftMeasure[],
  err: (line: number, reason: string) => void,
): void {
  const table = layout.table;
  if (!table) return;
  const width = table.columns.length;
  const cellsOf = (row: string): string[] => {
    const cells = row.split('|').map((c) => c.trim());
    if (row.trim().endsWith('|')) cells.pop();
    return cells;
  };
  if (table.columns[0] !== 'number') err(headerIndex + 1, 'the first table column must be the task number');
  const header = cellsOf(lines[headerIndex] ?? '');
  if (header.length !== width) {
    err(headerIndex + 1, `table header has ${header.length} cells, the manifest names ${width}`);
  }

  // Join wrapped rows: a row starts with a number or a group marker; anything else continues it.
  const rows: Array<{ line: number; text: string }> = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const text = (lines[i] ?? '').trim();
    if (text === '') continue;
    const startsRow = /^\d+\s*\|/u.test(text) || readMarker(text)?.kind === 'cn';
    const last = rows[rows.length - 1];
    if (startsRow || !last) rows.push({ line: i + 1, text });
    else last.text += text;
  }

  const parentMeasures = new Map(drafts.map((d) => [d.id, d]));
  const parentPrefix = `${docId}:${table.groupParent.path
    .map((p) => String(readMarker(p)?.value ?? p))
    .join('.')}`;
  let parentId: string | null = null;
  let groupPrinted = '';
  let expectedNumber = 1;
  const col = (name: (typeof table.columns)[number]): number => table.columns.indexOf(name);

  for (const row of rows) {
    const cells = cellsOf(row.text);
    const marker = readMarker(row.text);
    if (!/^\d/u.test(row.text) && marker?.kind === 'cn') {
      parentId = `${parentPrefix}.${marker.value}`;
      groupPrinted = marker.printed;
      if (!parentMeasures.has(parentId)) {
        const wanted = formatMarker(table.groupParent.marker, marker.value);
        err(row.line, `group row ${marker.printed} has no parent measure ${wanted} in the text`);
      }
      if (cells.slice(1).some((c) => c !== '')) {
        err(row.line, `group row ${marker.printed} has text in its task cells`);
      }
      continue;
    }
    // Rows start with their number (the row test above), so numbering is checked even when the
    // row is malformed: one run reports every problem.
    const number = cells[0] ?? '';
    const value = Number(number);
    if (value !== expectedNumber) {
      const what = value < expectedNumber ? 'repeated or out-of-order' : 'skipped';
      err(row.line, `${what} task number: expected ${expectedNumber}, found ${number}`);
    }
    expectedNumber = value + 1;
    if (cells.length !== width) {
      err(row.line, `table row has ${cells.length} cells, expected ${width} (${header.join(' | ')})`);
      continue;
    }
    if (!parentId) err(row.line, `task ${number} comes before any group row`);
    const text = cells[col('text')] ?? '';
    if (text === '') err(row.line, `task ${number} has no text`);
    drafts.push({
      id: `${docId}:t${number}`,
      number,
      path: groupPrinted ? [groupPrinted] : [],
      parentId,
      text,
      line: row.line,
      table: {
        deadline: cells[col('deadline')] ?? '',
        lead: splitCell(cells[col('lead')]),
        co: splitCell(cells[col('co')]),
      },
    });
  }
}

/** Splits a table cell naming departments (`监管通关处 关税处`, `各职能部门、各业务现场`). */
function splitCell(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(/[\s、,，]+/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
