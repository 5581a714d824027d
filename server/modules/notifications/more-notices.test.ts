import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, like } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { mailMessages } from '../../platform/mail.js';
import { dispatchPending } from '../../platform/outbox.js';
import { supportGroupMembers, supportGroups, ticketCategories } from '../tickets/tickets.tables.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { notifications } from './notifications.tables.js';
import { pruneReadNotifications, READ_NOTIFICATION_DAYS } from './service/prune.js';

/** The notices added with replies by mail: attachments, merges, ratings; and the prune of old read ones. */
type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let customer: Signed;
let globex: Signed;
let agent: Signed;
let lead: Signed;
let groupId: string;
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  const acme = await createOrg(t);
  const other = await createOrg(t);
  [customer, globex, agent, lead] = await Promise.all([
    signedInUser(t, acme.id, 'customer_user'),
    signedInUser(t, other.id, 'customer_user'),
    signedInUser(t, provider.id, 'provider_agent'),
    signedInUser(t, provider.id, 'provider_agent'),
  ]);
  groupId = uuidv7();
  await t.deps.db.insert(supportGroups).values({ id: groupId, name: `Access ${uniq()}`, leadId: lead.id });
  // A skill no ticket has: routing never picks this member (tests of other files share a PostgreSQL database).
  await t.deps.db.insert(supportGroupMembers).values({ groupId, userId: agent.id, categories: [`none_${uniq()}`] });
  categoryId = uuidv7();
  await t.deps.db.insert(ticketCategories).values({ id: categoryId, key: `more_${uniq()}`, names: { en: 'More' } });
});
afterAll(async () => t?.close());

async function settle() {
  for (let i = 0; i < 100; i++) {
    const r = await dispatchPending(t.deps);
    if (r.processed + r.failed === 0) return;
  }
}
const ok = async (res: { statusCode: number; body: string; json(): unknown }, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as { id: string; ref: string; title: string };
};
const open = async () =>
  ok(await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: customer.cookie, payload: { title: `Badge ${uniq()}`, description: 'Door 3.', categoryId, urgency: 'minor', impact: 'one' } }), 201);
const post = (who: Signed, id: string, sub: string, payload: Record<string, unknown>) => t.http({ method: 'POST', url: `/api/v1/tickets/${id}/${sub}`, cookie: who.cookie, payload });
function upload(who: Signed, id: string, filename: string, internal = false) {
  const boundary = `----portico${uniq()}`;
  const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\nlog\r\n--${boundary}--\r\n`);
  return t.http({ method: 'POST', url: `/api/v1/tickets/${id}/attachments${internal ? '?internal=true' : ''}`, cookie: who.cookie, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}
/** Portal events and mail templates each person got about one ticket. */
async function told(ticket: { id: string; ref: string }, people: Signed[]) {
  const rows = await t.deps.db.select().from(notifications).where(eq(notifications.ticketId, ticket.id));
  const mails = await t.deps.db.select().from(mailMessages).where(and(like(mailMessages.subject, `%${ticket.ref}%`), inArray(mailMessages.to, people.map((p) => p.email))));
  return people.map((p) => ({
    portal: rows.filter((r) => r.userId === p.id).map((r) => r.event).sort(),
    mail: mails.filter((m) => m.to === p.email).map((m) => m.template.replace('notification.', '')).sort(),
    texts: mails.filter((m) => m.to === p.email).map((m) => m.text),
  }));
}

describe('attachments notify the other side like a reply', () => {
  it('a customer’s file tells the assignee; an agent’s file tells the customer; an internal one nobody', async () => {
    const tk = await open();
    await ok(await post(agent, tk.id, 'assign', { assigneeId: agent.id }));
    await settle();
    const before = await told(tk, [customer, agent]);
    await ok(await upload(customer, tk.id, 'badge-log.txt'), 201);
    await settle();
    const [, a1] = await told(tk, [customer, agent]);
    expect(a1!.mail.filter((m) => m === 'attachment_to_staff')).toHaveLength(1);
    expect(a1!.texts.some((x) => x.includes('badge-log.txt'))).toBe(true);

    await ok(await upload(agent, tk.id, 'door-config.txt'), 201);
    await ok(await upload(agent, tk.id, 'internal-notes.txt', true), 201);
    await settle();
    const [c2, a2] = await told(tk, [customer, agent]);
    expect(c2!.mail.filter((m) => m === 'attachment_to_customer')).toHaveLength(1);
    expect(c2!.portal.filter((e) => e === 'ticket_reply')).toHaveLength(before[0]!.portal.filter((e) => e === 'ticket_reply').length + 1);
    expect(c2!.texts.join('\n')).not.toContain('internal-notes.txt');
    // The uploader is never told of their own file.
    expect(a2!.mail.filter((m) => m === 'attachment_to_customer')).toHaveLength(0);
  });
});

describe('a merge tells the duplicate’s requester which ticket continues', () => {
  it('no rating request for a duplicate; the mail names and links the ticket that stays', async () => {
    const keep = await open();
    const dup = await open();
    await settle();
    await ok(await post(agent, dup.id, 'merge', { intoId: keep.id }));
    await settle();
    const [c] = await told(dup, [customer]);
    expect(c!.mail).toContain('merged');
    expect(c!.mail).not.toContain('resolved');
    expect(c!.portal).toContain('ticket_merged');
    const text = c!.texts.find((x) => x.includes(keep.ref))!;
    expect(text).toContain(`/tickets/${keep.id}`);
    expect(text).not.toContain('/rate/');
  });
});

describe('a rating notifies whoever handled the ticket', () => {
  async function rated(score: number) {
    const tk = await open();
    await ok(await post(agent, tk.id, 'assign', { assigneeId: agent.id, groupId }));
    await ok(await post(agent, tk.id, 'status', { status: 'resolved', resolutionCode: 'fixed' }));
    await settle();
    await ok(await post(customer, tk.id, 'rating', { score, comment: 'Took two visits.' }));
    await settle();
    return { tk, people: await told(tk, [agent, lead, customer, globex]) };
  }

  it('a good score: the assignee only', async () => {
    const { people } = await rated(5);
    const [a, l, c, g] = people;
    expect(a!.mail.filter((m) => m === 'rated')).toHaveLength(1);
    expect(a!.portal).toContain('ticket_rated');
    expect(a!.texts.find((x) => x.includes('5'))).toContain('Took two visits.');
    expect(l!.mail).not.toContain('rated_low');
    expect(c!.mail.filter((m) => m.startsWith('rated'))).toHaveLength(0);
    expect(g).toEqual({ portal: [], mail: [], texts: [] });
  });

  it('a score of 2 or less also the group lead', async () => {
    const { people } = await rated(2);
    const [a, l, c] = people;
    expect(a!.mail).toContain('rated');
    expect(l!.mail).toContain('rated_low');
    expect(l!.portal).toContain('ticket_rated');
    expect(c!.portal).not.toContain('ticket_rated');
  });

  it('respects the switch: an assignee who turned rating mails off gets the portal notice only', async () => {
    const res = await t.http({ method: 'PUT', url: '/api/v1/me/notification-preferences', cookie: agent.cookie, payload: { ticket_rated: { email: false } } });
    expect(res.statusCode, res.body).toBe(200);
    const { people } = await rated(4);
    expect(people[0]!.mail).not.toContain('rated');
    expect(people[0]!.portal).toContain('ticket_rated');
    await t.http({ method: 'PUT', url: '/api/v1/me/notification-preferences', cookie: agent.cookie, payload: { ticket_rated: { email: true } } });
  });
});

describe('watchers', () => {
  it('someone added as a watcher by the requester is told, by mail and in the portal; the requester is not', async () => {
    const tk = await open();
    const colleague = await signedInUser(t, customer.orgId, 'customer_user');
    await settle();
    const res = await t.http({ method: 'PUT', url: `/api/v1/tickets/${tk.id}/watchers`, cookie: customer.cookie, payload: { userIds: [colleague.id] } });
    expect(res.statusCode, res.body).toBe(200);
    await settle();
    const [c, r] = await told(tk, [colleague, customer]);
    expect(c!.portal).toEqual(['ticket_watching']);
    expect(c!.mail).toEqual(['watching']);
    expect(c!.texts[0]).toContain(`added you as a watcher of ${tk.ref}`);
    expect(r!.portal).not.toContain('ticket_watching');
    // Removing them again tells nobody.
    await t.http({ method: 'PUT', url: `/api/v1/tickets/${tk.id}/watchers`, cookie: customer.cookie, payload: { userIds: [] } });
    await settle();
    expect((await told(tk, [colleague]))[0]!.portal).toEqual(['ticket_watching']);
  });
});

describe('pruning read notifications', () => {
  it(`deletes read ones older than ${READ_NOTIFICATION_DAYS} days and keeps unread and recent ones`, async () => {
    const tk = await open();
    const old = new Date(Date.now() - (READ_NOTIFICATION_DAYS + 1) * 86_400_000);
    const base = { orgId: customer.orgId, userId: customer.id, event: 'ticket_reply', topic: 'ticket.commented', ticketId: tk.id, ticketRef: tk.ref, title: 't', body: 'b' };
    const ids = { oldRead: uuidv7(), oldUnread: uuidv7(), recentRead: uuidv7() };
    await t.deps.db.insert(notifications).values([
      { ...base, id: ids.oldRead, createdAt: old, readAt: old },
      { ...base, id: ids.oldUnread, createdAt: old, readAt: null },
      { ...base, id: ids.recentRead, readAt: new Date() },
    ]);
    expect(await pruneReadNotifications(t.deps.db)).toBeGreaterThanOrEqual(1);
    const left = (await t.deps.db.select({ id: notifications.id }).from(notifications).where(inArray(notifications.id, Object.values(ids)))).map((r) => r.id);
    expect(left.sort()).toEqual([ids.oldUnread, ids.recentRead].sort());
  });
});
