/**
 * Measure spans from page blocks. A reader's block is not always one measure:
 *
 * - **A numbered heading and its body.** News reprints print a measure's number and title on one
 *   line and its text in the next paragraph (`一、优化通关模式,降低企业通关成本` / `在青岛关区…`).
 *   The two are one measure: the span runs from the heading's first character to the body's last,
 *   so tints, badges and annotations cover both. A heading merges only when exactly one
 *   unnumbered paragraph follows it before the next numbered block (or the end of the list): a
 *   heading followed by several paragraphs is a group heading over paragraph measures (Zhejiang
 *   2004's `一、…` over its unnumbered paragraphs), and a heading followed by a numbered block is a
 *   group heading too; both stay on their own.
 * - **Several numbered measures in one paragraph.** `（一）…。（二）…。` or a lead-in followed by
 *   `1.…2.…` is split at the numbers into one span per measure, so each gets its own badge and
 *   related list; the lead-in before the first number is a span of its own (never a measure).
 *   A number counts only where a sentence has ended (or at the start), and only in a run of at
 *   least two consecutive numbers of one style.
 *
 * Spans are slices of the same page text (`start`/`end` index `PageText.text`), so the page's
 * `range()` maps any span back to the DOM exactly as it maps blocks. Table rows and cells are
 * never merged or split (the task table's rows are measures already).
 */
import { readMarker, parseCnNumeral, type MarkerKind } from '../corpus/numbering.ts';
import type { Block, BlockKind, PageText } from './blocks.ts';

/** A heading's title (after its number) is at most this long; a measure is longer. */
export const MAX_HEADING = 40;
/** A body paragraph is at least this long. */
export const MIN_BODY = 15;
/** An inline measure is at least this long: shorter runs are enumerations (1、2、3类). */
export const MIN_INLINE_PART = 8;

/**
 * The text without whitespace (the normaliser's set, as `blocks.ts` collapses it). Lengths here
 * count characters, so the full normaliser is not needed: it stays out of the content script,
 * whose size and start-up time it would double (its Traditional → Simplified table).
 */
const compact = (s: string): string => s.replace(/[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]+/gu, '');

/** Block kinds that hold running text (headings and bodies, inline lists). */
const TEXT_KINDS: ReadonlySet<BlockKind> = new Set(['paragraph', 'line', 'list-item', 'heading']);

/** A numbered heading: a marker, then one short title sentence and nothing after it. */
function isNumberedHeading(b: Block): boolean {
  if (!TEXT_KINDS.has(b.kind)) return false;
  const marker = readMarker(b.text);
  if (!marker) return false;
  const title = compact(b.text.slice(marker.end));
  if (title.length < 2 || title.length > MAX_HEADING) return false;
  // One sentence: a full stop or semicolon only at the very end.
  return !/[。；;][^。；;]/u.test(title);
}

/** An unnumbered paragraph of running text (not a lead-in to a list). */
function isBody(b: Block): boolean {
  if (b.kind !== 'paragraph' && b.kind !== 'line' && b.kind !== 'list-item') return false;
  if (readMarker(b.text) !== null) return false;
  const n = compact(b.text);
  return n.length >= MIN_BODY && !/[:：]$/u.test(n);
}

/** A marker found inside a block's text. */
interface InlineMarker {
  at: number;
  kind: MarkerKind;
  value: number;
}

/** Markers in the original text, where a sentence may start. */
const INLINE =
  /(?:^|(?<=[。；;：:！？!?]\s*))(?:([〇零一二两三四五六七八九十百]+)、|[(（]([〇零一二两三四五六七八九十百]+)[)）]|(\d{1,2})[.．](?!\d)|(\d{1,2})、)/gu;

function inlineMarkers(text: string): InlineMarker[] {
  const out: InlineMarker[] = [];
  INLINE.lastIndex = 0;
  for (let m = INLINE.exec(text); m !== null; m = INLINE.exec(text)) {
    let at = m.index;
    while (at < text.length && /\s/u.test(text.charAt(at))) at++;
    const [, cn, paren, dot, dun] = m;
    const marker: InlineMarker | null =
      cn !== undefined
        ? { at, kind: 'cn', value: parseCnNumeral(cn) }
        : paren !== undefined
          ? { at, kind: 'paren-cn', value: parseCnNumeral(paren) }
          : dot !== undefined
            ? { at, kind: 'arabic-dot', value: Number(dot) }
            : dun !== undefined
              ? { at, kind: 'arabic-dun', value: Number(dun) }
              : null;
    if (marker && !Number.isNaN(marker.value)) out.push(marker);
    if (m[0].length === 0) INLINE.lastIndex++;
  }
  return out;
}

/**
 * The longest run of consecutive numbers of one style among a block's markers (≥ 2), or null.
 * A run that starts after the block's start needs a lead-in before it that ends a sentence or
 * introduces a list (the regular expression already asks for that).
 */
function bestRun(markers: readonly InlineMarker[]): InlineMarker[] | null {
  let best: InlineMarker[] | null = null;
  for (let i = 0; i < markers.length; i++) {
    const run = [markers[i] as InlineMarker];
    for (let j = i + 1; j < markers.length; j++) {
      const last = run[run.length - 1] as InlineMarker;
      const m = markers[j] as InlineMarker;
      if (m.kind === last.kind && m.value === last.value + 1) run.push(m);
    }
    if (run.length >= 2 && (!best || run.length > best.length)) best = run;
  }
  return best;
}

/** Splits one block at inline numbers into spans (the block itself when there is nothing to split). */
export function splitInline(block: Block): Block[] {
  if (block.kind !== 'paragraph' && block.kind !== 'line' && block.kind !== 'list-item') return [block];
  const run = bestRun(inlineMarkers(block.text));
  if (!run) return [block];
  const cuts = run.map((m) => m.at);
  const pieces: Array<[number, number]> = [];
  if ((cuts[0] as number) > 0) pieces.push([0, cuts[0] as number]);
  cuts.forEach((c, i) => pieces.push([c, cuts[i + 1] ?? block.text.length]));
  const parts = pieces.map(([a, b]) => {
    // Trim whitespace at the edges, so each span starts and ends on page characters.
    let s = a;
    let e = b;
    while (s < e && /\s/u.test(block.text.charAt(s))) s++;
    while (e > s && /\s/u.test(block.text.charAt(e - 1))) e--;
    return { s, e };
  });
  const numbered = parts.slice((cuts[0] as number) > 0 ? 1 : 0);
  if (numbered.some(({ s, e }) => compact(block.text.slice(s, e)).length < MIN_INLINE_PART)) return [block];
  return parts
    .filter(({ s, e }) => e > s)
    .map(({ s, e }) => ({
      text: block.text.slice(s, e),
      start: block.start + s,
      end: block.start + e,
      kind: block.kind,
    }));
}

/** Cuts blocks into measure spans (see the module comment). `text` is the page text they index. */
export function segmentBlocks(text: string, blocks: readonly Block[]): Block[] {
  const split = blocks.flatMap(splitInline);
  const out: Block[] = [];
  for (let i = 0; i < split.length; i++) {
    const b = split[i] as Block;
    const body = split[i + 1];
    const after = split[i + 2];
    // Exactly one body paragraph, then a numbered block, a non-body block, or the end.
    if (
      isNumberedHeading(b) &&
      body !== undefined &&
      isBody(body) &&
      (after === undefined || readMarker(after.text) !== null || !isBody(after))
    ) {
      out.push({ text: text.slice(b.start, body.end), start: b.start, end: body.end, kind: b.kind });
      i++;
      continue;
    }
    out.push(b);
  }
  return out;
}

/** The page with its blocks cut into measure spans (everything else, `range()` included, unchanged). */
export function segmentPage<T extends PageText>(page: T): T {
  return { ...page, blocks: segmentBlocks(page.text, page.blocks) };
}

/**
 * Whether a numbered heading that ends one region and the block that opens the next are one
 * measure, across the regions the in-page layer extracts one at a time (a long article is cut into
 * its paragraphs). `after` is the block after the body in its region, if any: the same rule as
 * {@link segmentBlocks}, with the end of the body's region standing for the end of the list.
 */
export function joinsAcross(heading: Block, body: Block | undefined, after: Block | undefined): boolean {
  return (
    isNumberedHeading(heading) &&
    body !== undefined &&
    isBody(body) &&
    (after === undefined || readMarker(after.text) !== null || !isBody(after))
  );
}
