/**
 * Gives the event loop a turn between slices of an import or export, without the clamping that
 * makes a nested `setTimeout(0)` cost at least 4 ms (HTML's timer rules): a message through a
 * MessageChannel (a task like any other, unclamped) in a page, `setImmediate` in Node.
 *
 * Not `scheduler.yield()`: its continuation runs ahead of the page's other tasks, so the page's
 * timers would not run until the import ended (tested in Chromium: a 10 ms interval never fired).
 */
export function nextTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') return new Promise((resolve) => void immediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
