/**
 * Types that must line up with the browser's own: WXT's `browser` is what extension pages pass to
 * `openExtensionStore`, and what the message map promises extension pages is what the store and
 * the search answer. Checked by the compiler (`npm run check`), run as a test for the record.
 */
import { browser } from 'wxt/browser';
import { describe, expectTypeOf, it } from 'vitest';
import type { Annotation } from '../../lib/annotation/model.ts';
import type { PageToBackground, WriteResult } from '../../lib/messaging.ts';
import type { SearchIndex } from '../../lib/search/search-index.ts';
import type { AnnotationsTable } from '../../lib/store/annotations.ts';
import { openExtensionStore } from '../../lib/store/store.ts';

describe('types', () => {
  it('an extension page passes WXT’s browser to openExtensionStore', () => {
    expectTypeOf(openExtensionStore).toBeCallableWith(browser);
  });

  it('the messages answer what the store and the search return', () => {
    expectTypeOf<Awaited<ReturnType<AnnotationsTable['update']>>>().toEqualTypeOf<
      PageToBackground['annotation-update']['result']
    >();
    expectTypeOf<Awaited<ReturnType<AnnotationsTable['delete']>>>().toEqualTypeOf<
      WriteResult<{ annotation: Annotation }>
    >();
    expectTypeOf<ReturnType<SearchIndex['search']>>().toEqualTypeOf<
      PageToBackground['annotations-search']['result']
    >();
    expectTypeOf<Awaited<ReturnType<AnnotationsTable['listAll']>>>().toEqualTypeOf<
      PageToBackground['annotations-list']['result']
    >();
  });
});
