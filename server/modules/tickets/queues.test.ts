import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { dynamicPriorityScore, type Priority } from '../../../contracts/ticket-priority.js';
import { users } from '../identity/index.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { supportGroupMembers, supportGroups, ticketCategories, tickets } from './tickets.tables.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let customer: Signed;
let lead: Signed;
let a1: Signed;
let a2: Signed;
let a3: Signed;
let categoryId: string;
let categoryKey: string;

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  customer = await signedInUser(t, (await createOrg(t)).id, 'customer_admin');
  [lead, a1, a2, a3] = (await Promise.all([0, 1, 2, 3].map(() => signedInUser(t, provider.id, 'provider_agent')))) as [Signed, Signed, Signed, Signed];
  // A category of its own, so the routing set up here touches no other test's tickets.
  categoryKey = `generator_${uniq()}`;
  categoryId = uuidv7();
  await t.deps.db.insert(ticketCategories).values({ id: categoryId, key: categoryKey, names: { en: 'Generators' } });
  const groupId = uuidv7();
  await t.deps.db.insert(supportGroups).values({ id: groupId, name: `Power team ${uniq()}`, leadId: lead.id });
  await t.deps.db.insert(supportGroupMembers).values([
    { groupId, userId: a1.id, categories: [categoryKey], languages: ['en'] },
    { groupId, userId: a2.id, categories: [categoryKey], languages: ['en', 'de'] },
    { groupId, userId: a3.id, categories: [categoryKey], languages: ['de'] },
  ]);
});
afterAll(async () => t?.close());

const open = async (who: Signed, title = 'Generator test run failed') => {
  const res = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: who.cookie, payload: { title, description: 'See the log.', categoryId, urgency: 'major', impact: 'few' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

describe('automatic assignment', () => {
  it('goes round-robin among agents with the skill and the requester’s language, skipping deactivated ones', async () => {
    const assignees = [];
    for (let i = 0; i < 4; i++) assignees.push((await open(customer)).assignee?.id);
    // English requester: a1 and a2 alternate; a3 speaks only German.
    expect(new Set(assignees)).toEqual(new Set([a1.id, a2.id]));
    expect(assignees[0]).not.toBe(assignees[1]);
    expect(assignees[1]).not.toBe(assignees[2]);
    await t.deps.db.update(users).set({ status: 'deactivated' }).where(eq(users.id, a1.id));
    expect((await open(customer)).assignee?.id).toBe(a2.id);
    expect((await open(customer)).assignee?.id).toBe(a2.id);
    await t.deps.db.update(users).set({ status: 'active' }).where(eq(users.id, a1.id));
    const tk = await open(customer);
    expect(tk.group).toMatchObject({ name: expect.stringContaining('Power team') });
    const events = (await t.http({ method: 'GET', url: `/api/v1/tickets/${tk.id}/events`, cookie: customer.cookie })).json().items;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['created', 'assigned']);
  });
});

describe('the agents’ queue', () => {
  it('sorts by dynamic priority: breached first, then priority weighted by time left, the same order as the pure function', async () => {
    const specs: { priority: Priority; hoursLeft: number; level: number }[] = [
      { priority: 'P4', hoursLeft: -0.5, level: 1 },
      { priority: 'P1', hoursLeft: 6, level: 3 },
      { priority: 'P4', hoursLeft: 6, level: 3 },
      { priority: 'P2', hoursLeft: 0.5, level: 5 },
      { priority: 'P2', hoursLeft: 0.5, level: 1 },
      { priority: 'P1', hoursLeft: -3, level: 3 },
    ];
    const marker = `queue-${uniq()}`;
    const ids: string[] = [];
    for (const s of specs) {
      const tk = await open(customer, `${marker} ${s.priority}`);
      const due = new Date(Date.now() + s.hoursLeft * 3600_000);
      await t.deps.db.update(tickets).set({ priority: s.priority, serviceLevel: s.level, assigneeId: null, firstRespondedAt: new Date(), firstResponseDueAt: null, resolutionDueAt: due }).where(eq(tickets.id, tk.id));
      ids.push(tk.id);
    }
    const expected = specs
      .map((s, i) => ({ id: ids[i]!, score: dynamicPriorityScore({ priority: s.priority, fractionUsed: s.hoursLeft < 0 ? 1.1 : 0.5, remainingMinutes: s.hoursLeft * 60, serviceLevel: s.level }) }))
      .sort((x, y) => y.score - x.score)
      .map((x) => x.id);
    const res = await t.http({ method: 'GET', url: `/api/v1/tickets?queue=unassigned&q=${marker}&limit=3`, cookie: lead.cookie });
    expect(res.statusCode, res.body).toBe(200);
    const first = res.json();
    const second = (await t.http({ method: 'GET', url: `/api/v1/tickets?queue=unassigned&q=${marker}&limit=3&cursor=${first.nextCursor}`, cookie: lead.cookie })).json();
    expect([...first.items, ...second.items].map((x: { id: string }) => x.id)).toEqual(expected);
    expect(second.nextCursor).toBeNull();
    // Breaching soon: the two overdue ones and the two due in half an hour.
    const soon = (await t.http({ method: 'GET', url: `/api/v1/tickets?queue=breaching_soon&q=${marker}`, cookie: lead.cookie })).json().items;
    expect(soon).toHaveLength(4);
    await t.deps.db.delete(tickets).where(inArray(tickets.id, ids));
  });
});
