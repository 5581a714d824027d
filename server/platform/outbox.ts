import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';
import type { DbOrTx } from './db/client.js';

/**
 * Transactional outbox: events are written in the same transaction as the change and handed to
 * subscribers by a job after commit, so a rolled-back change never notifies anyone.
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
  },
  (t) => [index('outbox_events_pending_idx').on(t.processedAt, t.createdAt)],
);

/** Records an event in the caller's transaction. */
export async function outbox(tx: DbOrTx, topic: string, orgId: string | null, payload: Record<string, unknown>) {
  await tx.insert(outboxEvents).values({ id: uuidv7(), topic, orgId, payload });
}
