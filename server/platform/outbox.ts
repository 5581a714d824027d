import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx, Tx } from './db/client.js';

/**
 * Transactional outbox: events are written in the same transaction as the change and handed to
 * subscribers by the dispatcher after commit, so a rolled-back change never notifies anyone.
 * See docs/adr/0005-outbox-dispatch.md.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: uuid('id').primaryKey(),
    topic: text('topic').notNull(),
    orgId: uuid('org_id'),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    /** Failed dispatch attempts so far; the next one is not tried before next_attempt_at. */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** Given up after MAX_DISPATCH_ATTEMPTS: kept for an operator, never tried again. */
    failedAt: timestamp('failed_at', { withTimezone: true }),
  },
  (t) => [index('outbox_events_due_idx').on(t.nextAttemptAt, t.id).where(sql`processed_at IS NULL AND failed_at IS NULL`)],
);

/** Records an event in the caller's transaction. */
export async function outbox(tx: DbOrTx, topic: string, orgId: string | null, payload: Record<string, unknown>) {
  await outboxInsert(tx, [{ topic, orgId, payload }]);
}

/** Several events in one statement (in this order: ids are time-ordered, so they dispatch in it). */
export async function outboxMany(tx: DbOrTx, events: { topic: string; orgId: string | null; payload: Record<string, unknown> }[]) {
  if (events.length) await outboxInsert(tx, events);
}

/** The INSERT of `outboxMany`, not yet run (at least one event), to be run as a part of another statement. */
export function outboxInsert(tx: DbOrTx, events: { topic: string; orgId: string | null; payload: Record<string, unknown> }[]) {
  return tx.insert(outboxEvents).values(events.map((e) => ({ id: uuidv7(), ...e })));
}

export type OutboxEvent = { id: string; topic: string; orgId: string | null; payload: Record<string, unknown>; createdAt: Date; attempts: number };

/**
 * A subscriber. It runs inside the dispatcher's transaction (`tx`): whatever it writes (notifications,
 * queued mail, realtime NOTIFYs) commits together with the event being marked processed, or not at all.
 * It must use `tx`, never the pool (on PGlite that would wait for the transaction it is in).
 */
export type EventHandler = (tx: Tx, event: OutboxEvent) => Promise<void>;

/** The subscribers of one app instance; modules register theirs when the app is built. */
export type EventRegistry = {
  onEvent(topic: string, handler: EventHandler): void;
  handlersFor(topic: string): readonly EventHandler[];
  topics(): string[];
};

export function createEventRegistry(): EventRegistry {
  const handlers = new Map<string, EventHandler[]>();
  return {
    onEvent(topic, handler) {
      handlers.set(topic, [...(handlers.get(topic) ?? []), handler]);
    },
    handlersFor: (topic) => handlers.get(topic) ?? [],
    topics: () => [...handlers.keys()],
  };
}

/** Attempts before an event is given up (failed_at set); about nine hours of retries in all. */
export const MAX_DISPATCH_ATTEMPTS = 12;
/** Back-off after the n-th failure: 5 s, 10 s, 20 s, … capped at one hour. */
export const dispatchRetryDelayMs = (attempts: number) => Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

export type DispatchDeps = { db: Db; events: EventRegistry };
export type DispatchResult = { processed: number; failed: number };

/**
 * Hands due events to their subscribers until none is due or `limit` were handled. Events are claimed
 * in batches (`batchSize`, one transaction per batch) with FOR UPDATE SKIP LOCKED and stay locked while
 * their handlers run, so several dispatchers (instances, or `concurrency` workers of one) never handle
 * the same event, and one that dies simply releases its batch. Each event's handlers run in a savepoint
 * of their own: if one throws, that event's writes are rolled back, the failure is counted and the
 * event is due again after a back-off, while the batch goes on. The processed events are marked in one
 * statement and commit together with everything their handlers wrote. Within a batch events are handled
 * in their order (ids are time-ordered). Only topics this instance subscribes to are claimed: an
 * instance of an older release leaves newer topics to the instances that know them.
 */
export async function dispatchPending(
  deps: DispatchDeps,
  opts: { limit?: number; batchSize?: number; concurrency?: number; onError?: (event: OutboxEvent, err: unknown) => void } = {},
): Promise<DispatchResult> {
  const topics = deps.events.topics();
  const result: DispatchResult = { processed: 0, failed: 0 };
  if (topics.length === 0) return result;
  const limit = opts.limit ?? 200;
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? 25, limit));
  const worker = async () => {
    while (result.processed + result.failed < limit) {
      const r = await dispatchBatch(deps, topics, Math.min(batchSize, limit - result.processed - result.failed), opts.onError);
      result.processed += r.processed;
      result.failed += r.failed;
      if (r.processed + r.failed === 0) break;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker));
  return result;
}

async function dispatchBatch(deps: DispatchDeps, topics: string[], size: number, onError?: (event: OutboxEvent, err: unknown) => void): Promise<DispatchResult> {
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(outboxEvents)
      .where(and(isNull(outboxEvents.processedAt), isNull(outboxEvents.failedAt), lte(outboxEvents.nextAttemptAt, sql`now()`), inArray(outboxEvents.topic, topics)))
      .orderBy(asc(outboxEvents.nextAttemptAt), asc(outboxEvents.id))
      .limit(size)
      .for('update', { skipLocked: true });
    const done: string[] = [];
    let failed = 0;
    for (const row of rows) {
      const event: OutboxEvent = { id: row.id, topic: row.topic, orgId: row.orgId, payload: (row.payload ?? {}) as Record<string, unknown>, createdAt: row.createdAt, attempts: row.attempts };
      try {
        await tx.transaction(async (sp) => {
          for (const handler of deps.events.handlersFor(row.topic)) await handler(sp, event);
        });
        done.push(row.id);
      } catch (err) {
        failed++;
        const attempts = row.attempts + 1;
        const giveUp = attempts >= MAX_DISPATCH_ATTEMPTS;
        await tx
          .update(outboxEvents)
          .set({
            attempts,
            lastError: String(err instanceof Error ? (err.stack ?? err.message) : err).slice(0, 2000),
            nextAttemptAt: sql`now() + ${dispatchRetryDelayMs(attempts)} * interval '1 millisecond'`,
            ...(giveUp ? { failedAt: sql`now()` } : {}),
          })
          .where(eq(outboxEvents.id, row.id));
        onError?.(event, err);
      }
    }
    if (done.length) await tx.update(outboxEvents).set({ processedAt: sql`now()`, lastError: null }).where(inArray(outboxEvents.id, done));
    return { processed: done.length, failed };
  });
}

const ROUND_LIMIT = 500;

/**
 * Runs the dispatcher every `intervalMs` (never two rounds at once in one process). stop() waits for
 * the round in progress, so a shutdown never cuts a handler's transaction short.
 */
export function startDispatcher(deps: DispatchDeps, opts: { intervalMs?: number; concurrency?: number; onError?: (msg: string, err: unknown) => void } = {}) {
  const intervalMs = opts.intervalMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const round = async () => {
    try {
      // A full round means more is waiting: the next one starts at once instead of after the interval.
      const r = await dispatchPending(deps, { limit: ROUND_LIMIT, concurrency: opts.concurrency, onError: (e, err) => opts.onError?.(`outbox event ${e.topic} ${e.id} failed`, err) });
      busy = r.processed + r.failed >= ROUND_LIMIT;
    } catch (err) {
      opts.onError?.('outbox dispatch failed', err);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(schedule);
    }, busy ? 0 : intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** Housekeeping: processed events after a week, anything (given up, or of a topic nobody handles) after 30 days. */
export async function pruneOutbox(db: DbOrTx): Promise<void> {
  await db
    .delete(outboxEvents)
    .where(or(and(isNotNull(outboxEvents.processedAt), lt(outboxEvents.processedAt, sql`now() - interval '7 days'`)), lt(outboxEvents.createdAt, sql`now() - interval '30 days'`)));
}
