/**
 * The shapes of the compiled corpus. These are the contract between the build-time compiler, the
 * bundled data the extension loads, the command line's JSON and (later) the matching index, so
 * they are plain JSON values: no classes, no Dates, no Maps.
 */
import type { RelatedSection } from '../match/related.ts';
import type { CompiledThesaurus } from '../thesaurus/thesaurus.ts';
import type { ThemeId } from '../themes.ts';

/** ISO 15924 script codes, as in `zh-Hans` / `zh-Hant`. */
export type Script = 'Hans' | 'Hant';

/** One seed document, as described by `seeds/manifest.json`. */
export interface CorpusDocument {
  /** Stable id, e.g. `dalian-2023`; part of every measure id. */
  id: string;
  /** The file name the seed had in the shared seed folder (provenance). */
  seedFile: string;
  /** File name inside `seeds/`. */
  file: string;
  /** Port in English, e.g. `Xiamen`. */
  port: string;
  /** Port in Chinese (Simplified), e.g. `厦门`. */
  portZh: string;
  /** Region (province) in English. */
  region: string;
  /** Region in Chinese (Simplified). */
  regionZh: string;
  /** Issuing body as the text names it (original script). */
  issuer: string;
  /** Issuing body in English. */
  issuerEn: string;
  /** Whether the issuer is inferred rather than named by the text. */
  issuerInferred: boolean;
  /** Full title (original script). */
  title: string;
  /** Whether the title is descriptive rather than printed in the text. */
  titleInferred: boolean;
  /** ISO date, as precise as known: `2024-04-30`, `2008-11`, `2023`. */
  date: string;
  /** Whether the date is inferred (shown as approximate to users). */
  dateInferred: boolean;
  /** Why the date is what it is, for the card and the library page. */
  dateNote: string;
  /**
   * The words of the notice each inferred fact rests on (original script), shown where the fact is
   * marked "inferred": `date` for Xiamen 2008 is `从2008年11月起`. `date` may also quote a date the
   * notice prints, when another reading rests on it (Changsha's `年内` deadlines).
   */
  evidence: Evidence;
  /** Script of the original text. */
  script: Script;
}

/** Words of a seed that document facts rest on; every one occurs in the seed as written. */
export interface Evidence {
  date?: string;
  title?: string;
  issuer?: string;
}

/** A deadline as the text gives it. */
export interface Deadline {
  /** ISO date (end of the period when the text names a period). */
  date: string;
  /** The words the text uses, e.g. `年内`, `在2004年年底以前`. */
  label: string;
  /** True when the date is our reading rather than the text's own (shown as "inferred"). */
  inferred: boolean;
  /**
   * For an inferred date: the words of the notice it is read from (original script), e.g. `年内`
   * and the notice's date `2017年4月1日`, or `在2004年年底以前` for the measures that inherit it.
   */
  evidence?: string[];
}

/** What kind of service time commitment a quote makes. */
export type TimeLimitKind = 'within' | 'reduced-to' | 'reduced-by' | 'same-day' | 'immediate';

/**
 * The units a text counts time in. They are kept as written: a working day is not 24 hours (it
 * skips weekends and holidays), and "the same day" or "immediately" is no number of hours.
 */
export type TimeUnit = 'minute' | 'hour' | 'day' | 'working-day';

/** An amount of time in the text's own unit. */
export interface Duration {
  amount: number;
  unit: TimeUnit;
}

/** A service time commitment found in a measure's text. */
export interface TimeLimit {
  /** The words as written (original script), e.g. `进口2个工作日内`. */
  quote: string;
  kind: TimeLimitKind;
  /**
   * The committed duration (`within`, `reduced-to`) or the cut (`reduced-by`), in the unit the
   * text uses; null for `same-day` and `immediate`, which name no amount.
   */
  duration: Duration | null;
  /** For `reduced-to`: the duration before the reform, in its own unit. */
  from?: Duration;
}

/** A related measure in another document (filled by the matching engine, `lib/match/related.ts`). */
export interface Related {
  id: string;
  /** Relatedness: the share of this measure's instruments the other one covers, in [0, 1]. */
  score: number;
  /** Why they are related: shared instrument terms. */
  why: string[];
  /** The shared instrument the card groups it under (a thesaurus concept id). */
  group: string;
  /** The part of the card: other ports, more from those documents, or the same port. */
  section: RelatedSection;
}

/** Text of a seed document outside its measures (preamble, principles, requirements). */
export interface Passage {
  docId: string;
  /** One line of the seed, in its original script. */
  text: string;
}

/** One measure (or, for task tables, one task) of a seed document. */
export interface Measure {
  /** `docId:path`, e.g. `dalian-2023:2.13`; derived from the numbering, never from array order. */
  id: string;
  docId: string;
  /** The number as printed (`十三`, `(十三)`, `1.`, `27`), or null for an unnumbered paragraph. */
  number: string | null;
  /** The printed numbers of the enclosing sections, outermost first. */
  path: string[];
  /** For table tasks: the id of the measure they implement. */
  parentId: string | null;
  /** The opening title sentence (original script). */
  title: string;
  /** The whole text of the measure without its number (original script). */
  text: string;
  /** Title in the other script (for display on pages written in it). */
  titleOther: string;
  /** Text in the other script. */
  textOther: string;
  /** Lead agencies; the first named leads. */
  leadAgencies: string[];
  /** Co-operating agencies. */
  coAgencies: string[];
  /** Where the agencies come from: the measure's own text, a task table, or the document issuer. */
  agencySource: 'text' | 'table' | 'issuer';
  deadline: Deadline | null;
  timeLimits: TimeLimit[];
  themes: ThemeId[];
  related: Related[];
  /** 1-based line in the seed file where the measure starts (for error messages and review). */
  line: number;
}

/** The compiled corpus: what the extension bundles and the command line prints. */
export interface Corpus {
  /** Content hash of the compiled records, shown in the popup as the corpus version. */
  version: string;
  documents: CorpusDocument[];
  measures: Measure[];
  /** The instrument thesaurus (`seeds/thesaurus.json`), compiled: relatedness and cards use it. */
  thesaurus: CompiledThesaurus;
  /**
   * The documents' own text outside their measures: a page block that is one of these is that
   * document's framing (Changsha's 基本原则), not a measure missing from the corpus.
   */
  passages: Passage[];
  /**
   * Conversion tables made at build time with OpenCC's phrase tables, so that the extension can
   * show corpus strings in either script without shipping OpenCC's Simplified → Traditional
   * dictionaries (about a megabyte): see `lib/cards/script.ts`.
   */
  scripts: ScriptTables;
}

/** What the popup shows of the corpus: its version and documents, without the measures. */
export interface CorpusSummary {
  version: string;
  documents: CorpusDocument[];
  measureCount: number;
  /**
   * The documents' titles, issuers and ports in each script, where that differs from how they are
   * written (`厦门` → `廈門`): extension pages show corpus text in the UI language's script, and
   * the summary's readers carry no conversion tables.
   */
  inScript?: Record<Script, Record<string, string>>;
}

/** Build-time script conversion: whole corpus strings, then single characters as a fallback. */
export interface ScriptTables {
  /** Corpus strings (agencies, titles, labels, reasons…) that differ in Traditional. */
  toHant: Record<string, string>;
  /** Corpus strings of Traditional documents that differ in Simplified. */
  toHans: Record<string, string>;
  /** Every CJK character (U+3400–U+9FFF) that Simplified → Traditional changes, and its form. */
  hantChars: Record<string, string>;
}
