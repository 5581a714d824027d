import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { mailMessages } from '../../platform/mail.js';
import { dispatchPending } from '../../platform/outbox.js';
import { ticketRatings } from './more.tables.js';
import { ticketCategories } from './tickets.tables.js';
import { createOrg, createTestApp, ORIGIN, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';

/**
 * CSAT by a link in the resolution mail: the mail carries five links to /rate/<token>?score=N; the
 * page reads with GET (never records: mail scanners prefetch) and records with POST, under the
 * portal's rating rules, as the user the mail went to.
 */
type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let customer: Signed;
let agent: Signed;
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  const acme = await createOrg(t);
  [customer, agent] = await Promise.all([signedInUser(t, acme.id, 'customer_user'), signedInUser(t, provider.id, 'provider_agent')]);
  categoryId = uuidv7();
  await t.deps.db.insert(ticketCategories).values({ id: categoryId, key: `rate_${uniq()}`, names: { en: 'Rate' } });
});
afterAll(async () => t?.close());

async function settle() {
  for (let i = 0; i < 100; i++) {
    const r = await dispatchPending(t.deps);
    if (r.processed + r.failed === 0) return;
  }
}

/** A ticket of the customer, assigned to the agent and resolved; returns it with the links of the resolution mail. */
async function resolvedTicket() {
  const open = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: customer.cookie, payload: { title: `Door badge ${uniq()}`, description: 'Badge fails at door 3.', categoryId, urgency: 'minor', impact: 'one' } });
  expect(open.statusCode, open.body).toBe(201);
  const ticket = open.json() as { id: string; ref: string; title: string; org: { id: string } };
  expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/assign`, cookie: agent.cookie, payload: { assigneeId: agent.id } })).statusCode).toBe(200);
  const resolve = await t.http({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/status`, cookie: agent.cookie, payload: { status: 'resolved', resolutionCode: 'fixed', note: 'New badge issued.' } });
  expect(resolve.statusCode, resolve.body).toBe(200);
  await settle();
  const [mail] = await t.deps.db.select().from(mailMessages).where(and(eq(mailMessages.to, customer.email), eq(mailMessages.template, 'notification.resolved'), eq(mailMessages.subject, `[${ticket.ref}] Resolved: ${ticket.title}`)));
  expect(mail).toBeDefined();
  const links = [...mail!.text.matchAll(/(http\S+\/rate\/([A-Za-z0-9_-]+))\?score=(\d)/g)];
  return { ticket, links, token: links[0]![2]! };
}

const info = (token: string) => t.http({ method: 'GET', url: `/api/v1/ticket-ratings/by-link?token=${encodeURIComponent(token)}`, headers: { origin: '' } });
const rate = (payload: Record<string, unknown>) => t.http({ method: 'POST', url: '/api/v1/ticket-ratings/by-link', payload });
const ratingOf = async (ticketId: string) => (await t.deps.db.select().from(ticketRatings).where(eq(ticketRatings.ticketId, ticketId)))[0];

describe('rating links in the resolution mail', () => {
  it('the mail carries five links 1–5 to the public rating page with one signed token', async () => {
    const { links } = await resolvedTicket();
    expect(links.map((l) => l[3])).toEqual(['1', '2', '3', '4', '5']);
    expect(new Set(links.map((l) => l[1])).size).toBe(1);
    expect(links[0]![1]!.startsWith(`${ORIGIN}/rate/`)).toBe(true);
  });

  it('GET shows the ticket and records nothing; POST records the rating per ticket, agent and organisation', async () => {
    const { ticket, token } = await resolvedTicket();
    const shown = await info(token);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({ ticket: { ref: ticket.ref, title: ticket.title, status: 'resolved' }, rating: null });
    expect(await ratingOf(ticket.id)).toBeUndefined();

    const res = await rate({ token, score: 4, comment: 'Quick, thanks.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await ratingOf(ticket.id)).toMatchObject({ orgId: ticket.org.id, agentId: agent.id, ratedBy: customer.id, score: 4, comment: 'Quick, thanks.' });
    expect((await info(token)).json()).toMatchObject({ rating: { score: 4, comment: 'Quick, thanks.' } });
    // As in the portal: changeable while the ticket may be reopened.
    expect((await rate({ token, score: 5 })).statusCode).toBe(200);
    expect(await ratingOf(ticket.id)).toMatchObject({ score: 5 });
    // The customer's portal shows the same rating.
    const portal = await t.http({ method: 'GET', url: `/api/v1/tickets/${ticket.id}/rating`, cookie: customer.cookie });
    expect(portal.json()).toMatchObject({ rating: { score: 5 } });
  });

  it('a forged, tampered or expired token answers 400 TOKEN_INVALID and stores nothing', async () => {
    const { ticket, token } = await resolvedTicket();
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const expired = t.deps.mailTokens.ratingToken(ticket.id, customer.id, new Date(Date.now() - 31 * 86_400_000));
    const forAgent = t.deps.mailTokens.ratingToken(ticket.id, agent.id);
    for (const bad of ['x'.repeat(70), flip(token, 3), flip(token, token.length - 2), expired]) {
      for (const res of [await info(bad), await rate({ token: bad, score: 1 })]) {
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().code).toBe('TOKEN_INVALID');
      }
    }
    // A genuine token of a staff member: the portal's rule, only the customer rates.
    expect((await rate({ token: forAgent, score: 1 })).statusCode).toBe(403);
    expect(await ratingOf(ticket.id)).toBeUndefined();
  });

  it('bad input names the field and stores nothing', async () => {
    const { ticket, token } = await resolvedTicket();
    for (const [payload, field] of [
      [{ token, score: 7 }, 'score'],
      [{ token, score: 3, comment: 'x'.repeat(2001) }, 'comment'],
      [{ token }, 'score'],
      [{ token, score: 3, extra: true }, 'extra'],
    ] as const) {
      const res = await rate(payload);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).toContain(field);
    }
    expect(await ratingOf(ticket.id)).toBeUndefined();
  });

  it('a ticket not resolved (reopened) answers 409 like the portal', async () => {
    const { ticket, token } = await resolvedTicket();
    expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/status`, cookie: customer.cookie, payload: { status: 'in_progress' } })).statusCode).toBe(200);
    const res = await rate({ token, score: 2 });
    expect(res.statusCode, res.body).toBe(409);
    expect(await ratingOf(ticket.id)).toBeUndefined();
  });
});
