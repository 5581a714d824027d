import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createOrg, createTestApp, signedInUser, type TestApp } from '../../../test/support/harness.js';
import { ticketRatings } from './more.tables.js';
import { tickets } from './tickets.tables.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let agent: Signed;
let acme: Signed;
let acmeUser: Signed;
let globex: Signed;
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  const a = await createOrg(t);
  [agent, acme, acmeUser, globex] = await Promise.all([
    signedInUser(t, provider.id, 'provider_agent'),
    signedInUser(t, a.id, 'customer_admin'),
    signedInUser(t, a.id, 'customer_user'),
    signedInUser(t, (await createOrg(t)).id, 'customer_admin'),
  ]);
  categoryId = (await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: acme.cookie })).json().items[0].id;
});
afterAll(async () => t?.close());

async function ticketIn(who: Signed, opened: string, firstResponseAfterMin: number | null, resolvedAfterMin: number | null, breached = false) {
  const res = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: who.cookie, payload: { title: 'Report test', description: 'x', categoryId, urgency: 'major', impact: 'few' } });
  const id = res.json().id;
  const at = new Date(opened);
  await t.deps.db
    .update(tickets)
    .set({
      createdAt: at,
      firstRespondedAt: firstResponseAfterMin === null ? null : new Date(at.getTime() + firstResponseAfterMin * 60_000),
      resolvedAt: resolvedAfterMin === null ? null : new Date(at.getTime() + resolvedAfterMin * 60_000),
      status: resolvedAfterMin === null ? 'in_progress' : 'resolved',
      slaNotified: breached ? ['res_warning', 'res_breach'] : [],
    })
    .where(eq(tickets.id, id));
  return id as string;
}

describe('ticket reports', () => {
  it('counts opened and resolved per month, mean response and resolution times and the share within SLA', async () => {
    await ticketIn(acme, '2025-03-03T10:00:00Z', 10, 100);
    await ticketIn(acme, '2025-03-10T10:00:00Z', 30, 300, true);
    await ticketIn(acme, '2025-03-30T22:00:00Z', 20, 3 * 24 * 60); // resolved in April
    await ticketIn(acme, '2025-04-02T08:00:00Z', null, null);
    await ticketIn(globex, '2025-03-05T10:00:00Z', 5, 50);

    const res = await t.http({ method: 'GET', url: '/api/v1/ticket-reports?from=2025-03&to=2025-04', cookie: acme.cookie });
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().items;
    expect(rows.every((r: { orgId: string }) => r.orgId === acme.orgId)).toBe(true);
    const march = rows.find((r: { month: string }) => r.month === '2025-03');
    const april = rows.find((r: { month: string }) => r.month === '2025-04');
    expect(march).toMatchObject({ opened: 3, answered: 3, resolved: 2, ratings: 0, meanFirstResponseMinutes: 20, meanResolutionMinutes: 200, withinSlaPercent: 50, csatAverage: null });
    expect(april).toMatchObject({ opened: 1, answered: 0, resolved: 1, meanFirstResponseMinutes: null, meanResolutionMinutes: 4320, withinSlaPercent: 100 });

    // Provider staff see every organisation, or one.
    const all = (await t.http({ method: 'GET', url: '/api/v1/ticket-reports?from=2025-03&to=2025-03', cookie: agent.cookie })).json().items;
    expect(all.map((r: { orgId: string }) => r.orgId)).toEqual(expect.arrayContaining([acme.orgId, globex.orgId]));
    const one = (await t.http({ method: 'GET', url: `/api/v1/ticket-reports?from=2025-03&to=2025-03&orgId=${globex.orgId}`, cookie: agent.cookie })).json().items;
    expect(one).toEqual([expect.objectContaining({ orgId: globex.orgId, opened: 1, resolved: 1 })]);
  });

  it('counts ratings in the month they were given, also a month with nothing else, and says what each mean covers', async () => {
    const a = await ticketIn(acme, '2025-06-02T10:00:00Z', 15, 60);
    const b = await ticketIn(acme, '2025-06-09T10:00:00Z', null, 120);
    await t.deps.db.insert(ticketRatings).values([
      { ticketId: a, orgId: acme.orgId, score: 4, ratedBy: acme.id, createdAt: new Date('2025-06-20T10:00:00Z') },
      { ticketId: b, orgId: acme.orgId, score: 2, ratedBy: acme.id, createdAt: new Date('2025-07-01T09:00:00Z') },
    ]);
    const rows = (await t.http({ method: 'GET', url: '/api/v1/ticket-reports?from=2025-06&to=2025-07', cookie: acme.cookie })).json().items;
    expect(rows).toEqual([
      expect.objectContaining({ month: '2025-06', opened: 2, answered: 1, resolved: 2, meanFirstResponseMinutes: 15, ratings: 1, csatAverage: 4 }),
      expect.objectContaining({ month: '2025-07', opened: 0, answered: 0, resolved: 0, meanFirstResponseMinutes: null, ratings: 1, csatAverage: 2 }),
    ]);
  });

  it('refuses other organisations, customer users and bad months', async () => {
    expect((await t.http({ method: 'GET', url: `/api/v1/ticket-reports?orgId=${globex.orgId}`, cookie: acme.cookie })).statusCode).toBe(403);
    expect((await t.http({ method: 'GET', url: '/api/v1/ticket-reports', cookie: acmeUser.cookie })).statusCode).toBe(403);
    const bad = await t.http({ method: 'GET', url: '/api/v1/ticket-reports?from=2025-13', cookie: acme.cookie });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toContain('from');
    const inverted = await t.http({ method: 'GET', url: '/api/v1/ticket-reports?from=2025-05&to=2025-01', cookie: acme.cookie });
    expect(inverted.json().errors[0].path).toBe('query.from');
  });
});
