/**
 * What the layer must show on the fixture pages, from the corpus, for both browsers' suites
 * (`test/e2e/layer-pages.test.ts`, `test/e2e-firefox/layer-pages.test.ts`): which pages are seed
 * notices and which measures they hold (`expected.json`), and what a measure's card says in the
 * page's script. Each suite reads the card its own way (Playwright locators, puppeteer over BiDi)
 * and compares with this.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Converter as Cn2t } from 'opencc-js/cn2t';
import { Converter as T2cn } from 'opencc-js/t2cn';
import type { CorpusDocument, Measure, Script } from '../../lib/corpus/types.ts';
import { PAGES_DIR } from './pages-server.ts';

export interface ExpectedPage {
  docId: string | null;
  script: Script;
  measures: string[];
}

export const EXPECTED_PAGES = JSON.parse(readFileSync(join(PAGES_DIR, 'expected.json'), 'utf8')) as Record<
  string,
  ExpectedPage
>;
export const SEED_PAGES = Object.keys(EXPECTED_PAGES).filter((f) => EXPECTED_PAGES[f]?.docId !== null);
export const NON_TRADE_PAGES = Object.keys(EXPECTED_PAGES).filter((f) => f.startsWith('non-trade-'));

/** One (Simplified → Traditional, Taiwan) and (Traditional → Simplified) converter, as the corpus. */
const toHant = Cn2t({ from: 'cn', to: 'tw' });
const toHans = T2cn({ from: 't', to: 'cn' });

/** A corpus string written in `from`, as a page in `to` shows it. */
export function inScript(text: string, from: Script, to: Script): string {
  if (from === to) return text;
  return to === 'Hant' ? toHant(text) : toHans(text);
}

/** What a measure's card says on a page in `script`. */
export interface ExpectedCard {
  title: string;
  titleLang: 'zh-Hans' | 'zh-Hant';
  lead: string;
  /** Null when the measure names no co-operating agency (the card has no such field). */
  co: string | null;
  /** Null when the measure has no deadline (the card says so, with no deadline field). */
  deadline: {
    inferred: boolean;
    /**
     * The field's whole text given the inferred tag's own text: label, date in brackets when it
     * is not the label, and a real space before the tag, so that copied text never reads
     * `2023(inferred)`.
     */
    text(tag: string | null): string;
  } | null;
}

export function expectedCard(m: Measure, doc: CorpusDocument, script: Script): ExpectedCard {
  const conv = (s: string): string => inScript(s, doc.script, script);
  let deadline: ExpectedCard['deadline'] = null;
  if (m.deadline) {
    const { date, inferred } = m.deadline;
    const label = conv(m.deadline.label);
    const datePart = date !== '' && date !== label ? ` (${date})` : '';
    deadline = { inferred, text: (tag) => `${label}${datePart}${tag === null ? '' : ` ${tag}`}` };
  }
  return {
    title: doc.script === script ? m.title : m.titleOther,
    titleLang: script === 'Hant' ? 'zh-Hant' : 'zh-Hans',
    lead: m.leadAgencies.map(conv).join('、'),
    co: m.coAgencies.length > 0 ? m.coAgencies.map(conv).join('、') : null,
    deadline,
  };
}
