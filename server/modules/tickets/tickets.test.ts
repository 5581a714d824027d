import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { auditLog } from '../../platform/audit.js';
import { createOrg, createTestApp, signedInUser, type TestApp } from '../../../test/support/harness.js';
import { ticketEvents, tickets } from './tickets.tables.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let acmeAdmin: Signed;
let acmeUser: Signed;
let acmeColleague: Signed;
let globexAdmin: Signed;
let agent: Signed;
let agent2: Signed;
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  const acme = await createOrg(t);
  const globex = await createOrg(t);
  [acmeAdmin, acmeUser, acmeColleague, globexAdmin, agent, agent2] = await Promise.all([
    signedInUser(t, acme.id, 'customer_admin'),
    signedInUser(t, acme.id, 'customer_user'),
    signedInUser(t, acme.id, 'customer_user'),
    signedInUser(t, globex.id, 'customer_admin'),
    signedInUser(t, provider.id, 'provider_agent'),
    signedInUser(t, provider.id, 'provider_admin'),
  ]);
  const cats = await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: acmeUser.cookie });
  expect(cats.statusCode).toBe(200);
  categoryId = cats.json().items.find((c: { key: string }) => c.key === 'power').id;
});
afterAll(async () => t?.close());

const open = (who: Signed, body: Record<string, unknown> = {}) =>
  t.http({
    method: 'POST',
    url: '/api/v1/tickets',
    cookie: who.cookie,
    payload: { title: 'PDU A in rack A12 has no power', description: 'Since 09:10 **both feeds** are down.', categoryId, urgency: 'critical', impact: 'many', ...body },
  });
const get = (who: Signed, id: string, sub = '') => t.http({ method: 'GET', url: `/api/v1/tickets/${id}${sub}`, cookie: who.cookie });
const post = (who: Signed, id: string, sub: string, payload: Record<string, unknown>) => t.http({ method: 'POST', url: `/api/v1/tickets/${id}/${sub}`, cookie: who.cookie, payload });
const ticketCount = async () => Number((await t.deps.db.select({ n: count() }).from(tickets))[0]!.n);

describe('opening a ticket', () => {
  it('gives a reference, a priority from the matrix, visible SLA due times and a queue position; audited', async () => {
    const res = await open(acmeUser);
    expect(res.statusCode, res.body).toBe(201);
    const tk = res.json();
    expect(tk.ref).toMatch(/^INC\d{7}$/);
    expect(tk).toMatchObject({ kind: 'incident', status: 'new', urgency: 'critical', impact: 'many', priority: 'P2', requester: { id: acmeUser.id }, assignee: null });
    expect(tk.descriptionHtml).toContain('<strong>both feeds</strong>');
    expect(tk.sla.policy).toBe('Standard 24/7');
    // P2 on the 24/7 policy: first response in 30 minutes, resolution in 8 hours.
    const created = Date.parse(tk.createdAt);
    expect(Date.parse(tk.sla.firstResponse.dueAt) - created).toBe(30 * 60_000);
    expect(Date.parse(tk.sla.resolution.dueAt) - created).toBe(480 * 60_000);
    expect(tk.sla.firstResponse.state).toBe('running');
    expect(tk.queuePosition).toBeGreaterThanOrEqual(1);
    expect(tk.abilities).toMatchObject({ comment: true, internalNote: false, assign: false, transitions: [] });
    const events = (await get(acmeUser, tk.id, '/events')).json().items;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['created']);
    const audited = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'ticket.created'), eq(auditLog.targetId, tk.id)));
    expect(audited).toHaveLength(1);
    // The next incident gets the next number; an inquiry has its own series.
    const next = (await open(acmeUser)).json();
    expect(Number(next.ref.slice(3))).toBe(Number(tk.ref.slice(3)) + 1);
    expect((await open(acmeUser, { kind: 'inquiry' })).json().ref).toMatch(/^INQ\d{7}$/);
  });

  it('refuses bad input naming the field, and creates nothing', async () => {
    const before = await ticketCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ isUrgent: true }, 'body.isUrgent'],
      [{ title: 'x' }, 'body.title'],
      [{ description: '' }, 'body.description'],
      [{ urgency: 'whenever' }, 'body.urgency'],
      [{ impact: 'galaxy' }, 'body.impact'],
      [{ kind: 'problem' }, 'body.kind'],
      [{ categoryId: '01900000-0000-7000-8000-00000000ffff' }, 'body.categoryId'],
      [{ orgId: acmeAdmin.orgId }, 'body.orgId'],
      [{ watcherIds: [globexAdmin.id] }, 'body.watcherIds.0'],
    ];
    for (const [body, path] of cases) {
      const res = await open(acmeUser, body);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await ticketCount()).toBe(before);
  });
});

describe('who sees what', () => {
  it('a customer user sees their own and watched tickets, the customer admin all of the organisation, another customer nothing', async () => {
    const mine = (await open(acmeUser)).json();
    const colleagues = (await open(acmeColleague)).json();
    const watched = (await open(acmeColleague, { watcherIds: [acmeUser.id] })).json();
    expect((await get(acmeUser, mine.id)).statusCode).toBe(200);
    expect((await get(acmeUser, colleagues.id)).statusCode).toBe(404);
    expect((await get(acmeUser, watched.id)).statusCode).toBe(200);
    expect((await get(acmeAdmin, colleagues.id)).statusCode).toBe(200);
    const list = (await t.http({ method: 'GET', url: '/api/v1/tickets?limit=200', cookie: acmeUser.cookie })).json().items.map((x: { id: string }) => x.id);
    expect(list).toContain(mine.id);
    expect(list).toContain(watched.id);
    expect(list).not.toContain(colleagues.id);

    for (const [sub, method, payload] of [
      ['', 'GET', undefined],
      ['/events', 'GET', undefined],
      ['/comments', 'POST', { body: 'Hello from Globex' }],
      ['/status', 'POST', { status: 'closed' }],
    ] as const) {
      const res = await t.http({ method, url: `/api/v1/tickets/${mine.id}${sub}`, cookie: globexAdmin.cookie, payload });
      expect(res.statusCode, `${method} ${sub}`).toBe(404);
    }
    const globexList = (await t.http({ method: 'GET', url: '/api/v1/tickets?limit=200', cookie: globexAdmin.cookie })).json().items;
    expect(globexList.some((x: { org: { id: string } }) => x.org.id === acmeUser.orgId)).toBe(false);
    const events = await t.deps.db.select({ n: count() }).from(ticketEvents).where(eq(ticketEvents.ticketId, mine.id));
    expect(Number(events[0]!.n)).toBe(1);
  });
});

describe('working a ticket', () => {
  it('the first public answer of an agent is the first response; internal notes never reach the customer', async () => {
    const tk = (await open(acmeUser)).json();
    expect((await post(acmeUser, tk.id, 'comments', { body: 'Let me add a note', internal: true })).statusCode).toBe(403);
    const note = await post(agent, tk.id, 'comments', { body: 'Breaker 7 tripped; check the UPS log first.', internal: true });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json().visibility).toBe('internal');
    const reply = await post(agent, tk.id, 'comments', { body: 'We are on it. A technician is on the way.' });
    expect(reply.statusCode).toBe(201);
    const after = (await get(acmeUser, tk.id)).json();
    expect(after.status).toBe('in_progress');
    expect(after.sla.firstResponse.state).toBe('met');
    expect(after.sla.firstResponse.metAt).toBeTruthy();
    const customerView = (await get(acmeUser, tk.id, '/events')).json().items;
    expect(customerView.some((e: { type: string }) => e.type === 'internal_note')).toBe(false);
    expect(JSON.stringify(customerView)).not.toContain('Breaker 7');
    const agentView = (await get(agent, tk.id, '/events')).json().items;
    expect(agentView.some((e: { type: string; body: string }) => e.type === 'internal_note' && e.body.includes('Breaker 7'))).toBe(true);
  });

  it('waiting for the customer pauses the clock; their reply resumes it and moves the ticket back to in progress', async () => {
    const tk = (await open(acmeUser)).json();
    const waiting = await post(agent, tk.id, 'status', { status: 'waiting_for_customer', note: 'Which PDU outlet?' });
    expect(waiting.statusCode, waiting.body).toBe(200);
    expect(waiting.json().sla.paused).toBe(true);
    expect(waiting.json().sla.resolution).toMatchObject({ state: 'paused', dueAt: null });
    expect((await t.deps.db.select().from(tickets).where(eq(tickets.id, tk.id)))[0]!.resolutionDueAt).toBeNull();
    await post(acmeUser, tk.id, 'comments', { body: 'Outlet 14.' });
    const resumed = (await get(acmeUser, tk.id)).json();
    expect(resumed.status).toBe('in_progress');
    expect(resumed.sla.paused).toBe(false);
    expect(Date.parse(resumed.sla.resolution.dueAt)).toBeGreaterThanOrEqual(Date.parse(tk.sla.resolution.dueAt));
  });

  it('refuses a status change that is not allowed with 409 naming the allowed ones, and a resolution without a code', async () => {
    const tk = (await open(acmeUser)).json();
    const wrong = await post(agent, tk.id, 'status', { status: 'closed' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json()).toMatchObject({ code: 'INVALID_TRANSITION', allowed: ['in_progress', 'waiting_for_customer', 'resolved'] });
    const noCode = await post(agent, tk.id, 'status', { status: 'resolved' });
    expect(noCode.statusCode).toBe(400);
    expect(noCode.json().errors[0].path).toBe('body.resolutionCode');
    expect((await get(acmeUser, tk.id)).json().status).toBe('new');
    // A customer may not move an open ticket at all.
    const byCustomer = await post(acmeUser, tk.id, 'status', { status: 'resolved', resolutionCode: 'fixed' });
    expect(byCustomer.statusCode).toBe(409);
    expect(byCustomer.json().allowed).toEqual([]);
  });

  it('the customer reopens a resolved ticket within the window, not after; closed is final', async () => {
    const tk = (await open(acmeUser)).json();
    const resolved = await post(agent, tk.id, 'status', { status: 'resolved', resolutionCode: 'fixed', note: 'Breaker reset, both feeds up.' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolutionCode: 'fixed' });
    expect(resolved.json().sla.resolution.state).toBe('met');
    const customerSees = (await get(acmeUser, tk.id)).json();
    expect(customerSees.abilities.transitions).toEqual(['in_progress', 'closed']);
    expect(customerSees.reopenUntil).toBeTruthy();
    const reopened = await post(acmeUser, tk.id, 'status', { status: 'in_progress', note: 'Feed B dropped again.' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'in_progress', resolutionCode: null, resolvedAt: null });

    await post(agent, tk.id, 'status', { status: 'resolved', resolutionCode: 'fixed' });
    await t.deps.db.update(tickets).set({ resolvedAt: new Date(Date.now() - 8 * 86_400_000) }).where(eq(tickets.id, tk.id));
    const late = await post(acmeUser, tk.id, 'status', { status: 'in_progress' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'REOPEN_WINDOW_CLOSED', allowed: ['closed'] });
    expect((await post(acmeUser, tk.id, 'status', { status: 'closed' })).statusCode).toBe(200);
    const again = await post(agent, tk.id, 'status', { status: 'in_progress' });
    expect(again.json()).toMatchObject({ code: 'TICKET_CLOSED', allowed: [] });
    expect((await post(acmeUser, tk.id, 'comments', { body: 'One more thing' })).json().code).toBe('TICKET_CLOSED');
    const types = (await get(acmeUser, tk.id, '/events')).json().items.map((e: { type: string }) => e.type);
    expect(types).toEqual(['created', 'resolved', 'reopened', 'resolved', 'status_changed']);
  });

  it('agents assign to provider staff only; the customer sees who has it; customers cannot assign', async () => {
    const tk = (await open(acmeUser)).json();
    expect((await post(acmeAdmin, tk.id, 'assign', { assigneeId: acmeAdmin.id })).statusCode).toBe(403);
    const toCustomer = await post(agent, tk.id, 'assign', { assigneeId: acmeUser.id });
    expect(toCustomer.statusCode).toBe(400);
    expect(toCustomer.json().errors[0].path).toBe('body.assigneeId');
    const ok = await post(agent, tk.id, 'assign', { assigneeId: agent2.id });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().queuePosition).toBeNull();
    expect((await get(acmeUser, tk.id)).json().assignee).toEqual({ id: agent2.id, name: 'Test provider_admin' });
    const mine = (await t.http({ method: 'GET', url: '/api/v1/tickets?queue=mine&limit=200', cookie: agent2.cookie })).json().items;
    expect(mine.map((x: { id: string }) => x.id)).toContain(tk.id);
    expect((await t.http({ method: 'GET', url: '/api/v1/tickets?queue=unassigned', cookie: acmeAdmin.cookie })).statusCode).toBe(403);
  });

  it('provider staff open tickets on a customer’s behalf, including problems', async () => {
    const missing = await open(agent, { kind: 'incident' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('body.orgId');
    const prb = await open(agent, { kind: 'problem', orgId: acmeAdmin.orgId, requesterId: acmeAdmin.id, title: 'Recurring breaker trips on PDU A' });
    expect(prb.statusCode, prb.body).toBe(201);
    expect(prb.json()).toMatchObject({ ref: expect.stringMatching(/^PRB\d{7}$/), org: { id: acmeAdmin.orgId }, requester: { id: acmeAdmin.id } });
    expect((await open(agent, { orgId: acmeAdmin.orgId, requesterId: globexAdmin.id })).statusCode).toBe(400);
  });
});
