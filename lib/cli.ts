/**
 * The command line over `lib/`: batch work and tests use the same code as the extension.
 * `runCli` takes argv and output sinks and returns an exit code, so tests call it in-process and
 * `scripts/cli.ts` only wires it to the process.
 */
import { compileSeedsDir } from './corpus/node.ts';
import type { Corpus, Measure } from './corpus/types.ts';

/** Where the CLI writes; a test passes string collectors. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const USAGE = `Usage: npm run --silent cli -- <command> [options]

Commands:
  corpus [--json]   Compile seeds/ and print the corpus: a summary per document, or with --json
                    exactly one JSON object {"documents": [...], "measures": [...]}.
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
    if (e instanceof UsageError) {
      io.stderr(`policylens: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`policylens: ${(e as Error).message}\n`);
    return 1;
  }
}
