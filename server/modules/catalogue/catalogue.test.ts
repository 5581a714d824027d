import { and, eq, inArray, like, or } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemInput } from '../../../contracts/catalogue.js';
import { auditLog } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { ForbiddenError, NotFoundError } from '../../platform/errors.js';
import { createOrg, createUser, createTestApp, signInEnrolled, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { loadActor } from '../identity/index.js';
import { catalogueCategories, catalogueItems } from './catalogue.tables.js';
import { getOrderableItem, recordItemOrdered, seedCatalogueDemo } from './index.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let admin: Signed;
let agent: Signed;
let custAdmin: Signed;
let custUser: Signed;
let requester: Signed;
let germanUser: Signed;
let norwegianUser: Signed;
let groupId: string;
const created: string[] = [];
const createdCats: string[] = [];

const silent = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child: () => silent, level: 'silent', silent() {} } as unknown as Ctx['log'];
async function ctxOf(userId: string): Promise<Ctx> {
  const loaded = await loadActor(t.deps.db, userId);
  return { db: t.deps.db, actor: loaded!.actor, via: 'session', sessionId: null, mfa: 'ok', requestId: 'test', ip: null, userAgent: 'test', log: silent };
}

/** A valid item of this test's own (unique key). */
const item = (over: Partial<ItemInput> = {}): ItemInput => ({
  key: `t-${uniq()}`,
  kind: 'generic',
  categoryId: null,
  icon: 'help',
  texts: { en: { name: 'Rack screws', short: 'M6 screws and cage nuts', long: 'A **box** of 50.' }, de: { name: 'Rackschrauben', short: 'M6-Schrauben', long: '' } },
  leadTimeHours: 24,
  price: { amountCents: 9900, currency: 'NOK' },
  orderableBy: 'all',
  orderPermission: null,
  approvalRule: 'none',
  tasks: [{ title: { en: 'Deliver', nb: 'Lever' }, groupId: null }],
  fulfilmentSlaHours: 48,
  form: { fields: [{ key: 'quantity', type: 'number', label: { en: 'Quantity' }, required: true, min: 1, max: 10 }] },
  active: true,
  sort: 10,
  ...over,
});

const http = (who: { cookie: string }, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.http({ method, url, cookie: who.cookie, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
async function make(over: Partial<ItemInput> = {}) {
  const res = await http(admin, 'POST', '/api/v1/catalogue/admin/items', item(over));
  expect(res.statusCode, res.body).toBe(201);
  created.push(res.json().id);
  return res.json() as { id: string; key: string; version: number };
}
// Items this file makes (keys t-…, and the malformed key one test sends): on a shared PostgreSQL other
// test files add items of their own meanwhile.
const countItems = async () => (await t.deps.db.select({ id: catalogueItems.id }).from(catalogueItems).where(or(like(catalogueItems.key, 't-%'), eq(catalogueItems.key, 'Bad Key')))).length;

beforeAll(async () => {
  t = await createTestApp({ LOG_LEVEL: 'error' });
  const provider = await createOrg(t, 'provider');
  const org = await createOrg(t);
  [admin, agent, custAdmin, custUser, requester] = await Promise.all([
    signedInUser(t, provider.id, 'provider_admin'),
    signedInUser(t, provider.id, 'provider_agent'),
    signedInUser(t, org.id, 'customer_admin'),
    signedInUser(t, org.id, 'customer_user'),
    signedInUser(t, org.id, 'customer_user', { granted: ['access.request'] }),
  ]);
  const [de, nb] = await Promise.all([createUser(t, org.id, 'customer_user', { locale: 'de' }), createUser(t, org.id, 'customer_user', { locale: 'nb' })]);
  germanUser = { ...de, ...(await signInEnrolled(t, de)) };
  norwegianUser = { ...nb, ...(await signInEnrolled(t, nb)) };
  const g = await http(admin, 'POST', '/api/v1/support-groups', { name: `Field techs ${uniq()}`, leadId: null, members: [] });
  expect(g.statusCode, g.body).toBe(201);
  groupId = g.json().id;
});
afterAll(async () => {
  if (created.length) await t.deps.db.delete(catalogueItems).where(inArray(catalogueItems.id, created));
  if (createdCats.length) await t.deps.db.delete(catalogueCategories).where(inArray(catalogueCategories.id, createdCats));
  await t?.close();
});

const DEMO_KEYS = ['work-visit', 'permanent-badge', 'smart-hands', 'inbound-shipment', 'outbound-shipment', 'cross-connect', 'cables-consumables', 'cleaning', 'imac', 'decommission', 'something-else'];

describe('demo catalogue', () => {
  it('seeds every item of the issue once, with valid forms and texts in four languages; a second run changes nothing', async () => {
    await seedCatalogueDemo(t.deps.db);
    // Only the demo's own rows: on a shared PostgreSQL other test files add items meanwhile.
    const demoRows = async () => (await t.deps.db.select({ id: catalogueItems.id, version: catalogueItems.version }).from(catalogueItems).where(inArray(catalogueItems.key, DEMO_KEYS))).map((r) => `${r.id}:${r.version}`).sort();
    const before = await demoRows();
    await seedCatalogueDemo(t.deps.db);
    expect(await demoRows()).toEqual(before);
    const rows = await t.deps.db.select().from(catalogueItems);
    const keys = rows.map((r) => r.key);
    for (const k of DEMO_KEYS) expect(keys).toContain(k);
    const demo = rows.filter((r) => DEMO_KEYS.includes(r.key));
    for (const r of demo) for (const l of ['en', 'de', 'nb', 'ru'] as const) expect(r.texts[l]?.name, `${r.key} ${l}`).toBeTruthy();
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(byKey.get('work-visit')).toMatchObject({ kind: 'access_visit', orderableBy: 'permission', orderPermission: 'access.request', approvalRule: 'provider' });
    expect(byKey.get('permanent-badge')).toMatchObject({ kind: 'access_badge', approvalRule: 'both' });
    expect(byKey.get('decommission')).toMatchObject({ kind: 'decommission', orderableBy: 'customer_admin' });
    const types = new Set(byKey.get('smart-hands')!.form.fields.map((f) => f.type));
    for (const ty of ['select', 'location', 'textarea', 'file', 'datetime']) expect(types).toContain(ty);
  });
});

describe('reading the catalogue', () => {
  it('shows customers only what they may order; staff see every active item but cannot order', async () => {
    await seedCatalogueDemo(t.deps.db);
    const keysOf = async (who: Signed) => {
      const res = await http(who, 'GET', '/api/v1/catalogue');
      expect(res.statusCode, res.body).toBe(200);
      return new Map((res.json().items as { key: string; canOrder: boolean }[]).map((i) => [i.key, i.canOrder]));
    };
    const user = await keysOf(custUser);
    expect(user.has('smart-hands')).toBe(true);
    expect(user.has('work-visit')).toBe(false); // needs access.request
    expect(user.has('decommission')).toBe(false); // customer admins only
    expect((await keysOf(requester)).get('work-visit')).toBe(true);
    const cadmin = await keysOf(custAdmin);
    expect(cadmin.get('work-visit')).toBe(true);
    expect(cadmin.get('decommission')).toBe(true);
    const staff = await keysOf(agent);
    expect(staff.has('work-visit') && staff.has('decommission')).toBe(true);
    expect([...staff.values()].every((c) => c === false)).toBe(true);
  });

  it('answers in the reader’s language with English where a text is missing', async () => {
    const it1 = await make();
    const get = async (who: Signed) => (await http(who, 'GET', `/api/v1/catalogue/items/${it1.id}`)).json();
    expect((await get(germanUser)).name).toBe('Rackschrauben');
    const de = await get(germanUser);
    expect(de.long).toBe('A **box** of 50.'); // no German long text: English
    expect(de.longHtml).toContain('<strong>box</strong>');
    expect((await get(norwegianUser)).name).toBe('Rack screws');
    expect((await get(custUser)).short).toBe('M6 screws and cage nuts');
  });

  it('renders the long description from Markdown, sanitised', async () => {
    const it1 = await make({ texts: { en: { name: 'Unsafe', short: '', long: 'Fine **text** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>' } } });
    const html = (await http(custUser, 'GET', `/api/v1/catalogue/items/${it1.id}`)).json().longHtml as string;
    expect(html).toContain('<strong>text</strong>');
    expect(html).not.toMatch(/<script|<img|href="javascript:|<[^>]*onerror/i);
    expect(html).toContain('&lt;script&gt;'); // shown as text, inert
  });

  it('searches names and descriptions in every language (?q=), and filters by category', async () => {
    const cat = await http(admin, 'POST', '/api/v1/catalogue/admin/categories', { key: `c-${uniq()}`, names: { en: 'Hardware' }, icon: 'box', sort: 5 });
    expect(cat.statusCode, cat.body).toBe(201);
    createdCats.push(cat.json().id);
    const word = `zq${uniq()}`;
    const mine = await make({ categoryId: cat.json().id, texts: { en: { name: 'Blanking panels', short: '', long: '' }, nb: { name: `Blindplater ${word}`, short: '', long: '' } } });
    const q = await http(custUser, 'GET', `/api/v1/catalogue?q=${encodeURIComponent(word.toUpperCase())}`);
    expect(q.json().items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    const none = await http(custUser, 'GET', `/api/v1/catalogue?q=${word}x`);
    expect(none.json().items).toEqual([]);
    const byCat = await http(custUser, 'GET', `/api/v1/catalogue?categoryId=${cat.json().id}`);
    expect(byCat.json().items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect(byCat.json().categories.map((c: { id: string }) => c.id)).toContain(cat.json().id);
    expect((await http(custUser, 'GET', '/api/v1/catalogue?categoryId=nope')).statusCode).toBe(400);
    expect((await http(custUser, 'GET', `/api/v1/catalogue?q=${'x'.repeat(101)}`)).statusCode).toBe(400);
    expect((await http(custUser, 'GET', '/api/v1/catalogue?sort=popular')).statusCode).toBe(400);
  });

  it('lists the most ordered items as popular', async () => {
    const a = await make();
    const b = await make();
    // Far ahead of anything else in a shared test database; then one order each through recordItemOrdered.
    await t.deps.db.update(catalogueItems).set({ orderCount: 1_000_000 }).where(inArray(catalogueItems.id, [a.id, b.id]));
    await t.deps.db.transaction(async (tx) => {
      await recordItemOrdered(tx, b.id);
      await recordItemOrdered(tx, b.id);
      await recordItemOrdered(tx, a.id);
    });
    const res = await http(custUser, 'GET', '/api/v1/catalogue');
    expect(res.json().popular.slice(0, 2)).toEqual([b.id, a.id]);
    expect(res.json().items.find((i: { id: string }) => i.id === b.id).orderCount).toBe(1_000_002);
  });

  it('hides items a customer may not order and inactive items (404); staff still read them', async () => {
    const adminsOnly = await make({ orderableBy: 'customer_admin' });
    const inactive = await make({ active: false });
    for (const id of [adminsOnly.id, inactive.id]) {
      expect((await http(custUser, 'GET', `/api/v1/catalogue/items/${id}`)).statusCode).toBe(404);
      expect((await http(custUser, 'GET', `/api/v1/catalogue/items/${id}/schema`)).statusCode).toBe(404);
      expect((await http(agent, 'GET', `/api/v1/catalogue/items/${id}`)).statusCode).toBe(200);
    }
    expect((await http(custAdmin, 'GET', `/api/v1/catalogue/items/${adminsOnly.id}`)).statusCode).toBe(200);
    expect((await http(custAdmin, 'GET', `/api/v1/catalogue/items/${inactive.id}`)).statusCode).toBe(404);
    expect((await http(custUser, 'GET', `/api/v1/catalogue/items/${uuidv7()}`)).statusCode).toBe(404);
    expect((await http(custUser, 'GET', '/api/v1/catalogue/items/not-an-id')).statusCode).toBe(400);
  });

  it('serves the order form as JSON Schema with x-ui hints and the item’s version', async () => {
    const it1 = await make();
    const res = await http(custUser, 'GET', `/api/v1/catalogue/items/${it1.id}/schema`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `urn:portico:catalogue:${it1.key}:v1`,
      required: ['quantity'],
      properties: { quantity: { type: 'number', minimum: 1, maximum: 10, 'x-ui': { widget: 'number' } } },
    });
  });

  it('names the groups that fulfil an item', async () => {
    const it1 = await make({ tasks: [{ title: { en: 'A' }, groupId }, { title: { en: 'B' }, groupId }] });
    const res = await http(custUser, 'GET', `/api/v1/catalogue/items/${it1.id}`);
    expect(res.json().fulfilledBy).toHaveLength(1);
    expect(res.json().fulfilledBy[0]).toMatch(/^Field techs/);
  });
});

describe('getOrderableItem (for orders)', () => {
  it('gives the item in every language with its form, tasks and price', async () => {
    const it1 = await make({ tasks: [{ title: { en: 'Deliver', nb: 'Lever' }, groupId }] });
    const o = await getOrderableItem(await ctxOf(custUser.id), it1.id);
    expect(o).toMatchObject({ id: it1.id, key: it1.key, kind: 'generic', version: 1, approvalRule: 'none', price: { amountCents: 9900, currency: 'NOK' }, leadTimeHours: 24, fulfilmentSlaHours: 48 });
    expect(o.names).toEqual({ en: 'Rack screws', de: 'Rackschrauben', nb: 'Rack screws', ru: 'Rack screws' });
    expect(o.tasks).toEqual([{ title: { en: 'Deliver', de: 'Deliver', nb: 'Lever', ru: 'Deliver' }, groupId }]);
    expect(o.form.fields[0]!.key).toBe('quantity');
  });

  it('refuses who may not order (403, on the audit record), staff (403), and unknown or inactive items (404)', async () => {
    const perm = await make({ orderableBy: 'permission', orderPermission: 'access.request' });
    await expect(getOrderableItem(await ctxOf(custUser.id), perm.id)).rejects.toBeInstanceOf(ForbiddenError);
    const audited = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'catalogue.order_refused'), eq(auditLog.actorId, custUser.id), eq(auditLog.targetId, perm.id)));
    expect(audited).toHaveLength(1);
    expect(audited[0]!.orgId).toBe(custUser.orgId);
    await expect(getOrderableItem(await ctxOf(requester.id), perm.id)).resolves.toMatchObject({ id: perm.id });
    await expect(getOrderableItem(await ctxOf(agent.id), perm.id)).rejects.toBeInstanceOf(ForbiddenError);
    const admins = await make({ orderableBy: 'customer_admin' });
    await expect(getOrderableItem(await ctxOf(custUser.id), admins.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getOrderableItem(await ctxOf(custAdmin.id), admins.id)).resolves.toMatchObject({ id: admins.id });
    const off = await make({ active: false });
    await expect(getOrderableItem(await ctxOf(custAdmin.id), off.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getOrderableItem(await ctxOf(custAdmin.id), uuidv7())).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('editing the catalogue (catalogue.manage)', () => {
  it('refuses customers and agents on every admin route (403), changing nothing', async () => {
    const it1 = await make();
    const before = await countItems();
    for (const who of [custAdmin, custUser, agent]) {
      expect((await http(who, 'GET', '/api/v1/catalogue/admin/items')).statusCode).toBe(403);
      expect((await http(who, 'GET', `/api/v1/catalogue/admin/items/${it1.id}`)).statusCode).toBe(403);
      expect((await http(who, 'GET', '/api/v1/catalogue/admin/groups')).statusCode).toBe(403);
      expect((await http(who, 'POST', '/api/v1/catalogue/admin/items', item())).statusCode).toBe(403);
      expect((await http(who, 'PUT', `/api/v1/catalogue/admin/items/${it1.id}`, item({ key: it1.key }))).statusCode).toBe(403);
      expect((await http(who, 'POST', '/api/v1/catalogue/admin/categories', { key: `c-${uniq()}`, names: { en: 'X' }, icon: 'box', sort: 1 })).statusCode).toBe(403);
    }
    expect(await countItems()).toBe(before);
    const [row] = await t.deps.db.select().from(catalogueItems).where(eq(catalogueItems.id, it1.id));
    expect(row!.version).toBe(1);
  });

  it('increments the version on every edit, records what changed, and keeps the key unique (409)', async () => {
    const it1 = await make();
    const put = (over: Partial<ItemInput>) => http(admin, 'PUT', `/api/v1/catalogue/admin/items/${it1.id}`, item({ key: it1.key, ...over }));
    const r2 = await put({ approvalRule: 'customer_admin' });
    expect(r2.statusCode, r2.body).toBe(200);
    expect(r2.json()).toMatchObject({ version: 2, approvalRule: 'customer_admin' });
    const r3 = await put({ approvalRule: 'customer_admin', price: null });
    expect(r3.json()).toMatchObject({ version: 3, price: null });
    const audits = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'catalogue.item_updated'), eq(auditLog.targetId, it1.id)));
    expect(audits.map((a) => [...(a.after as { changed: string[] }).changed].sort().join(',')).sort()).toEqual(['approvalRule', 'currency,priceCents']);
    const other = await make();
    const clash = await http(admin, 'PUT', `/api/v1/catalogue/admin/items/${other.id}`, item({ key: it1.key }));
    expect(clash.statusCode).toBe(409);
    expect((await http(admin, 'POST', '/api/v1/catalogue/admin/items', item({ key: it1.key }))).statusCode).toBe(409);
    expect((await http(admin, 'PUT', `/api/v1/catalogue/admin/items/${uuidv7()}`, item())).statusCode).toBe(404);
    const fresh = await http(admin, 'GET', `/api/v1/catalogue/admin/items/${it1.id}`);
    expect(fresh.json().version).toBe(3);
    // The order page shows the new version; orders keep the one they snapshot.
    expect((await getOrderableItem(await ctxOf(custUser.id), it1.id)).version).toBe(3);
  });

  it('refuses an invalid form definition naming the field (400), storing nothing', async () => {
    const before = await countItems();
    const bad = [
      { fields: [{ key: 'a', type: 'text', label: { en: 'A' } }, { key: 'a', type: 'text', label: { en: 'B' } }] },
      { fields: [{ key: 's', type: 'select', label: { en: 'S' }, options: [] }] },
      { fields: [{ key: 't', type: 'text', label: { en: 'T' }, showIf: { field: 'later', equals: 'x' } }] },
      { fields: [{ key: 'n', type: 'number', label: { en: 'N' }, min: 3, max: 1 }] },
    ];
    const expected = ['body.form.fields.1.key', 'body.form.fields.0.options', 'body.form.fields.0.showIf.field', 'body.form.fields.0.min'];
    for (const [i, form] of bad.entries()) {
      const res = await http(admin, 'POST', '/api/v1/catalogue/admin/items', { ...item(), form });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(expected[i]);
    }
    expect(await countItems()).toBe(before);
  });

  it('refuses other bad input naming the field: shape (400), unknown group or category (422), storing nothing', async () => {
    const before = await countItems();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...item(), key: 'Bad Key' }, 400, 'body.key'],
      [{ ...item(), kind: 'teleport' }, 400, 'body.kind'],
      [{ ...item(), approvalRule: 'ceo' }, 400, 'body.approvalRule'],
      [{ ...item(), price: { amountCents: -1, currency: 'NOK' } }, 400, 'body.price.amountCents'],
      [{ ...item(), price: { amountCents: 100, currency: 'nok' } }, 400, 'body.price.currency'],
      [{ ...item(), texts: { de: { name: 'Nur Deutsch' } } }, 400, 'body.texts.en'],
      [{ ...item(), orderableBy: 'permission', orderPermission: null }, 400, 'body.orderPermission'],
      [{ ...item(), icon: 'javascript:alert(1)' }, 400, 'body.icon'],
      [{ ...item(), extra: true }, 400, 'body'],
      [{ ...item(), tasks: [{ title: { en: 'X' }, groupId: uuidv7() }] }, 422, 'tasks.0.groupId'],
      [{ ...item(), categoryId: uuidv7() }, 422, 'categoryId'],
      [{ ...item(), orderableBy: 'permission', orderPermission: 'world.domination' }, 422, 'orderPermission'],
    ];
    for (const [payload, status, path] of cases) {
      const res = await http(admin, 'POST', '/api/v1/catalogue/admin/items', payload);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(status);
      expect(res.json().errors.map((e: { path: string }) => e.path).some((p: string) => p.startsWith(path)), res.body).toBe(true);
    }
    expect(await countItems()).toBe(before);
  });

  it('lists every item for the editor, the task groups, and edits categories (key unique)', async () => {
    const it1 = await make({ active: false });
    const list = await http(admin, 'GET', '/api/v1/catalogue/admin/items');
    expect(list.json().items.find((i: { id: string }) => i.id === it1.id)).toMatchObject({ active: false, version: 1, orderableBy: 'all' });
    const groups = await http(admin, 'GET', '/api/v1/catalogue/admin/groups');
    expect(groups.json().items.map((g: { id: string }) => g.id)).toContain(groupId);
    const key = `c-${uniq()}`;
    const c = await http(admin, 'POST', '/api/v1/catalogue/admin/categories', { key, names: { en: 'Power', de: 'Strom' }, icon: 'plug-connected', sort: 1 });
    expect(c.statusCode, c.body).toBe(201);
    createdCats.push(c.json().id);
    expect((await http(admin, 'POST', '/api/v1/catalogue/admin/categories', { key, names: { en: 'Again' }, icon: 'box', sort: 1 })).statusCode).toBe(409);
    const up = await http(admin, 'PUT', `/api/v1/catalogue/admin/categories/${c.json().id}`, { key, names: { en: 'Power and cooling' }, icon: 'plug-connected', sort: 2 });
    expect(up.json()).toMatchObject({ name: 'Power and cooling', sort: 2 });
    expect((await http(admin, 'PUT', `/api/v1/catalogue/admin/categories/${uuidv7()}`, { key: `c-${uniq()}`, names: { en: 'X' }, icon: 'box', sort: 1 })).statusCode).toBe(404);
    expect((await http(admin, 'POST', '/api/v1/catalogue/admin/categories', { key: `c-${uniq()}`, names: { en: '' }, icon: 'box', sort: 1 })).statusCode).toBe(400);
    const cats = await http(custUser, 'GET', '/api/v1/catalogue/categories');
    expect(cats.json().items.find((x: { id: string }) => x.id === c.json().id).name).toBe('Power and cooling');
  });
});

describe('GET /api/v1/catalogue/people (person fields)', () => {
  it('lists the active members of the caller’s organisation; another organisation’s id → 404; staff name a customer', async () => {
    const res = await http(custUser, 'GET', '/api/v1/catalogue/people');
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json().items.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining([custAdmin.id, custUser.id, requester.id]));
    expect(ids).not.toContain(admin.id);
    expect(Object.keys(res.json().items[0]).sort()).toEqual(['email', 'id', 'name']);
    expect((await http(custUser, 'GET', `/api/v1/catalogue/people?orgId=${custUser.orgId}`)).statusCode).toBe(200);
    const other = await createOrg(t);
    expect((await http(custUser, 'GET', `/api/v1/catalogue/people?orgId=${other.id}`)).statusCode).toBe(404);
    expect((await http(agent, 'GET', '/api/v1/catalogue/people')).statusCode).toBe(422);
    const staff = await http(agent, 'GET', `/api/v1/catalogue/people?orgId=${custUser.orgId}`);
    expect(staff.json().items.map((p: { id: string }) => p.id)).toContain(custUser.id);
    expect((await http(agent, 'GET', `/api/v1/catalogue/people?orgId=${admin.orgId}`)).statusCode).toBe(404); // the provider is not a customer
    expect((await http(agent, 'GET', '/api/v1/catalogue/people?orgId=nope')).statusCode).toBe(400);
  });
});
