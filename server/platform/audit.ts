import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';
import type { DbOrTx } from './db/client.js';

/**
 * Append-only audit log. A trigger in the migrations refuses UPDATE and DELETE, so no code path,
 * API or not, can edit history. org_id is the organisation the event belongs to (null: system-wide).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    orgId: uuid('org_id'),
    actorId: uuid('actor_id'),
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
  },
  (t) => [index('audit_log_org_at_idx').on(t.orgId, t.at), index('audit_log_at_idx').on(t.at)],
);

/** Who did something and from where: the part of a request that the audit log records. */
export type AuditSource = {
  actorId: string | null;
  actorEmail: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
};

export type AuditEntry = {
  orgId: string | null;
  action: string;
  targetType?: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
};

const SECRET_KEYS = /password|secret|token|backupcodes|key$/i;

/** Drops secrets from before/after snapshots so the log never holds a credential. */
function scrub(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(scrub);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEYS.test(k))
        .map(([k, v]) => [k, scrub(v)]),
    );
  }
  return value;
}

/** Writes one audit record in the caller's transaction. */
export async function audit(tx: DbOrTx, source: AuditSource, entry: AuditEntry): Promise<void> {
  await auditInsert(tx, source, entry);
}

/**
 * The audit record's INSERT, not yet run: a hot path can run it as a part (a CTE) of its own statement
 * (see `writeTogether` in db/client.ts), so the record still commits with the change, in one round trip.
 */
export function auditInsert(tx: DbOrTx, source: AuditSource, entry: AuditEntry) {
  return tx.insert(auditLog).values({
    id: uuidv7(),
    orgId: entry.orgId,
    actorId: source.actorId,
    actorEmail: source.actorEmail,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    before: scrub(entry.before),
    after: scrub(entry.after),
    ip: source.ip,
    userAgent: source.userAgent,
    requestId: source.requestId,
  });
}
