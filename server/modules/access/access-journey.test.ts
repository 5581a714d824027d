import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalogueDemo } from '../catalogue/index.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';

/**
 * Issue 4, journey 1 at the API level (the browser journey needs the built web; see the report): an
 * Acme customer admin requests a two-day work visit to its cage for a visitor through the orders API
 * (the catalogue's "Request for access" item); a provider agent approves (the item's rule); the grant appears; an access event
 * posted for the visitor shows them on site now; the month's access report PDF lists the visit.
 */
let t: TestApp;
const json = (r: { body: string }) => JSON.parse(r.body);

beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('journey 1: a work visit from the order to the access report', () => {
  it('order → approval → grant → access event → on site now → PDF', async () => {
    const provider = await createOrg(t, 'provider');
    const admin = await signedInUser(t, provider.id, 'provider_admin');
    const acme = await createOrg(t, 'customer', `Acme ${uniq()}`);
    const maria = await signedInUser(t, acme.id, 'customer_admin');
    const agent = await signedInUser(t, provider.id, 'provider_agent');
    await seedCatalogueDemo(t.deps.db);

    // The provider's sites: Acme is entitled to its cage.
    const code = () => uniq().toUpperCase().slice(0, 6);
    const post = (cookie: string, url: string, payload: unknown) => t.http({ method: 'POST', url, cookie, payload: payload as Record<string, unknown> });
    const get = (cookie: string, url: string) => t.http({ method: 'GET', url, cookie });
    const region = json(await post(admin.cookie, '/api/v1/regions', { code: `R${code()}`, name: 'Nordics' }));
    const site = json(await post(admin.cookie, '/api/v1/sites', { regionId: region.id, code: `S${code()}`, name: 'Oslo 1', country: 'NO', timeZone: 'Europe/Oslo' }));
    const hall = json(await post(admin.cookie, '/api/v1/locations', { siteId: site.id, kind: 'room', code: `H${code()}`, name: 'Hall A' })).id;
    const cage = json(await post(admin.cookie, '/api/v1/locations', { siteId: site.id, parentId: hall, kind: 'cage', code: `C${code()}`, name: 'Cage A12' })).id;
    expect((await post(admin.cookie, `/api/v1/orgs/${acme.id}/location-entitlements`, { locationId: cage })).statusCode).toBe(201);

    // Maria orders the work visit.
    const cat = json(await get(maria.cookie, '/api/v1/catalogue'));
    const item = (cat.items as { id: string; kind: string }[]).find((i) => i.kind === 'access_visit');
    expect(item).toBeTruthy();
    const start = new Date(Date.now() + 60_000);
    const end = new Date(start.getTime() + 2 * 86_400_000);
    const visitor = { name: `Viktor Besøk ${uniq()}`, company: 'Kabel og Fiber AS', email: `viktor-${uniq()}@kabel.example`, phone: '+47 400 11 222' };
    const values = { locations: [cage], window: { start: start.toISOString(), end: end.toISOString() }, visitors: [visitor], purpose: 'maintenance' };

    // A window longer than the maximum: 422 naming the field, nothing stored.
    const tooLong = await post(maria.cookie, '/api/v1/orders', { itemId: item!.id, submit: true, values: { ...values, window: { start: start.toISOString(), end: new Date(start.getTime() + 20 * 86_400_000).toISOString() } } });
    expect(tooLong.statusCode).toBe(422);
    expect(json(tooLong).errors[0].path).toMatch(/^values\.window/);

    const created = await post(maria.cookie, '/api/v1/orders', { itemId: item!.id, submit: true, values });
    expect(created.statusCode, created.body).toBe(201);
    const order = json(created);

    // The work visit waits for the provider: the customer admin cannot decide it, a provider agent does.
    expect(order).toMatchObject({ status: 'waiting_for_approval', approvalRule: 'provider' });
    expect(order.abilities.decide).toBeNull();
    expect((await post(maria.cookie, `/api/v1/orders/${order.id}/decision`, { decision: 'approve' })).statusCode).toBe(403);
    const decided = await post(agent.cookie, `/api/v1/orders/${order.id}/decision`, { decision: 'approve', comment: 'Escort at the desk' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(json(decided).status).toBe('in_fulfilment');
    // The approval is in the order's timeline like any other: the step, who, the comment, seen by the customer too.
    const timeline = json(await get(maria.cookie, `/api/v1/orders/${order.id}/events`)).items as { type: string; actor: { id: string } | null; body: string | null; data: { step?: string; via?: string } }[];
    expect(timeline.map((e) => e.type)).toEqual(['created', 'submitted', 'approval_requested', 'approved', 'fulfilment_started']);
    expect(timeline.find((e) => e.type === 'approved')).toMatchObject({ actor: { id: agent.id }, body: 'Escort at the desk', data: { step: 'provider', via: 'portal' } });
    const grants = json(await get(maria.cookie, '/api/v1/access/grants?status=all'));
    const grant = (grants.items as { person: { name: string }; order: { ref: string } | null; locations: { path: string }[] }[]).find((g) => g.person.name === visitor.name);
    expect(grant).toBeTruthy();
    expect(grant!.order?.ref).toBe(order.ref);
    expect(grant!.locations[0]!.path).toMatch(/Cage A12$/);

    // The access-control system reports the visitor's entry.
    const tok = json(await post(admin.cookie, '/api/v1/integration-tokens', { name: 'PACS', scopes: ['access_events'] })).token;
    const at = new Date(start.getTime() + 30_000);
    const ev = await t.http({ method: 'POST', url: '/api/v1/integrations/access-events', headers: { authorization: `Bearer ${tok}` }, payload: [{ eventId: `j1-${uniq()}`, person: visitor.email, locationId: cage, reader: 'A12-R1', direction: 'in', occurredAt: at.toISOString(), result: 'granted' }] as unknown as Record<string, unknown> });
    expect(json(ev)).toMatchObject({ stored: 1, matched: 1, flagged: 0 });
    const onSite = json(await get(maria.cookie, '/api/v1/access/on-site'));
    expect(onSite.items.map((p: { person: string }) => p.person)).toContain(visitor.name);

    // The month's report lists the visit.
    const monthStart = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
    const next = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
    const pdf = await get(maria.cookie, `/api/v1/access/activity/report.pdf?from=${encodeURIComponent(monthStart.toISOString())}&to=${encodeURIComponent(next.toISOString())}`);
    expect(pdf.statusCode).toBe(200);
    const P = Promise as unknown as { withResolvers?: () => unknown };
    P.withResolvers ??= () => {
      let resolve!: (v: unknown) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
      return { promise, resolve, reject };
    };
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(pdf.rawPayload), useSystemFonts: false }).promise;
    let text = '';
    for (let p = 1; p <= doc.numPages; p++) text += (await (await doc.getPage(p)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
    expect(text).toContain(visitor.name);
    expect(text).toContain('Kabel og Fiber AS');
  }, 120_000);
});
