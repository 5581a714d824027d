import { and, desc, eq, gte, like, lt, lte, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { AuditQuery, type AuditEntryDto } from '../../../contracts/audit.js';
import { can, requirePermission, type Ctx } from '../../platform/context.js';
import { auditLog } from '../../platform/audit.js';
import { NotFoundError } from '../../platform/errors.js';
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
  if (q.to) where.push(lte(auditLog.at, new Date(q.to)));
  return where;
}

/** A page of the audit log, newest first. Requires `audit.read`. */
export async function listAudit(ctx: Ctx, input: z.input<typeof AuditQuery>) {
  const q = AuditQuery.parse(input);
  const where = scope(ctx, q);
  const after = decodeCursor(q.cursor);
  if (after) {
    const at = new Date(after.key);
    where.push(or(lt(auditLog.at, at), and(eq(auditLog.at, at), lt(auditLog.id, after.id)))!);
  }
  const rows = await ctx.db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(q.limit + 1);
  const p = page(rows, q.limit, (r) => encodeCursor(r.at.toISOString(), r.id));
  return { items: p.items.map(presentAudit), nextCursor: p.nextCursor };
}

const CSV_COLUMNS = ['at', 'orgId', 'actorEmail', 'actorId', 'action', 'targetType', 'targetId', 'ip', 'userAgent', 'requestId', 'before', 'after'] as const;

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s; // no formula injection in spreadsheets
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

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
