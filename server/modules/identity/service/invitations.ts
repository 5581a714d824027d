import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AcceptInvitation } from '../../../../contracts/identity.js';
import type { Role } from '../../../../contracts/permissions.js';
import { audit, type AuditSource } from '../../../platform/audit.js';
import type { Ctx } from '../../../platform/context.js';
import type { DbOrTx, Tx } from '../../../platform/db/client.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError } from '../../../platform/errors.js';
import { organizations } from '../../../platform/tenancy.js';
import { accounts, invitations, users } from '../identity.tables.js';
import { renderMail } from '../mail-templates.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const invalid = () => new AppError(410, 'INVITATION_INVALID', 'This invitation link is not valid, was already used or has expired.');

export type NewUser = { orgId: string; email: string; name: string; role: Role; locale?: string };

/**
 * Creates an invited user (no password yet) and mails them a link to set one. Returns null when the
 * address already has an account: the caller answers the same either way, and that owner is told.
 * Runs in the caller's transaction.
 */
export async function createInvitedUser(
  tx: Tx,
  deps: AppDeps,
  source: AuditSource,
  input: NewUser,
  inviterName: string,
): Promise<{ userId: string } | null> {
  const email = input.email.trim().toLowerCase();
  const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, input.orgId));
  const [existing] = await tx.select({ id: users.id, locale: users.locale }).from(users).where(eq(users.email, email));
  if (existing) {
    const m = renderMail('account_exists', existing.locale, { org: org?.name ?? '' });
    await deps.mailer.enqueue(tx, { to: email, subject: m.subject, text: m.text, template: 'account_exists', orgId: null });
    await audit(tx, source, { orgId: input.orgId, action: 'user.invite_existing_address', targetType: 'invitation', targetId: email, after: { email } }); // never the other account's id: it may belong to another organisation
    return null;
  }
  const userId = uuidv7();
  const locale = input.locale ?? 'en';
  await tx.insert(users).values({ id: userId, orgId: input.orgId, email, name: input.name, role: input.role, status: 'invited', locale });
  await issueInvitation(tx, deps, source, { userId, orgId: input.orgId, email, locale, orgName: org?.name ?? '', inviterName });
  await audit(tx, source, { orgId: input.orgId, action: 'user.invited', targetType: 'user', targetId: userId, after: { email, name: input.name, role: input.role } });
  return { userId };
}

/** Issues a fresh invitation link (older ones stop working) and queues the mail. */
export async function issueInvitation(
  tx: DbOrTx,
  deps: AppDeps,
  source: AuditSource,
  u: { userId: string; orgId: string; email: string; locale: string; orgName: string; inviterName: string },
) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + deps.config.invitationTtlHours * 3600_000);
  await tx.delete(invitations).where(and(eq(invitations.userId, u.userId), isNull(invitations.acceptedAt)));
  await tx.insert(invitations).values({ id: uuidv7(), orgId: u.orgId, userId: u.userId, tokenHash: hashToken(token), invitedBy: source.actorId, expiresAt });
  const expires = new Intl.DateTimeFormat(u.locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' }).format(expiresAt);
  const m = renderMail('invitation', u.locale, { org: u.orgName, inviter: u.inviterName, url: `${deps.config.publicUrl}/invite/${token}`, expires });
  await deps.mailer.enqueue(tx, { to: u.email, subject: m.subject, text: m.text, template: 'invitation', orgId: u.orgId });
}

async function findOpenInvitation(tx: DbOrTx, token: string) {
  const [row] = await tx
    .select({ id: invitations.id, userId: invitations.userId, orgId: invitations.orgId, expiresAt: invitations.expiresAt, email: users.email, status: users.status, orgName: organizations.name })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, new Date())));
  if (!row || row.status !== 'invited') throw invalid();
  return row;
}

/** What an invitation link is for (public: the link itself is the credential). */
export async function describeInvitation(ctx: Ctx, token: string) {
  const row = await findOpenInvitation(ctx.db, token);
  return { email: row.email, orgName: row.orgName, expiresAt: row.expiresAt.toISOString() };
}

/** Accepts an invitation: sets the password (hashed by Better Auth) and activates the account. */
export async function acceptInvitation(ctx: Ctx, deps: AppDeps, input: { token: string; password: string }) {
  const data = AcceptInvitation.parse(input);
  const hash = await (await deps.auth.$context).password.hash(data.password);
  return ctx.db.transaction(async (tx) => {
    const inv = await findOpenInvitation(tx, data.token);
    const claimed = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.id, inv.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (claimed.length === 0) throw invalid(); // a parallel accept won
    await tx.insert(accounts).values({ id: uuidv7(), accountId: inv.userId, providerId: 'credential', userId: inv.userId, password: hash });
    await tx.update(users).set({ status: 'active', emailVerified: true, updatedAt: new Date() }).where(eq(users.id, inv.userId));
    await audit(
      tx,
      { actorId: inv.userId, actorEmail: inv.email, ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId },
      { orgId: inv.orgId, action: 'user.invitation_accepted', targetType: 'user', targetId: inv.userId },
    );
    return { email: inv.email };
  });
}
