/** Shared by the side panel's logic tests: a stored annotation with defaults. */
import type { Annotation } from '../../lib/annotation/model.ts';

let n = 0;

/** A record as the store keeps it; `id` is a fresh UUID-shaped string unless given. */
export function record(over: Partial<Annotation> = {}): Annotation {
  n += 1;
  const url = 'https://www.dalian.gov.cn/dalian-2023.hans.html';
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    page: { url, canonical: null, title: '大连海关' },
    keys: [url],
    quote: { type: 'TextQuoteSelector', exact: '提供进出境7×24小时通关保障', prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start: 100 + n, end: 115 + n },
    measureId: null,
    colour: 'yellow',
    tags: [],
    note: '',
    status: 'none',
    created: '2026-12-01T00:00:00.000Z',
    updated: '2026-12-01T00:00:00.000Z',
    ...over,
  };
}
