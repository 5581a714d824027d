import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, expectAccessible, launch, newContext, totp } from './support.js';

/**
 * Journeys (a) and (b): a customer admin invites a colleague; the colleague opens the link from the
 * mail outbox, sets a password, enrols TOTP and lands on home. The admin sees their organisation's
 * users and never another customer's.
 */
let browser: Browser;
let admin: BrowserContext;
let adminPage: Page;
const invitee = { name: 'Nina Berg', email: `nina.${Date.now()}@acme.example`, password: 'a long new password 42' };

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

/** Signs in through the form and enrols the authenticator app on first sign-in, computing the codes. */
async function signInAndEnrol(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL('**/enrol');
  await enrol(page, password);
}

async function enrol(page: Page, password: string) {
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Protect your account');
  await expectAccessible(page);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!;
  expect(secret.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{16,}$/);
  await expect.poll(() => page.getByRole('img', { name: 'QR code for your authenticator app' }).count()).toBe(1);
  await page.getByRole('textbox', { name: 'Authentication code', exact: true }).fill(totp(secret));
  await page.getByRole('button', { name: 'Activate' }).click();
  await page.waitForURL((u) => u.pathname === '/');
}

describe('invitation journey', () => {
  it('a customer admin signs in for the first time, enrols TOTP and invites a colleague', async () => {
    admin = await newContext(browser, inject('baseURL'));
    adminPage = await admin.newPage();
    await signInAndEnrol(adminPage, 'admin@acme.example', DEMO_PASSWORD);
    await expect.poll(() => adminPage.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Eva Lund');
    await expectAccessible(adminPage);

    await adminPage.getByRole('link', { name: 'Users' }).first().click();
    await adminPage.waitForURL('**/users');
    await adminPage.getByRole('button', { name: 'Invite user' }).click();
    const dialog = adminPage.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(invitee.name);
    await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill(invitee.email);
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain(invitee.email);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => adminPage.getByRole('cell', { name: new RegExp(invitee.email) }).count()).toBe(1);
  });

  it('the invited colleague follows the link from the outbox, sets a password, enrols and lands on home', async () => {
    // The provider admin reads the mail outbox in the portal (no SMTP server is configured).
    const provider = await newContext(browser, inject('baseURL'));
    const pp = await provider.newPage();
    await signInAndEnrol(pp, 'admin@nordlys.example', DEMO_PASSWORD);
    await pp.getByRole('link', { name: 'Mail outbox' }).first().click();
    await pp.waitForURL('**/mail');
    await expectAccessible(pp);
    const row = pp.getByRole('row').filter({ hasText: invitee.email });
    await row.getByRole('button').click();
    const link = await pp.getByRole('dialog').getByRole('link', { name: /\/invite\// }).getAttribute('href');
    expect(link).toMatch(/\/invite\/[\w-]+$/);
    await provider.close();

    const ctx = await newContext(browser, inject('baseURL'));
    const page = await ctx.newPage();
    await page.goto(new URL(link!).pathname);
    await expect.poll(() => page.getByText(invitee.email).count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.getByRole('textbox', { name: 'New password', exact: true }).fill(invitee.password);
    await page.getByRole('textbox', { name: 'Repeat the password', exact: true }).fill(invitee.password);
    await page.getByRole('button', { name: 'Set password and continue' }).click();
    await page.waitForURL('**/enrol');
    await enrol(page, invitee.password);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Welcome, ${invitee.name}`);
    const me = await (await page.request.get('/api/v1/me')).json();
    expect(me).toMatchObject({ email: invitee.email, mfa: 'ok', org: { name: 'Acme Hosting AS' } });
    // The link works once.
    await page.goto(new URL(link!).pathname);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid');
    await ctx.close();
  });

  it("the customer admin sees Acme's users and never Globex's", async () => {
    await adminPage.goto('/users');
    const table = adminPage.getByRole('table');
    await expect.poll(() => table.getByText('Sara Holm').count()).toBe(1);
    for (const name of ['Eva Lund', 'Jonas Vik', invitee.name]) expect(await table.getByText(name).count()).toBe(1);
    for (const name of ['Hans Müller', 'Jana Schulz', 'Lukas Weber', 'Ingrid Berg']) expect(await adminPage.getByText(name).count()).toBe(0);
    await expectAccessible(adminPage);
    const api = await (await adminPage.request.get('/api/v1/users?limit=200')).json();
    expect(api.items.every((u: { email: string }) => u.email.endsWith('@acme.example'))).toBe(true);
    const me = await (await adminPage.request.get('/api/v1/me')).json();
    // Another organisation's id answers 404, never its data.
    const foreign = await adminPage.request.get(`/api/v1/orgs/${me.org.id.replace(/.$/, (c: string) => (c === '0' ? '1' : '0'))}`);
    expect(foreign.status()).toBe(404);
  });

  it('works on a phone: the navigation folds into a menu', async () => {
    const phone = await newContext(browser, inject('baseURL'), 375);
    await phone.addCookies(await admin.cookies());
    const page = await phone.newPage();
    await page.goto('/users');
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Audit log' }).isVisible()).toBe(true);
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.close();
    await admin.close();
  });
});
