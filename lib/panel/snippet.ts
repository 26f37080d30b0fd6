/**
 * A search snippet cut into plain and highlighted pieces, so that the panel renders each as a text
 * node or a `<mark>` (through Preact: never an HTML string). The spans come from the search index
 * (`Snippet.highlights`, UTF-16 offsets into the snippet's text, end exclusive); anything out of
 * range, reversed or overlapping is clipped rather than trusted.
 */

/** A piece of snippet text, highlighted or not. */
export interface SnippetPiece {
  text: string;
  mark: boolean;
}

export function snippetPieces(
  text: string,
  highlights: ReadonlyArray<readonly [number, number]>,
): SnippetPiece[] {
  const spans = highlights
    .map(([s, e]) => [Math.max(0, Math.floor(s)), Math.min(text.length, Math.floor(e))] as const)
    .filter(([s, e]) => Number.isFinite(s) && Number.isFinite(e) && e > s)
    .sort((a, b) => a[0] - b[0]);
  const out: SnippetPiece[] = [];
  let at = 0;
  for (const [s, e] of spans) {
    const start = Math.max(s, at);
    if (e <= start) continue;
    if (start > at) out.push({ text: text.slice(at, start), mark: false });
    const last = out[out.length - 1];
    // Overlapping or touching spans make one mark.
    if (last?.mark && start === at) last.text += text.slice(start, e);
    else out.push({ text: text.slice(start, e), mark: true });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}
