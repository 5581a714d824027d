import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { auditLog } from '../server/platform/audit.js';
import { users } from '../server/modules/identity/index.js';
import { orders } from '../server/modules/orders/index.js';
import { uuidv7 } from 'uuidv7';
import * as siteTables from '../server/platform/db/schema.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from './support/harness.js';

/**
 * The tenant sweep: every /api/v1 route in the OpenAPI document is called with a session of
 * customer A, with every path id and orgId filled in with customer B's ids. No answer may carry
 * B's data, and no call may change B's data. New routes are swept the day they land.
 */
type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  minLength?: number;
  anyOf?: JsonSchema[];
  const?: unknown;
};
type Operation = { parameters?: { in: string; name: string; schema?: JsonSchema }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

let t: TestApp;
let a: Awaited<ReturnType<typeof signedInUser>>;
let aUser: Awaited<ReturnType<typeof signedInUser>>;
let b: Awaited<ReturnType<typeof signedInUser>>;
let bUser: Awaited<ReturnType<typeof signedInUser>>;
let bOrg: { id: string; name: string };
let bIds: string[];
let markers: string[];

beforeAll(async () => {
  t = await createTestApp();
  const orgA = await createOrg(t, 'customer', `Alpha ${uniq()}`);
  bOrg = await createOrg(t, 'customer', `Bravo ${uniq()}`);
  a = await signedInUser(t, orgA.id, 'customer_admin');
  aUser = await signedInUser(t, orgA.id, 'customer_user');
  b = await signedInUser(t, bOrg.id, 'customer_admin');
  bUser = await signedInUser(t, bOrg.id, 'customer_user');
  // Give B data of every kind the API knows: an API token, a pending invitation, audit entries.
  const tok = await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie: b.cookie, payload: { name: 'bravo automation', expiresInDays: 30 } });
  expect(tok.statusCode).toBe(201);
  const inv = await t.http({ method: 'POST', url: '/api/v1/users/invite', cookie: b.cookie, payload: { email: `bravo-invitee-${uniq()}@test.example`, name: 'Bravo Invitee', role: 'customer_user' } });
  expect(inv.statusCode).toBe(202);
  const sessions = (await t.http({ method: 'GET', url: '/api/v1/me/sessions', cookie: b.cookie })).json() as { items: { id: string }[] };
  const categories = (await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: b.cookie })).json() as { items: { id: string }[] };
  const ticket = await t.http({
    method: 'POST',
    url: '/api/v1/tickets',
    cookie: bUser.cookie,
    payload: { title: 'bravo ticket title', description: 'bravo ticket description', categoryId: categories.items[0]!.id, urgency: 'major', impact: 'few' },
  });
  expect(ticket.statusCode).toBe(201);
  const bTicket = ticket.json() as { id: string; ref: string };
  const bUsers = await t.deps.db.select({ id: users.id, email: users.email }).from(users).where(eq(users.orgId, bOrg.id));
  const audits = await t.deps.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.orgId, bOrg.id));
  bIds = [bOrg.id, bTicket.id, ...bUsers.map((u) => u.id), tok.json().id, ...sessions.items.map((s) => s.id), ...audits.slice(0, 3).map((x) => x.id)];
  markers = [bOrg.id, bOrg.name, ...bUsers.map((u) => u.id), ...bUsers.map((u) => u.email), 'bravo automation', 'bravo ticket', bTicket.ref];
  // An order of B (submitted, waiting for B's approval) with a task-less snapshot: its id and reference must never leak.
  const bOrder = { id: uuidv7(), ref: `ORD9${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}` };
  await t.deps.db.insert(orders).values({ id: bOrder.id, orgId: bOrg.id, number: 9_000_000 + Math.floor(Math.random() * 1e6), ref: bOrder.ref, itemId: uuidv7(), itemKind: 'generic', item: { key: 'bravo_item', kind: 'generic', version: 1, names: { en: 'bravo order item' }, approvalRule: 'customer_admin', form: { fields: [] }, tasks: [] }, values: { note: 'bravo order value' }, status: 'waiting_for_approval', requesterId: bUser.id, submittedAt: new Date() });
  bIds.push(bOrder.id);
  markers.push(bOrder.ref, 'bravo order');
  // A cage and a rack B is entitled to (provider-owned places, B's entitlements): A may never see them.
  const bSite = { region: uuidv7(), site: uuidv7(), cage: uuidv7(), rack: uuidv7(), code: `BRV${uniq().slice(0, 4).toUpperCase()}` };
  await t.deps.db.insert(siteTables.regions).values({ id: bSite.region, code: `R-${bSite.code}`, name: 'Sweep region' });
  await t.deps.db.insert(siteTables.sites).values({ id: bSite.site, regionId: bSite.region, code: bSite.code, name: 'Sweep site', country: 'NO', timeZone: 'Europe/Oslo' });
  await t.deps.db.insert(siteTables.locations).values({ id: bSite.cage, siteId: bSite.site, kind: 'cage', code: 'BRAVO', name: 'bravo cage' });
  await t.deps.db.insert(siteTables.racks).values({ id: bSite.rack, siteId: bSite.site, locationId: bSite.cage, code: 'BRAVO-RACK-1' });
  const bEntitlement = uuidv7();
  await t.deps.db.insert(siteTables.locationEntitlements).values({ id: bEntitlement, orgId: bOrg.id, locationId: bSite.cage });
  bIds.push(bSite.cage, bSite.rack, bEntitlement);
  markers.push('bravo cage', 'BRAVO-RACK-1');
});
afterAll(async () => t?.close());

function sample(schema: JsonSchema | undefined, id: string): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return sample(schema.anyOf.find((s) => s.type !== 'null'), id);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((k) => [k, sample(schema.properties?.[k], id)]));
    case 'array':
      return [];
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'string':
      if (schema.format === 'uuid') return id;
      if (schema.format === 'email') return `sweep-${uniq()}@test.example`;
      if (schema.format === 'date-time') return new Date().toISOString();
      return 'sweep value '.padEnd(Math.max(schema.minLength ?? 0, 12), 'x');
  }
  return undefined;
}

async function snapshotB() {
  const rows = await t.deps.db.select().from(users).where(inArray(users.orgId, [bOrg.id]));
  return JSON.stringify(rows.map((r) => ({ id: r.id, role: r.role, status: r.status, email: r.email, name: r.name, granted: r.grantedPermissions })).sort((x, y) => x.id.localeCompare(y.id)));
}

describe('tenant isolation sweep over the OpenAPI document', () => {
  it('finds the API routes', async () => {
    const doc = (await t.http({ method: 'GET', url: '/api/v1/openapi.json' })).json() as OpenApi;
    const ops = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/v1/'));
    expect(ops.length).toBeGreaterThanOrEqual(15);
  });

  for (const who of ['customer_admin', 'customer_user'] as const) {
    it(`never shows or changes another customer's data (${who} of another org)`, async () => {
      const caller = who === 'customer_admin' ? a : aUser;
      const doc = (await t.http({ method: 'GET', url: '/api/v1/openapi.json' })).json() as OpenApi;
      const before = await snapshotB();
      const report: string[] = [];
      let calls = 0;
      for (const [pathTemplate, methods] of Object.entries(doc.paths)) {
        if (!pathTemplate.startsWith('/api/v1/')) continue;
        for (const [method, op] of Object.entries(methods)) {
          const params = (op.parameters ?? []).filter((p) => p.in === 'path');
          const ids = params.length ? bIds : [bIds[0]!];
          for (const id of ids) {
            let url = pathTemplate;
            for (const p of params) url = url.replace(`{${p.name}}`, p.schema?.format === 'uuid' || p.name === 'id' ? id : `sweep-${uniq()}-token-value`);
            const query = (op.parameters ?? []).filter((p) => p.in === 'query' && p.name === 'orgId').map(() => `orgId=${bOrg.id}`);
            const body = op.requestBody?.content?.['application/json']?.schema;
            const res = await t.http({
              method: method.toUpperCase() as 'GET',
              url: url + (query.length ? `?${query.join('&')}` : ''),
              cookie: caller.cookie,
              ...(body ? { payload: sample(body, id) as object } : {}),
            });
            calls++;
            const leaked = markers.filter((m) => res.body.includes(m));
            if (res.statusCode < 300 && leaked.length) report.push(`${method.toUpperCase()} ${url} → ${res.statusCode} leaked ${leaked.join(', ')}`);
            if (res.statusCode >= 500) report.push(`${method.toUpperCase()} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
        }
      }
      expect(calls).toBeGreaterThan(50);
      expect(report).toEqual([]);
      expect(await snapshotB()).toBe(before);
      // B is still signed in: nothing A did ended B's sessions or tokens.
      expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: bUser.cookie })).statusCode).toBe(200);
      expect((await t.http({ method: 'GET', url: '/api/v1/me/tokens', cookie: b.cookie })).json().items).toHaveLength(1);
    });
  }

  it("answers 404 (not 403) for another customer's user", async () => {
    const res = await t.http({ method: 'PATCH', url: `/api/v1/users/${bUser.id}`, cookie: a.cookie, payload: { role: 'customer_admin' } });
    expect(res.statusCode).toBe(404);
    const list = await t.http({ method: 'GET', url: `/api/v1/users?orgId=${bOrg.id}`, cookie: a.cookie });
    expect(list.statusCode).toBe(404);
  });
});
