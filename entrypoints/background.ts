/**
 * The MV3 service worker (event page on Firefox). It only registers its entry function here:
 * WXT imports this file at build time to read its options, so nothing may run at top level.
 */
import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // Later issues wire the message handlers and the Dexie database here.
});
