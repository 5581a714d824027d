import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, expectFits, h1, launch, newContext, readMails, sendToPortico, signInAndEnrolTotp, acceptInvitation, sweep } from './support.js';

/**
 * "Get help" with both sides at work (issue 3's journeys):
 * (1) Jonas (Acme) reports an incident with the classification helper and a file, and sees the due
 *     times; Erik, an agent, takes it from the queue and replies; Jonas's open page shows the reply
 *     without reload; Jonas answers by e-mail (a real reply to the notification, sent to the inbound
 *     SMTP port) and it appears; Erik resolves; Jonas rates it.
 * (2) Ingrid, a provider admin, creates an integration token in the portal; Alertmanager posts the same
 *     alert twice; one incident opens and tops Erik's queue.
 * Erik and Ingrid are invited by the e2e setup as an operator would (`portico invite-staff`): every demo
 * staff member is enrolled by another journey, and a second factor can be enrolled only once.
 */
let browser: Browser;
let jonas: BrowserContext;
let erik: BrowserContext;
let jonasPage: Page;
let erikPage: Page;
let ticketId = '';
let ref = '';
const title = 'Cold aisle C3 is warm, 29 °C at the inlets';
const STAFF_PASSWORD = 'a long staff password 2026';

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

const expectHeading = (page: Page, text: string) => expect.poll(() => h1(page), { timeout: 15_000 }).toBe(text);


describe('journey 1: an incident from report to rating, with a reply by e-mail', () => {
  it('the customer uses the classification helper, attaches a photo and sees the due times', async () => {
    jonas = await newContext(browser, inject('baseURL'));
    jonasPage = await jonas.newPage();
    const page = jonasPage;
    await signInAndEnrolTotp(page, 'jonas@acme.example');
    await page.goto('/tickets/new');
    await expectHeading(page, 'Report a problem');
    await page.getByRole('textbox', { name: 'Title' }).fill(title);
    await page.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'Cooling' }).click();
    await page.getByRole('textbox', { name: 'Description' }).fill('The inlet sensors of racks C3-01 to C3-08 read 29 °C since 07:10.');
    await page.getByRole('radiogroup', { name: 'Must it be fixed now?' }).getByRole('radio', { name: 'Yes' }).check();
    await page.getByRole('radiogroup', { name: 'Is the work of many people stopped?' }).getByRole('radio', { name: 'No' }).check();
    await page.getByRole('radiogroup', { name: 'By when must it be fixed?' }).getByRole('radio', { name: 'Today' }).check();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Proposed from your answers' }).count()).toBe(1);

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles({ name: 'inlet-temperatures.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex') });
    await expect.poll(() => page.getByText('inlet-temperatures.png').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    ticketId = new URL(page.url()).pathname.split('/').pop()!;
    await expectHeading(page, title);

    const ticket = await (await page.request.get(`/api/v1/tickets/${ticketId}`)).json();
    ref = ticket.ref;
    expect(ref).toMatch(/^INC\d{7}$/);
    await expect.poll(() => page.getByTestId('sla-firstResponse').textContent()).toMatch(/^First response due /);
    expect(await page.getByTestId('sla-resolution').textContent()).toMatch(/^Resolution expected by /);
    // The file went up with the report and is listed on the ticket.
    await expect.poll(async () => (await (await page.request.get(`/api/v1/tickets/${ticketId}/attachments`)).json()).items.length).toBe(1);
    await expect.poll(() => page.getByRole('link', { name: /inlet-temperatures\.png/ }).count()).toBeGreaterThan(0);
  });

  it('an agent takes it from the unassigned queue and replies; the customer sees the reply without reload', async () => {
    erik = await newContext(browser, inject('baseURL'));
    erikPage = await erik.newPage();
    const page = erikPage;
    await acceptInvitation(page, inject('e2eStaff').agent.link, STAFF_PASSWORD);
    await page.goto('/tickets?queue=unassigned');
    const row = page.getByRole('row').filter({ hasText: ref });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.getByRole('link', { name: title }).click();
    await page.waitForURL(`**/tickets/${ticketId}`);
    await expectHeading(page, title);
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.getByText(`${ref} was assigned.`).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Start work' }).click();
    // The status change has landed (and re-rendered the page) before the reply is written.
    await expect.poll(() => page.getByText(`${ref} is in progress.`).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const reply = page.getByRole('textbox', { name: 'Your reply' });
    await reply.fill('A technician is on the way to aisle C3.');
    await expect.poll(() => reply.inputValue()).toBe('A technician is on the way to aisle C3.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => reply.inputValue(), { timeout: 15_000 }).toBe('');
    await expect.poll(() => page.getByRole('list').filter({ hasText: 'A technician is on the way to aisle C3.' }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expectAccessible(page);

    // Jonas's page has been open all along: the reply and the new status arrive by themselves.
    await expect.poll(() => jonasPage.getByRole('list').filter({ hasText: 'A technician is on the way to aisle C3.' }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => jonasPage.locator('main').textContent()).toContain('Erik Dahl');
    // His bell counts the news without reload, and its list names the ticket.
    const bell = jonasPage.getByRole('button', { name: /^Notifications, [1-9]\d* unread$/ });
    await expect.poll(() => bell.count(), { timeout: 15_000 }).toBe(1);
    await bell.click();
    const panel = jonasPage.getByRole('dialog', { name: 'Notifications' });
    await expect.poll(() => panel.getByText(title, { exact: false }).count()).toBeGreaterThan(0);
    await expectAccessible(jonasPage);
    await jonasPage.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
  });

  it('the customer answers the notification by e-mail; the reply lands on the ticket', async () => {
    // The mail about Erik's reply, as Jonas's mail client received it.
    let mail: Awaited<ReturnType<typeof readMails>>[number] | undefined;
    await expect
      .poll(async () => (mail = (await readMails('jonas@acme.example')).find((m) => m.subject?.includes(ref) && m.text?.includes('A technician is on the way'))), { timeout: 30_000 })
      .toBeTruthy();
    const replyTo = (Array.isArray(mail!.replyTo) ? mail!.replyTo[0] : mail!.replyTo)!.value[0]!.address!;
    expect(replyTo).toMatch(/^reply\+[\w.-]+@localhost$/);
    await sendToPortico({
      from: 'Jonas Vik <jonas@acme.example>',
      to: replyTo,
      subject: `Re: ${mail!.subject}`,
      inReplyTo: mail!.messageId,
      references: mail!.messageId,
      text: `Thanks, the door of aisle C3 is unlocked for him.\n\nOn Monday, Portico wrote:\n> ${mail!.text!.split('\n')[0]}`,
    });
    // Both open pages show it; the quoted history is not part of the reply.
    for (const page of [jonasPage, erikPage]) {
      await expect.poll(() => page.getByRole('list').filter({ hasText: 'Thanks, the door of aisle C3 is unlocked for him.' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    }
    // The agent sees that it came by mail.
    await expect.poll(() => erikPage.getByRole('listitem').filter({ hasText: 'Thanks, the door of aisle C3 is unlocked for him.' }).last().textContent()).toContain('by e-mail');
    const events = (await (await erikPage.request.get(`/api/v1/tickets/${ticketId}/events`)).json()).items as { body?: string | null }[];
    const fromMail = events.find((e) => e.body?.includes('unlocked for him'));
    expect(fromMail?.body).not.toContain('Portico wrote');
  });

  it('the agent resolves; the customer rates it', async () => {
    const page = erikPage;
    await page.getByRole('button', { name: 'Resolve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Resolution', exact: true }).click();
    await page.getByRole('option', { name: 'Fixed' }).click();
    await dialog.getByRole('textbox', { name: 'Note to the customer' }).fill('A fan tray in CRAC 3 was replaced; inlets are back at 22 °C.');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    const customer = jonasPage;
    await expect.poll(() => customer.getByRole('heading', { name: 'How did we do?' }).count(), { timeout: 15_000 }).toBe(1);
    await expectAccessible(customer);
    // Mantine's stars are labels over visually hidden radios: click the fifth star as a user does.
    const star = await customer.getByRole('radio', { name: '5 of 5 stars', exact: true }).getAttribute('id');
    await customer.locator(`label[for="${star}"]`).click();
    await expect.poll(() => customer.getByText('Very happy', { exact: true }).count()).toBe(1);
    await customer.getByRole('textbox', { name: 'Comment (optional)' }).fill('Quick and clear.');
    await customer.getByRole('button', { name: 'Send rating' }).click();
    await expect.poll(() => customer.getByText(/Thank you for your rating/).count()).toBe(1);
    const rating = (await (await customer.request.get(`/api/v1/tickets/${ticketId}/rating`)).json()).rating;
    expect(rating).toMatchObject({ score: 5, comment: 'Quick and clear.' });
    await expectFits(customer);
  });
});

describe('journey 2: an alert opens one incident at the top of the queue', () => {
  it('an admin creates an integration token; Alertmanager posts the same alert twice', async () => {
    const ctx = await newContext(browser, inject('baseURL'));
    const page = await ctx.newPage();
    await acceptInvitation(page, inject('e2eStaff').admin.link, STAFF_PASSWORD);
    await page.goto('/admin/help-desk?tab=tokens');
    await expectHeading(page, 'Help desk settings');
    await page.getByRole('textbox', { name: 'Name' }).fill('Alertmanager OSL1');
    await page.getByRole('checkbox', { name: /Alerts/ }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => page.getByTestId('new-integration-token').count()).toBe(1);
    const token = (await page.getByTestId('new-integration-token').textContent())!.trim();
    expect(token).toMatch(/^pit_/);
    await expectAccessible(page);
    // The provider admin's other settings page of this work: document categories, laptop and phone.
    const seen = await sweep(ctx, ['/admin/document-categories'], 'admin-');
    expect(seen['/admin/document-categories@1280']).toBe('Document categories');
    expect(seen['/admin/document-categories@375']).toBe('Document categories');

    const payload = {
      version: '4',
      groupKey: '{}:{alertname="InletTemperatureHigh"}',
      status: 'firing',
      receiver: 'portico',
      groupLabels: { alertname: 'InletTemperatureHigh' },
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://alertmanager.example',
      truncatedAlerts: 0,
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'InletTemperatureHigh', portico_org: 'acme-hosting-as', category: 'cooling', severity: 'critical', site: 'OSL1' },
          annotations: { summary: 'OSL1 hall 2: inlet temperature above 32 °C', description: 'Sensor H2-C3-07 reads 33.4 °C.' },
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus.example/graph',
          fingerprint: 'e2e-inlet-h2-c3',
        },
      ],
    };
    const post = () => page.request.post('/api/v1/integrations/alerts', { headers: { authorization: `Bearer ${token}` }, data: payload });
    const first = await post();
    expect(first.status()).toBe(200);
    const second = await post();
    expect(second.status()).toBe(200);
    const results = [(await first.json()).results, (await second.json()).results].map((r: { outcome?: string; result?: string }[]) => r[0]);
    expect(JSON.stringify(results)).toMatch(/created[\s\S]*updated/);
    await ctx.close();
  });

  it("the agent's queue shows the one incident at the top", async () => {
    const page = erikPage;
    await page.goto('/tickets?queue=all_open');
    await expectHeading(page, 'Tickets');
    const rows = page.getByRole('row').filter({ hasText: 'OSL1 hall 2: inlet temperature above 32 °C' });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    // First data row of the table (the header row is row 0).
    await expect.poll(() => page.getByRole('row').nth(1).textContent()).toContain('OSL1 hall 2: inlet temperature above 32 °C');
    await expectAccessible(page);

    // The queue exports as CSV with the same filters; the reports page downloads its figures.
    const exported = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const csv = readFileSync((await (await exported).path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^\uFEFF?reference,/);
    expect(csv).toContain('OSL1 hall 2: inlet temperature above 32 °C');
    await page.goto('/reports');
    await expectHeading(page, 'Reports');
    await expectAccessible(page);
    const report = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const figures = readFileSync((await (await report).path())!, 'utf8');
    expect(figures.replace(/^\uFEFF/, '').split('\n')[0]).toMatch(/^Month,Opened,/);
  });
});
