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
import { normalizeText } from '../normalize.ts';
import { contentHashOf } from '../thesaurus/hash.ts';
import { loadThesaurus, type CompiledThesaurus } from '../thesaurus/thesaurus.ts';
import { THEMES, themesOf } from '../themes.ts';
import { deadlineInText, timeLimitsOf, titleOf, trailingAgencies } from './extract.ts';
import { parseManifest, type ManifestDocument } from './manifest.ts';
import { readMarker } from './numbering.ts';
import { CorpusBuildError, parseDocument, type DraftMeasure, type SourceError } from './parse.ts';
import type { Corpus, CorpusDocument, Deadline, Measure, Passage, Script, ScriptTables } from './types.ts';

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

/**
 * The strings a card shows that are not stored in both scripts (the document's title, issuer and
 * port, agencies, deadline labels, time-limit quotes, the reasons of related measures, and the
 * instrument terms and theme labels a reason can be made of), converted with OpenCC's phrase
 * tables; plus a character table for anything else. Keys are sorted so the JSON is stable.
 */
function scriptTables(
  documents: readonly CorpusDocument[],
  measures: readonly Measure[],
  thesaurus: CompiledThesaurus,
): ScriptTables {
  const hans = new Set<string>();
  const hant = new Set<string>();
  const scriptOf = new Map(documents.map((d) => [d.id, d.script]));
  for (const d of documents) {
    const own = d.script === 'Hans' ? hans : hant;
    own.add(d.title).add(d.issuer);
    for (const quote of Object.values(d.evidence)) if (quote) own.add(quote);
    hans.add(d.portZh);
  }
  for (const m of measures) {
    const own = scriptOf.get(m.docId) === 'Hant' ? hant : hans;
    for (const s of [...m.leadAgencies, ...m.coAgencies, ...m.timeLimits.map((t) => t.quote)]) own.add(s);
    if (m.deadline) own.add(m.deadline.label);
    for (const quote of m.deadline?.evidence ?? []) own.add(quote);
    // Reasons are written in Simplified (instrument terms and zh-CN theme labels).
    for (const r of m.related) for (const w of r.why) for (const part of w.split(' / ')) hans.add(part);
  }
  for (const c of thesaurus.concepts) for (const term of c.terms) hans.add(term);
  for (const theme of THEMES) hans.add(theme.labels['zh-CN']);
  const table = (strings: Set<string>, from: Script): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const s of [...strings].sort()) {
      const other = otherScript(s, from);
      if (other !== s) out[s] = other;
    }
    return out;
  };
  const hantChars: Record<string, string> = {};
  for (let cp = 0x3400; cp <= 0x9fff; cp++) {
    const ch = String.fromCodePoint(cp);
    const other = otherScript(ch, 'Hans');
    if (other !== ch) hantChars[ch] = other;
  }
  return { toHant: table(hans, 'Hans'), toHans: table(hant, 'Hant'), hantChars };
}

/** FNV-1a, 32 bit, as hex: a content version that needs no Node crypto (lib runs in browsers). */
export const contentHash = contentHashOf;

/** Lines shorter than this (normalised) are headings or signatures, not framing text worth keeping. */
const MIN_PASSAGE = 12;

/**
 * A document's lines that belong to none of its measures: the preamble, principles, requirements
 * and signature lines. Task-table rows are measures (tasks) and are left out.
 */
function passagesOf(docId: string, source: string, measures: readonly Measure[]): Passage[] {
  const inMeasures = measures.map((m) => normalizeText(m.text)).join('\n');
  const out: Passage[] = [];
  for (const raw of source.split(/\r?\n/u)) {
    const line = raw.trim();
    if (line.split('|').length > 2) continue;
    const marker = readMarker(line);
    const body = normalizeText(marker ? line.slice(marker.end) : line);
    if (body.length < MIN_PASSAGE || inMeasures.includes(body)) continue;
    out.push({ docId, text: line });
  }
  return out;
}

function documentRecord(d: ManifestDocument): CorpusDocument {
  const { layout: _layout, evidence, ...facts } = d;
  return { ...facts, evidence: evidence ?? {} };
}

/**
 * Checks that every inferred fact of a document says what it rests on, and that every quote given
 * as evidence is in the seed as written: an explanation that quotes words the notice does not
 * have would be a made-up source.
 */
function evidenceErrors(d: ManifestDocument, source: string): SourceError[] {
  const out: SourceError[] = [];
  const err = (reason: string): void => {
    out.push({ file: 'seeds/manifest.json', line: 0, reason: `${d.id}: ${reason}` });
  };
  const ev = d.evidence ?? {};
  const needs: Array<[boolean, keyof NonNullable<ManifestDocument['evidence']>]> = [
    [d.dateInferred, 'date'],
    [d.titleInferred, 'title'],
    [d.issuerInferred, 'issuer'],
  ];
  for (const [inferred, key] of needs) {
    if (inferred && !ev[key]) err(`${key} is inferred: evidence.${key} must quote the words it is read from`);
  }
  const quotes: Array<[string, string | undefined]> = [
    ['evidence.date', ev.date],
    ['evidence.title', ev.title],
    ['evidence.issuer', ev.issuer],
    ['layout.deadline.evidence', d.layout.deadline?.evidence],
  ];
  for (const [where, quote] of quotes) {
    if (quote !== undefined && !source.includes(quote)) err(`${where} "${quote}" is not in seeds/${d.file}`);
  }
  const rule = d.layout.deadline;
  if (rule?.inferred && !rule.fromText && !rule.evidence) {
    err('layout.deadline is inferred: give fromText or evidence (the words it is read from)');
  }
  return out;
}

/** The year a document was issued, for `年内` (within the year). */
function yearOf(d: ManifestDocument): number {
  return Number(d.date.slice(0, 4));
}

/**
 * A task table's deadline cell. `年内` (within the year) names no date: the end of the year the
 * notice is dated in is our reading, from `年内` and the notice's printed date.
 */
function tableDeadline(cell: string, d: ManifestDocument): Deadline | null {
  if (cell === '年内' || cell === '年內') {
    return {
      date: `${yearOf(d)}-12-31`,
      label: cell,
      inferred: true,
      evidence: d.evidence?.date ? [cell, d.evidence.date] : [cell],
    };
  }
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
      const from = rule.fromText ?? rule.evidence;
      if (rule.inferred && from) deadline.evidence = [from];
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
export function compileCorpus(manifestJson: unknown, readSeed: SeedReader, thesaurusJson: unknown): Corpus {
  const manifest = parseManifest(manifestJson);
  const thesaurus = loadThesaurus(thesaurusJson);
  const errors: SourceError[] = [];
  const measures: Measure[] = [];
  const passages: Passage[] = [];
  const ids = new Set<string>();
  for (const d of manifest.documents) {
    let source: string;
    try {
      source = readSeed(d.file);
    } catch (e) {
      errors.push({ file: `seeds/${d.file}`, line: 0, reason: `cannot read: ${(e as Error).message}` });
      continue;
    }
    errors.push(...evidenceErrors(d, source));
    const own = compileDocument(d, source, errors);
    for (const m of own) {
      if (ids.has(m.id))
        errors.push({ file: `seeds/${d.file}`, line: m.line, reason: `duplicate measure id ${m.id}` });
      ids.add(m.id);
      measures.push(m);
    }
    passages.push(...passagesOf(d.id, source, own));
  }
  const thesaurusSource =
    (thesaurusJson as { noInstrument?: Array<{ measure?: unknown }> }).noInstrument ?? [];
  for (const entry of thesaurusSource) {
    if (typeof entry.measure === 'string' && !ids.has(entry.measure)) {
      errors.push({
        file: 'seeds/thesaurus.json',
        line: 0,
        reason: `noInstrument names unknown measure ${entry.measure}`,
      });
    }
  }
  if (errors.length > 0) throw new CorpusBuildError(errors);
  const documents = manifest.documents.map(documentRecord);
  fillRelated(measures, documents, thesaurus);
  const scripts = scriptTables(documents, measures, thesaurus);
  const version = contentHash(JSON.stringify({ documents, measures, thesaurus, passages, scripts }));
  return { version, documents, measures, thesaurus, passages, scripts };
}
