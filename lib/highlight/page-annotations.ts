/**
 * The reader's annotations on the page the content script runs in: fetched from the background
 * (anchor targets only: no notes, no tags), anchored to the page's text (`lib/anchor/`), drawn as
 * highlights (`painter.ts`) with a small marker where an annotation has a note, and created from
 * the reader's selection or a recognised measure. The layer (`lib/layer/controller.ts`) owns this
 * object and tells it when the page was scanned or changed; this module owns everything about
 * annotations in the page.
 *
 * Anchoring runs in slices that yield (never a main-thread task over 50 ms) and keeps one live
 * `Range` per anchored annotation. Live ranges survive unrelated page changes (a ticking clock does
 * not move them), so after a change only the annotations whose range broke (its text is no longer
 * the quote, or its nodes left the page) and the orphans are anchored again.
 *
 * Pausing the site (`pause()`) takes every highlight and the toolbar off the page and forgets what
 * was anchored; `start()` afterwards fetches and anchors everything again. Work queued or under way
 * when the pause came is dropped: each pause starts a new epoch, and older tasks stop.
 *
 * Annotations live in the top document (`document.body.textContent` is their coordinate system,
 * the W3C/Hypothesis convention); same-origin frames are not annotated.
 *
 * Nothing private enters the page: the page's DOM (our open shadow root included) gets highlights,
 * markers labelled "has a note", and the selection toolbar; notes are read and edited in the side
 * panel. Actions taken through our buttons require trusted events (`isTrusted`): a page script that
 * clicks our buttons achieves nothing.
 */
import {
  DEFAULT_COLOUR,
  type AnchorState,
  type AnchorTarget,
  type ColourId,
  type PageRef,
} from '../annotation/model.ts';
import { pageKeys, samePage } from '../annotation/page-url.ts';
import type { CapturedPassage, PageState, WriteResult } from '../messaging.ts';
import { SerialQueue, type YieldFn } from '../layer/schedule.ts';
import { anchorBatch, describeRange, type BatchResult } from './anchoring.ts';
import { UserHighlightPainter } from './painter.ts';
import { t } from '../i18n.ts';

/** How the annotations reach the background (the content script implements it with messages). */
export interface AnnotationTransport {
  pageAnnotations(canonical: string | null): Promise<AnchorTarget[]>;
  createAnnotation(
    passage: CapturedPassage,
    colour: ColourId | null,
  ): Promise<WriteResult<{ target: AnchorTarget }>>;
  openSidePanel(annotationId: string | null): Promise<{ ok: boolean }>;
  /** Tells extension pages (the side panel) that this page's state changed. */
  pageStateChanged(state: PageState): void;
}

/** What the layer lends this module. */
export interface AnnotationHostHooks {
  /** The recognised (matched) measure whose text contains `range`, or null. */
  measureAt(range: Range): string | null;
  /** The text of a recognised measure on the page, from its first mark to its last. */
  measureRange(measureId: string): Range | null;
  /** The recognised measures in reading order, for the side panel. */
  measures(): PageState['measures'];
  /** The overlay should be drawn again (markers, toolbar, a message). */
  requestRender(): void;
  /** Yields to the page between slices. */
  yieldFn: YieldFn;
  now(): number;
}

/** A marker as the view draws it: where a note is, never what it says. */
export interface MarkerView {
  id: string;
  colour: ColourId;
  x: number;
  y: number;
  hidden: boolean;
}

/** The selection toolbar as the view draws it. */
export interface SelectionToolbarView {
  x: number;
  y: number;
}

/** A short message where the reader acted (a failed save). */
export interface NoticeView {
  kind: 'error' | 'info';
  /** A UI string key's text, already translated by the caller. */
  text: string;
  x: number;
  y: number;
}

/** The annotations' figures in the layer's stats attribute. */
export interface AnnotationCounts {
  annotations: number;
  anchored: number;
  orphans: number;
  /** Anchoring batches run, and the last one's size and wall-clock time (yields included). */
  batches: number;
  lastBatchSize: number;
  lastBatchMs: number;
  /** The longest uninterrupted piece of anchoring work so far. */
  longestSliceMs: number;
}

/** Milliseconds a revealed passage stays flashed. */
const FLASH_MS = 1_600;

interface Anchored {
  target: AnchorTarget;
  range: Range | null;
  /** The text the range covered when anchored (a fuzzy match differs from the stored quote). */
  text: string;
  state: AnchorState;
}

/** The `<link rel=canonical>` of a document, resolved, or null. */
export function canonicalOf(doc: Document): string | null {
  const link = doc.querySelector('link[rel~="canonical" i][href]');
  const href = link?.getAttribute('href');
  if (!href) return null;
  try {
    return new URL(href, doc.baseURI).href;
  } catch {
    return null;
  }
}

/** The page as annotations name it. */
export function pageRefOf(doc: Document): PageRef {
  return { url: doc.URL, canonical: canonicalOf(doc), title: (doc.title || '').trim() };
}

export class PageAnnotations {
  private painter: UserHighlightPainter;
  private printHighlights = false;
  /** Bumped by every pause: queued and running tasks of an older epoch stop. */
  private epoch = 0;
  /** The epoch of the task the queue runs now. */
  private taskEpoch = 0;
  private readonly items = new Map<string, Anchored>();
  private keys: string[] = [];
  private started = false;
  private listening = false;
  private disposed = false;
  private readonly queue = new SerialQueue(
    (e) => console.debug('PolicyLens: annotations step failed', e),
    () => this.disposed,
  );
  private selectionRange: Range | null = null;
  private notice: { kind: 'error' | 'info'; text: string; at: Range | null } | null = null;
  private noticeTimer: number | undefined;
  private flashTimer: number | undefined;
  private readonly cleanups: Array<() => void> = [];
  /** How the last anchoring went (for the stats attribute: tests and the bench read it). */
  private timing = { batches: 0, lastBatchSize: 0, lastBatchMs: 0, longestSliceMs: 0 };

  constructor(
    private readonly doc: Document,
    private readonly transport: AnnotationTransport,
    private readonly hooks: AnnotationHostHooks,
  ) {
    this.painter = new UserHighlightPainter(doc);
  }

  // ---- lifecycle ----

  /** Fetches this page's annotations and anchors them; listens for the reader's selections. */
  start(): Promise<void> {
    if (this.started || this.disposed) return this.queue.idle;
    this.started = true;
    this.listen();
    return this.reload();
  }

  /**
   * Starts following the reader's selection (the toolbar shows once the overlay exists). Called as
   * soon as the layer runs, before the first scan ends, so a selection made while the page is
   * being scanned is not missed.
   */
  listen(): void {
    if (this.listening || this.disposed) return;
    this.listening = true;
    this.listenForSelection();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stop();
  }

  /** Whether the annotations have started (and not been paused since). */
  get running(): boolean {
    return this.started && !this.disposed;
  }

  /**
   * The site was paused: every highlight, the flash, the selection toolbar and any message leave
   * the page, and the selection is no longer followed. `start()` brings them back.
   */
  pause(): void {
    if (this.disposed || !this.started) return;
    this.epoch++;
    this.started = false;
    this.listening = false;
    this.stop();
    // A fresh painter: a disposed one never draws again.
    this.painter = new UserHighlightPainter(this.doc);
    this.painter.setPrint(this.printHighlights);
    this.keys = [];
    this.selectionRange = null;
    this.notice = null;
  }

  private stop(): void {
    for (const c of this.cleanups.splice(0)) {
      try {
        c();
      } catch {
        // The document is gone.
      }
    }
    const win = this.doc.defaultView;
    if (win && this.noticeTimer !== undefined) win.clearTimeout(this.noticeTimer);
    if (win && this.flashTimer !== undefined) win.clearTimeout(this.flashTimer);
    this.noticeTimer = undefined;
    this.flashTimer = undefined;
    this.painter.dispose();
    this.items.clear();
  }

  /** Whether the running task should stop: disposed, or paused since it began. */
  private halted(): boolean {
    return this.disposed || this.taskEpoch !== this.epoch;
  }

  /** The reader's highlights print or not (setting). */
  setPrintHighlights(print: boolean): void {
    this.printHighlights = print;
    this.painter.setPrint(print);
  }

  /** 'annotations-changed': fetch again when the change concerns this page. */
  onAnnotationsChanged(keys: readonly string[]): void {
    if (!this.started || this.disposed) return;
    if (
      !Array.isArray(keys) ||
      !samePage(
        keys.filter((k) => typeof k === 'string'),
        this.pageKeys(),
      )
    )
      return;
    void this.reload();
  }

  /**
   * The page changed (the layer rescanned part of it): anchor again what broke, and retry orphans
   * when text was added (late content).
   */
  onPageChanged(): void {
    if (!this.started || this.disposed) return;
    const broken = [...this.items.values()].filter((a) => a.state.status === 'orphan' || !this.intact(a));
    if (broken.length === 0) return;
    void this.enqueue(() => this.anchor(broken.map((a) => a.target)));
  }

  private pageKeys(): string[] {
    if (this.keys.length === 0) this.keys = pageKeys(pageRefOf(this.doc));
    return this.keys;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    // A task queued before a pause belongs to an older epoch and does not run.
    const epoch = this.epoch;
    return this.queue.run(async () => {
      if (epoch !== this.epoch) return;
      this.taskEpoch = epoch;
      await task();
    });
  }

  /** Fetches the page's annotations again and anchors the new or changed ones. */
  private reload(): Promise<void> {
    return this.enqueue(async () => {
      this.keys = pageKeys(pageRefOf(this.doc));
      const targets = await this.transport.pageAnnotations(canonicalOf(this.doc));
      if (this.halted() || !Array.isArray(targets)) return;
      const byId = new Map(targets.map((t) => [t.id, t]));
      // Gone: deleted elsewhere.
      for (const id of [...this.items.keys()]) {
        if (!byId.has(id)) {
          this.items.delete(id);
          this.painter.remove(id);
        }
      }
      const todo: AnchorTarget[] = [];
      for (const t of targets) {
        const have = this.items.get(t.id);
        if (have && sameAnchor(have.target, t) && have.state.status === 'anchored' && this.intact(have)) {
          // Only the colour or the note flag changed: redraw in place.
          have.target = t;
          if (have.range) this.painter.set(t.id, t.colour, have.range);
        } else todo.push(t);
      }
      await this.anchor(todo);
      this.changed();
    });
  }

  /** Whether an anchored annotation's range still covers its quote. */
  private intact(a: Anchored): boolean {
    const r = a.range;
    if (!r) return false;
    try {
      return (
        r.startContainer.isConnected && r.endContainer.isConnected && !r.collapsed && r.toString() === a.text
      );
    } catch {
      return false;
    }
  }

  /** Anchors `targets` against the body's text now, in slices, and draws them. */
  private async anchor(targets: readonly AnchorTarget[]): Promise<void> {
    if (targets.length === 0) return;
    const body = this.doc.body;
    if (!body) return;
    const t0 = this.hooks.now();
    let longest = 0;
    const results: BatchResult[] = await anchorBatch(body, targets, {
      yieldFn: this.hooks.yieldFn,
      now: this.hooks.now,
      onSlice: (ms) => {
        longest = Math.max(longest, ms);
      },
    });
    this.timing = {
      batches: this.timing.batches + 1,
      lastBatchSize: targets.length,
      lastBatchMs: Math.round((this.hooks.now() - t0) * 10) / 10,
      longestSliceMs: Math.max(this.timing.longestSliceMs, Math.round(longest * 10) / 10),
    };
    if (this.halted()) return;
    for (const r of results) {
      const t = r.target;
      const range = r.range;
      this.items.set(t.id, { target: t, range, text: range ? range.toString() : '', state: r.state });
      if (range) this.painter.set(t.id, t.colour, range);
      else this.painter.remove(t.id);
    }
    this.changed();
  }

  /** Something the side panel or the overlay shows changed. */
  private changed(): void {
    if (this.disposed) return;
    this.hooks.requestRender();
    try {
      this.transport.pageStateChanged(this.pageState());
    } catch (e) {
      console.debug('PolicyLens: page-state-changed failed', e);
    }
  }

  // ---- what the side panel and the view read ----

  /** The page, its measures and how each annotation anchored. */
  pageState(): PageState {
    return {
      page: pageRefOf(this.doc),
      measures: this.hooks.measures(),
      anchors: [...this.items.values()].map((a) => a.state),
    };
  }

  /** Markers for annotations with a note, at the end of their highlight (overlay coordinates). */
  markers(origin: { x: number; y: number }): MarkerView[] {
    const out: MarkerView[] = [];
    for (const a of this.items.values()) {
      if (!a.target.hasNote || !a.range) continue;
      const rect = lastRect(a.range);
      out.push({
        id: a.target.id,
        colour: a.target.colour,
        x: rect ? Math.round(rect.left + rect.width - origin.x) : 0,
        y: rect ? Math.round(rect.top - origin.y - 6) : 0,
        hidden: rect === null,
      });
    }
    return out;
  }

  /** The selection toolbar, when the reader has selected page text. */
  toolbar(origin: { x: number; y: number }): SelectionToolbarView | null {
    const r = this.selectionRange;
    if (!r) return null;
    const rect = lastRect(r);
    if (!rect) return null;
    return {
      x: Math.round(rect.left + rect.width - origin.x),
      y: Math.round(rect.top + rect.height - origin.y + 6),
    };
  }

  /** A message shown where the reader acted, if any. */
  noticeView(origin: { x: number; y: number }): NoticeView | null {
    if (!this.notice) return null;
    const rect = this.notice.at ? lastRect(this.notice.at) : null;
    return {
      kind: this.notice.kind,
      text: this.notice.text,
      x: rect ? Math.round(rect.left - origin.x) : 16,
      y: rect ? Math.round(rect.top + rect.height - origin.y + 36) : 16,
    };
  }

  /** For tests and the stats attribute: how many annotations are drawn and orphaned. */
  counts(): AnnotationCounts {
    let anchored = 0;
    for (const a of this.items.values()) if (a.state.status === 'anchored') anchored++;
    return { annotations: this.items.size, anchored, orphans: this.items.size - anchored, ...this.timing };
  }

  // ---- selection ----

  private listenForSelection(): void {
    const doc = this.doc;
    const win = doc.defaultView;
    if (!win) return;
    let pending = false;
    const update = (): void => {
      pending = false;
      if (this.disposed) return;
      const range = this.currentSelection();
      const had = this.selectionRange !== null;
      this.selectionRange = range;
      if (had || range) this.hooks.requestRender();
    };
    const schedule = (): void => {
      if (pending) return;
      pending = true;
      win.setTimeout(update, 120);
    };
    doc.addEventListener('selectionchange', schedule, { passive: true });
    this.cleanups.push(() => doc.removeEventListener('selectionchange', schedule));
  }

  /** The reader's selection when it is page text in the body (not our overlay, not a form field). */
  currentSelection(): Range | null {
    const sel = this.doc.getSelection?.();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    const body = this.doc.body;
    if (!body || !body.contains(range.commonAncestorContainer)) return null;
    if (range.toString().trim() === '') return null;
    return range.cloneRange();
  }

  /** Removes the page's selection if it is still the one just annotated. */
  private clearPageSelection(annotated: Range): void {
    const sel = this.doc.getSelection?.();
    if (!sel || sel.rangeCount === 0) return;
    const now = sel.getRangeAt(0);
    try {
      if (
        now.compareBoundaryPoints(0 /* START_TO_START */, annotated) === 0 &&
        now.compareBoundaryPoints(2 /* END_TO_END */, annotated) === 0
      ) {
        sel.removeAllRanges();
      }
    } catch {
      // Ranges in different documents: not ours to clear.
    }
    this.selectionRange = null;
    this.hooks.requestRender();
  }

  /** The toolbar's range is gone once used. */
  clearSelectionToolbar(): void {
    this.selectionRange = null;
    this.hooks.requestRender();
  }

  // ---- creating ----

  /**
   * Annotates the reader's selection (toolbar, context menu, keyboard command). The highlight is
   * drawn at once; if the background cannot save it, the highlight goes and a message says why
   * where the reader acted.
   */
  async annotateSelection(
    colour: ColourId | null,
    range: Range | null = null,
  ): Promise<WriteResult<{ id: string }>> {
    // The live selection first: the toolbar's copy is refreshed only after the selection settles,
    // and a command or menu item can come sooner than that (it would annotate the previous text).
    const fromSelection = range === null;
    const r = range ?? this.currentSelection() ?? this.selectionRange;
    if (!r) return { ok: false, error: 'invalid', message: 'no selection' };
    const result = await this.create(r, colour);
    // Done with that selection: clear it, so the toolbar does not come back over the new highlight.
    if (result.ok && fromSelection) this.clearPageSelection(r);
    return result;
  }

  /** Annotates the whole text of a recognised measure ("Annotate this measure" on its card). */
  async annotateMeasure(
    measureId: string,
    colour: ColourId | null = null,
  ): Promise<WriteResult<{ id: string }>> {
    const r = this.hooks.measureRange(measureId);
    if (!r) return { ok: false, error: 'not-found', message: 'measure not on the page' };
    return this.create(r, colour);
  }

  /** The passage a range covers, as a new annotation (or a re-attach) stores it. */
  capture(range: Range): CapturedPassage | null {
    const body = this.doc.body;
    if (!body) return null;
    const described = describeRange(body, range);
    if (!described) return null;
    return {
      page: pageRefOf(this.doc),
      quote: described.quote,
      position: described.position,
      measureId: this.hooks.measureAt(range),
    };
  }

  private async create(range: Range, colour: ColourId | null): Promise<WriteResult<{ id: string }>> {
    const passage = this.capture(range);
    if (!passage || passage.quote.exact.trim() === '') {
      return { ok: false, error: 'invalid', message: 'the selection holds no page text' };
    }
    const live = range.cloneRange();
    const epoch = this.epoch;
    const tempId = `pending:${this.hooks.now()}`;
    this.painter.set(tempId, colour ?? DEFAULT_COLOUR, live);
    this.selectionRange = null;
    this.hooks.requestRender();
    let answer: WriteResult<{ target: AnchorTarget }>;
    try {
      answer = await this.transport.createAnnotation(passage, colour);
    } catch (e) {
      answer = { ok: false, error: 'unknown', message: e instanceof Error ? e.message : String(e) };
    }
    this.painter.remove(tempId);
    // Paused meanwhile: saved (or not) all the same, but nothing is drawn.
    if (this.disposed || epoch !== this.epoch) return answer.ok ? { ok: true, id: answer.target.id } : answer;
    if (!answer.ok) {
      this.showNotice('error', answer.error, live);
      return answer;
    }
    const t = answer.target;
    this.items.set(t.id, {
      target: t,
      range: live,
      text: live.toString(),
      state: { id: t.id, status: 'anchored', method: 'position' },
    });
    this.painter.set(t.id, t.colour, live);
    this.changed();
    return { ok: true, id: t.id };
  }

  /** Shows a message where the reader acted; errors stay until the next action, infos 4 s. */
  private showNotice(kind: 'error' | 'info', text: string, at: Range | null): void {
    this.notice = { kind, text, at };
    const win = this.doc.defaultView;
    if (win && this.noticeTimer !== undefined) win.clearTimeout(this.noticeTimer);
    if (win) {
      this.noticeTimer = win.setTimeout(
        () => {
          this.notice = null;
          this.hooks.requestRender();
        },
        kind === 'error' ? 10_000 : 4_000,
      );
    }
    this.hooks.requestRender();
  }

  dismissNotice(): void {
    this.notice = null;
    this.hooks.requestRender();
  }

  // ---- revealing ----

  /** Scrolls to an annotation or a measure and flashes it. */
  reveal(target: { annotationId: string | null; measureId: string | null }): boolean {
    let range: Range | null = null;
    if (target.annotationId) range = this.items.get(target.annotationId)?.range ?? null;
    else if (target.measureId) range = this.hooks.measureRange(target.measureId);
    if (!range) return false;
    const el =
      range.startContainer.nodeType === 1
        ? (range.startContainer as Element)
        : range.startContainer.parentElement;
    try {
      el?.scrollIntoView({ block: 'center', behavior: 'auto' });
    } catch {
      el?.scrollIntoView();
    }
    this.painter.setFlash(range);
    const win = this.doc.defaultView;
    if (win) {
      if (this.flashTimer !== undefined) win.clearTimeout(this.flashTimer);
      this.flashTimer = win.setTimeout(() => this.painter.setFlash(null), FLASH_MS);
    }
    return true;
  }

  /**
   * Opens the side panel at an annotation (a marker was clicked, or "Note"). Where no panel could
   * open (a browser with neither a side panel nor a sidebar that a page may open, nor windows),
   * says so beside the passage, with the way that still works: the keyboard command.
   */
  openInPanel(id: string | null): void {
    this.transport
      .openSidePanel(id)
      .then((r) => {
        if (r?.ok !== true) {
          this.showNotice('info', t('panelUnavailable'), id ? (this.items.get(id)?.range ?? null) : null);
        }
      })
      .catch((e: unknown) => console.debug('PolicyLens: open-side-panel failed', e));
  }
}

/** Whether two targets anchor the same way (same selectors). */
function sameAnchor(a: AnchorTarget, b: AnchorTarget): boolean {
  return (
    a.quote.exact === b.quote.exact &&
    a.quote.prefix === b.quote.prefix &&
    a.quote.suffix === b.quote.suffix &&
    (a.position?.start ?? -1) === (b.position?.start ?? -1) &&
    (a.position?.end ?? -1) === (b.position?.end ?? -1)
  );
}

/** The last rendered rect of a range (a selection's or highlight's end), or null. */
function lastRect(range: Range): DOMRect | null {
  let rects: DOMRectList;
  try {
    rects = range.getClientRects();
  } catch {
    return null;
  }
  for (let i = rects.length - 1; i >= 0; i--) {
    const r = rects[i];
    if (r && (r.width > 0 || r.height > 0)) return r;
  }
  return null;
}
