import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { auditLog } from '../../platform/audit.js';
import { mailMessages } from '../../platform/mail.js';
import { accounts, apiKeys, invitations, sessions, users } from './identity.tables.js';
import { cookiesOf, createOrg, createTestApp, createUser, signIn as harnessSignIn, signedInUser as harnessSignedInUser, uniq, type TestApp } from '../../../test/support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/**
 * Better Auth limits sign-in and two-factor calls per client IP (20 a minute); this file signs in
 * many people, so each sign-in comes from its own address. Later calls use the app's usual IP.
 */
const freshIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const fromFreshIp = (): TestApp => Object.assign(Object.create(t) as TestApp, { http: ((opts) => t.http({ ...opts, ip: opts.ip ?? freshIp() })) as TestApp['http'] });
const signIn = (_t: TestApp, email: string, password?: string) => harnessSignIn(t, email, password, freshIp());
const signedInUser = (_t: TestApp, ...rest: Parameters<typeof harnessSignedInUser> extends [unknown, ...infer R] ? R : never) =>
  harnessSignedInUser(fromFreshIp(), ...rest);

const NEW_PASSWORD = 'an invited person password';

const invite = (cookie: string, payload: Record<string, unknown>) => t.http({ method: 'POST', url: '/api/v1/users/invite', cookie, payload });
const patchUser = (cookie: string, id: string, payload: Record<string, unknown>) => t.http({ method: 'PATCH', url: `/api/v1/users/${id}`, cookie, payload });
const accept = (token: string, password: string) => t.http({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password } });

const rows = async (table: typeof users | typeof invitations | typeof mailMessages | typeof accounts | typeof auditLog, where?: SQL) =>
  Number((await t.deps.db.select({ n: count() }).from(table as typeof users).where(where))[0]!.n);

/** Row counts of everything an invitation or user change may touch. */
const snapshot = async () => ({
  users: await rows(users),
  invitations: await rows(invitations),
  mail: await rows(mailMessages),
  accounts: await rows(accounts),
  audit: await rows(auditLog),
});

const userRow = async (id: string) => (await t.deps.db.select().from(users).where(eq(users.id, id)))[0]!;
const userByEmail = async (email: string) => t.deps.db.select().from(users).where(eq(users.email, email.toLowerCase()));

/** The token from the newest invitation mail to an address (the link is `<PUBLIC_URL>/invite/<token>`). */
async function mailedToken(email: string) {
  const [mail] = await t.deps.db
    .select()
    .from(mailMessages)
    .where(and(eq(mailMessages.to, email), eq(mailMessages.template, 'invitation')))
    .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
    .limit(1);
  expect(mail, `an invitation mail to ${email}`).toBeDefined();
  const link = /https?:\/\/\S+\/invite\/([A-Za-z0-9_-]+)/.exec(mail!.text);
  expect(link, 'the invitation mail carries a link').not.toBeNull();
  return { token: link![1]!, link: link![0], mail: mail! };
}

const auditsFor = async (targetId: string) =>
  t.deps.db.select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(auditLog.at, auditLog.id);

describe('inviting a user', () => {
  it('mails a link; accepting it activates the user in the inviting org with the invited role, who must then enrol a second factor', async () => {
    const org = await createOrg(t);
    const admin = await signedInUser(t, org.id, 'customer_admin');
    const email = `invitee-${uniq()}@test.example`;

    const res = await invite(admin.cookie, { email, name: 'Ingrid Invitee', role: 'customer_admin' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'sent' });

    const [created] = await userByEmail(email);
    expect(created).toMatchObject({ orgId: org.id, role: 'customer_admin', status: 'invited', name: 'Ingrid Invitee' });
    expect(await rows(accounts, eq(accounts.userId, created!.id))).toBe(0);
    // No password yet: signing in is impossible.
    expect((await signIn(t, email, NEW_PASSWORD)).statusCode).toBe(401);

    const { token, link, mail } = await mailedToken(email);
    expect(link.startsWith('http://localhost:3000/invite/')).toBe(true);
    expect(mail.orgId).toBe(org.id);
    // The token is stored only hashed.
    const [inv] = await t.deps.db.select().from(invitations).where(eq(invitations.userId, created!.id));
    expect(inv!.tokenHash).not.toContain(token);
    expect(inv!.invitedBy).toBe(admin.id);

    const info = await t.http({ method: 'GET', url: `/api/v1/invitations/${token}` });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({ email, orgName: org.name });

    const ok = await accept(token, NEW_PASSWORD);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ email });
    expect(await userRow(created!.id)).toMatchObject({ orgId: org.id, role: 'customer_admin', status: 'active', emailVerified: true });
    expect(await rows(accounts, eq(accounts.userId, created!.id))).toBe(1);
    // (The failed password sign-in above is audited too, as auth.sign_in_failed.)
    expect((await auditsFor(created!.id)).map((a) => a.action).filter((a) => a.startsWith('user.'))).toEqual(['user.invited', 'user.invitation_accepted']);

    // First sign-in: enrolment required before anything else.
    const first = await signIn(t, email, NEW_PASSWORD);
    expect(first.statusCode).toBe(200);
    const cookie = cookiesOf(first);
    const me = await t.http({ method: 'GET', url: '/api/v1/me', cookie });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: created!.id, role: 'customer_admin', mfa: 'enrol', org: { id: org.id } });
    const list = await t.http({ method: 'GET', url: '/api/v1/users', cookie });
    expect(list.statusCode).toBe(403);
    expect(list.json().code).toBe('MFA_ENROLMENT_REQUIRED');
  });

  it('answers an address that already has an account exactly like a fresh one, and creates no second user', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    const admin = await signedInUser(t, org.id, 'customer_admin');
    const existing = await createUser(t, other.id, 'customer_user');

    const fresh = await invite(admin.cookie, { email: `fresh-${uniq()}@test.example`, name: 'Fresh', role: 'customer_user' });
    const before = await snapshot();
    const taken = await invite(admin.cookie, { email: existing.email, name: 'Taken', role: 'customer_admin' });
    const takenUpper = await invite(admin.cookie, { email: existing.email.toUpperCase(), name: 'Taken', role: 'customer_user' });

    for (const r of [taken, takenUpper]) {
      expect(r.statusCode).toBe(fresh.statusCode);
      expect(r.body).toBe(fresh.body);
      expect(r.headers['content-type']).toBe(fresh.headers['content-type']);
    }
    const after = await snapshot();
    expect(after.users).toBe(before.users);
    expect(after.invitations).toBe(before.invitations);
    expect(after.accounts).toBe(before.accounts);
    const same = await userByEmail(existing.email);
    expect(same).toHaveLength(1);
    expect(same[0]).toMatchObject({ id: existing.id, orgId: other.id, role: 'customer_user', status: 'active' });
    // The owner is told instead; no invitation link goes out.
    const mails = await t.deps.db.select().from(mailMessages).where(eq(mailMessages.to, existing.email));
    expect(mails.map((m) => m.template)).toEqual(['account_exists', 'account_exists']);
    expect(mails.every((m) => !/\/invite\//.test(m.text))).toBe(true);
  });
});

describe('invitation links', () => {
  it('work once: a second accept answers 410 INVITATION_INVALID and changes nothing', async () => {
    const org = await createOrg(t);
    const admin = await signedInUser(t, org.id, 'customer_admin');
    const email = `twice-${uniq()}@test.example`;
    expect((await invite(admin.cookie, { email, name: 'Twice', role: 'customer_user' })).statusCode).toBe(202);
    const { token } = await mailedToken(email);
    expect((await accept(token, NEW_PASSWORD)).statusCode).toBe(200);
    const [u] = await userByEmail(email);
    const [account] = await t.deps.db.select().from(accounts).where(eq(accounts.userId, u!.id));

    const before = await snapshot();
    const again = await accept(token, 'a different password entirely');
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ status: 410, code: 'INVITATION_INVALID' });
    expect(again.json().detail).toBeTruthy();
    expect((await t.http({ method: 'GET', url: `/api/v1/invitations/${token}` })).statusCode).toBe(410);

    expect(await snapshot()).toEqual(before);
    const [accountAfter] = await t.deps.db.select().from(accounts).where(eq(accounts.userId, u!.id));
    expect(accountAfter!.password).toBe(account!.password);
    expect((await signIn(t, email, 'a different password entirely')).statusCode).toBe(401);
    expect((await signIn(t, email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('stop working when expired (410, no account created) and when a newer link was sent', async () => {
    const org = await createOrg(t);
    const admin = await signedInUser(t, org.id, 'customer_admin');
    const email = `expired-${uniq()}@test.example`;
    expect((await invite(admin.cookie, { email, name: 'Late', role: 'customer_user' })).statusCode).toBe(202);
    const { token } = await mailedToken(email);
    const [u] = await userByEmail(email);
    await t.deps.db.update(invitations).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(invitations.userId, u!.id));

    const before = await snapshot();
    const late = await accept(token, NEW_PASSWORD);
    expect(late.statusCode).toBe(410);
    expect(late.json().code).toBe('INVITATION_INVALID');
    expect((await t.http({ method: 'GET', url: `/api/v1/invitations/${token}` })).statusCode).toBe(410);
    expect(await snapshot()).toEqual(before);
    expect((await userRow(u!.id)).status).toBe('invited');
    expect(await rows(accounts, eq(accounts.userId, u!.id))).toBe(0);
    expect((await signIn(t, email, NEW_PASSWORD)).statusCode).toBe(401);

    // A resent link replaces the old one; only the new one works.
    const resend = await t.http({ method: 'POST', url: `/api/v1/users/${u!.id}/resend-invitation`, cookie: admin.cookie });
    expect(resend.statusCode).toBe(202);
    const { token: fresh } = await mailedToken(email);
    expect(fresh).not.toBe(token);
    expect((await accept(token, NEW_PASSWORD)).statusCode).toBe(410);
    expect((await accept(fresh, NEW_PASSWORD)).statusCode).toBe(200);
    expect((await userRow(u!.id)).status).toBe('active');
    // Resending to someone who already accepted is a conflict.
    const done = await t.http({ method: 'POST', url: `/api/v1/users/${u!.id}/resend-invitation`, cookie: admin.cookie });
    expect(done.statusCode).toBe(409);
  });
});

describe('bad input', () => {
  it('is refused with 400 naming the field, and changes nothing', async () => {
    const org = await createOrg(t);
    const admin = await signedInUser(t, org.id, 'customer_admin');
    const good = { email: `bad-${uniq()}@test.example`, name: 'Bad Input', role: 'customer_user' };
    const before = await snapshot();

    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, isAdmin: true }, 'body.isAdmin'],
      [{ ...good, role: 'superuser' }, 'body.role'],
      [{ ...good, role: 'provider_admin' }, 'body.role'], // valid role, wrong kind of organisation
      [{ ...good, email: 'not-an-email' }, 'body.email'],
      [{ ...good, name: '' }, 'body.name'],
    ];
    for (const [payload, path] of cases) {
      const res = await invite(admin.cookie, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await snapshot()).toEqual(before);
    expect(await userByEmail(good.email)).toHaveLength(0);

    // Accept: a password under 12 characters is refused and the invitation stays open.
    expect((await invite(admin.cookie, good)).statusCode).toBe(202);
    const { token } = await mailedToken(good.email);
    const [u] = await userByEmail(good.email);
    const open = await snapshot();
    for (const [payload, path] of [
      [{ token, password: 'short pass' }, 'body.password'],
      [{ token, password: NEW_PASSWORD, role: 'customer_admin' }, 'body.role'],
    ] as const) {
      const res = await t.http({ method: 'POST', url: '/api/v1/invitations/accept', payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await snapshot()).toEqual(open);
    expect((await userRow(u!.id)).status).toBe('invited');
    expect((await t.http({ method: 'GET', url: `/api/v1/invitations/${token}` })).statusCode).toBe(200);

    // Updating a user: unknown field, bad role, non-delegable permission.
    const target = await createUser(t, org.id, 'customer_user');
    const rowBefore = await userRow(target.id);
    const auditBefore = await rows(auditLog);
    for (const [payload, path] of [
      [{ role: 'customer_admin', email: 'x@test.example' }, 'body.email'],
      [{ role: 'root' }, 'body.role'],
      [{ role: 'provider_agent' }, 'body.role'],
      [{ grantedPermissions: ['users.manage'] }, 'body.grantedPermissions.0'],
      [{ status: 'invited' }, 'body.status'],
    ] as const) {
      const res = await patchUser(admin.cookie, target.id, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await userRow(target.id)).toEqual(rowBefore);
    expect(await rows(auditLog)).toBe(auditBefore);
  });
});

describe('permissions', () => {
  it('a customer_user may neither invite nor change roles (403), even with delegated users.read', async () => {
    const org = await createOrg(t);
    const plain = await signedInUser(t, org.id, 'customer_user');
    const reader = await signedInUser(t, org.id, 'customer_user', { granted: ['users.read'] });
    const target = await createUser(t, org.id, 'customer_user');
    const before = await snapshot();
    const targetBefore = await userRow(target.id);

    for (const u of [plain, reader]) {
      const inv = await invite(u.cookie, { email: `nope-${uniq()}@test.example`, name: 'Nope', role: 'customer_user' });
      expect(inv.statusCode).toBe(403);
      expect(inv.json().code).toBe('FORBIDDEN');
      for (const payload of [{ role: 'customer_admin' }, { status: 'deactivated' }, { grantedPermissions: ['access.request'] }]) {
        const res = await patchUser(u.cookie, target.id, payload);
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN');
      }
      // Nor promote themselves.
      expect((await patchUser(u.cookie, u.id, { role: 'customer_admin' })).statusCode).toBe(403);
    }
    expect((await t.http({ method: 'GET', url: '/api/v1/users', cookie: plain.cookie })).statusCode).toBe(403);
    expect((await t.http({ method: 'GET', url: '/api/v1/users', cookie: reader.cookie })).statusCode).toBe(200);

    expect(await snapshot()).toEqual(before);
    expect(await userRow(target.id)).toEqual(targetBefore);
    expect((await userRow(plain.id)).role).toBe('customer_user');
  });
});

describe('managing users', () => {
  it('changes a role and delegates a single permission, visible in /me, each audited', async () => {
    const org = await createOrg(t);
    const admin = await signedInUser(t, org.id, 'customer_admin');
    const promoted = await createUser(t, org.id, 'customer_user');
    const requester = await signedInUser(t, org.id, 'customer_user');

    const role = await patchUser(admin.cookie, promoted.id, { role: 'customer_admin' });
    expect(role.statusCode).toBe(200);
    expect(role.json()).toMatchObject({ id: promoted.id, role: 'customer_admin', grantedPermissions: [] });
    expect((await userRow(promoted.id)).role).toBe('customer_admin');
    const [roleAudit] = (await auditsFor(promoted.id)).filter((a) => a.action === 'user.role_changed');
    expect(roleAudit).toMatchObject({ orgId: org.id, actorId: admin.id, before: { role: 'customer_user' }, after: { role: 'customer_admin' } });

    const meBefore = (await t.http({ method: 'GET', url: '/api/v1/me', cookie: requester.cookie })).json();
    expect(meBefore.permissions).not.toContain('access.request');

    const grant = await patchUser(admin.cookie, requester.id, { grantedPermissions: ['access.request'] });
    expect(grant.statusCode).toBe(200);
    expect(grant.json()).toMatchObject({ role: 'customer_user', grantedPermissions: ['access.request'], abilities: { delegate: true } });
    expect((await userRow(requester.id)).grantedPermissions).toEqual(['access.request']);
    const meAfter = (await t.http({ method: 'GET', url: '/api/v1/me', cookie: requester.cookie })).json();
    expect(meAfter.permissions).toContain('access.request');
    expect(meAfter.permissions).not.toContain('users.manage');
    const [grantAudit] = (await auditsFor(requester.id)).filter((a) => a.action === 'user.permissions_changed');
    expect(grantAudit).toMatchObject({ orgId: org.id, actorId: admin.id, before: { grantedPermissions: [] }, after: { grantedPermissions: ['access.request'] } });

    // Delegation is only for customer users.
    const toAdmin = await patchUser(admin.cookie, promoted.id, { grantedPermissions: ['access.request'] });
    expect(toAdmin.statusCode).toBe(400);
    expect(toAdmin.json().errors[0].path).toBe('body.grantedPermissions');

    // Withdrawing it takes effect at once.
    expect((await patchUser(admin.cookie, requester.id, { grantedPermissions: [] })).statusCode).toBe(200);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: requester.cookie })).json().permissions).not.toContain('access.request');
  });

  it('deactivating a user ends their sessions and API tokens at once', async () => {
    const org = await createOrg(t);
    const admin = await signedInUser(t, org.id, 'customer_admin');
    const u = await signedInUser(t, org.id, 'customer_user');
    const tok = await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie: u.cookie, payload: { name: 'laptop', expiresInDays: 30 } });
    expect(tok.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${tok.json().token}` };
    // Both work (and are cached) before.
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: u.cookie })).statusCode).toBe(200);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(200);

    const res = await patchUser(admin.cookie, u.id, { status: 'deactivated' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: u.id, status: 'deactivated' });
    const row = await userRow(u.id);
    expect(row.status).toBe('deactivated');
    expect(row.deactivatedAt).not.toBeNull();
    expect(await t.deps.db.select().from(sessions).where(eq(sessions.userId, u.id))).toHaveLength(0);
    expect(await t.deps.db.select().from(apiKeys).where(eq(apiKeys.referenceId, u.id))).toHaveLength(0);

    const me = await t.http({ method: 'GET', url: '/api/v1/me', cookie: u.cookie });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('UNAUTHENTICATED');
    expect((await t.http({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
    expect((await signIn(t, u.email)).statusCode).toBe(401);
    expect((await auditsFor(u.id)).map((a) => a.action)).toContain('user.deactivated');

    // Reactivation lets them sign in again, but the old credentials stay dead.
    expect((await patchUser(admin.cookie, u.id, { status: 'active' })).statusCode).toBe(200);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
    expect((await signIn(t, u.email)).json()).toMatchObject({ twoFactorRedirect: true });
  });

  it('never removes the last administrator, and nobody changes their own role or status (409)', async () => {
    const provider = await createOrg(t, 'provider');
    const staff = await signedInUser(t, provider.id, 'provider_admin');
    const org = await createOrg(t);
    const admin = await signedInUser(t, org.id, 'customer_admin');

    // Self: demote or deactivate.
    for (const payload of [{ role: 'customer_user' }, { status: 'deactivated' }, { grantedPermissions: ['access.request'] }]) {
      const res = await patchUser(admin.cookie, admin.id, payload);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('CANNOT_CHANGE_SELF');
    }
    // The last admin, acted on by a provider admin.
    for (const payload of [{ role: 'customer_user' }, { status: 'deactivated' }]) {
      const res = await patchUser(staff.cookie, admin.id, payload);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('LAST_ADMIN');
    }
    expect(await userRow(admin.id)).toMatchObject({ role: 'customer_admin', status: 'active' });
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: admin.cookie })).statusCode).toBe(200);

    // A deactivated or invited admin does not count as a remaining one.
    const dormant = await createUser(t, org.id, 'customer_admin');
    await t.deps.db.update(users).set({ status: 'deactivated' }).where(eq(users.id, dormant.id));
    expect((await invite(admin.cookie, { email: `pending-admin-${uniq()}@test.example`, name: 'Pending', role: 'customer_admin' })).statusCode).toBe(202);
    const still = await patchUser(staff.cookie, admin.id, { role: 'customer_user' });
    expect(still.statusCode).toBe(409);
    expect(still.json().code).toBe('LAST_ADMIN');

    // With a second active admin, one may be demoted; then the other is the last again.
    const second = await signedInUser(t, org.id, 'customer_admin');
    expect((await patchUser(second.cookie, admin.id, { role: 'customer_user' })).statusCode).toBe(200);
    expect((await userRow(admin.id)).role).toBe('customer_user');
    const last = await patchUser(staff.cookie, second.id, { status: 'deactivated' });
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe('LAST_ADMIN');
    expect((await userRow(second.id)).status).toBe('active');
  });

  it('two admins demoting each other at the same moment leave one admin (one 200, the other refused)', async () => {
    const org = await createOrg(t);
    const a = await signedInUser(t, org.id, 'customer_admin');
    const b = await signedInUser(t, org.id, 'customer_admin');
    const [ra, rb] = await Promise.all([patchUser(a.cookie, b.id, { role: 'customer_user' }), patchUser(b.cookie, a.id, { role: 'customer_user' })]);
    // The loser is refused either as the last admin (409) or, if the winner's change landed first,
    // because they are no longer an admin at all (403). Never both 200.
    const codes = [ra.statusCode, rb.statusCode].sort();
    expect(codes[0]).toBe(200);
    expect([403, 409]).toContain(codes[1]);
    const admins = await t.deps.db.select().from(users).where(and(eq(users.orgId, org.id), eq(users.role, 'customer_admin')));
    expect(admins).toHaveLength(1);
  });

  it('a customer admin of one org cannot see or act on users of another (404), and they stay unchanged', async () => {
    const orgA = await createOrg(t);
    const orgB = await createOrg(t);
    const a = await signedInUser(t, orgA.id, 'customer_admin');
    const b = await signedInUser(t, orgB.id, 'customer_admin');
    const bUser = await signedInUser(t, orgB.id, 'customer_user');
    const bInvitee = `b-invitee-${uniq()}@test.example`;
    expect((await invite(b.cookie, { email: bInvitee, name: 'B Invitee', role: 'customer_user' })).statusCode).toBe(202);
    const [bPending] = await userByEmail(bInvitee);
    const before = await snapshot();
    const bUserBefore = await userRow(bUser.id);
    const bAdminBefore = await userRow(b.id);

    const list = await t.http({ method: 'GET', url: `/api/v1/users?orgId=${orgB.id}`, cookie: a.cookie });
    expect(list.statusCode).toBe(404);
    expect(list.body).not.toContain(bUser.email);
    // There is no single-user GET route; the list is the only read, and it does not leak B's users.
    const own = (await t.http({ method: 'GET', url: '/api/v1/users', cookie: a.cookie })).json() as { items: { id: string }[] };
    expect(own.items.map((u) => u.id)).not.toContain(bUser.id);

    for (const [id, payload] of [
      [bUser.id, { role: 'customer_admin' }],
      [bUser.id, { status: 'deactivated' }],
      [bUser.id, { grantedPermissions: ['access.request'] }],
      [b.id, { role: 'customer_user' }],
    ] as const) {
      const res = await patchUser(a.cookie, id, payload);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
      expect(res.body).not.toContain(bUser.email);
    }
    expect((await t.http({ method: 'POST', url: `/api/v1/users/${bPending!.id}/resend-invitation`, cookie: a.cookie })).statusCode).toBe(404);
    const intoB = await invite(a.cookie, { email: `smuggled-${uniq()}@test.example`, name: 'Smuggled', role: 'customer_admin', orgId: orgB.id });
    expect(intoB.statusCode).toBe(404);

    expect(await snapshot()).toEqual(before);
    expect(await userRow(bUser.id)).toEqual(bUserBefore);
    expect(await userRow(b.id)).toEqual(bAdminBefore);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: bUser.cookie })).statusCode).toBe(200);
  });

  it('a provider admin lists and acts on users of any customer organisation; a provider agent may only list', async () => {
    const provider = await createOrg(t, 'provider');
    const staff = await signedInUser(t, provider.id, 'provider_admin');
    const agent = await signedInUser(t, provider.id, 'provider_agent');
    const org = await createOrg(t);
    const admin = await signedInUser(t, org.id, 'customer_admin');
    const member = await signedInUser(t, org.id, 'customer_user');

    const list = await t.http({ method: 'GET', url: `/api/v1/users?orgId=${org.id}`, cookie: staff.cookie });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; orgId: string; secondFactor: boolean; lastSignInAt: string | null; abilities: Record<string, boolean> }[];
    expect(items.map((u) => u.id).sort()).toEqual([admin.id, member.id].sort());
    expect(items.every((u) => u.orgId === org.id)).toBe(true);
    expect(items.find((u) => u.id === member.id)!.abilities).toEqual({ changeRole: true, deactivate: true, delegate: true });

    const grant = await patchUser(staff.cookie, member.id, { grantedPermissions: ['orders.approve'] });
    expect(grant.statusCode).toBe(200);
    const role = await patchUser(staff.cookie, member.id, { role: 'customer_admin' });
    expect(role.statusCode).toBe(200);
    expect(await userRow(member.id)).toMatchObject({ orgId: org.id, role: 'customer_admin', grantedPermissions: [] });
    const audits = await auditsFor(member.id);
    expect(audits.filter((x) => x.actorId === staff.id).map((x) => x.action)).toEqual(['user.permissions_changed', 'user.role_changed']);
    expect(audits.every((x) => x.orgId === org.id)).toBe(true);

    const email = `by-provider-${uniq()}@test.example`;
    expect((await invite(staff.cookie, { email, name: 'By Provider', role: 'customer_user', orgId: org.id })).statusCode).toBe(202);
    const [invited] = await userByEmail(email);
    expect(invited).toMatchObject({ orgId: org.id, role: 'customer_user', status: 'invited' });
    // Provider roles cannot be handed out in a customer organisation.
    const wrongKind = await invite(staff.cookie, { email: `agent-${uniq()}@test.example`, name: 'X', role: 'provider_agent', orgId: org.id });
    expect(wrongKind.statusCode).toBe(400);

    expect((await patchUser(staff.cookie, admin.id, { status: 'deactivated' })).statusCode).toBe(200);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: admin.cookie })).statusCode).toBe(401);

    // A provider agent reads any organisation's users but changes none.
    expect((await t.http({ method: 'GET', url: `/api/v1/users?orgId=${org.id}`, cookie: agent.cookie })).statusCode).toBe(200);
    const agentChange = await patchUser(agent.cookie, member.id, { role: 'customer_user' });
    // (An agent cannot manage users outside its own organisation, so the user is simply not found.)
    expect(agentChange.statusCode).toBe(404);
    expect((await invite(agent.cookie, { email: `agent-invite-${uniq()}@test.example`, name: 'X', role: 'customer_user', orgId: org.id })).statusCode).toBe(403);
    expect((await userRow(member.id)).role).toBe('customer_admin');
  });

  it('the users list shows the last sign-in and whether a second factor is enrolled', async () => {
    const org = await createOrg(t);
    const admin = await signedInUser(t, org.id, 'customer_admin');
    const enrolled = await signedInUser(t, org.id, 'customer_user');
    const passwordOnly = await createUser(t, org.id, 'customer_user');
    expect((await signIn(t, passwordOnly.email)).statusCode).toBe(200); // signed in, never enrolled
    const never = await createUser(t, org.id, 'customer_user');
    const pendingEmail = `pending-${uniq()}@test.example`;
    expect((await invite(admin.cookie, { email: pendingEmail, name: 'Pending', role: 'customer_user' })).statusCode).toBe(202);

    const res = await t.http({ method: 'GET', url: '/api/v1/users', cookie: admin.cookie });
    expect(res.statusCode).toBe(200);
    type Item = { id: string; email: string; status: string; secondFactor: boolean; lastSignInAt: string | null; abilities: Record<string, boolean> };
    const items = res.json().items as Item[];
    const by = (id: string) => items.find((u) => u.id === id)!;
    for (const u of items) {
      expect(u).toHaveProperty('secondFactor');
      expect(u).toHaveProperty('lastSignInAt');
    }
    const e = by(enrolled.id);
    expect(e.secondFactor).toBe(true);
    expect(e.lastSignInAt).not.toBeNull();
    expect(Math.abs(Date.parse(e.lastSignInAt!) - Date.now())).toBeLessThan(60_000);
    expect(by(passwordOnly.id)).toMatchObject({ secondFactor: false });
    expect(by(passwordOnly.id).lastSignInAt).not.toBeNull();
    expect(by(never.id)).toMatchObject({ secondFactor: false, lastSignInAt: null });
    expect(items.find((u) => u.email === pendingEmail)).toMatchObject({ status: 'invited', secondFactor: false, lastSignInAt: null });
    // The admin's own row offers no actions on themselves.
    expect(by(admin.id)).toMatchObject({ secondFactor: true, abilities: { changeRole: false, deactivate: false, delegate: false } });

    const invitedOnly = await t.http({ method: 'GET', url: '/api/v1/users?status=invited', cookie: admin.cookie });
    expect((invitedOnly.json().items as Item[]).map((u) => u.email)).toEqual([pendingEmail]);
  });
});
