/**
 * Persistent storage: asking the browser not to evict PolicyLens' database under storage pressure
 * (annotation tools have lost users' notes that way: WorldBrain/Memex #783, #1009), and saying what
 * it answered, for the side panel's settings.
 *
 * `navigator.storage.persist()` exists only in windows (not in a service worker), so the side panel
 * or the library asks, with its own `navigator.storage`; `persisted()` works anywhere. The manifest
 * also asks for `unlimitedStorage`, which exempts the extension's storage from the quota (and in
 * Firefox makes it persistent without a prompt).
 *
 * ```ts
 * const answer = await requestPersistence(navigator.storage); // 'granted' | 'denied' | 'unsupported'
 * ```
 */

/** What the browser says about keeping our data. */
export type Persistence = 'granted' | 'denied' | 'unsupported';

/** The part of `StorageManager` used here (all optional: older browsers, workers, tests). */
export interface StorageLike {
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
}

/**
 * Whether storage is already persistent, without asking: 'granted', 'denied' (best effort: may be
 * evicted), or 'unsupported' (no Storage API, or it failed).
 */
export async function persisted(storage: StorageLike | undefined | null): Promise<Persistence> {
  if (typeof storage?.persisted !== 'function') return 'unsupported';
  try {
    return (await storage.persisted()) ? 'granted' : 'denied';
  } catch {
    return 'unsupported';
  }
}

/**
 * Asks for persistent storage unless it is already granted. 'unsupported' where there is no
 * `persist()` (a service worker, an old browser) or it throws (storage disabled).
 */
export async function requestPersistence(storage: StorageLike | undefined | null): Promise<Persistence> {
  if ((await persisted(storage)) === 'granted') return 'granted';
  if (typeof storage?.persist !== 'function') return 'unsupported';
  try {
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'unsupported';
  }
}

/** Bytes used and available to the extension's origin, or null when the browser does not say. */
export async function storageEstimate(
  storage: StorageLike | undefined | null,
): Promise<{ usage: number; quota: number } | null> {
  if (typeof storage?.estimate !== 'function') return null;
  try {
    const e = await storage.estimate();
    return typeof e.usage === 'number' && typeof e.quota === 'number'
      ? { usage: e.usage, quota: e.quota }
      : null;
  } catch {
    return null;
  }
}
