/**
 * Types for the virtual module served by `corpusPlugin()` (see `vite-plugin.ts`), so extension
 * code can import the bundled corpus with its real type instead of `any`.
 */
declare module 'virtual:policylens-corpus' {
  /** The corpus compiled from `seeds/` at build time. */
  const corpus: import('./types.ts').Corpus;
  export default corpus;
}

declare module 'virtual:policylens-index' {
  /** The serialised n-gram index of that corpus (`NgramIndex.load` reads it in place). */
  export default function indexBytes(): Uint8Array;
}

declare module 'virtual:policylens-corpus-summary' {
  /** The corpus version and documents (the popup needs no measures). */
  const summary: import('./types.ts').CorpusSummary;
  export default summary;
}

declare module 'virtual:policylens-related' {
  /** The serialised related-measures index of that corpus (`RelatedIndex.load` reads it in place). */
  export default function relatedBytes(): Uint8Array;
}

declare module 'virtual:policylens-documents' {
  /** Every corpus document's text in blocks, by document id (the library's Documents view). */
  const texts: import('../library/document.ts').DocumentTexts;
  export default texts;
}
