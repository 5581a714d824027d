import { and, asc, count, eq, gt, ilike, inArray, ne, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { InviteUser, UpdateUser, UserListQuery, type UserDto } from '../../../../contracts/organisations.js';
import { CUSTOMER_ROLES, PROVIDER_ROLES, type Permission, type Role } from '../../../../contracts/permissions.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, can, requirePermission, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import type { AppDeps } from '../../../platform/deps.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor, page } from '../../../platform/http/pagination.js';
import { organizations } from '../../../platform/tenancy.js';
import { apiKeys, passkeys, sessions, users } from '../identity.tables.js';
import { getUserInOrg, lockUserInOrg, type UserRow } from '../internal.js';
import { issueInvitation, createInvitedUser } from './invitations.js';

/**
 * The organisation a user-management call acts on: the caller's own, or (provider staff with
 * `orgs.read_all`) the one named. A customer naming another organisation gets 404.
 */
async function targetOrg(ctx: AuthedCtx, orgId: string | undefined) {
  const id = orgId ?? ctx.actor.orgId;
  if (id !== ctx.actor.orgId && !can(ctx, 'orgs.read_all')) throw new NotFoundError('organisation');
  const [org] = await ctx.db.select().from(organizations).where(eq(organizations.id, id));
  if (!org) throw new NotFoundError('organisation');
  return org;
}

/** May the caller manage users of this organisation? Own org with users.manage, any with users.manage_all. */
function canManage(ctx: AuthedCtx, orgId: string) {
  return orgId === ctx.actor.orgId ? can(ctx, 'users.manage') : can(ctx, 'users.manage_all');
}

function rolesFor(kind: string): readonly Role[] {
  return kind === 'provider' ? PROVIDER_ROLES : CUSTOMER_ROLES;
}

function present(ctx: AuthedCtx, u: UserRow, secondFactor: boolean): UserDto {
  const manage = canManage(ctx, u.orgId) && u.id !== ctx.actor.userId;
  return {
    id: u.id,
    orgId: u.orgId,
    name: u.name,
    email: u.email,
    role: u.role as Role,
    status: u.status as UserDto['status'],
    grantedPermissions: u.grantedPermissions as Permission[],
    secondFactor,
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    abilities: { changeRole: manage, deactivate: manage, delegate: manage && u.role === 'customer_user' },
  };
}

async function secondFactorOf(ctx: Ctx, rows: UserRow[]): Promise<Set<string>> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return new Set();
  const pk = await ctx.db.select({ userId: passkeys.userId }).from(passkeys).where(inArray(passkeys.userId, ids)).groupBy(passkeys.userId);
  return new Set([...rows.filter((r) => r.twoFactorEnabled).map((r) => r.id), ...pk.map((p) => p.userId)]);
}

/** Users of the caller's organisation (provider staff: any organisation). Requires `users.read`. */
export async function listUsers(ctx: Ctx, query: z.input<typeof UserListQuery> & { orgId?: string }) {
  requirePermission(ctx, 'users.read');
  const q = UserListQuery.parse({ cursor: query.cursor, limit: query.limit, q: query.q, status: query.status });
  const org = await targetOrg(ctx, query.orgId);
  const after = decodeCursor(q.cursor);
  const where: (SQL | undefined)[] = [eq(users.orgId, org.id)];
  if (q.status) where.push(eq(users.status, q.status));
  if (q.q) where.push(or(ilike(users.name, `%${q.q}%`), ilike(users.email, `%${q.q}%`)));
  if (after) where.push(or(gt(users.email, after.key), and(eq(users.email, after.key), gt(users.id, after.id))));
  const rows = await ctx.db.select().from(users).where(and(...where)).orderBy(asc(users.email), asc(users.id)).limit(q.limit + 1);
  const sf = await secondFactorOf(ctx, rows);
  const p = page(rows, q.limit, (r) => encodeCursor(r.email, r.id));
  return { items: p.items.map((u) => present(ctx, u, sf.has(u.id))), nextCursor: p.nextCursor };
}

/** Invites a person into the caller's organisation (provider admins: any). Requires `users.invite`. */
export async function inviteUser(ctx: Ctx, deps: AppDeps, input: z.input<typeof InviteUser> & { orgId?: string }) {
  requirePermission(ctx, 'users.invite');
  const { orgId, ...rest } = input;
  const data = InviteUser.parse(rest);
  const org = await targetOrg(ctx, orgId);
  if (org.id !== ctx.actor.orgId && !can(ctx, 'users.manage_all')) throw new NotFoundError('organisation');
  if (!rolesFor(org.kind).includes(data.role)) {
    throw new ValidationError([{ path: 'body.role', message: `must be one of ${rolesFor(org.kind).join(', ')} in this organisation` }]);
  }
  const actor = ctx.actor;
  await withTx(ctx, (tx) => createInvitedUser(tx, deps, auditSource(ctx), { orgId: org.id, ...data }, actor.name));
  return { status: 'sent' as const };
}

/** Sends a new invitation link to a user who has not accepted yet. Requires `users.invite`. */
export async function resendInvitation(ctx: Ctx, deps: AppDeps, userId: string) {
  requirePermission(ctx, 'users.invite');
  const actor = ctx.actor;
  await withTx(ctx, async (tx) => {
    const u = await findManageableUser(ctx as AuthedCtx, tx, userId);
    if (u.status !== 'invited') throw new ConflictError('CONFLICT', 'This user has already accepted the invitation.');
    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, u.orgId));
    await issueInvitation(tx, deps, auditSource(ctx), { userId: u.id, orgId: u.orgId, email: u.email, locale: u.locale, orgName: org?.name ?? '', inviterName: actor.name });
    await audit(tx, auditSource(ctx), { orgId: u.orgId, action: 'user.invitation_resent', targetType: 'user', targetId: u.id });
  });
  return { status: 'sent' as const };
}

/** Finds a user the caller may manage: own organisation, or any for users.manage_all; else 404. */
async function findManageableUser(ctx: AuthedCtx, tx: Parameters<typeof getUserInOrg>[0], userId: string, lock = false) {
  if (can(ctx, 'users.manage_all')) {
    const [row] = await tx.select({ orgId: users.orgId }).from(users).where(eq(users.id, userId));
    if (!row) throw new NotFoundError('user');
    return lock ? lockUserInOrg(tx, row.orgId, userId) : getUserInOrg(tx, row.orgId, userId);
  }
  return lock ? lockUserInOrg(tx, ctx.actor.orgId, userId) : getUserInOrg(tx, ctx.actor.orgId, userId);
}

/**
 * Changes a user's role, status or delegated permissions. Requires `users.manage` (own organisation)
 * or `users.manage_all`. Deactivation ends all the user's sessions and API tokens at once.
 */
export async function updateUser(ctx: Ctx, deps: AppDeps, userId: string, input: z.input<typeof UpdateUser>): Promise<UserDto> {
  requirePermission(ctx, 'users.read');
  const data = UpdateUser.parse(input);
  const actx = ctx as AuthedCtx;
  const updated = await withTx(ctx, async (tx) => {
    const before = await findManageableUser(actx, tx, userId, true);
    if (!canManage(actx, before.orgId)) throw new ForbiddenError();
    if (before.id === actx.actor.userId) throw new ConflictError('CANNOT_CHANGE_SELF', 'You cannot change your own role or status.');
    // Changes to one organisation's users are serialised on its row, so two admins demoting each
    // other at the same moment cannot both pass the last-admin check below.
    const [org] = await tx.select({ kind: organizations.kind }).from(organizations).where(eq(organizations.id, before.orgId)).for('update');
    if (data.role && !rolesFor(org!.kind).includes(data.role)) {
      throw new ValidationError([{ path: 'body.role', message: `must be one of ${rolesFor(org!.kind).join(', ')} in this organisation` }]);
    }
    if (data.status && before.status === 'invited') {
      if (data.status === 'active') throw new ConflictError('CONFLICT', 'An invited user becomes active by accepting the invitation.');
    }
    const role = data.role ?? (before.role as Role);
    if (data.grantedPermissions && data.grantedPermissions.length > 0 && role !== 'customer_user') {
      throw new ValidationError([{ path: 'body.grantedPermissions', message: 'can only be delegated to a customer_user' }]);
    }
    // An organisation never loses its last active administrator.
    const losesAdmin = (before.role === 'customer_admin' || before.role === 'provider_admin') && ((data.role && data.role !== before.role) || data.status === 'deactivated');
    if (losesAdmin) {
      const [n] = await tx
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.orgId, before.orgId), eq(users.role, before.role), eq(users.status, 'active'), ne(users.id, before.id)));
      if (Number(n?.n ?? 0) === 0) throw new ConflictError('LAST_ADMIN', 'This is the last active administrator of the organisation.');
    }
    const set: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
    if (data.role) set.role = data.role;
    if (data.grantedPermissions) set.grantedPermissions = [...new Set(data.grantedPermissions)];
    if (data.role && data.role !== 'customer_user') set.grantedPermissions = [];
    if (data.status === 'deactivated' && before.status !== 'deactivated') {
      set.status = 'deactivated';
      set.deactivatedAt = new Date();
      await tx.delete(sessions).where(eq(sessions.userId, before.id));
      await tx.delete(apiKeys).where(eq(apiKeys.referenceId, before.id));
    } else if (data.status === 'active' && before.status === 'deactivated') {
      set.status = 'active';
      set.deactivatedAt = null;
    }
    const [after] = await tx.update(users).set(set).where(eq(users.id, before.id)).returning();
    const snap = (u: UserRow) => ({ role: u.role, status: u.status, grantedPermissions: u.grantedPermissions });
    const action = data.status === 'deactivated' ? 'user.deactivated' : data.status === 'active' ? 'user.reactivated' : data.role && data.role !== before.role ? 'user.role_changed' : 'user.permissions_changed';
    await audit(tx, auditSource(ctx), { orgId: before.orgId, action, targetType: 'user', targetId: before.id, before: snap(before), after: snap(after!) });
    return after!;
  });
  await deps.invalidateUser(userId);
  const sf = await secondFactorOf(ctx, [updated]);
  return present(actx, updated, sf.has(updated.id));
}

