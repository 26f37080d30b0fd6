/**
 * The instrument thesaurus (seeds/thesaurus.json): its checks, its coverage of the seed measures,
 * term matching, and the SKOS export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCorpus } from '../../lib/corpus/compile.ts';
import { compileSeedsDir, readThesaurusJson, SEEDS_DIR } from '../../lib/corpus/node.ts';
import { normalizeText } from '../../lib/normalize.ts';
import { featureText } from '../../lib/match/related.ts';
import { parseThesaurus, type ThesaurusSource } from '../../lib/thesaurus/schema.ts';
import { toJsonLd, toTurtle } from '../../lib/thesaurus/skos.ts';
import { compileThesaurus, loadThesaurus, TermMatcher } from '../../lib/thesaurus/thesaurus.ts';

const json = readThesaurusJson();
const source = parseThesaurus(json);
const thesaurus = compileThesaurus(source);
const matcher = new TermMatcher(thesaurus);
const corpus = compileSeedsDir();
const idOf = (k: number): string => thesaurus.concepts[k]?.id ?? '';
/** Instruments (not fields) a text names. */
const instruments = (text: string): string[] =>
  [...matcher.concepts(featureText(normalizeText(text))).keys()]
    .filter((k) => !thesaurus.concepts[k]?.broad)
    .map(idOf);

/** A copy of the source with one change, for the validator's tests. */
const variant = (change: (t: ThesaurusSource) => void): unknown => {
  const copy = structuredClone(json) as ThesaurusSource;
  change(copy);
  return copy;
};
const concept = (t: ThesaurusSource, id: string): ThesaurusSource['concepts'][number] => {
  const c = t.concepts.find((x) => x.id === id);
  if (!c) throw new Error(`no concept ${id}`);
  return c;
};

describe('the thesaurus file', () => {
  it('is valid, versioned, and labels every concept in zh-CN, zh-TW and en with a definition', () => {
    expect(source.version).toBeGreaterThanOrEqual(1);
    expect(source.concepts.length).toBeGreaterThan(100);
    for (const c of source.concepts) {
      expect(c.prefLabel['zh-CN'], c.id).not.toBe('');
      expect(c.prefLabel.en, c.id).toMatch(/[A-Za-z]/u);
      expect(c.definition, c.id).toMatch(/[A-Za-z]/u);
      // The Traditional label is the same term: it normalises (folds to Simplified) alike.
      expect(normalizeText(c.prefLabel['zh-TW']), c.id).toBe(normalizeText(c.prefLabel['zh-CN']));
    }
  });

  it('puts every instrument under a field, and fields only under fields', () => {
    const byId = new Map(source.concepts.map((c) => [c.id, c]));
    for (const c of source.concepts) {
      if (c.broad) {
        for (const b of c.broader ?? []) expect(byId.get(b)?.broad, `${c.id} under ${b}`).toBe(true);
      } else {
        // Walk up to a field.
        const seen = new Set<string>();
        const stack = [...(c.broader ?? [])];
        let field = false;
        while (stack.length > 0) {
          const id = stack.pop() as string;
          if (seen.has(id)) continue;
          seen.add(id);
          const up = byId.get(id);
          if (up?.broad) field = true;
          stack.push(...(up?.broader ?? []));
        }
        expect(field, `${c.id} reaches no field`).toBe(true);
      }
    }
  });

  it('has H986 as a kind of non-intrusive inspection, and AA class as the older name of AEO', () => {
    expect(concept(source, 'h986').broader).toContain('non-intrusive-inspection');
    expect(concept(source, 'aeo').altLabel).toContain('AA类');
    expect(concept(source, 'pre-classification').broader).toContain('advance-ruling');
  });

  it('names at least one instrument in every seed measure, or lists the measure as naming none', () => {
    const none = new Map(source.noInstrument.map((n) => [n.measure, n.reason]));
    const unlisted = corpus.measures.filter((m) => !none.has(m.id) && instruments(m.text).length === 0);
    expect(unlisted.map((m) => `${m.id} ${m.title}`)).toEqual([]);
    // …and a measure listed as naming none really names none (the list does not go stale).
    for (const [id, reason] of none) {
      const m = corpus.measures.find((x) => x.id === id);
      expect(m, id).toBeDefined();
      expect(instruments(m?.text ?? ''), `${id}: ${reason}`).toEqual([]);
      expect(reason.length).toBeGreaterThan(10);
    }
  });

  it('gives no term to two concepts (the compiler refuses it, naming both)', () => {
    const owner = new Map<string, string>();
    for (const c of thesaurus.concepts) {
      for (const t of c.terms) {
        expect(owner.get(t) ?? c.id, `"${t}"`).toBe(c.id);
        owner.set(t, c.id);
      }
    }
    const bad = variant((t) => concept(t, 'guarantee').altLabel?.push('提前报关'));
    expect(() => parseThesaurus(bad)).toThrow(
      /"提前报关" belongs to both advance-declaration and guarantee/u,
    );
    // A Traditional or full-width spelling is the same term once normalised.
    const traditional = variant((t) => concept(t, 'guarantee').altLabel?.push('提前報關'));
    expect(() => parseThesaurus(traditional)).toThrow(/belongs to both advance-declaration and guarantee/u);
  });
});

describe('the checks', () => {
  it('refuse unknown links, cycles, a field under an instrument, and bad shapes, with their paths', () => {
    expect(() => parseThesaurus(variant((t) => (concept(t, 'h986').broader = ['no-such-concept'])))).toThrow(
      /concepts\.\d+\.broader: unknown concept no-such-concept/u,
    );
    expect(() =>
      parseThesaurus(variant((t) => (concept(t, 'non-intrusive-inspection').broader = ['h986']))),
    ).toThrow(/broader links lead back to it/u);
    expect(() => parseThesaurus(variant((t) => (concept(t, 'inspection').broader = ['h986'])))).toThrow(
      /the field inspection cannot sit under the instrument h986/u,
    );
    expect(() => parseThesaurus(variant((t) => (concept(t, 'h986').id = 'H986')))).toThrow(
      /concepts\.\d+\.id/u,
    );
    expect(() =>
      parseThesaurus(variant((t) => Object.assign(concept(t, 'h986').prefLabel, { en: '' }))),
    ).toThrow(/prefLabel\.en: must not be empty/u);
    expect(() => parseThesaurus({ concepts: [] })).toThrow(/Invalid thesaurus/u);
  });

  it('fail the corpus build for a noInstrument entry naming no measure', () => {
    const bad = variant((t) => t.noInstrument.push({ measure: 'nowhere:1', reason: 'a test entry' }));
    // The thesaurus alone is fine (it does not know the corpus)…
    expect(() => loadThesaurus(bad)).not.toThrow();
    // …the corpus build is not.
    const manifest: unknown = JSON.parse(readFileSync(join(SEEDS_DIR, 'manifest.json'), 'utf8'));
    const read = (file: string): string => readFileSync(join(SEEDS_DIR, file), 'utf8');
    expect(() => compileCorpus(manifest, read, bad)).toThrow(/noInstrument names unknown measure nowhere:1/u);
  });
});

describe('term matching', () => {
  it('reads Simplified, Traditional and full-width text alike', () => {
    expect(instruments('推广“提前申报”')).toContain('advance-declaration');
    expect(instruments('推廣“提前申報”')).toContain('advance-declaration');
    expect(instruments('充分发挥Ｈ９８６等设备')).toContain('h986');
  });

  it('takes the longest term at each place, so a term inside a longer one does not fire', () => {
    // 非侵入式企业核查 is an enterprise audit, not the inspection of goods.
    expect(instruments('推广非侵入式企业核查模式')).toEqual(['remote-audit']);
    // 登机检查 (boarding checks) holds 机检 (machine inspection).
    expect(instruments('不再执行登机检查')).not.toContain('non-intrusive-inspection');
    // AA类企业 is AEO; the A类企业 inside it is not read again.
    expect(instruments('对AA类企业给予免担保通关待遇')).toEqual(expect.arrayContaining(['aeo', 'guarantee']));
    expect(instruments('对AA类企业给予免担保通关待遇')).not.toContain('enterprise-classes');
  });

  it('leaves out the agencies in charge at the end of a measure', () => {
    expect(instruments('推进实验室建设。(市商务局,电子口岸公司按职责分工负责)')).not.toContain('e-port');
    expect(instruments('推进电子口岸建设。')).toContain('e-port');
  });

  it('finds the classes the issue names: terms of one instrument are one concept', () => {
    const same = (...terms: string[]): void => {
      const ids = terms.map((t) => instruments(t));
      for (const [i, list] of ids.entries()) expect(list, terms[i]).toEqual(ids[0]);
    };
    same('担保通关', '担保验放', '税款担保', '凭保放行');
    same('属地申报', '口岸验放', '多点报关');
    same('船边直提', '抵港直装');
    same('快速通道', '绿色通道', '便捷通关');
    same('预归类', '预先归类');
    expect(instruments('加工贸易内销')).toEqual(instruments('集中办理内销征税手续'));
    // …and the narrower ones name their broader instrument through the hierarchy.
    const byId = new Map(thesaurus.concepts.map((c) => [c.id, c]));
    expect(byId.get('summary-tax')?.broader.map(idOf)).toContain('guarantee');
    expect(byId.get('duty-guarantee-insurance')?.broader.map(idOf)).toContain('guarantee');
  });
});

describe('SKOS export', () => {
  it('JSON-LD: one scheme, every concept with labels, broader and its inverse narrower', () => {
    const doc = JSON.parse(JSON.stringify(toJsonLd(source))) as {
      '@context': Record<string, string>;
      '@graph': Array<Record<string, unknown>>;
    };
    expect(doc['@context'].skos).toBe('http://www.w3.org/2004/02/skos/core#');
    const nodes = doc['@graph'];
    expect(nodes.filter((n) => n['@type'] === 'skos:ConceptScheme')).toHaveLength(1);
    const concepts = nodes.filter((n) => n['@type'] === 'skos:Concept');
    expect(concepts).toHaveLength(source.concepts.length);
    const h986 = concepts.find((n) => n['@id'] === 'pl:h986');
    expect(h986?.['skos:broader']).toEqual([{ '@id': 'pl:non-intrusive-inspection' }]);
    expect(h986?.['skos:prefLabel']).toEqual(
      expect.arrayContaining([{ '@value': 'H986', '@language': 'zh-Hans' }]),
    );
    const nii = concepts.find((n) => n['@id'] === 'pl:non-intrusive-inspection');
    expect(nii?.['skos:narrower']).toEqual(expect.arrayContaining([{ '@id': 'pl:h986' }]));
    const aeo = concepts.find((n) => n['@id'] === 'pl:aeo');
    expect(aeo?.['skos:altLabel']).toEqual(
      expect.arrayContaining([{ '@value': 'AA类', '@language': 'zh-Hans' }, { '@value': 'AEO' }]),
    );
    const fields = concepts.filter((n) => n['pl:field'] === true);
    expect(fields.length).toBe(source.concepts.filter((c) => c.broad).length);
  });

  it('Turtle: prefixes, every concept, escaped literals', () => {
    const ttl = toTurtle(source);
    expect(ttl).toMatch(/^@prefix skos: <http:\/\/www\.w3\.org\/2004\/02\/skos\/core#> \.$/mu);
    for (const c of source.concepts) expect(ttl).toContain(`\npl:${c.id} a skos:Concept ;`);
    expect(ttl).toContain('skos:broader pl:non-intrusive-inspection');
    expect(ttl).toContain('"全天候通关"@zh-Hans');
    expect(ttl).toContain('"全天候通關"@zh-Hant');
    // Quotes inside a label are escaped, so the file parses.
    expect(ttl).toContain('\\"');
    expect(ttl.trimEnd().endsWith('.')).toBe(true);
  });
});
