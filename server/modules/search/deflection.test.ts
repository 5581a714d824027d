import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { createOrg, createTestApp, signedInUser, type TestApp } from '../../../test/support/harness.js';
import { tickets } from '../../platform/db/schema.js';
import { deflectionEvents } from './search.tables.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let acmeAdmin: Signed;
let acmeUser: Signed;
let globex: Signed;
let categoryId: string;
const month = new Date().toISOString().slice(0, 7);

const event = (who: Signed, draftId: string, articleId: string, type: 'opened' | 'abandoned') =>
  t.http({ method: 'POST', url: '/api/v1/search/deflections', cookie: who.cookie, payload: { draftId, articleId, type } });
const report = async (who: Signed) => {
  const res = await t.http({ method: 'GET', url: `/api/v1/ticket-reports?from=${month}&to=${month}`, cookie: who.cookie });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.find((r: { month: string }) => r.month === month);
};

beforeAll(async () => {
  t = await createTestApp();
  const acme = await createOrg(t);
  [acmeAdmin, acmeUser, globex] = await Promise.all([signedInUser(t, acme.id, 'customer_admin'), signedInUser(t, acme.id, 'customer_user'), signedInUser(t, (await createOrg(t)).id, 'customer_admin')]);
  categoryId = (await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: acmeAdmin.cookie })).json().items[0].id;
});
afterAll(async () => t?.close());

describe('deflection', () => {
  it('counts a form left after opening a suggestion once, and a submitted one links the article instead', async () => {
    const article = uuidv7();
    const left = uuidv7();
    expect((await event(acmeUser, left, article, 'opened')).statusCode).toBe(204);
    expect((await event(acmeUser, left, article, 'opened')).statusCode).toBe(204); // opened twice: one row
    expect((await event(acmeUser, left, uuidv7(), 'opened')).statusCode).toBe(204); // a second article, same visit
    expect((await event(acmeUser, left, article, 'abandoned')).statusCode).toBe(204);

    const submitted = uuidv7();
    await event(acmeUser, submitted, article, 'opened');
    const created = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: acmeUser.cookie, payload: { title: 'Still broken', description: 'The article did not help.', categoryId, urgency: 'minor', impact: 'few' } });
    const ticketId = created.json().id as string;
    const link = await t.http({ method: 'POST', url: '/api/v1/search/deflections/link', cookie: acmeUser.cookie, payload: { draftId: submitted, ticketId } });
    expect(link.statusCode, link.body).toBe(200);
    expect(link.json()).toEqual({ linked: 1 });
    // Leaving after submitting changes nothing (the link stands).
    await event(acmeUser, submitted, article, 'abandoned');
    const [row] = await t.deps.db.select().from(deflectionEvents).where(and(eq(deflectionEvents.draftId, submitted)));
    expect(row).toMatchObject({ outcome: 'ticket', ticketId, orgId: acmeUser.orgId, userId: acmeUser.id });

    let r = await report(acmeAdmin);
    // One visit deflected (two articles, counted once), one ticket opened: 50 %.
    expect(r).toMatchObject({ deflected: 1, opened: 1, deflectionPercent: 50, resolved: 0, resolvedWithArticle: 0, resolvedWithArticlePercent: null });

    await t.deps.db.update(tickets).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(tickets.id, ticketId));
    await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: acmeUser.cookie, payload: { title: 'Other', description: 'x', categoryId, urgency: 'minor', impact: 'few' } });
    const other = (await t.deps.db.select({ id: tickets.id }).from(tickets).where(and(eq(tickets.orgId, acmeUser.orgId), eq(tickets.title, 'Other'))))[0]!.id;
    await t.deps.db.update(tickets).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(tickets.id, other));
    r = await report(acmeAdmin);
    expect(r).toMatchObject({ resolved: 2, resolvedWithArticle: 1, resolvedWithArticlePercent: 50 });
    // Globex's report knows nothing of it.
    expect(await report(globex)).toBeUndefined();
  });

  it('links only the caller’s own ticket: another organisation’s answers 404 and nothing changes', async () => {
    const draft = uuidv7();
    await event(globex, draft, uuidv7(), 'opened');
    const acmeTicket = (await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: acmeAdmin.cookie, payload: { title: 'Acme only', description: 'x', categoryId, urgency: 'minor', impact: 'few' } })).json().id;
    const res = await t.http({ method: 'POST', url: '/api/v1/search/deflections/link', cookie: globex.cookie, payload: { draftId: draft, ticketId: acmeTicket } });
    expect(res.statusCode).toBe(404);
    const [row] = await t.deps.db.select().from(deflectionEvents).where(eq(deflectionEvents.draftId, draft));
    expect(row!.outcome).toBe('opened');
  });

  it('refuses bad input and signed-out callers', async () => {
    expect((await t.http({ method: 'POST', url: '/api/v1/search/deflections', cookie: acmeUser.cookie, payload: { draftId: 'x', articleId: uuidv7(), type: 'opened' } })).statusCode).toBe(400);
    expect((await t.http({ method: 'POST', url: '/api/v1/search/deflections', cookie: acmeUser.cookie, payload: { draftId: uuidv7(), articleId: uuidv7(), type: 'read' } })).statusCode).toBe(400);
    expect((await t.http({ method: 'POST', url: '/api/v1/search/deflections', payload: { draftId: uuidv7(), articleId: uuidv7(), type: 'opened' } })).statusCode).toBe(401);
  });
});
