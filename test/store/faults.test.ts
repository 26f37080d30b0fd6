/**
 * Writes that fail (reliability.md: "quota exceeded mid-write", "concurrency and lifecycle"): a
 * fast-check model test drives three stores on one database — the background, the side panel and
 * the library, as three contexts of the extension would — with random creates, updates, deletes,
 * restores and imports, more than 1,000 writes in all. A Dexie DBCore middleware makes random
 * writes fail after IndexedDB has executed them (so the transaction really has something to roll
 * back), with a `QuotaExceededError`, the same wrapped in Dexie's `AbortError.inner`
 * (dexie/Dexie.js#2098), or a closed connection; other steps close a context's connection under
 * it, as a stopping service worker does.
 *
 * After every step: a failed write answered `quota` or `closed` (never threw), the database holds
 * exactly what the committed writes made (nothing lost, nothing half-written), and the next write,
 * from any context, works.
 */
import Dexie, { type DBCore, type Middleware } from 'dexie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation, ColourId, Status } from '../../lib/annotation/model.ts';
import { writeErrorOf } from '../../lib/store/errors.ts';
import type { Store } from '../../lib/store/store.ts';
import { afterMutation, freshName, passageOn, testStore } from './helpers.ts';

/**
 * The faults: a quota error as IndexedDB raises it, the same inside Dexie's AbortError, and a
 * closed connection once (the store reopens and retries: the write succeeds) or twice in a row
 * (the store answers `closed`).
 */
type FaultKind = 'quota' | 'quota-in-abort' | 'closed-once' | 'closed-twice';

/** The next mutations of any store fail, after IndexedDB executed them. */
interface FaultSwitch {
  next: FaultKind | null;
  /** How many more mutations fail. */
  left: number;
  fired: number;
}

function faultError(kind: FaultKind): Error {
  const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  if (kind === 'quota') return quota;
  if (kind === 'quota-in-abort') return new Dexie.AbortError('Transaction aborted', quota);
  return new Dexie.DatabaseClosedError('Database has been closed');
}

/** What the write answers when `kind` fired. */
const EXPECTED: Record<FaultKind, 'quota' | 'closed' | 'ok'> = {
  quota: 'quota',
  'quota-in-abort': 'quota',
  'closed-once': 'ok',
  'closed-twice': 'closed',
};

function faultMiddleware(sw: FaultSwitch): Middleware<DBCore> {
  return afterMutation('fault-injection', () => {
    const kind = sw.next;
    if (kind && sw.left > 0) {
      sw.left--;
      sw.fired++;
      throw faultError(kind);
    }
  });
}

interface Model {
  /** What the committed writes made, by id. */
  records: Map<string, Annotation>;
  /** Deleted records, for restore. */
  deleted: Annotation[];
  serial: number;
}

interface Real {
  contexts: Store[];
  sw: FaultSwitch;
  writes: { ok: number; failed: number; faulted: number };
}

/** The database's contents (read through a context), by id. */
async function contents(store: Store): Promise<Map<string, Annotation>> {
  const out = new Map<string, Annotation>();
  for await (const batch of store.annotations.iterate(100)) for (const a of batch) out.set(a.id, a);
  return out;
}

/** Runs one write with an optional fault and checks the answer; returns the result when ok. */
async function attempt<T extends { ok: boolean }>(
  r: Real,
  fault: FaultKind | null,
  write: () => Promise<T>,
): Promise<T | null> {
  r.sw.next = fault;
  r.sw.left = fault === 'closed-twice' ? 2 : 1;
  const firedBefore = r.sw.fired;
  const result = await write();
  const fired = fault !== null && r.sw.fired > firedBefore;
  r.sw.next = null;
  r.sw.left = 0;
  if (fired) r.writes.faulted++;
  if (fired && EXPECTED[fault] !== 'ok') {
    r.writes.failed++;
    expect(result.ok).toBe(false);
    expect((result as unknown as { error: string }).error).toBe(EXPECTED[fault]);
    return null;
  }
  expect(result, JSON.stringify(result).slice(0, 300)).toMatchObject({ ok: true });
  r.writes.ok++;
  return result;
}

/** One write in three fails, one way or another. */
const faultArb: fc.Arbitrary<FaultKind | null> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 2 },
  {
    arbitrary: fc.constantFrom<FaultKind>('quota', 'quota-in-abort', 'closed-once', 'closed-twice'),
    weight: 1,
  },
);
const ctxArb = fc.nat({ max: 2 });

class CreateCmd implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly ctx: number,
    readonly fault: FaultKind | null,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    m.serial++;
    const p = passageOn(`https://m${m.serial % 7}.gov.cn/page`, m.serial, `段落${m.serial}`);
    const res = await attempt(r, this.fault, () =>
      (r.contexts[this.ctx] as Store).annotations.create({ passage: p }),
    );
    if (res?.ok) m.records.set(res.annotation.id, res.annotation);
  }
  toString = () => `create(ctx ${this.ctx}, fault ${this.fault})`;
}

class UpdateCmd implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly ctx: number,
    readonly pick: number,
    readonly patch: { note?: string; colour?: ColourId; status?: Status; tags?: string[] },
    readonly fault: FaultKind | null,
  ) {}
  check = (m: Readonly<Model>) => m.records.size > 0;
  async run(m: Model, r: Real): Promise<void> {
    const ids = [...m.records.keys()];
    const id = ids[this.pick % ids.length] as string;
    const res = await attempt(r, this.fault, () =>
      (r.contexts[this.ctx] as Store).annotations.update(id, this.patch),
    );
    if (res?.ok) m.records.set(id, res.annotation);
  }
  toString = () => `update(ctx ${this.ctx}, ${JSON.stringify(this.patch)}, fault ${this.fault})`;
}

class DeleteCmd implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly ctx: number,
    readonly pick: number,
    readonly fault: FaultKind | null,
  ) {}
  check = (m: Readonly<Model>) => m.records.size > 0;
  async run(m: Model, r: Real): Promise<void> {
    const ids = [...m.records.keys()];
    const id = ids[this.pick % ids.length] as string;
    const res = await attempt(r, this.fault, () => (r.contexts[this.ctx] as Store).annotations.delete(id));
    if (res?.ok) {
      expect(res.annotation).toEqual(m.records.get(id));
      m.records.delete(id);
      m.deleted.push(res.annotation);
    }
  }
  toString = () => `delete(ctx ${this.ctx}, fault ${this.fault})`;
}

class RestoreCmd implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly ctx: number,
    readonly fault: FaultKind | null,
  ) {}
  check = (m: Readonly<Model>) => m.deleted.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const record = m.deleted[m.deleted.length - 1] as Annotation;
    const res = await attempt(r, this.fault, () =>
      (r.contexts[this.ctx] as Store).annotations.restore(record),
    );
    if (res?.ok) {
      m.deleted.pop();
      m.records.set(record.id, res.annotation);
    }
  }
  toString = () => `restore(ctx ${this.ctx}, fault ${this.fault})`;
}

class ImportCmd implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly ctx: number,
    readonly n: number,
    readonly fault: FaultKind | null,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const batch: Annotation[] = [];
    for (let i = 0; i < this.n; i++) {
      m.serial++;
      const hex = m.serial.toString(16).padStart(12, '0');
      const p = passageOn(`https://import.gov.cn/${m.serial}`, m.serial);
      batch.push({
        id: `11111111-2222-4333-8444-${hex}`,
        page: p.page,
        keys: [`https://import.gov.cn/${m.serial}`],
        quote: p.quote,
        position: p.position,
        measureId: null,
        colour: 'blue',
        tags: ['imported'],
        note: `imported ${m.serial}`,
        status: 'none',
        created: '2025-01-01T00:00:00.000Z',
        updated: '2025-01-01T00:00:00.000Z',
      });
    }
    const res = await attempt(r, this.fault, () =>
      (r.contexts[this.ctx] as Store).annotations.bulkPut(batch),
    );
    if (res?.ok) {
      expect(res.written).toBe(this.n);
      for (const a of batch) m.records.set(a.id, a);
    }
  }
  toString = () => `import(ctx ${this.ctx}, ${this.n}, fault ${this.fault})`;
}

/** The browser closes a context's connection (a service worker stops, storage is cleared). */
class CloseCmd implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ctx: number) {}
  check = () => true;
  async run(_m: Model, r: Real): Promise<void> {
    // An explicit close: Dexie then fails every call with DatabaseClosedError until reopened.
    (r.contexts[this.ctx] as Store).db.close();
  }
  toString = () => `close(ctx ${this.ctx})`;
}

const commands = [
  fc.tuple(ctxArb, faultArb).map(([c, f]) => new CreateCmd(c, f)),
  fc.tuple(ctxArb, faultArb).map(([c, f]) => new CreateCmd(c, f)),
  fc
    .tuple(
      ctxArb,
      fc.nat(),
      fc.record(
        {
          note: fc.string({ maxLength: 40 }),
          colour: fc.constantFrom<ColourId>('yellow', 'green', 'blue', 'pink', 'orange'),
          status: fc.constantFrom<Status>('none', 'relevant', 'todo', 'done'),
          tags: fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }),
        },
        { requiredKeys: [] },
      ),
      faultArb,
    )
    .map(([c, pick, patch, f]) => new UpdateCmd(c, pick, patch, f)),
  fc.tuple(ctxArb, fc.nat(), faultArb).map(([c, pick, f]) => new DeleteCmd(c, pick, f)),
  fc.tuple(ctxArb, faultArb).map(([c, f]) => new RestoreCmd(c, f)),
  fc.tuple(ctxArb, fc.integer({ min: 1, max: 6 }), faultArb).map(([c, n, f]) => new ImportCmd(c, n, f)),
  ctxArb.map((c) => new CloseCmd(c)),
];

describe('faults on random writes, from three contexts', () => {
  it('over 1,000 writes: errors are answered, nothing committed is lost, every context keeps working', async () => {
    const totals = { ok: 0, failed: 0, faulted: 0, runs: 0 };
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 150, size: 'max' }), async (cmds) => {
        const sw: FaultSwitch = { next: null, left: 0, fired: 0 };
        const name = freshName('faults');
        const contexts = [0, 1, 2].map(() =>
          testStore({ name, onChange: () => undefined, configure: (db) => db.use(faultMiddleware(sw)) }),
        );
        const real: Real = { contexts, sw, writes: { ok: 0, failed: 0, faulted: 0 } };
        const model: Model = { records: new Map(), deleted: [], serial: 0 };
        const checked = [...cmds].map((cmd) => ({
          check: (m: Readonly<Model>) => cmd.check(m),
          run: async (m: Model, r: Real) => {
            await cmd.run(m, r);
            // The database holds exactly what the committed writes made, seen from any context.
            const seen = await contents(r.contexts[(m.serial + 1) % 3] as Store);
            expect(seen).toEqual(m.records);
          },
          toString: () => cmd.toString(),
        }));
        await fc.asyncModelRun(() => ({ model, real }), checked);
        // After everything, each context still writes.
        for (const c of contexts) {
          const r = await c.annotations.create({ passage: passageOn('https://after.gov.cn/x') });
          expect(r.ok).toBe(true);
        }
        totals.ok += real.writes.ok;
        totals.failed += real.writes.failed;
        totals.faulted += real.writes.faulted;
        totals.runs++;
        for (const c of contexts) c.db.close();
      }),
      { numRuns: 25, seed: 20261201, endOnFailure: true },
    );
    console.info(
      `faults: ${totals.runs} runs, ${totals.ok} writes ok, ${totals.failed} failed as they should, ${totals.faulted} faults injected`,
    );
    expect(totals.ok + totals.failed).toBeGreaterThan(1_000);
    expect(totals.failed).toBeGreaterThan(100);
    expect(totals.faulted).toBeGreaterThan(totals.failed);
  }, 120_000);
});

describe('writeErrorOf', () => {
  it('finds a quota error wherever Dexie put it', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(writeErrorOf(quota).error).toBe('quota');
    expect(writeErrorOf(new Dexie.AbortError('aborted', quota)).error).toBe('quota');
    expect(writeErrorOf(new Dexie.BulkError('bulk', { 3: quota } as never)).error).toBe('quota');
    expect(writeErrorOf({ name: 'Error', code: 22, message: 'legacy' }).error).toBe('quota');
    expect(writeErrorOf(new Dexie.DatabaseClosedError('closed')).error).toBe('closed');
    expect(writeErrorOf(new Dexie.OpenFailedError('open failed', new Error('VersionError'))).error).toBe(
      'closed',
    );
    expect(writeErrorOf(new Dexie.ConstraintError('duplicate key')).error).toBe('invalid');
    expect(writeErrorOf(new Error('disk on fire'))).toEqual({ error: 'unknown', message: 'disk on fire' });
    expect(writeErrorOf('a string').error).toBe('unknown');
    // A self-referencing error does not loop.
    const loop: { name: string; inner?: unknown } = { name: 'AbortError' };
    loop.inner = loop;
    expect(writeErrorOf(loop).error).toBe('unknown');
  });
});
