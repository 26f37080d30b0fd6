import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { DOMParser as LinkedomParser } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import type { Measure } from '../../lib/corpus/types.ts';
import { isSpace, normalizeText } from '../../lib/normalize.ts';
import { DEFAULT_LIMITS, extractBlocks, textToBlocks, type ExtractedPage } from '../../lib/page/blocks.ts';
import { parseHtml } from '../../lib/page/parse-html.ts';

const page = (html: string): ExtractedPage => extractBlocks(parseHtml(html));
const texts = (html: string): string[] => page(html).blocks.map((b) => b.text);
const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8');
const seed = (name: string): string => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

describe('extractBlocks: blocks as a reader sees them', () => {
  it('joins text split over inline elements into one block', () => {
    const p = page(
      '<p>一、<b>切实</b><span>转变</span><a href="#">服务</a><font color="red">理念</font><strong>，</strong><em>建立</em>机制。</p>',
    );
    expect(p.blocks).toEqual([
      { text: '一、切实转变服务理念，建立机制。', start: 0, end: 16, kind: 'paragraph' },
    ]);
    expect(p.text).toBe('一、切实转变服务理念，建立机制。');
  });

  it('joins blocks with one newline and records their offsets', () => {
    const p = page('<h1>标题</h1><p>第一段</p><ul><li>甲</li><li>乙</li></ul>');
    expect(p.text).toBe('标题\n第一段\n甲\n乙');
    expect(p.blocks.map((b) => [b.kind, b.start, b.end])).toEqual([
      ['heading', 0, 2],
      ['paragraph', 3, 6],
      ['list-item', 7, 8],
      ['list-item', 9, 10],
    ]);
    for (const b of p.blocks) expect(p.text.slice(b.start, b.end)).toBe(b.text);
  });

  it('makes <br>-separated lines separate blocks of kind line', () => {
    const p = page('<div>第一行<br>第二行<br/><b>第三</b>行</div>');
    expect(p.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['line', '第一行'],
      ['line', '第二行'],
      ['line', '第三行'],
    ]);
    // A trailing <br> does not make a paragraph a line; headings keep their kind.
    expect(page('<p>只有一行<br></p>').blocks.map((b) => b.kind)).toEqual(['paragraph']);
    expect(page('<h2>标题上<br>标题下</h2>').blocks.map((b) => [b.kind, b.text])).toEqual([
      ['heading', '标题上'],
      ['heading', '标题下'],
    ]);
    // Text around a nested block: three blocks, as a browser lays them out.
    expect(texts('<div>前<p>中</p>后</div>')).toEqual(['前', '中', '后']);
  });

  it('keeps line breaks inside <pre>', () => {
    expect(page('<pre>第一行\n  第二行\n\n第三行</pre>').blocks.map((b) => [b.kind, b.text])).toEqual([
      ['line', '第一行'],
      ['line', '第二行'],
      ['line', '第三行'],
    ]);
  });

  it("reads a data table row as its cells joined with ' | '", () => {
    const p = page(`<table>
      <tr><th>序号</th><th>具体任务</th><th>完成时限</th><th>责任部门</th><th>协办部门</th></tr>
      <tr><td colspan="5"><b>八、推行“5+2”工作制,适应企业需求</b></td></tr>
      <tr>
        <td>27</td>
        <td><p>在黄花机场等重点口岸推行“5+2”工作制。</p></td>
        <td>年内</td>
        <td>改革办<br>监管通关处</td>
        <td>黄花机场办<br>各业务现场</td>
      </tr>
      <tr><td>20</td><td>加快查验异常报关单处理速度。</td><td>年内</td><td>各业务现场</td><td></td></tr>
    </table>`);
    expect(p.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['table-row', '序号 | 具体任务 | 完成时限 | 责任部门 | 协办部门'],
      ['table-row', '八、推行“5+2”工作制,适应企业需求'],
      [
        'table-row',
        '27 | 在黄花机场等重点口岸推行“5+2”工作制。 | 年内 | 改革办 监管通关处 | 黄花机场办 各业务现场',
      ],
      ['table-row', '20 | 加快查验异常报关单处理速度。 | 年内 | 各业务现场'],
    ]);
  });

  it('keeps inner empty cells, drops empty cells at the ends of a row', () => {
    expect(texts('<table><tr><td>甲</td><td> </td><td>丙</td></tr></table>')).toEqual(['甲 |  | 丙']);
    expect(texts('<table><tr><td></td><td>乙</td><td></td></tr></table>')).toEqual(['乙']);
    expect(texts('<table><tr><td></td><td></td></tr></table>')).toEqual([]);
  });

  it('treats layout tables as containers: each cell is its own block', () => {
    const p = page(`<table><tr>
      <td>左侧文字<ul><li>链接一</li><li>链接二</li></ul></td>
      <td><h2>标题</h2><p>正文一</p><p>正文二</p></td>
    </tr></table>`);
    expect(p.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['cell', '左侧文字'],
      ['list-item', '链接一'],
      ['list-item', '链接二'],
      ['heading', '标题'],
      ['paragraph', '正文一'],
      ['paragraph', '正文二'],
    ]);
    // A whole article laid out in one cell with <br> lines is layout too.
    const lines = Array.from({ length: 10 }, (_, i) => `第${i + 1}行`);
    const q = page(`<table><tr><td>${lines.join('<br>')}</td></tr></table>`);
    expect(q.blocks.map((b) => b.text)).toEqual(lines);
    expect(new Set(q.blocks.map((b) => b.kind))).toEqual(new Set(['cell']));
  });

  it('skips navigation, scripts, styles, templates and hidden elements', () => {
    const p = page(`<head><title>标题栏</title><style>p{}</style></head><body>
      <nav><a>首页</a><a>政务公开</a></nav>
      <div role="menubar navigation"><a>互动交流</a></div>
      <script>var a = "脚本";</script><noscript>不支持脚本</noscript>
      <template><p>模板</p></template>
      <p>可见<span hidden>隐藏一</span><span aria-hidden="true">★</span>文字</p>
      <div style="color:red; display: none !important">隐藏二</div>
      <div style="visibility:hidden">隐藏三</div>
      <details><summary>摘要</summary><p>折叠内容</p></details>
      <details open><summary>摘要二</summary><p>展开内容</p></details>
      <select><option>选项</option></select><textarea>输入框</textarea>
      <p style="display:inline-block">行内块</p>
    </body>`);
    expect(p.blocks.map((b) => b.text)).toEqual(['可见文字', '摘要', '摘要二', '展开内容', '行内块']);
  });

  it('skips elements whose computed display is none when the DOM can compute styles', () => {
    const doc = parseHtml('<body><p>一</p><p class="gone">二</p><p>三</p></body>');
    const g = globalThis as { getComputedStyle?: unknown };
    g.getComputedStyle = (el: Element) => ({
      display: el.getAttribute('class') === 'gone' ? 'none' : 'block',
    });
    try {
      // linkedom's defaultView proxies globalThis; elements in a document are connected.
      expect(extractBlocks(doc.body).blocks.map((b) => b.text)).toEqual(['一', '三']);
    } finally {
      delete g.getComputedStyle;
    }
    expect(extractBlocks(doc.body).blocks.map((b) => b.text)).toEqual(['一', '二', '三']);
  });

  it('collapses whitespace like a browser and trims it at block edges', () => {
    expect(texts('<p>  a  \n\t b\u00a0\u00a0c　　d </p>')).toEqual(['a b c d']);
    expect(texts('<p>\n   一、  切实\n  转变 </p>')).toEqual(['一、 切实 转变']);
    expect(texts('<p>foo <b> bar</b> <i> </i>baz</p>')).toEqual(['foo bar baz']);
    expect(texts('<p>　　1.進一步提升鮮活農產品通關效率。</p>')).toEqual([
      '1.進一步提升鮮活農產品通關效率。',
    ]);
    expect(texts('<p>&nbsp;&nbsp;&nbsp;&nbsp;1、简化部门办事程序。</p>')).toEqual(['1、简化部门办事程序。']);
    expect(texts('<p> </p><div>\n\t</div>')).toEqual([]);
  });

  it("collapses exactly the normaliser's whitespace", () => {
    const spaces: string[] = [];
    const others: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      if (isSpace(ch)) spaces.push(ch);
      else if (c >= 0x2000 && c <= 0x206f) others.push(ch); // General Punctuation: near misses
    }
    const para = (ch: string): string => `<p>a${escapeHtml(ch)}b</p>`;
    // '\r' is normalised away by the HTML parser, so test it inside one run with a space.
    const p = page(spaces.map((ch) => para(ch === '\r' ? ' \r' : ch)).join(''));
    expect(p.blocks.map((b) => b.text)).toEqual(spaces.map(() => 'a b'));
    const q = page(others.map(para).join(''));
    expect(q.blocks.map((b) => b.text)).toEqual(others.map((ch) => `a${ch}b`));
  });

  it('can start from an element instead of the document', () => {
    const doc = parseHtml('<div id="a"><p>一</p></div><div id="b"><p>二</p><p>三</p></div>');
    const b = doc.getElementById('b');
    expect(b).not.toBeNull();
    expect(extractBlocks(b as Element).text).toBe('二\n三');
  });
});

describe('extractBlocks: locate and range map block text back to the DOM', () => {
  it('locates every page character in its Text node', () => {
    const p = page('<p>foo <b> bar</b></p><p>x</p>');
    expect(p.text).toBe('foo bar\nx');
    for (let i = 0; i < p.text.length; i++) {
      if (p.inserted(i)) continue;
      const at = p.locate(i);
      expect(at).not.toBeNull();
      const ch = at?.node.data[at.offset] ?? '';
      // A collapsed space maps to the first character of its whitespace run.
      expect(ch === p.text[i] || (p.text[i] === ' ' && /\s/.test(ch))).toBe(true);
    }
    expect(p.locate(3)?.node.data).toBe('foo ');
    expect(p.locate(3)?.offset).toBe(3);
    expect(p.locate(4)?.node.data).toBe(' bar');
    expect(p.locate(4)?.offset).toBe(1);
  });

  it('maps inserted characters to the next page character, and the end after the last one', () => {
    const p = page('<p>甲乙</p><p>丙</p>');
    expect(p.text).toBe('甲乙\n丙');
    expect(p.inserted(2)).toBe(true);
    expect(p.inserted(1)).toBe(false);
    expect(p.locate(2)?.node.data).toBe('丙');
    expect(p.locate(2)?.offset).toBe(0);
    expect(p.locate(4)?.node.data).toBe('丙');
    expect(p.locate(4)?.offset).toBe(1);
    expect(p.locate(5)).toBeNull();
    expect(p.locate(-1)).toBeNull();
    expect(p.locate(1.5)).toBeNull();
    expect(page('<p> </p>').locate(0)).toBeNull();
  });

  it('gives ranges over the exact DOM characters, across text nodes', () => {
    const p = page('<p>一、<b>切实</b><span>转变</span>服务理念。</p><p>第二段</p>');
    const whole = p.range(0, p.blocks[0]?.end ?? 0);
    expect(whole?.toString()).toBe('一、切实转变服务理念。');
    expect(p.range(3, 7)?.toString()).toBe('实转变服');
    expect(p.range(3, 7)?.startContainer.textContent).toBe('切实');
    expect(p.range(3, 7)?.endContainer.textContent).toBe('服务理念。');
    // Inserted characters at the edges are left out; inside, the DOM between is spanned.
    expect(p.range(10, 14)?.toString()).toBe('。第二');
    expect(p.range(11, 12)).toBeNull();
    const empty = p.range(4, 4);
    expect(empty?.collapsed).toBe(true);
    expect(empty?.toString()).toBe('');
    expect(() => p.range(5, 4)).toThrow(RangeError);
    expect(() => p.range(0, p.text.length + 1)).toThrow(RangeError);
  });

  it('spans table cells without the inserted separators', () => {
    const p = page('<table><tr><td>27</td><td>任务</td><td>年内</td></tr></table>');
    expect(p.text).toBe('27 | 任务 | 年内');
    expect(p.range(0, p.text.length)?.toString()).toBe('27任务年内');
    expect(p.range(2, 5)).toBeNull();
    expect(p.range(2, 7)?.toString()).toBe('任务');
    expect([...p.text].map((_, i) => p.inserted(i))).toEqual(
      [...'27 | 任务 | 年内'].map((c) => c === ' ' || c === '|'),
    );
  });

  it('returns null ranges when the DOM has no usable createRange', () => {
    const html = '<html><head></head><body><p>一二三</p></body></html>';
    const raw = new LinkedomParser().parseFromString(html, 'text/html') as unknown as Document;
    const p = extractBlocks(raw);
    expect(p.text).toBe('一二三');
    expect(p.range(0, 2)).toBeNull();
    expect(p.locate(1)?.offset).toBe(1);
    const doc = parseHtml(html);
    Object.defineProperty(doc, 'createRange', { value: undefined });
    expect(extractBlocks(doc).range(0, 2)).toBeNull();
  });

  // Pieces of paragraph text: CJK, Latin words, markers, punctuation, and every kind of whitespace.
  const words = [
    '一、',
    '（一）',
    '(二)',
    '切实',
    '转变',
    '廈門海關',
    '“提前申报”',
    '，',
    '。',
    'AEO',
    'single',
    'window',
    '5+2',
    'H986',
    'x',
  ];
  const spaces = [' ', '  ', '\n', '\t', '\u00a0', '\u3000', ' \n  ', '\u200b'];
  const run = fc
    .array(fc.oneof(fc.constantFrom(...words), fc.constantFrom(...spaces)), { minLength: 1, maxLength: 6 })
    .map((a) => a.join(''));
  const inline = fc.oneof(
    run.map((s) => escapeHtml(s)),
    fc
      .tuple(fc.constantFrom('b', 'span', 'a', 'font', 'strong', 'em'), run)
      .map(([t, s]) => `<${t}>${escapeHtml(s)}</${t}>`),
    fc.constant('<br>'),
  );
  const flowBlock = fc
    .tuple(fc.constantFrom('p', 'div', 'li', 'h3'), fc.array(inline, { minLength: 1, maxLength: 8 }))
    .map(([tag, parts]) =>
      tag === 'li' ? `<ul><li>${parts.join('')}</li></ul>` : `<${tag}>${parts.join('')}</${tag}>`,
    );
  const flowPage = fc
    .array(flowBlock, { minLength: 1, maxLength: 6 })
    .map((bs) => `<body>${bs.join('\n')}</body>`);

  it('property: a range over any block span normalises like the block span', () => {
    fc.assert(
      fc.property(flowPage, fc.nat(), fc.nat(), fc.nat(), (html, bi, x, y) => {
        const p = page(html);
        if (p.blocks.length === 0) return;
        const b = p.blocks[bi % p.blocks.length] as (typeof p.blocks)[number];
        const len = b.end - b.start;
        const s = b.start + Math.min(x % (len + 1), y % (len + 1));
        const e = b.start + Math.max(x % (len + 1), y % (len + 1));
        const r = p.range(s, e);
        if (s === e) {
          expect(r?.collapsed).toBe(true);
          return;
        }
        expect(r).not.toBeNull();
        expect(normalizeText(r?.toString() ?? '')).toBe(normalizeText(p.text.slice(s, e)));
      }),
      { numRuns: 300 },
    );
  });

  const cell = fc
    .array(
      fc.oneof(
        run.map((s) => escapeHtml(s)),
        fc.constant('<br>'),
        run.map((s) => `<p>${escapeHtml(s)}</p>`),
      ),
      {
        maxLength: 4,
      },
    )
    .map((parts) => `<td>${parts.join('')}</td>`);
  const tablePage = fc
    .array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 })
    .map((rows) => `<body><table>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</table></body>`);

  it('property: a range over any table-row span holds the span without inserted characters', () => {
    const squash = (s: string): string => normalizeText(s).replace(/ /g, '');
    fc.assert(
      fc.property(tablePage, fc.nat(), fc.nat(), fc.nat(), (html, bi, x, y) => {
        const p = page(html);
        if (p.blocks.length === 0) return;
        const b = p.blocks[bi % p.blocks.length] as (typeof p.blocks)[number];
        expect(b.kind).toBe('table-row');
        const len = b.end - b.start;
        const s = b.start + Math.min(x % (len + 1), y % (len + 1));
        const e = b.start + Math.max(x % (len + 1), y % (len + 1));
        let own = '';
        for (let i = s; i < e; i++) if (!p.inserted(i)) own += p.text[i];
        const r = p.range(s, e);
        if (own === '') return;
        expect(squash(r?.toString() ?? '')).toBe(squash(own));
      }),
      { numRuns: 200 },
    );
  });
});

describe('extractBlocks: bounded work', () => {
  it('has the documented default limits', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxTextNodes: 200_000,
      maxChars: 5_000_000,
      maxDepth: 5_000,
      maxElements: 1_000_000,
    });
  });

  it('stops at 200,000 text nodes on a huge page, quickly', { timeout: 30_000 }, () => {
    const html = `<body>${'<p>段<b>落</b></p>'.repeat(105_000)}</body>`;
    const doc = parseHtml(html);
    const t0 = performance.now();
    const p = extractBlocks(doc);
    const ms = performance.now() - t0;
    expect(p.truncated).toBe(true);
    expect(p.blocks.length).toBe(100_000);
    expect(p.blocks.every((b) => b.text === '段落')).toBe(true);
    expect(ms).toBeLessThan(5_000);
  });

  it('walks 5,000-deep nesting without recursion and skips what lies deeper', { timeout: 30_000 }, () => {
    // The walk starts at <html> (depth 0), <body> is depth 1: 4,990 divs stay within 5,000.
    const within = `<body>${'<div>'.repeat(4_990)}深处${'</div>'.repeat(4_990)}<p>之后</p></body>`;
    const a = page(within);
    expect(a.truncated).toBe(false);
    expect(a.blocks.map((b) => b.text)).toEqual(['深处', '之后']);
    expect(a.range(0, 2)?.toString()).toBe('深处');

    const deeper = `<body><p>之前</p>${'<div>'.repeat(6_000)}太深${'</div>'.repeat(6_000)}<p>之后</p></body>`;
    const t0 = performance.now();
    const b = page(deeper);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(b.truncated).toBe(true);
    expect(b.blocks.map((x) => x.text)).toEqual(['之前', '之后']);
  });

  it('stops at the character, text-node and element limits and keeps what it has', () => {
    const html = `<body>${'<p>一二三四五</p>'.repeat(20)}</body>`;
    const doc = parseHtml(html);
    const chars = extractBlocks(doc, { maxChars: 26 });
    expect(chars.truncated).toBe(true);
    expect(chars.text).toBe('一二三四五\n一二三四五\n一二三四五\n一二三四五\n一二');
    expect(chars.blocks.at(-1)?.text).toBe('一二');
    const nodes = extractBlocks(doc, { maxTextNodes: 3 });
    expect(nodes.truncated).toBe(true);
    expect(nodes.blocks).toHaveLength(3);
    const elements = extractBlocks(doc, { maxElements: 5 });
    expect(elements.truncated).toBe(true);
    expect(elements.blocks.length).toBeLessThan(5);
    expect(extractBlocks(doc).truncated).toBe(false);
  });
});

describe('textToBlocks', () => {
  it('makes one trimmed block per non-empty line, with offsets into the input', () => {
    const text = '  一、标题\r\n\r\n  (一)第一项。\n第二行\r\n   \n|a | b|\n';
    const p = textToBlocks(text);
    expect(p.text).toBe(text);
    expect(p.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['paragraph', '一、标题'],
      ['paragraph', '(一)第一项。'],
      ['paragraph', '第二行'],
      ['table-row', '|a | b|'],
    ]);
    for (const b of p.blocks) expect(text.slice(b.start, b.end)).toBe(b.text);
    expect(textToBlocks('')).toEqual({ text: '', blocks: [] });
  });

  it('gives each seed line as a block, indentation trimmed', () => {
    const text = seed('dalian-2023.txt');
    const p = textToBlocks(text);
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    expect(p.blocks).toHaveLength(lines.length);
    expect(p.blocks.filter((b) => /^\([一二三四五六七八九十]+\)/.test(b.text))).toHaveLength(43);
    for (const b of p.blocks) {
      expect(text.slice(b.start, b.end)).toBe(b.text);
      expect(b.text).toBe(b.text.trim());
    }
    const rows = textToBlocks(seed('changsha-2017.txt')).blocks.filter((b) => /^\d+ \| /.test(b.text));
    expect(rows).toHaveLength(31);
    expect(rows.every((b) => b.kind === 'table-row')).toBe(true);
  });
});

describe('seed fixture pages', () => {
  interface Expectation {
    docId: string | null;
    script: 'Hans' | 'Hant';
    source: string;
    measures: string[];
  }
  const expected = JSON.parse(fixture('expected.json')) as Record<string, Expectation>;
  const corpus = compileSeedsDir();
  const byId = new Map(corpus.measures.map((m) => [m.id, m]));
  const seedPages = Object.entries(expected).filter(([, e]) => e.docId !== null);

  /** Per document: the markers that start its measures, with the count the seed has. */
  const MARKERS: Record<string, { re: RegExp; count: number }[]> = {
    'xiamen-2008': [{ re: /^[一二三四五六七八九十]+、/, count: 15 }],
    'dalian-2023': [{ re: /^\([一二三四五六七八九十]+\)/, count: 43 }],
    'xiamen-2024': [{ re: /^\d+\./, count: 39 }],
    'zhejiang-2004': [{ re: /^\d+、/, count: 13 }],
    'changsha-2017': [
      { re: /^\([一二三四五六七八九十]+\)/, count: 14 },
      { re: /^\d+ \| /, count: 31 },
    ],
  };

  it('covers every seed document in both scripts, and the non-trade pages', () => {
    expect(seedPages).toHaveLength(10);
    for (const d of corpus.documents) {
      expect(expected[`${d.id}.hans.html`]?.docId).toBe(d.id);
      expect(expected[`${d.id}.hant.html`]?.docId).toBe(d.id);
      expect(expected[`${d.id}.hans.html`]?.measures).toEqual(
        corpus.measures.filter((m) => m.docId === d.id).map((m) => m.id),
      );
    }
    expect(Object.values(expected).filter((e) => e.docId === null).length).toBeGreaterThanOrEqual(3);
  });

  it.each(seedPages)('%s: as many blocks start with a measure marker as the seed has lines', (file, exp) => {
    const p = extractBlocks(parseHtml(fixture(file)));
    expect(p.truncated).toBe(false);
    const seedLines = seed(`${exp.docId}.txt`)
      .split('\n')
      .map((l) => l.trim());
    for (const { re, count } of MARKERS[exp.docId as string] ?? []) {
      expect(seedLines.filter((l) => re.test(l))).toHaveLength(count);
      expect(p.blocks.filter((b) => re.test(b.text))).toHaveLength(count);
    }
  });

  it.each(seedPages)('%s: every measure title is in a block, in page order', (file, exp) => {
    const p = extractBlocks(parseHtml(fixture(file)));
    const norm = p.blocks.map((b) => normalizeText(b.text));
    const doc = corpus.documents.find((d) => d.id === exp.docId);
    let from = 0;
    for (const id of exp.measures) {
      const m = byId.get(id) as Measure;
      const title = normalizeText(doc?.script === exp.script ? m.title : m.titleOther);
      const i = norm.findIndex((n, k) => k >= from && n.includes(title));
      expect(i, `${id} ${m.title}`).toBeGreaterThanOrEqual(0);
      const block = p.blocks[i];
      if (m.id.includes(':t')) expect(block?.text.startsWith(`${m.number} | `)).toBe(true);
      else if (m.number) expect(block?.text.startsWith(m.number)).toBe(true);
      from = i;
    }
  });

  it.each(seedPages)('%s: site chrome is read, navigation and hidden parts are not', (file) => {
    const p = extractBlocks(parseHtml(fixture(file)));
    const text = normalizeText(p.text);
    expect(text).toContain(normalizeText('首页 > 政务公开 >'));
    expect(text).toContain(normalizeText('主办单位'));
    for (const hidden of [
      '互动交流',
      '分享到',
      '无障碍浏览',
      '您的浏览器不支持',
      '_hmt',
      '★',
      'font-family',
    ]) {
      expect(text).not.toContain(normalizeText(hidden));
    }
  });

  it("reads Changsha's task table rows like the seed's rows", () => {
    const p = extractBlocks(parseHtml(fixture('changsha-2017.hans.html')));
    const rows = new Set(p.blocks.filter((b) => b.kind === 'table-row').map((b) => b.text));
    const seedRows = seed('changsha-2017.txt')
      .split('\n')
      .filter((l) => /^\d+ \| |^序号 \|/.test(l))
      .map((l) => l.replace(/\s*\|\s*$/, ''));
    expect(seedRows).toHaveLength(32);
    for (const row of seedRows) expect(rows).toContain(row);
    expect(rows).toContain(
      '27 | 在黄花机场等重点口岸推行“5+2”工作制,在其他现场继续推行预约加班,满足企业进出口通关需求,减少进出口货物监管场所仓储时间,提高进出口物流速度,减少企业进出口仓储成本,提高通关监管综合效能。 | 年内 | 改革办 监管通关处 | 黄花机场办 各业务现场',
    );
  });

  it.each(Object.entries(expected).filter(([, e]) => e.docId === null))(
    '%s: hand-written page has site chrome and numbered items',
    (file) => {
      const p = extractBlocks(parseHtml(fixture(file)));
      const text = normalizeText(p.text);
      expect(text).toContain(normalizeText('首页 > 政务公开 > 通知公告'));
      expect(text).not.toContain(normalizeText('互动交流'));
      expect(p.blocks.some((b) => /^[一二三四五六七八九十]+、/.test(b.text))).toBe(true);
    },
  );
});

afterEach(() => {
  delete (globalThis as { getComputedStyle?: unknown }).getComputedStyle;
});
