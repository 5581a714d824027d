import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { dispatchPending } from '../../platform/outbox.js';
import { checkSlas } from '../tickets/index.js';
import { supportGroupMembers, supportGroups, tickets } from '../tickets/tickets.tables.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { notifications } from './notifications.tables.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let customer: Signed;
let agent: Signed;
let lead: Signed;

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  [customer, agent, lead] = await Promise.all([signedInUser(t, (await createOrg(t)).id, 'customer_user'), signedInUser(t, provider.id, 'provider_agent'), signedInUser(t, provider.id, 'provider_agent')]);
});
afterAll(async () => t?.close());

const drain = async () => {
  for (let i = 0; i < 20; i++) if ((await dispatchPending(t.deps)).processed === 0) return;
};

describe('SLA notices', () => {
  it('a warning tells whoever has the ticket; a breach also tells the group lead; the customer hears nothing', async () => {
    const categoryId = (await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: customer.cookie })).json().items[0].id;
    const tk = (await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: customer.cookie, payload: { title: 'Humidity alarm hall 1', description: 'x', categoryId, urgency: 'critical', impact: 'many' } })).json();
    const groupId = uuidv7();
    await t.deps.db.insert(supportGroups).values({ id: groupId, name: `Facilities ${uniq()}`, leadId: lead.id });
    await t.deps.db.insert(supportGroupMembers).values({ groupId, userId: agent.id, categories: [`none_${uniq()}`] });
    const createdAt = new Date(Date.now() - 25 * 60_000);
    await t.deps.db.update(tickets).set({ createdAt, assigneeId: agent.id, groupId, firstResponseDueAt: new Date(createdAt.getTime() + 30 * 60_000) }).where(eq(tickets.id, tk.id));
    await drain();
    const before = await t.deps.db.select().from(notifications).where(and(eq(notifications.ticketId, tk.id), eq(notifications.event, 'sla_alert')));
    expect(before).toHaveLength(0);

    await checkSlas(t.deps.db);
    await drain();
    let notes = await t.deps.db.select().from(notifications).where(and(eq(notifications.ticketId, tk.id), eq(notifications.event, 'sla_alert')));
    expect(notes.map((n) => n.userId)).toEqual([agent.id]);
    expect(notes[0]!.title).toContain('First response due soon');

    await checkSlas(t.deps.db, new Date(Date.now() + 10 * 60_000));
    await drain();
    notes = await t.deps.db.select().from(notifications).where(and(eq(notifications.ticketId, tk.id), eq(notifications.event, 'sla_alert')));
    const breach = notes.filter((n) => n.title.includes('target missed'));
    expect(breach.map((n) => n.userId).sort()).toEqual([agent.id, lead.id].sort());
    const toCustomer = await t.deps.db.select().from(notifications).where(and(eq(notifications.ticketId, tk.id), eq(notifications.userId, customer.id), eq(notifications.event, 'sla_alert')));
    expect(toCustomer).toHaveLength(0);
  });
});
