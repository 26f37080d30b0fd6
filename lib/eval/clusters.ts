/**
 * Within-corpus clusters (`test/fixtures/clusters/instrument-clusters.json`): seed measures that
 * use the same specific instrument, labelled by reading the seed texts. Each member quotes the
 * words of its text that name the instrument, and `checkClusters` verifies every quote, so a label
 * cannot drift away from the seeds.
 *
 * Two figures, both on the measures' related lists in card order (their first five):
 * - **recall@5** (the headline, as the issue counts it: pairs "missing from each other's top
 *   five"): over unordered pairs of members of different documents, a pair is found when either
 *   measure is in the other's first five;
 * - **directed recall@5**, stricter: over (member, other document of the cluster) pairs, is some
 *   member of that document in the member's own first five? A measure that bundles several
 *   instruments belongs to several clusters and cannot show all of them in five slots, so this one
 *   stays lower by construction.
 *
 * A Changsha measure and its table tasks count as one measure.
 */
import * as v from 'valibot';
import type { Corpus } from '../corpus/types.ts';
import { normalizeText } from '../normalize.ts';

const MemberSchema = v.object({ id: v.string(), quote: v.pipe(v.string(), v.minLength(2)) });
const ClusterSchema = v.object({
  id: v.string(),
  instrument: v.string(),
  members: v.pipe(v.array(MemberSchema), v.minLength(2)),
});
export const ClustersSchema = v.object({ version: v.number(), clusters: v.array(ClusterSchema) });
export type Clusters = v.InferOutput<typeof ClustersSchema>;

/** Parses clusters JSON; throws one Error listing every problem with its path. */
export function parseClusters(json: unknown, source = 'instrument-clusters.json'): Clusters {
  const r = v.safeParse(ClustersSchema, json);
  if (r.success) return r.output;
  const lines = r.issues.map((i) => `${source}: ${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
  throw new Error(`Invalid clusters:\n${lines.join('\n')}`);
}

/** Problems with the labels against the corpus: unknown ids, quotes not in the text, one-document clusters. */
export function checkClusters(clusters: Clusters, corpus: Corpus): string[] {
  const byId = new Map(corpus.measures.map((m) => [m.id, m]));
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const c of clusters.clusters) {
    if (ids.has(c.id)) problems.push(`${c.id}: duplicate cluster id`);
    ids.add(c.id);
    const docs = new Set<string>();
    for (const m of c.members) {
      const measure = byId.get(m.id);
      if (!measure) {
        problems.push(`${c.id}: unknown measure ${m.id}`);
        continue;
      }
      docs.add(measure.docId);
      if (!normalizeText(measure.text).includes(normalizeText(m.quote))) {
        problems.push(`${c.id}: ${m.id} does not say "${m.quote}"`);
      }
    }
    if (docs.size < 2) problems.push(`${c.id}: all members are in one document`);
  }
  return problems;
}

/** A pair not found, for reading. */
export interface ClusterMiss {
  cluster: string;
  a: string;
  b: string;
}

export interface ClustersReport {
  clusters: number;
  /** Unordered pairs of members in different documents; found when either lists the other. */
  pairs: { hits: number; total: number; recall: number; misses: ClusterMiss[] };
  /** (member, other document) pairs; found when the member lists one of that document's members. */
  directed: { hits: number; total: number; recall: number };
}

const ratio = (h: number, t: number): number => (t === 0 ? 1 : Math.round((h / t) * 1000) / 1000);

/** Computes both figures from the corpus's related lists. */
export function evaluateClusters(clusters: Clusters, corpus: Corpus): ClustersReport {
  const byId = new Map(corpus.measures.map((m) => [m.id, m]));
  const family = (id: string): string => byId.get(id)?.parentId ?? id;
  const topFive = (id: string): Set<string> =>
    new Set((byId.get(id)?.related ?? []).slice(0, 5).map((r) => family(r.id)));
  const docOf = (id: string): string => byId.get(id)?.docId ?? '';
  let hits = 0;
  let total = 0;
  let dHits = 0;
  let dTotal = 0;
  const misses: ClusterMiss[] = [];
  for (const c of clusters.clusters) {
    const ids = c.members.map((m) => m.id).filter((id) => byId.has(id));
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = ids[i] as string;
        const b = ids[j] as string;
        if (docOf(a) === docOf(b)) continue;
        total++;
        if (topFive(a).has(family(b)) || topFive(b).has(family(a))) hits++;
        else misses.push({ cluster: c.id, a, b });
      }
    }
    for (const a of ids) {
      const shown = topFive(a);
      for (const d of new Set(ids.map(docOf).filter((x) => x !== docOf(a)))) {
        dTotal++;
        if (ids.some((b) => docOf(b) === d && shown.has(family(b)))) dHits++;
      }
    }
  }
  return {
    clusters: clusters.clusters.length,
    pairs: { hits, total, recall: ratio(hits, total), misses },
    directed: { hits: dHits, total: dTotal, recall: ratio(dHits, dTotal) },
  };
}

/** The report as text, misses by name. */
export function formatClusters(r: ClustersReport): string {
  const out = [
    `Within-corpus clusters (${r.clusters}):`,
    `  recall@5, pairs (either lists the other)  ${r.pairs.hits}/${r.pairs.total} = ${r.pairs.recall.toFixed(3)}`,
    `  directed recall@5 (member → other document) ${r.directed.hits}/${r.directed.total} = ${r.directed.recall.toFixed(3)}`,
    ...r.pairs.misses.map((m) => `  miss: ${m.cluster}: ${m.a} ~ ${m.b}`),
  ];
  return `${out.join('\n')}\n`;
}
