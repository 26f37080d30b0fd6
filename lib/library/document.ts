/**
 * A corpus document as the library prints it in full: its seed text cut into blocks, each line as
 * the document prints it (its own script, its own numbers), with every line that belongs to a
 * measure inside that measure's block.
 *
 * - A measure starts on the line the compiler recorded (`Measure.line`) and runs on over the
 *   following lines that are part of its text (Xiamen 2008's 十二 has its body a paragraph below its
 *   heading); blank lines only separate paragraphs. A line that is neither (a group heading, a
 *   preamble line, a signature) is the document's own text and ends the measure.
 * - A `|` task table (Changsha's annex) becomes a table: its header, its group rows, and one row per
 *   task with the cells as printed (a row wrapped over several lines is joined first).
 *
 * Built at build time from the seeds (`virtual:policylens-documents`, see the corpus plugin), so
 * the library never parses a seed; the test checks that every measure lands in exactly one block
 * and every non-blank line of every seed is shown.
 */
import { readMarker } from '../corpus/numbering.ts';
import type { Corpus, Measure } from '../corpus/types.ts';
import { normalizeText } from '../normalize.ts';

/** One row of a task table. */
export type TableRow = { kind: 'group'; text: string } | { kind: 'task'; id: string; cells: string[] };

/** A block of a document in reading order. */
export type DocBlock =
  /** The document's own text: a title, preamble, group heading, signature (`heading`: a numbered heading). */
  | { kind: 'text'; text: string; heading: boolean }
  /** A measure: its lines as printed, the first starting with its number. */
  | { kind: 'measure'; id: string; lines: string[] }
  | { kind: 'table'; header: string[]; rows: TableRow[] };

/** Every corpus document's blocks, by document id. */
export type DocumentTexts = Record<string, DocBlock[]>;

/** A heading is a numbered line this short (a measure or a paragraph is longer). */
const HEADING_MAX_CHARS = 40;

const cells = (row: string): string[] => row.split('|').map((c) => c.trim());

/** Blocks of one document from its seed text and its measures. */
export function documentBlocks(seedText: string, measures: readonly Measure[]): DocBlock[] {
  const lines = seedText.replace(/\r\n?/gu, '\n').split('\n');
  const starts = new Map<number, Measure>();
  for (const m of measures) starts.set(m.line, m);
  const blocks: DocBlock[] = [];
  let open: { m: Measure; lines: string[]; norm: string } | null = null;
  let table: Extract<DocBlock, { kind: 'table' }> | null = null;
  /** The table row being read (a row may wrap onto following lines). */
  let row: { id: string; text: string } | null = null;

  const closeRow = (): void => {
    if (row && table) {
      const width = Math.max(table.header.length, 1);
      const cs = cells(row.text);
      // A trailing `|` leaves an empty last cell; the header says how many there are.
      table.rows.push({
        kind: 'task',
        id: row.id,
        cells: cs.slice(0, width).concat(Array(Math.max(0, width - cs.length)).fill('')),
      });
    }
    row = null;
  };
  const closeMeasure = (): void => {
    if (open) blocks.push({ kind: 'measure', id: open.m.id, lines: open.lines });
    open = null;
  };

  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    const starting = starts.get(n);
    if (line.includes('|')) {
      closeMeasure();
      if (!table) {
        // The first `|` line is the header.
        table = { kind: 'table', header: cells(line).filter((c) => c !== ''), rows: [] };
        blocks.push(table);
        return;
      }
      if (starting) {
        closeRow();
        row = { id: starting.id, text: line };
      } else if (/^\|/u.test(line) && row) {
        row.text += line; // the rest of a wrapped row
      } else {
        closeRow();
        const text = cells(line).find((c) => c !== '') ?? '';
        if (text !== '') table.rows.push({ kind: 'group', text });
      }
      return;
    }
    closeRow();
    table = null;
    if (line === '') return;
    if (starting) {
      closeMeasure();
      open = { m: starting, lines: [line], norm: normalizeText(starting.text) };
      return;
    }
    const norm = normalizeText(line);
    if (open && norm !== '' && open.norm.includes(norm)) {
      open.lines.push(line);
      return;
    }
    closeMeasure();
    blocks.push({
      kind: 'text',
      text: line,
      heading: readMarker(line) !== null && line.length <= HEADING_MAX_CHARS,
    });
  });
  closeRow();
  closeMeasure();
  return blocks;
}

/** Blocks of every corpus document; `readSeed` reads a seed file by its name in the manifest. */
export function documentTexts(
  corpus: Pick<Corpus, 'documents' | 'measures'>,
  readSeed: (file: string) => string,
): DocumentTexts {
  const out: DocumentTexts = {};
  for (const d of corpus.documents) {
    out[d.id] = documentBlocks(
      readSeed(d.file),
      corpus.measures.filter((m) => m.docId === d.id),
    );
  }
  return out;
}

/** The measure ids of a document's blocks, in reading order (table tasks included). */
export function blockMeasureIds(blocks: readonly DocBlock[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'measure') out.push(b.id);
    else if (b.kind === 'table') for (const r of b.rows) if (r.kind === 'task') out.push(r.id);
  }
  return out;
}
