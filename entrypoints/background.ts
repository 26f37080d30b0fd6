/**
 * The MV3 service worker (background page on Firefox MV2). It only wires the browser's events to
 * `lib/background/background.ts`: WXT imports this file at build time to read its options, so
 * nothing may run at top level, and every listener is registered synchronously inside `main`
 * (a service worker woken by an event must find its listener already there).
 */
import corpus from 'virtual:policylens-corpus';
import indexBytes from 'virtual:policylens-index';
import relatedBytes from 'virtual:policylens-related';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { BackgroundApi } from '../lib/background/api.ts';
import { Background, ensureMenus } from '../lib/background/background.ts';
import { t } from '../lib/i18n.ts';
import { watchChanges } from '../lib/store/changes.ts';
import { browserIndexedDb } from '../lib/store/db.ts';

export default defineBackground(() => {
  // WXT types `scripting.executeScript`'s files as this build's literal script paths; everything
  // else in `browser` matches the narrow interface as it is.
  const bg = new Background(
    browser as unknown as BackgroundApi,
    corpus,
    indexBytes,
    browserIndexedDb(),
    relatedBytes,
  );

  browser.runtime.onMessage.addListener((message, sender) => bg.onMessage(message, sender));
  browser.contextMenus.onClicked.addListener((info, tab) => void bg.onMenuClicked(info, tab));
  browser.commands.onCommand.addListener((command, tab) => void bg.onCommand(command, tab));
  browser.tabs.onRemoved.addListener((tabId) => bg.onTabRemoved(tabId));
  browser.tabs.onUpdated.addListener((tabId, change) => void bg.onTabUpdated(tabId, change));
  browser.permissions.onAdded.addListener((added) => void bg.onPermissionsAdded(added));
  browser.permissions.onRemoved.addListener((removed) => void bg.onPermissionsRemoved(removed));
  // Annotations written by extension pages (side panel, library) keep the search index current.
  watchChanges((change) => void bg.onAnnotationsChanged(change));

  void ensureMenus(browser.contextMenus, { scan: t('menuScan'), annotate: t('menuAnnotate') }).catch(
    (e: unknown) => console.error('PolicyLens: could not create the context menu', e),
  );
});
