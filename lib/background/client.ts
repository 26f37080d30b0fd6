/**
 * How extension pages (popup, library) ask the background: typed by the `PageToBackground` map,
 * wrapped in the `page-to-background` envelope the background's `dispatch()` expects.
 */
import { browser } from 'wxt/browser';
import { envelope, type PageToBackground } from '../messaging.ts';

/** Sends one message; the transport is injectable for tests. */
export async function askBackground<K extends keyof PageToBackground & string>(
  type: K,
  data: PageToBackground[K]['data'],
  send: (message: unknown) => Promise<unknown> = (m) => browser.runtime.sendMessage(m),
): Promise<PageToBackground[K]['result']> {
  return (await send(
    envelope<PageToBackground, K>('page-to-background', type, data),
  )) as PageToBackground[K]['result'];
}
