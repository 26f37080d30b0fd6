/**
 * The overlay and cards (Preact) rendered into a linkedom shadow root: what a card shows, that
 * page text stays text, and the open/close/focus cycle. Real layout, focus and keyboard are checked
 * in Chromium by test/e2e/layer.test.ts.
 */
import { readFileSync } from 'node:fs';
import { act } from 'preact/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOverlayView } from '../../components/layer/view.tsx';
import { lookupFrom, setMessageLookup } from '../../lib/i18n.ts';
import type { BadgeView, OverlayActions, OverlayState, OverlayView } from '../../lib/layer/controller.ts';
import type { CardMeasure, CardRelated } from '../../lib/messaging.ts';
import { parseHtml } from '../../lib/page/parse-html.ts';

const en = JSON.parse(
  readFileSync(new URL('../../public/_locales/en/messages.json', import.meta.url), 'utf8'),
) as Parameters<typeof lookupFrom>[0];

const related: CardRelated[] = [
  {
    id: 'changsha-2017:t27',
    port: '长沙',
    docTitle: '长沙海关关于进一步提高通关效率的意见',
    number: '27',
    title: '在黄花机场等重点口岸推行“5+2”工作制。',
    score: 0.734,
    why: ['5+2 / 全天候', '通关时间'],
    docDate: '2017-04-01',
    group: {
      id: 'round-the-clock',
      labels: { 'zh-CN': '全天候通关', 'zh-TW': '全天候通關', en: 'Round-the-clock clearance ("5+2", 7×24)' },
      definition: 'Customs working weekends, nights and holidays, or on call around the clock.',
    },
    section: 'other-ports',
  },
];

const card: CardMeasure = {
  id: 'xiamen-2024:2.1.1',
  title: '<img src=x onerror="alert(1)">推行“5+2”預約通關',
  text: '<img src=x onerror="alert(1)">推行“5+2”預約通關。',
  docId: 'xiamen-2024',
  docTitle: '廈門市2024年促進跨境貿易便利化專項行動工作方案',
  docTitleInferred: false,
  docDate: '2024-04-30',
  docDateInferred: false,
  port: '廈門',
  number: '1.',
  numberPath: '二、(一)1.',
  issuer: '廈門市人民政府辦公廳',
  issuerInferred: false,
  evidence: {},
  leadAgencies: ['廈門海關'],
  coAgencies: ['市商務局', '市口岸辦'],
  agencySource: 'table',
  deadline: { date: '2024-12-31', label: '2024年底', inferred: true, evidence: ['廈門市2024年工作方案'] },
  timeLimits: [{ quote: '2個工作日內', kind: 'within', duration: { amount: 2, unit: 'working-day' } }],
  themes: [{ id: 'working-hours', label: '通關時間' }],
  related,
};

const badge = (over: Partial<BadgeView>): BadgeView => ({
  key: card.id,
  kind: 'matched',
  measureId: card.id,
  x: 10,
  y: 20,
  hidden: false,
  card,
  excerpt: '',
  related: [],
  score: 0.97,
  ...over,
});

const state = (badges: BadgeView[]): OverlayState => ({
  badges,
  script: 'Hant',
  origin: { x: 0, y: 0 },
  viewportWidth: 1200,
  markers: [],
  toolbar: null,
  notice: null,
  viewportHeight: 650,
});

let doc: Document;
let shadow: ShadowRoot;
let host: HTMLElement;
let view: OverlayView;
let focused: Element | null;
const opened: string[] = [];
const active: Array<string | null> = [];
const actions: OverlayActions = {
  openLibrary: (id) => opened.push(id),
  setActive: (key) => active.push(key),
  annotateSelection: () => undefined,
  annotateMeasure: () => undefined,
  openAnnotation: () => undefined,
  dismissNotice: () => undefined,
  // No layout in linkedom: the card is placed by its badge (placement is tested in position.test.ts
  // and in Chromium).
  anchorBox: () => null,
};

beforeAll(() => setMessageLookup(lookupFrom(en)));
afterAll(() => {
  setMessageLookup(undefined);
  vi.unstubAllGlobals();
});

beforeEach(() => {
  doc = parseHtml('<html><body><p>页面</p></body></html>');
  vi.stubGlobal('document', doc);
  const win = doc.defaultView as unknown as { HTMLElement: { prototype: { focus(): void } } };
  focused = null;
  const record = (el: Element): void => {
    focused = el;
  };
  win.HTMLElement.prototype.focus = function (this: Element) {
    record(this);
  };
  host = doc.createElement('policylens-layer');
  doc.documentElement.appendChild(host);
  shadow = host.attachShadow({ mode: 'open' });
  view = createOverlayView(shadow, host, actions);
  opened.length = 0;
  active.length = 0;
});

const q = (sel: string): Element | null => shadow.querySelector(sel);
const key = (target: Element, name: string): void => {
  const Ev = (doc.defaultView as unknown as { Event: typeof Event }).Event;
  const e = new Ev('keydown', { bubbles: true, cancelable: true });
  Object.defineProperty(e, 'key', { value: name });
  target.dispatchEvent(e);
};
const click = (target: Element): void => {
  const Ev = (doc.defaultView as unknown as { Event: typeof Event }).Event;
  target.dispatchEvent(new Ev('click', { bubbles: true }));
};

describe('overlay', () => {
  it('renders badges as buttons with the measure id, an accessible name and their position', () => {
    act(() =>
      view.render(
        state([badge({}), badge({ key: 'unmatched:7', kind: 'unmatched', measureId: null, card: null })]),
      ),
    );
    const buttons = shadow.querySelectorAll('button[data-policylens-measure]');
    expect(buttons).toHaveLength(2);
    expect(buttons[0]?.getAttribute('data-policylens-measure')).toBe(card.id);
    // The name is the button's hidden text (the 政 mark is hidden): UI words, then the number
    // marked with the page's script.
    const name = (b: Element | undefined): string =>
      Array.from(b?.querySelectorAll('.sr-only') ?? [], (s) => s.textContent ?? '').join('');
    expect(name(buttons[0])).toBe('PolicyLens: measure 1.');
    expect(buttons[0]?.querySelector('.glyph')?.getAttribute('aria-hidden')).toBe('true');
    expect(buttons[0]?.querySelector('.sr-only[lang]')?.getAttribute('lang')).toMatch(/^zh-Han[st]$/u);
    expect(buttons[0]?.getAttribute('type')).toBe('button');
    expect((buttons[0] as HTMLElement).style.left).toBe('10px');
    expect(buttons[1]?.getAttribute('data-policylens-measure')).toBe('unmatched');
    expect(name(buttons[1])).toBe('PolicyLens: measure not in the corpus');
    expect(q('[data-policylens-card]')).toBeNull();
  });

  it('opens a card with focus in it, and closes it with Escape, focus back on the badge', () => {
    act(() => view.render(state([badge({})])));
    const b = q('[data-policylens-measure]') as Element;
    act(() => click(b));
    const c = q('[data-policylens-card]') as Element;
    expect(c.getAttribute('data-policylens-card')).toBe(card.id);
    expect(c.getAttribute('role')).toBe('dialog');
    expect(focused).toBe(c);
    expect(b.getAttribute('aria-expanded')).toBe('true');
    expect(active.at(-1)).toBe(card.id);

    act(() => key(c, 'Escape'));
    expect(q('[data-policylens-card]')).toBeNull();
    expect(focused).toBe(b);
    expect(active.at(-1)).toBeNull();

    // The close button closes it too.
    act(() => click(b));
    act(() => click(q('.card-close') as Element));
    expect(q('[data-policylens-card]')).toBeNull();
  });

  it('closes the card when its badge goes away', () => {
    act(() => view.render(state([badge({})])));
    act(() => click(q('[data-policylens-measure]') as Element));
    expect(q('[data-policylens-card]')).not.toBeNull();
    act(() => view.render(state([])));
    act(() => undefined);
    expect(q('[data-policylens-card]')).toBeNull();
  });

  it('shows every field of a measure, page text as text, and opens related measures in the library', () => {
    act(() => view.render(state([badge({})])));
    act(() => click(q('[data-policylens-measure]') as Element));
    const c = q('[data-policylens-card]') as Element;
    const title = c.querySelector('.card-title') as Element;
    expect(title.textContent).toBe(card.title);
    expect(title.getAttribute('lang')).toBe('zh-Hant');
    expect(c.querySelector('img')).toBeNull();
    const text = c.textContent ?? '';
    for (const s of [
      'Document',
      card.docTitle,
      'Port',
      '廈門',
      'Issuer',
      card.issuer,
      'Lead',
      '廈門海關',
      'Co-operating',
      '市商務局、市口岸辦',
      '(from the task table)',
      'Deadline',
      '2024年底',
      'inferred',
      'Time limits',
      '2個工作日內',
      // In the text's own unit: working days are not hours.
      'within 2 working days',
      'Themes',
      // Theme names are UI strings, in the UI language.
      'Clearance hours and "5+2"',
      'Match',
      '97%',
      'Related measures',
      // Relatedness is named and explained apart from the match score.
      'Relatedness: how much of this measure',
      'Other ports, by shared instrument',
      // Grouped under the shared instrument, in the UI language.
      'Round-the-clock clearance',
      '长沙 · 2017 · 27',
      '73%',
      '5+2 / 全天候',
      // No same-port measure is listed: the section says so.
      'Same port, other years',
      'None shares an instrument closely enough.',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('48 h');
    expect((c.querySelector('.bar > span') as HTMLElement).style.width).toBe('73%');
    expect(c.querySelector('.bar')?.getAttribute('aria-label')).toBe('Relatedness');
    expect(c.querySelector('.group-title')?.getAttribute('title')).toContain('weekends');
    act(() => click(c.querySelector('[data-policylens-related]') as Element));
    expect(opened).toEqual(['changsha-2017:t27']);
  });

  it('notes agencies that come from the issuer, and a missing deadline', () => {
    const plain: CardMeasure = {
      ...card,
      agencySource: 'issuer',
      coAgencies: [],
      deadline: null,
      related: [],
    };
    act(() => view.render(state([badge({ card: plain })])));
    act(() => click(q('[data-policylens-measure]') as Element));
    const text = q('[data-policylens-card]')?.textContent ?? '';
    expect(text).toContain('(the issuer; the measure names no agency)');
    expect(text).toContain('none stated');
    expect(text).not.toContain('Co-operating');
    // Both sections say they are empty.
    expect(text.split('None shares an instrument closely enough.')).toHaveLength(3);
  });

  it('shows the unmatched card: not in the corpus, and what it resembles', () => {
    act(() =>
      view.render(
        state([
          badge({
            key: 'unmatched:3',
            kind: 'unmatched',
            measureId: null,
            card: null,
            related,
            excerpt: '(四十四)推行“提前申报”。<img src=x onerror=alert(1)>',
          }),
        ]),
      ),
    );
    act(() => click(q('[data-policylens-measure="unmatched"]') as Element));
    const c = q('[data-policylens-card]') as Element;
    expect(c.getAttribute('data-policylens-card')).toBe('unmatched');
    expect(c.querySelector('.card-title')?.textContent).toBe('Not in the corpus');
    expect(c.textContent).toContain('Resembles');
    expect(c.querySelectorAll('[data-policylens-related]')).toHaveLength(1);
    // The block's own text is quoted as text: the markup-looking part stays characters.
    expect(c.querySelector('[data-testid="card-excerpt"]')?.textContent).toBe(
      '(四十四)推行“提前申报”。<img src=x onerror=alert(1)>',
    );
    expect(c.querySelector('img')).toBeNull();
  });

  it('unmounts cleanly', () => {
    act(() => view.render(state([badge({})])));
    view.dispose();
    expect(shadow.querySelector('.mount')).toBeNull();
  });
});
