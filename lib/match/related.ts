/**
 * Related measures across ports. Two measures are related when they share policy instruments
 * (see instruments.ts); the score weighs each shared instrument by its rarity in the corpus (an
 * instrument that every other measure mentions says little) and normalises by both measures'
 * instrument mass, like a cosine. Measures of the same document are never "related in other
 * ports". The reason shown is the shared instruments, rarest first, by the terms both texts use.
 */
import { themeLabel, themesOf } from '../themes.ts';
import { instrumentsIn } from './instruments.ts';

/**
 * Themes (lib/themes.ts) are broader than instruments: they count too, so that a measure sharing
 * no named instrument still finds its neighbours, but at this fraction of an instrument's weight.
 */
export const THEME_WEIGHT = 0.4;

/** Instruments and (weaker) themes of a text: feature id → the terms that name it. */
function featuresOf(normalisedText: string): Map<string, string[]> {
  const f = instrumentsIn(normalisedText);
  for (const t of themesOf(normalisedText)) f.set(`theme:${t}`, [themeLabel(t, 'zh-CN')]);
  return f;
}

/** One related measure with its score and why. */
export interface RelatedHit {
  measure: number;
  score: number;
  why: string[];
}

/** How many related measures a card lists. */
export const MAX_RELATED = 10;

/** Precomputed instruments of every corpus measure, and their rarity. */
export class RelatedIndex {
  private readonly found: ReadonlyArray<Map<string, string[]>>;
  private readonly docs: readonly string[];
  private readonly weight = new Map<string, number>();
  private readonly byInstrument = new Map<string, number[]>();
  private readonly mass: number[];

  /**
   * @param normalisedTexts measures' normalised texts
   * @param docIds each measure's document id (measures of one document are not related "in other ports")
   */
  constructor(normalisedTexts: readonly string[], docIds: readonly string[]) {
    this.docs = docIds;
    this.found = normalisedTexts.map((t) => featuresOf(t));
    this.found.forEach((f, m) => {
      for (const id of f.keys()) {
        const list = this.byInstrument.get(id);
        if (list) list.push(m);
        else this.byInstrument.set(id, [m]);
      }
    });
    const n = normalisedTexts.length;
    for (const [id, ms] of this.byInstrument) {
      const w = Math.log(1 + n / ms.length);
      this.weight.set(id, id.startsWith('theme:') ? w * THEME_WEIGHT : w);
    }
    this.mass = this.found.map((f) => this.massOf(f));
  }

  private massOf(f: Map<string, string[]>): number {
    let s = 0;
    for (const id of f.keys()) s += (this.weight.get(id) ?? 0) ** 2;
    return Math.sqrt(s);
  }

  /** Related measures for an instrument set, excluding measures of `excludeDoc`. */
  private rank(f: Map<string, string[]>, excludeDoc: string | null, exclude: number): RelatedHit[] {
    const mass = this.massOf(f);
    if (mass === 0) return [];
    const shared = new Map<number, number>();
    for (const id of f.keys()) {
      const w = (this.weight.get(id) ?? 0) ** 2;
      for (const m of this.byInstrument.get(id) ?? []) {
        if (m === exclude || this.docs[m] === excludeDoc) continue;
        shared.set(m, (shared.get(m) ?? 0) + w);
      }
    }
    return [...shared]
      .map(([m, s]) => ({ m, score: s / (mass * (this.mass[m] || 1)) }))
      .sort((a, b) => b.score - a.score || a.m - b.m)
      .slice(0, MAX_RELATED)
      .map(({ m, score }) => ({ measure: m, score: Math.round(score * 1000) / 1000, why: this.why(f, m) }));
  }

  private why(f: Map<string, string[]>, m: number): string[] {
    const other = this.found[m] ?? new Map<string, string[]>();
    return [...f.keys()]
      .filter((id) => other.has(id))
      .sort((a, b) => (this.weight.get(b) ?? 0) - (this.weight.get(a) ?? 0))
      .map((id) => {
        const mine = f.get(id) ?? [];
        const theirs = other.get(id) ?? [];
        const common = mine.find((t) => theirs.includes(t));
        return common ?? `${mine[0] ?? id} / ${theirs[0] ?? id}`;
      });
  }

  /** Related measures of corpus measure `m` in other documents, best first. */
  forMeasure(m: number): RelatedHit[] {
    return this.rank(this.found[m] ?? new Map(), this.docs[m] ?? null, m);
  }

  /** Related measures for any normalised text (an unmatched block on a page). */
  forText(normalisedText: string, excludeDoc: string | null = null): RelatedHit[] {
    return this.rank(featuresOf(normalisedText), excludeDoc, -1);
  }
}
