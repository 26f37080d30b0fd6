/**
 * The corpus compiler, run at build time (the Vite plugin), by the command line and by the tests.
 * It parses every seed with the one parser, extracts the structured fields, and returns a corpus
 * whose JSON is byte-identical from run to run (no timestamps, no Map iteration order, ids from
 * numbering). Any problem in any seed fails the whole build with every `file:line: reason`.
 *
 * It imports the full opencc-js (≈ 500 kB) to give each measure its text in the other script:
 * that is fine at build time, and nothing here is imported by the extension's runtime code.
 */
import * as OpenCC from 'opencc-js';
import { fillRelated } from '../match/engine.ts';
import { themesOf } from '../themes.ts';
import { deadlineInText, timeLimitsOf, titleOf, trailingAgencies } from './extract.ts';
import { parseManifest, type ManifestDocument } from './manifest.ts';
import { CorpusBuildError, parseDocument, type DraftMeasure, type SourceError } from './parse.ts';
import type { Corpus, CorpusDocument, Deadline, Measure } from './types.ts';

/** Reads a seed file by its name inside `seeds/`. */
export type SeedReader = (file: string) => string;

let toHant: ((s: string) => string) | undefined;
let toHans: ((s: string) => string) | undefined;

/** The other script's form of a string, with OpenCC's phrase tables (build time only). */
function otherScript(text: string, script: 'Hans' | 'Hant'): string {
  if (script === 'Hans') {
    toHant ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
    return toHant(text);
  }
  toHans ??= OpenCC.Converter({ from: 'tw', to: 'cn' });
  return toHans(text);
}

/** FNV-1a, 32 bit, as hex: a content version that needs no Node crypto (lib runs in browsers). */
export function contentHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function documentRecord(d: ManifestDocument): CorpusDocument {
  const { layout: _layout, ...facts } = d;
  return facts;
}

/** The year a document was issued, for `年内` (within the year). */
function yearOf(d: ManifestDocument): number {
  return Number(d.date.slice(0, 4));
}

function tableDeadline(cell: string, d: ManifestDocument): Deadline | null {
  if (cell === '年内' || cell === '年內') return { date: `${yearOf(d)}-12-31`, label: cell, inferred: false };
  return deadlineInText(cell);
}

function compileDocument(d: ManifestDocument, source: string, errors: SourceError[]): Measure[] {
  const { drafts, errors: parseErrors } = parseDocument(d, source);
  errors.push(...parseErrors);
  const file = `seeds/${d.file}`;
  const tasksOf = new Map<string, DraftMeasure[]>();
  for (const draft of drafts) {
    if (draft.parentId) tasksOf.set(draft.parentId, [...(tasksOf.get(draft.parentId) ?? []), draft]);
  }

  return drafts.map((draft) => {
    const err = (reason: string): void => {
      errors.push({ file, line: draft.line, reason: `${draft.number ?? draft.id}: ${reason}` });
    };
    const title = titleOf(draft.text);

    // Agencies.
    let lead: string[] = [];
    let co: string[] = [];
    let agencySource: Measure['agencySource'] = 'issuer';
    const tasks = tasksOf.get(draft.id) ?? [];
    if (draft.table) {
      lead = draft.table.lead;
      co = draft.table.co;
      agencySource = 'table';
      if (lead.length === 0) err('task has no 责任部门 (lead department)');
    } else if (d.layout.agencies === 'table' && tasks.length > 0) {
      // A measure implemented by table tasks: the departments its tasks name, first named first.
      lead = [...new Set(tasks.flatMap((t) => t.table?.lead ?? []))];
      co = [...new Set(tasks.flatMap((t) => t.table?.co ?? []))].filter((a) => !lead.includes(a));
      agencySource = 'table';
    } else if (d.layout.agencies === 'trailing-parens') {
      const found = trailingAgencies(draft.text);
      if (found === null) err('no agency parentheses at the end of the measure');
      else if (typeof found === 'string') err(found);
      else {
        lead = found.lead;
        co = found.co;
        agencySource = 'text';
      }
    } else {
      lead = [d.issuer];
    }

    // Deadline: the task table, the tasks of a measure, the text, then the document's rule.
    let deadline: Deadline | null = null;
    if (draft.table) {
      deadline = tableDeadline(draft.table.deadline, d);
      if (!deadline) err(`unreadable deadline "${draft.table.deadline}"`);
    } else if (tasks.length > 0) {
      const dates = tasks
        .map((t) => tableDeadline(t.table?.deadline ?? '', d))
        .filter((x): x is Deadline => x !== null);
      deadline = dates.sort((a, b) => b.date.localeCompare(a.date))[0] ?? null;
    }
    deadline ??= deadlineInText(draft.text);
    const rule = d.layout.deadline;
    if (!deadline && rule) {
      deadline = {
        date: rule.date,
        label: rule.fromText ?? rule.label ?? rule.date,
        inferred: rule.inferred,
      };
    }

    const themes = themesOf(draft.text);
    if (themes.length === 0) err('matches no theme: add its instrument terms to lib/themes.ts');

    return {
      id: draft.id,
      docId: d.id,
      number: draft.number,
      path: draft.path,
      parentId: draft.parentId,
      title,
      text: draft.text,
      titleOther: otherScript(title, d.script),
      textOther: otherScript(draft.text, d.script),
      leadAgencies: lead,
      coAgencies: co,
      agencySource,
      deadline,
      timeLimits: timeLimitsOf(draft.text),
      themes,
      related: [],
      line: draft.line,
    } satisfies Measure;
  });
}

/**
 * Compiles the corpus from manifest JSON and a seed reader. Throws `CorpusBuildError` listing every
 * problem (`file:line: reason`) when any seed does not parse cleanly.
 */
export function compileCorpus(manifestJson: unknown, readSeed: SeedReader): Corpus {
  const manifest = parseManifest(manifestJson);
  const errors: SourceError[] = [];
  const measures: Measure[] = [];
  const ids = new Set<string>();
  for (const d of manifest.documents) {
    let source: string;
    try {
      source = readSeed(d.file);
    } catch (e) {
      errors.push({ file: `seeds/${d.file}`, line: 0, reason: `cannot read: ${(e as Error).message}` });
      continue;
    }
    for (const m of compileDocument(d, source, errors)) {
      if (ids.has(m.id))
        errors.push({ file: `seeds/${d.file}`, line: m.line, reason: `duplicate measure id ${m.id}` });
      ids.add(m.id);
      measures.push(m);
    }
  }
  if (errors.length > 0) throw new CorpusBuildError(errors);
  fillRelated(measures);
  const documents = manifest.documents.map(documentRecord);
  const version = contentHash(JSON.stringify({ documents, measures }));
  return { version, documents, measures };
}
