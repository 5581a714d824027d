import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, launch, newContext } from './support.js';

/** Journey (c): a user who has not enrolled a second factor reaches no /api/v1 data. */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('second factor gate', () => {
  it('keeps a password-only session away from API data', async () => {
    const ctx = await newContext(browser, inject('baseURL'));
    const page = await ctx.newPage();
    const signIn = await page.request.post('/api/auth/sign-in/email', { data: { email: 'lukas@globex.example', password: DEMO_PASSWORD }, headers: { origin: inject('baseURL') } });
    expect(signIn.status()).toBe(200);
    const me = await page.request.get('/api/v1/me');
    expect(me.status()).toBe(200);
    expect((await me.json()).mfa).toBe('enrol');
    for (const url of ['/api/v1/users', '/api/v1/audit', '/api/v1/me/sessions', '/api/v1/me/tokens', '/api/v1/orgs']) {
      const res = await page.request.get(url);
      expect(res.status(), url).toBe(403);
      expect((await res.json()).code, url).toBe('MFA_ENROLMENT_REQUIRED');
    }
    await ctx.close();
  });
});
