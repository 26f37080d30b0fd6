/**
 * Puts text on the clipboard from a page's content script, in the click that asked for it.
 *
 * The asynchronous Clipboard API (`navigator.clipboard.writeText`) exists only in secure contexts,
 * and many government sites are still served over plain http; there the copy command is used, with
 * the text handed to the `copy` event's `clipboardData` (the Clipboard API's event interface), so
 * that neither the page's selection nor its DOM is touched. Our listener is on the window, in the
 * capture phase, and stops the event there: the page's own copy handlers never see the text.
 * Resolves to whether the text was written; a page that swallows the event gets `false`, and the
 * card says so.
 */

interface ClipboardWindow {
  isSecureContext?: boolean;
  navigator?: { clipboard?: { writeText?(text: string): Promise<void> } };
  addEventListener(type: 'copy', fn: (e: ClipboardEvent) => void, capture: boolean): void;
  removeEventListener(type: 'copy', fn: (e: ClipboardEvent) => void, capture: boolean): void;
}

/** Writes `text` through the copy command; true when our `copy` handler ran. */
function copyByCommand(doc: Document, text: string): boolean {
  const win = doc.defaultView as unknown as ClipboardWindow | null;
  if (!win) return false;
  let written = false;
  const onCopy = (e: ClipboardEvent): void => {
    if (!e.clipboardData) return;
    e.clipboardData.setData('text/plain', text);
    e.preventDefault();
    e.stopImmediatePropagation();
    written = true;
  };
  win.addEventListener('copy', onCopy, true);
  try {
    // Deprecated but still the one way without a secure context; false when the browser refuses.
    if (!doc.execCommand('copy')) written = false;
  } catch {
    written = false;
  } finally {
    win.removeEventListener('copy', onCopy, true);
  }
  return written;
}

/** Copies `text`; resolves to whether the clipboard now holds it. Call it from a click handler. */
export async function copyText(doc: Document, text: string): Promise<boolean> {
  const win = doc.defaultView as unknown as ClipboardWindow | null;
  const writeText = win?.isSecureContext ? win.navigator?.clipboard?.writeText : undefined;
  if (writeText && win?.navigator?.clipboard) {
    try {
      await writeText.call(win.navigator.clipboard, text);
      return true;
    } catch {
      // Refused (the document lost focus, a permission policy): the copy command may still work.
    }
  }
  return copyByCommand(doc, text);
}
