import { and, asc, eq, gt, ilike, or, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { CreateOrg, SetOrgMfa, type OrgDto } from '../../../contracts/organisations.js';
import { audit } from '../../platform/audit.js';
import { auditSource, requirePermission, withTx, type Ctx } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db/client.js';
import type { AppDeps } from '../../platform/deps.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, page } from '../../platform/http/pagination.js';
import { outbox } from '../../platform/outbox.js';
import { countUsersByOrg, createInvitedUser } from '../identity/index.js';
import { organizations } from '../../platform/tenancy.js';

type OrgRow = typeof organizations.$inferSelect;

const present = (o: OrgRow, userCount: number): OrgDto => ({
  id: o.id,
  name: o.name,
  slug: o.slug,
  kind: o.kind as OrgDto['kind'],
  mfaRequired: o.mfaRequired,
  status: o.status,
  createdAt: o.createdAt.toISOString(),
  userCount,
});

export const slugify = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'org';

/** An organisation by id, or 404. */
async function getOrg(db: DbOrTx, id: string): Promise<OrgRow> {
  const [o] = await db.select().from(organizations).where(eq(organizations.id, id));
  if (!o) throw new NotFoundError('organisation');
  return o;
}

/** All organisations, by name. Requires `orgs.read_all` (provider staff). */
export async function listOrgs(ctx: Ctx, query: { cursor?: string; limit: number; q?: string }) {
  requirePermission(ctx, 'orgs.read_all');
  const after = decodeCursor(query.cursor);
  const where: (SQL | undefined)[] = [];
  if (query.q) where.push(ilike(organizations.name, `%${query.q}%`));
  if (after) where.push(or(gt(organizations.name, after.key), and(eq(organizations.name, after.key), gt(organizations.id, after.id))));
  const rows = await ctx.db.select().from(organizations).where(and(...where)).orderBy(asc(organizations.name), asc(organizations.id)).limit(query.limit + 1);
  const p = page(rows, query.limit, (o) => encodeCursor(o.name, o.id));
  const counts = await countUsersByOrg(ctx.db, p.items.map((o) => o.id));
  return { items: p.items.map((o) => present(o, counts.get(o.id) ?? 0)), nextCursor: p.nextCursor };
}

/** One organisation: provider staff see any, a customer only its own (others answer 404). */
export async function getOrgForActor(ctx: Ctx, id: string): Promise<OrgDto> {
  requirePermission(ctx, 'profile.manage');
  if (id !== ctx.actor.orgId && !ctx.actor.permissions.has('orgs.read_all')) throw new NotFoundError('organisation');
  const o = await getOrg(ctx.db, id);
  const counts = await countUsersByOrg(ctx.db, [o.id]);
  return present(o, counts.get(o.id) ?? 0);
}

/** Creates a customer organisation and invites its first admin. Requires `orgs.manage`. */
export async function createCustomerOrg(ctx: Ctx, deps: AppDeps, input: z.input<typeof CreateOrg>): Promise<OrgDto> {
  requirePermission(ctx, 'orgs.manage');
  const data = CreateOrg.parse(input);
  const actor = ctx.actor;
  return withTx(ctx, async (tx) => {
    const [dupe] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slugify(data.name)));
    if (dupe) throw new ConflictError('CONFLICT', 'An organisation with this name already exists.');
    const id = uuidv7();
    const [org] = await tx.insert(organizations).values({ id, kind: 'customer', name: data.name, slug: slugify(data.name) }).returning();
    await audit(tx, auditSource(ctx), { orgId: id, action: 'org.created', targetType: 'organisation', targetId: id, after: { name: data.name } });
    const invited = await createInvitedUser(tx, deps, auditSource(ctx), { orgId: id, email: data.admin.email, name: data.admin.name, role: 'customer_admin' }, actor.name);
    if (!invited) throw new ValidationError([{ path: 'body.admin.email', message: 'already has a Portico account; choose another address' }]);
    await outbox(tx, 'org.created', id, { orgId: id });
    return present(org!, 1);
  });
}

/**
 * Sets whether a second factor is required in an organisation. Relaxing it needs a reason and is
 * recorded in the audit log with who did it. Requires `orgs.manage` (provider admins).
 */
export async function setOrgMfa(ctx: Ctx, deps: AppDeps, id: string, input: z.input<typeof SetOrgMfa>): Promise<OrgDto> {
  requirePermission(ctx, 'orgs.manage');
  const data = SetOrgMfa.parse(input);
  if (!data.mfaRequired && !data.reason) throw new ValidationError([{ path: 'body.reason', message: 'is required when the second factor is no longer required' }]);
  const org = await withTx(ctx, async (tx) => {
    const before = await getOrg(tx, id);
    if (before.kind !== 'customer') throw new ConflictError('CONFLICT', "The provider's own staff always need a second factor.");
    const [after] = await tx.update(organizations).set({ mfaRequired: data.mfaRequired, updatedAt: new Date() }).where(eq(organizations.id, id)).returning();
    await audit(tx, auditSource(ctx), {
      orgId: id,
      action: data.mfaRequired ? 'org.mfa_required' : 'org.mfa_relaxed',
      targetType: 'organisation',
      targetId: id,
      before: { mfaRequired: before.mfaRequired },
      after: { mfaRequired: data.mfaRequired, reason: data.reason ?? null },
    });
    return after!;
  });
  await deps.invalidateUser('*');
  const counts = await countUsersByOrg(ctx.db, [org.id]);
  return present(org, counts.get(org.id) ?? 0);
}
