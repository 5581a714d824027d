import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createTestApp, uniq, type TestApp } from '../../test/support/harness.js';
import { openDatabase, type Database } from './db/client.js';
import {
  createEventRegistry,
  dispatchPending,
  MAX_DISPATCH_ATTEMPTS,
  outbox,
  outboxEvents,
  startDispatcher,
  type DispatchDeps,
  type OutboxEvent,
} from './outbox.js';

/**
 * The outbox dispatcher. Every test uses topics of its own, so on a PostgreSQL database shared with
 * other test files (which dispatch ticket topics) nothing here is handled by anyone else.
 */
let t: TestApp;
/** A second connection pool to the same database on PostgreSQL: a second instance, for the race. */
let second: Database | null = null;

beforeAll(async () => {
  t = await createTestApp();
  if (t.deps.database.kind === 'postgres') second = await openDatabase({ kind: 'postgres', url: t.deps.database.url!, poolSize: 4 });
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

async function write(topic: string, n: number): Promise<string[]> {
  await t.deps.db.transaction(async (tx) => {
    for (let i = 0; i < n; i++) await outbox(tx, topic, null, { n: i });
  });
  const rows = await t.deps.db.select({ id: outboxEvents.id }).from(outboxEvents).where(eq(outboxEvents.topic, topic));
  return rows.map((r) => r.id);
}
const rowsOf = (topic: string) => t.deps.db.select().from(outboxEvents).where(eq(outboxEvents.topic, topic));

/** Dispatches until nothing is left that is due (other files may add events meanwhile; they are not ours). */
async function settle(deps: DispatchDeps, concurrency = 1) {
  for (let i = 0; i < 50; i++) {
    const r = await dispatchPending(deps, { concurrency, batchSize: 7 });
    if (r.processed + r.failed === 0) return;
  }
}

describe('outbox dispatcher', () => {
  it('hands every event to its subscribers exactly once, even with two dispatchers of several workers racing', async () => {
    const topic = `test.race.${uniq()}`;
    const ids = await write(topic, 40);
    const seen: { by: string; id: string }[] = [];
    const dispatcher = (db: Database['db'], by: string): DispatchDeps => {
      const events = createEventRegistry();
      events.onEvent(topic, async (tx, e) => {
        // Some work in the transaction, so the two dispatchers overlap.
        await tx.execute(sql`SELECT 1`);
        seen.push({ by, id: e.id });
      });
      events.onEvent(topic, async (_tx, e) => {
        seen.push({ by: `${by}-second-handler`, id: e.id });
      });
      return { db, events };
    };
    const a = dispatcher(t.deps.db, 'a');
    const b = dispatcher(second?.db ?? t.deps.db, 'b');
    await Promise.all([settle(a, 3), settle(b, 2), settle(a), settle(b)]);

    const first = seen.filter((s) => !s.by.endsWith('second-handler'));
    expect(first.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(seen.filter((s) => s.by.endsWith('second-handler')).map((s) => s.id).sort()).toEqual([...ids].sort());
    const rows = await rowsOf(topic);
    expect(rows.every((r) => r.processedAt !== null && r.attempts === 0 && r.failedAt === null)).toBe(true);
    // Nothing is handed out again.
    expect(await dispatchPending(a)).toEqual({ processed: 0, failed: 0 });
  });

  it('rolls back a failing event’s writes, retries it after a back-off, and goes on with the others', async () => {
    const topic = `test.flaky.${uniq()}`;
    const marker = `test.marker.${uniq()}`;
    const [bad, ...good] = await write(topic, 4);
    let failNow = true;
    const handled: string[] = [];
    const errors: OutboxEvent[] = [];
    const events = createEventRegistry();
    events.onEvent(topic, async (tx, e) => {
      await outbox(tx, marker, null, { for: e.id }); // a write the failure must take back
      if (e.id === bad && failNow) throw new Error('SMTP relay on fire');
      handled.push(e.id);
    });
    const deps = { db: t.deps.db, events };

    const r = await dispatchPending(deps, { onError: (e) => errors.push(e) });
    expect(r).toEqual({ processed: 3, failed: 1 });
    expect(handled.sort()).toEqual([...good].sort());
    expect(errors.map((e) => e.id)).toEqual([bad]);
    const [row] = await t.deps.db.select().from(outboxEvents).where(eq(outboxEvents.id, bad!));
    expect(row).toMatchObject({ processedAt: null, failedAt: null, attempts: 1 });
    expect(row!.lastError).toContain('SMTP relay on fire');
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(row!.createdAt.getTime());
    const markers = await t.deps.db.select().from(outboxEvents).where(eq(outboxEvents.topic, marker));
    expect(markers.map((m) => (m.payload as { for: string }).for).sort()).toEqual([...good].sort());

    // Not due yet: the next round leaves it alone.
    expect(await dispatchPending(deps)).toEqual({ processed: 0, failed: 0 });
    // Once due (time travel instead of waiting), it is handled and its writes stay.
    failNow = false;
    await t.deps.db.update(outboxEvents).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(outboxEvents.id, bad!));
    expect(await dispatchPending(deps)).toEqual({ processed: 1, failed: 0 });
    const [after] = await t.deps.db.select().from(outboxEvents).where(eq(outboxEvents.id, bad!));
    expect(after!.processedAt).not.toBeNull();
    expect(after!.lastError).toBeNull();
    expect(await t.deps.db.select().from(outboxEvents).where(and(eq(outboxEvents.topic, marker), sql`payload->>'for' = ${bad}`))).toHaveLength(1);
  });

  it('gives an event up after the last attempt and never claims it again', async () => {
    const topic = `test.doomed.${uniq()}`;
    const [id] = await write(topic, 1);
    const events = createEventRegistry();
    let calls = 0;
    events.onEvent(topic, async () => {
      calls++;
      throw new Error('always');
    });
    await t.deps.db.update(outboxEvents).set({ attempts: MAX_DISPATCH_ATTEMPTS - 1 }).where(eq(outboxEvents.id, id!));
    expect(await dispatchPending({ db: t.deps.db, events })).toEqual({ processed: 0, failed: 1 });
    const [row] = await t.deps.db.select().from(outboxEvents).where(eq(outboxEvents.id, id!));
    expect(row!.failedAt).not.toBeNull();
    expect(row!.attempts).toBe(MAX_DISPATCH_ATTEMPTS);
    await t.deps.db.update(outboxEvents).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(outboxEvents.id, id!));
    expect(await dispatchPending({ db: t.deps.db, events })).toEqual({ processed: 0, failed: 0 });
    expect(calls).toBe(1);
  });

  it('leaves topics it has no subscriber for to the instances that have one', async () => {
    const known = `test.known.${uniq()}`;
    const unknown = `test.unknown.${uniq()}`;
    await write(known, 1);
    await write(unknown, 1);
    const events = createEventRegistry();
    events.onEvent(known, async () => {});
    await settle({ db: t.deps.db, events });
    expect((await rowsOf(known))[0]!.processedAt).not.toBeNull();
    expect((await rowsOf(unknown))[0]!.processedAt).toBeNull();
  });

  it('runs on its own when started, and stop() waits for the round in progress', async () => {
    const topic = `test.started.${uniq()}`;
    const ids = await write(topic, 3);
    const events = createEventRegistry();
    const handled: string[] = [];
    events.onEvent(topic, async (_tx, e) => void handled.push(e.id));
    const d = startDispatcher({ db: t.deps.db, events }, { intervalMs: 20 });
    const until = Date.now() + 20_000;
    while (handled.length < ids.length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await d.stop();
    expect(handled.sort()).toEqual([...ids].sort());
    const rows = await t.deps.db.select().from(outboxEvents).where(inArray(outboxEvents.id, ids));
    expect(rows.every((r) => r.processedAt !== null)).toBe(true);
  });
});
