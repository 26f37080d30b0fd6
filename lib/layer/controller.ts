/**
 * The in-page layer: finds measure text on the page, asks the background to match it, tints the
 * matches (CSS Custom Highlight API) and shows one badge per measure in one overlay, whose cards
 * the view (`components/layer/`) renders. The content script entry only wires it to the browser.
 *
 * Flow:
 * 1. `start()` asks 'is-paused' for the host; when paused it does nothing at all (no host element,
 *    no observer) until 'scan-now' or `resume()`.
 * 2. A full scan plans regions (`planRegions`) for the top document and every same-origin frame,
 *    extracts them one slice at a time, sends their blocks in batches ('match-blocks'), turns the
 *    verdicts into marks (a live Range each), tints them and lays the badges out.
 * 3. A MutationObserver (childList, subtree, characterData, and visibility attributes) collects
 *    changes outside our host; after 250 ms of quiet (1 s at most) the changed regions are
 *    rescanned, detached marks are dropped and badges move. Resizes, fonts, inner scrolling and
 *    frame scrolling only move badges.
 *
 * Pausing (`pause()`, the reader paused the site in another tab or the popup) takes everything
 * back off the page at once: badges, cards, tints, the reader's highlights, observers and listeners.
 * `resume()` scans afresh. A scan that was under way when the layer paused stops at its next step:
 * every queued task belongs to an epoch, and pausing starts a new one.
 *
 * Work never runs long: every step is measured by the {@link Meter} and yields when its slice
 * budget is used; waiting for the background is not counted. Every step is wrapped so that a
 * failure (a hostile or broken page) is reported with console.debug and counted, never thrown.
 */
import type { ColourId } from '../annotation/model.ts';
import type { Script } from '../corpus/types.ts';
import {
  PageAnnotations,
  type AnnotationCounts,
  type AnnotationTransport,
  type MarkerView,
  type NoticeView,
  type SelectionToolbarView,
} from '../highlight/page-annotations.ts';
import type {
  BlockVerdict,
  CapturedPassage,
  CardMeasure,
  CardRelated,
  PageState,
  PageStats,
  WriteResult,
} from '../messaging.ts';
import { DEFAULT_SETTINGS, type Settings } from '../settings.ts';
import { extractBlocks, type ExtractedPage } from '../page/blocks.ts';
import { joinsAcross, segmentPage } from '../page/segment.ts';
import { HighlightPainter, type MarkKind } from './highlights.ts';
import { createOverlayHost, STATS_ATTRIBUTE, type OverlayHost } from './host.ts';
import { inside, MarkStore, type BadgeEntry, type ScopeLike } from './marks.ts';
import {
  badgePosition,
  firstRect,
  frameContentBox,
  resolveOverlaps,
  rowBadgePosition,
  rowCellOf,
  startsInside,
  toParent,
  unionRect,
  type Point,
  type RectLike,
} from './position.ts';
import { collectRegions, Debouncer, RegionPlanner, VisibilityMemo, type MutationLike } from './regions.ts';
import { makeYield, Meter, SerialQueue, type YieldFn } from './schedule.ts';
import { countsChanged, dclStart, StatsRecorder, type LayerStats } from './stats.ts';

/** How often the layer puts its host back after the page removed it, before giving up. */
export const MAX_REATTACH = 3;

/** Characters of an unmatched block's text its card quotes. */
export const EXCERPT_CHARS = 160;

/** The start of a block's text for its card: page text, rendered by Preact as text only. */
function excerptOf(text: string): string {
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

/** How the layer talks to the background (the entry point implements it with runtime messages). */
export interface Transport {
  matchBlocks(blocks: string[]): Promise<MatchAnswer>;
  isPaused(host: string): Promise<boolean>;
  reportStats(stats: PageStats): Promise<void>;
  openLibrary(id: string): Promise<void>;
}

/** One badge as the view draws it. */
export interface BadgeView {
  /** Stable key: the measure id, or `unmatched:<n>`. */
  key: string;
  kind: MarkKind;
  /** The measure id for matched badges; null for unmatched ones. */
  measureId: string | null;
  /** Position in overlay coordinates (see `lib/layer/position.ts`). */
  x: number;
  y: number;
  /** Not rendered on the page right now (collapsed section, scrolled out of its frame). */
  hidden: boolean;
  card: CardMeasure | null;
  related: CardRelated[];
  score: number | null;
  /** For an unmatched block: the start of its own text, to show which passage the card is about. */
  excerpt: string;
}

/** Everything the view needs for one render. */
export interface OverlayState {
  badges: BadgeView[];
  /** The script of the page (and of the cards' text), for `lang`. */
  script: Script;
  /** The host's client top-left and the viewport width, for placing cards. */
  origin: Point;
  viewportWidth: number;
  /** Markers of the reader's annotations that have a note (where, never what). */
  markers: MarkerView[];
  /** The selection toolbar, while the reader has page text selected. */
  toolbar: SelectionToolbarView | null;
  /** A message where the reader acted (a failed save), or null. */
  notice: NoticeView | null;
  /** The viewport's height (cards fit in it: opening one never scrolls the page). */
  viewportHeight: number;
}

/** What the view can ask of the layer. */
export interface OverlayActions {
  openLibrary(id: string): void;
  /** A card opened (its badge key) or closed (null): tint that measure more strongly. */
  setActive(key: string | null): void;
  /** The selection toolbar: annotate the selected text in a colour; `note` also opens the side panel. */
  annotateSelection(colour: ColourId | null, note: boolean): void;
  /** "Annotate this measure" on a card. */
  annotateMeasure(measureId: string): void;
  /** A marker: open the side panel at that annotation. */
  openAnnotation(id: string): void;
  dismissNotice(): void;
  /**
   * The box of a badge's measure (all its lines) and its first line, and the visible part of the
   * page, all measured now in overlay coordinates (the page may have scrolled since the last
   * layout), so that its card can open beside or below it, inside the window, without covering
   * it; null when it is not rendered.
   */
  anchorBox(key: string): { measure: RectLike; firstLine: RectLike; viewport: RectLike } | null;
}

/** The view: renders the overlay into the host's shadow root. */
export interface OverlayView {
  render(state: OverlayState): void;
  dispose(): void;
}

/** What the layer needs from its surroundings. */
export interface LayerEnv {
  win: Window;
  transport: Transport;
  /** CSS for the shadow root (badges and cards). */
  css: string;
  /** `lead`: the shadow root of the lead host (first in the order of focus), for "skip to measures". */
  createView(shadow: ShadowRoot, host: HTMLElement, actions: OverlayActions, lead?: ShadowRoot): OverlayView;
  /** Defaults: `performance.now`, the best yield of `win`, and `win`'s timers. */
  now?: () => number;
  yieldFn?: YieldFn;
  /** When the content script started (performance.now() scale); default: construction time. */
  scriptStart?: number;
  /** Quiet time before a rescan, ms (default 250). */
  debounceMs?: number;
  /** The reader's annotations: without it the layer only recognises measures. */
  annotations?: AnnotationTransport;
}

/** A document the layer scans: the top one, or a same-origin frame. */
export interface Scope extends ScopeLike {
  readonly doc: Document;
  readonly order: number;
  /** The frame elements from the top document down to this document (empty for the top). */
  readonly frames: readonly HTMLIFrameElement[];
  readonly painter: HighlightPainter;
  alive(): boolean;
}

/** Blocks per 'match-blocks' request, and characters (the background accepts up to 5,000 blocks). */
const BATCH_BLOCKS = 800;
const BATCH_CHARS = 400_000;
/** Pending mutation records kept before the layer gives up on details and rescans everything. */
const MAX_PENDING_RECORDS = 20_000;
/** Attributes whose change may reveal or hide a section. */
const VISIBILITY_ATTRIBUTES = ['hidden', 'open', 'class', 'style', 'aria-hidden', 'aria-expanded'];

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `frame.contentDocument`, or null when it is cross-origin or not there. */
function frameDocument(frame: HTMLIFrameElement): Document | null {
  try {
    return frame.contentDocument ?? null;
  } catch {
    return null;
  }
}

/** The background's answer to 'match-blocks'. */
type MatchAnswer = { script: Script; verdicts: BlockVerdict[] };

interface BlockRef {
  page: ExtractedPage;
  index: number;
  scope: Scope;
  /** A body in the next region that continues this block (a numbered heading): one measure. */
  until?: { page: ExtractedPage; index: number };
}

interface Batch {
  scope: Scope;
  regions: Element[];
  refs: BlockRef[];
  texts: string[];
  chars: number;
}

/** The layer of one tab's top frame. */
export class Layer {
  private readonly win: Window;
  private readonly doc: Document;
  private readonly meter: Meter;
  private readonly stats: StatsRecorder;
  private readonly marks = new MarkStore<Scope>();
  private readonly scopes: Scope[] = [];
  private watchedFrames = new WeakSet<HTMLIFrameElement>();
  private readonly visibility = new VisibilityMemo();
  private readonly now: () => number;
  private overlay: OverlayHost | null = null;
  private view: OverlayView | null = null;
  private observer: MutationObserver | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private debouncer: Debouncer | null = null;
  private pending: MutationRecord[] = [];
  private overflowed = false;
  private readonly queue = new SerialQueue(
    (e) => this.fail('task', e),
    () => this.disposed,
  );
  private script: Script = 'Hans';
  private activeKey: string | null = null;
  private layoutRequested = false;
  /** The badges the tints were last set for (see `retint`). */
  private tintedFor: readonly BadgeEntry<Scope>[] | null = null;
  private lastReported: PageStats | null = null;
  private started = false;
  private nextOrder = 1;
  private running = false;
  private disposed = false;
  private reattachTimer: number | undefined;
  private reattachTries = 0;
  private readonly cleanups: Array<() => void> = [];
  /** What watching the page added (listeners, timers): undone by `pause()` as well as `dispose()`. */
  private readonly watchCleanups: Array<() => void> = [];
  /** Paused on this site: nothing of the layer is on the page until `resume()` or 'scan-now'. */
  private pausedState = false;
  /** The pause the reader asked for before `start()` heard from the background (it wins). */
  private pauseWanted: boolean | null = null;
  /** Bumped by every pause: queued and running tasks of an older epoch stop. */
  private epoch = 0;
  /** The epoch of the task the queue runs now. */
  private taskEpoch = 0;
  private settings: Settings = { ...DEFAULT_SETTINGS };
  /** The reader's annotations on this page (their own module; the layer only coordinates). */
  private annotationsValue: PageAnnotations | null = null;

  constructor(private readonly env: LayerEnv) {
    this.win = env.win;
    this.doc = env.win.document;
    const perf = env.win.performance;
    this.now = env.now ?? (() => perf.now());
    this.meter = new Meter(this.now, env.yieldFn ?? makeYield(env.win as unknown as typeof globalThis));
    this.stats = new StatsRecorder(env.scriptStart ?? this.now());
  }

  /** Whether the layer is running (not disposed). */
  get alive(): boolean {
    return !this.disposed;
  }

  /** The host element, once created (null while paused or before the first scan). */
  get hostElement(): HTMLElement | null {
    return this.overlay?.host ?? null;
  }

  /** Whether the layer is paused on this site. */
  get paused(): boolean {
    return this.pausedState;
  }

  /**
   * Asks whether the host is paused and, unless it is, scans the page and starts watching it.
   * Resolves when the first scan's cards are ready (or at once when paused).
   */
  async start(): Promise<void> {
    if (this.started || this.disposed) return;
    this.started = true;
    let paused = false;
    try {
      paused = (await this.env.transport.isPaused(this.win.location.hostname)) === true;
    } catch (e) {
      console.debug('PolicyLens: is-paused failed; scanning', e);
    }
    // A 'scan-now' that arrived meanwhile wins: the user asked for this page.
    if (this.disposed || this.running) return;
    // So does a pause or resume heard meanwhile: it is newer than the answer.
    if (this.pauseWanted ?? paused) {
      this.pausedState = true;
      this.stats.paused = true;
      this.report(true);
      return;
    }
    await this.run();
  }

  /** 'scan-now': the user asked, so scan even on a paused host; resolves with the stats after it. */
  async scanNow(): Promise<LayerStats> {
    if (this.disposed) return this.snapshot();
    this.started = true;
    this.pausedState = false;
    this.stats.paused = false;
    await this.run();
    return this.snapshot();
  }

  /** The site was paused (true) or resumed (false) while this page is open. */
  setPaused(paused: boolean): void {
    if (!this.started || (!this.running && !this.pausedState)) {
      // `start()` has not heard from the background yet: this word is newer than its answer.
      this.pauseWanted = paused;
    }
    if (paused) this.pause();
    else void this.resume();
  }

  /**
   * Takes everything off the page at once and stops watching it: badges and cards (the host
   * element goes), measure tints and their style sheets, the reader's highlights, observers,
   * listeners and timers. The toolbar count goes with the report that follows. The message
   * listener stays, so the layer still hears 'scan-now' and the resume.
   */
  pause(): void {
    if (this.disposed || this.pausedState) return;
    this.pausedState = true;
    this.epoch++;
    this.stats.paused = true;
    this.stopWatching();
    this.running = false;
    this.pending = [];
    this.overflowed = false;
    this.marks.removeWhere(() => true);
    for (const s of this.scopes) s.painter.dispose();
    this.scopes.length = 0;
    this.watchedFrames = new WeakSet();
    this.activeKey = null;
    this.annotationsValue?.pause();
    this.view?.dispose();
    this.overlay?.remove();
    this.view = null;
    this.overlay = null;
    if (this.started) this.report(true);
  }

  /** Undoes `pause()`: scans the page afresh and draws everything again. */
  async resume(): Promise<void> {
    if (this.disposed || !this.pausedState) return;
    this.pausedState = false;
    this.stats.paused = false;
    if (!this.started) return; // `start()` scans when it hears from the background.
    await this.run();
  }

  private stopWatching(): void {
    this.debouncer?.cancel();
    this.debouncer = null;
    this.observer?.disconnect();
    this.observer = null;
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    for (const c of this.watchCleanups.splice(0)) {
      try {
        c();
      } catch {
        // Listeners on a document that is gone.
      }
    }
    this.reattachTimer = undefined;
    this.reattachTries = 0;
  }

  /** 'get-stats'. */
  getStats(): LayerStats {
    return this.snapshot();
  }

  /** Runs `fn` when the layer is disposed (e.g. to remove the message listener). */
  onDispose(fn: () => void): void {
    if (this.disposed) fn();
    else this.cleanups.push(fn);
  }

  /** Starts (or restarts) watching and runs a full scan through the queue. */
  private run(): Promise<void> {
    if (!this.running) {
      this.running = true;
      this.safely('watch', () => this.watch());
      this.safely('annotations', () => this.annotations()?.listen());
    }
    return this.enqueue(() => this.fullScan());
  }

  /** Removes everything the layer added to the page and stops all work. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopWatching();
    for (const c of this.cleanups.splice(0)) {
      try {
        c();
      } catch {
        // Listeners on a document that is gone.
      }
    }
    for (const s of this.scopes) s.painter.dispose();
    this.annotationsValue?.dispose();
    this.view?.dispose();
    this.overlay?.remove();
    this.overlay = null;
    this.view = null;
  }

  // ---- scheduling helpers ----

  private enqueue(task: () => Promise<void>): Promise<void> {
    // A task queued before a pause belongs to an older epoch and does not run.
    const epoch = this.epoch;
    return this.queue.run(async () => {
      if (epoch !== this.epoch) return;
      this.taskEpoch = epoch;
      await task();
    });
  }

  /** Whether the running task should stop: the layer was disposed or paused since it began. */
  private halted(): boolean {
    return this.disposed || this.pausedState || this.taskEpoch !== this.epoch;
  }

  private fail(step: string, e: unknown): void {
    this.stats.errors++;
    console.debug(`PolicyLens: ${step} failed: ${errorText(e)}`, e);
  }

  /** Runs one synchronous step, measured, reporting failures; returns undefined on failure. */
  private safely<T>(step: string, fn: () => T): T | undefined {
    try {
      return this.meter.measure(fn);
    } catch (e) {
      this.fail(step, e);
      return undefined;
    }
  }

  // ---- setup ----

  private ensureOverlay(): void {
    if (this.overlay) return;
    this.overlay = createOverlayHost(this.doc, this.env.css);
    const overlay = this.overlay;
    this.view = this.env.createView(
      overlay.shadow,
      overlay.host,
      {
        openLibrary: (id) => {
          this.env.transport.openLibrary(id).catch((e: unknown) => this.fail('open-library', e));
        },
        setActive: (key) => this.safely('active', () => this.setActive(key)),
        annotateSelection: (colour, note) => {
          const a = this.annotationsValue;
          if (!a) return;
          void a.annotateSelection(colour).then((r) => {
            if (r.ok && note) a.openInPanel(r.id);
          });
        },
        annotateMeasure: (id) => void this.annotationsValue?.annotateMeasure(id),
        openAnnotation: (id) => this.annotationsValue?.openInPanel(id),
        dismissNotice: () => this.annotationsValue?.dismissNotice(),
        anchorBox: (key) => this.safely('anchor-box', () => this.anchorBox(key)) ?? null,
      },
      overlay.leadShadow,
    );
  }

  /** The annotations module, created with the overlay (null without a transport or before it). */
  private annotations(): PageAnnotations | null {
    if (this.annotationsValue || !this.env.annotations || this.disposed) return this.annotationsValue;
    this.annotationsValue = new PageAnnotations(this.doc, this.env.annotations, {
      measureAt: (range) => this.measureAt(range),
      measureRange: (id) => this.measureRange(id),
      measures: () => this.measureList(),
      requestRender: () => this.requestLayout(),
      yieldFn: () => this.meter.pause(),
      now: this.now,
    });
    this.annotationsValue.setPrintHighlights(this.settings.printHighlights);
    return this.annotationsValue;
  }

  /** Applies the reader's settings (tint mode, printing) at once. */
  applySettings(settings: Settings): void {
    this.settings = { ...settings };
    for (const s of this.scopes) s.painter.setMode(settings.tintMode);
    this.annotationsValue?.setPrintHighlights(settings.printHighlights);
  }

  private newPainter(doc: Document): HighlightPainter {
    const p = new HighlightPainter(doc);
    p.setMode(this.settings.tintMode);
    return p;
  }

  private topScope(): Scope {
    const existing = this.scopes.find((s) => s.frames.length === 0);
    if (existing) return existing;
    const scope: Scope = {
      doc: this.doc,
      order: 0,
      frames: [],
      painter: this.newPainter(this.doc),
      alive: () => true,
    };
    this.scopes.push(scope);
    return scope;
  }

  private watch(): void {
    const win = this.win;
    const MO = (win as unknown as { MutationObserver?: typeof MutationObserver }).MutationObserver;
    const timers = {
      setTimeout: (fn: () => void, ms: number) => win.setTimeout(fn, ms),
      clearTimeout: (id: unknown) => win.clearTimeout(id as number),
      now: this.now,
    };
    this.debouncer = new Debouncer(() => this.flush(), timers, this.env.debounceMs ?? 250, 1_000);
    if (typeof MO === 'function') {
      this.observer = new MO((records) => this.safely('observe', () => this.onMutations(records)));
      this.observeDocument(this.doc);
    }
    const RO = (win as unknown as { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
    if (typeof RO === 'function') {
      this.resizeObserver = new RO(() => this.requestLayout());
      if (this.doc.body) this.resizeObserver.observe(this.doc.body);
      this.resizeObserver.observe(this.doc.documentElement);
    }
    this.listen(win, 'resize', () => this.requestLayout());
    this.listen(win, 'load', () => this.requestLayout());
    // Scrolling inside a scrolling element moves its text; the document's own scroll does not
    // (badges are in document coordinates).
    this.listen(
      this.doc,
      'scroll',
      (e) => {
        if (e.target !== this.doc) this.requestLayout();
      },
      true,
    );
    // SPA navigation: content changes come through the observer; this drops marks at once.
    this.listen(win, 'popstate', () => this.schedulePrune());
    const nav = (win as unknown as { navigation?: EventTarget }).navigation;
    if (nav && typeof nav.addEventListener === 'function') {
      this.listen(nav, 'navigatesuccess', () => this.schedulePrune());
    }
    const fonts = (this.doc as Document & { fonts?: { ready?: Promise<unknown> } }).fonts;
    fonts?.ready?.then(() => this.requestLayout()).catch(() => undefined);
  }

  private listen(target: EventTarget, type: string, fn: (e: Event) => void, capture = false): void {
    const handler = (e: Event): void => {
      this.safely(type, () => fn(e));
    };
    target.addEventListener(type, handler, { capture, passive: true });
    this.watchCleanups.push(() => target.removeEventListener(type, handler, { capture }));
  }

  private observeDocument(doc: Document): void {
    this.observer?.observe(doc, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: VISIBILITY_ATTRIBUTES,
    });
  }

  private isOurs = (node: Node): boolean => this.overlay?.contains(node) ?? false;

  // ---- mutations ----

  private onMutations(records: MutationRecord[]): void {
    if (this.disposed) return;
    if (this.overlay && !this.overlay.placed()) this.scheduleReattach();
    let relevant = 0;
    for (const r of records) {
      if (this.isOurs(r.target)) continue;
      if (r.type === 'childList' && r.target === this.doc.documentElement) {
        let mine = true;
        for (const n of [...r.addedNodes, ...r.removedNodes]) if (!this.isOurs(n)) mine = false;
        if (mine) continue;
      }
      relevant++;
      if (this.pending.length < MAX_PENDING_RECORDS) this.pending.push(r);
      else this.overflowed = true;
    }
    if (relevant > 0) this.debouncer?.poke();
  }

  /**
   * The page removed our host (it rewrote <html>'s children, or removes what it does not know).
   * Put it back from a timer, never inside the mutation callback: a page that removes it again at
   * once would otherwise ping-pong with us without yielding and hang the tab. After
   * `MAX_REATTACH` tries (with growing delays) the layer gives up its badges; tints stay.
   */
  private scheduleReattach(): void {
    if (this.reattachTimer !== undefined || this.reattachTries >= MAX_REATTACH) return;
    const delay = 100 * 2 ** this.reattachTries;
    this.reattachTries++;
    const win = this.doc.defaultView;
    if (!win) return;
    this.reattachTimer = win.setTimeout(() => {
      this.reattachTimer = undefined;
      if (this.disposed || !this.overlay) return;
      this.safely('reattach', () => this.overlay?.reattach());
      this.schedulePrune();
    }, delay);
    this.watchCleanups.push(() => {
      if (this.reattachTimer !== undefined) win.clearTimeout(this.reattachTimer);
    });
  }

  private schedulePrune(): void {
    this.debouncer?.poke();
  }

  private flush(): void {
    void this.enqueue(() => this.rescanChanges());
  }

  private async rescanChanges(): Promise<void> {
    const records = this.pending;
    const overflowed = this.overflowed;
    this.pending = [];
    this.overflowed = false;
    this.meter.enter();
    try {
      this.pruneDetached();
      if (overflowed) {
        this.meter.exit();
        await this.fullScan();
        this.meter.enter();
        return;
      }
      const changed = this.safely('collect', () =>
        collectRegions(records as unknown as MutationLike[], { isOurs: this.isOurs }),
      );
      if (!changed) return;
      // New frames (an iframe added to the page) get their own scope and scan.
      this.safely('frames', () => this.discoverFramesIn(records));
      const regions = [...changed.regions];
      for (const el of changed.toggled) {
        const visible = this.safely('visible', () => el.getClientRects().length > 0) ?? false;
        if (this.visibility.becameVisible(el, visible) && !regions.some((r) => inside(r, el))) {
          regions.push(el);
        }
      }
      if (regions.length > 0) {
        this.stats.scans++;
        const byScope = new Map<Scope, Element[]>();
        for (const el of regions) {
          const scope = this.scopeOf(el);
          if (!scope) continue;
          const list = byScope.get(scope) ?? [];
          list.push(el);
          byScope.set(scope, list);
        }
        for (const [scope, list] of byScope) {
          const planned: Element[] = [];
          for (const el of list) planned.push(...(await this.plan(el)));
          if (this.halted()) return;
          await this.scanRegions(scope, planned, list);
        }
      }
      if (this.halted()) return;
      if (changed.touched || regions.length > 0) this.safely('layout', () => this.layout());
      this.report();
    } finally {
      this.meter.exit();
      this.publishCounted();
    }
    if (!this.halted()) this.annotationsValue?.onPageChanged();
  }

  private scopeOf(el: Element): Scope | null {
    const doc = el.ownerDocument;
    return this.scopes.find((s) => s.doc === doc && s.alive()) ?? null;
  }

  // ---- scanning ----

  /**
   * Resolves after the page's next rendered frame (or 100 ms when frames do not come, as in a
   * background tab). At document_end the page has not computed its styles yet; scanning after its
   * first frame means the layer's style reads find them ready instead of paying for them.
   */
  private afterPaint(): Promise<void> {
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        resolve();
      };
      const timer = this.win.setTimeout(finish, 100);
      const raf = this.win.requestAnimationFrame?.bind(this.win);
      if (!raf) return;
      raf(() => {
        // rAF runs before the frame is drawn; the next task runs after it.
        this.win.setTimeout(() => {
          this.win.clearTimeout(timer);
          finish();
        }, 0);
      });
    });
  }

  /** Scans the top document and every same-origin frame from scratch. */
  private async fullScan(): Promise<void> {
    const first = !this.stats.ready;
    if (first) await this.afterPaint();
    this.meter.enter();
    try {
      this.stats.scans++;
      const top = this.topScope();
      await this.scanDocument(top);
      if (this.halted()) return;
      this.safely('frames', () => this.discoverFrames(top));
      for (const scope of [...this.scopes]) {
        if (scope === top || !scope.alive()) continue;
        await this.scanDocument(scope);
        if (this.halted()) return;
      }
      // The host (and the tints added above) change the page's styles: let the page render them
      // before measuring, so that the first layout does not pay for a style recalculation.
      this.safely('overlay', () => this.ensureOverlay());
      if (first) await this.meter.wait(this.afterPaint());
      if (this.halted()) return;
      this.safely('layout', () => this.layout());
      this.stats.markReady(this.now(), dclStart(this.win.performance));
      this.report(true);
    } finally {
      this.meter.exit();
      this.publishCounted();
    }
    if (this.halted()) return;
    // The reader's annotations come after the measures' badges (the first thing a reader looks for):
    // started after the first scan and after a resume, told of the change after any other.
    const annotations = this.safely('annotations', () => this.annotations());
    if (annotations) {
      if (!annotations.running) void annotations.start();
      else annotations.onPageChanged();
    }
  }

  private async scanDocument(scope: Scope): Promise<void> {
    const root = scope.doc.body ?? scope.doc.documentElement;
    if (!root) return;
    const regions = await this.plan(root);
    // A full scan replaces every mark of the document.
    await this.scanRegions(scope, regions, [scope.doc.documentElement]);
  }

  /** Plans the regions of `root` in slices (see `RegionPlanner`). */
  private async plan(root: Element): Promise<Element[]> {
    const planner = new RegionPlanner(root);
    for (;;) {
      const done = this.safely('plan', () => planner.run(() => this.meter.shouldYield()));
      if (done === undefined) return [root];
      if (done) return planner.regions;
      await this.meter.pause();
      if (this.halted()) return [];
    }
  }

  /**
   * Extracts `regions` (in order), matches their blocks in batches and replaces the marks inside
   * `replace` (the regions' outer bounds) with the new ones. Runs inside a slice.
   *
   * Requests go out as soon as a batch is full, so the background matches while the page is still
   * being read; the answers are applied after the last extraction. That order matters: the first
   * tint adopts a style sheet into the document, and any style read after that (extraction reads
   * computed styles) would pay for restyling the whole page.
   */
  private async scanRegions(
    scope: Scope,
    regions: readonly Element[],
    replace: readonly Element[],
  ): Promise<void> {
    const requests: Array<{ batch: Batch; answer: Promise<MatchAnswer | null> }> = [];
    let batch: Batch = { scope, regions: [], refs: [], texts: [], chars: 0 };
    const send = (): void => {
      if (batch.texts.length > 0) {
        const texts = batch.texts;
        let answer: Promise<MatchAnswer | null>;
        try {
          answer = this.env.transport.matchBlocks(texts).then(
            (a) => a,
            (e: unknown) => {
              this.fail('match-blocks', e);
              return null;
            },
          );
        } catch (e) {
          this.fail('match-blocks', e);
          answer = Promise.resolve(null);
        }
        requests.push({ batch, answer });
      }
      batch = { scope, regions: [], refs: [], texts: [], chars: 0 };
    };
    for (const region of regions) {
      if (this.halted()) return;
      if (!region.isConnected) continue;
      // Measure spans: a heading with its body is one, a paragraph of inline numbers several.
      const page = this.safely('extract', () => segmentPage(extractBlocks(region)));
      this.stats.regions++;
      batch.regions.push(region);
      if (page) {
        // A numbered heading that ended the previous region and the body opening this one.
        const last = batch.refs[batch.refs.length - 1];
        const head = last && !last.until ? last.page.blocks[last.index] : undefined;
        const joined =
          last !== undefined &&
          head !== undefined &&
          last.index === last.page.blocks.length - 1 &&
          joinsAcross(head, page.blocks[0], page.blocks[1]);
        if (joined && last) {
          last.until = { page, index: 0 };
          batch.texts[batch.texts.length - 1] += `\n${page.blocks[0]?.text ?? ''}`;
        }
        for (let i = joined ? 1 : 0; i < page.blocks.length; i++) {
          const b = page.blocks[i];
          if (!b) continue;
          batch.refs.push({ page, index: i, scope });
          batch.texts.push(b.text);
          batch.chars += b.text.length;
        }
      }
      if (batch.texts.length >= BATCH_BLOCKS || batch.chars >= BATCH_CHARS) send();
      await this.meter.maybePause();
    }
    send();

    const cleared = new Set<Element>();
    let failed = false;
    for (const { batch: b, answer } of requests) {
      const a = await this.meter.wait(answer);
      if (this.halted()) return;
      if (!a || !Array.isArray(a.verdicts)) {
        failed = true;
        continue;
      }
      await this.applyAnswer(b, a, replace, cleared);
    }
    // Regions that yielded no blocks still lose their old marks; after a failed request the old
    // marks stay (better a stale badge than none).
    if (!failed) this.clearOnce(scope, replace, cleared);
  }

  /** Removes the marks inside `replace` once per scan (just before the first new marks arrive). */
  private clearOnce(scope: Scope, replace: readonly Element[], cleared: Set<Element>): void {
    const todo = replace.filter((r) => !cleared.has(r));
    if (todo.length === 0) return;
    for (const r of todo) cleared.add(r);
    const removed = this.marks.removeInside(scope, todo);
    for (const m of removed) scope.painter.remove(m.kind, m.range);
  }

  private async applyAnswer(
    batch: Batch,
    answer: MatchAnswer,
    replace: readonly Element[],
    cleared: Set<Element>,
  ): Promise<void> {
    this.stats.blocks += batch.texts.length;
    if (answer.script === 'Hans' || answer.script === 'Hant') this.script = answer.script;
    this.clearOnce(batch.scope, replace, cleared);
    const verdicts = answer.verdicts;
    for (let i = 0; i < verdicts.length; i++) {
      const v = verdicts[i];
      const ref = v && Number.isInteger(v.block) ? batch.refs[v.block] : undefined;
      if (v && ref) this.safely('mark', () => this.addMark(ref, v));
      if (i + 1 < verdicts.length) await this.meter.maybePause();
      if (this.halted()) return;
    }
  }

  private addMark(ref: BlockRef, v: BlockVerdict): void {
    const block = ref.page.blocks[ref.index];
    if (!block) return;
    const range = ref.page.range(block.start, block.end);
    if (!range) return;
    let text = block.text;
    const tail = ref.until ? ref.until.page.blocks[ref.until.index] : undefined;
    if (ref.until && tail) {
      // Heading and body in two regions: one range from the heading's start to the body's end.
      const end = ref.until.page.range(tail.start, tail.end);
      if (end) range.setEnd(end.endContainer, end.endOffset);
      text = `${text}\n${tail.text}`;
    }
    const card = v.card && typeof v.card.id === 'string' ? v.card : null;
    const kind: MarkKind = card ? 'matched' : 'unmatched';
    const endNode = range.endContainer;
    const mark = this.marks.add({
      kind,
      measureId: card ? card.id : null,
      range,
      startNode: range.startContainer,
      endNode,
      scope: ref.scope,
      card,
      related: Array.isArray(v.related) ? v.related : [],
      score: typeof v.score === 'number' ? v.score : null,
      excerpt: card ? undefined : excerptOf(text),
    });
    ref.scope.painter.add(kind, mark.range);
  }

  private pruneDetached(): void {
    const removed = this.safely('prune', () => this.marks.prune()) ?? [];
    for (const m of removed) m.scope.painter.remove(m.kind, m.range);
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i] as Scope;
      if (!s.alive()) {
        s.painter.dispose();
        this.scopes.splice(i, 1);
      }
    }
  }

  // ---- frames ----

  /** Finds same-origin frames under `parent` (recursively) and gives each a scope. */
  private discoverFrames(parent: Scope): void {
    const frames = parent.doc.querySelectorAll('iframe, frame');
    for (const f of frames) this.registerFrame(parent, f as HTMLIFrameElement);
  }

  private discoverFramesIn(records: readonly MutationRecord[]): void {
    for (const r of records) {
      if (r.type !== 'childList') continue;
      const parent = this.scopes.find((s) => s.doc === r.target.ownerDocument || s.doc === r.target);
      if (!parent) continue;
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        const el = n as Element;
        const name = el.localName;
        if (name === 'iframe' || name === 'frame') this.registerFrame(parent, el as HTMLIFrameElement);
        else
          for (const f of el.querySelectorAll('iframe, frame'))
            this.registerFrame(parent, f as HTMLIFrameElement);
      }
    }
  }

  private registerFrame(parent: Scope, frame: HTMLIFrameElement): void {
    if (!this.watchedFrames.has(frame)) {
      this.watchedFrames.add(frame);
      // A frame that loads (again) gets a fresh scope: its old document is gone.
      this.listen(frame, 'load', () => {
        const s = this.frameScope(parent, frame);
        if (s) void this.enqueue(() => this.scanFrame(s));
      });
      this.resizeObserver?.observe(frame);
    }
    this.frameScope(parent, frame);
  }

  /** The scope for the document a frame shows now, created when new; null when cross-origin. */
  private frameScope(parent: Scope, frame: HTMLIFrameElement): Scope | null {
    const doc = frameDocument(frame);
    if (!doc || !doc.documentElement) return null;
    const existing = this.scopes.find((s) => s.doc === doc);
    if (existing) return existing;
    // about:blank while the frame's real document loads: wait for its load event.
    if (doc.readyState === 'loading' || (doc.URL === 'about:blank' && frame.hasAttribute('src'))) return null;
    const frames = [...parent.frames, frame];
    const scope: Scope = {
      doc,
      order: this.nextOrder++,
      frames,
      painter: this.newPainter(doc),
      alive: () => parent.alive() && frame.isConnected && frameDocument(frame) === doc,
    };
    this.scopes.push(scope);
    this.stats.frames++;
    this.observeDocument(doc);
    const win = doc.defaultView;
    if (win) this.listen(win, 'scroll', () => this.requestLayout(), true);
    return scope;
  }

  private async scanFrame(scope: Scope): Promise<void> {
    if (!scope.alive()) return;
    this.meter.enter();
    try {
      this.pruneDetached();
      this.stats.scans++;
      await this.scanDocument(scope);
      if (this.halted()) return;
      this.safely('frames', () => this.discoverFrames(scope));
      this.safely('layout', () => this.layout());
      this.report();
    } finally {
      this.meter.exit();
      this.publishCounted();
    }
  }

  // ---- layout and view ----

  private requestLayout(): void {
    if (this.layoutRequested || this.disposed || !this.overlay) return;
    this.layoutRequested = true;
    const raf = this.win.requestAnimationFrame?.bind(this.win);
    const run = (): void => {
      this.layoutRequested = false;
      this.safely('layout', () => this.layout());
    };
    if (raf) raf(run);
    else this.win.setTimeout(run, 16);
  }

  /** The content box of each frame in the chain, in top-document client coordinates. */
  private frameBoxes(scope: Scope): RectLike[] | null {
    const boxes: RectLike[] = [];
    let offset: RectLike | null = null;
    for (const frame of scope.frames) {
      const rect = frame.getBoundingClientRect();
      const view = frame.ownerDocument.defaultView;
      const cs = view?.getComputedStyle(frame);
      const px = (v: string | undefined): number => Number.parseFloat(v ?? '') || 0;
      const box = frameContentBox(
        rect,
        { left: frame.clientLeft, top: frame.clientTop },
        {
          left: px(cs?.paddingLeft),
          top: px(cs?.paddingTop),
          right: px(cs?.paddingRight),
          bottom: px(cs?.paddingBottom),
        },
        {
          width: frame.clientWidth - px(cs?.paddingLeft) - px(cs?.paddingRight),
          height: frame.clientHeight - px(cs?.paddingTop) - px(cs?.paddingBottom),
        },
      );
      const inTop: RectLike = offset ? toParent(box, offset) : box;
      boxes.push(inTop);
      offset = inTop;
    }
    return boxes;
  }

  /**
   * Tints the block each badge stands at, and not a measure's other blocks (Changsha's task table
   * restates measure titles in its group rows): a tint without a badge reads as a measure nobody
   * can open. Those blocks still light up with the rest while the measure's card is open.
   */
  private retint(entries: readonly BadgeEntry<Scope>[]): void {
    for (const e of entries) {
      for (const m of e.marks) {
        if (m === e.anchor) m.scope.painter.add(m.kind, m.range);
        else m.scope.painter.untint(m.kind, m.range);
      }
    }
  }

  /** Measures every badge's anchor and renders the overlay (one read pass, then one write). */
  private layout(): void {
    if (this.disposed || !this.overlay || !this.view) return;
    const entries = this.marks.badges();
    // The badges are recomputed only when marks come or go, and so are the tints.
    if (entries !== this.tintedFor) {
      this.tintedFor = entries;
      this.safely('tints', () => this.retint(entries));
    }
    const hostRect = this.overlay.host.getBoundingClientRect();
    const origin: Point = { x: hostRect.left, y: hostRect.top };
    const boxCache = new Map<Scope, RectLike[] | null>();
    const badges: BadgeView[] = entries.map((e) => this.badgeView(e, origin, boxCache));
    resolveOverlaps(badges.filter((b) => !b.hidden));
    const a = this.annotationsValue;
    this.view.render({
      badges,
      script: this.script,
      origin,
      viewportWidth: this.doc.documentElement.clientWidth || this.win.innerWidth,
      markers: a ? a.markers(origin) : [],
      toolbar: a ? a.toolbar(origin) : null,
      notice: a ? a.noticeView(origin) : null,
      viewportHeight: this.doc.documentElement.clientHeight || this.win.innerHeight,
    });
    this.publish();
  }

  /** See `OverlayActions.anchorBox`: the badge's span in its document, measured now. */
  private anchorBox(key: string): { measure: RectLike; firstLine: RectLike; viewport: RectLike } | null {
    const entry = this.marks.badges().find((b) => b.key === key);
    if (!entry || !this.overlay) return null;
    const host = this.overlay.host.getBoundingClientRect();
    const scope = entry.anchor.scope;
    const inner = scope.frames.length > 0 ? this.frameBoxes(scope)?.at(-1) : undefined;
    if (scope.frames.length > 0 && !inner) return null;
    const toOverlay = (r: RectLike): RectLike => {
      const p = inner ? toParent(r, inner) : r;
      return { left: p.left - host.left, top: p.top - host.top, width: p.width, height: p.height };
    };
    // The badge's own span: a measure's other blocks (Changsha's table rows restating it) are
    // elsewhere on the page, and the card opens by the text whose badge was clicked.
    const rects: RectLike[] = [];
    for (const r of entry.anchor.range.getClientRects()) rects.push(toOverlay(r));
    const measure = unionRect(rects);
    const first = firstRect(entry.anchor.range.getClientRects());
    const root = this.doc.documentElement;
    const viewport: RectLike = {
      left: -host.left,
      top: -host.top,
      width: root.clientWidth || this.win.innerWidth,
      height: root.clientHeight || this.win.innerHeight,
    };
    return measure && first ? { measure, firstLine: toOverlay(first), viewport } : null;
  }

  private badgeView(e: BadgeEntry<Scope>, origin: Point, boxCache: Map<Scope, RectLike[] | null>): BadgeView {
    const m = e.anchor;
    let rect: RectLike | null = null;
    try {
      rect = firstRect(m.range.getClientRects());
    } catch {
      rect = null;
    }
    let hidden = rect === null;
    if (rect && m.scope.frames.length > 0) {
      let boxes = boxCache.get(m.scope);
      if (boxes === undefined) {
        boxes = this.frameBoxes(m.scope);
        boxCache.set(m.scope, boxes);
      }
      const inner = boxes?.[boxes.length - 1];
      if (!inner) hidden = true;
      else {
        rect = toParent(rect, inner);
        // Hidden when scrolled out of any frame of the chain.
        if (!boxes?.every((b) => startsInside(rect as RectLike, b))) hidden = true;
      }
    }
    let p: Point = { x: 0, y: 0 };
    if (rect && !hidden)
      p = this.badgeAt(m.range, rect, origin, m.scope.frames.length > 0 ? boxCache.get(m.scope) : null);
    return {
      key: e.key,
      kind: e.kind,
      measureId: e.kind === 'matched' ? m.measureId : null,
      x: Math.round(p.x),
      y: Math.round(p.y),
      hidden,
      card: m.card,
      related: m.related,
      score: m.score,
      excerpt: m.excerpt ?? '',
    };
  }

  /**
   * Where a badge goes: at a table row's first cell when its block is a row (the same place in
   * every row), else beside the block's first line. `boxes` are the frame chain's boxes, if any.
   */
  private badgeAt(range: Range, line: RectLike, origin: Point, boxes: RectLike[] | null | undefined): Point {
    const cell = rowCellOf(range);
    if (!cell) return badgePosition(line, origin);
    const inner = boxes?.[boxes.length - 1];
    const r = cell.getBoundingClientRect();
    return rowBadgePosition(
      { rect: inner ? toParent(r, inner) : r, border: { left: cell.clientLeft, top: cell.clientTop } },
      line,
      origin,
    );
  }

  private setActive(key: string | null): void {
    this.activeKey = key;
    const entry = key === null ? undefined : this.marks.badges().find((b) => b.key === key);
    for (const s of this.scopes) {
      s.painter.setActive(entry ? entry.marks.filter((m) => m.scope === s).map((m) => m.range) : []);
    }
  }

  // ---- measures for annotations ----

  /** The matched measure whose marks contain `range` (start and end in marks of one measure), or null. */
  measureAt(range: Range): string | null {
    const within = (m: { range: Range }, node: Node, offset: number): boolean => {
      try {
        return m.range.comparePoint(node, offset) === 0;
      } catch {
        return false;
      }
    };
    for (const b of this.marks.badges()) {
      if (b.kind !== 'matched') continue;
      const top = b.marks.filter((m) => m.scope.frames.length === 0);
      if (
        top.some((m) => within(m, range.startContainer, range.startOffset)) &&
        top.some((m) => within(m, range.endContainer, range.endOffset))
      ) {
        return b.key;
      }
    }
    return null;
  }

  /** A range from the first mark of a measure (top document) to its last. */
  measureRange(measureId: string): Range | null {
    const entry = this.marks.badges().find((b) => b.kind === 'matched' && b.key === measureId);
    const top = entry?.marks.filter((m) => m.scope.frames.length === 0) ?? [];
    const first = top[0];
    const last = top[top.length - 1];
    if (!first || !last) return null;
    const r = this.doc.createRange();
    r.setStart(first.range.startContainer, first.range.startOffset);
    r.setEnd(last.range.endContainer, last.range.endOffset);
    return r;
  }

  /** The recognised measures in reading order, for the side panel. */
  private measureList(): PageState['measures'] {
    const out: PageState['measures'] = [];
    for (const b of this.marks.badges()) {
      const card = b.anchor.card;
      if (b.kind === 'matched' && card) out.push({ id: card.id, number: card.number, title: card.title });
    }
    return out;
  }

  // ---- annotations, for the content script's handlers ----

  /** 'annotate-selection' (context menu, keyboard command). */
  async annotateSelection(): Promise<WriteResult<{ id: string }>> {
    if (this.pausedState)
      return { ok: false, error: 'unknown', message: 'PolicyLens is paused on this site' };
    const a = this.annotations();
    if (!a) return { ok: false, error: 'unknown', message: 'annotations are off on this page' };
    return a.annotateSelection(null);
  }

  /** 'capture-selection' (the side panel's "Re-attach"). */
  captureSelection():
    { ok: true; passage: CapturedPassage } | { ok: false; error: 'no-selection' | 'not-text' } {
    const a = this.annotations();
    const range = a?.currentSelection() ?? null;
    if (!a || !range) return { ok: false, error: 'no-selection' };
    const passage = a.capture(range);
    return passage ? { ok: true, passage } : { ok: false, error: 'not-text' };
  }

  /** 'page-state'. */
  pageState(): PageState {
    const a = this.annotations();
    return a
      ? a.pageState()
      : {
          page: { url: this.doc.URL, canonical: null, title: this.doc.title },
          measures: this.measureList(),
          anchors: [],
        };
  }

  /** 'reveal'. */
  reveal(target: { measureId: string | null; annotationId: string | null }): { ok: boolean } {
    const a = this.annotations();
    return { ok: a ? a.reveal(target) : false };
  }

  /** 'annotations-changed'. */
  onAnnotationsChanged(keys: string[]): void {
    this.annotationsValue?.onAnnotationsChanged(keys);
  }

  /** For tests: the annotations' counts (null before they start). */
  get annotationCounts(): AnnotationCounts | null {
    return this.annotationsValue?.counts() ?? null;
  }

  // ---- stats ----

  private counts(): { matched: number; unmatched: number } {
    let matched = 0;
    let unmatched = 0;
    for (const b of this.marks.badges()) {
      if (b.kind === 'matched') matched++;
      else unmatched++;
    }
    return { matched, unmatched };
  }

  private snapshot(): LayerStats {
    const s = this.stats.snapshot(this.counts(), this.meter.reading());
    const a = this.annotationsValue?.counts();
    return a ? { ...s, annotations: a } : s;
  }

  /** Writes the stats attribute on the host (our own element; the observer ignores it). */
  private publish(): LayerStats {
    const s = this.snapshot();
    this.overlay?.host.setAttribute(STATS_ATTRIBUTE, JSON.stringify(s));
    return s;
  }

  /**
   * Publishes once more after a slice has ended, so that the stats count the slice they were
   * written in (main-thread ms, longest slice). Cheap: one JSON string on our own host.
   */
  private publishCounted(): void {
    if (!this.disposed) this.safely('stats', () => this.publish());
  }

  /** Publishes, and tells the background when the counts changed (or `force`). */
  private report(force = false): void {
    const s = this.publish();
    if (!force && !countsChanged(this.lastReported, s)) return;
    this.lastReported = s;
    this.env.transport
      .reportStats(s)
      .catch((e: unknown) => console.debug('PolicyLens: page-stats failed', e));
  }

  /** For tests: the active badge key. */
  get active(): string | null {
    return this.activeKey;
  }
}
