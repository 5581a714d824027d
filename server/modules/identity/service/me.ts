import { and, eq } from 'drizzle-orm';
import { Me as MeSchema, type Me, type UpdateMe } from '../../../../contracts/identity.js';
import { UpdateMe as UpdateMeSchema } from '../../../../contracts/identity.js';
import type { Locale } from '../../../../contracts/common.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requirePermission, withTx, type Ctx } from '../../../platform/context.js';
import type { AppDeps } from '../../../platform/deps.js';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../../../platform/errors.js';
import { accounts, users } from '../identity.tables.js';
import type { ResolvedIdentity } from '../resolve-identity.js';
import { notifySecurityChange } from './notify-security-change.js';

const meJson = new WeakMap<ResolvedIdentity, string>();

/**
 * GET /me serialised: validated by the Me schema once per resolved identity and reused while the
 * identity stays cached (the SPA asks for /me on every navigation).
 */
export function presentMeJson(identity: ResolvedIdentity | null): string {
  if (!identity) throw new UnauthenticatedError();
  let json = meJson.get(identity);
  if (json === undefined) {
    json = JSON.stringify(MeSchema.parse(presentMe(identity)));
    meJson.set(identity, json);
  }
  return json;
}

/** The caller as GET /me shows them, also before the second factor is passed. */
export function presentMe(identity: ResolvedIdentity | null): Me {
  if (!identity) throw new UnauthenticatedError();
  const a = identity.actor;
  return {
    id: a.userId,
    email: a.email,
    name: a.name,
    role: a.role,
    permissions: identity.mfa === 'ok' ? [...a.permissions].sort() : [],
    locale: a.locale as Locale,
    timeZone: a.timeZone,
    org: { id: a.orgId, name: a.orgName, kind: a.orgKind, mfaRequired: identity.mfaRequired },
    mfa: identity.mfa,
    secondFactors: identity.secondFactors,
    via: identity.via === 'token' ? 'token' : 'session',
  };
}

/** Updates the caller's name, language or time zone. Requires `profile.manage`. */
export async function updateMe(ctx: Ctx, deps: AppDeps, input: UpdateMe): Promise<void> {
  requirePermission(ctx, 'profile.manage');
  const data = UpdateMeSchema.parse(input);
  const actor = ctx.actor;
  await withTx(ctx, async (tx) => {
    const [before] = await tx.select({ name: users.name, locale: users.locale, timeZone: users.timeZone }).from(users).where(eq(users.id, actor.userId));
    await tx.update(users).set({ ...data, updatedAt: new Date() }).where(eq(users.id, actor.userId));
    await audit(tx, auditSource(ctx), { orgId: actor.orgId, action: 'user.profile_updated', targetType: 'user', targetId: actor.userId, before, after: data });
  });
  await deps.invalidateUser(actor.userId);
}

/** Checks the caller's password again before a sensitive change; 400 INVALID_CREDENTIALS if wrong. */
export async function verifyPassword(deps: AppDeps, userId: string, password: string): Promise<void> {
  const [acc] = await deps.db
    .select({ hash: accounts.password })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.providerId, 'credential')));
  const authCtx = await deps.auth.$context;
  const ok = acc?.hash ? await authCtx.password.verify({ hash: acc.hash, password }) : false;
  if (!ok) throw new ValidationError([{ path: 'body.password', message: 'is not correct' }], 'INVALID_CREDENTIALS', 'The password is not correct.');
}

/**
 * Starts an e-mail change: asks for the password, sends a confirmation link to the new address and
 * tells the old one. The address changes only when the link is opened. Requires `profile.manage`.
 */
export async function requestEmailChange(ctx: Ctx, deps: AppDeps, cookie: string, input: { newEmail: string; password: string }) {
  requirePermission(ctx, 'profile.manage');
  if (ctx.via !== 'session') throw new ForbiddenError('Change your e-mail address in the portal, not with an API token.');
  await verifyPassword(deps, ctx.actor.userId, input.password);
  const newEmail = input.newEmail.trim().toLowerCase();
  const [taken] = await deps.db.select({ id: users.id }).from(users).where(eq(users.email, newEmail));
  // A taken address gets the same answer (no account discovery) and no mail.
  if (!taken) {
    await deps.auth.api.changeEmail({ body: { newEmail, callbackURL: '/profile?emailChanged=1' }, headers: new Headers({ cookie }) });
  }
  await audit(deps.db, auditSource(ctx), { orgId: ctx.actor.orgId, action: 'user.email_change_requested', targetType: 'user', targetId: ctx.actor.userId, after: { newEmail } });
  await notifySecurityChange(deps, ctx.actor.userId, 'email_change_requested');
}
