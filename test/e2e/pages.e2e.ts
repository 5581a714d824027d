import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, expectAccessible, h1, launch, newContext, signInAndEnrolTotp, sweep } from './support.js';

/**
 * Every page of the foundation, looked at as a user would: accessible (axe: no serious or critical
 * violations), no sideways scrolling on a laptop or a 375 px phone, usable with the keyboard, in the
 * user's language. And the passkey as a second factor, with Chromium's virtual authenticator.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('pages before sign-in', () => {
  it('sign-in, password reset and invitation pages are accessible and fit a phone', async () => {
    const ctx = await newContext(browser, inject('baseURL'));
    const seen = await sweep(ctx, ['/sign-in', '/forgot-password', '/reset-password?token=not-a-token', '/invite/not-a-token']);
    expect(seen['/sign-in@375']).toBe('Sign in');
    expect(seen['/forgot-password@1280']).toBeTruthy();
    await ctx.close();
  });

  it('the sign-in form works with the keyboard alone and says clearly when the password is wrong', async () => {
    const ctx = await newContext(browser, inject('baseURL'));
    const page = await ctx.newPage();
    await page.goto('/sign-in');
    await h1(page);
    // The skip link comes first, then the form fields in reading order.
    const focused: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      focused.push(await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('type') ?? ''}:${el.getAttribute('autocomplete') ?? el.textContent?.trim() ?? ''}` : '';
      }));
    }
    const email = focused.findIndex((f) => f.startsWith('input:email'));
    const password = focused.findIndex((f) => f.startsWith('input:password'));
    expect(email).toBeGreaterThanOrEqual(0);
    expect(password).toBeGreaterThan(email);
    await page.getByRole('textbox', { name: 'Email', exact: true }).focus();
    await page.keyboard.type('jonas@acme.example');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not the password at all');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/password/i);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expectAccessible(page);
    await ctx.close();
  });
});

describe('signed-in pages', () => {
  it('a Norwegian provider agent sees customers, a customer, users and every profile tab, accessible on laptop and phone', async () => {
    const ctx = await newContext(browser, inject('baseURL'));
    const page = await ctx.newPage();
    await signInAndEnrolTotp(page, 'agent1@nordlys.example');
    const orgs = await (await page.request.get('/api/v1/orgs?limit=50')).json();
    const acme = orgs.items.find((o: { name: string }) => o.name === 'Acme Hosting AS');
    expect(acme).toBeTruthy();
    const seen = await sweep(ctx, [
      '/',
      '/customers',
      `/customers/${acme.id}`,
      '/users',
      '/profile?tab=details',
      '/profile?tab=security',
      '/profile?tab=sessions',
      '/profile?tab=tokens',
    ]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nb');
    expect(seen['/customers@1280']).toBe('Kunder');
    expect(seen[`/customers/${acme.id}@375`]).toContain('Acme Hosting AS');
    // An agent has no mail outbox and no audit log: the navigation does not offer them.
    await page.goto('/');
    await h1(page);
    expect(await page.getByRole('link', { name: 'Kunder' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Utgående e-post' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Revisjonslogg' }).count()).toBe(0);
    await ctx.close();
  });

  it('a German customer admin gets every page in German, accessible on laptop and phone', async () => {
    const ctx = await newContext(browser, inject('baseURL'));
    const page = await ctx.newPage();
    await signInAndEnrolTotp(page, 'admin@globex.example');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    const seen = await sweep(ctx, ['/', '/users', '/audit', '/profile?tab=security', '/profile?tab=tokens']);
    expect(seen['/users@1280']).toBe('Benutzer');
    expect(seen['/audit@375']).toBe('Audit-Protokoll');
    // The audit log shows this admin's own sign-in, in German.
    await page.goto('/audit');
    await expect.poll(() => page.getByRole('table').textContent()).toContain('admin@globex.example');
    await ctx.close();
  });
});

describe('passkeys', () => {
  it('a user enrols a passkey as second factor and later signs in with password and passkey', async () => {
    const ctx = await newContext(browser, inject('baseURL'));
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });

    await page.goto('/sign-in');
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill('agent2@nordlys.example');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/enrol');
    await page.getByRole('radio', { name: 'Passkey' }).check();
    await page.getByRole('textbox', { name: 'Name of the passkey' }).fill('Virtual test key');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    const me = await (await page.request.get('/api/v1/me')).json();
    expect(me).toMatchObject({ email: 'agent2@nordlys.example', mfa: 'ok' });
    await page.goto('/profile?tab=security');
    await expect.poll(() => page.getByText('Virtual test key').count()).toBeGreaterThan(0);
    await expectAccessible(page);

    // Sign out, then password first: the passkey is the only second factor, so it is asked for.
    await page.request.post('/api/auth/sign-out', { data: {}, headers: { origin: inject('baseURL') } });
    await page.goto('/sign-in');
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill('agent2@nordlys.example');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/sign-in/two-factor');
    const data = await page.request.get('/api/v1/users');
    expect(data.status()).toBe(403);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect((await page.request.get('/api/v1/users')).status()).toBe(200);
    await ctx.close();
  });
});
