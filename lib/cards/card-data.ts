/**
 * What a card (in the page) or the library page shows about a corpus measure, built from the corpus
 * in the page's script. The corpus keeps every string in its document's original script, plus
 * `titleOther` / `textOther` for the title and text; everything else (agencies, the document's
 * title and issuer, time-limit quotes, deadline labels, the port, the reasons two measures are
 * related) is converted here with opencc-js, and theme labels come from the theme vocabulary in
 * the matching language (zh-CN for Simplified, zh-TW for Traditional).
 *
 * The payload shapes (`CardMeasure`, `CardRelated`, `BlockVerdict`, `MeasureDetail`) are defined in
 * `lib/messaging.ts`, since they cross from the background to content scripts and pages.
 */
import type { Corpus, CorpusDocument, Deadline, Measure, Related, Script } from '../corpus/types.ts';
import type { BlockResult } from '../match/engine.ts';
import type { BlockVerdict, CardInstrument, CardMeasure, CardRelated, MeasureDetail } from '../messaging.ts';
import { themeLabel } from '../themes.ts';
import { convertScript, useScriptTables } from './script.ts';

/** Related measures a card lists, at most. */
export const MAX_RELATED = 10;

/**
 * The label a card shows as a measure's number: the number as printed, or for an unnumbered
 * paragraph its section path and position, e.g. `一、第3段` for `zhejiang-2004:1.p3`.
 */
export function numberLabel(measure: Pick<Measure, 'id' | 'number' | 'path'>): string {
  if (measure.number !== null) return measure.number;
  const paragraph = /\.p(\d+)$/u.exec(measure.id)?.[1];
  const path = measure.path.join('');
  return paragraph ? `${path}第${paragraph}段` : path;
}

/**
 * A measure's number with its whole printed path, as a citation gives it: `二、(十三)` in Dalian,
 * `二、(六)1.` in Xiamen 2024, `八、27` for Changsha's task 27; an unnumbered paragraph keeps its
 * `一、第3段` label.
 */
export function numberPath(measure: Pick<Measure, 'id' | 'number' | 'path'>): string {
  return measure.number === null ? numberLabel(measure) : [...measure.path, measure.number].join('');
}

/**
 * Numbers as printed, with as much of their path as each needs to be told apart from the other
 * measures of its document: Xiamen 2024 has six items numbered `1.`, so they read `(一)1.` …
 * `(六)1.`; Dalian's `(十三)` is unique and stays `(十三)`. Unnumbered paragraphs keep their
 * `一、第3段` label. Returns measure id → label.
 */
export function printedNumbers(
  measures: readonly Pick<Measure, 'id' | 'docId' | 'number' | 'path'>[],
): Map<string, string> {
  const out = new Map<string, string>();
  const byDoc = new Map<string, Array<Pick<Measure, 'id' | 'docId' | 'number' | 'path'>>>();
  for (const m of measures) byDoc.set(m.docId, [...(byDoc.get(m.docId) ?? []), m]);
  for (const ms of byDoc.values()) {
    const full = ms.map((m) => (m.number === null ? null : [...m.path, m.number]));
    ms.forEach((m, i) => {
      const parts = full[i];
      if (!parts) {
        out.set(m.id, numberLabel(m));
        return;
      }
      for (let k = 1; k <= parts.length; k++) {
        const label = parts.slice(-k).join('');
        const clash = full.some(
          (other, j) => j !== i && other !== null && other.slice(-k).join('') === label,
        );
        if (!clash || k === parts.length) {
          out.set(m.id, label);
          return;
        }
      }
    });
  }
  return out;
}

/** A deadline with its words (label and evidence) in the page's script. */
function deadlineIn(d: Deadline, fromDoc: (s: string) => string): Deadline {
  const out: Deadline = { ...d, label: fromDoc(d.label) };
  if (d.evidence) out.evidence = d.evidence.map(fromDoc);
  return out;
}

/**
 * Builds card payloads from one corpus. Lookups are by id; cards are cached per id and script,
 * since a page shows the same few measures over and over (and every scan asks again).
 */
export class CardData {
  private readonly measures = new Map<string, Measure>();
  private readonly documents = new Map<string, CorpusDocument>();
  private readonly cards = new Map<string, CardMeasure>();
  private readonly instruments = new Map<string, CardInstrument>();
  /** Thesaurus term (normalised, as the engine's reasons write it) → its concept. */
  private readonly termConcept = new Map<string, CardInstrument>();
  private numbers: Map<string, string> | undefined;

  constructor(readonly corpus: Corpus) {
    // The corpus's build-time tables convert its strings to Traditional (see script.ts).
    useScriptTables(corpus.scripts);
    for (const m of corpus.measures) this.measures.set(m.id, m);
    for (const d of corpus.documents) this.documents.set(d.id, d);
    for (const c of corpus.thesaurus.concepts) {
      const instrument = { id: c.id, labels: c.labels, definition: c.definition };
      this.instruments.set(c.id, instrument);
      for (const term of c.terms) if (!this.termConcept.has(term)) this.termConcept.set(term, instrument);
    }
  }

  /**
   * A reason (`term`, or `query term / candidate term`) as the thesaurus names its instruments in
   * each UI language, each instrument once; null when a term is not the thesaurus'.
   */
  reasonLabels(reason: string): CardInstrument['labels'] | null {
    const concepts: CardInstrument[] = [];
    for (const term of reason.split(' / ')) {
      const c = this.termConcept.get(term);
      if (!c) return null;
      if (!concepts.includes(c)) concepts.push(c);
    }
    const join = (lang: keyof CardInstrument['labels']): string =>
      concepts.map((c) => c.labels[lang]).join(' / ');
    return { 'zh-CN': join('zh-CN'), 'zh-TW': join('zh-TW'), en: join('en') };
  }

  /** A measure's number as printed, with the path it needs to be unambiguous in its document. */
  number(m: Measure): string {
    this.numbers ??= printedNumbers(this.corpus.measures);
    return this.numbers.get(m.id) ?? numberLabel(m);
  }

  /** The corpus measure with this id, if any. */
  measure(id: string): Measure | undefined {
    return this.measures.get(id);
  }

  private doc(measure: Measure): CorpusDocument {
    const doc = this.documents.get(measure.docId);
    if (!doc) throw new Error(`measure ${measure.id} names unknown document ${measure.docId}`);
    return doc;
  }

  /** A measure's title in `script`. */
  private title(measure: Measure, doc: CorpusDocument, script: Script): string {
    return doc.script === script ? measure.title : measure.titleOther;
  }

  /** The card for a measure in `script`, or null for an unknown id. */
  card(id: string, script: Script): CardMeasure | null {
    const key = `${script}\u0000${id}`;
    const cached = this.cards.get(key);
    if (cached) return cached;
    const m = this.measures.get(id);
    if (!m) return null;
    const doc = this.doc(m);
    const fromDoc = (s: string): string => convertScript(s, doc.script, script);
    const evidence: CardMeasure['evidence'] = {};
    for (const key of ['date', 'title', 'issuer'] as const) {
      const quote = doc.evidence[key];
      if (quote) evidence[key] = fromDoc(quote);
    }
    const card: CardMeasure = {
      id: m.id,
      title: this.title(m, doc, script),
      text: doc.script === script ? m.text : m.textOther,
      docId: doc.id,
      docTitle: fromDoc(doc.title),
      docTitleInferred: doc.titleInferred,
      docDate: doc.date,
      docDateInferred: doc.dateInferred,
      port: convertScript(doc.portZh, 'Hans', script),
      number: this.number(m),
      numberPath: numberPath(m),
      issuer: fromDoc(doc.issuer),
      issuerInferred: doc.issuerInferred,
      evidence,
      leadAgencies: m.leadAgencies.map(fromDoc),
      coAgencies: m.coAgencies.map(fromDoc),
      agencySource: m.agencySource,
      deadline: m.deadline ? deadlineIn(m.deadline, fromDoc) : null,
      timeLimits: m.timeLimits.map((tl) => ({ ...tl, quote: fromDoc(tl.quote) })),
      themes: m.themes.map((themeId) => ({
        id: themeId,
        label: themeLabel(themeId, script === 'Hant' ? 'zh-TW' : 'zh-CN'),
      })),
      related: this.related(m.related, script),
    };
    this.cards.set(key, card);
    return card;
  }

  /** The card plus the measure's whole text, for the library page. */
  detail(id: string, script: Script): MeasureDetail | null {
    const card = this.card(id, script);
    const m = this.measures.get(id);
    if (!card || !m) return null;
    return { ...card };
  }

  /**
   * Related measures as a card lists them, in `script`: the engine's reasons (`why`) are written
   * in Simplified (instrument terms and zh-CN theme labels), so they are converted too. Unknown
   * ids are left out; at most {@link MAX_RELATED}.
   */
  related(list: readonly Related[], script: Script): CardRelated[] {
    const out: CardRelated[] = [];
    for (const r of list) {
      if (out.length >= MAX_RELATED) break;
      const m = this.measures.get(r.id);
      if (!m) continue;
      const doc = this.doc(m);
      out.push({
        id: m.id,
        port: convertScript(doc.portZh, 'Hans', script),
        docTitle: convertScript(doc.title, doc.script, script),
        docDate: doc.date,
        number: this.number(m),
        title: this.title(m, doc, script),
        score: r.score,
        why: r.why.map((w) => convertScript(w, 'Hans', script)),
        whyLabels: r.why.map((w) => this.reasonLabels(w)),
        group: this.instruments.get(r.group) ?? null,
        section: r.section,
      });
    }
    return out;
  }

  /**
   * The verdict the content script gets for one block of the engine's results, or null when the
   * block is neither measure-like nor matched (the page shows nothing for it).
   */
  verdict(block: number, result: BlockResult, script: Script): BlockVerdict | null {
    const top = result.matches[0];
    if (!result.measureLike && !top) return null;
    let card = top ? this.card(top.id, script) : null;
    // A block that only restates its match (another document's twin measure) has its own related
    // measures: the page is not that document.
    if (card && result.relatedOf === 'block') {
      card = { ...card, related: this.related(result.related, script), relatedFor: 'passage' };
    }
    return {
      block,
      score: top ? top.score : null,
      card,
      // A matched block's related measures travel once, in its card.
      related: card ? [] : this.related(result.related, script),
    };
  }
}
