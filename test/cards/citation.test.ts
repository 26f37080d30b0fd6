/**
 * What "Copy" puts on the clipboard: the measure and its citation, and how it gets there on pages
 * with and without the asynchronous Clipboard API.
 */
import { describe, expect, it } from 'vitest';
import { CardData } from '../../lib/cards/card-data.ts';
import { citationText, documentHash } from '../../lib/cards/citation.ts';
import { copyText } from '../../lib/cards/clipboard.ts';
import { compileSeedsDir } from '../../lib/corpus/node.ts';
import { parseRoute } from '../../lib/library/route.ts';

const cards = new CardData(compileSeedsDir());
const PAGE = 'chrome-extension://abc/library.html';

describe('citationText', () => {
  it('gives the number and text, then title, issuer, date marked when inferred, number path and address', () => {
    const card = cards.card('dalian-2023:2.13', 'Hans');
    if (!card) throw new Error('no card');
    const text = citationText(card, PAGE, '(inferred)');
    expect(text.split('\n')).toEqual([
      `(十三) ${card.text}`,
      '',
      '大连海关优化口岸营商环境 促进外贸提质增效惠企措施, 大连海关, 2023 (inferred), 二、(十三)',
      `${PAGE}#doc=dalian-2023/(十三)`,
      '',
    ]);
  });

  it('marks every inferred fact, in the page’s script, with the path a reader cites', () => {
    const zhejiang = cards.card('zhejiang-2004:3.1', 'Hant');
    if (!zhejiang) throw new Error('no card');
    const source = citationText(zhejiang, PAGE, '（推定）').split('\n')[2];
    expect(source).toBe(
      '浙江省推進“大通關”建設工作意見（實施《浙江省“大通關”建設實施方案》）（推定）, 浙江省人民政府（大通關建設工作領導小組）（推定）, 2004（推定）, 三、1、',
    );
  });

  it('addresses a document at the printed number the library resolves', () => {
    for (const id of ['xiamen-2024:2.6.1', 'changsha-2017:t27', 'zhejiang-2004:1.p3']) {
      const card = cards.card(id, 'Hans');
      if (!card) throw new Error(`no ${id}`);
      const route = parseRoute(documentHash(card));
      expect(route).toEqual({
        view: 'doc',
        docId: card.docId,
        at: { kind: 'path', path: card.number },
        params: {},
      });
    }
  });
});

/** A window as copyText sees it: its Clipboard API (or none) and the copy command's event. */
function fakeDocument(options: {
  secure: boolean;
  writeText?: (t: string) => Promise<void>;
  swallow?: boolean;
}) {
  const clipboard: string[] = [];
  const listeners: Array<(e: ClipboardEvent) => void> = [];
  const win = {
    isSecureContext: options.secure,
    navigator: options.writeText ? { clipboard: { writeText: options.writeText } } : {},
    addEventListener: (_: string, fn: (e: ClipboardEvent) => void) => listeners.push(fn),
    removeEventListener: (_: string, fn: (e: ClipboardEvent) => void) =>
      listeners.splice(listeners.indexOf(fn), 1),
  };
  const doc = {
    defaultView: win,
    execCommand: (command: string) => {
      if (command !== 'copy') return false;
      if (options.swallow) return true;
      const data = new Map<string, string>();
      const event = {
        clipboardData: { setData: (type: string, value: string) => data.set(type, value) },
        preventDefault: () => undefined,
        stopImmediatePropagation: () => undefined,
      } as unknown as ClipboardEvent;
      for (const fn of [...listeners]) fn(event);
      const text = data.get('text/plain');
      if (text !== undefined) clipboard.push(text);
      return true;
    },
  } as unknown as Document;
  return { doc, clipboard, listeners };
}

describe('copyText', () => {
  it('uses the Clipboard API in a secure context', async () => {
    const written: string[] = [];
    const { doc, clipboard } = fakeDocument({ secure: true, writeText: async (t) => void written.push(t) });
    expect(await copyText(doc, 'a')).toBe(true);
    expect(written).toEqual(['a']);
    expect(clipboard).toEqual([]);
  });

  it('falls back to the copy command on http pages, and when the API refuses', async () => {
    const plain = fakeDocument({ secure: false, writeText: async () => undefined });
    expect(await copyText(plain.doc, 'b')).toBe(true);
    expect(plain.clipboard).toEqual(['b']);
    const refused = fakeDocument({
      secure: true,
      writeText: () => Promise.reject(new DOMException('not focused', 'NotAllowedError')),
    });
    expect(await copyText(refused.doc, 'c')).toBe(true);
    expect(refused.clipboard).toEqual(['c']);
    // Nothing is left listening.
    expect(plain.listeners).toHaveLength(0);
  });

  it('says it failed when the page swallows the copy event', async () => {
    const { doc, clipboard } = fakeDocument({ secure: false, swallow: true });
    expect(await copyText(doc, 'd')).toBe(false);
    expect(clipboard).toEqual([]);
  });
});
