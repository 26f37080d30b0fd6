/**
 * Undo for deletes in the side panel: the deleted records, newest last. `store.annotations.delete`
 * answers with the record it removed and `restore` puts it back (same id and creation time), so
 * undo is one write. A few deletes can be undone in turn (Ctrl/Cmd+Z repeatedly).
 */
import type { Annotation } from '../annotation/model.ts';

/** How many deletes are remembered (older ones fall off). */
export const UNDO_DEPTH = 20;

export class UndoStack {
  private readonly items: Annotation[] = [];

  constructor(private readonly depth: number = UNDO_DEPTH) {}

  push(record: Annotation): void {
    // A record deleted, restored and deleted again is one entry: the newest.
    const at = this.items.findIndex((r) => r.id === record.id);
    if (at >= 0) this.items.splice(at, 1);
    this.items.push(record);
    if (this.items.length > this.depth) this.items.shift();
  }

  /** The most recent delete, without taking it. */
  peek(): Annotation | null {
    return this.items[this.items.length - 1] ?? null;
  }

  /** Takes the most recent delete (to restore it). */
  pop(): Annotation | null {
    return this.items.pop() ?? null;
  }

  /** Takes a given record off (it was restored by its toast's button, or is back by other means). */
  remove(id: string): void {
    const at = this.items.findIndex((r) => r.id === id);
    if (at >= 0) this.items.splice(at, 1);
  }

  /** How many deletes can be undone. */
  get size(): number {
    return this.items.length;
  }
}
