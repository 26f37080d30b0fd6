/**
 * The command line over `lib/`: batch work and tests use the same code as the extension.
 * `runCli` takes argv and output sinks and returns an exit code, so tests call it in-process and
 * `scripts/cli.ts` only wires it to the process.
 */
import { readFileSync, statSync } from 'node:fs';
import { compileSeedsDir } from './corpus/node.ts';
import type { Corpus, Measure } from './corpus/types.ts';
import { MatchEngine, type BlockResult } from './match/engine.ts';
import { titleSearch } from './match/find.ts';
import { htmlPageText, txtPageText } from './anchor/page-text.ts';
import { anchorLines, formatLines } from './anchor/report.ts';
import { AnnotationsError, readAnnotations, type InputAnnotation } from './anchor/w3c.ts';
import { extractBlocks, textToBlocks } from './page/blocks.ts';
import { parseHtml, sniffIsHtml } from './page/parse-html.ts';

/** Input larger than this is refused with a message rather than read into memory. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

/** Where the CLI writes; a test passes string collectors. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Reads all of standard input (for `match -`). */
  readStdin?: () => Buffer;
}

/** An input problem the user can fix: printed without usage, exit code 1. */
class InputError extends Error {}

/**
 * Reads a page for `match`: refuses missing, oversized and binary input with a clear message,
 * sniffs HTML on stdin, and returns its blocks.
 */
function readPage(
  file: string,
  readStdin?: () => Buffer,
): { blocks: Array<{ text: string; start: number; end: number }> } {
  const text = readChecked(file, /\.(html?|txt)$/iu, 'a .html, .htm or .txt file', readStdin);
  const isHtml = file === '-' ? sniffIsHtml(text) : /\.html?$/iu.test(file);
  return isHtml ? extractBlocks(parseHtml(text)) : textToBlocks(text);
}

/**
 * Reads a file (or stdin for `-`) as UTF-8 text, refusing a wrong extension, a missing, oversized
 * or binary file with a one-line message.
 */
function readChecked(file: string, ext: RegExp | null, expected: string, readStdin?: () => Buffer): string {
  let bytes: Buffer;
  if (file === '-') {
    if (!readStdin) throw new InputError('no standard input available');
    bytes = readStdin();
  } else {
    if (ext && !ext.test(file)) throw new InputError(`${file}: expected ${expected}`);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      throw new InputError(`${file}: no such file`);
    }
    if (size > MAX_INPUT_BYTES) {
      throw new InputError(
        `${file}: ${(size / 1048576).toFixed(0)} MB is more than the ${MAX_INPUT_BYTES / 1048576} MB a page may have`,
      );
    }
    bytes = readFileSync(file);
  }
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new InputError(`input is more than the ${MAX_INPUT_BYTES / 1048576} MB a page may have`);
  }
  if (bytes.subarray(0, 8192).includes(0))
    throw new InputError(`${file === '-' ? 'input' : file}: binary data, not ${expected}`);
  return bytes.toString('utf8');
}

/** `anchor PAGE ANNOTATIONS`: the annotations of a Web Annotation JSON-LD file, re-anchored. */
function anchorCommand(pageFile: string, annotationsFile: string, json: boolean): string {
  const source = readChecked(pageFile, /\.(html?|txt)$/iu, 'a .html, .htm or .txt file');
  const text = /\.txt$/iu.test(pageFile) ? txtPageText(source) : htmlPageText(source).text;
  const raw = readChecked(annotationsFile, null, 'a Web Annotation JSON-LD file');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.replace(/^\ufeff/u, ''));
  } catch (e) {
    throw new InputError(`${annotationsFile}: invalid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  let annotations: InputAnnotation[];
  try {
    annotations = readAnnotations(parsed);
  } catch (e) {
    if (e instanceof AnnotationsError) throw new InputError(`${annotationsFile}: ${e.message}`);
    throw e;
  }
  const lines = anchorLines(text, annotations);
  return json ? `${JSON.stringify({ results: lines })}\n` : formatLines(lines, pageFile, text.length);
}

function matchReport(blocks: readonly BlockResult[], corpus: Corpus): string {
  if (blocks.length === 0) return 'no measure found\n';
  const byId = new Map(corpus.measures.map((m) => [m.id, m]));
  const out: string[] = [];
  for (const b of blocks) {
    const head = b.text.length > 40 ? `${b.text.slice(0, 40)}…` : b.text;
    out.push(`[${b.start}-${b.end}] ${head}`);
    const top = b.matches[0];
    if (top) out.push(`  = ${top.id} (${top.score.toFixed(2)}) ${byId.get(top.id)?.title ?? ''}`);
    else out.push('  measure-like, not in the corpus');
    for (const r of b.related.slice(0, 3))
      out.push(`  ~ ${r.id} (${r.score.toFixed(2)}): ${r.why.slice(0, 3).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}

export const USAGE = `Usage: npm run --silent cli -- <command> [options]

Commands:
  corpus [--json]   Compile seeds/ and print the corpus: a summary per document, or with --json
                    exactly one JSON object {"documents": [...], "measures": [...]}.
  match FILE [--json] [--all]
                    Find measures in a page: FILE is .html, .htm or .txt, or - for stdin (HTML is
                    sniffed). Lists measure-like or matched blocks (--all: every block) with their
                    matches and related measures; --json prints {"blocks": [...]}.
  find QUERY        Fuzzy search over measure titles (either script).
  anchor PAGE ANNOTATIONS [--json]
                    Re-anchor saved annotations on a page: PAGE is .html, .htm or .txt (its text is
                    body.textContent as a browser gives it; a .txt file is its own text);
                    ANNOTATIONS is W3C Web Annotation JSON-LD (one annotation, an array, or an
                    AnnotationCollection). --json prints {"results": [...]} in input order: id,
                    status, method, score, start, end, exact, prefix, suffix (null for orphans,
                    which add a reason); offsets count UTF-16 code units.
  help              Show this message.
`;

/** A usage error: printed with the usage text, exit code 2. */
class UsageError extends Error {}

function parseFlags(args: readonly string[], allowed: readonly string[]): Set<string> {
  const flags = new Set<string>();
  for (const a of args) {
    if (!allowed.includes(a)) {
      throw new UsageError(a.startsWith('-') ? `unknown option ${a}` : `unexpected argument ${a}`);
    }
    flags.add(a);
  }
  return flags;
}

/** The JSON shape promised by the corpus command: documented fields only, in a fixed order. */
export function corpusJson(corpus: Corpus): object {
  return {
    documents: corpus.documents.map((d) => ({
      id: d.id,
      seedFile: d.seedFile,
      port: d.port,
      issuer: d.issuer,
      title: d.title,
      date: d.date,
      dateInferred: d.dateInferred,
      script: d.script,
    })),
    measures: corpus.measures.map((m) => ({
      id: m.id,
      docId: m.docId,
      number: m.number,
      path: m.path,
      parentId: m.parentId,
      title: m.title,
      text: m.text,
      leadAgencies: m.leadAgencies,
      coAgencies: m.coAgencies,
      deadline: m.deadline,
      timeLimits: m.timeLimits,
      themes: m.themes,
      related: m.related,
    })),
  };
}

function label(m: Measure): string {
  return m.number ?? `${m.path.join('')}¶${m.id.split('.').pop()?.replace('p', '') ?? ''}`;
}

function corpusSummary(corpus: Corpus): string {
  const out: string[] = [
    `PolicyLens corpus ${corpus.version}: ${corpus.documents.length} documents, ${corpus.measures.length} measures`,
  ];
  for (const d of corpus.documents) {
    const ms = corpus.measures.filter((m) => m.docId === d.id);
    const tasks = ms.filter((m) => m.parentId !== null).length;
    out.push('');
    out.push(`${d.id}  ${d.title}${d.titleInferred ? ' (title inferred)' : ''}`);
    out.push(
      `  ${d.port} · ${d.issuer} · ${d.date}${d.dateInferred ? ' (inferred)' : ''} · ${d.script} · ${ms.length - tasks} measures${tasks ? ` + ${tasks} tasks` : ''}`,
    );
    for (const m of ms) {
      const deadline = m.deadline ? ` · ${m.deadline.date}${m.deadline.inferred ? '?' : ''}` : '';
      out.push(`  ${label(m).padEnd(7)} ${m.title}${deadline}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Runs one CLI invocation; returns the process exit code. */
export function runCli(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'corpus': {
        const flags = parseFlags(rest, ['--json']);
        const corpus = compileSeedsDir();
        io.stdout(flags.has('--json') ? `${JSON.stringify(corpusJson(corpus))}\n` : corpusSummary(corpus));
        return 0;
      }
      case 'match': {
        const files = rest.filter((a) => !a.startsWith('--') && a !== '');
        const flags = parseFlags(
          rest.filter((a) => a.startsWith('--')),
          ['--json', '--all'],
        );
        if (files.length !== 1) throw new UsageError('match takes exactly one FILE (or - for stdin)');
        const page = readPage(files[0] as string, io.readStdin);
        const engine = new MatchEngine(compileSeedsDir());
        const results = engine.matchBlocks(page.blocks);
        const shown = flags.has('--all')
          ? results
          : results.filter((b) => b.measureLike || b.matches.length > 0);
        io.stdout(
          flags.has('--json') ? `${JSON.stringify({ blocks: shown })}\n` : matchReport(shown, engine.corpus),
        );
        return 0;
      }
      case 'find': {
        const query = rest.join(' ').trim();
        if (query === '' || query.startsWith('--')) throw new UsageError('find takes a QUERY');
        const hits = titleSearch(compileSeedsDir().measures)(query);
        io.stdout(
          hits.length === 0
            ? 'no measure title matches\n'
            : `${hits.map((h) => `${h.score.toFixed(2)}  ${h.id.padEnd(22)} ${h.title}`).join('\n')}\n`,
        );
        return 0;
      }
      case 'anchor': {
        const files = rest.filter((a) => !a.startsWith('--'));
        const flags = parseFlags(
          rest.filter((a) => a.startsWith('--')),
          ['--json'],
        );
        if (files.length !== 2) throw new UsageError('anchor takes a PAGE and an ANNOTATIONS file');
        io.stdout(anchorCommand(files[0] as string, files[1] as string, flags.has('--json')));
        return 0;
      }
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return 0;
      case undefined:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`policylens: ${e.message}\n`);
      return 1;
    }
    if (e instanceof UsageError) {
      io.stderr(`policylens: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`policylens: ${(e as Error).message}\n`);
    return 1;
  }
}
