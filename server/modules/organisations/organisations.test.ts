import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../platform/audit.js';
import { mailMessages } from '../../platform/mail.js';
import { outboxEvents } from '../../platform/outbox.js';
import { organizations } from '../../platform/tenancy.js';
import { users } from '../identity/identity.tables.js';
import { cookiesOf, createOrg, createTestApp, createUser, signIn, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';

let t: TestApp;
let provider: { id: string };
let padmin: Awaited<ReturnType<typeof signedInUser>>;
let agent: Awaited<ReturnType<typeof signedInUser>>;

beforeAll(async () => {
  t = await createTestApp();
  provider = await createOrg(t, 'provider');
  padmin = await signedInUser(t, provider.id, 'provider_admin');
  agent = await signedInUser(t, provider.id, 'provider_agent');
});
afterAll(async () => t?.close());

const orgByName = async (name: string) => t.deps.db.select().from(organizations).where(eq(organizations.name, name));
const usersWithEmail = async (email: string) => t.deps.db.select().from(users).where(eq(users.email, email.toLowerCase()));
const mailTo = async (email: string) => t.deps.db.select().from(mailMessages).where(eq(mailMessages.to, email.toLowerCase()));
const auditOf = async (targetId: string, action?: string) =>
  t.deps.db.select().from(auditLog).where(action ? and(eq(auditLog.targetId, targetId), eq(auditLog.action, action)) : eq(auditLog.targetId, targetId));
const newAdmin = () => ({ name: 'First Admin', email: `first-admin-${uniq()}@test.example` });

describe('creating a customer organisation', () => {
  it('creates the organisation and its invited first admin, mails the invitation, and audits both', async () => {
    const name = `Acme Hosting ${uniq()}`;
    const admin = newAdmin();
    const res = await t.http({ method: 'POST', url: '/api/v1/orgs', cookie: padmin.cookie, payload: { name, admin } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ name, kind: 'customer', mfaRequired: true, status: 'active', userCount: 1 });
    expect(body.slug).toMatch(/^acme-hosting-[0-9a-f]{8}$/);

    const [org] = await t.deps.db.select().from(organizations).where(eq(organizations.id, body.id));
    expect(org).toMatchObject({ name, kind: 'customer', mfaRequired: true, slug: body.slug });

    const [u] = await usersWithEmail(admin.email);
    expect(u).toMatchObject({ orgId: body.id, role: 'customer_admin', status: 'invited', name: admin.name });

    const mails = await mailTo(admin.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ template: 'invitation', orgId: body.id, status: 'kept' });
    expect(mails[0]!.text).toMatch(/\/invite\/[\w-]{20,}/);
    expect(mails[0]!.text).toContain(name);

    const [created] = await auditOf(body.id, 'org.created');
    expect(created).toMatchObject({ orgId: body.id, actorId: padmin.id, actorEmail: padmin.email, targetType: 'organisation', after: { name } });
    const [invited] = await auditOf(u!.id, 'user.invited');
    expect(invited).toMatchObject({ orgId: body.id, actorId: padmin.id, after: { email: admin.email, role: 'customer_admin' } });
    const events = await t.deps.db.select().from(outboxEvents).where(and(eq(outboxEvents.topic, 'org.created'), eq(outboxEvents.orgId, body.id)));
    expect(events).toHaveLength(1);

    // The new organisation is readable by id and appears in the provider's list.
    const one = await t.http({ method: 'GET', url: `/api/v1/orgs/${body.id}`, cookie: padmin.cookie });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(body);
  });

  it('answers 409 CONFLICT for a name that is already taken (also in other case/punctuation) and creates nothing', async () => {
    const name = `Globex ${uniq()}`;
    const first = await t.http({ method: 'POST', url: '/api/v1/orgs', cookie: padmin.cookie, payload: { name, admin: newAdmin() } });
    expect(first.statusCode).toBe(201);
    for (const dupe of [name, name.toUpperCase(), `  ${name}!  `]) {
      const admin = newAdmin();
      const res = await t.http({ method: 'POST', url: '/api/v1/orgs', cookie: padmin.cookie, payload: { name: dupe, admin } });
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 409, code: 'CONFLICT' });
      expect(await usersWithEmail(admin.email)).toHaveLength(0);
      expect(await mailTo(admin.email)).toHaveLength(0);
    }
    expect(await orgByName(name)).toHaveLength(1);
  });

  it('refuses bad input with 400 naming the field, and creates nothing', async () => {
    const name = `Initech ${uniq()}`;
    const admin = newAdmin();
    const cases: [unknown, string][] = [
      [{ name, admin, plan: 'gold' }, 'body.plan'],
      [{ name: '', admin }, 'body.name'],
      [{ name: '   ', admin }, 'body.name'],
      [{ name: 'x'.repeat(121), admin }, 'body.name'],
      [{ admin }, 'body.name'],
      [{ name }, 'body.admin'],
      [{ name, admin: { ...admin, role: 'provider_admin' } }, 'body.admin.role'],
      [{ name, admin: { ...admin, email: 'not-an-address' } }, 'body.admin.email'],
      [{ name, admin: { name: '', email: admin.email } }, 'body.admin.name'],
    ];
    for (const [payload, path] of cases) {
      const res = await t.http({ method: 'POST', url: '/api/v1/orgs', cookie: padmin.cookie, payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors.map((e: { path: string }) => e.path), JSON.stringify(payload)).toContain(path);
    }
    expect(await orgByName(name)).toHaveLength(0);
    expect(await usersWithEmail(admin.email)).toHaveLength(0);
    expect(await mailTo(admin.email)).toHaveLength(0);
  });

  it('refuses a first admin whose address already has an account, naming body.admin.email, and rolls everything back', async () => {
    const other = await createOrg(t);
    const existing = await createUser(t, other.id, 'customer_user');
    const name = `Umbrella ${uniq()}`;
    const res = await t.http({ method: 'POST', url: '/api/v1/orgs', cookie: padmin.cookie, payload: { name, admin: { name: 'Someone', email: existing.email } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.admin.email');
    expect(await orgByName(name)).toHaveLength(0);
    const [u] = await usersWithEmail(existing.email);
    expect(u!.orgId).toBe(other.id);
    // No audit record of an organisation that does not exist.
    expect(await t.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'org.created'), eq(auditLog.actorId, padmin.id)))).not.toContainEqual(
      expect.objectContaining({ after: { name } }),
    );
  });

  it('is refused with 403 to a customer admin and to a provider agent', async () => {
    const org = await createOrg(t);
    const cadmin = await signedInUser(t, org.id, 'customer_admin');
    for (const who of [cadmin, agent]) {
      const name = `Hooli ${uniq()}`;
      const admin = newAdmin();
      const res = await t.http({ method: 'POST', url: '/api/v1/orgs', cookie: who.cookie, payload: { name, admin } });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
      expect(await orgByName(name)).toHaveLength(0);
      expect(await usersWithEmail(admin.email)).toHaveLength(0);
      expect(await mailTo(admin.email)).toHaveLength(0);
    }
    const anon = await t.http({ method: 'POST', url: '/api/v1/orgs', payload: { name: `Anon ${uniq()}`, admin: newAdmin() } });
    expect(anon.statusCode).toBe(401);
  });
});

describe('relaxing the second-factor requirement', () => {
  it('needs a reason and a provider admin, is audited with the actor, and lets password-only members in; restoring is audited too', async () => {
    const relaxed = await createOrg(t);
    const strict = await createOrg(t);
    const cadmin = await signedInUser(t, relaxed.id, 'customer_admin');
    const pwdOnly = await createUser(t, relaxed.id, 'customer_user');
    const strictUser = await createUser(t, strict.id, 'customer_user');
    const url = `/api/v1/orgs/${relaxed.id}/mfa`;
    const flag = async () => (await t.deps.db.select({ m: organizations.mfaRequired }).from(organizations).where(eq(organizations.id, relaxed.id)))[0]!.m;

    // Before: a password-only member is sent to enrolment.
    const early = cookiesOf(await signIn(t, pwdOnly.email));
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: early })).json()).toMatchObject({ mfa: 'enrol' });
    const blocked = await t.http({ method: 'GET', url: '/api/v1/me/sessions', cookie: early });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('MFA_ENROLMENT_REQUIRED');

    // No reason, or one too short: 400 naming body.reason.
    for (const payload of [{ mfaRequired: false }, { mfaRequired: false, reason: '   ' }, { mfaRequired: false, reason: 'abc' }]) {
      const res = await t.http({ method: 'PATCH', url, cookie: padmin.cookie, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('body.reason');
    }
    const extra = await t.http({ method: 'PATCH', url, cookie: padmin.cookie, payload: { mfaRequired: false, reason: 'legacy integration', until: 'never' } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors[0].path).toBe('body.until');

    // Not a provider admin: 403, even with a reason.
    for (const who of [cadmin, agent]) {
      const res = await t.http({ method: 'PATCH', url, cookie: who.cookie, payload: { mfaRequired: false, reason: 'we do not like codes' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    expect(await flag()).toBe(true);
    expect(await auditOf(relaxed.id, 'org.mfa_relaxed')).toHaveLength(0);

    // The provider's own organisation always needs a second factor; an unknown one is 404.
    const own = await t.http({ method: 'PATCH', url: `/api/v1/orgs/${provider.id}/mfa`, cookie: padmin.cookie, payload: { mfaRequired: false, reason: 'because I can' } });
    expect(own.statusCode).toBe(409);
    expect(own.json().code).toBe('CONFLICT');
    const ghost = await t.http({ method: 'PATCH', url: `/api/v1/orgs/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/mfa`, cookie: padmin.cookie, payload: { mfaRequired: false, reason: 'nobody there' } });
    expect(ghost.statusCode).toBe(404);

    // A provider admin with a reason.
    const reason = 'Shared kiosk accounts, signed off by the customer CISO';
    const ok = await t.http({ method: 'PATCH', url, cookie: padmin.cookie, payload: { mfaRequired: false, reason } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ id: relaxed.id, mfaRequired: false });
    expect(await flag()).toBe(false);
    const relaxedAudit = await auditOf(relaxed.id, 'org.mfa_relaxed');
    expect(relaxedAudit).toHaveLength(1);
    expect(relaxedAudit[0]).toMatchObject({
      orgId: relaxed.id,
      actorId: padmin.id,
      actorEmail: padmin.email,
      targetType: 'organisation',
      before: { mfaRequired: true },
      after: { mfaRequired: false, reason },
    });

    // The session signed in before the change works at once (identity cache dropped) ...
    expect((await t.http({ method: 'GET', url: '/api/v1/me/sessions', cookie: early })).statusCode).toBe(200);
    // ... and a fresh password-only sign-in gives a usable session without a second factor.
    const signedIn = await signIn(t, pwdOnly.email);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().twoFactorRedirect).toBeFalsy();
    const cookie = cookiesOf(signedIn);
    const me = await t.http({ method: 'GET', url: '/api/v1/me', cookie });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: pwdOnly.id, mfa: 'ok' });
    expect((await t.http({ method: 'GET', url: '/api/v1/me/sessions', cookie })).statusCode).toBe(200);
    const token = await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie, payload: { name: 'kiosk', expiresInDays: 1 } });
    expect(token.statusCode).toBe(201);

    // Another organisation still requires the second factor.
    const other = cookiesOf(await signIn(t, strictUser.email));
    const refused = await t.http({ method: 'GET', url: '/api/v1/me/sessions', cookie: other });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('MFA_ENROLMENT_REQUIRED');

    // Restoring the requirement needs no reason, is audited, and applies to live sessions at once.
    const restore = await t.http({ method: 'PATCH', url, cookie: padmin.cookie, payload: { mfaRequired: true } });
    expect(restore.statusCode).toBe(200);
    expect(restore.json().mfaRequired).toBe(true);
    expect(await flag()).toBe(true);
    const restoredAudit = await auditOf(relaxed.id, 'org.mfa_required');
    expect(restoredAudit).toHaveLength(1);
    expect(restoredAudit[0]).toMatchObject({ actorId: padmin.id, before: { mfaRequired: false }, after: { mfaRequired: true, reason: null } });
    const again = await t.http({ method: 'GET', url: '/api/v1/me/sessions', cookie });
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('MFA_ENROLMENT_REQUIRED');
  });
});

describe('reading organisations', () => {
  it('a customer reads only its own organisation (others answer 404) and cannot list organisations', async () => {
    const mine = await createOrg(t);
    const theirs = await createOrg(t);
    const cadmin = await signedInUser(t, mine.id, 'customer_admin');
    const cuser = await signedInUser(t, mine.id, 'customer_user');

    const own = await t.http({ method: 'GET', url: `/api/v1/orgs/${mine.id}`, cookie: cadmin.cookie });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: mine.id, name: mine.name, kind: 'customer', userCount: 2 });
    expect((await t.http({ method: 'GET', url: `/api/v1/orgs/${mine.id}`, cookie: cuser.cookie })).statusCode).toBe(200);

    const unknownId = '01900000-0000-7000-8000-000000000000';
    const ghost = await t.http({ method: 'GET', url: `/api/v1/orgs/${unknownId}`, cookie: cadmin.cookie });
    expect(ghost.statusCode).toBe(404);
    for (const id of [theirs.id, provider.id]) {
      const res = await t.http({ method: 'GET', url: `/api/v1/orgs/${id}`, cookie: cadmin.cookie });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
      expect(res.json().detail).toBe(ghost.json().detail); // indistinguishable from a missing one
      expect(res.body).not.toContain(theirs.name);
    }

    for (const who of [cadmin, cuser]) {
      const list = await t.http({ method: 'GET', url: '/api/v1/orgs', cookie: who.cookie });
      expect(list.statusCode).toBe(403);
      expect(list.json().code).toBe('FORBIDDEN');
      expect(list.body).not.toContain(theirs.name);
    }
    const bad = await t.http({ method: 'GET', url: '/api/v1/orgs/not-a-uuid', cookie: cadmin.cookie });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toMatch(/^params\.id/);
  });

  it('provider staff list every organisation by name, search it, and page through without gaps', async () => {
    const tag = uniq();
    const names = ['Delta', 'Alpha', 'Echo', 'Charlie', 'Bravo'].map((n) => `Paging ${tag} ${n}`);
    for (const n of names) await createOrg(t, 'customer', n);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await t.http({ method: 'GET', url: '/api/v1/orgs', cookie: agent.cookie, query: { q: `paging ${tag}`, limit: '2', ...(cursor ? { cursor } : {}) } });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: { name: string }[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((o) => o.name));
      cursor = body.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...names].sort());
    expect(pages).toBe(3);

    const admins = await t.http({ method: 'GET', url: '/api/v1/orgs', cookie: padmin.cookie, query: { q: `PAGING ${tag}` } });
    expect(admins.statusCode).toBe(200);
    expect(admins.json()).toMatchObject({ nextCursor: null });
    expect((admins.json().items as { name: string; userCount: number }[]).map((o) => [o.name, o.userCount])).toEqual([...names].sort().map((n) => [n, 0]));
    const own = await t.http({ method: 'GET', url: `/api/v1/orgs/${provider.id}`, cookie: agent.cookie });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ kind: 'provider', mfaRequired: true });

    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const cursor of ['garbage!', b64(['Paging', 'not-an-id']), b64(['Paging', 42])]) {
      const badCursor = await t.http({ method: 'GET', url: '/api/v1/orgs', cookie: agent.cookie, query: { cursor } });
      expect(badCursor.statusCode, cursor).toBe(400);
      expect(badCursor.json().errors[0].path).toBe('query.cursor');
    }
  });
});
