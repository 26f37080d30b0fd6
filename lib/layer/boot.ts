/**
 * Starting the layer exactly once per page.
 *
 * The same built file runs when the manifest declares it (gov sites, at document_end) and when the
 * background injects it on demand (`scripting.executeScript`, before sending 'scan-now'), possibly
 * into a page where it already runs. A flag on the isolated world's `globalThis` holds the running
 * layer: a second copy of the script finds it and adopts it instead of starting another.
 *
 * WXT's `ContentScriptContext` invalidates the older copy's context as soon as a newer copy of the
 * same script starts. The layer must not die from that (the newer copy adopts it), so it is only
 * disposed when a context is invalidated *and* the extension itself is gone (reloaded, updated or
 * removed: `runtime.id` is undefined). A layer left over from a dead extension is disposed by the
 * next copy, which then starts afresh.
 */
import { dispatch, type BackgroundToContent, type Handlers, type Sender } from '../messaging.ts';
import type { Layer } from './controller.ts';

/** The flag's property on the isolated world's global object. */
export const LAYER_FLAG = '__policylensLayer__';

/** The part of WXT's ContentScriptContext the boot needs. */
export interface Lifecycle {
  onInvalidated(cb: () => void): unknown;
}

/** What the flag holds. */
interface Slot {
  layer: Layer;
}

export interface BootResult {
  layer: Layer;
  /** True when a running layer was adopted (nothing new was started). */
  reused: boolean;
}

/**
 * Returns the page's running layer, or creates one with `create`. Either way the layer is bound to
 * `ctx`: it is disposed when `ctx` is invalidated while `extensionAlive()` is false.
 */
export function bootLayer(
  global: object,
  ctx: Lifecycle,
  extensionAlive: () => boolean,
  create: () => Layer,
): BootResult {
  const slots = global as Record<string, Slot | undefined>;
  const existing = slots[LAYER_FLAG];
  if (existing && existing.layer.alive && extensionAlive()) {
    bind(ctx, existing.layer, extensionAlive);
    return { layer: existing.layer, reused: true };
  }
  existing?.layer.dispose();
  const layer = create();
  slots[LAYER_FLAG] = { layer };
  bind(ctx, layer, extensionAlive);
  return { layer, reused: false };
}

function bind(ctx: Lifecycle, layer: Layer, extensionAlive: () => boolean): void {
  ctx.onInvalidated(() => {
    if (!extensionAlive()) layer.dispose();
  });
}

/** The content script's handlers for background-to-content messages. */
export function contentHandlers(layer: Layer): Handlers<BackgroundToContent> {
  return {
    'scan-now': () => layer.scanNow(),
    'get-stats': () => layer.getStats(),
    'annotations-changed': (data) => layer.onAnnotationsChanged(Array.isArray(data?.keys) ? data.keys : []),
    'annotate-selection': () => layer.annotateSelection(),
    'capture-selection': () => layer.captureSelection(),
    'page-state': () => layer.pageState(),
    reveal: (data) =>
      layer.reveal({
        measureId: typeof data?.measureId === 'string' ? data.measureId : null,
        annotationId: typeof data?.annotationId === 'string' ? data.annotationId : null,
      }),
  };
}

/** The `runtime.onMessage` listener shape with `sendResponse` (works in Chrome and Firefox alike). */
export type MessageListener = (
  message: unknown,
  sender: Sender,
  sendResponse: (response: unknown) => void,
) => boolean | undefined;

/**
 * A `runtime.onMessage` listener for background-to-content messages: answers ours through
 * `sendResponse` (returning true keeps the channel open), ignores everything else.
 */
export function messageListener(
  handlers: Handlers<BackgroundToContent>,
  self: () => { id: string; origin: string },
): MessageListener {
  return (message, sender, sendResponse) => {
    let pending: Promise<unknown> | undefined;
    try {
      pending = dispatch('background-to-content', handlers, message, sender, self());
    } catch (e) {
      console.debug('PolicyLens: message failed', e);
      return undefined;
    }
    if (!pending) return undefined;
    pending.then(sendResponse, (e: unknown) => {
      console.debug('PolicyLens: handler failed', e);
      sendResponse(undefined);
    });
    return true;
  };
}
