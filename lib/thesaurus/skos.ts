/**
 * The thesaurus as SKOS (W3C Simple Knowledge Organization System), for reviewers and
 * researchers: JSON-LD or Turtle, from the checked source (`seeds/thesaurus.json`).
 *
 * - Each concept is a `skos:Concept` in one `skos:ConceptScheme`; concepts without a broader one
 *   are its top concepts. `skos:narrower` is written out as the inverse of `skos:broader`.
 * - Preferred labels are tagged `zh-Hans`, `zh-Hant` and `en`; alternative and hidden labels are
 *   Simplified (`zh-Hans`), or untagged when they are Latin letters and digits only (AEO, 1210).
 * - Definitions and scope notes are English. Fields (`broad`) and general public-service tools
 *   (`general`) carry PolicyLens's own annotation properties, `pl:field` and `pl:general`.
 * - Concept IRIs are `urn:x-policylens:instruments:<id>`: stable, and not pretending to resolve.
 */
import type { ConceptSource, ThesaurusSource } from './schema.ts';

/** The namespace of concept IRIs. */
export const CONCEPT_NAMESPACE = 'urn:x-policylens:instruments:';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';

type Literal = { '@value': string; '@language'?: string };

const LANG_TAG = { 'zh-CN': 'zh-Hans', 'zh-TW': 'zh-Hant', en: 'en' } as const;

function zhLiteral(s: string): Literal {
  return /^[\x20-\x7e]+$/u.test(s) ? { '@value': s } : { '@value': s, '@language': 'zh-Hans' };
}

function prefLabels(labels: ConceptSource['prefLabel']): Literal[] {
  return (Object.keys(LANG_TAG) as Array<keyof typeof LANG_TAG>).map((k) => ({
    '@value': labels[k],
    '@language': LANG_TAG[k],
  }));
}

/** Children of every concept, by id (the inverse of broader). */
function narrowerIds(t: ThesaurusSource): Map<string, string[]> {
  const out = new Map<string, string[]>(t.concepts.map((c) => [c.id, []]));
  for (const c of t.concepts) for (const b of c.broader ?? []) out.get(b)?.push(c.id);
  return out;
}

/** The scheme as a JSON-LD document (an object; `JSON.stringify` it). */
export function toJsonLd(t: ThesaurusSource): object {
  const scheme = `pl:${t.id}`;
  const narrower = narrowerIds(t);
  const ref = (id: string): { '@id': string } => ({ '@id': `pl:${id}` });
  const top = t.concepts.filter((c) => (c.broader ?? []).length === 0);
  const graph: object[] = [
    {
      '@id': scheme,
      '@type': 'skos:ConceptScheme',
      'skos:prefLabel': prefLabels(t.title),
      'owl:versionInfo': String(t.version),
      'skos:hasTopConcept': top.map((c) => ref(c.id)),
    },
    ...t.concepts.map((c) => {
      const node: Record<string, unknown> = {
        '@id': `pl:${c.id}`,
        '@type': 'skos:Concept',
        'skos:inScheme': { '@id': scheme },
        'skos:notation': c.id,
        'skos:prefLabel': prefLabels(c.prefLabel),
      };
      if (c.altLabel?.length) node['skos:altLabel'] = c.altLabel.map(zhLiteral);
      if (c.hiddenLabel?.length) node['skos:hiddenLabel'] = c.hiddenLabel.map(zhLiteral);
      if (c.broader?.length) node['skos:broader'] = c.broader.map(ref);
      const down = narrower.get(c.id) ?? [];
      if (down.length) node['skos:narrower'] = down.map(ref);
      if (c.related?.length) node['skos:related'] = c.related.map(ref);
      if (!c.broader?.length) node['skos:topConceptOf'] = { '@id': scheme };
      node['skos:definition'] = { '@value': c.definition, '@language': 'en' };
      if (c.note) node['skos:scopeNote'] = { '@value': c.note, '@language': 'en' };
      if (c.broad) node['pl:field'] = true;
      if (c.general) node['pl:general'] = true;
      return node;
    }),
  ];
  return {
    '@context': {
      skos: SKOS,
      owl: 'http://www.w3.org/2002/07/owl#',
      pl: CONCEPT_NAMESPACE,
    },
    '@graph': graph,
  };
}

/** A Turtle string literal. */
function lit(s: string, lang?: string): string {
  const escaped = s
    .replace(/\\/gu, '\\\\')
    .replace(/"/gu, '\\"')
    .replace(/\n/gu, '\\n')
    .replace(/\r/gu, '\\r');
  return `"${escaped}"${lang ? `@${lang}` : ''}`;
}

function zhLit(s: string): string {
  return /^[\x20-\x7e]+$/u.test(s) ? lit(s) : lit(s, 'zh-Hans');
}

/** The scheme as Turtle. */
export function toTurtle(t: ThesaurusSource): string {
  const narrower = narrowerIds(t);
  const scheme = `pl:${t.id}`;
  const top = t.concepts.filter((c) => (c.broader ?? []).length === 0);
  const prefs = (l: ConceptSource['prefLabel']): string =>
    (Object.keys(LANG_TAG) as Array<keyof typeof LANG_TAG>).map((k) => lit(l[k], LANG_TAG[k])).join(', ');
  const out: string[] = [
    `@prefix skos: <${SKOS}> .`,
    '@prefix owl: <http://www.w3.org/2002/07/owl#> .',
    '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .',
    `@prefix pl: <${CONCEPT_NAMESPACE}> .`,
    '',
    `${scheme} a skos:ConceptScheme ;`,
    `  skos:prefLabel ${prefs(t.title)} ;`,
    `  owl:versionInfo ${lit(String(t.version))} ;`,
    `  skos:hasTopConcept ${top.map((c) => `pl:${c.id}`).join(', ')} .`,
  ];
  for (const c of t.concepts) {
    const lines = [
      `pl:${c.id} a skos:Concept`,
      `skos:inScheme ${scheme}`,
      `skos:notation ${lit(c.id)}`,
      `skos:prefLabel ${prefs(c.prefLabel)}`,
    ];
    if (c.altLabel?.length) lines.push(`skos:altLabel ${c.altLabel.map(zhLit).join(', ')}`);
    if (c.hiddenLabel?.length) lines.push(`skos:hiddenLabel ${c.hiddenLabel.map(zhLit).join(', ')}`);
    if (c.broader?.length) lines.push(`skos:broader ${c.broader.map((b) => `pl:${b}`).join(', ')}`);
    const down = narrower.get(c.id) ?? [];
    if (down.length) lines.push(`skos:narrower ${down.map((n) => `pl:${n}`).join(', ')}`);
    if (c.related?.length) lines.push(`skos:related ${c.related.map((r) => `pl:${r}`).join(', ')}`);
    if (!c.broader?.length) lines.push(`skos:topConceptOf ${scheme}`);
    lines.push(`skos:definition ${lit(c.definition, 'en')}`);
    if (c.note) lines.push(`skos:scopeNote ${lit(c.note, 'en')}`);
    if (c.broad) lines.push('pl:field "true"^^xsd:boolean');
    if (c.general) lines.push('pl:general "true"^^xsd:boolean');
    out.push('', `${lines.join(' ;\n  ')} .`);
  }
  return `${out.join('\n')}\n`;
}
