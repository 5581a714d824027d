import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { outboxEvents } from '../../platform/outbox.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { checkSlas } from './service/sla-watch.js';
import { supportGroups, ticketEvents, tickets } from './tickets.tables.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let customer: Signed;
let lead: Signed;
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  customer = await signedInUser(t, (await createOrg(t)).id, 'customer_user');
  lead = await signedInUser(t, provider.id, 'provider_agent');
  categoryId = (await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: customer.cookie })).json().items[0].id;
});
afterAll(async () => t?.close());

async function ticketOpened(minutesAgo: number) {
  const res = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: customer.cookie, payload: { title: 'Cooling alarm in hall 2', description: 'Inlet 31 °C.', categoryId, urgency: 'critical', impact: 'many' } });
  expect(res.statusCode).toBe(201);
  const id = res.json().id as string;
  const groupId = uuidv7();
  await t.deps.db.insert(supportGroups).values({ id: groupId, name: `Facilities ${uniq()}`, leadId: lead.id });
  // Opened earlier: P2 on 24/7 is 30 minutes to first response, 8 hours to resolution.
  const createdAt = new Date(Date.now() - minutesAgo * 60_000);
  await t.deps.db.update(tickets).set({ createdAt, groupId, firstResponseDueAt: new Date(createdAt.getTime() + 30 * 60_000), resolutionDueAt: new Date(createdAt.getTime() + 480 * 60_000) }).where(eq(tickets.id, id));
  return id;
}
const eventsOf = (id: string) => t.deps.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, id));
const outboxOf = async (id: string) => (await t.deps.db.select().from(outboxEvents)).filter((e) => (e.payload as { ticketId?: string }).ticketId === id && e.topic.startsWith('ticket.sla_'));

describe('the SLA watch', () => {
  it('warns once at 75%, breaches once at 100% and escalates to the group lead; agents only', async () => {
    const id = await ticketOpened(25); // 83% of the first-response target
    await checkSlas(t.deps.db);
    let events = await eventsOf(id);
    expect(events.filter((e) => e.type === 'sla_warning')).toHaveLength(1);
    expect(events.find((e) => e.type === 'sla_warning')).toMatchObject({ visibility: 'internal', data: { target: 'first_response' } });
    // Run again: nothing new.
    await checkSlas(t.deps.db);
    expect((await eventsOf(id)).filter((e) => e.type.startsWith('sla_'))).toHaveLength(1);

    // Ten minutes later the first response is overdue.
    await checkSlas(t.deps.db, new Date(Date.now() + 10 * 60_000));
    events = await eventsOf(id);
    const breach = events.find((e) => e.type === 'sla_breach');
    expect(breach).toMatchObject({ visibility: 'internal', data: { target: 'first_response', escalatedTo: lead.id } });
    const topics = (await outboxOf(id)).map((e) => e.topic);
    expect(topics).toEqual(['ticket.sla_warning', 'ticket.sla_breach']);
    const [row] = await t.deps.db.select().from(tickets).where(eq(tickets.id, id));
    expect(row!.slaNotified.sort()).toEqual(['frt_breach', 'frt_warning']);
    // The customer's timeline shows none of it.
    const seen = (await t.http({ method: 'GET', url: `/api/v1/tickets/${id}/events`, cookie: customer.cookie })).json().items;
    expect(seen.some((e: { type: string }) => e.type.startsWith('sla_'))).toBe(false);
  });

  it('a ticket found already overdue gets the breach without a warning first; a paused one gets nothing', async () => {
    const late = await ticketOpened(45);
    await checkSlas(t.deps.db);
    expect((await eventsOf(late)).filter((e) => e.type.startsWith('sla_')).map((e) => e.type)).toEqual(['sla_breach']);

    const paused = await ticketOpened(20);
    await t.deps.db.update(tickets).set({ status: 'waiting_for_customer', firstRespondedAt: new Date(), pauses: [{ from: new Date(Date.now() - 19 * 60_000).toISOString(), to: null }], firstResponseDueAt: null, resolutionDueAt: null }).where(eq(tickets.id, paused));
    await checkSlas(t.deps.db, new Date(Date.now() + 24 * 3600_000));
    expect((await eventsOf(paused)).filter((e) => e.type.startsWith('sla_'))).toHaveLength(0);
  });

  it('two watchers running at once write each warning once', async () => {
    const id = await ticketOpened(24);
    await Promise.all([checkSlas(t.deps.db), checkSlas(t.deps.db)]);
    expect((await eventsOf(id)).filter((e) => e.type === 'sla_warning')).toHaveLength(1);
    expect(await t.deps.db.select().from(ticketEvents).where(and(eq(ticketEvents.ticketId, id), eq(ticketEvents.type, 'sla_breach')))).toHaveLength(0);
  });
});
