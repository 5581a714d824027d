import { and, count, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { auditLog } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { outboxEvents } from '../../platform/outbox.js';
import { organizations } from '../../platform/tenancy.js';
import { assertLocationsEntitled, entitledLocations, locationRefs, seedSitesDemo } from './index.js';
import { locationEntitlements, locations, racks, regions, sites } from './sites.tables.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let admin: Signed;
let agent: Signed;
let custA: Signed;
let custAUser: Signed;
let custB: Signed;
let orgA: { id: string };
let orgB: { id: string };
let orgC: { id: string };
const code = `T${uniq().slice(0, 5).toUpperCase()}`;
const code2 = `U${uniq().slice(0, 5).toUpperCase()}`;
// The tree built in beforeAll: site S (building → hall → cages C1, C2; racks R1, R2 in C1, R3 in C2; shared racks S1, S2 in the hall) and site S2 with one room.
const ids = {} as Record<'region' | 'site' | 'site2' | 'building' | 'hall' | 'c1' | 'c2' | 'r1' | 'r2' | 'r3' | 's1' | 's2' | 'room2', string>;

const post = (who: Signed, url: string, payload: object) => t.http({ method: 'POST', url, cookie: who.cookie, payload });
const patch = (who: Signed, url: string, payload: object) => t.http({ method: 'PATCH', url, cookie: who.cookie, payload });
const del = (who: Signed, url: string) => t.http({ method: 'DELETE', url, cookie: who.cookie });
const get = (who: Signed, url: string) => t.http({ method: 'GET', url, cookie: who.cookie });
async function created(res: Awaited<ReturnType<typeof post>>) {
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const tableCounts = async () => {
  const n = async (table: typeof regions | typeof sites | typeof locations | typeof racks | typeof locationEntitlements) => Number((await t.deps.db.select({ n: count() }).from(table))[0]!.n);
  return [await n(regions), await n(sites), await n(locations), await n(racks), await n(locationEntitlements)].join('/');
};
const entitledIdsOf = async (orgId: string) => (await entitledLocations(t.deps.db, orgId)).map((l) => l.id).sort();

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  orgA = await createOrg(t);
  orgB = await createOrg(t);
  orgC = await createOrg(t);
  [admin, agent, custA, custAUser, custB] = await Promise.all([
    signedInUser(t, provider.id, 'provider_admin'),
    signedInUser(t, provider.id, 'provider_agent'),
    signedInUser(t, orgA.id, 'customer_admin'),
    signedInUser(t, orgA.id, 'customer_user'),
    signedInUser(t, orgB.id, 'customer_admin'),
  ]);
  ids.region = await created(await post(admin, '/api/v1/regions', { code: `R${code}`, name: 'Test region' }));
  ids.site = await created(await post(admin, '/api/v1/sites', { regionId: ids.region, code, name: 'Test site', address: 'Testveien 1', country: 'NO', timeZone: 'Europe/Oslo' }));
  ids.site2 = await created(await post(admin, '/api/v1/sites', { regionId: ids.region, code: code2, name: 'Other site', country: 'DE', timeZone: 'Europe/Berlin' }));
  ids.building = await created(await post(admin, '/api/v1/locations', { siteId: ids.site, kind: 'building', code: 'B1', name: 'Building 1' }));
  ids.hall = await created(await post(admin, '/api/v1/locations', { siteId: ids.site, parentId: ids.building, kind: 'room', code: 'HA', name: 'Hall A' }));
  ids.c1 = await created(await post(admin, '/api/v1/locations', { siteId: ids.site, parentId: ids.hall, kind: 'cage', code: 'A01', name: 'Cage A01' }));
  ids.c2 = await created(await post(admin, '/api/v1/locations', { siteId: ids.site, parentId: ids.hall, kind: 'cage', code: 'A02', name: 'Cage A02', sort: 20 }));
  ids.r1 = await created(await post(admin, '/api/v1/racks', { locationId: ids.c1, code: 'A01-R01', units: 42, powerKw: 8 }));
  ids.r2 = await created(await post(admin, '/api/v1/racks', { locationId: ids.c1, code: 'A01-R02' }));
  ids.r3 = await created(await post(admin, '/api/v1/racks', { locationId: ids.c2, code: 'A02-R01' }));
  ids.s1 = await created(await post(admin, '/api/v1/racks', { locationId: ids.hall, code: 'HA-R01', notes: 'shared row' }));
  ids.s2 = await created(await post(admin, '/api/v1/racks', { locationId: ids.hall, code: 'HA-R02' }));
  ids.room2 = await created(await post(admin, '/api/v1/locations', { siteId: ids.site2, kind: 'room', code: 'DH1', name: 'Data Hall 1' }));
  // A: cage A01; B: the single shared rack HA-R01; C: the whole hall.
  await created(await post(admin, `/api/v1/orgs/${orgA.id}/location-entitlements`, { locationId: ids.c1 }));
  await created(await post(admin, `/api/v1/orgs/${orgB.id}/location-entitlements`, { rackId: ids.s1 }));
  await created(await post(admin, `/api/v1/orgs/${orgC.id}/location-entitlements`, { locationId: ids.hall }));
});
afterAll(async () => t?.close());

describe('the tree', () => {
  it('builds paths from the site code down and shows everything to provider staff', async () => {
    const res = await get(agent, '/api/v1/sites/tree');
    expect(res.statusCode, res.body).toBe(200);
    const tree = res.json() as { sites: { id: string; code: string; timeZone: string }[]; locations: { id: string; path: string }[]; racks: { id: string; path: string; powerKw: number | null; units: number }[] };
    expect(tree.sites.find((s) => s.id === ids.site)).toMatchObject({ code, timeZone: 'Europe/Oslo' });
    expect(tree.locations.find((l) => l.id === ids.c1)!.path).toBe(`${code} › Building 1 › Hall A › Cage A01`);
    expect(tree.racks.find((r) => r.id === ids.r1)).toMatchObject({ path: `${code} › Building 1 › Hall A › Cage A01 › A01-R01`, powerKw: 8, units: 42 });
    expect(tree.racks.find((r) => r.id === ids.r2)).toMatchObject({ powerKw: null, units: 42 });
    const holders = (res.json().holders as { targetId: string; orgId: string }[]).filter((h) => [orgA.id, orgB.id, orgC.id].includes(h.orgId));
    expect(holders.map((h) => `${h.orgId}:${h.targetId}`).sort()).toEqual([`${orgA.id}:${ids.c1}`, `${orgB.id}:${ids.s1}`, `${orgC.id}:${ids.hall}`].sort());
  });

  it('refuses a second site, location or rack with the same code (409 CODE_TAKEN), nothing changed', async () => {
    const before = await tableCounts();
    const site = await post(admin, '/api/v1/sites', { regionId: ids.region, code, name: 'Dup', country: 'NO', timeZone: 'Europe/Oslo' });
    expect(site.statusCode).toBe(409);
    expect(site.json().code).toBe('CODE_TAKEN');
    const loc = await post(admin, '/api/v1/locations', { siteId: ids.site, parentId: ids.building, kind: 'room', code: 'A01', name: 'Another A01' });
    expect(loc.statusCode).toBe(409);
    expect(loc.json().errors[0].path).toBe('body.code');
    expect((await post(admin, '/api/v1/racks', { locationId: ids.c2, code: 'A01-R01' })).statusCode).toBe(409);
    // The same location code in another site is fine (codes are unique per site): checked without creating.
    expect((await patch(admin, `/api/v1/locations/${ids.room2}`, { code: 'A01' })).statusCode).toBe(200);
    expect((await patch(admin, `/api/v1/locations/${ids.room2}`, { code: 'DH1' })).statusCode).toBe(200);
    expect(await tableCounts()).toBe(before);
  });

  it('moves a location within its site, never under itself, a descendant or into another site (422 body.parentId)', async () => {
    for (const [parentId, msg] of [
      [ids.c1, 'below'],
      [ids.hall, 'below'],
      [ids.room2, 'another site'],
      [uuidv7(), 'not a location'],
    ] as const) {
      const res = await patch(admin, `/api/v1/locations/${ids.building}`, { parentId });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors[0].path).toBe('body.parentId');
      expect(res.json().errors[0].message).toContain(msg);
    }
    const [b] = await t.deps.db.select().from(locations).where(eq(locations.id, ids.building));
    expect(b!.parentId).toBeNull();
    // A real move: cage A02 to the top of the site and back under the hall; the path follows.
    const top = await patch(admin, `/api/v1/locations/${ids.c2}`, { parentId: null });
    expect(top.json().path).toBe(`${code} › Cage A02`);
    const back = await patch(admin, `/api/v1/locations/${ids.c2}`, { parentId: ids.hall });
    expect(back.json().path).toBe(`${code} › Building 1 › Hall A › Cage A02`);
    // A new location cannot hang below a location of another site; a rack cannot move to another site.
    const cross = await post(admin, '/api/v1/locations', { siteId: ids.site, parentId: ids.room2, kind: 'cage', code: 'X1', name: 'Cross' });
    expect(cross.statusCode).toBe(422);
    expect(cross.json().errors[0].path).toBe('body.parentId');
    const rackMove = await patch(admin, `/api/v1/racks/${ids.r3}`, { locationId: ids.room2 });
    expect(rackMove.statusCode).toBe(422);
    expect(rackMove.json().errors[0].path).toBe('body.locationId');
    const [r3] = await t.deps.db.select().from(racks).where(eq(racks.id, ids.r3));
    expect(r3!.locationId).toBe(ids.c2);
  });

  it('deletes only what nothing refers to (else 409 IN_USE) and audits each change', async () => {
    const before = await tableCounts();
    for (const url of [`/api/v1/regions/${ids.region}`, `/api/v1/sites/${ids.site}`, `/api/v1/locations/${ids.hall}`, `/api/v1/locations/${ids.c1}`, `/api/v1/racks/${ids.s1}`]) {
      const res = await del(admin, url);
      expect(res.statusCode, url).toBe(409);
      expect(res.json().code).toBe('IN_USE');
    }
    expect(await tableCounts()).toBe(before);
    const tmp = await created(await post(admin, '/api/v1/locations', { siteId: ids.site2, parentId: ids.room2, kind: 'cage', code: 'TMP', name: 'Temporary' }));
    const rack = await created(await post(admin, '/api/v1/racks', { locationId: tmp, code: 'TMP-R1' }));
    expect((await del(admin, `/api/v1/locations/${tmp}`)).statusCode).toBe(409);
    expect((await del(admin, `/api/v1/racks/${rack}`)).statusCode).toBe(204);
    expect((await del(admin, `/api/v1/locations/${tmp}`)).statusCode).toBe(204);
    expect(await t.deps.db.select().from(locations).where(eq(locations.id, tmp))).toHaveLength(0);
    expect((await del(admin, `/api/v1/locations/${tmp}`)).statusCode).toBe(404);
    const audits = await t.deps.db.select().from(auditLog).where(inArray(auditLog.targetId, [tmp, rack]));
    expect(audits.map((a) => a.action).sort()).toEqual(['sites.location_created', 'sites.location_deleted', 'sites.rack_created', 'sites.rack_deleted']);
  });

  it('never deletes a place a customer was ever entitled to (orders and grants may name it), even after the revoke', async () => {
    const cage = await created(await post(admin, '/api/v1/locations', { siteId: ids.site2, parentId: ids.room2, kind: 'cage', code: 'USED', name: 'Used cage' }));
    const rack = await created(await post(admin, '/api/v1/racks', { locationId: cage, code: 'USED-R1' }));
    const empty = await created(await post(admin, '/api/v1/locations', { siteId: ids.site2, parentId: ids.room2, kind: 'cage', code: 'USED2', name: 'Used cage 2' }));
    for (const target of [cage, empty]) {
      const ent = (await post(admin, `/api/v1/orgs/${orgC.id}/location-entitlements`, { locationId: target })).json().id as string;
      expect((await del(admin, `/api/v1/orgs/${orgC.id}/location-entitlements/${ent}`)).statusCode).toBe(204);
    }
    for (const url of [`/api/v1/racks/${rack}`, `/api/v1/locations/${empty}`]) {
      const res = await del(admin, url);
      expect(res.statusCode, url).toBe(409);
      expect(res.json().code).toBe('IN_USE');
      expect(res.json().detail).toContain('was used by a customer');
    }
    expect(await t.deps.db.select().from(racks).where(eq(racks.id, rack))).toHaveLength(1);
    // Deactivating is the way out.
    expect((await patch(admin, `/api/v1/locations/${cage}`, { active: false })).json().active).toBe(false);
  });
});

describe('entitlements', () => {
  it('covers the entitled location, its descendants and their racks; a single rack covers only itself', async () => {
    expect(await entitledIdsOf(orgA.id)).toEqual([ids.c1, ids.r1, ids.r2].sort());
    expect(await entitledIdsOf(orgB.id)).toEqual([ids.s1]);
    expect(await entitledIdsOf(orgC.id)).toEqual([ids.hall, ids.c1, ids.c2, ids.r1, ids.r2, ids.r3, ids.s1, ids.s2].sort());
    const refs = await entitledLocations(t.deps.db, orgA.id);
    expect(refs.find((r) => r.id === ids.r1)).toEqual({
      id: ids.r1,
      siteId: ids.site,
      siteCode: code,
      siteName: 'Test site',
      kind: 'rack',
      code: 'A01-R01',
      name: 'A01-R01',
      path: `${code} › Building 1 › Hall A › Cage A01 › A01-R01`,
      parentId: ids.c1,
    });
  });

  it('a customer sees only its own locations; any other location id answers 404', async () => {
    const mine = await get(custAUser, '/api/v1/locations/entitled');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((i: { id: string }) => i.id).sort()).toEqual([ids.c1, ids.r1, ids.r2].sort());
    expect(mine.json().sites.map((s: { id: string }) => s.id)).toEqual([ids.site]);
    expect((await get(custAUser, `/api/v1/locations/${ids.c1}`)).json().path).toBe(`${code} › Building 1 › Hall A › Cage A01`);
    for (const other of [ids.c2, ids.s1, ids.hall, ids.building, ids.room2, uuidv7()]) {
      const res = await get(custA, `/api/v1/locations/${other}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Cage A02');
    }
    // Another organisation's id in ?orgId= is 404, never its data.
    const theirs = await get(custA, `/api/v1/locations/entitled?orgId=${orgB.id}`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).not.toContain('HA-R01');
    expect((await get(custB, '/api/v1/locations/entitled')).json().items.map((i: { id: string }) => i.id)).toEqual([ids.s1]);
    expect((await get(custB, `/api/v1/locations/${ids.r1}`)).statusCode).toBe(404);
  });

  it('staff read any customer organisation’s locations with ?orgId= (required for them)', async () => {
    const res = await get(agent, `/api/v1/locations/entitled?orgId=${orgA.id}`);
    expect(res.json().items).toHaveLength(3);
    const site = await get(agent, `/api/v1/locations/entitled?orgId=${orgC.id}&siteId=${ids.site2}`);
    expect(site.json().items).toEqual([]);
    const missing = await get(agent, '/api/v1/locations/entitled');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('querystring.orgId');
    expect((await get(agent, `/api/v1/locations/${ids.c2}`)).statusCode).toBe(200);
    expect((await get(agent, `/api/v1/orgs/${orgA.id}/location-entitlements`)).json().items.map((e: { target: { id: string } }) => e.target.id)).toEqual([ids.c1]);
  });

  it('a deactivated location (or one below it) is no longer offered; reactivating brings it back', async () => {
    expect((await patch(admin, `/api/v1/locations/${ids.hall}`, { active: false })).json().active).toBe(false);
    expect(await entitledIdsOf(orgA.id)).toEqual([]);
    expect(await entitledIdsOf(orgB.id)).toEqual([]);
    await patch(admin, `/api/v1/locations/${ids.hall}`, { active: true });
    await patch(admin, `/api/v1/racks/${ids.r2}`, { active: false });
    expect(await entitledIdsOf(orgA.id)).toEqual([ids.c1, ids.r1].sort());
    await patch(admin, `/api/v1/racks/${ids.r2}`, { active: true });
    await patch(admin, `/api/v1/sites/${ids.site}`, { active: false });
    expect(await entitledIdsOf(orgC.id)).toEqual([]);
    await patch(admin, `/api/v1/sites/${ids.site}`, { active: true });
    expect(await entitledIdsOf(orgA.id)).toEqual([ids.c1, ids.r1, ids.r2].sort());
  });

  it('assertLocationsEntitled: 422 LOCATION_NOT_ENTITLED naming each unknown or other-org id by its index', async () => {
    await expect(assertLocationsEntitled(t.deps.db, orgA.id, [ids.c1, ids.r2], 'values.locations')).resolves.toBeUndefined();
    await expect(assertLocationsEntitled(t.deps.db, orgA.id, [], 'values.locations')).resolves.toBeUndefined();
    const err = await assertLocationsEntitled(t.deps.db, orgA.id, [ids.c1, ids.s1, uuidv7(), ids.c2], 'values.locations').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.status).toBe(422);
    expect(e.code).toBe('LOCATION_NOT_ENTITLED');
    expect(e.extra.errors!.map((x) => x.path)).toEqual(['values.locations.1', 'values.locations.2', 'values.locations.3']);
    // The message is the same for a location of another organisation and one that does not exist.
    expect(new Set(e.extra.errors!.map((x) => x.message)).size).toBe(1);
  });

  it('locationRefs answers paths for locations and racks and leaves unknown ids out', async () => {
    const unknown = uuidv7();
    const refs = await locationRefs(t.deps.db, [ids.hall, ids.s2, unknown, ids.hall]);
    expect(refs.size).toBe(2);
    expect(refs.get(ids.hall)).toMatchObject({ kind: 'room', path: `${code} › Building 1 › Hall A`, parentId: ids.building, siteName: 'Test site' });
    expect(refs.get(ids.s2)).toMatchObject({ kind: 'rack', path: `${code} › Building 1 › Hall A › HA-R02`, parentId: ids.hall });
    expect((await locationRefs(t.deps.db, [])).size).toBe(0);
  });

  it('grants and revokes with an audit record and an outbox event; granting twice changes nothing', async () => {
    const first = await post(admin, `/api/v1/orgs/${orgB.id}/location-entitlements`, { locationId: ids.c2 });
    expect(first.statusCode).toBe(201);
    const ent = first.json() as { id: string; target: { path: string }; grantedBy: { id: string } };
    expect(ent.target.path).toBe(`${code} › Building 1 › Hall A › Cage A02`);
    expect(ent.grantedBy.id).toBe(admin.id);
    expect((await post(admin, `/api/v1/orgs/${orgB.id}/location-entitlements`, { locationId: ids.c2 })).json().id).toBe(ent.id);
    expect(await entitledIdsOf(orgB.id)).toEqual([ids.c2, ids.r3, ids.s1].sort());
    // Revoking through another organisation's path is 404 and keeps it.
    expect((await del(admin, `/api/v1/orgs/${orgA.id}/location-entitlements/${ent.id}`)).statusCode).toBe(404);
    expect((await del(admin, `/api/v1/orgs/${orgB.id}/location-entitlements/${ent.id}`)).statusCode).toBe(204);
    expect(await entitledIdsOf(orgB.id)).toEqual([ids.s1]);
    const audits = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.targetId, ent.id), eq(auditLog.orgId, orgB.id)));
    expect(audits.map((a) => a.action).sort()).toEqual(['sites.entitlement_granted', 'sites.entitlement_revoked']);
    const events = await t.deps.db.select().from(outboxEvents).where(eq(outboxEvents.orgId, orgB.id));
    const mine = events.filter((e) => (e.payload as { entitlementId?: string }).entitlementId === ent.id).map((e) => e.topic).sort();
    expect(mine).toEqual(['sites.entitlement_granted', 'sites.entitlement_revoked']);
  });
});

describe('permissions and bad input', () => {
  it('answers 403 to customers on every admin route, and to agents on changes', async () => {
    const before = await tableCounts();
    const calls: [string, string, object | undefined][] = [
      ['GET', '/api/v1/sites/tree', undefined],
      ['POST', '/api/v1/regions', { code: 'NOPE', name: 'Nope' }],
      ['PATCH', `/api/v1/regions/${ids.region}`, { name: 'Nope' }],
      ['DELETE', `/api/v1/regions/${ids.region}`, undefined],
      ['POST', '/api/v1/sites', { regionId: ids.region, code: 'NOPE1', name: 'Nope', country: 'NO', timeZone: 'Europe/Oslo' }],
      ['PATCH', `/api/v1/sites/${ids.site}`, { name: 'Nope' }],
      ['DELETE', `/api/v1/sites/${ids.site2}`, undefined],
      ['POST', '/api/v1/locations', { siteId: ids.site, kind: 'cage', code: 'NOPE', name: 'Nope' }],
      ['PATCH', `/api/v1/locations/${ids.c1}`, { name: 'Nope' }],
      ['DELETE', `/api/v1/locations/${ids.c2}`, undefined],
      ['POST', '/api/v1/racks', { locationId: ids.c1, code: 'NOPE' }],
      ['PATCH', `/api/v1/racks/${ids.r1}`, { units: 10 }],
      ['DELETE', `/api/v1/racks/${ids.r3}`, undefined],
      ['GET', `/api/v1/orgs/${orgA.id}/location-entitlements`, undefined],
      ['POST', `/api/v1/orgs/${orgA.id}/location-entitlements`, { locationId: ids.hall }],
      ['DELETE', `/api/v1/orgs/${orgA.id}/location-entitlements/${uuidv7()}`, undefined],
    ];
    for (const who of [custA, custAUser]) {
      for (const [method, url, payload] of calls) {
        const res = await t.http({ method: method as 'GET', url, cookie: who.cookie, ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${who.role} ${method} ${url}`).toBe(403);
      }
    }
    for (const [method, url, payload] of calls.filter(([m]) => m !== 'GET')) {
      const res = await t.http({ method: method as 'GET', url, cookie: agent.cookie, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `agent ${method} ${url}`).toBe(403);
    }
    expect(await tableCounts()).toBe(before);
    expect((await t.deps.db.select().from(locations).where(eq(locations.id, ids.c1)))[0]!.name).toBe('Cage A01');
  });

  it('names the field of bad input on every route and changes nothing', async () => {
    const before = await tableCounts();
    const cases: [string, string, object | undefined, string, number?][] = [
      ['POST', '/api/v1/regions', { code: '', name: 'X' }, 'body.code'],
      ['POST', '/api/v1/regions', { code: 'OK', name: 'X', extra: 1 }, 'body.extra'],
      ['PATCH', `/api/v1/regions/${ids.region}`, { name: '' }, 'body.name'],
      ['PATCH', '/api/v1/regions/not-a-uuid', { name: 'X' }, 'params.id'],
      ['DELETE', '/api/v1/regions/not-a-uuid', undefined, 'params.id'],
      ['POST', '/api/v1/sites', { regionId: ids.region, code: 'BAD1', name: 'X', country: 'Norway', timeZone: 'Europe/Oslo' }, 'body.country'],
      ['POST', '/api/v1/sites', { regionId: ids.region, code: 'BAD1', name: 'X', country: 'NO', timeZone: 'Mars/Olympus' }, 'body.timeZone'],
      ['POST', '/api/v1/sites', { regionId: uuidv7(), code: 'BAD1', name: 'X', country: 'NO', timeZone: 'Europe/Oslo' }, 'body.regionId', 422],
      ['PATCH', `/api/v1/sites/${ids.site}`, { code: 'has space' }, 'body.code'],
      ['PATCH', `/api/v1/sites/${ids.site}`, { regionId: uuidv7() }, 'body.regionId', 422],
      ['DELETE', '/api/v1/sites/x', undefined, 'params.id'],
      ['POST', '/api/v1/locations', { siteId: ids.site, kind: 'garage', code: 'G1', name: 'X' }, 'body.kind'],
      ['POST', '/api/v1/locations', { siteId: uuidv7(), kind: 'cage', code: 'G1', name: 'X' }, 'body.siteId', 422],
      ['POST', '/api/v1/locations', { siteId: ids.site, kind: 'cage', code: 'G1', name: 'X', sort: -1 }, 'body.sort'],
      ['PATCH', `/api/v1/locations/${ids.c1}`, { active: 'no' }, 'body.active'],
      ['DELETE', '/api/v1/locations/x', undefined, 'params.id'],
      ['POST', '/api/v1/racks', { locationId: ids.c1, code: 'Z1', units: 0 }, 'body.units'],
      ['POST', '/api/v1/racks', { locationId: uuidv7(), code: 'Z1' }, 'body.locationId', 422],
      ['PATCH', `/api/v1/racks/${ids.r1}`, { powerKw: -2 }, 'body.powerKw'],
      ['DELETE', '/api/v1/racks/x', undefined, 'params.id'],
      ['GET', '/api/v1/locations/x', undefined, 'params.id'],
      ['GET', '/api/v1/locations/entitled?siteId=x', undefined, 'querystring.siteId'],
      ['GET', '/api/v1/orgs/x/location-entitlements', undefined, 'params.id'],
      ['POST', `/api/v1/orgs/${orgA.id}/location-entitlements`, {}, 'body'],
      ['POST', `/api/v1/orgs/${orgA.id}/location-entitlements`, { locationId: ids.c2, rackId: ids.r3 }, 'body'],
      ['POST', `/api/v1/orgs/${orgA.id}/location-entitlements`, { locationId: uuidv7() }, 'body.locationId', 422],
      ['POST', `/api/v1/orgs/${orgA.id}/location-entitlements`, { rackId: uuidv7() }, 'body.rackId', 422],
      ['POST', `/api/v1/orgs/${orgA.id}/location-entitlements`, { locationId: 'c2' }, 'body.locationId'],
      ['DELETE', `/api/v1/orgs/${orgA.id}/location-entitlements/x`, undefined, 'params.entitlementId'],
    ];
    for (const [method, url, payload, path, status] of cases) {
      const res = await t.http({ method: method as 'GET', url, cookie: admin.cookie, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(status ?? 400);
      expect(res.json().errors.map((e: { path: string }) => e.path), `${method} ${url}`).toContain(path);
    }
    expect(await tableCounts()).toBe(before);
    // A provider organisation or an unknown one cannot be entitled: 404.
    const [provider] = await t.deps.db.select().from(organizations).where(eq(organizations.kind, 'provider'));
    expect((await post(admin, `/api/v1/orgs/${provider!.id}/location-entitlements`, { locationId: ids.c2 })).statusCode).toBe(404);
    expect((await post(admin, `/api/v1/orgs/${uuidv7()}/location-entitlements`, { locationId: ids.c2 })).statusCode).toBe(404);
    expect(await tableCounts()).toBe(before);
  });
});

describe('demo data', () => {
  it('seeds OSL1 and FRA1 with Acme and Globex entitled to their cages, and seeds only once', async () => {
    const [had] = await t.deps.db.select().from(regions).where(eq(regions.code, 'NORDICS'));
    let acme = (await t.deps.db.select().from(organizations).where(eq(organizations.name, 'Acme Hosting AS')))[0];
    let globex = (await t.deps.db.select().from(organizations).where(eq(organizations.name, 'Globex GmbH')))[0];
    if (!had) {
      acme ??= (await t.deps.db.insert(organizations).values({ id: uuidv7(), kind: 'customer', name: 'Acme Hosting AS', slug: `acme-${uniq()}` }).returning())[0]!;
      globex ??= (await t.deps.db.insert(organizations).values({ id: uuidv7(), kind: 'customer', name: 'Globex GmbH', slug: `globex-${uniq()}` }).returning())[0]!;
    }
    await seedSitesDemo(t.deps.db);
    const once = await tableCounts();
    await seedSitesDemo(t.deps.db);
    expect(await tableCounts()).toBe(once);
    expect(await t.deps.db.select().from(regions).where(inArray(regions.code, ['NORDICS', 'DACH']))).toHaveLength(2);
    const [osl1] = await t.deps.db.select().from(sites).where(eq(sites.code, 'OSL1'));
    expect(osl1).toMatchObject({ name: 'Oslo 1', timeZone: 'Europe/Oslo', country: 'NO' });
    if (!had) {
      const acmePaths = (await entitledLocations(t.deps.db, acme!.id)).map((l) => l.path);
      expect(acmePaths).toContain('OSL1 › Building 1 › Hall A › Cage A01');
      expect(acmePaths).toContain('OSL1 › Building 1 › Hall A › Cage A01 › A01-R01');
      expect(acmePaths).toContain('OSL1 › Building 1 › Hall B › B-R05');
      expect(acmePaths).toContain('FRA1 › Building 1 › Floor 2 › Data Hall 2.1 › Cage C01');
      expect(acmePaths.some((p) => p.includes('Cage A02') || p.includes('Cage C02'))).toBe(false);
      const globexPaths = (await entitledLocations(t.deps.db, globex!.id)).map((l) => l.path);
      expect(globexPaths[0]).toBe('FRA1 › Building 1 › Floor 2 › Data Hall 2.1 › Cage C02');
      expect(globexPaths.some((p) => p.startsWith('OSL1'))).toBe(false);
    }
  });
});
