/**
 * The exporters: stored records (+ measure facts, + options) → the text of a file. Pure and
 * deterministic: the same records give the same bytes in any order and in any context (the library
 * page, `cli convert`, the tests), which is what lets export → import into an empty profile →
 * export give the same file. What makes that hold:
 * - records are written in {@link exportOrder} (oldest first, ties by id), never in the store's
 *   order, and each record's keys in one fixed order (`Annotation`'s), whatever order they came in;
 * - nothing is read from the environment: the export time (`exported`), the library base of the W3C
 *   measure links and the measure facts are inputs;
 * - `\n` line ends and a trailing newline (CSV: CRLF, as RFC 4180 has it).
 *
 * Each format is a generator of text pieces ({@link exportParts}), so that an extension page can
 * write 100,000 annotations a slice at a time ({@link exportPartsAsync}) with the same code that
 * {@link exportText} runs in one go.
 *
 * - `backup`: `{ format, version, exported, settings?, annotations }`, one annotation per line (a
 *   diff of two backups shows records, and 100,000 records stay 25% smaller than indented JSON).
 * - `w3c`: an `AnnotationCollection` with its annotations inline in the embedded `first` page
 *   (`w3c.ts` for one annotation), indented by two spaces: exactly `JSON.stringify(collection,
 *   null, 2)`, written piece by piece. The collection's id is a name-based UUID of the export time
 *   and the records' ids and times, so one export has one id and a repeated export the same.
 * - `csv`: one row per annotation, every cell quoted, CRLF, UTF-8 with a byte order mark (so that
 *   spreadsheet software reads Chinese as UTF-8), and cells that start with `=`, `+`, `-`, `@`, a tab
 *   or a carriage return (and their full-width forms) prefixed with `'` (CSV injection, OWASP):
 *   csv-stringify's `escape_formulas`. A note that starts with `- ` (a Markdown list) gets the `'`
 *   too; that is the price of a file that cannot run a formula.
 * - `markdown`: per page, the title as a link, each quote as a block quote, its note under it (the
 *   reader's own Markdown, raw HTML neutralised), then tags, colour, status and measure. Page text
 *   (titles, quotes, tags, URLs) is escaped: every ASCII punctuation character gets a backslash
 *   (CommonMark lets any be escaped), so a title cannot open a link, an image, HTML, an autolink,
 *   a heading or a list, and whitespace is folded to single spaces.
 */
// The package's browser build: its Node build reads the global Buffer, which pages do not have
// (the browser build carries its own).
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { Annotation } from '../annotation/model.ts';
import type { Settings } from '../settings.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  derivedUuid,
  noMeasures,
  sortedForExport,
  W3C_CONTEXT,
  DEFAULT_LIBRARY_BASE,
  type MeasureLookup,
} from './formats.ts';
import { nextTurn } from './turn.ts';
import { toW3cAnnotation } from './w3c.ts';

export type ExportFormat = 'backup' | 'w3c' | 'csv' | 'markdown';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['backup', 'w3c', 'csv', 'markdown'];

/** File name extension and media type of each format. */
export const EXPORT_FILES: Readonly<Record<ExportFormat, { extension: string; mediaType: string }>> = {
  backup: { extension: 'json', mediaType: 'application/json' },
  w3c: { extension: 'jsonld', mediaType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"' },
  csv: { extension: 'csv', mediaType: 'text/csv; charset=utf-8; header=present' },
  markdown: { extension: 'md', mediaType: 'text/markdown; charset=utf-8' },
};

export interface ExportOptions {
  /** The time of the export, UTC as `isoNow()` writes it (the caller's clock: an input, for byte-identity). */
  exported: string;
  /** `w3c`: the library page the measure links point to; default {@link DEFAULT_LIBRARY_BASE}. */
  libraryBase?: string;
  /** `csv`, `markdown`: port and document of a measure id; default none (the columns stay empty). */
  measures?: MeasureLookup;
  /** `backup`: the reader's settings, written when given. */
  settings?: Settings | null;
  /** Records per piece (default 500). */
  chunk?: number;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u;

function checkOptions(options: ExportOptions): void {
  if (typeof options?.exported !== 'string' || !ISO_UTC.test(options.exported)) {
    throw new TypeError('exported must be a UTC time such as 2026-12-01T03:57:07.123Z (isoNow())');
  }
}

/** A record with its keys in `Annotation`'s order (records read from elsewhere may have any order). */
export function canonicalRecord(a: Annotation): Annotation {
  return {
    id: a.id,
    page: { url: a.page.url, canonical: a.page.canonical, title: a.page.title },
    keys: [...a.keys],
    quote: {
      type: 'TextQuoteSelector',
      exact: a.quote.exact,
      prefix: a.quote.prefix,
      suffix: a.quote.suffix,
    },
    position: a.position
      ? { type: 'TextPositionSelector', start: a.position.start, end: a.position.end }
      : null,
    measureId: a.measureId,
    colour: a.colour,
    tags: [...a.tags],
    note: a.note,
    status: a.status,
    created: a.created,
    updated: a.updated,
  };
}

function* chunks<T>(
  xs: readonly T[],
  size: number,
): Generator<{ items: readonly T[]; first: boolean; last: boolean }> {
  if (xs.length === 0) {
    yield { items: [], first: true, last: true };
    return;
  }
  for (let i = 0; i < xs.length; i += size) {
    yield { items: xs.slice(i, i + size), first: i === 0, last: i + size >= xs.length };
  }
}

// ---- backup ----

function* backupParts(
  records: readonly Annotation[],
  options: ExportOptions,
  size: number,
): Generator<string> {
  const head: string[] = [
    '{',
    `  "format": ${JSON.stringify(BACKUP_FORMAT)},`,
    `  "version": ${BACKUP_VERSION},`,
    `  "exported": ${JSON.stringify(options.exported)},`,
  ];
  if (options.settings) {
    const s = options.settings;
    head.push(
      `  "settings": ${JSON.stringify({ tintMode: s.tintMode, printHighlights: s.printHighlights })},`,
    );
  }
  if (records.length === 0) {
    yield `${head.join('\n')}\n  "annotations": []\n}\n`;
    return;
  }
  yield `${head.join('\n')}\n  "annotations": [\n`;
  for (const { items, last } of chunks(records, size)) {
    const lines = items.map((a) => `    ${JSON.stringify(canonicalRecord(a))}`);
    yield `${lines.join(',\n')}${last ? '\n' : ',\n'}`;
  }
  yield '  ]\n}\n';
}

// ---- W3C ----

/** The collection's id: a name-based UUID of the export time and every record's id and `updated`. */
export function collectionId(records: readonly Annotation[], exported: string): string {
  const name = [`collection\n${exported}\n${records.length}`, ...records.map((a) => `${a.id} ${a.updated}`)];
  return `urn:uuid:${derivedUuid(name.join('\n'))}`;
}

/** The collection around the items (an empty `items` list, where the pieces go). */
export function w3cCollectionShell(records: readonly Annotation[], exported: string) {
  const id = collectionId(records, exported);
  return {
    '@context': W3C_CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: 'PolicyLens annotations',
    total: records.length,
    generated: exported,
    generator: { type: 'Software', name: 'PolicyLens' },
    first: { id: `${id}#page1`, type: 'AnnotationPage', startIndex: 0, items: [] as unknown[] },
  };
}

function* w3cParts(records: readonly Annotation[], options: ExportOptions, size: number): Generator<string> {
  const base = options.libraryBase ?? DEFAULT_LIBRARY_BASE;
  const shell = JSON.stringify(w3cCollectionShell(records, options.exported), null, 2);
  if (records.length === 0) {
    yield `${shell}\n`;
    return;
  }
  const marker = '"items": []';
  const at = shell.lastIndexOf(marker);
  yield `${shell.slice(0, at)}"items": [\n`;
  const indent = '      ';
  for (const { items, last } of chunks(records, size)) {
    const text = items.map((a) =>
      JSON.stringify(toW3cAnnotation(a, base), null, 2)
        .split('\n')
        .map((line) => indent + line)
        .join('\n'),
    );
    yield `${text.join(',\n')}${last ? '\n' : ',\n'}`;
  }
  yield `    ]${shell.slice(at + marker.length)}\n`;
}

// ---- CSV ----

export const CSV_COLUMNS = [
  'Page URL',
  'Page title',
  'Quote',
  'Note',
  'Tags',
  'Colour',
  'Status',
  'Measure id',
  'Port',
  'Document',
  'Created',
  'Updated',
] as const;

/** Tags in one cell. */
export const CSV_TAG_SEPARATOR = '; ';

function* csvParts(records: readonly Annotation[], options: ExportOptions, size: number): Generator<string> {
  const measures = options.measures ?? noMeasures;
  for (const { items, first } of chunks(records, size)) {
    const rows = items.map((a) => {
      const m = a.measureId === null ? null : measures(a.measureId);
      return [
        a.page.url,
        a.page.title,
        a.quote.exact,
        a.note,
        a.tags.join(CSV_TAG_SEPARATOR),
        a.colour,
        a.status,
        a.measureId ?? '',
        m?.port ?? '',
        m?.document ?? '',
        a.created,
        a.updated,
      ];
    });
    yield stringify(rows, {
      bom: first,
      header: first,
      columns: [...CSV_COLUMNS],
      quoted: true,
      quoted_empty: true,
      escape_formulas: true,
      record_delimiter: 'windows',
      eof: true,
    });
  }
}

// ---- Markdown ----

/** Page text as Markdown text: one line, every ASCII punctuation character escaped. */
export function markdownText(s: string): string {
  return s
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[!-/:-@[-`{-~]/gu, '\\$&');
}

/** A link destination in angle brackets (the URL re-serialised, so it has no spaces or line breaks). */
function markdownDestination(url: string): string {
  let href: string;
  try {
    href = new URL(url).href;
  } catch {
    href = encodeURI(url.replace(/\s+/gu, ''));
  }
  return `<${href.replace(/[\\<>]/gu, '\\$&')}>`;
}

/** Text as a code span, fenced by more backticks than it holds in a row. */
function codeSpan(s: string): string {
  const text = s.replace(/\s+/gu, ' ');
  const longest = Math.max(0, ...(text.match(/`+/gu) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A note as Markdown under its quote: the reader's own Markdown, kept, with what the library would
 * not render neutralised, since the library renders notes with raw HTML off and http(s) links only:
 * raw HTML (`<tag`, `</tag`, `<!--`, `<?` start with `&lt;`; so do `<scheme:…>` autolinks),
 * images (`![…]` loses its `!` meaning: a note never makes a viewer fetch anything), and link
 * destinations with another scheme (`[x](javascript:…)`, `[x]: data:…` lose their link: the `(`
 * or `:` is escaped).
 */
export function markdownNote(note: string): string {
  return note
    .replace(/\r\n?/gu, '\n')
    .replace(/<(?=[A-Za-z/!?])/gu, '&lt;')
    .replace(/!\[/gu, '!\\[')
    .replace(/\]\((?=\s*<?\s*(?!https?:)[A-Za-z][A-Za-z0-9+.-]*:)/gu, ']\\(')
    .replace(/^( {0,3}\[[^\]\n]+\]):(?=\s*<?\s*(?!https?:)[A-Za-z][A-Za-z0-9+.-]*:)/gmu, '$1\\:')
    .trim();
}

/** Which page a record belongs to in the Markdown (its first page key). */
const pageOf = (a: Annotation): string => a.keys[0] ?? a.page.url;

/** Page order inside a page: by position, unpositioned last, then export order. */
function inPage(a: Annotation, b: Annotation): number {
  const pa = a.position?.start ?? Number.MAX_SAFE_INTEGER;
  const pb = b.position?.start ?? Number.MAX_SAFE_INTEGER;
  return pa - pb;
}

function* markdownParts(records: readonly Annotation[], options: ExportOptions): Generator<string> {
  const measures = options.measures ?? noMeasures;
  const pages = new Map<string, Annotation[]>();
  for (const a of records) {
    const list = pages.get(pageOf(a));
    if (list) list.push(a);
    else pages.set(pageOf(a), [a]);
  }
  const n = records.length;
  yield `# PolicyLens annotations\n\nExported ${options.exported}: ${
    n === 0
      ? 'no annotations'
      : `${n} annotation${n === 1 ? '' : 's'} on ${pages.size} page${pages.size === 1 ? '' : 's'}`
  }.\n`;
  for (const list of pages.values()) {
    // A stable sort keeps export order among equal positions.
    const sorted = [...list].sort(inPage);
    // The page's title and URL as its oldest annotation saw them.
    const head = list[0] as Annotation;
    const title = markdownText(head.page.title) || markdownText(head.page.url);
    const out: string[] = [`\n## [${title}](${markdownDestination(head.page.url)})\n`];
    for (const a of sorted) {
      out.push(`\n> ${markdownText(a.quote.exact)}\n`);
      const note = markdownNote(a.note);
      if (note !== '') out.push(`\n${note}\n`);
      const facts: string[] = [];
      if (a.tags.length > 0) facts.push(`Tags: ${a.tags.map(markdownText).join(', ')}`);
      facts.push(`Colour: ${a.colour}`, `Status: ${a.status}`);
      if (a.measureId !== null) {
        const m = measures(a.measureId);
        facts.push(
          `Measure: ${codeSpan(a.measureId)}${m ? ` (${markdownText(m.port)}, ${markdownText(m.document)})` : ''}`,
        );
      }
      facts.push(`Updated ${a.updated}`);
      out.push(`\n${facts.join(' · ')}\n`);
    }
    yield out.join('');
  }
}

// ---- entry points ----

/** The pieces of an export, in order; joined, they are the file. */
export function* exportParts(
  format: ExportFormat,
  records: readonly Annotation[],
  options: ExportOptions,
): Generator<string> {
  checkOptions(options);
  const sorted = sortedForExport(records);
  const size = Math.max(1, Math.floor(options.chunk ?? 500));
  switch (format) {
    case 'backup':
      yield* backupParts(sorted, options, size);
      return;
    case 'w3c':
      yield* w3cParts(sorted, options, size);
      return;
    case 'csv':
      yield* csvParts(sorted, options, size);
      return;
    case 'markdown':
      yield* markdownParts(sorted, options);
      return;
    default:
      throw new TypeError(`unknown export format ${String(format)}`);
  }
}

/** The whole export as one string. */
export function exportText(
  format: ExportFormat,
  records: readonly Annotation[],
  options: ExportOptions,
): string {
  return [...exportParts(format, records, options)].join('');
}

/**
 * The export's pieces, made a slice at a time: at most `sliceMs` of work between turns of the
 * event loop. Pass the pieces to `new Blob(parts)` for a download; `parts.join('')` is
 * {@link exportText}'s string.
 */
export async function exportPartsAsync(
  format: ExportFormat,
  records: readonly Annotation[],
  options: ExportOptions & {
    onProgress?: (done: number, total: number) => void;
    sliceMs?: number;
    signal?: AbortSignal;
  },
): Promise<string[]> {
  const parts: string[] = [];
  const sliceMs = options.sliceMs ?? 12;
  let written = 0;
  let since = performance.now();
  const total = records.length;
  for (const piece of exportParts(format, records, options)) {
    parts.push(piece);
    written += 1;
    if (performance.now() - since >= sliceMs) {
      options.onProgress?.(Math.min(total, written * (options.chunk ?? 500)), total);
      await nextTurn();
      options.signal?.throwIfAborted();
      since = performance.now();
    }
  }
  options.onProgress?.(total, total);
  return parts;
}
