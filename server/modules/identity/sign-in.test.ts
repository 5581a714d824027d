import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createTestApp, createUser, cookiesOf, signIn, signInEnrolled, totpCode, type TestApp } from '../../../test/support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('sign-in with enforced second factor', () => {
  it('sends a user without a second factor to enrolment and refuses every other API call', async () => {
    const org = await createOrg(t);
    const u = await createUser(t, org.id, 'customer_admin');
    const res = await signIn(t, u.email);
    expect(res.statusCode).toBe(200);
    const cookie = cookiesOf(res);
    const me = await t.http({ method: 'GET', url: '/api/v1/me', cookie });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ mfa: 'enrol', permissions: [] });
    const users = await t.http({ method: 'GET', url: '/api/v1/users', cookie });
    expect(users.statusCode).toBe(403);
    expect(users.json().code).toBe('MFA_ENROLMENT_REQUIRED');
    const token = await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie, payload: { name: 'x', expiresInDays: 5 } });
    expect(token.statusCode).toBe(403);
    const viaAuth = await t.http({ method: 'POST', url: '/api/auth/api-key/create', cookie, payload: { name: 'x' } });
    expect(viaAuth.statusCode).toBe(404);
  });

  it('enrols TOTP, then challenges for a code at the next sign-in', async () => {
    const org = await createOrg(t);
    const u = await createUser(t, org.id, 'customer_user');
    const { cookie, secret, backupCodes } = await signInEnrolled(t, u);
    expect(backupCodes).toHaveLength(10);
    const me = await t.http({ method: 'GET', url: '/api/v1/me', cookie });
    expect(me.json()).toMatchObject({ mfa: 'ok', secondFactors: { totp: true } });

    const again = await signIn(t, u.email);
    expect(again.json()).toMatchObject({ twoFactorRedirect: true });
    const pending = cookiesOf(again);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: pending })).statusCode).toBe(401);

    const wrong = await t.http({ method: 'POST', url: '/api/auth/two-factor/verify-totp', cookie: pending, payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('INVALID_CODE');

    const ok = await t.http({ method: 'POST', url: '/api/auth/two-factor/verify-totp', cookie: pending, payload: { code: totpCode(secret) } });
    expect(ok.statusCode).toBe(200);
    const full = cookiesOf(ok, pending);
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: full })).json().mfa).toBe('ok');
  });

  it('accepts a backup code once and refuses it the second time', async () => {
    const org = await createOrg(t);
    const u = await createUser(t, org.id, 'customer_user');
    const { backupCodes } = await signInEnrolled(t, u);
    const code = backupCodes[0]!;
    const first = cookiesOf(await signIn(t, u.email));
    const use = await t.http({ method: 'POST', url: '/api/auth/two-factor/verify-backup-code', cookie: first, payload: { code } });
    expect(use.statusCode).toBe(200);
    const second = cookiesOf(await signIn(t, u.email));
    const reuse = await t.http({ method: 'POST', url: '/api/auth/two-factor/verify-backup-code', cookie: second, payload: { code } });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe('INVALID_CODE');
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: cookiesOf(reuse, second) })).statusCode).toBe(401);
  });

  it('answers a wrong password and an unknown account identically', async () => {
    const org = await createOrg(t);
    const u = await createUser(t, org.id, 'customer_user');
    const wrong = await signIn(t, u.email, 'not the right password');
    const unknown = await signIn(t, `nobody-${Date.now()}@test.example`, 'not the right password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json().detail).toBe(wrong.json().detail);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });
});
