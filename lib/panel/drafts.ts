/**
 * Unsaved note drafts, kept in the side panel's own `localStorage` (the extension's origin) while
 * the reader types, so that text survives a failed save, a closed panel or a crash: a draft goes
 * only when its note is saved or the reader discards it.
 *
 * Not `storage.local`: content scripts can read that area, and a note is private (notes never reach
 * a content script). Not the database: a draft must survive exactly when the database refuses
 * writes (quota, closed).
 *
 * Each draft remembers the note it started from (`base`), so the panel can tell a draft that is
 * still needed (it differs from the stored note) from one that another panel has since saved.
 */

/** The part of the Web Storage API used (the panel passes `localStorage`; tests a Map). */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A draft as kept. */
export interface NoteDraft {
  /** What the reader typed. */
  text: string;
  /** The stored note when editing began. */
  base: string;
  /** `Date.now()` of the last keystroke kept. */
  at: number;
}

/** The key prefix of drafts in the storage (one key per annotation id). */
export const DRAFT_PREFIX = 'policylens:draft:';

export class NoteDrafts {
  /** Drafts also live here, so a storage that throws (full, disabled) still keeps them this session. */
  private readonly memory = new Map<string, NoteDraft>();

  constructor(
    private readonly storage: DraftStorage | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** The draft of an annotation, or null. */
  get(id: string): NoteDraft | null {
    const inMemory = this.memory.get(id);
    if (inMemory) return inMemory;
    let raw: string | null;
    try {
      raw = this.storage?.getItem(DRAFT_PREFIX + id) ?? null;
    } catch {
      return null;
    }
    if (raw === null) return null;
    try {
      const d = JSON.parse(raw) as Partial<NoteDraft>;
      if (typeof d.text !== 'string' || typeof d.base !== 'string') return null;
      const draft = { text: d.text, base: d.base, at: typeof d.at === 'number' ? d.at : 0 };
      this.memory.set(id, draft);
      return draft;
    } catch {
      return null;
    }
  }

  /**
   * Keeps a draft. Returns false when only this session keeps it (the storage refused it), which
   * the panel may say; the text is never dropped.
   */
  set(id: string, text: string, base: string): boolean {
    const draft: NoteDraft = { text, base, at: this.now() };
    this.memory.set(id, draft);
    try {
      this.storage?.setItem(DRAFT_PREFIX + id, JSON.stringify(draft));
      return this.storage !== null;
    } catch {
      return false;
    }
  }

  /** Forgets a draft (its note was saved, or the reader discarded it). */
  clear(id: string): void {
    this.memory.delete(id);
    try {
      this.storage?.removeItem(DRAFT_PREFIX + id);
    } catch {
      // Nothing kept there, or nothing can be removed: the memory copy is gone either way.
    }
  }

  /**
   * Whether a draft still holds something the stored note lacks: it differs from `stored`. A draft
   * equal to the stored note (saved here or by another panel) is stale and may be cleared.
   */
  static pending(draft: NoteDraft | null, stored: string): draft is NoteDraft {
    return draft !== null && draft.text !== stored;
  }
}
