import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { audit } from '../../../platform/audit.js';
import { auditSource, requirePermission, withTx, type Ctx } from '../../../platform/context.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { NotFoundError, UnauthenticatedError, ForbiddenError } from '../../../platform/errors.js';
import { integrationTokens } from '../more.tables.js';

export const INTEGRATION_SCOPES = ['alerts', 'access_events'] as const;
export type IntegrationScope = (typeof INTEGRATION_SCOPES)[number];

export const CreateIntegrationToken = z.strictObject({
  name: z.string().trim().min(2).max(80),
  scopes: z.array(z.enum(INTEGRATION_SCOPES)).min(1),
  autoResolve: z.boolean().default(false),
});

export const IntegrationTokenDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scopes: z.array(z.string()),
    autoResolve: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
    lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'IntegrationToken' });

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const present = (r: typeof integrationTokens.$inferSelect) => ({ id: r.id, name: r.name, scopes: r.scopes, autoResolve: r.autoResolve, createdAt: r.createdAt.toISOString(), lastUsedAt: r.lastUsedAt?.toISOString() ?? null });

/** A token for a monitoring or access-control system (provider admins). Shown once, stored hashed. */
export async function createIntegrationToken(ctx: Ctx, input: z.input<typeof CreateIntegrationToken>) {
  requirePermission(ctx, 'integrations.manage');
  const data = CreateIntegrationToken.parse(input);
  const token = `pit_${randomBytes(32).toString('base64url')}`;
  return withTx(ctx, async (tx) => {
    const [row] = await tx
      .insert(integrationTokens)
      .values({ id: uuidv7(), name: data.name, tokenHash: hash(token), scopes: [...new Set(data.scopes)], autoResolve: data.autoResolve, createdBy: ctx.actor.userId })
      .returning();
    await audit(tx, auditSource(ctx), { orgId: null, action: 'integration.token_created', targetType: 'integration_token', targetId: row!.id, after: { name: data.name, scopes: data.scopes } });
    return { ...present(row!), token };
  });
}

export async function listIntegrationTokens(ctx: Ctx) {
  requirePermission(ctx, 'integrations.manage');
  const rows = await ctx.db.select().from(integrationTokens).where(isNull(integrationTokens.revokedAt)).orderBy(desc(integrationTokens.createdAt));
  return { items: rows.map(present) };
}

export async function revokeIntegrationToken(ctx: Ctx, id: string) {
  requirePermission(ctx, 'integrations.manage');
  await withTx(ctx, async (tx) => {
    const [row] = await tx.update(integrationTokens).set({ revokedAt: new Date() }).where(and(eq(integrationTokens.id, id), isNull(integrationTokens.revokedAt))).returning();
    if (!row) throw new NotFoundError('integration token');
    await audit(tx, auditSource(ctx), { orgId: null, action: 'integration.token_revoked', targetType: 'integration_token', targetId: id });
  });
}

/** The token behind `Authorization: Bearer pit_…` if it is live and holds the scope; else 401/403. */
export async function verifyIntegrationToken(db: DbOrTx, authorization: string | undefined, scope: IntegrationScope) {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
  if (!token.startsWith('pit_')) throw new UnauthenticatedError('Send an integration token: Authorization: Bearer pit_…');
  const [row] = await db.select().from(integrationTokens).where(eq(integrationTokens.tokenHash, hash(token)));
  if (!row || row.revokedAt) throw new UnauthenticatedError('This integration token is not valid.');
  if (!row.scopes.includes(scope)) throw new ForbiddenError(`This integration token may not send ${scope.replace('_', ' ')}.`);
  await db.update(integrationTokens).set({ lastUsedAt: new Date() }).where(eq(integrationTokens.id, row.id));
  return row;
}
