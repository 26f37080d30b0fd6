/**
 * The page's way to the side panel (`PageAnnotations.openInPanel`, behind note markers and "Note"):
 * where no panel could open, the reader is told beside the passage how to open it instead, rather
 * than nothing happening (a browser with no side panel, no sidebar a page may open and no windows).
 */
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
import { PageAnnotations, type AnnotationTransport } from '../../lib/highlight/page-annotations.ts';
import { lookupFrom, setMessageLookup, type Messages } from '../../lib/i18n.ts';

const en = JSON.parse(
  readFileSync(new URL('../../public/_locales/en/messages.json', import.meta.url), 'utf8'),
) as Messages;

function annotations(opened: boolean) {
  const { document } = parseHTML('<!DOCTYPE html><html><body><p>提前申报</p></body></html>');
  const asked: Array<string | null> = [];
  let renders = 0;
  const transport: AnnotationTransport = {
    pageAnnotations: async () => [],
    createAnnotation: async () => ({ ok: false, error: 'unknown', message: 'not here' }),
    openSidePanel: async (id) => {
      asked.push(id);
      return { ok: opened };
    },
    pageStateChanged: () => undefined,
  };
  const a = new PageAnnotations(document as unknown as Document, transport, {
    measureAt: () => null,
    measureRange: () => null,
    measures: () => [],
    requestRender: () => void renders++,
    yieldFn: async () => undefined,
    now: () => 0,
  });
  return { a, asked, renders: () => renders };
}

describe('openInPanel', () => {
  afterEach(() => setMessageLookup(undefined));

  it('says how to open the panel when it could not open, and nothing when it did', async () => {
    setMessageLookup(lookupFrom(en));
    const closed = annotations(false);
    closed.a.openInPanel('a1');
    await new Promise((r) => setTimeout(r, 0));
    expect(closed.asked).toEqual(['a1']);
    const notice = closed.a.noticeView({ x: 0, y: 0 });
    expect(notice).toMatchObject({ kind: 'info' });
    expect(notice?.text).toContain('Alt+Shift+K');
    expect(closed.renders()).toBeGreaterThan(0);
    closed.a.dismissNotice();

    const open = annotations(true);
    open.a.openInPanel(null);
    await new Promise((r) => setTimeout(r, 0));
    expect(open.asked).toEqual([null]);
    expect(open.a.noticeView({ x: 0, y: 0 })).toBeNull();
  });
});
