import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, h1, launch, newContext, signInAndEnrolTotp, sweep } from './support.js';

/**
 * "Get help", as a customer lives it: Sara (Acme, English) reports an outage with the classification
 * helper, sees when to expect an answer and where her ticket stands in the queue, replies, and finds it
 * in her list. Jana (Globex, German) gets the German pages and cannot open Sara's ticket. Every page is
 * accessible (axe) and fits a laptop and a 375 px phone without sideways scrolling.
 *
 * The agent's side is not driven here: every demo agent is already enrolled by another journey, and
 * each demo user can enrol a second factor only once per server.
 */
let browser: Browser;
let sara: BrowserContext;
let ticketId = '';
const title = 'Rack B12: both power feeds down';

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

/** Waits until the page's heading reads `text` (client-side navigation renders the next page a moment later). */
const expectHeading = (page: Page, text: string) => expect.poll(() => h1(page)).toBe(text);


describe('a customer reports a problem', () => {
  it('the classification helper proposes urgency and impact; the form says what is missing', async () => {
    sara = await newContext(browser, inject('baseURL'));
    const page = await sara.newPage();
    await signInAndEnrolTotp(page, 'sara@acme.example');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Support' }).click();
    await page.waitForURL('**/tickets');
    await expectHeading(page, 'Support');
    await page.getByRole('link', { name: 'Report a problem' }).click();
    await page.waitForURL('**/tickets/new');
    await expectHeading(page, 'Report a problem');

    // Sent empty: each field says what it needs, and the first one takes the focus.
    await page.getByRole('button', { name: 'Send report' }).click();
    await expect.poll(() => page.getByText('Enter a short title of at least 3 characters').count()).toBe(1);
    for (const msg of ['Choose a category', 'Describe what happened', 'Choose how urgent it is', 'Choose who is affected']) expect(await page.getByText(msg, { exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ticket-title');
    // Customers open incidents, questions and reports, never problems, and write no internal notes.
    expect(await page.getByRole('radio', { name: 'Problem', exact: true }).count()).toBe(0);
    await expectAccessible(page);

    await page.getByRole('textbox', { name: 'Title' }).fill(title);
    await page.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'Power' }).click();
    await page.getByRole('textbox', { name: 'Site or location (optional)' }).fill('OSL1, cage 4, rack B12');
    await page.getByRole('textbox', { name: 'Description' }).fill('Both PDUs in **rack B12** show no power since 09:40.\n\n- Breakers look fine\n- Servers are down');

    // Seed 001's three questions: fixed now, many people stopped, needed now → blocker, many people, P1.
    await page.getByRole('radiogroup', { name: 'Must it be fixed now?' }).getByRole('radio', { name: 'Yes' }).check();
    await page.getByRole('radiogroup', { name: 'Is the work of many people stopped?' }).getByRole('radio', { name: 'Yes' }).check();
    expect(await page.getByRole('radio', { name: 'Blocker' }).isChecked()).toBe(false); // not before all three are answered
    await page.getByRole('radiogroup', { name: 'By when must it be fixed?' }).getByRole('radio', { name: 'Now' }).check();
    await expect.poll(() => page.getByRole('radio', { name: 'Blocker' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Many people' }).isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('priority-preview').textContent()).toContain('P1 · Critical');
    expect(await page.getByRole('status').filter({ hasText: 'Proposed from your answers: Blocker, Many people.' }).count()).toBe(1);

    // Sara knows better: only her team's rack is down. The priority follows her choice at once.
    await page.getByRole('radio', { name: 'A few people' }).check();
    await expect.poll(() => page.getByTestId('priority-preview').textContent()).toContain('P2 · High');
    expect(await page.getByText('You changed it; we go by your choice.').count()).toBe(1);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Send report' }).click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    ticketId = new URL(page.url()).pathname.split('/').pop()!;
  });

  it('the ticket says when to expect an answer, in her time zone, and where it stands in the queue', async () => {
    const page = sara.pages()[0]!;
    await expectHeading(page, title);
    const ticket = await (await page.request.get(`/api/v1/tickets/${ticketId}`)).json();
    const me = await (await page.request.get('/api/v1/me')).json();
    expect(ticket).toMatchObject({ kind: 'incident', urgency: 'blocker', impact: 'few', priority: 'P2', status: 'new', assignee: null });
    expect(ticket.ref).toMatch(/^INC\d{7}$/);
    const inZone = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: me.timeZone }).format(new Date(iso));

    const main = page.locator('main');
    await expect.poll(() => main.textContent()).toContain(ticket.ref);
    expect(await main.textContent()).toContain('P2 · High');
    expect(await page.getByTestId('sla-firstResponse').textContent()).toBe(`First response due ${inZone(ticket.sla.firstResponse.dueAt)}`);
    expect(await page.getByTestId('sla-resolution').textContent()).toBe(`Resolution expected by ${inZone(ticket.sla.resolution.dueAt)}`);
    expect(await main.textContent()).toMatch(/Due in \d+ (minutes|hours)/);
    expect(await main.textContent()).toContain(`Not yet assigned — position ${ticket.queuePosition} in the queue`);
    // The description is rendered from Markdown; the history tells what happened.
    expect(await main.locator('.portico-markdown strong').first().textContent()).toBe('rack B12');
    expect(await page.getByRole('list').filter({ hasText: 'Sara Holm opened the ticket' }).count()).toBe(1);
    // No status buttons for an open ticket, and no internal notes for a customer.
    expect(await page.getByRole('button', { name: /Resolve|Assign|Close ticket|Reopen/ }).count()).toBe(0);
    expect(await page.getByRole('switch', { name: 'Internal note' }).count()).toBe(0);

    await page.getByRole('textbox', { name: 'Your reply' }).fill('The cage door is open for your electrician.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => page.getByRole('list').filter({ hasText: 'Sara Holm replied' }).textContent()).toContain('The cage door is open for your electrician.');
    // The timeline can show the reply (realtime event) a moment before the form clears: wait for both.
    await expect.poll(() => page.getByRole('textbox', { name: 'Your reply' }).inputValue()).toBe('');
    await expectAccessible(page);
  });

  it('the ticket is in her list, and the list, the form and the ticket fit a laptop and a phone', async () => {
    const page = sara.pages()[0]!;
    await page.getByRole('link', { name: 'All my tickets' }).click();
    await page.waitForURL('**/tickets');
    await expectHeading(page, 'Support');
    const row = page.getByRole('row').filter({ hasText: title });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/INC\d{7}.*P2.*New.*Due in/);
    expect(await row.textContent()).toContain('Support team');
    // A search that matches nothing says so.
    await page.getByRole('searchbox', { name: 'Search by title or reference' }).fill('no such ticket');
    await expect.poll(() => page.getByText('No tickets match these filters.').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe('no such ticket');

    const seen = await sweep(sara, ['/tickets', '/tickets/new', `/tickets/${ticketId}`], 'sara');
    expect(seen['/tickets@375']).toBe('Support');
    expect(seen[`/tickets/${ticketId}@375`]).toBe(title);
    // On a phone the list is a column of cards, still with the link to the ticket.
    const phone = await sara.newPage();
    await phone.setViewportSize({ width: 375, height: 800 });
    await phone.goto('/tickets');
    await phone.getByRole('link', { name: title }).click();
    await phone.waitForURL(`**/tickets/${ticketId}`);
    await expectHeading(phone, title);
    await phone.close();
  });
});

describe('another organisation', () => {
  it('a German customer gets German pages and cannot open the ticket of another organisation', async () => {
    const ctx = await newContext(browser, inject('baseURL'));
    const page = await ctx.newPage();
    expect(ticketId).toMatch(/^[0-9a-f-]{36}$/);
    await signInAndEnrolTotp(page, 'jana@globex.example');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect((await page.request.get(`/api/v1/tickets/${ticketId}`)).status()).toBe(404);
    const seen = await sweep(ctx, ['/tickets', '/tickets/new', `/tickets/${ticketId}`], 'jana');
    expect(seen['/tickets@1280']).toBe('Support');
    expect(seen['/tickets/new@375']).toBe('Problem melden');
    expect(seen[`/tickets/${ticketId}@1280`]).toBe('Ticket nicht gefunden');

    await page.goto('/tickets');
    // Her own demo ticket is listed; Sara's (another organisation) never is.
    await expect.poll(() => page.getByText('Fluchtweg in Halle 2 mit Kartons verstellt').count()).toBeGreaterThan(0);
    expect(await page.getByText(title).count()).toBe(0);
    await page.goto(`/tickets/${ticketId}`);
    await expect.poll(() => page.getByText('Unter dieser Adresse gibt es kein Ticket, das Sie sehen können.', { exact: false }).count()).toBe(1);
    await page.getByRole('link', { name: 'Zu Ihren Tickets' }).click();
    await page.waitForURL('**/tickets');
    await expectHeading(page, 'Support');
    await page.goto('/tickets/new');
    // Seed 001's own German wording.
    await expect.poll(() => page.getByRole('radiogroup', { name: 'Ist eine sofortige Behebung des Problems notwendig?' }).count()).toBe(1);
    await ctx.close();
  });
});
