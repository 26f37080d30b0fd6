import { describe, expect, it, vi } from 'vitest';
import { bootLayer, contentHandlers, LAYER_FLAG, messageListener } from '../../lib/layer/boot.ts';
import type { Layer } from '../../lib/layer/controller.ts';
import type { LayerStats } from '../../lib/layer/stats.ts';

/** A stand-in for the layer: boot only uses `alive`, `dispose`, `scanNow` and `getStats`. */
function fakeLayer(name: string) {
  const layer = {
    name,
    alive: true,
    disposed: 0,
    dispose() {
      this.alive = false;
      this.disposed++;
    },
    scanNow: async () => ({ scans: 1, name }) as unknown as LayerStats,
    getStats: () => ({ scans: 0, name }) as unknown as LayerStats,
  };
  return layer;
}

/** A WXT-like context whose invalidation the test triggers. */
function fakeCtx() {
  const cbs: Array<() => void> = [];
  return { onInvalidated: (cb: () => void) => cbs.push(cb), invalidate: () => cbs.forEach((cb) => cb()) };
}

describe('bootLayer', () => {
  it('starts one layer per isolated world and adopts it when the script runs again', () => {
    const global = {};
    let alive = true;
    const first = fakeLayer('first');
    const ctx1 = fakeCtx();
    const a = bootLayer(
      global,
      ctx1,
      () => alive,
      () => first as unknown as Layer,
    );
    expect(a).toEqual({ layer: first, reused: false });
    expect((global as Record<string, unknown>)[LAYER_FLAG]).toBeDefined();

    // A second copy (the background injected the file again): WXT invalidates the first context.
    const ctx2 = fakeCtx();
    const create = vi.fn(() => fakeLayer('second') as unknown as Layer);
    ctx1.invalidate();
    const b = bootLayer(global, ctx2, () => alive, create);
    expect(b).toEqual({ layer: first, reused: true });
    expect(create).not.toHaveBeenCalled();
    expect(first.disposed).toBe(0);

    // The extension goes away (reload, update): the next invalidation disposes the layer.
    alive = false;
    ctx2.invalidate();
    expect(first.disposed).toBeGreaterThan(0);
  });

  it('replaces a layer left by a dead extension', () => {
    const global = {};
    const old = fakeLayer('old');
    bootLayer(
      global,
      fakeCtx(),
      () => true,
      () => old as unknown as Layer,
    );
    old.alive = false;
    const fresh = fakeLayer('fresh');
    const r = bootLayer(
      global,
      fakeCtx(),
      () => true,
      () => fresh as unknown as Layer,
    );
    expect(r).toEqual({ layer: fresh, reused: false });
  });
});

describe('messageListener', () => {
  const self = () => ({ id: 'ext', origin: 'chrome-extension://ext' });
  const layer = fakeLayer('l') as unknown as Layer;
  const listener = messageListener(contentHandlers(layer), self);
  const fromBackground = { id: 'ext', url: 'chrome-extension://ext/background.js' };
  const msg = (type: string, direction = 'background-to-content') => ({
    policylens: 1,
    direction,
    type,
    data: {},
  });

  it('answers scan-now and get-stats from the background through sendResponse', async () => {
    const answers: unknown[] = [];
    expect(listener(msg('scan-now'), fromBackground, (r) => answers.push(r))).toBe(true);
    expect(listener(msg('get-stats'), fromBackground, (r) => answers.push(r))).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(answers).toHaveLength(2);
    expect(answers).toContainEqual({ scans: 1, name: 'l' });
    expect(answers).toContainEqual({ scans: 0, name: 'l' });
  });

  it('ignores other messages, other directions and other senders', () => {
    const respond = vi.fn();
    expect(listener({ type: 'scan-now' }, fromBackground, respond)).toBeUndefined();
    expect(listener(msg('scan-now', 'content-to-background'), fromBackground, respond)).toBeUndefined();
    expect(listener(msg('scan-now'), { id: 'other' }, respond)).toBeUndefined();
    // From a tab (a content script of ours), not from the background.
    expect(listener(msg('scan-now'), { id: 'ext', tab: { id: 1 } }, respond)).toBeUndefined();
    expect(listener(msg('nope'), fromBackground, respond)).toBeUndefined();
    // A content script of ours in a tab whose page claims our pages' path is still a web page.
    expect(
      listener(
        msg('scan-now'),
        { id: 'ext', url: 'https://evil.example/sidepanel.html', tab: { id: 1 } },
        respond,
      ),
    ).toBeUndefined();
    expect(respond).not.toHaveBeenCalled();
  });

  it('answers an extension page in a tab (Firefox gives the panel window and the library a sender.tab)', async () => {
    const answers: unknown[] = [];
    const panelWindow = { id: 'ext', url: 'chrome-extension://ext/sidepanel.html?tab=2', tab: { id: 9 } };
    expect(listener(msg('get-stats'), panelWindow, (r) => answers.push(r))).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(answers).toHaveLength(1);
  });
});
