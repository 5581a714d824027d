import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createUser, createTestApp, signedInUser, type TestApp } from '../../../test/support/harness.js';
import { auditLog } from '../../platform/audit.js';
import { outboxEvents } from '../../platform/outbox.js';
import { users } from '../identity/index.js';
import { ticketEvents, ticketWatchers } from './tickets.tables.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let agent: Signed;
let requester: Signed;
let colleague: Signed;
let orgAdmin: Signed;
let bystander: Signed;
let stranger: Signed;
let inactiveId: string;
let strangerColleagueId: string;
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  const org = await createOrg(t);
  const otherOrg = await createOrg(t);
  [agent, requester, colleague, orgAdmin, bystander, stranger] = await Promise.all([
    signedInUser(t, provider.id, 'provider_agent'),
    signedInUser(t, org.id, 'customer_user'),
    signedInUser(t, org.id, 'customer_user'),
    signedInUser(t, org.id, 'customer_admin'),
    signedInUser(t, org.id, 'customer_user'),
    signedInUser(t, otherOrg.id, 'customer_admin'),
  ]);
  const inactive = await createUser(t, org.id, 'customer_user');
  await t.deps.db.update(users).set({ status: 'deactivated' }).where(eq(users.id, inactive.id));
  inactiveId = inactive.id;
  strangerColleagueId = (await createUser(t, otherOrg.id, 'customer_user')).id;
  categoryId = (await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: requester.cookie })).json().items[0].id;
});
afterAll(async () => t?.close());

const openTicket = async () => {
  const r = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: requester.cookie, payload: { title: 'Rack B4 door will not lock', description: 'x', categoryId, urgency: 'minor', impact: 'few' } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string };
};
const put = (who: Signed, id: string, userIds: string[]) => t.http({ method: 'PUT', url: `/api/v1/tickets/${id}/watchers`, cookie: who.cookie, payload: { userIds } });
const watchersOf = async (id: string) =>
  (await t.deps.db.select({ userId: ticketWatchers.userId }).from(ticketWatchers).where(eq(ticketWatchers.ticketId, id))).map((w) => w.userId).sort();

describe('watcher candidates', () => {
  it('lists the active users of the ticket’s organisation, by name, without the requester, to whoever sees the ticket', async () => {
    const tk = await openTicket();
    for (const who of [requester, orgAdmin, agent]) {
      const r = await t.http({ method: 'GET', url: `/api/v1/tickets/${tk.id}/watcher-candidates`, cookie: who.cookie });
      expect(r.statusCode, r.body).toBe(200);
      const ids = (r.json().items as { id: string; name: string }[]).map((i) => i.id);
      expect(ids).toEqual(expect.arrayContaining([colleague.id, orgAdmin.id, bystander.id]));
      expect(ids).not.toContain(requester.id);
      expect(ids).not.toContain(inactiveId);
      expect(ids).not.toContain(stranger.id);
      expect(ids).not.toContain(agent.id);
      expect(Object.keys(r.json().items[0]).sort()).toEqual(['id', 'name']);
    }
  });

  it('answers 404 to another organisation and to a colleague who may not see the ticket', async () => {
    const tk = await openTicket();
    for (const who of [stranger, bystander]) {
      const r = await t.http({ method: 'GET', url: `/api/v1/tickets/${tk.id}/watcher-candidates`, cookie: who.cookie });
      expect(r.statusCode).toBe(404);
      expect(r.json().code).toBe('NOT_FOUND');
    }
  });
});

describe('setting watchers', () => {
  it('the requester adds a colleague, who then sees the ticket; timeline, audit and outbox record it', async () => {
    const tk = await openTicket();
    expect((await t.http({ method: 'GET', url: `/api/v1/tickets/${tk.id}`, cookie: colleague.cookie })).statusCode).toBe(404);
    const r = await put(requester, tk.id, [colleague.id, requester.id]);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().watchers).toEqual([{ id: colleague.id, name: expect.any(String) }]);
    expect(await watchersOf(tk.id)).toEqual([colleague.id]);
    expect((await t.http({ method: 'GET', url: `/api/v1/tickets/${tk.id}`, cookie: colleague.cookie })).statusCode).toBe(200);
    const entries = await t.deps.db.select().from(ticketEvents).where(and(eq(ticketEvents.ticketId, tk.id), eq(ticketEvents.type, 'watcher_added')));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: requester.id, visibility: 'public', data: { userId: colleague.id } });
    const [a] = await t.deps.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, 'ticket.watchers_changed'), eq(auditLog.targetId, tk.id)));
    expect(a!.n).toBe(1);
    const [o] = await t.deps.db.select({ n: count() }).from(outboxEvents).where(eq(outboxEvents.topic, 'ticket.watchers_changed'));
    expect(o!.n).toBeGreaterThanOrEqual(1);
    // Someone handles the event (notifications publishes "ticket.changed", so open pages refresh).
    expect(t.deps.events.handlersFor('ticket.watchers_changed').length).toBeGreaterThan(0);
  });

  it('customer admins and staff may replace the list; the same list again changes nothing', async () => {
    const tk = await openTicket();
    expect((await put(orgAdmin, tk.id, [colleague.id, bystander.id])).statusCode).toBe(200);
    expect(await watchersOf(tk.id)).toEqual([colleague.id, bystander.id].sort());
    const r = await put(agent, tk.id, [bystander.id]);
    expect(r.statusCode, r.body).toBe(200);
    expect(await watchersOf(tk.id)).toEqual([bystander.id]);
    const before = await t.deps.db.select({ n: count() }).from(ticketEvents).where(eq(ticketEvents.ticketId, tk.id));
    expect((await put(agent, tk.id, [bystander.id])).statusCode).toBe(200);
    const after = await t.deps.db.select({ n: count() }).from(ticketEvents).where(eq(ticketEvents.ticketId, tk.id));
    expect(after[0]!.n).toBe(before[0]!.n);
    const removed = await t.deps.db.select().from(ticketEvents).where(and(eq(ticketEvents.ticketId, tk.id), eq(ticketEvents.type, 'watcher_removed')));
    expect(removed.map((e) => (e.data as { userId: string }).userId)).toEqual([colleague.id]);
  });

  it('a watcher may take themselves off, but not add or remove anybody else', async () => {
    const tk = await openTicket();
    await put(requester, tk.id, [colleague.id, bystander.id]);
    const add = await put(colleague, tk.id, [colleague.id, bystander.id, orgAdmin.id]);
    expect(add.statusCode).toBe(403);
    expect(add.json().code).toBe('FORBIDDEN');
    expect((await put(colleague, tk.id, [colleague.id])).statusCode).toBe(403);
    expect(await watchersOf(tk.id)).toEqual([colleague.id, bystander.id].sort());
    const leave = await put(colleague, tk.id, [bystander.id]);
    expect(leave.statusCode, leave.body).toBe(200);
    expect(await watchersOf(tk.id)).toEqual([bystander.id]);
  });

  it('refuses people outside the organisation and inactive users, naming the entry, and changes nothing', async () => {
    const tk = await openTicket();
    await put(requester, tk.id, [colleague.id]);
    for (const bad of [strangerColleagueId, inactiveId, agent.id, '0190d2a4-0000-7000-8000-000000000000']) {
      const r = await put(requester, tk.id, [colleague.id, bad]);
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().code).toBe('VALIDATION_FAILED');
      expect(r.json().errors).toEqual([{ path: 'body.userIds.1', message: expect.any(String) }]);
    }
    for (const payload of [{ userIds: ['not-a-uuid'] }, { userIds: Array.from({ length: 21 }, () => colleague.id) }, { userIds: [colleague.id], extra: 1 }, {}]) {
      const r = await t.http({ method: 'PUT', url: `/api/v1/tickets/${tk.id}/watchers`, cookie: requester.cookie, payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json().code).toBe('VALIDATION_FAILED');
    }
    expect(await watchersOf(tk.id)).toEqual([colleague.id]);
  });

  it('another organisation gets 404 and changes nothing; a closed ticket answers 409', async () => {
    const tk = await openTicket();
    const r = await put(stranger, tk.id, [strangerColleagueId]);
    expect(r.statusCode).toBe(404);
    expect(await watchersOf(tk.id)).toEqual([]);
    const bystanders = await put(bystander, tk.id, []);
    expect(bystanders.statusCode).toBe(404);
    for (const status of ['resolved', 'closed']) {
      const s = await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/status`, cookie: agent.cookie, payload: status === 'resolved' ? { status, resolutionCode: 'fixed' } : { status } });
      expect(s.statusCode, s.body).toBe(200);
    }
    const closed = await put(requester, tk.id, [colleague.id]);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('TICKET_CLOSED');
    expect(await watchersOf(tk.id)).toEqual([]);
  });
});
