/**
 * The overlay's hosts in Node (linkedom): the main host and the lead host ("skip to measures") go
 * after the page's body under `<html>`, the body itself is left as it was, and both come back
 * together when the page removes them. The order of focus they give is a browser's matter and is
 * tested in Chromium (test/e2e/keyboard.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createOverlayHost, HOST_TAG, LEAD_TAG, removeStaleHosts } from '../../lib/layer/host.ts';
import { parseHtml } from '../../lib/page/parse-html.ts';

const PAGE = '<html><head><title>t</title></head><body><a href="#a">A</a><p>页面</p></body></html>';

const children = (doc: Document): string[] =>
  Array.from(doc.documentElement.children, (c) => c.localName.toLowerCase());

describe('createOverlayHost', () => {
  it('appends the lead host, then the main host, after the body, which it leaves untouched', () => {
    const doc = parseHtml(PAGE);
    // Reading the markup to compare it later; nothing is written through innerHTML.
    // eslint-disable-next-line no-restricted-properties
    const before = doc.body.innerHTML;
    const o = createOverlayHost(doc, '.x { color: red }');
    expect(children(doc)).toEqual(['head', 'body', LEAD_TAG, HOST_TAG]);
    // eslint-disable-next-line no-restricted-properties
    expect(doc.body.innerHTML).toBe(before);
    // The lead host comes first in the order of focus (a positive tabindex); the main one does not.
    expect(o.lead.getAttribute('tabindex')).toBe('1');
    expect(o.host.hasAttribute('tabindex')).toBe(false);
    expect(o.placed()).toBe(true);
  });

  it('knows its own nodes, in either shadow root, and no page node', () => {
    const doc = parseHtml(PAGE);
    const o = createOverlayHost(doc, '');
    const inMain = doc.createElement('button');
    const inLead = doc.createElement('button');
    o.shadow.appendChild(inMain);
    o.leadShadow.appendChild(inLead);
    expect(o.contains(inMain)).toBe(true);
    expect(o.contains(inLead)).toBe(true);
    expect(o.contains(o.lead)).toBe(true);
    expect(o.contains(doc.body)).toBe(false);
    expect(o.contains(doc.querySelector('a') as Node)).toBe(false);
  });

  it('puts both hosts back, in their order, when the page removes them', () => {
    const doc = parseHtml(PAGE);
    const o = createOverlayHost(doc, '');
    expect(o.reattach()).toBe(false);
    o.lead.remove();
    expect(o.placed()).toBe(false);
    expect(o.reattach()).toBe(true);
    expect(children(doc)).toEqual(['head', 'body', LEAD_TAG, HOST_TAG]);
    o.host.remove();
    o.lead.remove();
    expect(o.reattach()).toBe(true);
    expect(children(doc)).toEqual(['head', 'body', LEAD_TAG, HOST_TAG]);
    o.remove();
    expect(children(doc)).toEqual(['head', 'body']);
  });

  it('removes stale hosts of an earlier script, the lead host included', () => {
    const doc = parseHtml(PAGE);
    createOverlayHost(doc, '');
    createOverlayHost(doc, '');
    expect(children(doc)).toEqual(['head', 'body', LEAD_TAG, HOST_TAG]);
    removeStaleHosts(doc);
    expect(children(doc)).toEqual(['head', 'body']);
  });
});
