/**
 * The one typed message map of the extension, split by direction. Content scripts run next to a
 * hostile page and may be compromised by it, so every message names its direction, handlers check
 * who sent it (`senderAllowed`), and privileged messages (settings, scans of other tabs) are only
 * accepted from the extension's own pages. No raw `msg.type === '…'` checks anywhere else: every
 * message goes through `send*` and `handle` below, so the compiler checks both ends.
 */
import type {
  AnchorState,
  AnchorTarget,
  ColourId,
  PageRef,
  TextPositionSelector,
  TextQuoteSelector,
} from './annotation/model.ts';
import type { Deadline, Evidence, Script, TimeLimit } from './corpus/types.ts';
import type { Annotation } from './annotation/model.ts';
import type { BulkOutcome, Paged } from './store/annotations.ts';
import type { AnnotationPatch } from './store/validate.ts';
import type { SearchQuery, SearchResponse } from './search/search-index.ts';
import type { RelatedSection } from './match/related.ts';

/** A thesaurus concept as a card names it: labels in every UI language, and its definition. */
export interface CardInstrument {
  id: string;
  labels: { 'zh-CN': string; 'zh-TW': string; en: string };
  /** One line (en). */
  definition: string;
}

/** A related measure as a card shows it (already in the page's script). */
export interface CardRelated {
  id: string;
  port: string;
  docTitle: string;
  /** The document's date as known (`2008-11`, `2023`), to tell years apart in the same port. */
  docDate: string;
  /** Number as printed, with as much of its path as it takes to be unambiguous (`(六)1.`, `三、2、`). */
  number: string;
  title: string;
  /** Relatedness (not the page-match score): the share of the instruments it covers. */
  score: number;
  why: string[];
  /**
   * Each reason of `why` as the thesaurus names its instruments, in every UI language (`7×24小时 /
   * 5+2` → `Round-the-clock clearance … / "5+2" working week`), or null for a reason it does not
   * name: the words of the texts are Chinese, and an English reader gets these instead.
   */
  whyLabels?: Array<CardInstrument['labels'] | null>;
  /** The shared instrument it is grouped under (null when the thesaurus has no such concept). */
  group: CardInstrument | null;
  /** Which part of the list: other ports, same port (other years), one section (home unknown), more. */
  section: RelatedSection;
}

/** Everything a card shows about one corpus measure, in the page's script. */
export interface CardMeasure {
  id: string;
  title: string;
  /** The measure's text without its number (what "Copy" puts on the clipboard). */
  text: string;
  docId: string;
  docTitle: string;
  docTitleInferred: boolean;
  /** Document date as known, e.g. `2024-04-30`, `2008-11`. */
  docDate: string;
  docDateInferred: boolean;
  port: string;
  number: string;
  /** The number with its whole printed path, as a citation gives it: `二、(十三)`, `二、(六)1.`. */
  numberPath: string;
  issuer: string;
  issuerInferred: boolean;
  /** The words of the notice each inferred document fact is read from (see `CorpusDocument`). */
  evidence: Evidence;
  leadAgencies: string[];
  coAgencies: string[];
  agencySource: 'text' | 'table' | 'issuer';
  deadline: Deadline | null;
  timeLimits: TimeLimit[];
  themes: Array<{ id: string; label: string }>;
  related: CardRelated[];
  /**
   * Whose related measures `related` are: the measure's own (its port known: other ports, then
   * the same port), or those of a page passage that only resembles it (the page's port unknown).
   */
  relatedFor?: 'measure' | 'passage';
}

/** A measure as the library page shows it: its card plus its whole text, in the page's script. */
export interface MeasureDetail extends CardMeasure {
  /** The measure's text without its number. */
  text: string;
}

/** The engine's verdict on one block the content script sent, by its index in the request. */
export interface BlockVerdict {
  block: number;
  /** Score of the top match in [0, 1], or null when the block matched nothing. */
  score: number | null;
  /** The matched measure's card, or null for an unmatched measure-like block. */
  card: CardMeasure | null;
  /** For an unmatched measure-like block: the measures it resembles. */
  related: CardRelated[];
}

/** Counts a tab reports to the popup. */
export interface PageStats {
  recognised: number;
  matched: number;
  unmatched: number;
  scans: number;
  paused: boolean;
  /** Main-thread milliseconds the layer spent on this page, and its longest task. */
  mainThreadMs: number;
  longestTaskMs: number;
}

/** A passage the content script read from the page: what a new annotation (or a re-attach) needs. */
export interface CapturedPassage {
  page: PageRef;
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  /** The recognised corpus measure the passage lies in, or null. */
  measureId: string | null;
}

/** Why a write of user data failed, as the UI says it (the data itself is kept where it was). */
export type WriteError = 'quota' | 'closed' | 'invalid' | 'not-found' | 'unknown';

/** The answer to a write: ok, or why not (never a thrown error across the message boundary). */
export type WriteResult<T = Record<string, never>> =
  ({ ok: true } & T) | { ok: false; error: WriteError; message: string };

/** What the side panel shows of a tab: the page, its recognised measures and how its annotations anchored. */
export interface PageState {
  page: PageRef;
  /** Recognised measures in reading order (matched ones first by position; unmatched have no id). */
  measures: Array<{ id: string; number: string; title: string }>;
  anchors: AnchorState[];
}

/** Messages from content scripts to the background. */
export interface ContentToBackground {
  /** Match blocks of page text; the answer is in the page's script. */
  'match-blocks': {
    data: { blocks: string[] };
    result: { script: Script; verdicts: BlockVerdict[] };
  };
  /** Whether PolicyLens is paused on this host. */
  'is-paused': { data: { host: string }; result: boolean };
  /** The tab's counts changed (for the popup and the toolbar badge). */
  'page-stats': { data: PageStats; result: void };
  /**
   * Open the library page at a measure (a card's related item): in the library tab already open,
   * else in a new tab. The content script cannot open extension pages itself without making them
   * web-accessible.
   */
  'open-library': { data: { id: string }; result: void };
  /**
   * The annotations of the page this tab shows, as anchor targets (no notes, no tags). The
   * background takes the page from the sender's tab URL; `canonical` is used only when it is on
   * the same host (`trustedCanonical`).
   */
  'page-annotations': { data: { canonical: string | null }; result: AnchorTarget[] };
  /** Creates an annotation on this tab's page; refused when `passage.page.url` is not the tab's page. */
  'create-annotation': {
    data: { passage: CapturedPassage; colour: ColourId | null };
    result: WriteResult<{ target: AnchorTarget }>;
  };
  /** Opens the side panel (or Firefox's sidebar) for this tab, at an annotation when given. */
  'open-side-panel': { data: { annotationId: string | null }; result: { ok: boolean } };
}

/** Messages from extension pages (popup, library, side panel) to the background. */
export interface PageToBackground {
  /** Scan the given tab now (injects the content script where it is not declared). */
  'scan-tab': { data: { tabId: number }; result: { ok: boolean; error?: string } };
  /** Pause or resume PolicyLens on a host. */
  'set-paused': { data: { host: string; paused: boolean }; result: void };
  /** Counts for a tab, or null when the layer is not running there. */
  'tab-stats': { data: { tabId: number }; result: PageStats | null };
  /** A measure's card with its text, for the library page. */
  'get-measure': { data: { id: string; script: Script }; result: MeasureDetail | null };
  /**
   * Run on an origin from now on (registers a persistent content script for `origin/*`). The
   * popup asks for the host permission first, in the user's click; the background only checks it.
   */
  'allow-site': { data: { origin: string }; result: { ok: boolean; error?: string } };

  // Annotations (issue 8). Extension pages may also open the database themselves (`lib/store/`);
  // these are for pages that would rather not, and they wake a sleeping service worker. Only
  // extension pages may list, search, change or delete across pages: content scripts have
  // `page-annotations` and `create-annotation`, for their own tab's page only.

  /** One page of annotations: of a page (its keys), or of all pages (`keys` null), newest first. */
  'annotations-list': {
    data: { keys: string[] | null; after: string | null; limit: number | null };
    result: Paged<Annotation>;
  };
  /** One annotation, or null. */
  'annotation-get': { data: { id: string }; result: Annotation | null };
  /** Changes colour, tags, note, status, or re-attaches (`patch.anchor`). */
  'annotation-update': {
    data: { id: string; patch: AnnotationPatch };
    result: WriteResult<{ annotation: Annotation }>;
  };
  /** Deletes one annotation; the answer holds the deleted record, for undo. */
  'annotation-delete': { data: { id: string }; result: WriteResult<{ annotation: Annotation }> };
  /** Puts a deleted annotation back (undo). */
  'annotation-restore': { data: { annotation: Annotation }; result: WriteResult<{ annotation: Annotation }> };
  /** Imports records (all checked first; see `AnnotationsTable.bulkPut`). */
  'annotations-import': {
    data: { records: unknown[]; onConflict: 'keep-newer' | 'replace' | null; skipInvalid: boolean };
    result: WriteResult<BulkOutcome>;
  };
  /** Searches annotations and corpus measures ("Everything: search…"). */
  'annotations-search': { data: SearchQuery; result: SearchResponse };
  /** How many annotations there are, and every tag with its count (for the filters). */
  'annotations-summary': {
    data: Record<string, never>;
    result: { count: number; tags: Array<{ tag: string; count: number }> };
  };
  /** Opens the side panel for a tab, at an annotation when given (e.g. from the popup). */
  'open-side-panel': { data: { tabId: number; annotationId: string | null }; result: { ok: boolean } };
  /**
   * Opens the library at one of its addresses (`#doc=dalian-2023`; `''`: as it is), in the library
   * tab already open, else in a new tab: the popup's documents and "Open the library". The popup
   * closes as the library takes the focus, so the background does the opening.
   */
  'open-library-at': { data: { hash: string }; result: { ok: boolean } };
}

/**
 * Messages to a tab's content script, from the background or from an extension page (the side
 * panel talks to the tab it shows): both send without a tab, which is what the content script checks.
 */
export interface BackgroundToContent {
  /** Scan the page now (the user asked, or the site was allowed). */
  'scan-now': { data: Record<string, never>; result: PageStats };
  /** Report counts. */
  'get-stats': { data: Record<string, never>; result: PageStats };
  /** Annotations of these page keys changed: fetch them again if they are this page's. */
  'annotations-changed': { data: { keys: string[] }; result: void };
  /** Annotate the current selection (context menu, keyboard command). */
  'annotate-selection': { data: Record<string, never>; result: WriteResult<{ id: string }> };
  /** The current selection as a passage, for "Re-attach" in the side panel. */
  'capture-selection': {
    data: Record<string, never>;
    result: { ok: true; passage: CapturedPassage } | { ok: false; error: 'no-selection' | 'not-text' };
  };
  /** The page, its measures and its anchoring, for the side panel. */
  'page-state': { data: Record<string, never>; result: PageState };
  /** Scroll to a measure or an annotation and flash it. */
  reveal: { data: { measureId: string | null; annotationId: string | null }; result: { ok: boolean } };
}

/** Notices a content script sends to extension pages (the side panel listens for its tab). */
export interface ContentToPage {
  /** The tab's page state changed (rescan, re-anchoring, navigation). */
  'page-state-changed': { data: PageState; result: void };
}

/**
 * Any direction's map. Written as a mapped type over `M`'s own keys rather than
 * `Record<string, …>`: interfaces have no implicit index signature, so the maps above would not
 * satisfy a `Record<string, …>` constraint.
 */
type ProtocolMap<M = Record<string, unknown>> = { [K in keyof M]: { data: unknown; result: unknown } };

/** The wire form of every message: the direction travels with it and is checked on arrival. */
export interface Envelope<M extends ProtocolMap<M> = ProtocolMap, K extends keyof M = keyof M> {
  policylens: 1;
  direction: Direction;
  type: K;
  data: M[K]['data'];
}

/** Which map a message belongs to. */
export type Direction =
  'content-to-background' | 'page-to-background' | 'background-to-content' | 'content-to-page';

/** The minimal sender shape (browser.runtime.MessageSender) the checks need. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string; windowId?: number };
  frameId?: number;
}

/**
 * Who may send a direction's messages:
 * - content-to-background: our extension (`sender.id`), from a tab;
 * - page-to-background: our extension, from one of its own pages (extension origin, no tab
 *   content script), so a page that compromised a content script cannot change settings;
 * - background-to-content: our extension, not from a tab's content script: the background, or an
 *   extension page (Firefox gives an extension page that is itself in a tab or window, such as the
 *   panel window or the library, a `sender.tab`; its `sender.url` is still our origin, set by the
 *   browser, which no web page can claim);
 * - content-to-page: our content script in a tab (the receiving extension page checks the tab).
 */
export function senderAllowed(
  direction: Direction,
  sender: Sender,
  extensionId: string,
  extensionOrigin: string,
): boolean {
  if (sender.id !== extensionId) return false;
  const fromExtensionPage = typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
  switch (direction) {
    case 'content-to-background':
      return sender.tab !== undefined && !fromExtensionPage;
    case 'page-to-background':
      return (
        fromExtensionPage && (sender.tab === undefined || (sender.tab.url ?? '').startsWith(extensionOrigin))
      );
    case 'background-to-content':
      return sender.tab === undefined || fromExtensionPage;
    case 'content-to-page':
      return sender.tab !== undefined && !fromExtensionPage;
  }
}

/** Whether a value is one of our envelopes (anything else is ignored, never answered). */
export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.policylens === 1 && typeof v.type === 'string' && typeof v.direction === 'string';
}

/** Builds an envelope; used by the senders so the shape is written once. */
export function envelope<M extends ProtocolMap<M>, K extends keyof M & string>(
  direction: Direction,
  type: K,
  data: M[K]['data'],
): Envelope<M, K> {
  return { policylens: 1, direction, type, data };
}

/** A handler table for one direction: every message type must have a handler. */
export type Handlers<M extends ProtocolMap<M>> = {
  [K in keyof M]: (data: M[K]['data'], sender: Sender) => M[K]['result'] | Promise<M[K]['result']>;
};

/**
 * Dispatches an incoming message to `handlers` if it is an envelope of `direction` from an allowed
 * sender; returns undefined (not handled) otherwise, so other listeners are not answered for.
 */
export function dispatch<M extends ProtocolMap<M>>(
  direction: Direction,
  handlers: Handlers<M>,
  message: unknown,
  sender: Sender,
  self: { id: string; origin: string },
): Promise<unknown> | undefined {
  if (!isEnvelope(message) || message.direction !== direction) return undefined;
  if (!senderAllowed(direction, sender, self.id, self.origin)) return undefined;
  const handler = (handlers as Record<string, ((d: unknown, s: Sender) => unknown) | undefined>)[
    message.type as string
  ];
  if (!Object.prototype.hasOwnProperty.call(handlers, message.type) || !handler) return undefined;
  // The handler runs now, inside the listener, not a microtask later: Chrome hands a click's user
  // gesture to the background's listener only for as long as it runs synchronously, and opening
  // the side panel needs it (checked in Chromium: test/e2e/store.test.ts). A throw still becomes
  // a rejection.
  try {
    return Promise.resolve(handler(message.data, sender));
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
