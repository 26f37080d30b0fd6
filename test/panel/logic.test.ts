/**
 * The side panel's plain logic (`lib/panel/`): the page's list and its orphans, drafts that survive
 * a refused save, undo, keys, snippets, tags, `lang`, and the `?tab=` parameter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../lib/page/parse-html.ts';
import { NoteDrafts, DRAFT_PREFIX, type DraftStorage } from '../../lib/panel/drafts.ts';
import {
  commandRows,
  isTextField,
  panelAction,
  panelShortcuts,
  shortcutSettingsPlace,
} from '../../lib/panel/keys.ts';
import { langOf } from '../../lib/panel/lang.ts';
import { excerpt, pageList } from '../../lib/panel/page-list.ts';
import { snippetPieces } from '../../lib/panel/snippet.ts';
import { addTags, removeTag, tagSuggestions } from '../../lib/panel/tags.ts';
import { parseTabParam } from '../../lib/panel/target.ts';
import { UndoStack } from '../../lib/panel/undo.ts';
import { record } from './helpers.ts';

/** A Web Storage over a Map, which can be told to refuse writes (full) or everything (disabled). */
function memoryStorage(): DraftStorage & { map: Map<string, string>; full: boolean; broken: boolean } {
  const map = new Map<string, string>();
  const s = {
    map,
    full: false,
    broken: false,
    getItem(k: string) {
      if (s.broken) throw new Error('SecurityError');
      return map.get(k) ?? null;
    },
    setItem(k: string, v: string) {
      if (s.broken || s.full) throw new DOMException('full', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem(k: string) {
      if (s.broken) throw new Error('SecurityError');
      map.delete(k);
    },
  };
  return s;
}

describe('pageList', () => {
  it('keeps the store’s page order, puts orphans apart, and marks unreported ones pending', () => {
    const [a, b, c, d] = [record(), record(), record(), record()];
    const list = pageList(
      [a, b, c, d],
      [
        { id: b.id, status: 'orphan', method: null },
        { id: a.id, status: 'anchored', method: 'quote' },
        { id: d.id, status: 'anchored', method: 'fuzzy' },
        { id: 'gone', status: 'anchored', method: 'position' },
      ],
    );
    expect(list.placed.map((e) => [e.annotation.id, e.status, e.method])).toEqual([
      [a.id, 'anchored', 'quote'],
      [c.id, 'pending', null],
      [d.id, 'anchored', 'fuzzy'],
    ]);
    expect(list.orphans.map((e) => e.annotation.id)).toEqual([b.id]);
  });

  it('shortens long quotes without cutting a surrogate pair', () => {
    expect(excerpt('  a\n\n b  ')).toBe('a b');
    expect(excerpt('一二三四五六', 4)).toBe('一二三四…');
    // 𠀀 is two UTF-16 units: cutting after 3 units would split it.
    expect(excerpt('一二𠀀三四', 3)).toBe('一二…');
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.integer({ min: 1, max: 60 }),
        (s, max) => {
          const out = excerpt(s, max);
          // Well-formed UTF-16 in, well-formed out.
          expect(() => encodeURIComponent(out)).not.toThrow();
        },
      ),
    );
  });
});

describe('NoteDrafts', () => {
  it('keeps a draft across panels (storage) until cleared, with the note it started from', () => {
    const storage = memoryStorage();
    const one = new NoteDrafts(storage, () => 5);
    expect(one.set('id1', 'typed', 'stored')).toBe(true);
    const two = new NoteDrafts(storage);
    expect(two.get('id1')).toEqual({ text: 'typed', base: 'stored', at: 5 });
    two.clear('id1');
    expect(storage.map.has(DRAFT_PREFIX + 'id1')).toBe(false);
    expect(new NoteDrafts(storage).get('id1')).toBeNull();
  });

  it('keeps the text in memory when the storage is full or disabled, and says so', () => {
    const storage = memoryStorage();
    storage.full = true;
    const drafts = new NoteDrafts(storage);
    expect(drafts.set('id1', 'still here', '')).toBe(false);
    expect(drafts.get('id1')?.text).toBe('still here');
    storage.broken = true;
    expect(drafts.set('id2', 'also here', '')).toBe(false);
    expect(drafts.get('id2')?.text).toBe('also here');
    drafts.clear('id2');
    expect(drafts.get('id2')).toBeNull();
    expect(new NoteDrafts(null).set('x', 'y', '')).toBe(false);
  });

  it('ignores junk in the storage', () => {
    const storage = memoryStorage();
    storage.map.set(DRAFT_PREFIX + 'a', '{not json');
    storage.map.set(DRAFT_PREFIX + 'b', JSON.stringify({ text: 1, base: '' }));
    const drafts = new NoteDrafts(storage);
    expect(drafts.get('a')).toBeNull();
    expect(drafts.get('b')).toBeNull();
  });

  it('a draft is pending only while it differs from the stored note', () => {
    expect(NoteDrafts.pending(null, 'x')).toBe(false);
    expect(NoteDrafts.pending({ text: 'x', base: '', at: 0 }, 'x')).toBe(false);
    expect(NoteDrafts.pending({ text: 'y', base: 'x', at: 0 }, 'x')).toBe(true);
  });
});

describe('UndoStack', () => {
  it('undoes newest first, keeps one entry per record and a bounded depth', () => {
    const stack = new UndoStack(3);
    const [a, b, c, d] = [record(), record(), record(), record()];
    stack.push(a);
    stack.push(b);
    stack.push(a);
    expect(stack.size).toBe(2);
    expect(stack.peek()?.id).toBe(a.id);
    stack.push(c);
    stack.push(d);
    expect(stack.size).toBe(3);
    stack.remove(c.id);
    expect(stack.pop()?.id).toBe(d.id);
    expect(stack.pop()?.id).toBe(a.id);
    expect(stack.pop()).toBeNull();
  });
});

describe('keys', () => {
  const key = (
    k: string,
    mods: Partial<{ ctrl: boolean; meta: boolean; alt: boolean; shift: boolean }> = {},
  ) => ({
    key: k,
    ctrlKey: mods.ctrl ?? false,
    metaKey: mods.meta ?? false,
    altKey: mods.alt ?? false,
    shiftKey: mods.shift ?? false,
  });

  it('maps the panel’s keys, leaving plain keys to text fields', () => {
    expect(panelAction(key('/'), false, false)).toBe('search');
    expect(panelAction(key('/'), true, false)).toBeNull();
    expect(panelAction(key('z', { ctrl: true }), false, false)).toBe('undo');
    expect(panelAction(key('z', { ctrl: true }), true, false)).toBeNull();
    expect(panelAction(key('z', { ctrl: true, shift: true }), false, false)).toBeNull();
    expect(panelAction(key('z', { meta: true }), false, true)).toBe('undo');
    expect(panelAction(key('z', { ctrl: true }), false, true)).toBeNull();
    expect(panelAction(key('Enter', { ctrl: true }), true, false)).toBe('save');
    expect(panelAction(key('Enter'), true, false)).toBeNull();
    expect(panelAction(key('Escape'), true, false)).toBe('escape');
    expect(panelAction({ ...key('Escape'), isComposing: true }, true, false)).toBeNull();
    expect(panelAction(key('a'), false, false)).toBeNull();
  });

  it('lists the panel’s keys with the platform’s modifier', () => {
    expect(panelShortcuts(false).map((k) => k.keys)).toContain('Ctrl+Z');
    expect(panelShortcuts(true).map((k) => k.keys)).toContain('⌘+Z');
  });

  it('lists our commands keyed or not, and the browser’s own only when keyed', () => {
    expect(
      commandRows([
        { name: '_execute_action', description: '', shortcut: '' },
        { name: '_execute_sidebar_action', shortcut: 'Alt+Y' },
        { name: 'annotate-selection', description: 'Annotate', shortcut: 'Alt+Shift+H' },
        { name: 'scan-page', description: 'Scan', shortcut: '' },
        { description: 'nameless' },
      ]),
    ).toEqual([
      { name: '_execute_sidebar_action', description: '', shortcut: 'Alt+Y' },
      { name: 'annotate-selection', description: 'Annotate', shortcut: 'Alt+Shift+H' },
      { name: 'scan-page', description: 'Scan', shortcut: null },
    ]);
    expect(shortcutSettingsPlace('chrome')).toBe('chrome://extensions/shortcuts');
    expect(shortcutSettingsPlace('firefox')).toBe('about:addons');
  });

  it('tells text fields from other controls', () => {
    const doc = parseHtml(
      '<input id=a><input id=b type=radio><input id=c type=search><textarea id=d></textarea><select id=e></select><button id=f></button>',
    );
    const el = (id: string) => doc.getElementById(id);
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => isTextField(el(id)))).toEqual([
      true,
      false,
      true,
      true,
      true,
      false,
    ]);
    expect(isTextField(null)).toBe(false);
  });
});

describe('snippetPieces', () => {
  it('cuts the text into plain and marked pieces, clipping bad spans', () => {
    expect(snippetPieces('提前申报通关', [[2, 4]])).toEqual([
      { text: '提前', mark: false },
      { text: '申报', mark: true },
      { text: '通关', mark: false },
    ]);
    expect(
      snippetPieces('abcdef', [
        [4, 99],
        [-3, 1],
        [3, 2],
        [0, 2],
      ]),
    ).toEqual([
      { text: 'ab', mark: true },
      { text: 'cd', mark: false },
      { text: 'ef', mark: true },
    ]);
  });

  it('always gives back the text, in order, whatever the spans', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 50 }), fc.integer({ min: -5, max: 50 })), {
          maxLength: 6,
        }),
        (text, spans) => {
          const pieces = snippetPieces(text, spans);
          expect(pieces.map((p) => p.text).join('')).toBe(text);
          expect(pieces.every((p) => p.text !== '')).toBe(true);
          // Touching marks are one mark.
          expect(pieces.every((p, i) => i === 0 || !(p.mark && pieces[i - 1]?.mark))).toBe(true);
        },
      ),
    );
  });
});

describe('tags', () => {
  it('adds typed tags (several at once, Chinese separators too), cleaned as the store cleans them', () => {
    expect(addTags(['AEO'], ' 5+2 ， 通关、AEO ;x')).toEqual(['AEO', '5+2', '通关', 'x']);
    expect(addTags([], '   ')).toEqual([]);
    expect(removeTag(['a', 'b'], 'a')).toEqual(['b']);
  });

  it('suggests other existing tags, most used first, matching what is typed in either script', () => {
    const all = [
      { tag: '关务', count: 2 },
      { tag: 'AEO', count: 5 },
      { tag: '关税', count: 2 },
      { tag: '通关', count: 9 },
    ];
    expect(tagSuggestions(all, ['通关'])).toEqual(['AEO', '关务', '关税']);
    expect(tagSuggestions(all, [], '關')).toEqual(['通关', '关务', '关税']);
    expect(tagSuggestions(all, [], 'aeo')).toEqual(['AEO']);
  });
});

describe('langOf', () => {
  it('names the script of Chinese text and nothing else', () => {
    expect(langOf('提供进出境7×24小时通关保障')).toBe('zh-Hans');
    expect(langOf('通關保障')).toBe('zh-Hant');
    expect(langOf('推行“5+2”預約通關，實現全天候通關')).toBe('zh-Hant');
    expect(langOf('AEO 5+2')).toBeUndefined();
  });
});

describe('parseTabParam', () => {
  it('takes a tab id from ?tab= only when it is one', () => {
    expect(parseTabParam('?tab=123')).toBe(123);
    expect(parseTabParam('?x=1&tab=0')).toBe(0);
    for (const bad of ['', '?tab=', '?tab=-1', '?tab=1.5', '?tab=abc', '?tab=99999999999', '?tab=1e3']) {
      expect(parseTabParam(bad), bad).toBeNull();
    }
  });
});
