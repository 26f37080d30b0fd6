/**
 * Tints recognised measures with the CSS Custom Highlight API: `CSS.highlights` holds one
 * `Highlight` per kind, and one constructed style sheet adopted by the document styles
 * `::highlight(policylens-…)`. Nothing is inserted into the page's DOM, so its text, selection and
 * scripts are untouched. Where the API (or constructed style sheets) is missing, nothing is tinted;
 * the badges still mark the measures.
 *
 * One painter per document (the top document and each same-origin frame): highlight registries and
 * constructed style sheets belong to a document, so both are created from that document's window.
 */
import { DEFAULT_SETTINGS, type TintMode } from '../settings.ts';

/** Highlight names, as the style sheet and the tests know them. */
export const HIGHLIGHT_MATCHED = 'policylens-matched';
export const HIGHLIGHT_UNMATCHED = 'policylens-unmatched';
export const HIGHLIGHT_ACTIVE = 'policylens-active';

export type MarkKind = 'matched' | 'unmatched';

/**
 * The measure marks of each tint mode (`lib/settings.ts`). `tint` is a light background; the default
 * `underline` is a quiet solid underline, so the reader's own highlights (`lib/highlight/`), drawn
 * above these in their colours, are never confused with them; `badges` marks no text. Unmatched
 * measure-like blocks get a grey wash behind the text: a continuous band that reads as a mark (a
 * thin dotted or dashed line under a short table cell read like stray full stops), told apart from
 * the matched line by its shape, not only its hue. The measure whose card is open is tinted in every
 * mode. Only `::highlight()` rules: they cannot restyle anything else on the page. Nothing of the
 * layer prints.
 */
export function highlightCss(mode: TintMode): string {
  const marks =
    mode === 'tint'
      ? `
::highlight(${HIGHLIGHT_MATCHED}) { background-color: rgba(255, 196, 0, 0.22); }
::highlight(${HIGHLIGHT_UNMATCHED}) { background-color: rgba(120, 144, 156, 0.12); text-decoration: underline dashed rgba(96, 125, 139, 0.8); }`
      : mode === 'underline'
        ? `
::highlight(${HIGHLIGHT_MATCHED}) { text-decoration: underline solid rgba(11, 110, 79, 0.55) 1px; }
::highlight(${HIGHLIGHT_UNMATCHED}) { background-color: rgba(120, 144, 156, 0.16); }`
        : '';
  return `${marks}
::highlight(${HIGHLIGHT_ACTIVE}) { background-color: rgba(255, 170, 0, 0.45); }
@media print {
  ::highlight(${HIGHLIGHT_MATCHED}), ::highlight(${HIGHLIGHT_UNMATCHED}), ::highlight(${HIGHLIGHT_ACTIVE}) {
    background-color: transparent; text-decoration: none;
  }
}
`;
}

/** The default mode's style sheet (kept for readers of this module's tests). */
export const HIGHLIGHT_CSS = highlightCss(DEFAULT_SETTINGS.tintMode);

interface HighlightLike {
  add(range: AbstractRange): unknown;
  delete(range: AbstractRange): boolean;
  clear(): void;
  priority: number;
}

interface HighlightRegistryLike {
  set(name: string, highlight: HighlightLike): unknown;
  get(name: string): HighlightLike | undefined;
  delete(name: string): boolean;
}

interface HighlightWindow {
  CSS?: { highlights?: HighlightRegistryLike };
  Highlight?: new (...ranges: AbstractRange[]) => HighlightLike;
  CSSStyleSheet?: new () => CSSStyleSheet;
}

/** Whether a window has the Custom Highlight API. */
export function supportsHighlights(win: unknown): boolean {
  const w = win as HighlightWindow | null | undefined;
  return !!w && typeof w.Highlight === 'function' && !!w.CSS?.highlights;
}

/**
 * The highlights of one document. Nothing is registered or adopted until the first range is added:
 * adopting a style sheet invalidates the document's styles, which should happen after the layer has
 * read them, not before.
 */
export class HighlightPainter {
  private registry: HighlightRegistryLike | null = null;
  private byKind: Record<MarkKind, HighlightLike> | null = null;
  private active: HighlightLike | null = null;
  private sheet: CSSStyleSheet | null = null;
  private initialised = false;
  private mode: TintMode = DEFAULT_SETTINGS.tintMode;

  constructor(private readonly doc: Document) {}

  /** Changes how measures are marked; takes effect at once where the sheet is adopted. */
  setMode(mode: TintMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    try {
      this.sheet?.replaceSync(highlightCss(mode));
    } catch (error) {
      console.debug('PolicyLens: could not change the tint mode', error);
    }
  }

  /** The current tint mode. */
  get tintMode(): TintMode {
    return this.mode;
  }

  private init(): void {
    if (this.initialised) return;
    this.initialised = true;
    const win = this.doc.defaultView as unknown as HighlightWindow | null;
    if (!win || !supportsHighlights(win) || !win.Highlight || !win.CSS?.highlights) return;
    this.registry = win.CSS.highlights;
    const H = win.Highlight;
    this.byKind = { matched: new H(), unmatched: new H() };
    this.active = new H();
    this.byKind.unmatched.priority = 0;
    this.byKind.matched.priority = 1;
    this.active.priority = 2;
    this.registry.set(HIGHLIGHT_MATCHED, this.byKind.matched);
    this.registry.set(HIGHLIGHT_UNMATCHED, this.byKind.unmatched);
    this.registry.set(HIGHLIGHT_ACTIVE, this.active);
    this.adoptSheet(win);
  }

  /** Whether this document gets tints at all (false before the first range, or without the API). */
  get enabled(): boolean {
    return this.byKind !== null;
  }

  private adoptSheet(win: HighlightWindow): void {
    const doc = this.doc as Document & { adoptedStyleSheets?: CSSStyleSheet[] };
    if (!win.CSSStyleSheet || !Array.isArray(doc.adoptedStyleSheets)) return;
    try {
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(highlightCss(this.mode));
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
      this.sheet = sheet;
    } catch (error) {
      console.debug('PolicyLens: no highlight style sheet', error);
    }
  }

  add(kind: MarkKind, range: AbstractRange): void {
    this.init();
    this.byKind?.[kind].add(range);
  }

  /**
   * Takes a range's tint away and keeps it for the active tint: a measure's other blocks (a task
   * table's group row restating it) light up only while its card is open.
   */
  untint(kind: MarkKind, range: AbstractRange): void {
    this.byKind?.[kind].delete(range);
  }

  remove(kind: MarkKind, range: AbstractRange): void {
    this.byKind?.[kind].delete(range);
    this.active?.delete(range);
  }

  /** The ranges of the open card's measure, tinted more strongly (empty clears it). */
  setActive(ranges: readonly AbstractRange[]): void {
    if (ranges.length > 0) this.init();
    if (!this.active) return;
    this.active.clear();
    for (const r of ranges) this.active.add(r);
  }

  /** Removes every tint and the style sheet (the layer is going away). */
  dispose(): void {
    if (this.registry && this.byKind) {
      const mine = (name: string, h: HighlightLike | null): void => {
        if (h && this.registry?.get(name) === h) this.registry.delete(name);
      };
      mine(HIGHLIGHT_MATCHED, this.byKind.matched);
      mine(HIGHLIGHT_UNMATCHED, this.byKind.unmatched);
      mine(HIGHLIGHT_ACTIVE, this.active);
    }
    const doc = this.doc as Document & { adoptedStyleSheets?: CSSStyleSheet[] };
    if (this.sheet && Array.isArray(doc.adoptedStyleSheets)) {
      try {
        doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== this.sheet);
      } catch {
        // The document is gone; nothing to undo.
      }
    }
    this.sheet = null;
    this.byKind = null;
    this.active = null;
    this.registry = null;
  }
}
