import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { OrderableItem } from '../../../contracts/catalogue.js';
import type { GrantDto, AccessEventDto } from '../../../contracts/access.js';
import type { AuthedCtx } from '../../platform/context.js';
import { auditLog } from '../../platform/audit.js';
import { mailMessages } from '../../platform/mail.js';
import { dispatchPending } from '../../platform/outbox.js';
import { notifications } from '../notifications/index.js';
import { localFileStore } from '../../platform/storage.js';
import { AppError } from '../../platform/errors.js';
import { loadActor } from '../identity/index.js';
import { orgDocuments } from '../documents/index.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { accessEvents, accessGrants } from './access.tables.js';
import { createGrantsFromRequest, expireGrants, lapseGrants } from './service/grants.js';
import { readAccessRequest, validateAccessRequest } from './service/requests.js';
import { generateMonthlyReport, previousMonth, runMonthlyReports } from './service/report.js';

let t: TestApp;
type Signed = Awaited<ReturnType<typeof signedInUser>>;
let admin: Signed; // provider admin
let agent: Signed;
let acmeAdmin: Signed;
let acmeUser: Signed;
let globexAdmin: Signed;
let acme: { id: string; name: string };
let globex: { id: string; name: string };
let loc: { building: string; hall: string; cageA: string; rackA: string; cageB: string; other: string };
let token: string;

const DAY = 86_400_000;
const json = (r: { body: string }) => JSON.parse(r.body);

async function post(cookie: string, url: string, payload: unknown) {
  return t.http({ method: 'POST', url, cookie, payload: payload as Record<string, unknown> });
}
async function get(cookie: string, url: string) {
  return t.http({ method: 'GET', url, cookie });
}
async function ctxOf(u: { id: string }): Promise<AuthedCtx> {
  const loaded = await loadActor(t.deps.db, u.id);
  return { db: t.deps.db, actor: loaded!.actor, via: 'session', sessionId: null, mfa: 'ok', requestId: `test-${uniq()}`, ip: '10.0.0.1', userAgent: 'vitest', log: t.app.log };
}

const visitItem = (approvalRule: OrderableItem['approvalRule'] = 'customer_admin', kind: OrderableItem['kind'] = 'access_visit'): OrderableItem => ({
  id: uuidv7(),
  key: `access-${uniq()}`,
  kind,
  version: 1,
  names: { en: 'Request for access' },
  approvalRule,
  form: {
    fields: [
      { key: 'visitors', type: 'visitors', label: { en: 'Visitors' }, required: false },
      { key: 'persons', type: 'person', label: { en: 'Members' }, required: false },
      { key: 'locations', type: 'location', label: { en: 'Locations' }, required: true, multiple: true },
      { key: 'window', type: 'datetimerange', label: { en: 'When' }, required: kind === 'access_visit' },
    ],
  },
  tasks: [],
  fulfilmentSlaHours: null,
  leadTimeHours: null,
  price: null,
});

async function sendEvents(events: unknown, bearer = token) {
  return t.http({ method: 'POST', url: '/api/v1/integrations/access-events', headers: { authorization: `Bearer ${bearer}` }, payload: events as Record<string, unknown> });
}

/** A visit grant for Acme's cage, made as an approved order would make it. */
async function visitGrant(visitor: { name: string; company?: string; email: string }, start: Date, end: Date, locationIds = [loc.cageA]) {
  const req = await readAccessRequest(t.deps.db, acme.id, { visitors: [{ name: visitor.name, company: visitor.company ?? 'Contractor AS', email: visitor.email, phone: '' }], locations: locationIds, window: { start: start.toISOString(), end: end.toISOString() } });
  const rows = await t.deps.db.transaction((tx) => createGrantsFromRequest(tx, { orgId: acme.id, orderId: uuidv7(), orderRef: `ORD${Math.floor(Math.random() * 1e7)}`, kind: 'visit', createdBy: acmeAdmin.id }, req));
  return rows[0]!;
}

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  admin = await signedInUser(t, provider.id, 'provider_admin');
  agent = await signedInUser(t, provider.id, 'provider_agent');
  acme = await createOrg(t, 'customer', `Acme ${uniq()}`);
  globex = await createOrg(t, 'customer', `Globex ${uniq()}`);
  acmeAdmin = await signedInUser(t, acme.id, 'customer_admin');
  acmeUser = await signedInUser(t, acme.id, 'customer_user');
  globexAdmin = await signedInUser(t, globex.id, 'customer_admin');

  const code = () => uniq().toUpperCase().slice(0, 6);
  const region = json(await post(admin.cookie, '/api/v1/regions', { code: `R${code()}`, name: 'Nordics' }));
  const site = json(await post(admin.cookie, '/api/v1/sites', { regionId: region.id, code: `S${code()}`, name: 'Oslo 1', country: 'NO', timeZone: 'Europe/Oslo' }));
  const mk = async (parentId: string | null, kind: string, name: string) => {
    const r = await post(admin.cookie, '/api/v1/locations', { siteId: site.id, parentId, kind, code: `L${code()}`, name });
    expect(r.statusCode, r.body).toBe(201);
    return json(r).id as string;
  };
  const building = await mk(null, 'building', 'Building 1');
  const hall = await mk(building, 'room', 'Hall A');
  const cageA = await mk(hall, 'cage', 'Cage A12');
  const cageB = await mk(hall, 'cage', 'Cage B07');
  const other = await mk(building, 'room', 'Hall C');
  const rack = await post(admin.cookie, '/api/v1/racks', { locationId: cageA, code: `K${code()}` });
  expect(rack.statusCode, rack.body).toBe(201);
  loc = { building, hall, cageA, rackA: json(rack).id, cageB, other };
  expect((await post(admin.cookie, `/api/v1/orgs/${acme.id}/location-entitlements`, { locationId: cageA })).statusCode).toBe(201);
  expect((await post(admin.cookie, `/api/v1/orgs/${globex.id}/location-entitlements`, { locationId: cageB })).statusCode).toBe(201);
  const tok = await post(admin.cookie, '/api/v1/integration-tokens', { name: 'PACS', scopes: ['access_events'] });
  expect(tok.statusCode).toBe(201);
  token = json(tok).token;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('access requests (order kinds access_visit / access_badge)', () => {
  const values = (over: Record<string, unknown> = {}) => ({
    visitors: [{ name: 'Vera Visitor', company: 'Cables AS', email: 'vera@cables.example', phone: '' }],
    locations: [loc.cageA],
    window: { start: new Date(Date.now() + DAY).toISOString(), end: new Date(Date.now() + 3 * DAY).toISOString() },
    ...over,
  });
  const validate = async (user: Signed, v: Record<string, unknown>, item = visitItem()) => {
    const ctx = await ctxOf(user);
    return t.deps.db.transaction(async (tx) => validateAccessRequest(tx, ctx, item.kind as 'access_visit', { orgId: user.orgId, values: v, item, requesterId: user.id }));
  };
  const problem = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      return err as AppError;
    }
    throw new Error('expected an error');
  };

  it('accepts a two-day work visit to an entitled cage', async () => {
    await expect(validate(acmeAdmin, values())).resolves.toBeUndefined();
  });

  it('refuses a window in the past: 422 ACCESS_WINDOW_INVALID naming values.window.start', async () => {
    const err = await problem(validate(acmeAdmin, values({ window: { start: new Date(Date.now() - DAY).toISOString(), end: new Date(Date.now() + DAY).toISOString() } })));
    expect(err.status).toBe(422);
    expect(err.code).toBe('ACCESS_WINDOW_INVALID');
    expect(err.extra.errors).toEqual([{ path: 'values.window.start', message: 'must be in the future' }]);
  });

  it('refuses a visit longer than the maximum (14 days by default), naming values.window.end', async () => {
    const err = await problem(validate(acmeAdmin, values({ window: { start: new Date(Date.now() + DAY).toISOString(), end: new Date(Date.now() + 16 * DAY).toISOString() } })));
    expect(err.status).toBe(422);
    expect(err.code).toBe('ACCESS_WINDOW_INVALID');
    expect(err.extra.errors![0]!.path).toBe('values.window.end');
    expect(err.extra.errors![0]!.message).toMatch(/14 days/);
  });

  it('refuses an end before the start', async () => {
    const err = await problem(validate(acmeAdmin, values({ window: { start: new Date(Date.now() + 3 * DAY).toISOString(), end: new Date(Date.now() + DAY).toISOString() } })));
    expect(err.code).toBe('ACCESS_WINDOW_INVALID');
    expect(err.extra.errors![0]!.path).toBe('values.window.end');
  });

  it('refuses a location the organisation is not entitled to: 422 LOCATION_NOT_ENTITLED naming values.locations.<i>', async () => {
    const err = await problem(validate(acmeAdmin, values({ locations: [loc.cageA, loc.cageB] })));
    expect(err.status).toBe(422);
    expect(err.code).toBe('LOCATION_NOT_ENTITLED');
    expect(err.extra.errors).toEqual([{ path: 'values.locations.1', message: expect.any(String) }]);
  });

  it('refuses a user without access.request: 403, and the refusal is in the audit log although the order rolled back', async () => {
    const err = await problem(validate(acmeUser, values()));
    expect(err.status).toBe(403);
    let rows: (typeof auditLog.$inferSelect)[] = [];
    for (let i = 0; i < 50 && !rows.length; i++) {
      rows = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.actorId, acmeUser.id), eq(auditLog.action, 'access.request_refused')));
      if (!rows.length) await new Promise((r) => setTimeout(r, 20));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]!.orgId).toBe(acme.id);
  });

  it('lets a delegated authorised requester request', async () => {
    const requester = await signedInUser(t, acme.id, 'customer_user', { granted: ['access.request'] });
    await expect(validate(requester, values())).resolves.toBeUndefined();
  });

  it('a permanent badge needs the provider’s approval in the item, and its validity is capped by the settings', async () => {
    const err = await problem(validate(acmeAdmin, values({ window: undefined }), visitItem('customer_admin', 'access_badge')));
    expect(err.status).toBe(422);
    expect(err.extra.errors![0]!.path).toBe('itemId');
    await expect(validate(acmeAdmin, values({ persons: [acmeUser.id], visitors: [], window: undefined }), visitItem('both', 'access_badge'))).resolves.toBeUndefined();
    const req = await readAccessRequest(t.deps.db, acme.id, { persons: [acmeUser.id], locations: [loc.cageA], window: { start: new Date(Date.now() + DAY).toISOString(), end: new Date(Date.now() + 900 * DAY).toISOString() } });
    expect(req.personIds).toEqual([acmeUser.id]);
    const [g] = await t.deps.db.transaction((tx) => createGrantsFromRequest(tx, { orgId: acme.id, orderId: uuidv7(), orderRef: 'ORD0000001', kind: 'permanent', createdBy: admin.id }, req));
    expect(g!.badgeId).toMatch(/^\d{10}$/);
    expect(Math.round((g!.validUntil.getTime() - g!.validFrom.getTime()) / DAY)).toBe(365);
  });

  it('an approved request becomes one grant per person for the locations and window (read from the values alone)', async () => {
    const v = values({ persons: [acmeAdmin.id], visitors: [{ name: 'Ola Nordmann', company: 'Fiber AS', email: 'ola@fiber.example', phone: '+47 900 00 000' }] });
    const req = await readAccessRequest(t.deps.db, acme.id, v);
    expect(req.locationIds).toEqual([loc.cageA]);
    expect(req.personIds).toEqual([acmeAdmin.id]);
    const rows = await t.deps.db.transaction((tx) => createGrantsFromRequest(tx, { orgId: acme.id, orderId: uuidv7(), orderRef: 'ORD0000002', kind: 'visit', createdBy: acmeAdmin.id }, req));
    expect(rows.map((r) => r.personName).sort()).toEqual([`Test customer_admin`, 'Ola Nordmann'].sort());
    expect(rows.every((r) => r.locationIds.join() === loc.cageA && r.badgeId === null)).toBe(true);
    const res = await get(acmeAdmin.cookie, '/api/v1/access/grants?status=upcoming');
    expect(res.statusCode).toBe(200);
    expect((json(res).items as GrantDto[]).some((g) => g.person.name === 'Ola Nordmann' && g.status === 'upcoming' && g.locations[0]!.path.endsWith('Cage A12'))).toBe(true);
    // Globex sees none of them.
    const other = await get(globexAdmin.cookie, '/api/v1/access/grants?status=all');
    expect((json(other).items as GrantDto[]).some((g) => g.org.id === acme.id)).toBe(false);
  });
});

describe('access events: matching, flags, on site now', () => {
  it('matches an entry to a valid grant, shows the person on site, and not after they leave', async () => {
    const email = `kari-${uniq()}@contractor.example`;
    const g = await visitGrant({ name: 'Kari Kontraktør', email }, new Date(Date.now() - 60 * 60_000), new Date(Date.now() + DAY));
    const inId = `evt-${uniq()}`;
    const res = await sendEvents([{ eventId: inId, person: email, locationId: loc.cageA, reader: 'R-A12-1', direction: 'in', occurredAt: new Date(Date.now() - 60_000).toISOString(), result: 'granted' }]);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ received: 1, stored: 1, matched: 1, flagged: 0 });
    const [row] = await t.deps.db.select().from(accessEvents).where(eq(accessEvents.eventId, inId));
    expect(row).toMatchObject({ orgId: acme.id, grantId: g.id, flag: 'none' });
    const [used] = await t.deps.db.select().from(accessGrants).where(eq(accessGrants.id, g.id));
    expect(used!.lastUsedAt).not.toBeNull();

    let onSite = json(await get(acmeAdmin.cookie, '/api/v1/access/on-site'));
    expect(onSite.items.map((p: { person: string }) => p.person)).toContain('Kari Kontraktør');
    expect((json(await get(globexAdmin.cookie, '/api/v1/access/on-site')).items as unknown[]).length).toBe(0);
    // A staff member names the organisation.
    expect(json(await get(agent.cookie, `/api/v1/access/on-site?orgId=${acme.id}`)).items.map((p: { person: string }) => p.person)).toContain('Kari Kontraktør');

    await sendEvents([{ eventId: `evt-${uniq()}`, person: email, locationId: loc.cageA, direction: 'out', occurredAt: new Date(Date.now() - 30_000).toISOString(), result: 'granted' }]);
    onSite = json(await get(acmeAdmin.cookie, '/api/v1/access/on-site'));
    expect(onSite.items.map((p: { person: string }) => p.person)).not.toContain('Kari Kontraktør');
  });

  it('matches the building entrance on the way to the cage and a rack inside it', async () => {
    const email = `per-${uniq()}@contractor.example`;
    const g = await visitGrant({ name: 'Per Persen', email }, new Date(Date.now() - 60 * 60_000), new Date(Date.now() + DAY));
    const ids = [`evt-${uniq()}`, `evt-${uniq()}`, `evt-${uniq()}`];
    const at = new Date(Date.now() - 120_000).toISOString();
    const res = await sendEvents([
      { eventId: ids[0], person: email, locationId: loc.building, direction: 'in', occurredAt: at, result: 'granted' },
      { eventId: ids[1], person: email, locationId: loc.rackA, direction: 'in', occurredAt: at, result: 'granted' },
      { eventId: ids[2], person: email, locationId: loc.other, direction: 'in', occurredAt: at, result: 'granted' },
    ]);
    expect(json(res)).toMatchObject({ stored: 3, matched: 2, flagged: 1 });
    const rows = await t.deps.db.select().from(accessEvents).where(eq(accessEvents.grantId, g.id));
    expect(rows.map((r) => r.eventId).sort()).toEqual([ids[0], ids[1]].sort());
    const [other] = await t.deps.db.select().from(accessEvents).where(eq(accessEvents.eventId, ids[2]!));
    expect(other).toMatchObject({ orgId: acme.id, flag: 'no_grant', grantId: null });
  });

  it('stores an event for an unknown badge unmatched and flagged (org_id null), for the provider only, and notifies nobody twice', async () => {
    const eventId = `evt-${uniq()}`;
    const res = await sendEvents([{ eventId, badgeId: `X${uniq()}`, locationId: loc.cageA, reader: 'R-A12-1', direction: 'in', occurredAt: new Date().toISOString(), result: 'granted' }]);
    expect(json(res)).toMatchObject({ stored: 1, matched: 0, flagged: 1 });
    const [row] = await t.deps.db.select().from(accessEvents).where(eq(accessEvents.eventId, eventId));
    expect(row).toMatchObject({ orgId: null, flag: 'unknown_badge', grantId: null });
    const staff = json(await get(agent.cookie, '/api/v1/access/flagged?flag=unknown_badge'));
    expect((staff.items as AccessEventDto[]).some((e) => e.eventId === eventId && e.org === null)).toBe(true);
    expect((await get(acmeAdmin.cookie, '/api/v1/access/flagged')).statusCode).toBe(403);
    // The provider's access staff are told in the portal (once per batch), with a link to the list.
    await dispatchPending(t.deps);
    const notes = await t.deps.db.select().from(notifications).where(and(eq(notifications.userId, agent.id), eq(notifications.event, 'access_flagged')));
    expect(notes.length).toBeGreaterThanOrEqual(1);
    const bell = json(await get(agent.cookie, '/api/v1/notifications'));
    expect(bell.items.find((n: { event: string }) => n.event === 'access_flagged')?.url).toBe('/access?tab=flagged');
    expect((await t.deps.db.select().from(notifications).where(and(eq(notifications.userId, acmeAdmin.id), eq(notifications.event, 'access_flagged')))).length).toBe(0);
    // Mark handled.
    const handled = await post(agent.cookie, '/api/v1/access/flagged/handled', { ids: [row!.id] });
    expect(handled.statusCode, handled.body).toBe(200);
    const after = json(await get(agent.cookie, '/api/v1/access/flagged?handled=false&flag=unknown_badge'));
    expect((after.items as AccessEventDto[]).some((e) => e.eventId === eventId)).toBe(false);
    expect((await post(agent.cookie, '/api/v1/access/flagged/handled', { ids: [uuidv7()] })).statusCode).toBe(404);
  });

  it('flags a denied attempt (with the organisation) and stores the same source event only once', async () => {
    const email = `dina-${uniq()}@contractor.example`;
    await visitGrant({ name: 'Dina Denied', email }, new Date(Date.now() - 60 * 60_000), new Date(Date.now() + DAY));
    const e = { eventId: `evt-${uniq()}`, person: email, locationId: loc.cageA, direction: 'in', occurredAt: new Date().toISOString(), result: 'denied' };
    expect(json(await sendEvents([e, e]))).toMatchObject({ received: 2, stored: 1, duplicates: 1, flagged: 1 });
    expect(json(await sendEvents([e]))).toMatchObject({ stored: 0, duplicates: 1 });
    const [row] = await t.deps.db.select().from(accessEvents).where(eq(accessEvents.eventId, e.eventId));
    expect(row).toMatchObject({ orgId: acme.id, flag: 'denied' });
  });

  it('never gives one organisation the event of a person another organisation also knows, at a place neither granted', async () => {
    const email = `both-${uniq()}@contractor.example`;
    await visitGrant({ name: 'Bo Both', email }, new Date(Date.now() - 5 * DAY), new Date(Date.now() - 4 * DAY));
    const req = await readAccessRequest(t.deps.db, globex.id, { visitors: [{ name: 'Bo Both', company: '', email, phone: '' }], locations: [loc.cageB], window: { start: new Date(Date.now() - 5 * DAY).toISOString(), end: new Date(Date.now() - 4 * DAY).toISOString() } });
    await t.deps.db.transaction((tx) => createGrantsFromRequest(tx, { orgId: globex.id, orderId: null, orderRef: null, kind: 'visit', createdBy: globexAdmin.id }, req));
    const atB = `evt-${uniq()}`;
    const elsewhere = `evt-${uniq()}`;
    await sendEvents([
      { eventId: atB, person: email, locationId: loc.cageB, direction: 'in', occurredAt: new Date().toISOString(), result: 'granted' },
      { eventId: elsewhere, person: email, locationId: loc.other, direction: 'in', occurredAt: new Date().toISOString(), result: 'granted' },
    ]);
    const [b] = await t.deps.db.select().from(accessEvents).where(eq(accessEvents.eventId, atB));
    expect(b).toMatchObject({ orgId: globex.id, flag: 'no_grant' });
    const [x] = await t.deps.db.select().from(accessEvents).where(eq(accessEvents.eventId, elsewhere));
    expect(x).toMatchObject({ orgId: null, flag: 'no_grant' });
  });

  it('refuses bad batches and missing tokens, storing nothing', async () => {
    const before = (await t.deps.db.select({ id: accessEvents.id }).from(accessEvents)).length;
    const bad = await sendEvents([{ eventId: 'x', locationId: loc.cageA, direction: 'sideways', occurredAt: 'yesterday', result: 'granted' }]);
    expect(bad.statusCode).toBe(400);
    const paths = json(bad).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.0.direction', 'body.0.occurredAt']));
    const nobody = await sendEvents([{ eventId: 'x', locationId: loc.cageA, direction: 'in', occurredAt: new Date().toISOString(), result: 'granted' }]);
    expect(nobody.statusCode).toBe(400);
    expect(json(nobody).errors).toEqual([{ path: 'body.0.badgeId', message: 'name the person or the badge' }]);
    const many = Array.from({ length: 1001 }, (_, i) => ({ eventId: `m${i}`, badgeId: 'b', locationId: loc.cageA, direction: 'in', occurredAt: new Date().toISOString(), result: 'granted' }));
    expect((await sendEvents(many)).statusCode).toBe(400);
    expect((await sendEvents({ not: 'an array' })).statusCode).toBe(400);
    expect((await sendEvents([], 'pit_nonsense')).statusCode).toBe(401);
    const alertsOnly = json(await post(admin.cookie, '/api/v1/integration-tokens', { name: 'Monitoring', scopes: ['alerts'] })).token;
    expect((await sendEvents([{ eventId: 'y', badgeId: 'b', locationId: loc.cageA, direction: 'in', occurredAt: new Date().toISOString(), result: 'granted' }], alertsOnly)).statusCode).toBe(403);
    expect((await t.deps.db.select({ id: accessEvents.id }).from(accessEvents)).length).toBe(before);
  });

  it('ingests a full batch of 1,000 events in one request', async () => {
    const email = `bulk-${uniq()}@contractor.example`;
    await visitGrant({ name: 'Bulk Person', email }, new Date(Date.now() - 2 * DAY), new Date(Date.now() + DAY));
    const base = Date.now() - DAY;
    const batch = Array.from({ length: 1000 }, (_, i) => ({ eventId: `bulk-${uniq()}-${i}`, person: email, locationId: loc.cageA, direction: i % 2 ? 'out' : 'in', occurredAt: new Date(base + i * 1000).toISOString(), result: 'granted' }));
    const started = Date.now();
    const res = await sendEvents(batch);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ stored: 1000, matched: 1000, flagged: 0 });
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('CSV import', () => {
  it('imports the good rows, reports the bad ones by line, and writes nothing of a bad row', async () => {
    const email = `csv-${uniq()}@contractor.example`;
    await visitGrant({ name: 'Cecilie Csv', email }, new Date(Date.now() - DAY), new Date(Date.now() + DAY));
    const at = new Date(Date.now() - 3600_000).toISOString();
    const good1 = `csv-${uniq()}`;
    const good2 = `csv-${uniq()}`;
    const bad1 = `csv-${uniq()}`;
    const csv = [
      'event_id,badge_id,person,location_id,reader,direction,occurred_at,result',
      `${good1},,${email},${loc.cageA},R-1,in,${at},granted`,
      `${bad1},,${email},${loc.cageA},R-1,sideways,${at},granted`,
      `csv-${uniq()},,${email},not-a-uuid,R-1,in,${at},granted`,
      `"${good2}",,${email},${loc.cageA},"Reader, main door",out,${at},granted`,
      `csv-${uniq()},,,${loc.cageA},R-1,in,${at},granted`,
    ].join('\r\n');
    const boundary = `----portico${uniq()}`;
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="events.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const res = await t.http({ method: 'POST', url: '/api/v1/access-events/import', cookie: agent.cookie, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    const r = json(res);
    expect(r.imported).toBe(2);
    expect(r.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 6]);
    expect(r.errors[0].message).toMatch(/direction/);
    expect(r.errors[1].message).toMatch(/locationId/);
    expect((await t.deps.db.select().from(accessEvents).where(eq(accessEvents.eventId, bad1))).length).toBe(0);
    const [g2] = await t.deps.db.select().from(accessEvents).where(eq(accessEvents.eventId, good2));
    expect(g2).toMatchObject({ reader: 'Reader, main door', source: 'csv', orgId: acme.id });
    // Customers may not import.
    const denied = await t.http({ method: 'POST', url: '/api/v1/access-events/import', cookie: acmeAdmin.cookie, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(denied.statusCode).toBe(403);
    // A file without the required columns names them.
    const body2 = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="e.csv"\r\nContent-Type: text/csv\r\n\r\nevent_id,person\r\nx,y\r\n--${boundary}--\r\n`;
    const missing = await t.http({ method: 'POST', url: '/api/v1/access-events/import', cookie: agent.cookie, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body2 });
    expect(missing.statusCode).toBe(400);
    expect(json(missing).detail).toMatch(/locationId/);
  });
});

describe('grants: revoke, expiry, lapse', () => {
  it('a customer admin revokes at once; later entries are flagged; a second revoke is 409; others get 403/404', async () => {
    const email = `rev-${uniq()}@contractor.example`;
    const g = await visitGrant({ name: 'Rita Revoked', email }, new Date(Date.now() - 60 * 60_000), new Date(Date.now() + DAY));
    expect((await post(acmeUser.cookie, `/api/v1/access/grants/${g.id}/revoke`, { reason: 'no longer works for us' })).statusCode).toBe(403);
    expect((await post(globexAdmin.cookie, `/api/v1/access/grants/${g.id}/revoke`, { reason: 'not ours' })).statusCode).toBe(404);
    const bad = await post(acmeAdmin.cookie, `/api/v1/access/grants/${g.id}/revoke`, { reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors[0].path).toMatch(/reason/);
    const res = await post(acmeAdmin.cookie, `/api/v1/access/grants/${g.id}/revoke`, { reason: 'Contract ended' });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ status: 'revoked', revokeReason: 'Contract ended', revokedBy: { id: acmeAdmin.id } });
    expect((await post(agent.cookie, `/api/v1/access/grants/${g.id}/revoke`, { reason: 'again please' })).statusCode).toBe(409);
    const eventId = `evt-${uniq()}`;
    expect(json(await sendEvents([{ eventId, person: email, locationId: loc.cageA, direction: 'in', occurredAt: new Date().toISOString(), result: 'granted' }]))).toMatchObject({ flagged: 1, matched: 0 });
    const audits = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'access.grant_revoked'), eq(auditLog.targetId, g.id)));
    expect(audits).toHaveLength(1);
  });

  it('provider staff revoke any organisation’s grant', async () => {
    const g = await visitGrant({ name: 'Sam Staffrevoked', email: `s-${uniq()}@x.example` }, new Date(Date.now() + DAY), new Date(Date.now() + 2 * DAY));
    const res = await post(agent.cookie, `/api/v1/access/grants/${g.id}/revoke`, { reason: 'Security concern' });
    expect(res.statusCode).toBe(200);
  });

  it('a grant past its end reads as expired at once, and the job marks it', async () => {
    const g = await visitGrant({ name: 'Eva Expired', email: `e-${uniq()}@x.example` }, new Date(Date.now() - 3 * DAY), new Date(Date.now() - DAY));
    const list = json(await get(acmeAdmin.cookie, '/api/v1/access/grants?status=expired'));
    expect((list.items as GrantDto[]).find((x) => x.id === g.id)?.status).toBe('expired');
    expect((json(await get(acmeAdmin.cookie, '/api/v1/access/grants')).items as GrantDto[]).some((x) => x.id === g.id)).toBe(false);
    expect(await expireGrants(t.deps.db)).toBeGreaterThanOrEqual(1);
    const [row] = await t.deps.db.select().from(accessGrants).where(eq(accessGrants.id, g.id));
    expect(row!.status).toBe('expired');
  });

  it('lapses a badge unused for the configured days, not one used recently', async () => {
    const req = await readAccessRequest(t.deps.db, acme.id, { persons: [acmeUser.id], locations: [loc.cageA] });
    const [unused, used] = await t.deps.db.transaction(async (tx) => [
      ...(await createGrantsFromRequest(tx, { orgId: acme.id, orderId: null, orderRef: null, kind: 'permanent', createdBy: admin.id }, req)),
      ...(await createGrantsFromRequest(tx, { orgId: acme.id, orderId: null, orderRef: null, kind: 'permanent', createdBy: admin.id }, req)),
    ]);
    const long = new Date(Date.now() - 400 * DAY);
    await t.deps.db.update(accessGrants).set({ validFrom: long, validUntil: new Date(Date.now() + 100 * DAY) }).where(eq(accessGrants.id, unused!.id));
    await t.deps.db.update(accessGrants).set({ validFrom: long, validUntil: new Date(Date.now() + 100 * DAY), lastUsedAt: new Date(Date.now() - 10 * DAY) }).where(eq(accessGrants.id, used!.id));
    expect(await lapseGrants(t.deps.db)).toBeGreaterThanOrEqual(1);
    const rows = await t.deps.db.select().from(accessGrants).where(eq(accessGrants.orgId, acme.id));
    expect(rows.find((r) => r.id === unused!.id)!.status).toBe('lapsed');
    expect(rows.find((r) => r.id === used!.id)!.status).toBe('active');
  });
});

describe('settings', () => {
  it('provider admins change the rules; agents and customers may not; bad input names the field', async () => {
    expect(json(await get(acmeAdmin.cookie, '/api/v1/access/settings'))).toEqual({ maxVisitDays: 14, badgeValidityDays: 365, lapseAfterUnusedDays: 365 });
    expect((await t.http({ method: 'PUT', url: '/api/v1/access/settings', cookie: agent.cookie, payload: { maxVisitDays: 7, badgeValidityDays: 365, lapseAfterUnusedDays: 365 } })).statusCode).toBe(403);
    const bad = await t.http({ method: 'PUT', url: '/api/v1/access/settings', cookie: admin.cookie, payload: { maxVisitDays: 0, badgeValidityDays: 365, lapseAfterUnusedDays: 365 } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors[0].path).toMatch(/maxVisitDays/);
    const ok = await t.http({ method: 'PUT', url: '/api/v1/access/settings', cookie: admin.cookie, payload: { maxVisitDays: 14, badgeValidityDays: 730, lapseAfterUnusedDays: 365 } });
    expect(ok.statusCode).toBe(200);
    expect(json(ok).badgeValidityDays).toBe(730);
    await t.http({ method: 'PUT', url: '/api/v1/access/settings', cookie: admin.cookie, payload: { maxVisitDays: 14, badgeValidityDays: 365, lapseAfterUnusedDays: 365 } });
  });
});

describe('activity and reports', () => {
  let month: string;
  let visitorName: string;
  beforeAll(async () => {
    // A visit last month (the monthly report's period).
    const now = new Date();
    month = previousMonth(now);
    const [y, m] = month.split('-').map(Number);
    const start = new Date(Date.UTC(y!, m! - 1, 10, 7));
    visitorName = `Юлия Report ${uniq()}`;
    const email = `report-${uniq()}@contractor.example`;
    const g = await visitGrant({ name: visitorName, company: 'Kabel AS', email }, start, new Date(start.getTime() + 2 * DAY));
    const res = await sendEvents([
      { eventId: `rep-${uniq()}`, person: email, locationId: loc.cageA, reader: 'R-A12-1', direction: 'in', occurredAt: new Date(start.getTime() + 2 * 3600_000).toISOString(), result: 'granted' },
      { eventId: `rep-${uniq()}`, person: email, locationId: loc.cageA, reader: 'R-A12-1', direction: 'out', occurredAt: new Date(start.getTime() + 6 * 3600_000).toISOString(), result: 'granted' },
    ]);
    expect(json(res).matched).toBe(2);
    expect(g.id).toBeTruthy();
  });

  const range = () => {
    const [y, m] = month.split('-').map(Number);
    return { from: new Date(Date.UTC(y!, m! - 1, 1)).toISOString(), to: new Date(Date.UTC(y!, m!, 1)).toISOString() };
  };

  it('lists a period’s activity with filters, and as CSV; another organisation’s id is 404; staff must name one', async () => {
    const { from, to } = range();
    const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const res = await get(acmeAdmin.cookie, `/api/v1/access/activity?${q}&person=${encodeURIComponent('Report')}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = json(res).items as AccessEventDto[];
    expect(items.map((e) => e.direction).sort()).toEqual(['in', 'out']);
    expect(items[0]!.person).toBe(visitorName);
    expect(items[0]!.location!.path).toMatch(/Cage A12$/);
    expect((await get(acmeAdmin.cookie, `/api/v1/access/activity?${q}&orgId=${globex.id}`)).statusCode).toBe(404);
    expect((await get(acmeUser.cookie, `/api/v1/access/activity?${q}`)).statusCode).toBe(403);
    expect((await get(agent.cookie, `/api/v1/access/activity?${q}`)).statusCode).toBe(400);
    const bad = await get(acmeAdmin.cookie, `/api/v1/access/activity?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`);
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors[0].path).toBe('query.to');
    const csv = await get(acmeAdmin.cookie, `/api/v1/access/activity/export.csv?${q}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment/);
    expect(csv.body).toContain(visitorName);
    const pdf = await get(acmeAdmin.cookie, `/api/v1/access/activity/report.pdf?${q}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the monthly job makes one report per organisation and month, even when run twice, and mails it to the admins (attached, and a link)', async () => {
    const now = new Date();
    const deps = { db: t.deps.db, files: localFileStore(path.join(t.deps.config.dataDir, 'files')), mailer: t.deps.mailer, publicUrl: t.deps.config.publicUrl };
    const first = await runMonthlyReports(deps, null, now);
    expect(first.created).toBeGreaterThanOrEqual(2);
    const second = await runMonthlyReports(deps, null, now);
    expect(second.created).toBe(0);
    expect(await generateMonthlyReport(deps, acme.id, month, now)).toBe('exists');
    const docs = await t.deps.db.select().from(orgDocuments).where(and(eq(orgDocuments.orgId, acme.id), eq(orgDocuments.period, month)));
    expect(docs).toHaveLength(1);
    expect(docs[0]!.title).toMatch(/Access report — Acme/);
    const mails = await t.deps.db.select().from(mailMessages).where(and(eq(mailMessages.to, acmeAdmin.email), eq(mailMessages.template, 'access_report')));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('/documents');
    expect(mails[0]!.attachments).toEqual([{ filename: `access-report-${month}.pdf`, contentType: 'application/pdf', storageKey: docs[0]!.storageKey }]);

    // The document API: listed for Acme's admin, not for its plain user (permission), 404 for Globex.
    const list = json(await get(acmeAdmin.cookie, '/api/v1/documents'));
    const doc = (list.items as { id: string; period: string; category: string }[]).find((d) => d.period === month && d.category === 'access_report')!;
    expect(doc).toBeTruthy();
    expect((json(await get(acmeUser.cookie, '/api/v1/documents')).items as unknown[]).length).toBe(0);
    expect((await get(acmeUser.cookie, `/api/v1/documents/${doc.id}/download`)).statusCode).toBe(404);
    expect((await get(globexAdmin.cookie, `/api/v1/documents/${doc.id}/download`)).statusCode).toBe(404);
    expect((await get(globexAdmin.cookie, `/api/v1/documents?orgId=${acme.id}`)).statusCode).toBe(404);
    const dl = await get(acmeAdmin.cookie, `/api/v1/documents/${doc.id}/download`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toMatch(/^attachment; filename="access-report-/);
    const audited = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'document.downloaded'), eq(auditLog.targetId, doc.id)));
    expect(audited).toHaveLength(1);
    // Staff read it with the organisation named.
    expect((json(await get(agent.cookie, `/api/v1/documents?orgId=${acme.id}`)).items as unknown[]).length).toBeGreaterThanOrEqual(1);

    // The PDF lists the visit: extract its text.
    // pdfjs-dist uses Promise.withResolvers (Node 22); Node 20 lacks it.
    const P = Promise as unknown as { withResolvers?: () => unknown };
    P.withResolvers ??= () => {
      let resolve!: (v: unknown) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
      return { promise, resolve, reject };
    };
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: new Uint8Array(dl.rawPayload), useSystemFonts: false }).promise;
    let text = '';
    for (let p = 1; p <= pdf.numPages; p++) {
      const content = await (await pdf.getPage(p)).getTextContent();
      text += content.items.map((i) => ('str' in i ? i.str : '')).join(' ') + '\n';
    }
    expect(text).toContain(visitorName);
    expect(text).toContain('Kabel AS');
    expect(text).toMatch(/Cage A12/);
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).toContain(acme.name);
  }, 60_000);
});
