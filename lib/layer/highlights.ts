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

/** Highlight names, as the style sheet and the tests know them. */
export const HIGHLIGHT_MATCHED = 'policylens-matched';
export const HIGHLIGHT_UNMATCHED = 'policylens-unmatched';
export const HIGHLIGHT_ACTIVE = 'policylens-active';

export type MarkKind = 'matched' | 'unmatched';

/** The style sheet adopted by the page (only `::highlight()` rules: they cannot restyle anything else). */
export const HIGHLIGHT_CSS = `
::highlight(${HIGHLIGHT_MATCHED}) { background-color: rgba(255, 196, 0, 0.22); }
::highlight(${HIGHLIGHT_UNMATCHED}) { background-color: rgba(120, 144, 156, 0.12); text-decoration: underline dotted rgba(96, 125, 139, 0.8); }
::highlight(${HIGHLIGHT_ACTIVE}) { background-color: rgba(255, 170, 0, 0.45); }
`;

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

  constructor(private readonly doc: Document) {}

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
      sheet.replaceSync(HIGHLIGHT_CSS);
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
