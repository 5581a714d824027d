import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { z } from 'zod';
import { CreateApiToken, type ApiTokenDto, type CreatedApiToken } from '../../../../contracts/identity.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requirePermission, type Ctx } from '../../../platform/context.js';
import type { AppDeps } from '../../../platform/deps.js';
import { NotFoundError } from '../../../platform/errors.js';
import { cursorTime, decodeCursor, encodeCursor, page, type PageQuery } from '../../../platform/http/pagination.js';
import { apiKeys } from '../identity.tables.js';
import { notifySecurityChange } from './notify-security-change.js';

const present = (k: typeof apiKeys.$inferSelect): ApiTokenDto => ({
  id: k.id,
  name: k.name ?? '',
  start: k.start,
  createdAt: k.createdAt.toISOString(),
  expiresAt: k.expiresAt?.toISOString() ?? null,
  lastUsedAt: k.lastRequest?.toISOString() ?? null,
});

/** The caller's personal API tokens (never the secrets), newest first. Requires `profile.manage`. */
export async function listMyTokens(ctx: Ctx, q: PageQuery): Promise<{ items: ApiTokenDto[]; nextCursor: string | null }> {
  requirePermission(ctx, 'profile.manage');
  const after = decodeCursor(q.cursor);
  const where = [eq(apiKeys.referenceId, ctx.actor.userId)];
  if (after) {
    const at = cursorTime(after);
    where.push(or(lt(apiKeys.createdAt, at), and(eq(apiKeys.createdAt, at), lt(apiKeys.id, after.id)))!);
  }
  const rows = await ctx.db.select().from(apiKeys).where(and(...where)).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)).limit(q.limit + 1);
  const p = page(rows, q.limit, (k) => encodeCursor(k.createdAt.toISOString(), k.id));
  return { items: p.items.map(present), nextCursor: p.nextCursor };
}

/**
 * Creates a personal API token acting with the caller's own permissions. The secret is returned
 * once and stored hashed. Requires `profile.manage` and a session (a token cannot mint tokens).
 */
export async function createMyToken(ctx: Ctx, deps: AppDeps, input: z.infer<typeof CreateApiToken>): Promise<z.infer<typeof CreatedApiToken>> {
  requirePermission(ctx, 'profile.manage');
  const data = CreateApiToken.parse(input);
  if (ctx.via !== 'session') throw new NotFoundError('route');
  const created = await deps.auth.api.createApiKey({
    body: { name: data.name, expiresIn: data.expiresInDays * 86400, userId: ctx.actor.userId },
  });
  const [row] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
  await audit(ctx.db, auditSource(ctx), {
    orgId: ctx.actor.orgId,
    action: 'auth.api_token_created',
    targetType: 'api_token',
    targetId: created.id,
    after: { name: data.name, expiresInDays: data.expiresInDays },
  });
  await notifySecurityChange(deps, ctx.actor.userId, 'api_token_created');
  return { ...present(row!), token: created.key };
}

/** Revokes one of the caller's tokens (404 for anyone else's). Requires `profile.manage`. */
export async function revokeMyToken(ctx: Ctx, deps: AppDeps, tokenId: string): Promise<void> {
  requirePermission(ctx, 'profile.manage');
  const gone = await ctx.db.delete(apiKeys).where(and(eq(apiKeys.id, tokenId), eq(apiKeys.referenceId, ctx.actor.userId))).returning({ id: apiKeys.id });
  if (gone.length === 0) throw new NotFoundError('API token');
  await audit(ctx.db, auditSource(ctx), { orgId: ctx.actor.orgId, action: 'auth.api_token_revoked', targetType: 'api_token', targetId: tokenId });
  await deps.invalidateUser(ctx.actor.userId);
}
