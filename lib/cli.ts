/**
 * The command line over `lib/`: batch work and tests use the same code as the extension.
 * `runCli` takes argv and output sinks and returns an exit code, so tests call it in-process and
 * `scripts/cli.ts` only wires it to the process.
 */
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSeedsDir, readThesaurusJson } from './corpus/node.ts';
import { evaluateClusters, formatClusters, parseClusters } from './eval/clusters.ts';
import { evaluateLinking, formatLinking, parseLabels } from './eval/linking.ts';
import { parseThesaurus } from './thesaurus/schema.ts';
import { toJsonLd, toTurtle } from './thesaurus/skos.ts';
import type { Corpus, Measure } from './corpus/types.ts';
import { MatchEngine, type BlockResult } from './match/engine.ts';
import { titleSearch } from './match/find.ts';
import { htmlPageText, txtPageText } from './anchor/page-text.ts';
import { anchorLines, formatLines } from './anchor/report.ts';
import { AnnotationsError, readAnnotations, type InputAnnotation } from './anchor/w3c.ts';
import { extractBlocks, textToBlocks } from './page/blocks.ts';
import { parseHtml, sniffIsHtml } from './page/parse-html.ts';
import { segmentPage } from './page/segment.ts';
import { convertFile, ConvertError } from './exchange/convert.ts';
import { EXPORT_FORMATS, type ExportFormat } from './exchange/export.ts';
import { corpusLookup, DEFAULT_LIBRARY_BASE } from './exchange/formats.ts';
import { IMPORT_LIMITS } from './exchange/import.ts';

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
  // Measure spans, as the extension sees them: a heading with its body is one, inline numbers split.
  return segmentPage(isHtml ? extractBlocks(parseHtml(text)) : textToBlocks(text));
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
    else if (b.documentText) out.push(`  framing text of ${b.documentText} (not a measure)`);
    else if (b.measureLike) out.push('  measure-like, not in the corpus');
    for (const r of b.related.slice(0, 5))
      out.push(
        `  ~ ${r.section} · ${r.group}: ${r.id} (${r.score.toFixed(2)}): ${r.why.slice(0, 3).join(', ')}`,
      );
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
  related ID [--json]
                    A corpus measure's related measures, in card order: section, the instrument
                    they are grouped under, relatedness and the shared terms.
  thesaurus [--json | --skos | --turtle]
                    The instrument thesaurus (seeds/thesaurus.json), checked: a summary per field,
                    the checked source as JSON, or SKOS as JSON-LD (--skos) or Turtle (--turtle).
  eval [--links DIR] [--clusters FILE] [--json]
                    The development evaluation: recall@5 of labelled links on a folder of real
                    notices (labels.json + docs/, default test/fixtures/linking-dev), recognition
                    of its measures and flags on its negatives; and recall@5 of the within-corpus
                    clusters (default test/fixtures/clusters/instrument-clusters.json).
  convert INPUT --to backup|w3c|csv|markdown [--out FILE] [--library-base URL] [--exported TIME]
                    Convert a JSON backup or W3C Web Annotation JSON-LD (one annotation, a list, a
                    collection; INPUT - for stdin) to another format, as the library exports it.
                    --library-base: the library page W3C measure links use (default
                    ${DEFAULT_LIBRARY_BASE}; the extension's is
                    chrome-extension://<id>/library.html). --exported: the export time (UTC, e.g.
                    2026-12-01T03:57:07.123Z; default the input's own, else now). A bad file exits 1
                    with one line on stderr and writes nothing.
  anchor PAGE ANNOTATIONS [--json]
                    Re-anchor saved annotations on a page: PAGE is .html, .htm or .txt (its text is
                    body.textContent as a browser gives it; a .txt file is its own text);
                    ANNOTATIONS is W3C Web Annotation JSON-LD (one annotation, an array, or an
                    AnnotationCollection). --json prints {"results": [...]} in input order: id,
                    status, method, score, start, end, exact, prefix, suffix (null for orphans,
                    which add a reason); offsets count UTF-16 code units.
  help              Show this message.
`;

/** The repository root (lib/ is one level down). */
const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The development set and the clusters the evaluation reads by default. */
export const DEFAULT_LINKS_DIR = join(ROOT, 'test/fixtures/linking-dev');
export const DEFAULT_CLUSTERS_FILE = join(ROOT, 'test/fixtures/clusters/instrument-clusters.json');

/** Reads a JSON file, or says clearly why it cannot. */
function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`${file}: no such file`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(`${file}: not JSON (${(e as Error).message})`);
  }
}

/** The value after a flag (`--links DIR`), removed from `args`; undefined when the flag is absent. */
function takeValue(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  args.splice(at, 2);
  return value;
}

/** A summary of the thesaurus: fields, then their instruments with their terms. */
function thesaurusSummary(json: unknown): string {
  const t = parseThesaurus(json);
  const fields = t.concepts.filter((c) => c.broad);
  const children = new Map<string, string[]>();
  for (const c of t.concepts)
    for (const b of c.broader ?? []) children.set(b, [...(children.get(b) ?? []), c.id]);
  const byId = new Map(t.concepts.map((c) => [c.id, c]));
  const terms = t.concepts.reduce(
    (n, c) => n + 1 + (c.altLabel?.length ?? 0) + (c.hiddenLabel?.length ?? 0),
    0,
  );
  const out = [
    `${t.title.en} (${t.id}) version ${t.version}: ${t.concepts.length} concepts (${fields.length} fields), ${terms} terms; ${t.noInstrument.length} measures name none on purpose`,
  ];
  const walk = (id: string, depth: number): void => {
    const c = byId.get(id);
    if (!c) return;
    const alt = c.altLabel?.length ? `  ${c.altLabel.join(' · ')}` : '';
    out.push(`${'  '.repeat(depth)}${c.broad ? '■' : '•'} ${c.prefLabel['zh-CN']} (${c.id})${alt}`);
    for (const k of children.get(id) ?? []) walk(k, depth + 1);
  };
  for (const c of t.concepts.filter((x) => (x.broader ?? []).length === 0)) walk(c.id, 0);
  return `${out.join('\n')}\n`;
}

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

/** `convert`'s options: `--name value` pairs and one INPUT. */
function convertArgs(args: readonly string[]): {
  input: string;
  to: ExportFormat;
  out: string | null;
  libraryBase: string | undefined;
  exported: string | undefined;
} {
  const values = new Map<string, string>();
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--')) {
      if (!['--to', '--out', '--library-base', '--exported'].includes(a))
        throw new UsageError(`unknown option ${a}`);
      const value = args[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2))
        throw new UsageError(`${a} needs a value`);
      if (values.has(a)) throw new UsageError(`${a} given twice`);
      values.set(a, value);
      i += 1;
    } else if (a !== '') inputs.push(a);
  }
  if (inputs.length !== 1) throw new UsageError('convert takes exactly one INPUT (or - for stdin)');
  const to = values.get('--to');
  if (to === undefined) throw new UsageError('convert needs --to backup|w3c|csv|markdown');
  if (!(EXPORT_FORMATS as readonly string[]).includes(to)) {
    throw new UsageError(`--to must be one of ${EXPORT_FORMATS.join(', ')}`);
  }
  const exported = values.get('--exported');
  if (exported !== undefined && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u.test(exported)) {
    throw new UsageError('--exported must be a UTC time such as 2026-12-01T03:57:07.123Z');
  }
  const libraryBase = values.get('--library-base');
  if (libraryBase !== undefined && !/^[a-z][a-z0-9+.-]*:\/\/\S+$/iu.test(libraryBase)) {
    throw new UsageError(
      '--library-base must be an absolute URL such as chrome-extension://<id>/library.html',
    );
  }
  return {
    input: inputs[0] as string,
    to: to as ExportFormat,
    out: values.get('--out') ?? null,
    libraryBase,
    exported,
  };
}

/** `convert`: reads INPUT whole, converts, and writes --out (through a temporary file) or stdout. */
function convertCommand(args: readonly string[], io: CliIo): number {
  const { input, to, out, libraryBase, exported } = convertArgs(args);
  const name = input === '-' ? 'input' : input;
  let bytes: Buffer;
  if (input === '-') {
    if (!io.readStdin) throw new InputError('no standard input available');
    bytes = io.readStdin();
  } else {
    let size: number;
    try {
      const st = statSync(input);
      if (!st.isFile()) throw new InputError(`${input}: not a file`);
      size = st.size;
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`${input}: no such file`);
    }
    if (size > IMPORT_LIMITS.bytes) {
      throw new InputError(
        `${input}: ${(size / 1048576).toFixed(0)} MB is more than the ${IMPORT_LIMITS.bytes / 1048576} MB a file may have`,
      );
    }
    bytes = readFileSync(input);
  }
  let result: { text: string; notes: string[] };
  try {
    result = convertFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      to,
      ...(exported !== undefined ? { exported } : {}),
      ...(libraryBase !== undefined ? { libraryBase } : {}),
      ...(to === 'csv' || to === 'markdown' ? { measures: corpusLookup(compileSeedsDir()) } : {}),
    });
  } catch (e) {
    if (e instanceof ConvertError) throw new InputError(`${name}: ${e.message}`);
    throw e;
  }
  for (const note of result.notes) io.stderr(`policylens: ${name}: ${note}\n`);
  if (out === null) {
    io.stdout(result.text);
    return 0;
  }
  // Written beside the target and renamed over it: a failed write leaves no half file.
  const temp = `${out}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, result.text, 'utf8');
    renameSync(temp, out);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing was written
    }
    throw new InputError(
      `${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  return 0;
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
      case 'related': {
        const args = [...rest];
        const flags = parseFlags(
          args.filter((a) => a.startsWith('--')),
          ['--json'],
        );
        const ids = args.filter((a) => !a.startsWith('--'));
        if (ids.length !== 1) throw new UsageError('related takes exactly one measure ID');
        const corpus = compileSeedsDir();
        const m = corpus.measures.find((x) => x.id === ids[0]);
        if (!m) throw new InputError(`no measure ${ids[0]} in the corpus (see: npm run cli -- corpus)`);
        if (flags.has('--json')) io.stdout(`${JSON.stringify({ id: m.id, related: m.related })}\n`);
        else {
          const byId = new Map(corpus.measures.map((x) => [x.id, x]));
          const lines = [`${m.id} ${m.title}`];
          for (const r of m.related) {
            lines.push(
              `  ${r.section.padEnd(11)} ${r.group.padEnd(26)} ${r.score.toFixed(2)}  ${r.id.padEnd(20)} ${byId.get(r.id)?.title ?? ''}`,
              `  ${''.padEnd(11)} ${''.padEnd(26)}       ${r.why.join(', ')}`,
            );
          }
          if (m.related.length === 0) lines.push('  no related measure above the floor');
          io.stdout(`${lines.join('\n')}\n`);
        }
        return 0;
      }
      case 'thesaurus': {
        const flags = parseFlags(rest, ['--json', '--skos', '--turtle']);
        if (flags.size > 1) throw new UsageError('thesaurus takes one of --json, --skos, --turtle');
        const json = readThesaurusJson();
        if (flags.has('--json')) io.stdout(`${JSON.stringify(parseThesaurus(json))}\n`);
        else if (flags.has('--skos'))
          io.stdout(`${JSON.stringify(toJsonLd(parseThesaurus(json)), null, 1)}\n`);
        else if (flags.has('--turtle')) io.stdout(toTurtle(parseThesaurus(json)));
        else io.stdout(thesaurusSummary(json));
        return 0;
      }
      case 'eval': {
        const args = [...rest];
        const linksDir = takeValue(args, '--links') ?? DEFAULT_LINKS_DIR;
        const clustersFile = takeValue(args, '--clusters') ?? DEFAULT_CLUSTERS_FILE;
        const flags = parseFlags(args, ['--json']);
        const labels = parseLabels(readJson(join(linksDir, 'labels.json')), join(linksDir, 'labels.json'));
        const engine = new MatchEngine(compileSeedsDir());
        const links = evaluateLinking(engine, labels, (file) => {
          try {
            return readFileSync(join(linksDir, file), 'utf8');
          } catch {
            throw new InputError(`${join(linksDir, file)}: named in labels.json but not readable`);
          }
        });
        const clusters = evaluateClusters(parseClusters(readJson(clustersFile), clustersFile), engine.corpus);
        io.stdout(
          flags.has('--json')
            ? `${JSON.stringify({ links, clusters })}\n`
            : `${formatLinking(links, linksDir)}\n${formatClusters(clusters)}`,
        );
        return 0;
      }
      case 'convert':
        return convertCommand(rest, io);
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
