import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../platform/audit.js';
import { mailMessages } from '../../platform/mail.js';
import { apiKeys, users } from './identity.tables.js';
import { cookiesOf, createOrg, createTestApp, signIn, signedInUser, totpCode, type TestApp } from '../../../test/support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const actions = async (userId: string) =>
  (await t.deps.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, userId))).map((r) => r.action);

describe('personal API tokens', () => {
  it('are shown once, stored hashed, work as Bearer with the owner’s permissions, and stop when revoked', async () => {
    const org = await createOrg(t);
    const u = await signedInUser(t, org.id, 'customer_admin');
    const created = await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie: u.cookie, payload: { name: 'ci', expiresInDays: 30 } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json() as { token: string; id: string };
    expect(token).toMatch(/^ptk_/);
    const [stored] = await t.deps.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(stored!.key).not.toContain(token);
    const list = await t.http({ method: 'GET', url: '/api/v1/me/tokens', cookie: u.cookie });
    expect(list.body).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.http({ method: 'GET', url: '/api/v1/me', headers: { ...bearer, origin: '' } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: u.id, via: 'token' });
    expect((await t.http({ method: 'GET', url: '/api/v1/users', headers: bearer })).statusCode).toBe(200);
    // A token cannot mint tokens.
    expect((await t.http({ method: 'POST', url: '/api/v1/me/tokens', headers: bearer, payload: { name: 'x', expiresInDays: 1 } })).statusCode).toBe(404);
    const after = (await t.http({ method: 'GET', url: '/api/v1/me/tokens', cookie: u.cookie })).json() as { items: { lastUsedAt: string | null }[] };
    expect(after.items[0]!.lastUsedAt).not.toBeNull();
    expect(await actions(id)).toContain('auth.api_token_created');

    expect((await t.http({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, cookie: u.cookie })).statusCode).toBe(204);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
  });

  it('refuses bad input naming the field, and creates nothing', async () => {
    const org = await createOrg(t);
    const u = await signedInUser(t, org.id, 'customer_user');
    for (const payload of [{ name: 'x', expiresInDays: 0 }, { name: 'x', expiresInDays: 400 }, { expiresInDays: 5 }, { name: 'x', expiresInDays: 5, scope: 'all' }]) {
      const res = await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie: u.cookie, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors[0].path).toMatch(/^body\.(expiresInDays|name|scope)/);
    }
    expect(await t.deps.db.select().from(apiKeys).where(eq(apiKeys.referenceId, u.id))).toHaveLength(0);
  });
});

describe('password change', () => {
  it('needs the current password, ends other sessions and all tokens, and tells the user by mail', async () => {
    const org = await createOrg(t);
    const u = await signedInUser(t, org.id, 'customer_user');
    // A second session on another device.
    const second = cookiesOf(await signIn(t, u.email));
    const verified = await t.http({ method: 'POST', url: '/api/auth/two-factor/verify-totp', cookie: second, payload: { code: totpCode(u.secret) } });
    const other = cookiesOf(verified, second);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: other })).statusCode).toBe(200);
    const tok = (await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie: u.cookie, payload: { name: 'x', expiresInDays: 5 } })).json() as { token: string };

    const wrong = await t.http({ method: 'POST', url: '/api/auth/change-password', cookie: u.cookie, payload: { currentPassword: 'not my password at all', newPassword: 'a brand new password' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: other })).statusCode).toBe(200);

    const short = await t.http({ method: 'POST', url: '/api/auth/change-password', cookie: u.cookie, payload: { currentPassword: u.password, newPassword: 'short' } });
    expect(short.statusCode).toBe(400);

    const ok = await t.http({ method: 'POST', url: '/api/auth/change-password', cookie: u.cookie, payload: { currentPassword: u.password, newPassword: 'a brand new password' } });
    expect(ok.statusCode).toBe(200);
    const current = cookiesOf(ok, u.cookie);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: current })).statusCode).toBe(200);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: other })).statusCode).toBe(401);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${tok.token}` } })).statusCode).toBe(401);
    expect(await actions(u.id)).toContain('auth.password_changed');
    const mails = await t.deps.db.select().from(mailMessages).where(and(eq(mailMessages.to, u.email), eq(mailMessages.template, 'security_notice.password_changed')));
    expect(mails).toHaveLength(1);
    expect((await signIn(t, u.email, u.password)).statusCode).toBe(401);
  });
});

describe('password reset', () => {
  it('answers the same for known and unknown addresses, and the mailed link sets a new password once', async () => {
    const org = await createOrg(t);
    const u = await signedInUser(t, org.id, 'customer_user');
    const known = await t.http({ method: 'POST', url: '/api/auth/request-password-reset', payload: { email: u.email, redirectTo: '/reset-password' } });
    const unknown = await t.http({ method: 'POST', url: '/api/auth/request-password-reset', payload: { email: `ghost-${u.id}@test.example`, redirectTo: '/reset-password' } });
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);

    const [mail] = await t.deps.db.select().from(mailMessages).where(and(eq(mailMessages.to, u.email), eq(mailMessages.template, 'password_reset')));
    const link = /https?:\/\/\S+/.exec(mail!.text)![0];
    const follow = await t.http({ method: 'GET', url: new URL(link).pathname + new URL(link).search });
    expect(follow.statusCode).toBe(302);
    const token = new URL(follow.headers.location as string, 'http://x').searchParams.get('token')!;
    expect(token).toBeTruthy();

    const reset = await t.http({ method: 'POST', url: '/api/auth/reset-password', payload: { newPassword: 'my reset password 2026', token } });
    expect(reset.statusCode).toBe(200);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: u.cookie })).statusCode).toBe(401);
    const again = await t.http({ method: 'POST', url: '/api/auth/reset-password', payload: { newPassword: 'another password 2026', token } });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('TOKEN_INVALID');
    expect((await signIn(t, u.email, 'my reset password 2026')).json()).toMatchObject({ twoFactorRedirect: true });
  });
});

describe('e-mail change', () => {
  it('asks for the password and changes nothing until the new address is confirmed', async () => {
    const org = await createOrg(t);
    const u = await signedInUser(t, org.id, 'customer_user');
    const newEmail = `new-${u.id}@test.example`;
    const wrong = await t.http({ method: 'POST', url: '/api/v1/me/email', cookie: u.cookie, payload: { newEmail, password: 'wrong password here' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('body.password');
    expect(await t.deps.db.select().from(mailMessages).where(eq(mailMessages.to, newEmail))).toHaveLength(0);

    const ok = await t.http({ method: 'POST', url: '/api/v1/me/email', cookie: u.cookie, payload: { newEmail, password: u.password } });
    expect(ok.statusCode).toBe(202);
    const [confirm] = await t.deps.db.select().from(mailMessages).where(eq(mailMessages.to, newEmail));
    expect(confirm!.text).toMatch(/verify-email\?token=/);
    const [row] = await t.deps.db.select({ email: users.email }).from(users).where(eq(users.id, u.id));
    expect(row!.email).toBe(u.email);
  });
});

describe('sessions', () => {
  it('lists the caller’s sessions, ends another one, and answers 404 for a session that is not theirs', async () => {
    const org = await createOrg(t);
    const u = await signedInUser(t, org.id, 'customer_user');
    const v = await signedInUser(t, org.id, 'customer_user');
    const mine = (await t.http({ method: 'GET', url: '/api/v1/me/sessions', cookie: u.cookie })).json() as { items: { id: string; current: boolean }[] };
    expect(mine.items.filter((s) => s.current)).toHaveLength(1);
    const theirs = (await t.http({ method: 'GET', url: '/api/v1/me/sessions', cookie: v.cookie })).json() as { items: { id: string }[] };
    const foreign = await t.http({ method: 'DELETE', url: `/api/v1/me/sessions/${theirs.items[0]!.id}`, cookie: u.cookie });
    expect(foreign.statusCode).toBe(404);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: v.cookie })).statusCode).toBe(200);
    const ended = await t.http({ method: 'DELETE', url: `/api/v1/me/sessions/${theirs.items[0]!.id}`, cookie: v.cookie });
    expect(ended.statusCode).toBe(204);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: v.cookie })).statusCode).toBe(401);
  });
});
