import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, desc, eq, like } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { auditLog } from '../../platform/audit.js';
import { mailMessages } from '../../platform/mail.js';
import { dispatchPending } from '../../platform/outbox.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { catalogueItems } from '../catalogue/catalogue.tables.js';
import { locationEntitlements, locations, regions, sites } from '../sites/sites.tables.js';
import { supportGroupMembers, supportGroups } from '../tickets/tickets.tables.js';
import { notifications } from '../notifications/notifications.tables.js';
import { orderFiles, orders } from './orders.tables.js';
import { registerOrderKind } from './registry.js';
import { UnprocessableError } from '../../platform/errors.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let acmeAdmin: Signed;
let acmeAdmin2: Signed;
let acmeUser: Signed;
let acmeUser2: Signed;
let globexAdmin: Signed;
let soloAdmin: Signed;
let agent: Signed;
let groupId: string;
let cageA: string;
let cageGlobex: string;
const items: Record<string, string> = {};

const en = (name: string) => ({ en: { name, short: '', long: '' }, de: { name: `${name} (de)`, short: '', long: '' } });
const smartHandsForm = {
  fields: [
    { key: 'service', type: 'select', label: { en: 'Service' }, required: true, options: [{ value: 'equipment_install', label: { en: 'Equipment install' } }, { value: 'reboot', label: { en: 'Reboot' } }] },
    { key: 'device', type: 'text', label: { en: 'Device' }, required: true, maxLength: 100 },
    { key: 'units', type: 'number', label: { en: 'Rack units' }, required: false, min: 1, max: 42, step: 1 },
    { key: 'location', type: 'location', label: { en: 'Location' }, required: true, multiple: true },
    { key: 'contact', type: 'person', label: { en: 'Contact on site' }, required: false },
    { key: 'files', type: 'file', label: { en: 'Drawings' }, required: false, accept: ['.pdf', '.txt'] },
    { key: 'instructions', type: 'textarea', label: { en: 'Instructions' }, required: false },
  ],
};

async function item(key: string, approvalRule: string, opts: { kind?: string; tasks?: number; form?: unknown } = {}) {
  const id = uuidv7();
  await t.deps.db.insert(catalogueItems).values({
    id,
    key: `${key}_${uniq()}`,
    kind: opts.kind ?? 'smart_hands',
    icon: 'tool',
    texts: en(key),
    approvalRule,
    orderableBy: 'all',
    tasks: Array.from({ length: opts.tasks ?? 2 }, (_, i) => ({ title: { en: `Step ${i + 1}` }, groupId })),
    form: (opts.form ?? smartHandsForm) as never,
  });
  items[key] = id;
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  const acme = await createOrg(t);
  const globex = await createOrg(t);
  const solo = await createOrg(t);
  [acmeAdmin, acmeAdmin2, acmeUser, acmeUser2, globexAdmin, soloAdmin, agent] = await Promise.all([
    signedInUser(t, acme.id, 'customer_admin'),
    signedInUser(t, acme.id, 'customer_admin'),
    signedInUser(t, acme.id, 'customer_user'),
    signedInUser(t, acme.id, 'customer_user'),
    signedInUser(t, globex.id, 'customer_admin'),
    signedInUser(t, solo.id, 'customer_admin'),
    signedInUser(t, provider.id, 'provider_agent'),
  ]);
  groupId = uuidv7();
  await t.deps.db.insert(supportGroups).values({ id: groupId, name: `Smart hands ${uniq()}` });
  // A skill no ticket category has: ticket routing never picks this member (tests share a PostgreSQL database).
  await t.deps.db.insert(supportGroupMembers).values({ groupId, userId: agent.id, categories: ['orders-test-only'] });
  const regionId = uuidv7();
  const siteId = uuidv7();
  await t.deps.db.insert(regions).values({ id: regionId, code: `R${uniq()}`, name: 'Nordics' });
  await t.deps.db.insert(sites).values({ id: siteId, regionId, code: `OSL${uniq()}`, name: 'Oslo 1', country: 'NO', timeZone: 'Europe/Oslo' });
  cageA = uuidv7();
  cageGlobex = uuidv7();
  await t.deps.db.insert(locations).values([
    { id: cageA, siteId, kind: 'cage', code: 'A12', name: 'Cage A12' },
    { id: cageGlobex, siteId, kind: 'cage', code: 'G01', name: 'Cage G01' },
  ]);
  await t.deps.db.insert(locationEntitlements).values([
    { id: uuidv7(), orgId: acme.id, locationId: cageA },
    { id: uuidv7(), orgId: globex.id, locationId: cageGlobex },
    { id: uuidv7(), orgId: solo.id, locationId: cageGlobex },
  ]);
  await item('smart', 'customer_admin');
  await item('simple', 'none', { tasks: 1 });
  await item('badge', 'provider');
  await item('both', 'both');
  await item('notasks', 'none', { tasks: 0 });
  await item('decom', 'none', { kind: 'decommission', tasks: 1, form: { fields: [{ key: 'what', type: 'location', label: { en: 'What is removed' }, required: true, multiple: true }] } });
});
afterAll(async () => t?.close());

const good = () => ({ service: 'equipment_install', device: 'Dell R760', units: 2, location: [cageA] });
const order = (who: Signed, itemKey: string, values: Record<string, unknown> = good(), submit = true, extra: Record<string, unknown> = {}) =>
  t.http({ method: 'POST', url: '/api/v1/orders', cookie: who.cookie, payload: { itemId: items[itemKey], values, submit, ...extra } });
const get = (who: Signed, id: string, sub = '') => t.http({ method: 'GET', url: `/api/v1/orders/${id}${sub}`, cookie: who.cookie });
const post = (who: Signed, id: string, sub: string, payload?: Record<string, unknown>) => t.http({ method: 'POST', url: `/api/v1/orders/${id}/${sub}`, cookie: who.cookie, payload });
const decide = (who: Signed, id: string, decision: 'approve' | 'reject', extra: Record<string, unknown> = {}) => post(who, id, 'decision', { decision, ...extra });
const orderCount = async () => Number((await t.deps.db.select({ n: count() }).from(orders))[0]!.n);
const placed = async (who: Signed, itemKey: string, values?: Record<string, unknown>) => {
  const res = await order(who, itemKey, values);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
async function settle() {
  for (let i = 0; i < 100; i++) {
    const r = await dispatchPending(t.deps);
    if (r.processed + r.failed === 0) return;
  }
}
function multipart(filename: string, content: string, type = 'text/plain') {
  const boundary = `----portico${uniq()}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const stage = async (who: Signed, name = 'drawing.pdf') => {
  const res = await t.http({ method: 'POST', url: '/api/v1/order-files', cookie: who.cookie, ...multipart(name, '%PDF-1.4 rack drawing', 'application/pdf') });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
};

describe('placing an order', () => {
  it('keeps a draft, edits it, submits it to the customer approval; every step in the timeline and audited', async () => {
    const res = await order(acmeUser, 'smart', { device: 'half done' }, false);
    expect(res.statusCode, res.body).toBe(201);
    const draft = res.json();
    expect(draft.ref).toMatch(/^ORD\d{7}$/);
    expect(draft).toMatchObject({ status: 'draft', requester: { id: acmeUser.id }, item: { kind: 'smart_hands', version: 1 }, abilities: { edit: true, submit: true, cancel: true } });
    // A colleague, even the admin, does not see someone else's draft.
    expect((await get(acmeAdmin, draft.id)).statusCode).toBe(404);
    const edited = await t.http({ method: 'PUT', url: `/api/v1/orders/${draft.id}`, cookie: acmeUser.cookie, payload: { values: good() } });
    expect(edited.statusCode, edited.body).toBe(200);
    const submitted = await post(acmeUser, draft.id, 'submit', {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    const o = submitted.json();
    expect(o).toMatchObject({ status: 'waiting_for_approval', approvals: [{ step: 'customer', status: 'pending' }], abilities: { edit: false, decide: null } });
    expect(o.readable).toEqual(
      expect.arrayContaining([
        { key: 'service', type: 'select', label: 'Service', text: 'Equipment install' },
        expect.objectContaining({ key: 'location', text: expect.stringContaining('Cage A12') }),
      ]),
    );
    const events = (await get(acmeUser, o.id, '/events')).json().items.map((e: { type: string }) => e.type);
    expect(events).toEqual(['created', 'submitted', 'approval_requested']);
    const audited = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.targetId, o.id), like(auditLog.action, 'order.%')));
    expect(audited.map((a) => a.action).sort()).toEqual(['order.created', 'order.submitted']);
    // The next order gets the next number.
    const next = await placed(acmeUser, 'smart');
    expect(Number(next.ref.slice(3))).toBe(Number(o.ref.slice(3)) + 1);
  });

  it('refuses values that break the form with 422 FORM_INVALID naming the field, and stores nothing', async () => {
    const before = await orderCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good(), units: 99 }, 'values.units'],
      [{ ...good(), device: '' }, 'values.device'],
      [{ ...good(), service: 'teleport' }, 'values.service'],
      [{ ...good(), colour: 'red' }, 'values.colour'],
      [{ ...good(), location: 'not-a-list' }, 'values.location'],
    ];
    for (const [values, path] of cases) {
      const res = await order(acmeUser, 'smart', values);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(422);
      const problem = res.json();
      expect(problem.code).toBe('FORM_INVALID');
      expect(problem.errors.map((e: { path: string }) => e.path), res.body).toContain(path);
    }
    expect(await orderCount()).toBe(before);
  });

  it('checks persons, locations and files against the database: 422 naming the field, nothing stored', async () => {
    const before = await orderCount();
    const stranger = await order(acmeUser, 'smart', { ...good(), contact: [globexAdmin.id] });
    expect(stranger.statusCode, stranger.body).toBe(422);
    expect(stranger.json()).toMatchObject({ code: 'FORM_INVALID', errors: [{ path: 'values.contact.0' }] });
    const place = await order(acmeUser, 'smart', { ...good(), location: [cageA, cageGlobex] });
    expect(place.statusCode, place.body).toBe(422);
    expect(place.json()).toMatchObject({ code: 'LOCATION_NOT_ENTITLED', errors: [{ path: 'values.location.1' }] });
    const theirs = await stage(acmeUser2);
    const file = await order(acmeUser, 'smart', { ...good(), files: [theirs.id] });
    expect(file.statusCode, file.body).toBe(422);
    expect(file.json().errors[0].path).toBe('values.files.0');
    expect(await orderCount()).toBe(before);
    // The caller's own staged file is taken over by the order.
    const mine = await stage(acmeUser);
    const ok = await placed(acmeUser, 'smart', { ...good(), contact: [acmeUser2.id], files: [mine.id] });
    expect(ok.files).toEqual([expect.objectContaining({ id: mine.id, name: 'drawing.pdf' })]);
    expect(ok.readable.find((v: { key: string }) => v.key === 'files').text).toBe('drawing.pdf');
    const [row] = await t.deps.db.select().from(orderFiles).where(eq(orderFiles.id, mine.id));
    expect(row!.orderId).toBe(ok.id);
    // A file of another type than the field accepts.
    const png = await t.http({ method: 'POST', url: '/api/v1/order-files', cookie: acmeUser.cookie, ...multipart('photo.png', 'png', 'image/png') });
    expect(png.statusCode, png.body).toBe(201);
    const wrongType = await order(acmeUser, 'smart', { ...good(), files: [png.json().id] });
    expect(wrongType.statusCode).toBe(422);
    // Uploads keep the ticket attachments' limits: an unknown type is 415 and kept nowhere.
    const exe = await t.http({ method: 'POST', url: '/api/v1/order-files', cookie: acmeUser.cookie, ...multipart('setup.exe', 'MZ', 'application/octet-stream') });
    expect(exe.statusCode).toBe(415);
  });

  it('runs the kind handler registered for the item kind, and stores nothing when it refuses', async () => {
    const before = await orderCount();
    registerOrderKind(t.deps, 'cross_connect', {
      async validate(_tx, _ctx, input) {
        if (input.values.device === 'forbidden') throw new UnprocessableError([{ path: 'values.device', message: 'is not allowed here' }]);
      },
    });
    const id = uuidv7();
    await t.deps.db.insert(catalogueItems).values({ id, key: `xc_${uniq()}`, kind: 'cross_connect', icon: 'plug', texts: en('Cross-connect'), approvalRule: 'none', orderableBy: 'all', tasks: [], form: smartHandsForm as never });
    const refused = await t.http({ method: 'POST', url: '/api/v1/orders', cookie: acmeUser.cookie, payload: { itemId: id, values: { ...good(), device: 'forbidden' }, submit: true } });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().errors[0].path).toBe('values.device');
    expect(await orderCount()).toBe(before);
  });

  it('403 without orders.create (provider staff), 404 for an unknown item, 400 for bad shapes', async () => {
    expect((await order(agent, 'simple', { device: 'x' })).statusCode).toBe(403);
    const unknown = await t.http({ method: 'POST', url: '/api/v1/orders', cookie: acmeUser.cookie, payload: { itemId: uuidv7(), values: {}, submit: true } });
    expect(unknown.statusCode).toBe(404);
    const shape = await t.http({ method: 'POST', url: '/api/v1/orders', cookie: acmeUser.cookie, payload: { itemId: 'nope', values: [], extra: 1 } });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.itemId']));
  });
});

describe('approvals', () => {
  it('customer admin rule: another admin approves; the requester’s colleague may not; twice is 409', async () => {
    const o = await placed(acmeUser, 'smart');
    expect((await decide(acmeUser2, o.id, 'approve')).statusCode).toBe(403); // a colleague without orders.approve
    expect((await decide(agent, o.id, 'approve')).statusCode).toBe(403); // the provider does not decide a customer step
    const ok = await decide(acmeAdmin, o.id, 'approve', { comment: 'Go ahead' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'in_fulfilment', approvals: [{ step: 'customer', status: 'approved', decidedBy: { id: acmeAdmin.id }, comment: 'Go ahead' }] });
    expect(ok.json().tasks).toHaveLength(2);
    const again = await decide(acmeAdmin2, o.id, 'approve');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'INVALID_TRANSITION', allowed: ['completed'] });
  });

  it('the requester may not approve their own order while another approver exists; a single admin may', async () => {
    const own = await placed(acmeAdmin, 'smart');
    expect(own.abilities.decide).toBeNull();
    expect((await decide(acmeAdmin, own.id, 'approve')).statusCode).toBe(403);
    expect((await get(acmeAdmin2, own.id)).json().abilities.decide).toBe('customer');
    const solo = await placed(soloAdmin, 'smart', { service: 'reboot', device: 'fw1', location: [cageGlobex] });
    expect(solo.abilities.decide).toBe('customer');
    expect((await decide(soloAdmin, solo.id, 'approve')).json().status).toBe('in_fulfilment');
  });

  it('provider rule: staff decide; a customer admin may not', async () => {
    const o = await placed(acmeUser, 'badge');
    expect(o.status).toBe('waiting_for_approval');
    expect((await decide(acmeAdmin, o.id, 'approve')).statusCode).toBe(403);
    const queue = (await t.http({ method: 'GET', url: '/api/v1/orders?queue=provider_approval', cookie: agent.cookie })).json().items.map((x: { id: string }) => x.id);
    expect(queue).toContain(o.id);
    expect((await decide(agent, o.id, 'approve')).json().status).toBe('in_fulfilment');
  });

  it('both: the customer step first (not yet in the provider queue), then the provider', async () => {
    const o = await placed(acmeUser, 'both');
    const queue = async () => (await t.http({ method: 'GET', url: '/api/v1/orders?queue=provider_approval', cookie: agent.cookie })).json().items.map((x: { id: string }) => x.id);
    expect(await queue()).not.toContain(o.id);
    expect((await decide(agent, o.id, 'approve')).statusCode).toBe(403);
    const first = (await decide(acmeAdmin, o.id, 'approve')).json();
    expect(first).toMatchObject({ status: 'waiting_for_approval', approvals: [{ step: 'customer', status: 'approved' }, { step: 'provider', status: 'pending' }] });
    expect(await queue()).toContain(o.id);
    expect((await decide(acmeAdmin, o.id, 'approve')).statusCode).toBe(403);
    expect((await decide(agent, o.id, 'approve')).json().status).toBe('in_fulfilment');
  });

  it('a rejection needs a comment and ends the order', async () => {
    const o = await placed(acmeUser, 'smart');
    const bare = await decide(acmeAdmin, o.id, 'reject');
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors[0].path).toBe('body.comment');
    const rejected = await decide(acmeAdmin, o.id, 'reject', { comment: 'Not this month' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', approvals: [{ status: 'rejected', comment: 'Not this month' }] });
    expect((await post(acmeUser, o.id, 'cancel', { reason: 'late' })).statusCode).toBe(409);
  });

  it('the mail link: only for its recipient, never forged or expired, and once', async () => {
    const o = await placed(acmeUser, 'smart');
    await settle();
    const mails = await t.deps.db.select().from(mailMessages).where(and(eq(mailMessages.to, acmeAdmin.email), like(mailMessages.subject, `%${o.ref}%`)));
    expect(mails).toHaveLength(1);
    const m = /\/orders\/([0-9a-f-]{36})\?decide=([A-Za-z0-9_-]+)/.exec(mails[0]!.text);
    expect(m, mails[0]!.text).not.toBeNull();
    expect(m![1]).toBe(o.id);
    const token = m![2]!;
    // The requester is not asked (another approver exists); the second admin got a link of their own.
    expect(await t.deps.db.select().from(mailMessages).where(and(eq(mailMessages.to, acmeUser.email), like(mailMessages.subject, `%Approval needed%${o.ref}%`)))).toHaveLength(0);
    expect((await decide(acmeAdmin2, o.id, 'approve', { token })).statusCode).toBe(403); // someone else's link
    const forged = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
    const f = await decide(acmeAdmin, o.id, 'approve', { token: forged });
    expect(f.statusCode).toBe(403);
    expect(f.json().code).toBe('TOKEN_INVALID');
    const expired = t.deps.mailTokens.orderDecisionToken(o.id, 'customer', acmeAdmin.id, new Date(Date.now() - 15 * 86_400_000));
    expect((await decide(acmeAdmin, o.id, 'approve', { token: expired })).json().code).toBe('TOKEN_INVALID');
    const info = await t.http({ method: 'GET', url: `/api/v1/orders/decide-link?token=${token}`, cookie: acmeAdmin.cookie });
    expect(info.json()).toEqual({ orderId: o.id, step: 'customer', valid: true });
    expect((await get(acmeUser, o.id)).json().status).toBe('waiting_for_approval'); // nothing was decided by the refusals
    const ok = await decide(acmeAdmin, o.id, 'approve', { token });
    expect(ok.statusCode, ok.body).toBe(200);
    const reuse = await decide(acmeAdmin, o.id, 'approve', { token });
    expect(reuse.statusCode).toBe(409);
    const audit = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.targetId, o.id), eq(auditLog.action, 'order.approved')));
    expect(audit[0]!.after).toMatchObject({ via: 'mail_link' });
  });
});

describe('cancelling', () => {
  it('until fulfilment starts; 409 naming what may follow afterwards; a reason is required', async () => {
    const draft = (await order(acmeUser, 'smart', {}, false)).json();
    expect((await post(acmeUser, draft.id, 'cancel', { reason: 'Changed my mind' })).json().status).toBe('cancelled');
    const waiting = await placed(acmeUser, 'smart');
    const noReason = await post(acmeUser, waiting.id, 'cancel', {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('body.reason');
    expect((await post(acmeUser2, waiting.id, 'cancel', { reason: 'x' })).statusCode).toBe(404);
    const cancelled = await post(acmeUser, waiting.id, 'cancel', { reason: 'Rack moved' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Rack moved' });
    await settle();
    // The approvers who were asked are told it is off; the requester (who cancelled) is not told of their own act.
    const told = await t.deps.db.select().from(notifications).where(and(eq(notifications.orderId, waiting.id), eq(notifications.event, 'order_cancelled')));
    expect(told.map((n) => n.userId).sort()).toEqual([acmeAdmin.id, acmeAdmin2.id].sort());
    expect((await decide(acmeAdmin, waiting.id, 'approve')).statusCode).toBe(409);
    const running = await placed(acmeUser, 'simple', good());
    expect(running.status).toBe('in_fulfilment');
    const late = await post(acmeUser, running.id, 'cancel', { reason: 'too late' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'INVALID_TRANSITION', allowed: ['completed'] });
    expect((await post(acmeUser, running.id, 'submit', {})).statusCode).toBe(409);
    expect((await t.http({ method: 'PUT', url: `/api/v1/orders/${running.id}`, cookie: acmeUser.cookie, payload: { values: good() } })).statusCode).toBe(409);
  });
});

describe('fulfilment', () => {
  it('tasks from the template in the agent’s queue; done or skipped completes the order by itself and tells the requester', async () => {
    const o = await placed(acmeUser, 'simple', good());
    expect(o).toMatchObject({ status: 'in_fulfilment', tasks: [{ title: 'Step 1', status: 'todo', group: { id: groupId } }] });
    const mine = (await t.http({ method: 'GET', url: '/api/v1/orders?queue=my_tasks', cookie: agent.cookie })).json().items.map((x: { id: string }) => x.id);
    expect(mine).toContain(o.id);
    const taskUrl = `/api/v1/orders/${o.id}/tasks/${o.tasks[0].id}`;
    expect((await t.http({ method: 'PATCH', url: taskUrl, cookie: acmeAdmin.cookie, payload: { status: 'done' } })).statusCode).toBe(403);
    const bad = await t.http({ method: 'PATCH', url: taskUrl, cookie: agent.cookie, payload: { status: 'finished' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.status');
    const notStaff = await t.http({ method: 'PATCH', url: taskUrl, cookie: agent.cookie, payload: { assigneeId: acmeUser.id } });
    expect(notStaff.statusCode).toBe(400);
    const started = await t.http({ method: 'PATCH', url: taskUrl, cookie: agent.cookie, payload: { status: 'in_progress', assigneeId: agent.id } });
    expect(started.json()).toMatchObject({ status: 'in_fulfilment', tasks: [{ status: 'in_progress', assignee: { id: agent.id } }] });
    const done = await t.http({ method: 'PATCH', url: taskUrl, cookie: agent.cookie, payload: { status: 'done' } });
    expect(done.json()).toMatchObject({ status: 'completed', tasks: [{ status: 'done', doneBy: { id: agent.id } }] });
    expect((await t.http({ method: 'PATCH', url: taskUrl, cookie: agent.cookie, payload: { status: 'todo' } })).statusCode).toBe(409);
    const events = (await get(acmeUser, o.id, '/events')).json().items.map((e: { type: string }) => e.type);
    expect(events).toEqual(['created', 'submitted', 'approved', 'fulfilment_started', 'task_changed', 'task_changed', 'completed']);
    await settle();
    const told = await t.deps.db.select().from(notifications).where(and(eq(notifications.userId, acmeUser.id), eq(notifications.orderId, o.id))).orderBy(desc(notifications.createdAt));
    expect(told.map((n) => n.event)).toEqual(expect.arrayContaining(['order_completed', 'order_in_fulfilment']));
    const list = (await t.http({ method: 'GET', url: '/api/v1/notifications', cookie: acmeUser.cookie })).json().items;
    expect(list.find((n: { event: string }) => n.event === 'order_completed')).toMatchObject({ order: { id: o.id, ref: o.ref }, url: `/orders/${o.id}` });
    const groupMail = await t.deps.db.select().from(mailMessages).where(and(eq(mailMessages.to, agent.email), like(mailMessages.subject, `%${o.ref}%Tasks for%`)));
    expect(groupMail).toHaveLength(1);
  });

  it('an item without tasks waits for staff to complete it', async () => {
    const o = await placed(acmeUser, 'notasks', good());
    expect(o).toMatchObject({ status: 'in_fulfilment', tasks: [] });
    expect((await post(acmeAdmin, o.id, 'complete')).statusCode).toBe(403);
    expect((await get(agent, o.id)).json().abilities.complete).toBe(true);
    expect((await post(agent, o.id, 'complete')).json().status).toBe('completed');
    expect((await post(agent, o.id, 'complete')).statusCode).toBe(409);
  });
});

describe('reading, comments and files', () => {
  it('customers see their own orders, approvers the organisation’s, staff all but drafts; another organisation’s is 404', async () => {
    const o = await placed(acmeUser2, 'smart');
    const ids = async (who: Signed, q = '') => (await t.http({ method: 'GET', url: `/api/v1/orders${q}`, cookie: who.cookie })).json().items.map((x: { id: string }) => x.id);
    expect(await ids(acmeUser2)).toContain(o.id);
    expect(await ids(acmeUser)).not.toContain(o.id);
    expect(await ids(acmeAdmin)).toContain(o.id);
    expect(await ids(agent)).toContain(o.id);
    expect(await ids(globexAdmin)).not.toContain(o.id);
    expect(await ids(globexAdmin, `?orgId=${acmeUser2.orgId}`)).toEqual([]);
    for (const sub of ['', '/events']) expect((await get(globexAdmin, o.id, sub)).statusCode).toBe(404);
    expect((await post(globexAdmin, o.id, 'cancel', { reason: 'x' })).statusCode).toBe(404);
    expect((await post(globexAdmin, o.id, 'comments', { body: 'hi' })).statusCode).toBe(404);
    expect((await ids(acmeAdmin, `?requesterId=${acmeUser2.id}&status=waiting_for_approval&itemId=${items.smart}`)).every(Boolean)).toBe(true);
    expect(await ids(acmeAdmin, `?requesterId=${acmeUser2.id}&status=completed`)).not.toContain(o.id);
    expect((await t.http({ method: 'GET', url: '/api/v1/orders?queue=my_tasks', cookie: acmeAdmin.cookie })).statusCode).toBe(403);
    expect((await t.http({ method: 'GET', url: '/api/v1/orders?from=2026-13-01', cookie: acmeAdmin.cookie })).statusCode).toBe(400);
  });

  it('pages with a cursor without gaps', async () => {
    for (let i = 0; i < 3; i++) await placed(acmeUser, 'smart');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.http({ method: 'GET', url: `/api/v1/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`, cookie: acmeUser.cookie });
      const body = res.json();
      seen.push(...body.items.map((x: { id: string }) => x.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const all = (await t.http({ method: 'GET', url: '/api/v1/orders?limit=200', cookie: acmeUser.cookie })).json().items.length;
    expect(seen.length).toBe(all);
    expect((await t.http({ method: 'GET', url: '/api/v1/orders?cursor=garbage', cookie: acmeUser.cookie })).statusCode).toBe(400);
  });

  it('comments reach the other side; internal notes only staff; files attach and download', async () => {
    const o = await placed(acmeUser, 'simple', good());
    const c = await post(acmeUser, o.id, 'comments', { body: 'Please use the rear door.' });
    expect(c.statusCode, c.body).toBe(201);
    expect((await post(acmeUser, o.id, 'comments', { body: 'x', internal: true })).statusCode).toBe(403);
    expect((await post(acmeUser, o.id, 'comments', { body: '' })).statusCode).toBe(400);
    expect((await post(agent, o.id, 'comments', { body: 'Badge is at reception', internal: true })).statusCode).toBe(201);
    const custEvents = (await get(acmeUser, o.id, '/events')).json().items.map((e: { type: string }) => e.type);
    expect(custEvents).toContain('comment');
    expect(custEvents).not.toContain('internal_note');
    expect((await get(agent, o.id, '/events')).json().items.map((e: { type: string }) => e.type)).toContain('internal_note');
    const up = await t.http({ method: 'POST', url: `/api/v1/orders/${o.id}/files`, cookie: acmeUser.cookie, ...multipart('photo.txt', 'rear door photo') });
    expect(up.statusCode, up.body).toBe(201);
    const dl = await get(agent, o.id, `/files/${up.json().id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toContain('attachment');
    expect(dl.body).toBe('rear door photo');
    expect((await get(globexAdmin, o.id, `/files/${up.json().id}`)).statusCode).toBe(404);
    await settle();
    const toStaff = await t.deps.db.select().from(notifications).where(and(eq(notifications.userId, agent.id), eq(notifications.orderId, o.id), eq(notifications.event, 'order_comment')));
    expect(toStaff.length).toBeGreaterThanOrEqual(1);
  });

  it('exports CSV with the filters, spreadsheet-safe', async () => {
    const o = await placed(acmeUser, 'smart');
    await post(acmeUser, o.id, 'cancel', { reason: '=HYPERLINK("http://evil.example","x")' });
    const res = await t.http({ method: 'GET', url: '/api/v1/orders/export.csv?status=cancelled', cookie: acmeAdmin.cookie });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('reference,status,item,kind,item_version,organisation,requester,created_at,submitted_at,decided_at,completed_at,cancelled_at,cancel_reason,values');
    const line = lines.find((l) => l.startsWith(o.ref))!;
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(lines.slice(1).every((l) => l.includes(',cancelled,'))).toBe(true);
    const globex = await t.http({ method: 'GET', url: '/api/v1/orders/export.csv', cookie: globexAdmin.cookie });
    expect(globex.body).not.toContain(o.ref);
  });

  it('reorder copies the values into a draft of the item’s current version; what no longer fits is dropped and named', async () => {
    const o = await placed(acmeUser, 'smart', { ...good(), instructions: 'Mount at U10' });
    const form = { fields: smartHandsForm.fields.filter((f) => f.key !== 'instructions').map((f) => (f.key === 'units' ? { ...f, max: 1 } : f)) };
    await t.deps.db.update(catalogueItems).set({ form: form as never, version: 2 }).where(eq(catalogueItems.id, items.smart!));
    const res = await post(acmeUser, o.id, 'reorder');
    expect(res.statusCode, res.body).toBe(201);
    const { order: draft, dropped } = res.json();
    expect(draft).toMatchObject({ status: 'draft', item: { version: 2 }, values: { service: 'equipment_install', device: 'Dell R760', location: [cageA] } });
    expect(draft.values.units).toBeUndefined();
    expect(dropped.map((d: { key: string }) => d.key).sort()).toEqual(['instructions', 'units']);
    expect((await post(globexAdmin, o.id, 'reorder')).statusCode).toBe(404);
    await t.deps.db.update(catalogueItems).set({ form: smartHandsForm as never, version: 3 }).where(eq(catalogueItems.id, items.smart!));
  });

  it('lists what depends on locations before a decommission, for the own organisation only; the acknowledged list is kept', async () => {
    const existing = await placed(acmeUser, 'simple', good());
    const deps = await t.http({ method: 'GET', url: `/api/v1/orders/dependencies?locationIds=${cageA}`, cookie: acmeUser.cookie });
    expect(deps.statusCode, deps.body).toBe(200);
    expect(deps.json().items.map((d: { ref: string }) => d.ref)).toContain(existing.ref);
    expect((await t.http({ method: 'GET', url: `/api/v1/orders/dependencies?locationIds=${cageA}`, cookie: globexAdmin.cookie })).json().items).toEqual([]);
    expect((await t.http({ method: 'GET', url: `/api/v1/orders/dependencies?locationIds=nope`, cookie: acmeUser.cookie })).statusCode).toBe(400);
    const ack = deps.json().items.slice(0, 2);
    const decom = await order(acmeUser, 'decom', { what: [cageA] }, true, { acknowledgedDependencies: ack });
    expect(decom.statusCode, decom.body).toBe(201);
    expect(decom.json().acknowledgedDependencies).toEqual(ack);
  });
});
