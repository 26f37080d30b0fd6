/**
 * The names, versions and fixed values of the export formats, and what every exporter shares: the
 * order records are written in, the measure facts the CSV and Markdown add, and the measure's
 * library URL the W3C export links to. See `README.md` ("Export and import") for each format with a
 * sample; `export.ts` writes them, `import.ts` reads the two JSON ones back.
 */
import { v5 as uuidV5 } from 'uuid';
import type { Annotation } from '../annotation/model.ts';
import { measureHash } from '../cards/library-link.ts';
import type { Corpus } from '../corpus/types.ts';

/** The `format` of a JSON backup. */
export const BACKUP_FORMAT = 'policylens-backup';

/**
 * The backup version this code writes and reads. A file of a higher version is refused by name
 * (it may hold what this version would drop); any new field in a backup means a new version.
 */
export const BACKUP_VERSION = 1;

/** The W3C Web Annotation JSON-LD context. */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/**
 * The PolicyLens namespace, prefix `pl:`, for what the W3C model has no term for: colour, status,
 * the page's title and canonical URL. `.invalid` is reserved (RFC 2606), so the IRI names the
 * vocabulary without pretending that a document lives there.
 */
export const PL_NAMESPACE = 'https://policylens.invalid/ns#';

/** The `@context` of a W3C export. */
export const W3C_CONTEXT: readonly [string, { pl: string }] = [ANNO_CONTEXT, { pl: PL_NAMESPACE }];

/**
 * Where the W3C export links a measure when no library base is given: the library page of no
 * particular installation. The extension passes its own (`browser.runtime.getURL('/library.html')`,
 * `chrome-extension://<id>/library.html`), and `cli convert --library-base` the same, for
 * byte-identical files; importing reads the measure id from any base.
 */
export const DEFAULT_LIBRARY_BASE = 'https://policylens.invalid/library.html';

/** UUID namespace of ids this code derives (collection ids, ids of foreign annotations). */
export const PL_UUID_NAMESPACE = 'e154f886-1070-55c3-97d9-8c82f97ad62d';

/** A name-based (v5) UUID under {@link PL_UUID_NAMESPACE}; text is UTF-8 (lone surrogates as U+FFFD). */
export function derivedUuid(name: string): string {
  return uuidV5(new TextEncoder().encode(name), PL_UUID_NAMESPACE);
}

/** The library URL of a measure, on `base` (`…/library.html#measure=dalian-2023:2.13`). */
export function measureLibraryUrl(base: string, measureId: string): string {
  return `${base.replace(/#.*$/su, '')}${measureHash(measureId)}`;
}

/** What the CSV and Markdown say of a measure beside its id. */
export interface MeasureFacts {
  /** The port, in English as the corpus names it (`Dalian`). */
  port: string;
  /** The document's title, in its own script. */
  document: string;
}

/** Facts of a measure by id, or null when the corpus has no such measure (an id from elsewhere). */
export type MeasureLookup = (measureId: string) => MeasureFacts | null;

/** The lookup over a compiled corpus (the extension's bundled one, or `compileSeedsDir()` in Node). */
export function corpusLookup(corpus: Pick<Corpus, 'documents' | 'measures'>): MeasureLookup {
  const docs = new Map(corpus.documents.map((d) => [d.id, d]));
  const facts = new Map<string, MeasureFacts>();
  for (const m of corpus.measures) {
    const d = docs.get(m.docId);
    if (d) facts.set(m.id, { port: d.port, document: d.title });
  }
  return (id) => facts.get(id) ?? null;
}

/** A lookup that knows no measure (exports without a corpus). */
export const noMeasures: MeasureLookup = () => null;

/** The order every export writes records in: oldest first, ties by id (never the store's order). */
export function exportOrder(a: Annotation, b: Annotation): number {
  if (a.created !== b.created) return a.created < b.created ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The records in export order (a copy). */
export function sortedForExport(records: readonly Annotation[]): Annotation[] {
  return [...records].sort(exportOrder);
}
