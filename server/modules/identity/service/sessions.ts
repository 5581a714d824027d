import { and, desc, eq, gt, lt, ne, or } from 'drizzle-orm';
import type { SessionDto } from '../../../../contracts/identity.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requirePermission, type Ctx } from '../../../platform/context.js';
import type { AppDeps } from '../../../platform/deps.js';
import { NotFoundError } from '../../../platform/errors.js';
import { cursorTime, decodeCursor, encodeCursor, page, type PageQuery } from '../../../platform/http/pagination.js';
import { sessions } from '../identity.tables.js';

/** The caller's own live sessions, most recently used first. Requires `profile.manage`. */
export async function listMySessions(ctx: Ctx, q: PageQuery): Promise<{ items: SessionDto[]; nextCursor: string | null }> {
  requirePermission(ctx, 'profile.manage');
  const after = decodeCursor(q.cursor);
  const where = [eq(sessions.userId, ctx.actor.userId), gt(sessions.expiresAt, new Date())];
  if (after) {
    const at = cursorTime(after);
    where.push(or(lt(sessions.updatedAt, at), and(eq(sessions.updatedAt, at), lt(sessions.id, after.id)))!);
  }
  const rows = await ctx.db.select().from(sessions).where(and(...where)).orderBy(desc(sessions.updatedAt), desc(sessions.id)).limit(q.limit + 1);
  const p = page(rows, q.limit, (s) => encodeCursor(s.updatedAt.toISOString(), s.id));
  return {
    nextCursor: p.nextCursor,
    items: p.items.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      ipAddress: s.ipAddress,
      userAgent: s.userAgent,
      current: s.id === ctx.sessionId,
    })),
  };
}

/** Ends one of the caller's sessions (404 for anyone else's). Requires `profile.manage`. */
export async function revokeMySession(ctx: Ctx, deps: AppDeps, sessionId: string): Promise<void> {
  requirePermission(ctx, 'profile.manage');
  const gone = await ctx.db.delete(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.userId, ctx.actor.userId))).returning({ id: sessions.id });
  if (gone.length === 0) throw new NotFoundError('session');
  await audit(ctx.db, auditSource(ctx), { orgId: ctx.actor.orgId, action: 'auth.session_revoked', targetType: 'session', targetId: sessionId });
  await deps.invalidateUser(ctx.actor.userId);
}

/** Ends every session of the caller but the current one. Requires `profile.manage`. */
export async function revokeOtherSessions(ctx: Ctx, deps: AppDeps): Promise<number> {
  requirePermission(ctx, 'profile.manage');
  const where = ctx.sessionId ? and(eq(sessions.userId, ctx.actor.userId), ne(sessions.id, ctx.sessionId)) : eq(sessions.userId, ctx.actor.userId);
  const gone = await ctx.db.delete(sessions).where(where).returning({ id: sessions.id });
  await audit(ctx.db, auditSource(ctx), { orgId: ctx.actor.orgId, action: 'auth.sessions_revoked', targetType: 'user', targetId: ctx.actor.userId, after: { count: gone.length } });
  await deps.invalidateUser(ctx.actor.userId);
  return gone.length;
}
