import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditLog } from '../../platform/audit.js';
import { cookiesOf, createOrg, createTestApp, createUser, signIn, signInEnrolled, uniq, type TestApp } from '../../../test/support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SIGNIN_IP_MAX_ATTEMPTS: '12' });
});
afterAll(async () => t?.close());

describe('sign-in throttling', () => {
  it('answers 429 with Retry-After after too many attempts on one account, also in a parallel burst', async () => {
    const org = await createOrg(t);
    const u = await createUser(t, org.id, 'customer_user');
    const ips = Array.from({ length: 20 }, (_, i) => `10.77.${i}.${Math.floor(Math.random() * 250) + 1}`);
    const burst = await Promise.all(ips.map((ip) => signIn(t, u.email, 'a wrong password guess', ip)));
    const statuses = burst.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
    const limited = burst.find((r) => r.statusCode === 429)!;
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().code).toBe('RATE_LIMITED');
    // Even the right password is refused while the account is throttled.
    expect((await signIn(t, u.email, u.password, '10.99.0.1')).statusCode).toBe(429);
    const log = await t.deps.db.select({ action: auditLog.action }).from(auditLog).where(inArray(auditLog.targetId, [u.id, u.email]));
    expect(log.filter((l) => l.action === 'auth.sign_in_failed').length).toBeGreaterThanOrEqual(1);
    expect(log.filter((l) => l.action === 'auth.throttled').length).toBeGreaterThanOrEqual(15);
  });

  it('throttles one IP trying many accounts, and answers unknown accounts the same way', async () => {
    const ip = `10.88.${Math.floor(Math.random() * 250)}.7`;
    const answers = [];
    for (let i = 0; i < 14; i++) answers.push(await signIn(t, `nobody-${uniq()}@test.example`, 'some password value', ip));
    expect(answers.slice(0, 12).every((r) => r.statusCode === 401)).toBe(true);
    expect(answers.slice(12).every((r) => r.statusCode === 429)).toBe(true);
    const throttled = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.throttled'), eq(auditLog.ip, ip)));
    expect(throttled.length).toBe(2);
  });

  it('throttles wrong second-factor codes', async () => {
    const org = await createOrg(t);
    const u = await createUser(t, org.id, 'customer_user');
    await signInEnrolled(t, u);
    const pending = cookiesOf(await signIn(t, u.email, u.password, '10.66.1.1'));
    const codes = [];
    for (let i = 0; i < 7; i++) codes.push(await t.http({ method: 'POST', url: '/api/auth/two-factor/verify-totp', cookie: pending, payload: { code: '000000' }, ip: '10.66.1.1' }));
    expect(codes.slice(0, 5).every((r) => r.statusCode === 401)).toBe(true);
    expect(codes.slice(5).every((r) => r.statusCode === 429)).toBe(true);
    const failed = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.second_factor_failed'), eq(auditLog.targetId, u.id)));
    expect(failed.length).toBe(5);
    const throttled = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.throttled'), eq(auditLog.targetId, u.id)));
    expect(throttled.length).toBe(2);
    // No cookie or session secret ever lands in the audit log.
    const all = await t.deps.db.select().from(auditLog).where(eq(auditLog.ip, '10.66.1.1'));
    expect(JSON.stringify(all)).not.toContain(decodeURIComponent(pending.match(/portico\.two_factor=([^;]+)/)![1]!).split('.')[0]);
  });
});
