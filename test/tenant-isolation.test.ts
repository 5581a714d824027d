import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { auditLog } from '../server/platform/audit.js';
import { users } from '../server/modules/identity/index.js';
import { orders } from '../server/modules/orders/index.js';
import { accessEvents, accessGrants, createGrantsFromRequest, ingestEvents } from '../server/modules/access/index.js';
import { orgDocumentVersions, storeOrgDocument } from '../server/modules/documents/index.js';
import { localFileStore } from '../server/platform/storage.js';
import path from 'node:path';
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
/** B's ids of the access, orders and documents areas: every read of them by A answers 404. */
let bScoped: string[];

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
  // Knowledge base: an article only for B (chosen organisations) and an internal one: A may never read, find or rate them.
  for (const kb of [{ visibility: 'organisations', title: 'bravo kb article only for B' }, { visibility: 'internal', title: 'bravo kb internal article' }]) {
    const id = uuidv7();
    await t.deps.db.insert(siteTables.kbArticles).values({ id, mainLang: 'en', visibility: kb.visibility, publishedVersion: 1, lastVersion: 1, createdBy: bUser.id, updatedBy: bUser.id });
    await t.deps.db.insert(siteTables.kbVersions).values({ articleId: id, number: 1, content: { en: { title: kb.title, body: `${kb.title} body` } }, authorId: bUser.id });
    await t.deps.db.insert(siteTables.kbArticleVariants).values({ articleId: id, lang: 'en', title: kb.title, body: `${kb.title} body` });
    if (kb.visibility === 'organisations') await t.deps.db.insert(siteTables.kbArticleOrgs).values({ articleId: id, orgId: bOrg.id });
    bIds.push(id);
  }
  markers.push('bravo kb');
  // Documents of B (one for every member, one for billing.read holders) with their versions: A never lists, opens, downloads or finds them.
  const files = localFileStore(path.join(t.deps.config.dataDir, 'files'));
  for (const [title, requiredPermission] of [['bravo document manual', null], ['bravo document prices', 'billing.read']] as const) {
    const doc = await t.deps.db.transaction((tx) => storeOrgDocument(tx, files, { orgId: bOrg.id, category: 'operations_manual', title, filename: 'bravo.txt', contentType: 'text/plain', content: Buffer.from(`${title} text`), requiredPermission, createdBy: b.id }));
    const [version] = await t.deps.db.select({ id: orgDocumentVersions.id }).from(orgDocumentVersions).where(eq(orgDocumentVersions.documentId, doc!.id));
    bIds.push(doc!.id, version!.id);
  }
  markers.push('bravo document');
  // Access data of B: an approved work visit (order + grant) at B's cage, the visitor's entry, B's monthly access report.
  const accessOrder = { id: uuidv7(), ref: `ORD8${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}` };
  const visitor = { name: 'bravo visitor', company: 'bravo cabling', email: `bravo-visitor-${uniq()}@test.example`, phone: '' };
  const window = { start: new Date(Date.now() - 3_600_000), end: new Date(Date.now() + 86_400_000) };
  await t.deps.db.insert(orders).values({ id: accessOrder.id, orgId: bOrg.id, number: 8_000_000 + Math.floor(Math.random() * 1e6), ref: accessOrder.ref, itemId: uuidv7(), itemKind: 'access_visit', item: { key: 'work-visit', kind: 'access_visit', version: 1, names: { en: 'bravo access order' }, approvalRule: 'provider', form: { fields: [] }, tasks: [] }, values: { locations: [bSite.cage], visitors: [visitor], window: { start: window.start.toISOString(), end: window.end.toISOString() } }, locationIds: [bSite.cage], status: 'in_fulfilment', requesterId: b.id, submittedAt: new Date() });
  const [grant] = await t.deps.db.transaction((tx) => createGrantsFromRequest(tx, { kind: 'visit', orgId: bOrg.id, orderId: accessOrder.id, orderRef: accessOrder.ref, createdBy: b.id }, { personIds: [], personKey: null, visitors: [visitor], visitorsKey: null, locationIds: [bSite.cage], locationKey: null, window, windowKey: null }));
  const eventId = `bravo-event-${uniq()}`;
  const ingested = await ingestEvents(t.deps.db, [{ eventId, person: visitor.email, locationId: bSite.cage, reader: 'BRAVO-READER', direction: 'in', occurredAt: new Date(Date.now() - 60_000).toISOString(), result: 'granted' }], 'api');
  expect(ingested.matched).toBe(1);
  const report = await t.deps.db.transaction((tx) => storeOrgDocument(tx, files, { orgId: bOrg.id, category: 'access_report', title: 'bravo access report', filename: 'access-report.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 bravo access report'), period: '2026-10', requiredPermission: 'access.read', createdBy: null, createdBySystem: 'monthly access report' }));
  bScoped = [accessOrder.id, grant!.id, ingested.inserted[0]!.id, report!.id, bOrder.id, ...bIds.slice(-4)];
  bIds.push(accessOrder.id, grant!.id, ingested.inserted[0]!.id, report!.id);
  markers.push(accessOrder.ref, 'bravo access', 'bravo visitor', 'bravo cabling', visitor.email, 'BRAVO-READER', eventId);
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
  const bOrders = await t.deps.db.select({ id: orders.id, status: orders.status, values: orders.values }).from(orders).where(eq(orders.orgId, bOrg.id));
  const grants = await t.deps.db.select({ id: accessGrants.id, status: accessGrants.status, validUntil: accessGrants.validUntil, revokedAt: accessGrants.revokedAt }).from(accessGrants).where(eq(accessGrants.orgId, bOrg.id));
  const events = await t.deps.db.select({ id: accessEvents.id, flag: accessEvents.flag, handledAt: accessEvents.flagHandledAt }).from(accessEvents).where(eq(accessEvents.orgId, bOrg.id));
  const byId = (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id);
  return JSON.stringify({
    users: rows.map((r) => ({ id: r.id, role: r.role, status: r.status, email: r.email, name: r.name, granted: r.grantedPermissions })).sort(byId),
    orders: bOrders.sort(byId),
    grants: grants.sort(byId),
    events: events.sort(byId),
  });
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

  it("answers every read of another customer's orders, access data and documents by id with 404", async () => {
    const doc = (await t.http({ method: 'GET', url: '/api/v1/openapi.json' })).json() as OpenApi;
    const reads = Object.entries(doc.paths).filter(([p, m]) => /^\/api\/v1\/(orders|access|documents)\//.test(p) && p.includes('{') && m.get);
    expect(reads.length).toBeGreaterThanOrEqual(5);
    const answers: string[] = [];
    for (const caller of [a, aUser]) {
      for (const [template] of reads) {
        for (const id of bScoped) {
          const res = await t.http({ method: 'GET', url: template.replace(/\{[^}]+\}/g, id), cookie: caller.cookie });
          if (res.statusCode !== 404) answers.push(`${caller.role} GET ${template} (${id}) → ${res.statusCode}`);
        }
      }
    }
    expect(answers).toEqual([]);
  });

  it("answers 404 (not 403) for another customer's user", async () => {
    const res = await t.http({ method: 'PATCH', url: `/api/v1/users/${bUser.id}`, cookie: a.cookie, payload: { role: 'customer_admin' } });
    expect(res.statusCode).toBe(404);
    const list = await t.http({ method: 'GET', url: `/api/v1/users?orgId=${bOrg.id}`, cookie: a.cookie });
    expect(list.statusCode).toBe(404);
  });
});
