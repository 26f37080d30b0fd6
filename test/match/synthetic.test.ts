import { describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { growCorpus, isSynthetic, PORTS, sourceOf } from '../../lib/match/synthetic.ts';
import { normalizeText } from '../../lib/normalize.ts';

const seed = compileSeedsDir();
const N = 2000;
const grown = growCorpus(seed, N);
const synthetic = grown.measures.slice(seed.measures.length);

describe('growCorpus', () => {
  it('is deterministic, and a smaller corpus is a prefix of a larger one', () => {
    expect(JSON.stringify(growCorpus(seed, N))).toBe(JSON.stringify(grown));
    const small = growCorpus(seed, 700);
    expect(small.measures).toEqual(grown.measures.slice(0, 700));
    expect(JSON.stringify(growCorpus(seed, N, 2).measures)).not.toBe(JSON.stringify(grown.measures));
  });

  it('has exactly n measures: the seed ones first, unchanged', () => {
    expect(grown.measures).toHaveLength(N);
    expect(grown.measures.slice(0, seed.measures.length)).toEqual(seed.measures);
    expect(growCorpus(seed, seed.measures.length).measures).toEqual(seed.measures);
    expect(() => growCorpus(seed, seed.measures.length - 1)).toThrow(RangeError);
  });

  it('gives unique ids, each in a known document, and parents in the same document', () => {
    const ids = new Set(grown.measures.map((m) => m.id));
    expect(ids.size).toBe(N);
    const docs = new Set(grown.documents.map((d) => d.id));
    expect(docs.size).toBe(grown.documents.length);
    for (const m of synthetic) {
      expect(isSynthetic(m.id)).toBe(true);
      expect(m.id.startsWith(`${m.docId}:`)).toBe(true);
      expect(docs.has(m.docId)).toBe(true);
      expect(m.related).toEqual([]);
      if (m.parentId !== null) {
        expect(ids.has(m.parentId), m.id).toBe(true);
        expect(m.parentId.startsWith(`${m.docId}:`)).toBe(true);
      }
    }
    expect(synthetic.some((m) => m.parentId !== null)).toBe(true);
  });

  it('makes every synthetic measure differ from its source, in both scripts', () => {
    for (const m of synthetic) {
      const src = sourceOf(seed, m.id);
      expect(src, m.id).toBeDefined();
      expect(m.text, m.id).not.toBe(src?.text);
      expect(m.textOther, m.id).not.toBe(src?.textOther);
    }
  });

  it('applies the same edits to text and textOther (they still normalise alike)', () => {
    for (const m of synthetic) {
      const src = sourceOf(seed, m.id);
      if (src && normalizeText(src.text) === normalizeText(src.textOther)) {
        expect(normalizeText(m.textOther), m.id).toBe(normalizeText(m.text));
      }
    }
  });

  it('swaps ports consistently per document, in the script of the text', () => {
    const formsIn = (text: string, script: string): string[] =>
      PORTS.map((p) => (script === 'Hant' ? p.hant : p.hans)).filter((n) => text.includes(n));
    for (const doc of grown.documents.filter((d) => isSynthetic(d.id)).slice(0, 20)) {
      const src = seed.documents.find((d) => d.file === doc.file);
      expect(src, doc.id).toBeDefined();
      expect(doc.portZh).not.toBe(src?.portZh);
      // Issuer and title change where they name a port (厦门海关 → 青岛海关), in their own script.
      if (src && formsIn(src.title, src.script).length > 0) {
        expect(doc.title).not.toBe(src.title);
        expect(formsIn(doc.title, doc.script).length, doc.title).toBeGreaterThan(0);
      }
      if (src && formsIn(src.issuer, src.script).length > 0) expect(doc.issuer).not.toBe(src.issuer);
    }
    // The Traditional seed's copies keep Traditional place names: 廈門海關 → e.g. 青島海關.
    const hant = synthetic.filter(
      (m) => grown.documents.find((d) => d.id === m.docId)?.script === 'Hant' && /海關/u.test(m.text),
    );
    expect(hant.length).toBeGreaterThan(0);
    for (const m of hant) expect(m.text, m.id).not.toMatch(/厦门|大连|长沙|宁波|青岛|广州/u);
  });
});
