import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, h1, launch, newContext, readMails, sweep, totp, acceptInvitation } from './support.js';

/**
 * Issue 4, journey 2: Nils, an Acme user, orders smart hands "equipment install" with an attachment;
 * Astrid, an Acme admin, approves it from the link in her mail (signing in with her second factor
 * first: the link never decides without a session); Tor, a provider agent, completes the fulfilment
 * tasks; Nils sees the order completed. All three are invited by the e2e setup (test/e2e/prepare-data.ts).
 */
type Invited = { email: string; link: string };
const PASSWORD = 'a long journey password 2026';
let browser: Browser;
let nils: BrowserContext;
let nilsPage: Page;
let orderId = '';
let ref = '';
let astridSecret = '';

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

const invited = () => inject('e2eStaff') as unknown as Record<string, Invited>;
const expectHeading = (p: Page, text: string) => expect.poll(() => h1(p), { timeout: 15_000 }).toBe(text);


async function pick(p: Page, combobox: string, option: RegExp | string) {
  await p.getByRole('combobox', { name: combobox }).click();
  await p.getByRole('option', { name: option }).first().click();
}

describe('journey 2: an order from the catalogue to completion, approved from the mail link', () => {
  it('a customer user orders smart hands with an attachment; it waits for the customer approval', async () => {
    // The approver, Astrid, has an active account with a second factor (enrolled on invitation) before
    // the order is placed, so the approval request reaches her; she signs out again.
    const first = await newContext(browser, inject('baseURL'));
    astridSecret = await acceptInvitation(await first.newPage(), invited().astrid!.link, PASSWORD);
    await first.close();
    nils = await newContext(browser, inject('baseURL'));
    nilsPage = await nils.newPage();
    const page = nilsPage;
    await acceptInvitation(page, invited().nils!.link, PASSWORD);
    await page.goto('/catalogue');
    await expectHeading(page, 'Order something');
    await page.getByRole('link', { name: /^Smart hands/ }).first().click();
    await expectHeading(page, 'Smart hands');
    await pick(page, 'Type of work', 'Equipment install');
    await page.getByRole('combobox', { name: 'Location' }).click();
    await page.getByRole('option').first().click();
    await page.getByRole('textbox', { name: /^Device/ }).fill('Dell PowerEdge R760, U20–21');
    await page.getByRole('textbox', { name: /^Scope of work/ }).fill('Mount the server at U20–21, connect both PSUs to the A and B feeds, patch iDRAC to port 24.');
    await page.getByRole('radio', { name: /^Standard/ }).check();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: /^Choose file/ }).click();
    await (await chooser).setFiles({ name: 'rack-elevation.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% rack elevation C01-R01\n') });
    await expect.poll(() => page.getByText('rack-elevation.pdf').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send for approval' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    orderId = new URL(page.url()).pathname.split('/').pop()!;
    await expectHeading(page, 'Smart hands');
    const order = await (await page.request.get(`/api/v1/orders/${orderId}`)).json();
    ref = order.ref;
    expect(ref).toMatch(/^ORD\d{7}$/);
    expect(order.status).toBe('waiting_for_approval');
    expect(order.files.map((f: { name: string }) => f.name)).toEqual(['rack-elevation.pdf']);
    await expect.poll(() => page.locator('main').textContent()).toContain('Waiting for approval');
    await expect.poll(() => page.getByRole('link', { name: 'rack-elevation.pdf' }).count()).toBeGreaterThan(0);
  });

  it('the customer admin opens the mail link, signs in with her second factor, and approves', async () => {

    let link = '';
    await expect
      .poll(
        async () => {
          const mails = await readMails(invited().astrid!.email);
          const m = mails.find((x) => x.subject?.includes(ref) && /approval/i.test(x.subject ?? ''));
          link = /https?:\/\/\S+\/orders\/[0-9a-f-]{36}\?decide=[A-Za-z0-9_-]+/.exec(m?.text ?? '')?.[0] ?? '';
          return link;
        },
        { timeout: 20_000 },
      )
      .toMatch(/decide=/);
    const url = new URL(link);
    expect(url.pathname).toBe(`/orders/${orderId}`);

    // The link without a session leads to the sign-in; after both factors it comes back to the decision.
    const ctx = await newContext(browser, inject('baseURL'));
    const page = await ctx.newPage();
    await page.goto(url.pathname + url.search);
    await page.waitForURL('**/sign-in');
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(invited().astrid!.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/sign-in/two-factor');
    await page.locator('input[autocomplete="one-time-code"]').fill(totp(astridSecret));
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === `/orders/${orderId}`, { timeout: 20_000 });
    await expectHeading(page, 'Smart hands');
    await expect.poll(() => page.getByRole('heading', { name: 'Your approval is needed' }).count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole('textbox', { name: 'Comment' }).fill('Approved, the rack has room.');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(async () => (await (await page.request.get(`/api/v1/orders/${orderId}`)).json()).status, { timeout: 15_000 }).toBe('in_fulfilment');
    await expect.poll(() => page.getByRole('heading', { name: 'Your approval is needed' }).count()).toBe(0);
    // The same link again: nothing left to decide.
    await page.goto(url.pathname + url.search);
    await expect.poll(() => page.getByText('Nothing to decide here').count(), { timeout: 15_000 }).toBe(1);
    await ctx.close();
  });

  it('an agent completes every task from the queue; the customer sees the order completed', async () => {
    const ctx = await newContext(browser, inject('baseURL'));
    const page = await ctx.newPage();
    await acceptInvitation(page, invited().tor!.link, PASSWORD);
    await page.goto('/orders?queue=in_fulfilment');
    await expectHeading(page, 'Orders');
    const row = page.getByRole('row').filter({ hasText: ref });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.getByRole('link', { name: 'Smart hands' }).click();
    await page.waitForURL(`**/orders/${orderId}`);
    const statuses = page.getByRole('combobox', { name: /^Status of/ });
    await expect.poll(() => statuses.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const n = await statuses.count();
    for (let i = 0; i < n; i++) {
      await statuses.nth(i).click();
      await page.getByRole('option', { name: 'Done', exact: true }).click();
      // A done task leaves the editable list only when the order completes; wait for the change to land.
      await expect.poll(async () => (await (await page.request.get(`/api/v1/orders/${orderId}`)).json()).tasks.filter((t: { status: string }) => t.status === 'done').length, { timeout: 15_000 }).toBe(i + 1);
    }
    await expect.poll(async () => (await (await page.request.get(`/api/v1/orders/${orderId}`)).json()).status, { timeout: 15_000 }).toBe('completed');
    await expectAccessible(page);
    await ctx.close();

    await nilsPage.goto(`/orders/${orderId}`);
    await expect.poll(() => nilsPage.locator('main').textContent(), { timeout: 15_000 }).toContain('Completed on');
    await nilsPage.goto('/orders');
    await expect.poll(() => nilsPage.getByRole('row').filter({ hasText: ref }).filter({ hasText: 'Completed' }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(async () => (await readMails(invited().nils!.email)).some((m) => m.subject?.includes(ref) && m.subject.includes('Completed')), { timeout: 20_000 }).toBe(true);
    // Both order pages at laptop and phone width: accessible, nothing scrolls sideways.
    const seen = await sweep(nils, ['/orders', `/orders/${orderId}`], 'orders-');
    expect(seen['/orders@375']).toBe('Orders');
    await nils.close();
  });
});
