import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { notificationPreferences, notifications } from './notifications.tables.js';

/** The bell and the switches over HTTP: own notifications only, paging, marking read, preferences. */
type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let alice: Signed;
let bob: Signed; // same organisation as alice
let globex: Signed;

beforeAll(async () => {
  t = await createTestApp();
  const acme = await createOrg(t);
  const other = await createOrg(t);
  [alice, bob, globex] = await Promise.all([signedInUser(t, acme.id, 'customer_user'), signedInUser(t, acme.id, 'customer_admin'), signedInUser(t, other.id, 'customer_user')]);
});
afterAll(async () => t?.close());

/** Writes n notifications for a user, one second apart, oldest first; returns their ids newest first. */
async function seed(who: Signed, n: number, title = 'Notice'): Promise<string[]> {
  const base = Date.now() - 3600_000;
  const rows = Array.from({ length: n }, (_, i) => ({
    id: uuidv7(),
    orgId: who.orgId,
    userId: who.id,
    event: 'ticket_reply',
    topic: 'ticket.commented',
    ticketId: uuidv7(),
    ticketRef: `INC${String(i).padStart(7, '0')}`,
    title: `${title} ${i}`,
    body: 'Body',
    createdAt: new Date(base + i * 1000),
  }));
  await t.deps.db.insert(notifications).values(rows);
  return rows.map((r) => r.id).reverse();
}
const list = (who: Signed, qs = '') => t.http({ method: 'GET', url: `/api/v1/notifications${qs}`, cookie: who.cookie });
const read = (who: Signed, payload: Record<string, unknown>) => t.http({ method: 'POST', url: '/api/v1/notifications/read', cookie: who.cookie, payload });
const unread = async (who: Signed) => Number((await t.deps.db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, who.id), isNull(notifications.readAt))))[0]!.n);

describe('my notifications', () => {
  it('lists only my own, newest first, paged without gaps, with the unread count and an unread filter', async () => {
    const ids = await seed(alice, 5, `Alice ${uniq()}`);
    await seed(bob, 2, 'Bob’s');
    const first = await list(alice, '?limit=2');
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json();
    expect(page1.unreadCount).toBe(5);
    expect(page1.items.map((n: { id: string }) => n.id)).toEqual(ids.slice(0, 2));
    expect(page1.items[0]).toMatchObject({ event: 'ticket_reply', readAt: null, url: `/tickets/${page1.items[0].ticket.id}` });
    const ids2 = (await list(alice, `?limit=2&cursor=${page1.nextCursor}`)).json();
    const ids3 = (await list(alice, `?limit=2&cursor=${ids2.nextCursor}`)).json();
    expect([...ids2.items, ...ids3.items].map((n: { id: string }) => n.id)).toEqual(ids.slice(2));
    expect(ids3.nextCursor).toBeNull();
    expect(JSON.stringify([page1, ids2, ids3])).not.toContain('Bob’s');

    expect((await read(alice, { ids: [ids[0], ids[1]] })).json()).toEqual({ unreadCount: 3 });
    const onlyUnread = (await list(alice, '?unread=true')).json().items.map((n: { id: string }) => n.id);
    expect(onlyUnread).toEqual(ids.slice(2));
    const onlyRead = (await list(alice, '?unread=false')).json().items;
    expect(onlyRead.map((n: { id: string }) => n.id)).toEqual(ids.slice(0, 2));
    expect(onlyRead[0].readAt).toBeTruthy();
    expect((await read(alice, { all: true })).json()).toEqual({ unreadCount: 0 });
    expect(await unread(bob)).toBe(2);
  });

  it('answers 404 for another user’s notification, also of the same organisation, and changes nothing', async () => {
    const [mine] = await seed(alice, 1);
    const [bobs] = await seed(bob, 1);
    const [theirs] = await seed(globex, 1);
    const bobBefore = await unread(bob);
    const aliceBefore = await unread(alice);
    for (const id of [bobs, theirs]) {
      const res = await read(alice, { ids: [mine, id] });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    expect(await unread(bob)).toBe(bobBefore);
    expect(await unread(alice)).toBe(aliceBefore); // not even her own one of the refused request
    const [row] = await t.deps.db.select().from(notifications).where(eq(notifications.id, theirs!));
    expect(row!.readAt).toBeNull();
  });

  it('refuses bad input naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'body'],
      [{ ids: ['not-a-uuid'] }, 'body.ids.0'],
      [{ ids: [] }, 'body.ids'],
      [{ all: true, ids: [uuidv7()] }, 'body.all'],
      [{ everything: true }, 'body.everything'],
    ];
    for (const [payload, path] of cases) {
      const res = await read(alice, payload);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const bad = await list(alice, '?unread=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('querystring.unread');
  });

  it('is for signed-in users only', async () => {
    expect((await t.http({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
    expect((await t.http({ method: 'POST', url: '/api/v1/notifications/read', payload: { all: true } })).statusCode).toBe(401);
    expect((await t.http({ method: 'GET', url: '/api/v1/me/notification-preferences' })).statusCode).toBe(401);
    expect((await t.http({ method: 'PUT', url: '/api/v1/me/notification-preferences', payload: {} })).statusCode).toBe(401);
  });
});

describe('my notification preferences', () => {
  const get = (who: Signed) => t.http({ method: 'GET', url: '/api/v1/me/notification-preferences', cookie: who.cookie });
  const put = (who: Signed, payload: Record<string, unknown>) => t.http({ method: 'PUT', url: '/api/v1/me/notification-preferences', cookie: who.cookie, payload });

  it('are all on by default; switches named change, others stay; my switches are mine only', async () => {
    const defaults = (await get(alice)).json();
    expect(Object.keys(defaults).sort()).toEqual([
      'access_flagged',
      'internal_note',
      'order_approval_requested',
      'order_approved',
      'order_cancelled',
      'order_comment',
      'order_completed',
      'order_in_fulfilment',
      'order_rejected',
      'order_submitted',
      'order_task_assigned',
      'sla_alert',
      'status_changed',
      'ticket_assigned',
      'ticket_created',
      'ticket_merged',
      'ticket_rated',
      'ticket_reply',
      'ticket_resolved',
      'ticket_watching',
    ]);
    expect(Object.values(defaults).every((c) => JSON.stringify(c) === '{"email":true,"portal":true}')).toBe(true);
    const res = await put(alice, { ticket_reply: { email: false }, status_changed: { portal: false } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ticket_reply: { email: false, portal: true }, status_changed: { email: true, portal: false }, ticket_created: { email: true, portal: true } });
    const again = (await put(alice, { ticket_reply: { portal: false } })).json();
    expect(again.ticket_reply).toEqual({ email: false, portal: false });
    expect((await get(alice)).json()).toEqual(again);
    expect(Object.values((await get(bob)).json()).every((c) => JSON.stringify(c) === '{"email":true,"portal":true}')).toBe(true);
    expect((await put(alice, { ticket_reply: { email: true, portal: true }, status_changed: { portal: true } })).json()).toEqual(defaults);
  });

  it('refuses an unknown event, channel or value naming the field, and changes nothing', async () => {
    await put(alice, { ticket_resolved: { email: false } });
    const before = await t.deps.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, alice.id));
    const cases: [Record<string, unknown>, string][] = [
      [{ ticket_exploded: { email: false } }, 'body.ticket_exploded'],
      [{ ticket_reply: { sms: true } }, 'body.ticket_reply.sms'],
      [{ ticket_reply: { email: 'no' } }, 'body.ticket_reply.email'],
      [{ ticket_reply: true }, 'body.ticket_reply'],
      // A valid switch beside an invalid one is not applied either.
      [{ ticket_created: { email: false }, bogus: {} }, 'body.bogus'],
    ];
    for (const [payload, path] of cases) {
      const res = await put(alice, payload);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await t.deps.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, alice.id))).toEqual(before);
    expect((await get(alice)).json().ticket_created).toEqual({ email: true, portal: true });
  });
});
