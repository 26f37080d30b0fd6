/**
 * What `cli anchor` prints: annotations from a file re-anchored on a saved page, as one JSON
 * object or as a report a researcher reads. Kept here, beside the rules, so the command line
 * prints exactly what the extension would find.
 */
import { describeSpan } from './describe.ts';
import { anchorAll } from './batch.ts';
import type { InputAnnotation } from './w3c.ts';

/** One line of `{"results": [...]}`, in the order of the input. */
export interface AnchorLine {
  id: string | null;
  status: 'anchored' | 'orphan';
  method: 'position' | 'quote' | 'fuzzy' | null;
  /** Rounded to 4 decimals. */
  score: number | null;
  /** UTF-16 offsets of the page's text (`body.textContent`). */
  start: number | null;
  end: number | null;
  /** The text now covered, and up to 32 code units either side (as a TextQuoteSelector stores). */
  exact: string | null;
  prefix: string | null;
  suffix: string | null;
  /** Why an orphan is one (orphans only). */
  reason?: string;
}

/** Anchors the annotations on the page text; annotations without usable selectors are orphans. */
export function anchorLines(text: string, annotations: readonly InputAnnotation[]): AnchorLine[] {
  const usable = annotations.flatMap((a, i) => (a.selectors ? [{ i, selectors: a.selectors }] : []));
  const results = anchorAll(
    text,
    usable.map((u) => u.selectors),
  );
  const byIndex = new Map(usable.map((u, k) => [u.i, results[k]]));
  return annotations.map((a, i): AnchorLine => {
    const orphan = (reason: string): AnchorLine => ({
      id: a.id,
      status: 'orphan',
      method: null,
      score: null,
      start: null,
      end: null,
      exact: null,
      prefix: null,
      suffix: null,
      reason,
    });
    const r = byIndex.get(i);
    if (!r) return orphan(a.problem ?? 'no usable selector');
    if (r.status === 'orphan') return orphan(r.reason);
    const { quote } = describeSpan(text, r.start, r.end);
    return {
      id: a.id,
      status: 'anchored',
      method: r.method,
      score: Math.round(r.score * 10_000) / 10_000,
      start: r.start,
      end: r.end,
      exact: quote.exact,
      prefix: quote.prefix,
      suffix: quote.suffix,
    };
  });
}

/** A quote for one line of a report: whitespace shown as single spaces, long ones shortened. */
function shown(s: string, max = 48): string {
  const flat = s.replace(/\s+/gu, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The readable report: a summary line, then one line per annotation. */
export function formatLines(lines: readonly AnchorLine[], page: string, textLength: number): string {
  const anchored = lines.filter((l) => l.status === 'anchored');
  const by = (m: string): number => anchored.filter((l) => l.method === m).length;
  const out = [
    `${lines.length} annotation${lines.length === 1 ? '' : 's'} on ${page} (${textLength.toLocaleString('en-US')} characters): ` +
      `${anchored.length} anchored (${by('position')} by position, ${by('quote')} by quote, ${by('fuzzy')} fuzzy), ` +
      `${lines.length - anchored.length} orphan${lines.length - anchored.length === 1 ? '' : 's'}`,
  ];
  lines.forEach((l, i) => {
    const name = l.id ?? `#${i + 1}`;
    if (l.status === 'anchored') {
      out.push(
        `  ${name}  ${l.method} [${l.start}, ${l.end}) score ${(l.score ?? 0).toFixed(2)}  “${shown(l.exact ?? '')}”`,
      );
    } else {
      out.push(`  ${name}  orphan: ${l.reason ?? ''}`);
    }
  });
  return `${out.join('\n')}\n`;
}
