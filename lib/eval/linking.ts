/**
 * The development evaluation of related measures on real notices (`test/fixtures/linking-dev/`,
 * a copy of the shared set; its README explains the texts and labels).
 *
 * Each notice is read as the command line reads a `.txt` page (its `#META` line left out): blocks,
 * cut into measure spans, matched by the engine. For every labelled measure, the block that holds
 * it is the first block whose text contains the start of the label's `text40`, and:
 *
 * - it is **recognised** when the engine flags it as a measure or matches it;
 * - its **top five** are the first five of the block's matches followed by its related list, in
 *   the order `cli match --json` prints them (the order the card shows);
 * - a labelled link is a **hit** when one of its `corpusIds` is among them, a Changsha measure and
 *   the table tasks that restate it counting as one (the labels' README says any of them counts).
 *
 * Negatives (`measures: []`) must have no block flagged or matched.
 *
 * Pure functions over a reader of files: the command line, the tests and the bench share them.
 */
import * as v from 'valibot';
import type { Corpus } from '../corpus/types.ts';
import type { MatchEngine } from '../match/engine.ts';
import { normalizeText } from '../normalize.ts';
import { textToBlocks } from '../page/blocks.ts';
import { segmentPage } from '../page/segment.ts';

const LinkSchema = v.object({
  seed: v.string(),
  item: v.string(),
  corpusIds: v.array(v.string()),
  kind: v.string(),
  why: v.string(),
});

const MeasureSchema = v.object({
  id: v.string(),
  text40: v.pipe(v.string(), v.minLength(1)),
  links: v.array(LinkSchema),
});

const DocumentSchema = v.object({
  file: v.string(),
  label: v.string(),
  measures: v.array(MeasureSchema),
});

export const LabelsSchema = v.object({ documents: v.array(DocumentSchema) });

export type Labels = v.InferOutput<typeof LabelsSchema>;

/** Parses labels JSON; throws one Error listing every problem with its path. */
export function parseLabels(json: unknown, source = 'labels.json'): Labels {
  const r = v.safeParse(LabelsSchema, json);
  if (r.success) return r.output;
  const lines = r.issues.map((i) => `${source}: ${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
  throw new Error(`Invalid labels:\n${lines.join('\n')}`);
}

/** How many normalised characters of `text40` locate a measure's block. */
const LOCATE_CHARS = 12;

/** One labelled link and whether it was found. */
export interface LinkOutcome {
  file: string;
  /** The labelled measure, in the document's own numbering. */
  measure: string;
  seed: string;
  item: string;
  kind: string;
  corpusIds: string[];
  why: string;
  hit: boolean;
  /** The block's top five (corpus ids), for reading misses. */
  topFive: string[];
}

/** A figure as hits over a total. */
export interface Recall {
  hits: number;
  total: number;
  recall: number;
}

/** The whole evaluation. */
export interface LinkingReport {
  documents: number;
  recognition: Recall & { missed: Array<{ file: string; measure: string; text40: string }> };
  negatives: { documents: number; flagged: Array<{ file: string; text: string }> };
  /** Links by kind (`same-instrument`, `same-theme`, `identical`). */
  byKind: Record<string, Recall>;
  sameInstrument: Recall;
  allLinks: Recall;
  links: LinkOutcome[];
}

const recall = (hits: number, total: number): Recall => ({
  hits,
  total,
  recall: total === 0 ? 1 : Math.round((hits / total) * 1000) / 1000,
});

/** A `.txt` notice as the evaluation reads it: its `#META` line blanked (offsets unchanged). */
export function stripMeta(text: string): string {
  return text.replace(/^#META[^\n]*/u, (line) => ' '.repeat(line.length));
}

const squeeze = (s: string): string => normalizeText(s).replace(/\s+/gu, '');

/** Runs the evaluation; `readDoc` returns a labelled file's text (`docs/…` relative to labels.json). */
export function evaluateLinking(
  engine: MatchEngine,
  labels: Labels,
  readDoc: (file: string) => string,
): LinkingReport {
  const corpus: Corpus = engine.corpus;
  const parentOf = new Map(corpus.measures.map((m) => [m.id, m.parentId]));
  const family = (id: string): string => parentOf.get(id) ?? id;
  const links: LinkOutcome[] = [];
  const missed: LinkingReport['recognition']['missed'] = [];
  const flagged: LinkingReport['negatives']['flagged'] = [];
  let recognised = 0;
  let measures = 0;
  let negatives = 0;
  for (const d of labels.documents) {
    const page = segmentPage(textToBlocks(stripMeta(readDoc(d.file))));
    const results = engine.matchBlocks(page.blocks);
    const squeezed = results.map((b) => squeeze(b.text));
    if (d.measures.length === 0) {
      negatives++;
      for (const b of results) {
        if (b.measureLike || b.matches.length > 0) flagged.push({ file: d.file, text: b.text.slice(0, 60) });
      }
    }
    for (const m of d.measures) {
      measures++;
      const key = squeeze(m.text40).slice(0, LOCATE_CHARS);
      const at = squeezed.findIndex((s) => s.includes(key));
      const block = at >= 0 ? results[at] : undefined;
      if (block && (block.measureLike || block.matches.length > 0)) recognised++;
      else missed.push({ file: d.file, measure: m.id, text40: m.text40 });
      const topFive = block
        ? [...block.matches.map((x) => x.id), ...block.related.map((x) => x.id)].slice(0, 5)
        : [];
      const shown = new Set(topFive.map(family));
      for (const l of m.links) {
        links.push({
          file: d.file,
          measure: m.id,
          seed: l.seed,
          item: l.item,
          kind: l.kind,
          corpusIds: l.corpusIds,
          why: l.why,
          hit: l.corpusIds.some((id) => shown.has(family(id))),
          topFive,
        });
      }
    }
  }
  const byKind: Record<string, Recall> = {};
  for (const kind of [...new Set(links.map((l) => l.kind))].sort()) {
    const of = links.filter((l) => l.kind === kind);
    byKind[kind] = recall(of.filter((l) => l.hit).length, of.length);
  }
  const same = links.filter((l) => l.kind === 'same-instrument');
  return {
    documents: labels.documents.length,
    recognition: { ...recall(recognised, measures), missed },
    negatives: { documents: negatives, flagged },
    byKind,
    sameInstrument: recall(same.filter((l) => l.hit).length, same.length),
    allLinks: recall(links.filter((l) => l.hit).length, links.length),
    links,
  };
}

/** The report as text: the figures, then every miss by name. */
export function formatLinking(r: LinkingReport, source: string): string {
  const pct = (x: Recall): string => `${x.hits}/${x.total} = ${x.recall.toFixed(3)}`;
  const out = [
    `Related measures on ${source} (${r.documents} documents):`,
    `  same-instrument recall@5  ${pct(r.sameInstrument)}`,
    `  all links recall@5        ${pct(r.allLinks)}`,
    ...Object.entries(r.byKind).map(([k, x]) => `    ${k.padEnd(22)} ${pct(x)}`),
    `  measures recognised       ${pct(r.recognition)}`,
    `  negative documents        ${r.negatives.documents}, blocks flagged: ${r.negatives.flagged.length}`,
  ];
  for (const m of r.recognition.missed) out.push(`  not recognised: ${m.file} ${m.measure} "${m.text40}"`);
  for (const f of r.negatives.flagged) out.push(`  flagged on a negative: ${f.file} "${f.text}"`);
  for (const l of r.links.filter((x) => !x.hit)) {
    out.push(
      `  miss (${l.kind}): ${l.file} ${l.measure} → ${l.corpusIds.join(' | ')}: ${l.why}`,
      `        top five: ${l.topFive.join(', ') || '(none)'}`,
    );
  }
  return `${out.join('\n')}\n`;
}
