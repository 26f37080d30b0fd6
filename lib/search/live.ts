/**
 * The search index kept in step with the store, for whichever context answers searches (the
 * background for `search-annotations`; a side panel may run its own):
 *
 * ```ts
 * const live = new LiveSearch(store.annotations, corpus);
 * const stop = watchChanges((c) => void live.apply(c)); // writes by other contexts
 * // and the context's own writes: the store's onChange calls live.apply(change) too
 * const answer = await live.search({ text: '通关', limit: 20 });
 * ```
 *
 * The index is built on the first search (every annotation, read in pages of 1,000), then changed
 * one record at a time: `apply(change)` reads the changed ids again and adds, replaces or removes
 * them. Changes that arrive while the index is being built are applied after it.
 */
import type { Annotation } from '../annotation/model.ts';
import type { Corpus } from '../corpus/types.ts';
import type { AnnotationsChange } from '../store/changes.ts';
import { SearchIndex, type SearchQuery, type SearchResponse } from './search-index.ts';

/** What `LiveSearch` reads from the store (`store.annotations`). */
export interface AnnotationSource {
  iterate(batch?: number): AsyncGenerator<Annotation[]>;
  get(id: string): Promise<Annotation | null>;
}

export class LiveSearch {
  private index: SearchIndex | null = null;
  private building: Promise<SearchIndex> | null = null;
  /** Changes heard during the build, applied once it is done. */
  private queued: AnnotationsChange[] = [];

  constructor(
    private readonly source: AnnotationSource,
    private readonly corpus: Pick<Corpus, 'documents' | 'measures'> | null,
  ) {}

  /** Whether the index has been built. */
  get built(): boolean {
    return this.index !== null;
  }

  /** The index, built on first use. A failed build is retried on the next call. */
  async ready(): Promise<SearchIndex> {
    if (this.index) return this.index;
    this.building ??= (async () => {
      const index = new SearchIndex(this.corpus);
      for await (const batch of this.source.iterate(1_000)) index.addAll(batch);
      this.index = index;
      const queued = this.queued.splice(0);
      for (const change of queued) await this.applyTo(index, change);
      return index;
    })().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  async search(query: SearchQuery): Promise<SearchResponse> {
    return (await this.ready()).search(query);
  }

  /** Brings the changed records up to date (no-op until the index is first built). */
  async apply(change: AnnotationsChange): Promise<void> {
    if (this.index) await this.applyTo(this.index, change);
    else if (this.building) this.queued.push(change);
  }

  private async applyTo(index: SearchIndex, change: AnnotationsChange): Promise<void> {
    for (const id of change.ids) {
      const current = change.kind === 'delete' ? null : await this.source.get(id);
      if (current) index.add(current);
      else index.remove(id);
    }
  }
}
