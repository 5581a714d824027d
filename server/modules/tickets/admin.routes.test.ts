import { and, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { ticketCategories } from './tickets.tables.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let admin: Signed;
let agent: Signed;
let customerAdmin: Signed;
const ids: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ LOG_LEVEL: 'error' });
  const provider = await createOrg(t, 'provider');
  const orgId = (await createOrg(t)).id;
  [admin, agent, customerAdmin] = await Promise.all([signedInUser(t, provider.id, 'provider_admin'), signedInUser(t, provider.id, 'provider_agent'), signedInUser(t, orgId, 'customer_admin')]);
  // Three categories of this test's own (the database may be shared with other tests).
  for (const n of ['a', 'b', 'c']) {
    const res = await t.http({ method: 'POST', url: '/api/v1/ticket-categories', cookie: admin.cookie, payload: { key: `ord_${n}_${uniq()}`, names: { en: `Order ${n}` } } });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json().id);
  }
});
afterAll(async () => {
  if (ids.length) await t.deps.db.delete(ticketCategories).where(inArray(ticketCategories.id, ids));
  await t?.close();
});

const order = (who: Signed, payload: unknown) => t.http({ method: 'PUT', url: '/api/v1/ticket-categories/order', cookie: who.cookie, payload: payload as Record<string, unknown> });
const positions = async () => {
  const res = await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: admin.cookie });
  const all = res.json().items.map((c: { id: string }) => c.id) as string[];
  return ids.map((id) => all.indexOf(id));
};
const sorts = async () => new Map((await t.deps.db.select({ id: ticketCategories.id, sort: ticketCategories.sort }).from(ticketCategories)).map((r) => [r.id, r.sort]));

describe('PUT /api/v1/ticket-categories/order', () => {
  it('puts the listed categories first, in the given order, keeps the others after them, and audits it', async () => {
    const [a, b, c] = ids as [string, string, string];
    const res = await order(admin, { ids: [c, a, b] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.slice(0, 3).map((x: { id: string }) => x.id)).toEqual([c, a, b]);
    const [pa, pb, pc] = await positions();
    expect([pc, pa, pb]).toEqual([0, 1, 2]);
    const audited = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'tickets.categories_ordered'), eq(auditLog.actorId, admin.id)));
    expect(audited.length).toBe(1);
    expect((audited[0]!.after as { order: string[] }).order.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses staff without tickets.configure and customers (403), changing nothing', async () => {
    const before = await sorts();
    for (const who of [agent, customerAdmin]) expect((await order(who, { ids: [...ids].reverse() })).statusCode).toBe(403);
    expect(await sorts()).toEqual(before);
  });

  it('names the bad entry: an unknown id, a repeated id, a malformed id, an empty list (400), changing nothing', async () => {
    const before = await sorts();
    const unknown = await order(admin, { ids: [ids[1], uuidv7()] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ path: 'body.ids.1', message: 'is not a category' }]);
    const twice = await order(admin, { ids: [ids[2], ids[0], ids[2]] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors).toEqual([{ path: 'body.ids.2', message: 'is listed twice' }]);
    const malformed = await order(admin, { ids: ['power'] });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].path).toBe('body.ids.0');
    const empty = await order(admin, { ids: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('body.ids');
    expect(await sorts()).toEqual(before);
  });
});
