/**
 * Tells a string of another language in the UI, for the browser tests that walk the extension's
 * surfaces in zh-CN, zh-TW and en (`library-views.test.ts`, `ui-language.test.ts`).
 *
 * What a reader sees is collected with the language it is marked with (the nearest `lang`,
 * crossing shadow roots up to the page: a card's label inherits the page's `<html lang>` unless
 * the layer says otherwise). UI text is what is marked with the UI language; corpus text is what is
 * marked `zh-Hans` or `zh-Hant`. Then:
 *
 * - UI text holds no message key (quotations of corpus text aside: “…”/「…」 around corpus words), no literal piece of another locale's messages, no character of
 *   the other Chinese script, no Chinese in English and no English word in Chinese (names such as
 *   PolicyLens or AEO that the locale's own messages use are fine), no full-width brackets in
 *   English, and no score written as a fraction (scores are percentages everywhere);
 * - corpus text is in the script its `lang` says and holds no English word the corpus does not;
 * - anything else (UI text marked with the page's language, say) is a mislabelled string.
 */
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { toHans, useScriptTables } from '../../lib/cards/script.ts';
import type { Corpus } from '../../lib/corpus/types.ts';
import { THEMES } from '../../lib/themes.ts';

export type UiLang = 'zh-CN' | 'zh-TW' | 'en';

type Messages = Record<string, { message: string }>;

/** UI language → locale folder. */
export const LOCALES = { 'zh-CN': 'zh_CN', 'zh-TW': 'zh_TW', en: 'en' } as const;

export const messagesOf = (folder: string): Messages =>
  JSON.parse(
    readFileSync(new URL(`../../public/_locales/${folder}/messages.json`, import.meta.url), 'utf8'),
  ) as Messages;

const CJK = /[\u3400-\u9fff]/u;
const LATIN_WORD = /[A-Za-z][A-Za-z0-9]+/gu;
/** An address (`chrome://extensions/shortcuts`) in a sentence: not words of any language. */
const ADDRESS = /\b[a-z-]+:\/\/\S*/gu;
/** A key or key combination as the browser names it (`Alt+Shift+H`, `Ctrl+Enter`, `Esc`). */
const KEYS =
  /^(?:(?:Ctrl|Alt|Shift|Command|MacCtrl|Option|Esc|Escape|Enter|Tab|Home|End|Space|PageUp|PageDown|Page Up|Page Down|Up|Down|Left|Right|[A-Z0-9]|F\d{1,2}|[↑↓←→⌘⇧⌥/,.])\s*[+ ]?\s*)+$/u;
/** Full-width brackets and CJK punctuation: Chinese typography, wrong in an English sentence. */
const CJK_PUNCTUATION = /[（）【】〔〕「」『』，。：；、！？]/u;
/** A quotation in the UI's quotation marks (`t('quoted')`: “…” in en and zh-CN, 「…」 in zh-TW). */
const QUOTATION = /“([^“”]+)”|「([^「」]+)」/gu;
/** A score as a fraction (`0.81`): the product writes scores as whole percentages. */
const FRACTION_SCORE = /(?:^|[^\d.])0\.\d{2,3}(?![\d.])/u;

/**
 * Literal pieces of other locales' messages that `lang` does not use: UI text holding one is in
 * another language. Pieces are what lies between placeholders, at least 3 characters (2 for
 * Chinese). A piece `lang` also uses in a message it translated (a name such as PolicyLens, a
 * format such as JSON) is shared, not foreign; a message left untranslated (the same as English,
 * or English the same as Chinese) shares nothing, so its text is caught.
 */
export function foreignPieces(lang: UiLang): Map<string, string> {
  const own = messagesOf(LOCALES[lang]);
  const out = new Map<string, string>();
  for (const [other, folder] of Object.entries(LOCALES)) {
    if (other === lang) continue;
    const theirs = messagesOf(folder);
    // zh-CN and zh-TW often say the same thing the same way (政策工具, CSV（.csv）).
    const bothChinese = lang !== 'en' && other !== 'en';
    const translated = Object.entries(own)
      .filter(([key, m]) => bothChinese || theirs[key]?.message !== m.message)
      .map(([, m]) => m.message);
    for (const [key, m] of Object.entries(theirs)) {
      for (const raw of m.message.split(/\$[A-Za-z0-9_]+\$|\$\d/u)) {
        const piece = raw.trim();
        const cjk = CJK.test(piece);
        if (piece.length < (cjk ? 2 : 3) || !/[\p{L}]/u.test(piece)) continue;
        if (translated.some((o) => o.includes(piece))) continue;
        out.set(piece, `${other} ${key}`);
      }
    }
  }
  return out;
}

/** What the checks know of the corpus: the characters each script really uses, and its Latin words. */
export interface CorpusFacts {
  corpus: Corpus;
  hant: Set<string>;
  hans: Set<string>;
  /** Latin words in corpus text (H986, AEO, ERP…): not English when they appear in corpus text. */
  latin: Set<string>;
}

/**
 * Characters each script really uses, from reviewed text: the seed documents written in it and the
 * thesaurus' labels in it. Some characters are both a Simplified form and a Traditional character
 * of their own (准 in 准入, 台, 里), and the conversion tables alone cannot tell.
 */
export function corpusFacts(corpus: Corpus): CorpusFacts {
  useScriptTables(corpus.scripts);
  const hant = new Set<string>();
  const hans = new Set<string>();
  const latin = new Set<string>();
  const docScript = new Map(corpus.documents.map((d) => [d.id, d.script]));
  const words = (s: string): void => {
    for (const w of s.match(LATIN_WORD) ?? []) latin.add(w.toLowerCase());
  };
  const own = (docId: string, text: string): void => {
    for (const ch of text) (docScript.get(docId) === 'Hant' ? hant : hans).add(ch);
    words(text);
  };
  for (const m of corpus.measures) own(m.docId, `${m.title}${m.text}`);
  for (const p of corpus.passages) own(p.docId, p.text);
  for (const d of corpus.documents) own(d.id, `${d.title}${d.issuer}`);
  for (const c of corpus.thesaurus.concepts) {
    for (const ch of c.labels['zh-TW']) hant.add(ch);
    for (const ch of c.labels['zh-CN']) hans.add(ch);
    for (const term of c.terms) words(term);
  }
  return { corpus, hant, hans, latin };
}

/**
 * A character of the other Chinese script, or null: in Traditional text (`hant`) a Simplified form
 * (one the corpus' Simplified → Traditional table changes) that no Traditional reviewed text uses,
 * in Simplified text a Traditional form (one opencc's t2cn changes) that no Simplified reviewed
 * text uses.
 */
export function wrongScriptIn(facts: CorpusFacts, script: 'hans' | 'hant', text: string): string | null {
  const table = facts.corpus.scripts.hantChars;
  for (const ch of text) {
    if (!CJK.test(ch)) continue;
    const hantForm = Object.prototype.hasOwnProperty.call(table, ch) ? table[ch] : undefined;
    if (script === 'hant' && hantForm !== undefined && !facts.hant.has(ch)) {
      return `the Simplified ${ch} (Traditional ${hantForm})`;
    }
    if (script === 'hans' && toHans(ch) !== ch && !facts.hans.has(ch)) {
      return `the Traditional ${ch} (Simplified ${toHans(ch)})`;
    }
  }
  return null;
}

/** {@link wrongScriptIn} for the UI text of a language (English has no script to get wrong). */
export function wrongScript(facts: CorpusFacts, lang: UiLang, text: string): string | null {
  if (lang === 'en') return null;
  return wrongScriptIn(facts, lang === 'zh-TW' ? 'hant' : 'hans', text);
}

/** One string a reader sees: text, or an attribute a browser shows or speaks. */
export interface Seen {
  text: string;
  /** The `lang` it is marked with (nearest, across shadow roots); '' when none. */
  lang: string;
  /** Where it is, for the message: a CSS-like path and the attribute. */
  where: string;
}

/**
 * The strings under `roots` (CSS selectors; `::shadow` after one means its shadow root), with
 * their marked language. Skipped: `<style>`, `<script>`, `<template>`, and `aria-hidden` subtrees
 * (glyphs such as the badge's 政 and the close button's ×, which are marks, not words).
 */
export function collectSeen(target: Page | Frame, roots: readonly string[]): Promise<Seen[]> {
  return target.evaluate((selectors) => {
    const out: Array<{ text: string; lang: string; where: string }> = [];
    const parentOf = (n: Node): Node | null => {
      const p = n.parentNode;
      return p && p.nodeType === 11 && (p as ShadowRoot).host ? (p as ShadowRoot).host : p;
    };
    const langOf = (n: Node): string => {
      for (let x: Node | null = n; x; x = parentOf(x)) {
        if (x.nodeType === 1 && (x as Element).hasAttribute('lang'))
          return (x as Element).getAttribute('lang') ?? '';
      }
      return '';
    };
    const pathOf = (el: Element): string => {
      const parts: string[] = [];
      for (let x: Node | null = el; x && x.nodeType === 1 && parts.length < 4; x = parentOf(x)) {
        const e = x as Element;
        const cls = typeof e.className === 'string' && e.className ? `.${e.className.split(/\s+/u)[0]}` : '';
        const tid = e.getAttribute('data-testid');
        parts.unshift(`${e.localName}${tid ? `[${tid}]` : cls}`);
      }
      return parts.join(' > ');
    };
    const skipped = (el: Element | null): boolean => {
      for (let x: Node | null = el; x; x = parentOf(x)) {
        if (x.nodeType !== 1) continue;
        const e = x as Element;
        if (/^(style|script|template|noscript)$/u.test(e.localName)) return true;
        if (e.getAttribute('aria-hidden') === 'true') return true;
      }
      return false;
    };
    const ATTRS = ['aria-label', 'title', 'placeholder', 'aria-valuetext', 'alt', 'aria-description'];
    const walk = (root: Node): void => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.nodeType === 3) {
          const text = (n.textContent ?? '').trim();
          const parent = n.parentElement;
          if (text === '' || !parent || skipped(parent)) continue;
          out.push({ text, lang: langOf(n), where: pathOf(parent) });
          continue;
        }
        const el = n as Element;
        if (el.shadowRoot) walk(el.shadowRoot);
        if (skipped(el)) continue;
        for (const a of ATTRS) {
          const v = el.getAttribute(a)?.trim();
          if (v) out.push({ text: v, lang: langOf(el), where: `${pathOf(el)} @${a}` });
        }
        if (el.localName === 'optgroup') {
          const v = el.getAttribute('label')?.trim();
          if (v) out.push({ text: v, lang: langOf(el), where: `${pathOf(el)} @label` });
        }
      }
    };
    for (const sel of selectors) {
      const [host, shadow] = sel.split('::shadow');
      for (const el of document.querySelectorAll(host ?? sel)) {
        if (shadow !== undefined) {
          if (el.shadowRoot) walk(el.shadowRoot);
        } else walk(el);
      }
    }
    return out;
  }, roots);
}

/** Checks strings for one UI language; `check` returns what is wrong with each, or nothing. */
export class LanguageChecker {
  private readonly pieces: Map<string, string>;
  private readonly keys: Set<string>;
  /** Latin words the locale's own messages and labels use (PolicyLens, AEO, JSON…). */
  private readonly ownLatin = new Set<string>();

  constructor(
    readonly lang: UiLang,
    private readonly facts: CorpusFacts,
  ) {
    this.pieces = foreignPieces(lang);
    this.keys = new Set(Object.keys(messagesOf('en')));
    const own = messagesOf(LOCALES[lang]);
    const words = (s: string): void => {
      for (const w of s.match(LATIN_WORD) ?? []) this.ownLatin.add(w.toLowerCase());
    };
    for (const m of Object.values(own)) words(m.message);
    for (const th of THEMES) words(th.labels[lang]);
    for (const c of facts.corpus.thesaurus.concepts) words(c.labels[lang]);
  }

  /**
   * `text` without its quotations of corpus text: a UI sentence may quote the notice ("Date inferred
   * from “从2008年11月起”"), as the issue asks; a quotation counts as one when its words are corpus
   * text, in either script. Anything else between quotation marks is checked as UI text.
   */
  private withoutQuotations(text: string): string {
    return text.replace(QUOTATION, (whole, a: string | undefined, b: string | undefined) => {
      const inner = toHans((a ?? b ?? '').trim());
      return inner !== '' && this.corpusText().includes(inner) ? ' ' : whole;
    });
  }

  private corpusHaystack: string | null = null;
  /** Every corpus text a card or the library can quote, in Simplified, one per line. */
  private corpusText(): string {
    if (this.corpusHaystack === null) {
      const c = this.facts.corpus;
      this.corpusHaystack = toHans(
        [
          ...c.measures.map((m) => `${m.title}\n${m.text}`),
          ...c.passages.map((p) => p.text),
          ...c.documents.map((d) => `${d.title}\n${d.issuer}\n${JSON.stringify(d)}`),
        ].join('\n'),
      );
    }
    return this.corpusHaystack;
  }

  /** What is wrong with the UI string `text` (marked with the UI language), or null. */
  uiProblem(raw: string): string | null {
    if (this.keys.has(raw)) return 'a message key';
    if (KEYS.test(raw)) return null;
    const text = this.withoutQuotations(raw.replace(ADDRESS, ' '));
    if (FRACTION_SCORE.test(text)) return 'a score written as a fraction';
    if (this.lang === 'en') {
      if (CJK.test(text)) return 'Chinese in English';
      if (CJK_PUNCTUATION.test(text)) return 'Chinese punctuation in English';
    } else {
      // Words with digits are codes (H986, a version), not English.
      const english = (text.match(LATIN_WORD) ?? []).filter(
        (w) => !this.ownLatin.has(w.toLowerCase()) && !/\d/u.test(w),
      );
      if (english.length > 0) return `English (${english.join(' ')})`;
      const wrong = wrongScript(this.facts, this.lang, text);
      if (wrong) return wrong;
    }
    for (const [piece, from] of this.pieces) if (text.includes(piece)) return `“${piece}” (${from})`;
    return null;
  }

  /** What is wrong with corpus text marked `zh-Hans` / `zh-Hant`, or null. */
  corpusProblem(text: string, lang: string): string | null {
    const english = (text.match(LATIN_WORD) ?? []).filter((w) => !this.facts.latin.has(w.toLowerCase()));
    if (english.length > 0) return `English marked ${lang} (${english.join(' ')})`;
    return wrongScriptIn(this.facts, lang === 'zh-Hant' ? 'hant' : 'hans', text);
  }

  /** Every problem among `seen`, one line each (empty when all is well). */
  check(seen: readonly Seen[], place: string): string[] {
    const out: string[] = [];
    for (const s of seen) {
      // Marks and numbers (×, ·, 43, 98%) are in no language.
      if (!/\p{L}/u.test(s.text)) continue;
      let problem: string | null;
      if (s.lang.toLowerCase() === this.lang.toLowerCase()) problem = this.uiProblem(s.text);
      else if (s.lang === 'zh-Hans' || s.lang === 'zh-Hant') problem = this.corpusProblem(s.text, s.lang);
      else if (s.lang === 'zxx') problem = null;
      else problem = `marked “${s.lang}”, not the UI language ${this.lang} nor corpus text`;
      if (problem) out.push(`${this.lang} ${place}: ${s.where}: “${s.text.slice(0, 80)}”: ${problem}`);
    }
    return out;
  }
}
