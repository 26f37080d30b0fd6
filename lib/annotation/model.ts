/**
 * What an annotation is: the record the store keeps, the slice of it a content script may see, and
 * the fixed vocabularies (colours, statuses). Plain JSON values only (no classes, no Dates), because
 * records cross message boundaries, go into IndexedDB and out to files unchanged.
 *
 * Selectors follow the W3C Web Annotation Data Model, with the conventions of Hypothesis and Apache
 * Annotator so that annotations move between tools:
 * - `TextQuoteSelector`: the exact text, with up to {@link CONTEXT_CHARS} characters of context on
 *   either side (fewer at the edges of the page);
 * - `TextPositionSelector`: `start`/`end` count UTF-16 code units of `document.body.textContent`.
 *
 * Where it lives: stored in `lib/store/`, anchored by `lib/anchor/`, drawn on the page by
 * `lib/highlight/`, edited in the side panel (`components/sidepanel/`).
 */

/** Characters of prefix and suffix a TextQuoteSelector keeps (the W3C/Hypothesis habit is 32). */
export const CONTEXT_CHARS = 32;

/** The highlight colours. Each has a name in the UI and works for colour-blind readers (see COLOURS). */
export type ColourId = 'yellow' | 'green' | 'blue' | 'pink' | 'orange';

/** A highlight colour: CSS for the page's highlight, a swatch for the UI, and the UI string key of its name. */
export interface Colour {
  id: ColourId;
  /** Background of the user highlight on the page (translucent, so text stays readable on white). */
  background: string;
  /**
   * An underline style that differs per colour, so that colours are told apart without hue
   * (deuteranopia and protanopia merge green, yellow and orange).
   */
  decoration: string;
  /** Opaque swatch for the side panel and the selection button. */
  swatch: string;
}

/**
 * The palette: Okabe–Ito hues (chosen to stay distinct under the common colour-vision
 * deficiencies), lightened as backgrounds so that black text on them keeps a contrast above 12:1,
 * each with its own underline pattern as a second cue.
 */
export const COLOURS: readonly Colour[] = Object.freeze([
  {
    id: 'yellow',
    background: 'rgba(240, 228, 66, 0.45)',
    decoration: 'underline solid rgba(150, 130, 0, 0.9) 2px',
    swatch: '#f0e442',
  },
  {
    id: 'green',
    background: 'rgba(0, 158, 115, 0.25)',
    decoration: 'underline dashed rgba(0, 110, 80, 0.9) 2px',
    swatch: '#009e73',
  },
  {
    id: 'blue',
    background: 'rgba(86, 180, 233, 0.3)',
    decoration: 'underline double rgba(0, 114, 178, 0.9) 3px',
    swatch: '#56b4e9',
  },
  {
    id: 'pink',
    background: 'rgba(204, 121, 167, 0.28)',
    decoration: 'underline wavy rgba(160, 70, 120, 0.9) 1px',
    swatch: '#cc79a7',
  },
  {
    id: 'orange',
    background: 'rgba(230, 159, 0, 0.3)',
    decoration: 'underline dotted rgba(170, 90, 0, 0.95) 3px',
    swatch: '#e69f00',
  },
]);

export const COLOUR_IDS: readonly ColourId[] = COLOURS.map((c) => c.id);

/** The colour a new annotation gets unless the reader picks another. */
export const DEFAULT_COLOUR: ColourId = 'yellow';

/** Where an enterprise stands on a measure it marked. */
export type Status = 'none' | 'relevant' | 'todo' | 'done';

export const STATUSES: readonly Status[] = ['none', 'relevant', 'todo', 'done'];

/** W3C TextQuoteSelector. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

/** W3C TextPositionSelector: UTF-16 code units of `document.body.textContent`, `start <= end`. */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/** The page an annotation was made on, as the content script saw it. */
export interface PageRef {
  /** `location.href` when the annotation was made (kept as is). */
  url: string;
  /** The page's `<link rel=canonical>` (absolute), or null. */
  canonical: string | null;
  /** `document.title`. */
  title: string;
}

/** One annotation, as the store keeps it. */
export interface Annotation {
  /** A UUID (crypto.randomUUID); its W3C id is `urn:uuid:<id>`. */
  id: string;
  page: PageRef;
  /**
   * The normalised page keys the annotation is found under (`pageKeys(page)`): the URL's, and the
   * canonical URL's when the page has one. A multi-entry index, so a page reached by either finds it.
   */
  keys: string[];
  quote: TextQuoteSelector;
  /** Null when imported from a tool that gave only a quote. */
  position: TextPositionSelector | null;
  /** The corpus measure the passage lies in, when it lies in a recognised one. */
  measureId: string | null;
  colour: ColourId;
  /** Free tags, trimmed, unique, in the order given. */
  tags: string[];
  /** Markdown. Rendered only in extension pages, through markdown-it and DOMPurify. */
  note: string;
  status: Status;
  /** UTC ISO 8601 with milliseconds and `Z`, e.g. `2026-12-01T03:57:07.123Z`. */
  created: string;
  updated: string;
}

/**
 * What a content script is told about an annotation: enough to anchor and draw it, nothing of its
 * note or tags. A page can read everything a content script puts into the DOM (open shadow roots
 * included), so private text never goes there: notes are read and edited in extension pages.
 */
export interface AnchorTarget {
  id: string;
  quote: TextQuoteSelector;
  position: TextPositionSelector | null;
  colour: ColourId;
  measureId: string | null;
  /** Whether the annotation has a note (the page shows a marker, never the note). */
  hasNote: boolean;
}

/** The content-script view of a stored annotation. */
export function anchorTarget(a: Annotation): AnchorTarget {
  return {
    id: a.id,
    quote: a.quote,
    position: a.position,
    colour: a.colour,
    measureId: a.measureId,
    hasNote: a.note.trim() !== '',
  };
}

/** How a stored annotation fared when the page re-anchored it. */
export type AnchorMethod = 'position' | 'quote' | 'fuzzy';

export interface AnchorState {
  id: string;
  status: 'anchored' | 'orphan';
  method: AnchorMethod | null;
}

/** Bounds on what one annotation may hold (checked by the background and the importer). */
export const LIMITS = Object.freeze({
  /** Characters of the quoted text (a whole long measure fits). */
  exact: 20_000,
  /** Characters of a note. */
  note: 100_000,
  /** Tags per annotation, and characters per tag. */
  tags: 50,
  tag: 100,
  /** Characters of a page URL and of its title. */
  url: 4_096,
  title: 1_000,
});

/** Now, as the store writes times: UTC ISO 8601 with milliseconds and `Z`. */
export function isoNow(now: Date = new Date()): string {
  return now.toISOString();
}

/** Tags as stored: trimmed, inner whitespace collapsed, empty ones and repeats dropped. */
export function cleanTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    const t = raw.replace(/\s+/gu, ' ').trim().slice(0, LIMITS.tag);
    if (t !== '' && !out.includes(t)) out.push(t);
    if (out.length >= LIMITS.tags) break;
  }
  return out;
}
