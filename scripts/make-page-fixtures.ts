/**
 * Writes the seed fixture pages in `test/fixtures/pages/`: for each of the five seed documents a
 * government-style HTML page in its own script and the same page converted to the other script,
 * plus `expected.json` (each page's corpus measure ids in page order).
 *
 *   npx tsx scripts/make-page-fixtures.ts
 *
 * Why generated: the matching tests need pages that look like the sites the extension meets (site
 * chrome, breadcrumbs, sidebars, footers, and markup that differs from site to site) while their
 * article text is exactly the seed text, so that every measure has a known place on the page.
 * Hand-editing ten pages of 15–40 kB would drift from the seeds; this script cannot.
 *
 * Output is deterministic: no dates, no randomness, OpenCC's fixed tables. The markup differs by
 * page, on purpose, as real government sites do:
 * - xiamen-2008: an old table layout; `<p>` split into `<span>`/`<font>` fragments, with line
 *   breaks in the source between some of them;
 * - dalian-2023: HTML5 layout; the title sentence of each measure in `<strong>`;
 * - xiamen-2024: `<p>` indented with two ideographic spaces (U+3000); a `role="navigation"` menu;
 * - zhejiang-2004: the whole article in one `<div>`, lines separated by `<br>`, `&nbsp;` indents;
 * - changsha-2017: `text-indent` paragraphs and the task list as a real `<table>` (header row,
 *   `colspan=5` group rows, five cells per task, `<br>` between agencies, `<p>` in task cells).
 * Script conversion uses the full opencc-js (cn→tw, tw→cn, the converters the corpus uses for
 * `titleOther`/`textOther`) on the text content only: markup, class names and URLs are untouched.
 * HTML is built as strings with every text and attribute value escaped (& < > " ').
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { compileSeedsDir, SEEDS_DIR } from '../lib/corpus/node.ts';
import type { CorpusDocument, Measure, Script } from '../lib/corpus/types.ts';

const OUT_DIR = fileURLToPath(new URL('../test/fixtures/pages/', import.meta.url));

// ---------------------------------------------------------------------------------------------
// A tiny HTML tree: text remembers its script, so the whole page can be converted at render time.

interface TextNode {
  type: 'text';
  text: string;
  script: Script;
}

/** Script or style source: written verbatim (ASCII only, checked). */
interface RawNode {
  type: 'raw';
  text: string;
}

interface ElementNode {
  type: 'el';
  tag: string;
  attrs: [string, string][];
  children: Child[];
}

type Child = TextNode | RawNode | ElementNode;
type ChildArg = Child | string | null | undefined | false | ChildArg[];

/** Text in a given script. Plain strings passed to `h` are Simplified (the site chrome). */
function t(text: string, script: Script = 'Hans'): TextNode {
  return { type: 'text', text, script };
}

function raw(text: string): RawNode {
  if (!/^[\x20-\x7e\n]*$/.test(text) || text.includes('</'))
    throw new Error(`raw text must be plain ASCII: ${text}`);
  return { type: 'raw', text };
}

function flatten(args: ChildArg[], out: Child[]): Child[] {
  for (const a of args) {
    if (a === null || a === undefined || a === false) continue;
    if (Array.isArray(a)) flatten(a, out);
    else if (typeof a === 'string') out.push(t(a));
    else out.push(a);
  }
  return out;
}

/** An element: `h('p', { class: 'x' }, 'text', h('b', null, 'bold'))`. */
function h(tag: string, attrs: Record<string, string> | null, ...children: ChildArg[]): ElementNode {
  return { type: 'el', tag, attrs: Object.entries(attrs ?? {}), children: flatten(children, []) };
}

const VOID = new Set(['meta', 'link', 'br', 'img', 'input', 'hr']);
/** Elements rendered on their own line when all their children are such elements too. */
const BLOCKY = new Set([
  'html',
  'head',
  'body',
  'meta',
  'title',
  'link',
  'style',
  'script',
  'noscript',
  'div',
  'header',
  'nav',
  'main',
  'aside',
  'footer',
  'article',
  'section',
  'ul',
  'ol',
  'li',
  'p',
  'h1',
  'h2',
  'h3',
  'table',
  'tbody',
  'thead',
  'tr',
  'td',
  'th',
  'form',
]);
/** Attributes whose values are human-readable text and get converted with the page. */
const TEXT_ATTRS = new Set(['title', 'alt', 'placeholder', 'aria-label']);

/** Escapes text or an attribute value; NBSP is written as `&nbsp;`, as CMS editors do. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"'\u00a0]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&#39;';
      default:
        return '&nbsp;';
    }
  });
}

const toHant = OpenCC.Converter({ from: 'cn', to: 'tw' });
const toHans = OpenCC.Converter({ from: 'tw', to: 'cn' });

function convert(text: string, from: Script, to: Script): string {
  if (from === to) return text;
  return to === 'Hant' ? toHant(text) : toHans(text);
}

function render(node: Child, target: Script, indent: string): string {
  if (node.type === 'text') return escapeHtml(convert(node.text, node.script, target));
  if (node.type === 'raw') return node.text;
  const attrs = node.attrs
    .map(([k, v]) => ` ${k}="${escapeHtml(TEXT_ATTRS.has(k) ? convert(v, 'Hans', target) : v)}"`)
    .join('');
  const open = `<${node.tag}${attrs}>`;
  if (VOID.has(node.tag)) return open;
  const blockChildren =
    node.children.length > 0 && node.children.every((c) => c.type === 'el' && BLOCKY.has(c.tag));
  if (blockChildren) {
    const inner = indent + '  ';
    const body = node.children.map((c) => `\n${inner}${render(c, target, inner)}`).join('');
    return `${open}${body}\n${indent}</${node.tag}>`;
  }
  return `${open}${node.children.map((c) => render(c, target, indent)).join('')}</${node.tag}>`;
}

function renderPage(page: ElementNode, target: Script): string {
  return `<!DOCTYPE html>\n${render(page, target, '')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Site chrome.

interface Site {
  /** Logo text. */
  name: string;
  /** The line under the logo. */
  tagline: string;
  /** Main menu (6+ items). */
  nav: string[];
  /** Breadcrumb trail after 当前位置. */
  crumbs: string[];
  sidebarTitle: string;
  /** Related links in the sidebar (no measure text, no numbering). */
  links: string[];
  /** Footer lines. */
  footer: string[];
  /** Layout family. */
  layout: 'table' | 'html5' | 'div';
}

interface Article {
  title: TextNode;
  /** The date/source line's date and source. */
  date: string;
  source: TextNode;
  body: Child[];
}

const SEARCH = (): ElementNode =>
  h(
    'form',
    { class: 'search', action: '#' },
    h('input', { type: 'text', name: 'q', placeholder: '请输入关键字' }),
    h('button', { type: 'submit' }, '搜索'),
  );

const SCRIPTS = (): ElementNode[] => [
  h('script', null, raw('var _hmt = _hmt || []; (function () { var s = "stat"; _hmt.push(s); })();')),
  h('noscript', null, '您的浏览器不支持JavaScript，部分功能无法使用。'),
];

const SHARE = (): ElementNode =>
  h(
    'div',
    { class: 'share', style: 'display:none' },
    '分享到：',
    h('a', { href: '#' }, '微信'),
    h('a', { href: '#' }, '微博'),
  );

function infoLine(a: Article): ElementNode {
  return h(
    'div',
    { class: 'info' },
    h('span', null, '发布时间：', a.date),
    '\u00a0\u00a0',
    h('span', null, '来源：', a.source),
    '\u00a0\u00a0',
    h(
      'span',
      { class: 'fontsize' },
      '字号：',
      h('a', { href: '#' }, '大'),
      ' ',
      h('a', { href: '#' }, '中'),
      ' ',
      h('a', { href: '#' }, '小'),
    ),
    '\u00a0\u00a0',
    h('a', { href: 'javascript:window.print()' }, '【打印本页】'),
    ' ',
    h('a', { href: 'javascript:window.close()' }, '【关闭窗口】'),
  );
}

function crumbs(site: Site): ElementNode {
  const parts: ChildArg[] = ['当前位置：'];
  site.crumbs.forEach((c, i) => {
    if (i > 0) parts.push(' > ');
    parts.push(h('a', { href: '#' }, c));
  });
  return h('div', { class: 'crumbs' }, parts);
}

function sidebar(site: Site): ElementNode {
  return h(
    site.layout === 'html5' ? 'aside' : 'div',
    { class: 'sidebar' },
    h('h3', { class: 'side-title' }, site.sidebarTitle),
    h(
      'ul',
      { class: 'related' },
      site.links.map((l) => h('li', null, h('a', { href: '#', title: l }, l))),
    ),
  );
}

function footer(site: Site): ElementNode {
  return h(
    site.layout === 'html5' ? 'footer' : 'div',
    { class: 'footer' },
    site.footer.map((line) => h('p', null, line)),
  );
}

function navMenu(site: Site): ElementNode {
  const items = site.nav.map((n) => h('li', null, h('a', { href: '#' }, n)));
  if (site.layout === 'div') return h('div', { class: 'menu', role: 'navigation' }, h('ul', null, items));
  return h('nav', { class: 'menu' }, h('ul', null, items));
}

function header(site: Site): ElementNode {
  return h(
    site.layout === 'html5' ? 'header' : 'div',
    { class: 'header' },
    h(
      'div',
      { class: 'logo' },
      h('span', { class: 'icon-emblem', 'aria-hidden': 'true' }, '\u2605'),
      h('strong', null, site.name),
      h('div', { class: 'tagline' }, site.tagline),
    ),
    h('div', { class: 'toolbar', hidden: '' }, '无障碍浏览 长者模式 English'),
    SEARCH(),
    navMenu(site),
  );
}

function articleBlock(site: Site, a: Article): ElementNode {
  return h(
    site.layout === 'html5' ? 'article' : 'div',
    { class: 'article' },
    h('h1', { class: 'title' }, a.title),
    infoLine(a),
    SHARE(),
    h('div', { class: 'content', id: 'zoom' }, a.body),
  );
}

function page(site: Site, a: Article, lang: Script): ElementNode {
  const head = h(
    'head',
    null,
    h('meta', { charset: 'utf-8' }),
    h('title', null, a.title, ' - ', site.name),
    h('style', null, raw('body { font-family: sans-serif; } .content p { line-height: 2; }')),
  );
  let main: ElementNode;
  if (site.layout === 'table') {
    main = h(
      'table',
      { class: 'layout', width: '1000', align: 'center' },
      h(
        'tbody',
        null,
        h(
          'tr',
          null,
          h('td', { class: 'left', width: '240', valign: 'top' }, sidebar(site)),
          h('td', { class: 'right', valign: 'top' }, crumbs(site), articleBlock(site, a)),
        ),
      ),
    );
  } else if (site.layout === 'html5') {
    main = h('main', { class: 'container' }, crumbs(site), articleBlock(site, a), sidebar(site));
  } else {
    main = h(
      'div',
      { class: 'container' },
      crumbs(site),
      h('div', { class: 'main-left' }, articleBlock(site, a)),
      h('div', { class: 'main-right' }, sidebar(site)),
    );
  }
  return h(
    'html',
    { lang: lang === 'Hans' ? 'zh-CN' : 'zh-TW' },
    head,
    h('body', null, header(site), main, footer(site), SCRIPTS()),
  );
}

// ---------------------------------------------------------------------------------------------
// Seed text → article bodies.

const CN_MARKER = /^[一二三四五六七八九十]+、/;
const PAREN_CN_MARKER = /^[(（][一二三四五六七八九十]+[)）]/;
const ARABIC_MARKER = /^\d+[.、．]/;

function isMarked(line: string): boolean {
  return CN_MARKER.test(line) || PAREN_CN_MARKER.test(line) || ARABIC_MARKER.test(line);
}

/** The seed's non-empty lines, trimmed. */
function seedLines(doc: CorpusDocument): string[] {
  return readFileSync(join(SEEDS_DIR, doc.file), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/**
 * Joins a line the seed wrapped in the middle of a sentence (Changsha's 总体思路 breaks "确/保"):
 * a long line ending in an ideograph, followed by an unnumbered line. A web page would not break
 * there.
 */
function joinWrapped(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    if (
      prev !== undefined &&
      prev.length > 40 &&
      /[\u4e00-\u9fff]$/.test(prev) &&
      !isMarked(line) &&
      !line.includes('|')
    ) {
      out[out.length - 1] = prev + line;
    } else {
      out.push(line);
    }
  }
  return out;
}

/** Splits text after clause punctuation, keeping it with the clause: fragments for inline markup. */
function clauses(text: string): string[] {
  return text.match(/[^，,；;。：:]+[，,；;。：:]?/g) ?? [text];
}

/** Xiamen 2008: `<p>` built from `<span>` and `<font>` fragments, as an old WYSIWYG editor leaves it. */
function xiamen2008Body(doc: CorpusDocument): Child[] {
  const s = doc.script;
  const lines = seedLines(doc);
  const body: Child[] = [];
  // The first two lines are the document's own two-line title.
  body.push(
    h('p', { align: 'center' }, h('font', { size: '4' }, h('b', null, t(lines[0] as string, s)))),
    h('p', { align: 'center' }, h('font', { size: '4' }, h('b', null, t(lines[1] as string, s)))),
  );
  lines.slice(2).forEach((line, li) => {
    const m = CN_MARKER.exec(line);
    const marker = m ? m[0] : '';
    const rest = line.slice(marker.length);
    const frags: ChildArg[] = [];
    if (marker) frags.push(h('span', { style: 'font-family:黑体' }, t(marker, s)));
    clauses(rest).forEach((c, i) => {
      const k = (i + li) % 4;
      // A line break in the source between some fragments: whitespace a browser collapses.
      const text = i > 0 && k === 3 ? `\n${c}` : c;
      if (k === 0) frags.push(h('span', { style: 'font-family:仿宋_GB2312;font-size:16pt' }, t(text, s)));
      else if (k === 1) frags.push(h('font', { face: '仿宋_GB2312', size: '3' }, t(text, s)));
      else if (k === 2) frags.push(t(text, s));
      else frags.push(h('span', { lang: 'EN-US' }, h('font', { face: '仿宋_GB2312' }, t(text, s))));
    });
    body.push(h('p', { class: 'MsoNormal', style: 'text-indent:32pt' }, frags));
  });
  return body;
}

/** Dalian 2023: groups as headings, each measure's title sentence in `<strong>`. */
function dalian2023Body(doc: CorpusDocument, measures: Measure[]): Child[] {
  const s = doc.script;
  const byNumber = new Map(measures.map((m) => [m.number, m]));
  return seedLines(doc).map((line) => {
    if (CN_MARKER.test(line)) return h('h3', { class: 'group' }, t(line, s));
    const m = PAREN_CN_MARKER.exec(line);
    if (m) {
      const measure = byNumber.get(m[0]);
      const rest = line.slice(m[0].length);
      const title =
        measure && rest.startsWith(measure.title) ? measure.title : (/^[^。]*。/.exec(rest)?.[0] ?? rest);
      return h('p', null, h('strong', null, t(m[0] + title, s)), t(rest.slice(title.length), s));
    }
    if (line.startsWith('附件')) {
      const [label, name] = line.split(/:(.*)/s);
      return h('p', null, t(`${label}:`, s), h('a', { href: '#' }, t(name ?? '', s)));
    }
    return h('p', null, t(line, s));
  });
}

/** Xiamen 2024: every paragraph indented with two full-width spaces; letterhead lines aligned. */
function xiamen2024Body(doc: CorpusDocument): Child[] {
  const s = doc.script;
  const lines = seedLines(doc);
  return lines.map((line, i) => {
    if (i === 0) return h('p', null, t(line, s));
    if (/^廈門市人民政府辦公廳$|^\d{4}年\d+月\d+日$/.test(line)) {
      return h('p', { style: 'text-align:right' }, t(line, s));
    }
    if (line === doc.title) return h('p', { style: 'text-align:center' }, h('strong', null, t(line, s)));
    return h('p', null, t(`\u3000\u3000${line}`, s));
  });
}

/** Zhejiang 2004: one `<div>`, lines separated by `<br>`, indented with `&nbsp;`, groups in bold. */
function zhejiang2004Body(doc: CorpusDocument): Child[] {
  const s = doc.script;
  const parts: ChildArg[] = [];
  seedLines(doc).forEach((line, i) => {
    if (i > 0) parts.push(h('br', null), t('\n', s));
    parts.push(t('\u00a0\u00a0\u00a0\u00a0', s));
    parts.push(CN_MARKER.test(line) ? h('b', null, t(line, s)) : t(line, s));
  });
  return [h('div', { class: 'TRS_Editor' }, parts)];
}

/** Changsha 2017: `text-indent` paragraphs, then the task list as a `<table>`. */
function changsha2017Body(doc: CorpusDocument): Child[] {
  const s = doc.script;
  const lines = joinWrapped(seedLines(doc));
  const tableAt = lines.findIndex((l) => l.startsWith('序号 |'));
  const body: Child[] = [];
  for (const line of lines.slice(0, tableAt)) {
    if (CN_MARKER.test(line)) body.push(h('p', { style: 'text-indent:2em' }, h('b', null, t(line, s))));
    else if (/^\d{4}年\d+月\d+日$/.test(line)) body.push(h('p', { style: 'text-align:right' }, t(line, s)));
    else if (line === '附件') body.push(h('p', null, t(line, s)));
    else if (line.endsWith('分解表'))
      body.push(h('p', { style: 'text-align:center' }, h('b', null, t(line, s))));
    else body.push(h('p', { style: 'text-indent:2em' }, t(line, s)));
  }
  // Rows: cells split on '|'; a row with fewer than five cells continues on the next line.
  const rows: string[][] = [];
  let pending: string[] = [];
  for (const line of lines.slice(tableAt)) {
    const cells = line.split('|').map((c) => c.trim());
    if (line.trimEnd().endsWith('|')) cells.pop();
    pending.push(...cells);
    if (pending.length >= 5) {
      rows.push(pending);
      pending = [];
    }
  }
  if (pending.length > 0) throw new Error(`changsha table: unfinished row ${pending.join('|')}`);
  const agencies = (cell: string): ChildArg[] =>
    cell.split(' ').flatMap((a, i) => (i > 0 ? [h('br', null), t(a, s)] : [t(a, s)]));
  const trs = rows.map((cells, i) => {
    if (i === 0)
      return h(
        'tr',
        { class: 'head' },
        cells.map((c) => h('th', null, t(c, s))),
      );
    if (cells.slice(1).every((c) => c === '')) {
      return h('tr', { class: 'group' }, h('td', { colspan: '5' }, h('b', null, t(cells[0] as string, s))));
    }
    if (cells.length !== 5)
      throw new Error(`changsha table: row with ${cells.length} cells: ${cells.join('|')}`);
    const [num, task, due, lead, co] = cells as [string, string, string, string, string];
    return h(
      'tr',
      null,
      h('td', { align: 'center' }, t(num, s)),
      h('td', null, h('p', { class: 'MsoNormal' }, t(task, s))),
      h('td', { align: 'center' }, t(due, s)),
      h('td', null, agencies(lead)),
      h('td', null, co === '' ? [] : agencies(co)),
    );
  });
  body.push(
    h(
      'table',
      { class: 'MsoNormalTable', border: '1', cellspacing: '0', cellpadding: '4', width: '100%' },
      h('tbody', null, trs),
    ),
  );
  return body;
}

// ---------------------------------------------------------------------------------------------
// The five pages.

const COMMON_LINKS = ['政府信息公开指南', '政府信息公开年度报告', '依申请公开办理流程', '政务服务事项清单'];

function siteFor(doc: CorpusDocument): Site {
  switch (doc.id) {
    case 'xiamen-2008':
      return {
        name: '中华人民共和国厦门海关',
        tagline: 'Xiamen Customs District P.R.China',
        nav: ['首页', '海关概况', '政务公开', '办事服务', '互动交流', '统计数据', '专题专栏'],
        crumbs: ['首页', '政务公开', '通知公告'],
        sidebarTitle: '相关链接',
        links: ['关于调整业务现场办公时间的公告', '报关员资格全国统一考试报名须知', ...COMMON_LINKS],
        footer: [
          '主办单位：厦门海关　承办单位：厦门海关办公室',
          '地址：厦门市东港北路（示例地址）　联系电话：0592-0000000',
          '网站标识码：bm28000000　闽ICP备00000000号',
        ],
        layout: 'table',
      };
    case 'dalian-2023':
      return {
        name: '中华人民共和国大连海关',
        tagline: 'Dalian Customs District P.R.China',
        nav: ['首页', '关区概况', '政务公开', '办事服务', '互动交流', '新闻发布', '数据发布', '专题专栏'],
        crumbs: ['首页', '政务公开', '通知公告'],
        sidebarTitle: '相关文件',
        links: ['海关行政审批事项服务指南', '12360海关热线服务说明', ...COMMON_LINKS],
        footer: [
          '主办单位：大连海关　版权所有：大连海关',
          '联系电话：0411-00000000　地址：大连市中山区（示例地址）',
          '网站标识码：bm28000001　辽ICP备00000001号　辽公网安备00000000000001号',
        ],
        layout: 'html5',
      };
    case 'xiamen-2024':
      return {
        name: '厦门市人民政府',
        tagline: 'www.xm.gov.cn',
        nav: ['首页', '政务公开', '政务服务', '互动交流', '走进厦门', '数据开放', '专题专栏'],
        crumbs: ['首页', '政务公开', '政府文件', '市政府办公厅文件'],
        sidebarTitle: '相关阅读',
        links: [
          '厦门市人民政府办公厅关于印发年度重点工作的通知',
          '政策解读：一图读懂年度工作方案',
          ...COMMON_LINKS,
        ],
        footer: [
          '主办单位：厦门市人民政府办公厅　承办单位：厦门市大数据中心（示例）',
          '联系电话：0592-0000000　地址：厦门市湖滨北路（示例地址）',
          '网站标识码：3502000000　闽ICP备00000002号　闽公网安备00000000000002号',
        ],
        layout: 'div',
      };
    case 'zhejiang-2004':
      return {
        name: '浙江省口岸网',
        tagline: '浙江省人民政府口岸办公室',
        nav: ['首页', '口岸动态', '政务公开', '办事服务', '互动交流', '大通关', '口岸统计'],
        crumbs: ['首页', '政务公开', '通知公告'],
        sidebarTitle: '相关链接',
        links: ['口岸开放工作简报', '口岸查验单位联系方式', ...COMMON_LINKS],
        footer: [
          '主办单位：浙江省人民政府口岸办公室',
          '联系电话：0571-00000000　地址：杭州市（示例地址）',
          '网站标识码：3300000000　浙ICP备00000003号',
        ],
        layout: 'div',
      };
    case 'changsha-2017':
      return {
        name: '中华人民共和国长沙海关',
        tagline: 'Changsha Customs District P.R.China',
        nav: ['首页', '关区概况', '政务公开', '办事服务', '互动交流', '统计数据', '专题专栏'],
        crumbs: ['首页', '政务公开', '通知公告'],
        sidebarTitle: '相关链接',
        links: ['长沙海关业务现场联系电话', '进出口企业常见问题解答', ...COMMON_LINKS],
        footer: [
          '主办单位：长沙海关　承办单位：长沙海关办公室',
          '联系电话：0731-00000000　地址：长沙市（示例地址）',
          '网站标识码：bm28000002　湘ICP备00000004号',
        ],
        layout: 'div',
      };
    default:
      throw new Error(`no site for ${doc.id}`);
  }
}

function bodyFor(doc: CorpusDocument, measures: Measure[]): Child[] {
  switch (doc.id) {
    case 'xiamen-2008':
      return xiamen2008Body(doc);
    case 'dalian-2023':
      return dalian2023Body(doc, measures);
    case 'xiamen-2024':
      return xiamen2024Body(doc);
    case 'zhejiang-2004':
      return zhejiang2004Body(doc);
    case 'changsha-2017':
      return changsha2017Body(doc);
    default:
      throw new Error(`no body for ${doc.id}`);
  }
}

/** One entry of `expected.json`. */
interface Expectation {
  /** Seed document id, or null for a non-trade page. */
  docId: string | null;
  /** Script of the page's text. */
  script: Script;
  /** How the page was made. */
  source: 'generated' | 'converted' | 'hand-written';
  /** Corpus measure ids in the order they appear on the page. */
  measures: string[];
}

/** The hand-written non-trade pages: listed so tests can check that nothing is recognised there. */
const NON_TRADE = [
  'non-trade-education.html',
  'non-trade-employment.html',
  'non-trade-health.html',
  'non-trade-traffic.html',
];

function main(): void {
  const corpus = compileSeedsDir();
  mkdirSync(OUT_DIR, { recursive: true });
  const expected: Record<string, Expectation> = {};
  for (const doc of corpus.documents) {
    const measures = corpus.measures.filter((m) => m.docId === doc.id);
    const site = siteFor(doc);
    const article: Article = {
      title: t(doc.title, doc.script),
      date: doc.date,
      source: t(doc.issuer, doc.script),
      body: bodyFor(doc, measures),
    };
    for (const target of ['Hans', 'Hant'] as const) {
      const file = `${doc.id}.${target.toLowerCase()}.html`;
      writeFileSync(join(OUT_DIR, file), renderPage(page(site, article, target), target));
      expected[file] = {
        docId: doc.id,
        script: target,
        source: target === doc.script ? 'generated' : 'converted',
        measures: measures.map((m) => m.id),
      };
    }
  }
  for (const file of NON_TRADE)
    expected[file] = { docId: null, script: 'Hans', source: 'hand-written', measures: [] };
  writeFileSync(join(OUT_DIR, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  console.log(
    `wrote ${Object.keys(expected).length - NON_TRADE.length} pages and expected.json to ${OUT_DIR}`,
  );
}

main();
