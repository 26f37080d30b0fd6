/**
 * Why a write failed, as the UI says it (`WriteError` in `lib/messaging.ts`), from whatever IndexedDB
 * and Dexie threw. The UI shows the error where the user acted and keeps the unsaved text; the
 * store never throws a write error across a message boundary, it returns `{ ok: false, error,
 * message }`.
 *
 * - `quota`: `QuotaExceededError`, also when Dexie reports it wrapped: an `AbortError` whose `inner`
 *   is the quota error (the transaction aborted because a request in it failed; dexie/Dexie.js#2098),
 *   a `BulkError` whose failures include one, or a DOMException with the legacy code 22.
 * - `closed`: the connection is gone (`DatabaseClosedError`, `InvalidStateError` from a transaction
 *   on a closed connection, a failed open, IndexedDB missing). The store opens a new connection on
 *   the next call.
 * - `invalid`: the input was refused (validation, a `ConstraintError` such as a duplicate id).
 * - `not-found`: no annotation with that id.
 * - `unknown`: anything else, with its message.
 */
import type { WriteError } from '../messaging.ts';

/** An error the store raises itself, with the `WriteError` it maps to. */
export class StoreError extends Error {
  constructor(
    readonly kind: WriteError,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** Names of errors that mean "the connection is closed or could not be opened". */
const CLOSED = new Set([
  'DatabaseClosedError',
  'InvalidStateError',
  'OpenFailedError',
  'MissingAPIError',
  'VersionError',
  'UpgradeError',
]);

/** What an error (and the errors inside it) looks like, read defensively. */
interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  inner?: unknown;
  failures?: unknown;
}

/** The error and every error it wraps (`inner`, `failures`), outermost first, at most 20. */
function chain(e: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const queue: unknown[] = [e];
  while (queue.length > 0 && out.length < 20) {
    const x = queue.shift();
    if (typeof x !== 'object' || x === null || out.includes(x as ErrorLike)) continue;
    const err = x as ErrorLike;
    out.push(err);
    if (err.inner !== undefined) queue.push(err.inner);
    if (Array.isArray(err.failures)) queue.push(...(err.failures as unknown[]));
    else if (typeof err.failures === 'object' && err.failures !== null) {
      queue.push(...Object.values(err.failures as Record<string, unknown>));
    }
  }
  return out;
}

const nameOf = (e: ErrorLike): string => (typeof e.name === 'string' ? e.name : '');

/** Whether `e` is, or wraps, a quota error. */
export function isQuotaError(e: unknown): boolean {
  return chain(e).some((x) => nameOf(x) === 'QuotaExceededError' || x.code === 22);
}

/** The `WriteError` for anything a write may throw, and a message for the log and the UI's details. */
export function writeErrorOf(e: unknown): { error: WriteError; message: string } {
  const message = messageOf(e);
  if (e instanceof StoreError) return { error: e.kind, message };
  if (isQuotaError(e)) {
    return { error: 'quota', message: `the browser's storage for PolicyLens is full (${message})` };
  }
  const names = chain(e).map(nameOf);
  if (names.some((n) => CLOSED.has(n))) {
    return { error: 'closed', message: `the database is closed (${message})` };
  }
  if (names.includes('ConstraintError')) return { error: 'invalid', message };
  return { error: 'unknown', message };
}

/** Whether `e` means the connection is closed (so the next call should open a new one). */
export function isClosedError(e: unknown): boolean {
  return !isQuotaError(e) && chain(e).some((x) => CLOSED.has(nameOf(x)));
}

/** A one-line message for any thrown value. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  if (typeof e === 'object' && e !== null) {
    const m = (e as ErrorLike).message;
    if (typeof m === 'string' && m !== '') return m;
  }
  return String(e);
}
