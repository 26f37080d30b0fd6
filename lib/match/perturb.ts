/**
 * Deterministic perturbations of measure text, the way pages garble it: wrong characters,
 * punctuation of the other width, reflowed whitespace, and a measure quoted in part. Shared by the
 * accuracy tests and the benchmark so both measure the same thing.
 */

/** A small seeded PRNG (mulberry32): the same seed gives the same perturbations everywhere. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Common characters used as wrong substitutes (a typo or OCR slip gives a real character). */
const SUBSTITUTES =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';

/** Replaces about `rate` of the CJK characters with other characters. */
export function substitute(text: string, rate: number, next: () => number): string {
  return [...text]
    .map((ch) =>
      /\p{Script=Han}/u.test(ch) && next() < rate
        ? (SUBSTITUTES[Math.floor(next() * SUBSTITUTES.length)] ?? ch)
        : ch,
    )
    .join('');
}

const WIDTH_SWAP: Record<string, string> = {
  ',': '，',
  '，': ',',
  ';': '；',
  '；': ';',
  ':': '：',
  '：': ':',
  '(': '（',
  '（': '(',
  ')': '）',
  '）': ')',
  '+': '＋',
  '＋': '+',
};

/** Swaps punctuation between half and full width. */
export function swapPunctuationWidth(text: string): string {
  return [...text].map((ch) => WIDTH_SWAP[ch] ?? ch).join('');
}

/** Inserts line breaks and spaces at random places, as a re-typeset page would. */
export function reflow(text: string, next: () => number): string {
  return [...text].map((ch) => (next() < 0.04 ? `${ch}\n` : next() < 0.03 ? `${ch} ` : ch)).join('');
}

/** The kinds of perturbed copy the accuracy figures count. */
export type PerturbationKind = 'substituted' | 'width' | 'reflowed' | 'first-half' | 'second-half';

export const PERTURBATIONS: readonly PerturbationKind[] = [
  'substituted',
  'width',
  'reflowed',
  'first-half',
  'second-half',
];

/** One perturbed copy of a measure text (5% wrong characters in every kind). */
export function perturb(text: string, kind: PerturbationKind, seed: number): string {
  const next = rng(seed);
  const half = Math.floor(text.length / 2);
  switch (kind) {
    case 'substituted':
      return substitute(text, 0.05, next);
    case 'width':
      return substitute(swapPunctuationWidth(text), 0.05, next);
    case 'reflowed':
      return substitute(reflow(text, next), 0.05, next);
    case 'first-half':
      return substitute(text.slice(0, half), 0.05, next);
    case 'second-half':
      return substitute(text.slice(half), 0.05, next);
  }
}
