/**
 * The Markdown step of note rendering, in Node. The sanitising step (DOMPurify) needs a real DOM
 * and is tested in Chromium, where notes are rendered (test/e2e/sidepanel.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { noteHtml } from '../../lib/note/render.ts';

describe('noteHtml (markdown-it, raw HTML off, http(s) links only)', () => {
  it('renders Markdown', () => {
    expect(noteHtml('**要点**：见 [公告](https://www.customs.gov.cn/a.html)')).toBe(
      '<p><strong>要点</strong>：见 <a href="https://www.customs.gov.cn/a.html">公告</a></p>\n',
    );
  });

  it('keeps raw HTML as text', () => {
    const html = noteHtml('<script>alert(1)</script><img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<b>x</b>',
    'file:///etc/passwd',
    '/relative',
    'chrome://settings',
  ])('does not link %s', (url) => {
    expect(noteHtml(`[x](${url})`)).not.toContain('<a ');
  });

  it('links bare http(s) URLs', () => {
    expect(noteHtml('见 https://www.customs.gov.cn/ 。')).toContain('<a href="https://www.customs.gov.cn/">');
  });
});
