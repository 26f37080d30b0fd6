/**
 * Draws the reader's own highlights with the CSS Custom Highlight API, like the measure tints
 * (`lib/layer/highlights.ts`) and above them: one `Highlight` per colour (`policylens-user-<colour>`)
 * at a higher priority than any measure mark, plus a short-lived `policylens-flash` for "show me
 * this passage". Nothing enters the page's DOM; several annotations may cover the same text (the
 * colours stack, the later-created on top is not guaranteed: the overlap is still visibly marked).
 *
 * Printing: measure marks and the flash never print; the reader's highlights print only when the
 * setting says so (`printHighlights`), through a `@media print` rule toggled here.
 */
import { COLOURS, type ColourId } from '../annotation/model.ts';

/** The highlight name of a colour, as the style sheet and the tests know it. */
export const userHighlightName = (colour: ColourId): string => `policylens-user-${colour}`;

/** The highlight that flashes a revealed passage. */
export const HIGHLIGHT_FLASH = 'policylens-flash';

/** Above every measure mark (those use 0–2). */
const USER_PRIORITY = 10;
const FLASH_PRIORITY = 20;

/** The style sheet: one rule per colour, the flash, and the print rule. */
export function userHighlightCss(printHighlights: boolean): string {
  const rules = COLOURS.map(
    (c) =>
      `::highlight(${userHighlightName(c.id)}) { background-color: ${c.background}; text-decoration: ${c.decoration}; }`,
  );
  rules.push(`::highlight(${HIGHLIGHT_FLASH}) { background-color: rgba(255, 120, 0, 0.55); }`);
  // The flash only points at a passage for a moment ("Show on page"): it is not the reader's
  // highlight, so it never prints, even when highlights do.
  const hidden = [
    ...(printHighlights ? [] : COLOURS.map((c) => `::highlight(${userHighlightName(c.id)})`)),
    `::highlight(${HIGHLIGHT_FLASH})`,
  ];
  rules.push(
    `@media print { ${hidden.join(', ')} { background-color: transparent; text-decoration: none; } }`,
  );
  return rules.join('\n');
}

interface HighlightLike {
  add(range: AbstractRange): unknown;
  delete(range: AbstractRange): boolean;
  clear(): void;
  priority: number;
}

interface HighlightWindow {
  CSS?: { highlights?: Map<string, HighlightLike> };
  Highlight?: new (...ranges: AbstractRange[]) => HighlightLike;
  CSSStyleSheet?: new () => CSSStyleSheet;
}

/** The reader's highlights in one document. */
export class UserHighlightPainter {
  private byColour: Map<ColourId, HighlightLike> | null = null;
  private flash: HighlightLike | null = null;
  private sheet: CSSStyleSheet | null = null;
  private registry: Map<string, HighlightLike> | null = null;
  private readonly drawn = new Map<string, { colour: ColourId; range: AbstractRange }>();
  private initialised = false;
  private print = false;

  constructor(private readonly doc: Document) {}

  private init(): void {
    if (this.initialised) return;
    this.initialised = true;
    const win = this.doc.defaultView as unknown as HighlightWindow | null;
    const H = win?.Highlight;
    const registry = win?.CSS?.highlights;
    if (!win || typeof H !== 'function' || !registry) return;
    this.registry = registry;
    this.byColour = new Map();
    for (const c of COLOURS) {
      const h = new H();
      h.priority = USER_PRIORITY;
      this.byColour.set(c.id, h);
      registry.set(userHighlightName(c.id), h);
    }
    this.flash = new H();
    this.flash.priority = FLASH_PRIORITY;
    registry.set(HIGHLIGHT_FLASH, this.flash);
    const doc = this.doc as Document & { adoptedStyleSheets?: CSSStyleSheet[] };
    if (win.CSSStyleSheet && Array.isArray(doc.adoptedStyleSheets)) {
      try {
        const sheet = new win.CSSStyleSheet();
        sheet.replaceSync(userHighlightCss(this.print));
        doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
        this.sheet = sheet;
      } catch (error) {
        console.debug('PolicyLens: no highlight style sheet for annotations', error);
      }
    }
  }

  /** Whether highlights can be drawn in this document (false without the Custom Highlight API). */
  get supported(): boolean {
    this.init();
    return this.byColour !== null;
  }

  /** Draws (or redraws) one annotation's highlight. */
  set(id: string, colour: ColourId, range: AbstractRange): void {
    this.init();
    this.remove(id);
    const h = this.byColour?.get(colour);
    if (!h) return;
    h.add(range);
    this.drawn.set(id, { colour, range });
  }

  /** Removes one annotation's highlight. */
  remove(id: string): void {
    const d = this.drawn.get(id);
    if (!d) return;
    this.byColour?.get(d.colour)?.delete(d.range);
    this.drawn.delete(id);
  }

  /** The ids drawn now. */
  ids(): string[] {
    return [...this.drawn.keys()];
  }

  /** The range drawn for an annotation. */
  rangeOf(id: string): AbstractRange | undefined {
    return this.drawn.get(id)?.range;
  }

  /** Flashes a range (a revealed measure or passage) until `clearFlash`. */
  setFlash(range: AbstractRange | null): void {
    this.init();
    this.flash?.clear();
    if (range) this.flash?.add(range);
  }

  /** Whether the reader's highlights print. */
  setPrint(printHighlights: boolean): void {
    if (printHighlights === this.print) return;
    this.print = printHighlights;
    try {
      this.sheet?.replaceSync(userHighlightCss(printHighlights));
    } catch (error) {
      console.debug('PolicyLens: could not change the print rule', error);
    }
  }

  /** Removes every highlight and the style sheet. */
  dispose(): void {
    if (this.registry && this.byColour) {
      for (const c of COLOURS) {
        const name = userHighlightName(c.id);
        if (this.registry.get(name) === this.byColour.get(c.id)) this.registry.delete(name);
      }
      if (this.flash && this.registry.get(HIGHLIGHT_FLASH) === this.flash)
        this.registry.delete(HIGHLIGHT_FLASH);
    }
    const doc = this.doc as Document & { adoptedStyleSheets?: CSSStyleSheet[] };
    if (this.sheet && Array.isArray(doc.adoptedStyleSheets)) {
      try {
        doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== this.sheet);
      } catch {
        // The document is gone.
      }
    }
    this.drawn.clear();
    this.byColour = null;
    this.flash = null;
    this.sheet = null;
    this.registry = null;
  }
}
