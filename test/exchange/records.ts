/**
 * Records the exchange tests export and import: the frozen store fixture (`test/fixtures/db/v1.json`,
 * as lib/store wrote them) and a few written to be awkward (markup, formulas, line breaks, a
 * canonical page, no position), plus a generator of many. All pass the store's own schema.
 */
import { readFileSync } from 'node:fs';
import type { Annotation } from '../../lib/annotation/model.ts';
import { pageKeys } from '../../lib/annotation/page-url.ts';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { corpusLookup, type MeasureLookup } from '../../lib/exchange/formats.ts';
import { parseAnnotation } from '../../lib/store/validate.ts';

/** The export time every golden file uses. */
export const EXPORTED = '2026-12-02T08:00:00.000Z';

/** The frozen version-1 records. */
export function fixtureRecords(): Annotation[] {
  const fx = JSON.parse(readFileSync(new URL('../fixtures/db/v1.json', import.meta.url), 'utf8')) as {
    tables: { annotations: Annotation[] };
  };
  return fx.tables.annotations;
}

/** A record on `url`, checked by the store's schema. */
export function record(over: Partial<Annotation> & { id: string }): Annotation {
  const page = over.page ?? {
    url: 'https://www.customs.gov.cn/notice/1.html',
    canonical: null,
    title: '通知',
  };
  const exact = over.quote?.exact ?? '推行提前申报';
  const a: Annotation = {
    page,
    keys: pageKeys(page),
    quote: { type: 'TextQuoteSelector', exact, prefix: '（十三）', suffix: '。' },
    position: { type: 'TextPositionSelector', start: 100, end: 100 + exact.length },
    measureId: null,
    colour: 'yellow',
    tags: [],
    note: '',
    status: 'none',
    created: '2026-12-01T05:00:00.000Z',
    updated: '2026-12-01T05:00:00.000Z',
    ...over,
  };
  a.keys = pageKeys(a.page);
  const checked = parseAnnotation(a);
  if (!checked.ok) throw new Error(`test record ${a.id}: ${checked.message}`);
  return checked.value;
}

/** Markup and formulas in every free-text field. */
export const MARKUP = '<img src=x onerror=alert(1)>[x](javascript:alert(1))';

/** Records written to be awkward for every format. */
export function awkwardRecords(): Annotation[] {
  return [
    record({
      id: 'a0000000-0000-4000-8000-000000000001',
      page: {
        url: 'https://www.customs.gov.cn/x?a=1&b=<2>',
        canonical: null,
        title: `# ${MARKUP} **bold** http://evil.example www.evil.example`,
      },
      quote: {
        type: 'TextQuoteSelector',
        exact: `=HYPERLINK("http://evil.example","x") ${MARKUP}`,
        prefix: '<',
        suffix: '>',
      },
      position: null,
      tags: ['=1+1', '@SUM(A1)', '+cmd', '-2', MARKUP],
      note: `<script>alert(1)</script>\n- a list item\n\n[link](javascript:alert(1)) <!-- c --> \`<b>code</b>\``,
      colour: 'pink',
      status: 'todo',
      measureId: 'dalian-2023:2.13',
      created: '2026-12-01T05:01:00.000Z',
      updated: '2026-12-01T06:00:00.000Z',
    }),
    record({
      id: 'a0000000-0000-4000-8000-000000000002',
      page: {
        url: 'https://swj.xm.gov.cn/a/b.htm',
        canonical: 'https://swj.xm.gov.cn/a/canonical.htm',
        title: '廈門市 "quoted", comma\ttab',
      },
      quote: {
        type: 'TextQuoteSelector',
        exact: '\t第一行\n    第二行 "引號", 逗號\r\n第三行',
        prefix: '',
        suffix: '',
      },
      note: '@mention, "quoted"\r\nsecond line',
      tags: ['鮮活農產品', 'a;b'],
      colour: 'green',
      status: 'done',
      created: '2026-12-01T05:02:00.000Z',
      updated: '2026-12-01T05:02:00.000Z',
    }),
    record({
      id: 'a0000000-0000-4000-8000-000000000003',
      page: {
        url: 'https://www.customs.gov.cn/x?a=1&b=<2>',
        canonical: null,
        title: 'same page, earlier quote',
      },
      quote: { type: 'TextQuoteSelector', exact: '单一窗口 `code` *star* _under_', prefix: 'p', suffix: 's' },
      position: { type: 'TextPositionSelector', start: 5, end: 5 + '单一窗口 `code` *star* _under_'.length },
      measureId: 'not-in-the-corpus:1',
      created: '2026-12-01T05:03:00.000Z',
      updated: '2026-12-01T05:03:00.000Z',
    }),
  ];
}

/** The records of the golden files: the fixture's and the awkward ones. */
export function goldenRecords(): Annotation[] {
  return [...fixtureRecords(), ...awkwardRecords()];
}

let lookup: MeasureLookup | null = null;

/** Measure facts from the seed corpus (compiled once per test file). */
export function seedMeasures(): MeasureLookup {
  lookup ??= corpusLookup(compileSeedsDir());
  return lookup;
}

/** `n` valid records on a few pages (ids, times and quotes from `i`). */
export function manyRecords(n: number, offset = 0): Annotation[] {
  const out: Annotation[] = [];
  const pages = [
    { url: 'https://www.customs.gov.cn/a.html', canonical: null, title: '大连海关惠企措施' },
    {
      url: 'https://swj.xm.gov.cn/b.htm',
      canonical: 'https://swj.xm.gov.cn/b.htm?id=2',
      title: '廈門市工作方案',
    },
    { url: 'http://example.org/c', canonical: null, title: 'Report' },
  ];
  const colours = ['yellow', 'green', 'blue', 'pink', 'orange'] as const;
  const statuses = ['none', 'relevant', 'todo', 'done'] as const;
  for (let k = 0; k < n; k++) {
    const i = k + offset;
    const page = pages[i % pages.length] as (typeof pages)[number];
    const exact = `第${i}项：提前申报，两步申报，7×24小时通关保障`;
    const time = new Date(Date.UTC(2026, 0, 1) + i * 1_000).toISOString();
    out.push({
      id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      page,
      keys: pageKeys(page),
      quote: {
        type: 'TextQuoteSelector',
        exact,
        prefix: '（十三）保障进出境船舶“全天候”通关。',
        suffix: '，实行“5+2”预约通关。',
      },
      position: { type: 'TextPositionSelector', start: i, end: i + exact.length },
      measureId: i % 4 === 0 ? 'dalian-2023:2.13' : null,
      colour: colours[i % colours.length] as (typeof colours)[number],
      tags: i % 3 === 0 ? ['通关', `t${i % 7}`] : [],
      note: i % 2 === 0 ? `note ${i}: **check** with the broker` : '',
      status: statuses[i % statuses.length] as (typeof statuses)[number],
      created: time,
      updated: time,
    });
  }
  return out;
}
