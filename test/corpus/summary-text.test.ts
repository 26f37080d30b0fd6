/**
 * Corpus strings of the summary in the UI language's script: the build's table is used where it has
 * the string, and anything else is shown as it is written (never lost or blanked).
 */
import { describe, expect, it } from 'vitest';
import { summaryText } from '../../lib/corpus/summary-text.ts';

const summary = { inScript: { Hans: { 廈門: '厦门' }, Hant: { 厦门: '廈門' } } };

describe('summaryText', () => {
  it('gives the other script from the table', () => {
    expect(summaryText(summary, '厦门', 'Hant')).toBe('廈門');
    expect(summaryText(summary, '廈門', 'Hans')).toBe('厦门');
  });

  it('keeps a string the table does not hold, and works without a table', () => {
    expect(summaryText(summary, '大连', 'Hant')).toBe('大连');
    expect(summaryText(summary, 'constructor', 'Hant')).toBe('constructor');
    expect(summaryText({}, '厦门', 'Hant')).toBe('厦门');
  });
});
