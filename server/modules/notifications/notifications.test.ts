import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, like } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { mailMessages } from '../../platform/mail.js';
import { dispatchPending, outboxEvents } from '../../platform/outbox.js';
import { users } from '../identity/index.js';
import { ticketCategories } from '../tickets/tickets.tables.js';
import { createOrg, createTestApp, ORIGIN, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { notifications } from './notifications.tables.js';

/**
 * Who is told what about tickets. Tickets are worked through the API as people do; the outbox is
 * then dispatched by hand and the notifications and queued mails of each person are read back.
 */
type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let requester: Signed; // customer user, German
let watcher: Signed;
let custAdmin: Signed; // sees the organisation's tickets, is neither requester nor watcher
let globex: Signed; // another customer
let agentA: Signed;
let agentB: Signed;
let provAdmin: Signed;
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  const acme = await createOrg(t);
  const other = await createOrg(t);
  [requester, watcher, custAdmin, globex, agentA, agentB, provAdmin] = await Promise.all([
    signedInUser(t, acme.id, 'customer_user'),
    signedInUser(t, acme.id, 'customer_user'),
    signedInUser(t, acme.id, 'customer_admin'),
    signedInUser(t, other.id, 'customer_user'),
    signedInUser(t, provider.id, 'provider_agent'),
    signedInUser(t, provider.id, 'provider_agent'),
    signedInUser(t, provider.id, 'provider_admin'),
  ]);
  await t.deps.db.update(users).set({ locale: 'de' }).where(eq(users.id, requester.id));
  // A category of its own: no support group routes it, so tickets start unassigned.
  categoryId = uuidv7();
  await t.deps.db.insert(ticketCategories).values({ id: categoryId, key: `notify_${uniq()}`, names: { en: 'Notify' } });
});
afterAll(async () => t?.close());

/** Dispatches until nothing is due (on a shared PostgreSQL other files add events meanwhile). */
async function settle() {
  for (let i = 0; i < 100; i++) {
    const r = await dispatchPending(t.deps);
    if (r.processed + r.failed === 0) return;
  }
}

const json = async (res: { statusCode: number; body: string; json(): unknown }, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as Record<string, unknown> & { id: string; ref: string };
};
const open = async (who: Signed, body: Record<string, unknown> = {}) =>
  json(await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: who.cookie, payload: { title: `Cooling alarm ${uniq()}`, description: 'Hall 2 is warm.', categoryId, urgency: 'major', impact: 'few', ...body } }), 201);
const act = async (who: Signed, id: string, sub: string, payload: Record<string, unknown>, status = 200) =>
  json(await t.http({ method: 'POST', url: `/api/v1/tickets/${id}/${sub}`, cookie: who.cookie, payload }), status);

/** What each of these people got for one ticket: portal notifications and mails (by event/template). */
async function received(ticket: { id: string; ref: string }, people: Signed[]) {
  const rows = await t.deps.db.select().from(notifications).where(eq(notifications.ticketId, ticket.id)).orderBy(notifications.id);
  const mails = await t.deps.db.select().from(mailMessages).where(and(like(mailMessages.subject, `%${ticket.ref}%`), inArray(mailMessages.to, people.map((p) => p.email)))).orderBy(mailMessages.id);
  return Object.fromEntries(
    people.map((p) => [
      p.id,
      {
        portal: rows.filter((r) => r.userId === p.id).map((r) => r.event),
        mail: mails.filter((m) => m.to === p.email).map((m) => m.template.replace('notification.', '')),
      },
    ]),
  ) as Record<string, { portal: string[]; mail: string[] }>;
}
const everyone = () => [requester, watcher, custAdmin, globex, agentA, agentB, provAdmin];
const nothing = { portal: [], mail: [] };

describe('ticket notifications', () => {
  it('a new ticket: the requester gets a receipt by mail, in their language; every agent hears of it; nobody else', async () => {
    const tk = await open(requester, { watcherIds: [watcher.id] });
    await settle();
    const got = await received(tk, everyone());
    expect(got[requester.id]).toEqual({ portal: [], mail: ['created_confirmation'] });
    for (const a of [agentA, agentB, provAdmin]) expect(got[a.id]).toEqual({ portal: ['ticket_created'], mail: ['created_staff'] });
    for (const p of [watcher, custAdmin, globex]) expect(got[p.id]).toEqual(nothing);
    const [receipt] = await t.deps.db.select().from(mailMessages).where(and(eq(mailMessages.to, requester.email), like(mailMessages.subject, `%${tk.ref}%`)));
    expect(receipt!.subject).toContain(`[${tk.ref}] Eingegangen`);
    expect(receipt!.text).toContain(`${ORIGIN}/tickets/${tk.id}`);
    expect(receipt!.status).toBe('kept'); // no SMTP here: kept in the outbox for a provider admin
    expect(receipt!.orgId).toBe(requester.orgId);
  });

  it('opened by an agent on the customer’s behalf: the requester gets the receipt in the portal too; the opening agent nothing', async () => {
    const tk = await open(agentA, { orgId: requester.orgId, requesterId: requester.id });
    await settle();
    const got = await received(tk, everyone());
    expect(got[requester.id]).toEqual({ portal: ['ticket_created'], mail: ['created_confirmation'] });
    expect(got[agentA.id]).toEqual(nothing);
    expect(got[agentB.id]).toEqual({ portal: ['ticket_created'], mail: ['created_staff'] });
  });

  it('assignment: the assignee by mail and portal, requester and watchers a portal notice; not the one who assigned; not twice', async () => {
    const tk = await open(requester, { watcherIds: [watcher.id] });
    await settle();
    const before = await received(tk, everyone());
    await act(agentB, tk.id, 'assign', { assigneeId: agentA.id });
    await settle();
    await act(agentB, tk.id, 'assign', { assigneeId: agentA.id }); // same assignee again: no news
    await settle();
    const got = await received(tk, everyone());
    expect(got[agentA.id]!.portal).toEqual([...before[agentA.id]!.portal, 'ticket_assigned']);
    expect(got[agentA.id]!.mail).toEqual([...before[agentA.id]!.mail, 'assigned']);
    expect(got[requester.id]).toEqual({ portal: ['ticket_assigned'], mail: before[requester.id]!.mail });
    expect(got[watcher.id]).toEqual({ portal: ['ticket_assigned'], mail: [] });
    expect(got[agentB.id]).toEqual(before[agentB.id]);
    const [notice] = await t.deps.db.select().from(notifications).where(and(eq(notifications.ticketId, tk.id), eq(notifications.userId, requester.id)));
    expect(notice!.title).toBe(`[${tk.ref}] Test provider_agent bearbeitet Ihr Ticket`);
    expect(notice!.orgId).toBe(requester.orgId);
  });

  it('public replies go to the other side: staff reply → requester and watchers; customer reply → the assignee', async () => {
    const tk = await open(requester, { watcherIds: [watcher.id] });
    await act(agentA, tk.id, 'assign', { assigneeId: agentA.id });
    await settle();
    const base = await received(tk, everyone());
    await act(agentA, tk.id, 'comments', { body: 'Chiller 3 restarted; temperature falling.' }, 201);
    await settle();
    let got = await received(tk, everyone());
    for (const c of [requester, watcher]) expect(got[c.id]!.mail).toEqual([...base[c.id]!.mail, 'reply_to_customer']);
    for (const c of [requester, watcher]) expect(got[c.id]!.portal).toEqual([...base[c.id]!.portal, 'ticket_reply']);
    for (const p of [agentA, agentB, provAdmin, custAdmin, globex]) expect(got[p.id]).toEqual(base[p.id]);
    const [mail] = await t.deps.db.select().from(mailMessages).where(and(eq(mailMessages.to, watcher.email), eq(mailMessages.template, 'notification.reply_to_customer'), like(mailMessages.subject, `%${tk.ref}%`)));
    expect(mail!.text).toContain('Chiller 3 restarted');

    const mid = got;
    await act(watcher, tk.id, 'comments', { body: 'Thanks, still 31 °C at rack B4.' }, 201);
    await settle();
    got = await received(tk, everyone());
    expect(got[agentA.id]!.portal).toEqual([...mid[agentA.id]!.portal, 'ticket_reply']);
    expect(got[agentA.id]!.mail).toEqual([...mid[agentA.id]!.mail, 'reply_to_staff']);
    for (const p of [requester, watcher, agentB, provAdmin, custAdmin, globex]) expect(got[p.id]).toEqual(mid[p.id]);
  });

  it('a customer reply to an unassigned ticket goes to every agent', async () => {
    const tk = await open(requester);
    await settle();
    const base = await received(tk, everyone());
    await act(requester, tk.id, 'comments', { body: 'Any news?' }, 201);
    await settle();
    const got = await received(tk, everyone());
    for (const a of [agentA, agentB, provAdmin]) expect(got[a.id]!.portal).toEqual([...base[a.id]!.portal, 'ticket_reply']);
    expect(got[requester.id]).toEqual(base[requester.id]);
  });

  it('an internal note reaches the assignee only: never a customer, neither in the portal nor by mail', async () => {
    const secret = `Customer ${uniq()} is behind on payments`;
    const tk = await open(requester, { watcherIds: [watcher.id] });
    await act(agentB, tk.id, 'assign', { assigneeId: agentA.id });
    await settle();
    const base = await received(tk, everyone());
    await act(agentB, tk.id, 'comments', { body: secret, internal: true }, 201);
    const unassigned = await open(requester);
    await act(agentB, unassigned.id, 'comments', { body: secret, internal: true }, 201);
    await settle();
    const got = await received(tk, everyone());
    expect(got[agentA.id]!.portal).toEqual([...base[agentA.id]!.portal, 'internal_note']);
    expect(got[agentA.id]!.mail).toEqual([...base[agentA.id]!.mail, 'internal_note']);
    for (const p of [requester, watcher, custAdmin, globex, agentB, provAdmin]) expect(got[p.id]).toEqual(base[p.id]);
    // The note's text went to agent A's mail and bell, and nowhere else at all.
    const mails = await t.deps.db.select({ to: mailMessages.to }).from(mailMessages).where(like(mailMessages.text, `%${secret}%`));
    expect(mails.map((m) => m.to)).toEqual([agentA.email]);
    const bells = await t.deps.db.select({ userId: notifications.userId }).from(notifications).where(like(notifications.body, `%${secret}%`));
    expect(bells.map((b) => b.userId)).toEqual([agentA.id]);
  });

  it('status changes go to requester and watchers; resolution asks for a rating; a customer reopening tells the assignee', async () => {
    const tk = await open(requester, { watcherIds: [watcher.id] });
    await act(agentA, tk.id, 'assign', { assigneeId: agentA.id });
    await settle();
    const base = await received(tk, everyone());
    await act(agentA, tk.id, 'status', { status: 'waiting_for_customer' });
    await settle();
    let got = await received(tk, everyone());
    for (const c of [requester, watcher]) expect(got[c.id]!.portal).toEqual([...base[c.id]!.portal, 'status_changed']);
    expect(got[agentA.id]).toEqual(base[agentA.id]);
    const [waiting] = await t.deps.db.select().from(notifications).where(and(eq(notifications.ticketId, tk.id), eq(notifications.userId, requester.id), eq(notifications.event, 'status_changed')));
    expect(waiting!.title).toContain('wartet auf Sie');

    await act(agentA, tk.id, 'status', { status: 'resolved', resolutionCode: 'fixed', note: 'Chiller 3 replaced.' });
    await settle();
    got = await received(tk, everyone());
    for (const c of [requester, watcher]) expect(got[c.id]!.mail.at(-1)).toBe('resolved');
    const [resolvedMail] = await t.deps.db.select().from(mailMessages).where(and(eq(mailMessages.to, watcher.email), eq(mailMessages.template, 'notification.resolved'), like(mailMessages.subject, `%${tk.ref}%`)));
    expect(resolvedMail!.text).toContain('Chiller 3 replaced.');
    expect(resolvedMail!.text).toContain('How did we do?');
    const [resolvedBell] = await t.deps.db.select().from(notifications).where(and(eq(notifications.ticketId, tk.id), eq(notifications.userId, requester.id), eq(notifications.event, 'ticket_resolved')));
    expect(resolvedBell!.body).toContain('Wie zufrieden waren Sie?');

    const mid = got;
    await act(requester, tk.id, 'status', { status: 'in_progress', note: 'Still warm.' });
    await settle();
    got = await received(tk, everyone());
    expect(got[requester.id]).toEqual(mid[requester.id]);
    expect(got[watcher.id]!.portal).toEqual([...mid[watcher.id]!.portal, 'status_changed']);
    expect(got[agentA.id]!.portal).toEqual([...mid[agentA.id]!.portal, 'status_changed']);
    for (const p of [agentB, provAdmin, custAdmin, globex]) expect(got[p.id]).toEqual(mid[p.id]);
  });

  it('respects each person’s switches per event and channel', async () => {
    const put = (who: Signed, payload: Record<string, unknown>) => t.http({ method: 'PUT', url: '/api/v1/me/notification-preferences', cookie: who.cookie, payload });
    expect((await put(watcher, { ticket_reply: { email: false } })).statusCode).toBe(200);
    const tk = await open(requester, { watcherIds: [watcher.id] });
    await settle();
    const base = await received(tk, everyone());
    await act(agentA, tk.id, 'comments', { body: 'First update.' }, 201);
    await settle();
    let got = await received(tk, everyone());
    expect(got[watcher.id]).toEqual({ portal: [...base[watcher.id]!.portal, 'ticket_reply'], mail: base[watcher.id]!.mail });
    expect(got[requester.id]!.mail).toEqual([...base[requester.id]!.mail, 'reply_to_customer']);

    expect((await put(watcher, { ticket_reply: { portal: false } })).statusCode).toBe(200);
    const mid = got;
    await act(agentA, tk.id, 'comments', { body: 'Second update.' }, 201);
    await settle();
    got = await received(tk, everyone());
    expect(got[watcher.id]).toEqual(mid[watcher.id]);
    expect(got[requester.id]!.portal).toEqual([...mid[requester.id]!.portal, 'ticket_reply']);
    await put(watcher, { ticket_reply: { portal: true, email: true } });
  });

  it('handled every ticket event of these tests at the first attempt', async () => {
    const events = await t.deps.db.select().from(outboxEvents).where(and(like(outboxEvents.topic, 'ticket.%'), eq(outboxEvents.orgId, requester.orgId)));
    expect(events.length).toBeGreaterThan(20);
    expect(events.filter((e) => e.processedAt === null || e.attempts > 0).map((e) => `${e.topic}: ${e.lastError}`)).toEqual([]);
  });
});
