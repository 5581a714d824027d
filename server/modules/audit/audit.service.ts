import { and, desc, eq, gte, like, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { AuditQuery, type AuditEntryDto } from '../../../contracts/audit.js';
import { can, requirePermission, type Ctx } from '../../platform/context.js';
import { auditLog } from '../../platform/audit.js';
import { csvCell } from '../../platform/csv.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, page } from '../../platform/http/pagination.js';

type Row = typeof auditLog.$inferSelect;

export const presentAudit = (r: Row): AuditEntryDto => ({
  id: r.id,
  at: r.at.toISOString(),
  orgId: r.orgId,
  actorId: r.actorId,
  actorEmail: r.actorEmail,
  action: r.action,
  targetType: r.targetType,
  targetId: r.targetId,
  before: r.before ?? null,
  after: r.after ?? null,
  ip: r.ip,
  userAgent: r.userAgent,
  requestId: r.requestId,
});

/**
 * Filters of an audit query, scoped: customers (audit.read) see only their organisation; provider
 * admins (audit.read_all) see all, or one organisation with orgId.
 */
function scope(ctx: Ctx, q: z.infer<typeof AuditQuery>): SQL[] {
  requirePermission(ctx, 'audit.read');
  const where: SQL[] = [];
  if (can(ctx, 'audit.read_all')) {
    if (q.orgId) where.push(eq(auditLog.orgId, q.orgId));
  } else {
    if (q.orgId && q.orgId !== ctx.actor.orgId) throw new NotFoundError('organisation');
    where.push(eq(auditLog.orgId, ctx.actor.orgId));
  }
  if (q.actorId) where.push(eq(auditLog.actorId, q.actorId));
  if (q.action) where.push(q.action.endsWith('*') ? like(auditLog.action, q.action.slice(0, -1).replace(/[%_]/g, '') + '%') : eq(auditLog.action, q.action));
  if (q.from) where.push(gte(auditLog.at, new Date(q.from)));
  // Inclusive to the whole millisecond shown in the API (the database keeps microseconds).
  if (q.to) where.push(sql`${auditLog.at} < ${new Date(new Date(q.to).getTime() + 1).toISOString()}::timestamptz`);
  return where;
}

/** A page of the audit log, newest first. Requires `audit.read`. */
export async function listAudit(ctx: Ctx, input: z.input<typeof AuditQuery>) {
  const q = AuditQuery.parse(input);
  const where = scope(ctx, q);
  const after = decodeCursor(q.cursor);
  if (after) {
    // A cursor this server issued holds a UTC timestamp (to the microsecond); else 400, not 500.
    const ms = CURSOR_AT.test(after.key) ? Date.parse(after.key) : NaN;
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== after.key.slice(0, 19)) {
      throw new ValidationError([{ path: 'query.cursor', message: 'is not a cursor this server issued' }]);
    }
    where.push(sql`(${auditLog.at}, ${auditLog.id}) < (${after.key}::timestamptz, ${after.id}::uuid)`);
  }
  // The cursor keeps `at` to the microsecond (PostgreSQL's precision): a JS Date keeps milliseconds
  // only, and entries sharing a millisecond would otherwise be skipped between pages.
  const rows = await ctx.db
    .select({ entry: auditLog, atKey: sql<string>`to_char(${auditLog.at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (r) => encodeCursor(r.atKey, r.entry.id));
  return { items: p.items.map((r) => presentAudit(r.entry)), nextCursor: p.nextCursor };
}

const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

const CSV_COLUMNS = ['at', 'orgId', 'actorEmail', 'actorId', 'action', 'targetType', 'targetId', 'ip', 'userAgent', 'requestId', 'before', 'after'] as const;

/** The matching audit entries as CSV, streamed in pages. Requires `audit.read`. */
export async function* exportAuditCsv(ctx: Ctx, input: z.input<typeof AuditQuery>): AsyncGenerator<string> {
  const q = AuditQuery.parse({ ...input, limit: 500 });
  scope(ctx, q); // permission and scope checked before the first byte
  yield CSV_COLUMNS.join(',') + '\r\n';
  let cursor: string | undefined;
  do {
    const p = await listAudit(ctx, { ...q, cursor, limit: 500 });
    yield p.items.map((e) => CSV_COLUMNS.map((c) => csvCell(e[c])).join(',')).join('\r\n') + (p.items.length ? '\r\n' : '');
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
}
