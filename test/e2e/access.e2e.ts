import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, expectFits, h1, launch, newContext, acceptInvitation } from './support.js';

/**
 * Issue 4, journey 1: Maja, an Acme customer admin, requests a two-day work visit to Acme's cage A01 for
 * a visitor through the catalogue's form; Sven, a provider agent, approves it on the order page (the
 * work visit's rule: the provider approves); the grant appears on Acme's access page; the access-control
 * system (an integration token issued by Hedda, a provider admin) reports the visitor's entry and Maja
 * sees them under "On site now"; the month's access report PDF, downloaded from the activity tab, lists
 * the visit. All of them are invited by the e2e setup (test/e2e/prepare-data.ts).
 * E2E_SHOTS=dir keeps the report rendered as PNG (pdftoppm) and screenshots for a human to look at.
 */
type Invited = { email: string; link: string };
const PASSWORD = 'a long access journey password 2026';
const VISITOR = { name: 'Viktor Besøk', company: 'Kabel og Fiber AS', email: 'viktor@kabel-fiber.example', phone: '+47 400 11 222' };
let browser: Browser;
let maja: BrowserContext;
let page: Page;
let orderId = '';
/** The visit's window as the browser's clock and calendar see it. */
let visit: { start: string; end: string; startLabel: string; endLabel: string; startTime: string };

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

const invited = () => inject('e2eStaff') as unknown as Record<string, Invited>;
const expectHeading = (p: Page, text: string) => expect.poll(() => h1(p), { timeout: 15_000 }).toBe(text);
const orderOf = async (p: Page) => (await p.request.get(`/api/v1/orders/${orderId}`)).json();


/** Picks a day and a time in one of the form's date-time pickers, as a person would (calendar, then hours and minutes). */
async function pickDateTime(p: Page, label: string, day: string, time: string) {
  await p.getByRole('button', { name: label, exact: true }).click();
  const dialog = p.getByRole('dialog').filter({ has: p.locator('table') });
  await expect.poll(() => dialog.count()).toBe(1);
  for (let i = 0; i < 3 && (await dialog.getByRole('button', { name: day, exact: true }).count()) === 0; i++) await dialog.locator('[data-direction="next"]').click();
  await dialog.getByRole('button', { name: day, exact: true }).click();
  const [hh, mm] = time.split(':');
  // Typed digit by digit, Mantine's hours field moves on after the first digit that cannot start a larger hour; fill sets each part.
  await dialog.getByRole('spinbutton').nth(0).fill(hh!);
  await dialog.getByRole('spinbutton').nth(1).fill(mm!);
  await dialog.getByRole('button', { name: 'Done', exact: true }).click();
  await expect.poll(() => p.getByRole('dialog').filter({ has: p.locator('table') }).count()).toBe(0);
}

describe('journey 1: a work visit from the request to the access report', () => {
  it('a customer admin requests a two-day work visit for a visitor through the form', async () => {
    maja = await newContext(browser, inject('baseURL'));
    page = await maja.newPage();
    await acceptInvitation(page, invited().maja!.link, PASSWORD);
    // A start a few minutes ahead (visits start in the future), so the entry posted later falls inside it.
    visit = await page.evaluate(() => {
      const s = new Date(Date.now() + 4 * 60_000);
      s.setSeconds(0, 0);
      const e = new Date(s.getTime() + 2 * 86_400_000);
      const label = (d: Date) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
      const hm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
      return { start: s.toISOString(), end: e.toISOString(), startLabel: label(s), endLabel: label(e), startTime: hm(s) };
    });

    await page.goto('/catalogue');
    await expectHeading(page, 'Order something');
    await page.getByRole('searchbox', { name: 'Search the catalogue' }).fill('access');
    await page.getByRole('link', { name: /Request for access \(work visit\)/ }).click();
    await expectHeading(page, 'Request for access (work visit)');
    await page.getByRole('combobox', { name: /^Location/ }).click();
    await page.getByRole('option', { name: /^Cage A01/ }).first().click();
    await page.keyboard.press('Escape');
    await pickDateTime(page, 'From', visit.startLabel, visit.startTime);
    await pickDateTime(page, 'Until', visit.endLabel, visit.startTime);
    await page.getByRole('button', { name: 'Add a visitor' }).click();
    const visitor = page.getByRole('group', { name: 'Visitor 1' });
    await visitor.getByRole('textbox', { name: 'Full name' }).fill(VISITOR.name);
    await visitor.getByRole('textbox', { name: 'Company' }).fill(VISITOR.company);
    await visitor.getByRole('textbox', { name: 'E-mail' }).fill(VISITOR.email);
    await visitor.getByRole('textbox', { name: /^Phone/ }).fill(VISITOR.phone);
    await page.getByRole('combobox', { name: 'Purpose' }).click();
    await page.getByRole('option', { name: 'Maintenance' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send for approval' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    orderId = new URL(page.url()).pathname.split('/').pop()!;
    await expectHeading(page, 'Request for access (work visit)');
    const order = await orderOf(page);
    expect(order).toMatchObject({ status: 'waiting_for_approval', approvalRule: 'provider', abilities: { decide: null } });
    expect(order.values.window).toEqual({ start: visit.start, end: visit.end });
    expect(order.values.visitors).toEqual([VISITOR]);
    await expect.poll(() => page.locator('main').textContent()).toContain('Waiting for approval');
  });

  it('a provider agent approves it on the order page; the grant appears on the customer’s access page', async () => {
    const ctx = await newContext(browser, inject('baseURL'));
    const agent = await ctx.newPage();
    await acceptInvitation(agent, invited().sven!.link, PASSWORD);
    await agent.goto(`/orders/${orderId}`);
    await expectHeading(agent, 'Request for access (work visit)');
    await expect.poll(() => agent.getByRole('heading', { name: 'Provider approval is needed' }).count(), { timeout: 15_000 }).toBe(1);
    await expectAccessible(agent);
    await agent.getByRole('textbox', { name: 'Comment', exact: true }).fill('Visitor signs in at the security desk.');
    await agent.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(async () => (await orderOf(agent)).status, { timeout: 15_000 }).toBe('in_fulfilment');
    await expect.poll(() => agent.getByRole('heading', { name: 'Provider approval is needed' }).count()).toBe(0);
    // The approval is in the timeline the customer reads: who approved and the comment.
    const events = (await (await page.request.get(`/api/v1/orders/${orderId}/events`)).json()).items as { type: string; actor: { name: string } | null; body: string | null }[];
    expect(events.find((e) => e.type === 'approved')).toMatchObject({ actor: { name: 'Sven Aas' }, body: 'Visitor signs in at the security desk.' });
    await ctx.close();

    await page.goto('/access?tab=grants&status=all');
    await expectHeading(page, 'Physical access');
    const row = page.getByRole('row').filter({ hasText: VISITOR.name });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    const text = (await row.textContent())!;
    expect(text).toContain(VISITOR.company);
    expect(text).toContain('Cage A01');
    expect(text).toMatch(/Upcoming|Active/);
    await expectAccessible(page);
  });

  it('an access event for the visitor shows them on site now; the month’s report PDF lists the visit', async () => {
    // Hedda, a provider admin, issues the access-control system's integration token.
    const ctx = await newContext(browser, inject('baseURL'));
    const admin = await ctx.newPage();
    await acceptInvitation(admin, invited().hedda!.link, PASSWORD);
    const created = await admin.request.post('/api/v1/integration-tokens', { data: { name: 'PACS Oslo', scopes: ['access_events'] }, headers: { origin: inject('baseURL') } });
    expect(created.status(), await created.text()).toBe(201);
    const token = (await created.json()).token as string;
    await ctx.close();

    const grants = (await (await page.request.get('/api/v1/access/grants?status=all')).json()).items as { person: { name: string }; locations: { id: string; path: string }[] }[];
    const cage = grants.find((g) => g.person.name === VISITOR.name)!.locations[0]!;
    const at = new Date(new Date(visit.start).getTime() + 30_000);
    const posted = await page.request.post('/api/v1/integrations/access-events', {
      headers: { authorization: `Bearer ${token}` },
      data: [{ eventId: `e2e-j1-${orderId}`, person: VISITOR.email, locationId: cage.id, reader: 'OSL1-A01-R1', direction: 'in', occurredAt: at.toISOString(), result: 'granted' }],
    });
    expect(posted.status(), await posted.text()).toBe(200);
    expect(await posted.json()).toMatchObject({ stored: 1, matched: 1, flagged: 0 });

    await page.goto('/access?tab=onsite');
    await expectHeading(page, 'Physical access');
    const onSite = page.getByRole('row').filter({ hasText: VISITOR.name });
    await expect.poll(() => onSite.count(), { timeout: 15_000 }).toBe(1);
    expect(await onSite.textContent()).toContain(VISITOR.company);
    await expectAccessible(page);
    await page.setViewportSize({ width: 375, height: 800 });
    await expectFits(page);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The month of the visit, from the activity tab's PDF button.
    const first = visit.start.slice(0, 8) + '01';
    const last = new Date(Date.UTC(Number(visit.start.slice(0, 4)), Number(visit.start.slice(5, 7)), 0)).toISOString().slice(0, 10);
    await page.goto(`/access?tab=activity&from=${first}&to=${last}`);
    await expect.poll(() => page.getByRole('row').filter({ hasText: VISITOR.name }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'PDF report' }).click();
    const file = await (await download).path();
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain(VISITOR.name);
    expect(text).toContain(VISITOR.company);
    expect(text).toContain('Cage A01');
    expect(text).toContain('Acme Hosting AS');
    if (process.env.E2E_SHOTS) writeFileSync(`${process.env.E2E_SHOTS}/access-report.pdf`, pdf);
  });

  it('the customer admin revokes the visitor’s grant in the confirm dialog, which asks for a reason', async () => {
    await page.goto('/access?tab=grants&status=all');
    await expectHeading(page, 'Physical access');
    const row = page.getByRole('row').filter({ hasText: VISITOR.name });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.getByRole('button', { name: `Revoke the grant of ${VISITOR.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Revoke access of ${VISITOR.name}` });
    await expect.poll(() => dialog.count()).toBe(1);
    const reason = dialog.getByRole('textbox', { name: /^Reason/ });
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    // Without a reason: the field says so, no alert besides it, the grant stays.
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('.mantine-Alert-root').count()).toBe(0);
    await expectAccessible(page);
    if (process.env.E2E_SHOTS) await page.screenshot({ path: `${process.env.E2E_SHOTS}/access-revoke-dialog.png` });
    await reason.fill('The visit was called off.');
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('Revoked');
    const grants = (await (await page.request.get('/api/v1/access/grants?status=all')).json()).items as { person: { name: string }; status: string; revokeReason: string | null }[];
    expect(grants.find((g) => g.person.name === VISITOR.name)).toMatchObject({ status: 'revoked', revokeReason: 'The visit was called off.' });
    await maja.close();
  });
});

/** The PDF's text, page by page (pdfjs-dist, as the server tests read it). */
async function pdfText(data: Buffer): Promise<string> {
  // pdfjs-dist uses Promise.withResolvers (Node 22); Node 20 lacks it.
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false }).promise;
  let text = '';
  for (let p = 1; p <= doc.numPages; p++) text += (await (await doc.getPage(p)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ') + '\n';
  return text;
}
