/**
 * The bundled corpus as the library's views read it: documents and measures by id, a document's
 * measures in reading order, numbers as printed, the instruments each measure names (the same
 * related-measures index the cards use), and card payloads in the reader's script (`CardData`).
 *
 * The library is an extension page, so it imports the corpus itself (`virtual:policylens-corpus`)
 * instead of asking the background measure by measure. Everything is computed once, on first use:
 * the measure list paints before the instruments are needed.
 */
import { CardData } from '../cards/card-data.ts';
import type { Corpus, CorpusDocument, Measure } from '../corpus/types.ts';
import { buildRelatedIndex, relatedDocuments } from '../match/engine.ts';
import { RelatedIndex } from '../match/related.ts';
import type { ConceptRecord, LabelLang } from '../thesaurus/thesaurus.ts';
import type { DocBlock, DocumentTexts } from './document.ts';
import { resolvePrinted, type PrintedResolution } from './printed.ts';

/** Read access to the corpus for the library's views. */
export class LibraryCorpus {
  readonly cards: CardData;
  private readonly measureById = new Map<string, Measure>();
  private readonly measureIndex = new Map<string, number>();
  private readonly docById = new Map<string, CorpusDocument>();
  private readonly byDoc = new Map<string, Measure[]>();
  private readonly conceptById = new Map<string, ConceptRecord>();
  private relatedValue: RelatedIndex | undefined;
  private conceptsValue: Map<string, { concepts: string[]; instruments: string[] }> | undefined;

  private readonly relatedBytes: (() => Uint8Array) | undefined;
  private readonly texts: DocumentTexts | undefined;

  constructor(
    readonly corpus: Corpus,
    options: {
      /** The serialised related index built with the corpus; without it, it is built on first use. */
      relatedBytes?: () => Uint8Array;
      /** The documents' text in blocks (`virtual:policylens-documents`); without it, measures only. */
      texts?: DocumentTexts;
    } = {},
  ) {
    this.relatedBytes = options.relatedBytes;
    this.texts = options.texts;
    this.cards = new CardData(corpus);
    corpus.measures.forEach((m, i) => {
      this.measureById.set(m.id, m);
      this.measureIndex.set(m.id, i);
      const list = this.byDoc.get(m.docId);
      if (list) list.push(m);
      else this.byDoc.set(m.docId, [m]);
    });
    for (const d of corpus.documents) this.docById.set(d.id, d);
    for (const c of corpus.thesaurus.concepts) this.conceptById.set(c.id, c);
    // Reading order: where each measure starts in its seed (table tasks after the text).
    for (const list of this.byDoc.values()) list.sort((a, b) => a.line - b.line);
  }

  get documents(): readonly CorpusDocument[] {
    return this.corpus.documents;
  }

  get measures(): readonly Measure[] {
    return this.corpus.measures;
  }

  document(id: string): CorpusDocument | undefined {
    return this.docById.get(id);
  }

  measure(id: string): Measure | undefined {
    return this.measureById.get(id);
  }

  /** A document's measures in reading order (empty for an unknown document). */
  measuresOf(docId: string): readonly Measure[] {
    return this.byDoc.get(docId) ?? [];
  }

  /**
   * A document's text in blocks, as printed (`lib/library/document.ts`); without the build's texts
   * (unit tests), its measures one block each.
   */
  blocks(docId: string): readonly DocBlock[] {
    const built = this.texts?.[docId];
    if (built) return built;
    return this.measuresOf(docId).map((m) => ({
      kind: 'measure' as const,
      id: m.id,
      lines: [`${m.number ?? ''}${m.text}`],
    }));
  }

  /** A measure's number as printed, with as much of its path as its document needs (`(六)1.`). */
  number(id: string): string {
    const m = this.measureById.get(id);
    return m ? this.cards.number(m) : '';
  }

  /** Which measure of a document a printed number or path names (`(十三)`, `(六)1.`, `二、/(一)/3.`). */
  resolvePrinted(docId: string, printed: string): PrintedResolution {
    return resolvePrinted(this.measuresOf(docId), printed);
  }

  /** A thesaurus concept by id. */
  concept(id: string): ConceptRecord | undefined {
    return this.conceptById.get(id);
  }

  /** A concept's label in a UI language (its id when the thesaurus has no such concept). */
  conceptLabel(id: string, lang: LabelLang): string {
    return this.conceptById.get(id)?.labels[lang] ?? id;
  }

  /** The related-measures index the cards use (the build's bytes, else built here). */
  get related(): RelatedIndex {
    if (!this.relatedValue) {
      const bytes = this.relatedBytes?.();
      this.relatedValue = bytes
        ? RelatedIndex.load(bytes, this.corpus.thesaurus, relatedDocuments(this.corpus.documents))
        : buildRelatedIndex(this.corpus.measures, this.corpus.documents, this.corpus.thesaurus);
    }
    return this.relatedValue;
  }

  /**
   * The instruments a measure names, as thesaurus concept ids: `concepts` every instrument named
   * (kinds included: H986, 预约通关), `instruments` each folded to the instrument the cards group
   * it under (H986 → 非侵入式查验), once. Fields (broad concepts) are left out of both.
   */
  conceptsOf(id: string): { concepts: readonly string[]; instruments: readonly string[] } {
    if (!this.conceptsValue) {
      const index = this.related;
      const t = this.corpus.thesaurus;
      this.conceptsValue = new Map();
      this.corpus.measures.forEach((m, i) => {
        const concepts: string[] = [];
        const instruments: string[] = [];
        for (const c of index.conceptsOfMeasure(i).keys()) {
          const rec = t.concepts[c];
          if (!rec || rec.broad) continue;
          concepts.push(rec.id);
          const top = t.concepts[index.instrumentOf(c)]?.id ?? rec.id;
          if (!instruments.includes(top)) instruments.push(top);
        }
        this.conceptsValue?.set(m.id, { concepts, instruments });
      });
    }
    return this.conceptsValue.get(id) ?? { concepts: [], instruments: [] };
  }

  /** Index of a measure in `corpus.measures` (what the related index counts by), or -1. */
  indexOf(id: string): number {
    return this.measureIndex.get(id) ?? -1;
  }
}
