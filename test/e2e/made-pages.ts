/**
 * Pages the browser tests make up on the fly (served under `/_e2e/` by `pages-server.ts`), shared
 * by the Chromium suite (`layer-pages.test.ts`) and the Firefox suite (`test/e2e-firefox/`): a
 * notice that arrives late, a ticking counter, a page that breaks its builtins, pages that remove
 * or claim the layer's host element.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Corpus, Measure } from '../../lib/corpus/types.ts';
import { HOST_TAG } from '../../lib/layer/host.ts';
import { PAGES_DIR } from './pages-server.ts';

/** A government host name per seed document (any `*.gov.cn` name reaches the local server). */
export const HOSTS: Record<string, string> = {
  'xiamen-2008': 'xiamen.customs.gov.cn',
  'dalian-2023': 'dalian.customs.gov.cn',
  'xiamen-2024': 'www.xm.gov.cn',
  'zhejiang-2004': 'www.zj.gov.cn',
  'changsha-2017': 'changsha.customs.gov.cn',
};

/** A measure paragraph as the fixture pages print it: number then text. */
export function paragraph(m: Measure): string {
  return `${m.number ?? ''}${m.text}`;
}

/** A value to put inside an inline `<script>` (JSON, with `<` escaped so `</script>` cannot occur). */
export function scriptLiteral(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The Dalian page with `head` inserted after its `<meta charset>` and `body` before `</body>`. */
export function dalianWith(head: string, body: string): string {
  const page = readFileSync(join(PAGES_DIR, 'dalian-2023.hans.html'), 'utf8');
  const meta = '<meta charset="utf-8">';
  if (!page.includes(meta) || !page.includes('</body>'))
    throw new Error('dalian-2023.hans.html changed shape');
  return page.replace(meta, () => `${meta}\n${head}`).replace('</body>', () => `${body}\n</body>`);
}

/**
 * The page script of the hostile page: runs in the page's main world, in `<head>`, before the
 * content script (document_end), and breaks the builtins a content script might lean on. The
 * layer lives in the extension's isolated world, which has its own builtins and DOM wrappers.
 */
export const HOSTILE_SCRIPT = `<script>
(() => {
  const boom = (what) => function () { throw new Error('hostile page: ' + what); };
  Array.prototype.map = boom('Array.prototype.map');
  Array.prototype.filter = function () { return 'garbage'; };
  Array.prototype.forEach = boom('Array.prototype.forEach');
  JSON.stringify = function () { return '{"garbage":'; };
  JSON.parse = boom('JSON.parse');
  Node.prototype.appendChild = function () { return null; };
  Node.prototype.insertBefore = boom('Node.prototype.insertBefore');
  Element.prototype.attachShadow = boom('Element.prototype.attachShadow');
  Element.prototype.getBoundingClientRect = function () { return { top: NaN, left: NaN, width: -1, height: -1 }; };
  history.pushState = boom('history.pushState');
  history.replaceState = function () { return 'garbage'; };
  window.MutationObserver = boom('MutationObserver');
  window.requestAnimationFrame = function () { return -1; };
  Object.defineProperty(Node.prototype, 'textContent', { get() { return 'garbage'; }, configurable: true });
  window.__hostile = 'armed';
})();
</script>`;

/** The made-up pages (paths under `/_e2e/`), or null for any other path. */
export function e2ePage(path: string, corpus: Corpus): string | null {
  const dalian = corpus.measures.filter((m) => m.docId === 'dalian-2023').map(paragraph);
  if (path === '/_e2e/late-notice.html') {
    // The notice arrives 1 s after load: the 43 Dalian measures, one paragraph each.
    return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>通知公告 - 中华人民共和国大连海关</title></head>
<body><header><strong>中华人民共和国大连海关</strong></header>
<main><article id="content"><h1>大连海关优化口岸营商环境 促进外贸提质增效惠企措施</h1><p id="loading">正文加载中，请稍候。</p></article></main>
<footer><p>主办单位：大连海关</p></footer>
<script>
  window.__inserted = false;
  const texts = ${scriptLiteral(dalian)};
  window.addEventListener('load', () => {
    setTimeout(() => {
      const content = document.getElementById('content');
      for (const text of texts) {
        const p = document.createElement('p');
        p.textContent = text;
        content.appendChild(p);
      }
      window.__inserted = true;
    }, 1000);
  });
</script></body></html>`;
  }
  if (path === '/_e2e/ticking-counter.html') {
    // The Dalian notice with a visible counter that changes every 10 ms for 5 s.
    return dalianWith(
      '',
      `<div class="visits">本页已刷新 <span id="counter">0</span> 次</div>
<script>
  (() => {
    const counter = document.getElementById('counter');
    const start = performance.now();
    let n = 0;
    window.__ticks = 0;
    const id = setInterval(() => {
      counter.textContent = String(++n);
      window.__ticks = n;
      if (performance.now() - start >= 5000) {
        clearInterval(id);
        window.__tickingDone = true;
      }
    }, 10);
  })();
</script>`,
    );
  }
  if (path === '/_e2e/hostile.html') return dalianWith(HOSTILE_SCRIPT, '');
  if (path === '/_e2e/removes-host.html') {
    // An "anti-injection" script: removes the layer's host whenever it appears under <html>.
    return dalianWith(
      `<script>
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('${HOST_TAG}')) el.remove();
  }).observe(document.documentElement, { childList: true });
</script>`,
      '',
    );
  }
  if (path === '/_e2e/defines-host.html') {
    // The page claims the host's tag name, as a custom element that may not have a shadow root.
    return dalianWith(
      `<script>
  customElements.define('${HOST_TAG}', class extends HTMLElement { static disabledFeatures = ['shadow']; });
</script>`,
      '',
    );
  }
  return null;
}
