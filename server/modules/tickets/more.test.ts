import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { organizations } from '../../platform/tenancy.js';
import { ticketAttachments } from './more.tables.js';
import { tickets } from './tickets.tables.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let admin: Signed;
let agent: Signed;
let customer: Signed;
let other: Signed;
let orgSlug: string;
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp({ ATTACHMENT_MAX_BYTES: '2048', ATTACHMENT_TYPES: 'txt,pdf,png' });
  const provider = await createOrg(t, 'provider');
  const org = await createOrg(t);
  orgSlug = org.slug;
  [admin, agent, customer, other] = await Promise.all([
    signedInUser(t, provider.id, 'provider_admin'),
    signedInUser(t, provider.id, 'provider_agent'),
    signedInUser(t, org.id, 'customer_admin'),
    signedInUser(t, (await createOrg(t)).id, 'customer_admin'),
  ]);
  categoryId = (await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: customer.cookie })).json().items[0].id;
});
afterAll(async () => t?.close());

const open = async (who: Signed = customer, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  t.http({ method: 'POST', url: '/api/v1/tickets', cookie: who.cookie, headers, payload: { title: 'UPS alarm', description: 'x', categoryId, urgency: 'major', impact: 'few', ...extra } });

function multipart(filename: string, content: Buffer | string, type = 'text/plain') {
  const boundary = `----portico${uniq()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const filesOnDisk = () => {
  const dir = path.join(t.deps.config.dataDir, 'files');
  try {
    return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /[0-9a-f]{8}-/.test(path.basename(f))).length;
  } catch {
    return 0;
  }
};

describe('attachments', () => {
  it('stores a file, lists it, serves it as a download with a safe name; customers never see internal ones', async () => {
    const tk = (await open()).json();
    const up = await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/attachments`, cookie: customer.cookie, ...multipart('ups|log*.txt', 'battery 12%') });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ filename: 'ups_log_.txt', size: 11, contentType: 'text/plain', visibility: 'public' });
    const dl = await t.http({ method: 'GET', url: `/api/v1/tickets/${tk.id}/attachments/${up.json().id}`, cookie: customer.cookie });
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe('battery 12%');
    expect(dl.headers['content-disposition']).toMatch(/^attachment; filename="ups_log_.txt"/);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    const internal = await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/attachments?internal=true`, cookie: agent.cookie, ...multipart('notes.txt', 'internal') });
    expect(internal.statusCode).toBe(201);
    expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/attachments?internal=true`, cookie: customer.cookie, ...multipart('x.txt', 'x') })).statusCode).toBe(403);
    const seen = (await t.http({ method: 'GET', url: `/api/v1/tickets/${tk.id}/attachments`, cookie: customer.cookie })).json().items;
    expect(seen.map((a: { filename: string }) => a.filename)).toEqual(['ups_log_.txt']);
    expect((await t.http({ method: 'GET', url: `/api/v1/tickets/${tk.id}/attachments/${internal.json().id}`, cookie: customer.cookie })).statusCode).toBe(404);
    // Another organisation gets 404 for the ticket's files.
    expect((await t.http({ method: 'GET', url: `/api/v1/tickets/${tk.id}/attachments/${up.json().id}`, cookie: other.cookie })).statusCode).toBe(404);
    const events = (await t.http({ method: 'GET', url: `/api/v1/tickets/${tk.id}/events`, cookie: customer.cookie })).json().items;
    expect(events.filter((e: { type: string }) => e.type === 'attachment_added')).toHaveLength(1);
  });

  it('refuses an oversized file with 413 and a forbidden type with 415, keeping nothing', async () => {
    const tk = (await open()).json();
    const before = filesOnDisk();
    const rows = async () => Number((await t.deps.db.select({ n: count() }).from(ticketAttachments).where(eq(ticketAttachments.ticketId, tk.id)))[0]!.n);
    const big = await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/attachments`, cookie: customer.cookie, ...multipart('big.txt', Buffer.alloc(5000, 97)) });
    expect(big.statusCode, big.body).toBe(413);
    expect(big.json().code).toBe('BODY_TOO_LARGE');
    const exe = await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/attachments`, cookie: customer.cookie, ...multipart('setup.exe', 'MZ', 'application/octet-stream') });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const json = await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/attachments`, cookie: customer.cookie, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    expect({ rows: await rows(), files: filesOnDisk() }).toEqual({ rows: 0, files: before });
  });
});

describe('alerts open incidents', () => {
  let token: string;
  beforeAll(async () => {
    expect((await t.http({ method: 'POST', url: '/api/v1/integration-tokens', cookie: agent.cookie, payload: { name: 'Not allowed', scopes: ['alerts'] } })).statusCode).toBe(403);
    const res = await t.http({ method: 'POST', url: '/api/v1/integration-tokens', cookie: admin.cookie, payload: { name: `Prometheus ${uniq()}`, scopes: ['alerts'], autoResolve: true } });
    expect(res.statusCode, res.body).toBe(201);
    token = res.json().token;
    expect(token).toMatch(/^pit_/);
  });
  const post = (payload: unknown, auth = `Bearer ${token}`) => t.http({ method: 'POST', url: '/api/v1/integrations/alerts', headers: { authorization: auth }, payload: payload as Record<string, unknown> });
  const alertmanager = (fingerprint: string, status: 'firing' | 'resolved', n = 1) => ({
    version: '4',
    status,
    receiver: 'portico',
    alerts: Array.from({ length: n }, () => ({ status, fingerprint, labels: { alertname: 'UpsOnBattery', portico_org: orgSlug, category: 'power', severity: 'critical', site: 'OSL1' }, annotations: { summary: 'UPS A on battery', description: 'Mains lost.' } })),
  });

  it('an Alertmanager payload posted twice opens one incident; a storm of 1,000 identical alerts stays one', async () => {
    const fp = `fp-${uniq()}`;
    const first = await post(alertmanager(fp, 'firing'));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().results).toEqual([expect.objectContaining({ fingerprint: fp, action: 'created', ticket: expect.stringMatching(/^INC/) })]);
    const again = await post(alertmanager(fp, 'firing'));
    expect(again.json().results[0]).toMatchObject({ action: 'updated', ticket: first.json().results[0].ticket });
    const storm = await Promise.all([post(alertmanager(fp, 'firing', 500)), post(alertmanager(fp, 'firing', 500))]);
    expect(storm.every((r) => r.statusCode === 200)).toBe(true);
    const open = await t.deps.db.select().from(tickets).where(eq(tickets.alertFingerprint, fp));
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ source: 'alert', alertCount: 1002, urgency: 'critical', site: 'OSL1' });
    const tk = (await t.http({ method: 'GET', url: `/api/v1/tickets/${open[0]!.id}`, cookie: customer.cookie })).json();
    expect(tk).toMatchObject({ source: 'alert', alert: { count: 1002 }, category: { key: 'power' } });
    // The agents' queue shows it at the top: breached-free critical, first by dynamic priority among new ones.
    const queue = (await t.http({ method: 'GET', url: '/api/v1/tickets?queue=all_open&limit=200', cookie: agent.cookie })).json().items;
    expect(queue.map((x: { id: string }) => x.id)).toContain(open[0]!.id);

    // Resolved at the source: a timeline entry, and (auto-resolve) the incident is resolved.
    const resolved = await post(alertmanager(fp, 'resolved'));
    expect(resolved.json().results[0]).toMatchObject({ action: 'resolved' });
    const after = (await t.http({ method: 'GET', url: `/api/v1/tickets/${open[0]!.id}`, cookie: customer.cookie })).json();
    expect(after).toMatchObject({ status: 'resolved', resolutionCode: 'fixed' });
    const types = (await t.http({ method: 'GET', url: `/api/v1/tickets/${open[0]!.id}/events`, cookie: customer.cookie })).json().items.map((e: { type: string }) => e.type);
    expect(types).toContain('alert_resolved');
    // It fires again later: a new incident (the old one is resolved).
    expect((await post(alertmanager(fp, 'firing'))).json().results[0].action).toBe('created');
  });

  it('takes the generic format, rejects unknown organisations per alert, and refuses bad tokens and bad input', async () => {
    const fp = `gen-${uniq()}`;
    const res = await post({ alerts: [{ fingerprint: fp, title: 'Hall 2 inlet 31 °C', org: orgSlug, category: 'cooling', severity: 'warning' }, { fingerprint: `x-${fp}`, title: 'Nobody', org: 'no-such-org' }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results).toEqual([
      expect.objectContaining({ action: 'created' }),
      expect.objectContaining({ action: 'rejected', ticket: null, reason: expect.stringContaining('no-such-org') }),
    ]);
    expect((await post({ alerts: [] })).statusCode).toBe(400);
    const bad = await post({ alerts: [{ fingerprint: fp, org: orgSlug }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('title');
    expect((await post(alertmanager(fp, 'firing'), 'Bearer pit_wrong')).statusCode).toBe(401);
    expect((await post(alertmanager(fp, 'firing'), '')).statusCode).toBe(401);
    const provider = await t.deps.db.select().from(organizations).where(eq(organizations.kind, 'provider'));
    const toProvider = await post({ alerts: [{ fingerprint: `p-${fp}`, title: 'Provider org', org: provider[0]!.slug }] });
    expect(toProvider.json().results[0].action).toBe('rejected');
  });
});

describe('Idempotency-Key', () => {
  it('a retry with the same key returns the first answer and creates nothing; another body answers 422', async () => {
    const key = `key-${uniq()}-${uniq()}`;
    const before = Number((await t.deps.db.select({ n: count() }).from(tickets))[0]!.n);
    const first = await open(customer, { title: 'Idempotent ticket' }, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    const retry = await open(customer, { title: 'Idempotent ticket' }, { 'idempotency-key': key });
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(first.json().id);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(Number((await t.deps.db.select({ n: count() }).from(tickets))[0]!.n)).toBe(before + 1);
    const other = await open(customer, { title: 'Something else' }, { 'idempotency-key': key });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys belong to their caller: another user with the same key creates their own.
    expect((await open(other_(), { title: 'Idempotent ticket' }, { 'idempotency-key': key })).json().id).not.toBe(first.json().id);
    // A failed first attempt does not block a retry with the same key.
    const k2 = `key-${uniq()}-${uniq()}`;
    expect((await open(customer, { urgency: 'nope' }, { 'idempotency-key': k2 })).statusCode).toBe(400);
    const c1 = await t.http({ method: 'POST', url: `/api/v1/tickets/${first.json().id}/comments`, cookie: customer.cookie, headers: { 'idempotency-key': k2 }, payload: { body: 'Once' } });
    const c2 = await t.http({ method: 'POST', url: `/api/v1/tickets/${first.json().id}/comments`, cookie: customer.cookie, headers: { 'idempotency-key': k2 }, payload: { body: 'Once' } });
    expect(c1.statusCode).toBe(201);
    expect(c2.json().id).toBe(c1.json().id);
    expect((await open(customer, {}, { 'idempotency-key': 'short' })).statusCode).toBe(400);
  });
  const other_ = () => other;
});

describe('problems, CSAT and canned responses', () => {
  it('links incidents to a problem whose workaround the customer then sees', async () => {
    const inc = (await open()).json();
    const prb = await open(agent, { kind: 'problem', title: 'UPS firmware drops load on self-test' });
    expect(prb.statusCode, prb.body).toBe(201);
    expect((await t.http({ method: 'GET', url: `/api/v1/tickets/${prb.json().id}`, cookie: customer.cookie })).statusCode).toBe(404);
    expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${inc.id}/problem`, cookie: customer.cookie, payload: { problemId: prb.json().id } })).statusCode).toBe(403);
    const notProblem = await t.http({ method: 'POST', url: `/api/v1/tickets/${inc.id}/problem`, cookie: agent.cookie, payload: { problemId: inc.id } });
    expect(notProblem.json().errors[0].path).toBe('body.problemId');
    expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${inc.id}/problem`, cookie: agent.cookie, payload: { problemId: prb.json().id } })).statusCode).toBe(200);
    await t.http({ method: 'POST', url: `/api/v1/tickets/${prb.json().id}/workaround`, cookie: agent.cookie, payload: { workaround: 'Disable the weekly self-test until firmware 4.2.' } });
    const seen = (await t.http({ method: 'GET', url: `/api/v1/tickets/${inc.id}`, cookie: customer.cookie })).json();
    expect(seen.problem).toMatchObject({ ref: prb.json().ref, workaround: 'Disable the weekly self-test until firmware 4.2.' });
    const linked = (await t.http({ method: 'GET', url: `/api/v1/tickets?problemId=${prb.json().id}`, cookie: agent.cookie })).json().items;
    expect(linked.map((x: { id: string }) => x.id)).toEqual([inc.id]);
  });

  it('the customer rates a resolved ticket once (changeable while it may be reopened); reports average it', async () => {
    const tk = (await open()).json();
    expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/rating`, cookie: customer.cookie, payload: { score: 5 } })).statusCode).toBe(409);
    await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/assign`, cookie: agent.cookie, payload: { assigneeId: agent.id } });
    await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/status`, cookie: agent.cookie, payload: { status: 'resolved', resolutionCode: 'fixed' } });
    const bad = await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/rating`, cookie: customer.cookie, payload: { score: 6 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.score');
    expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/rating`, cookie: agent.cookie, payload: { score: 5 } })).statusCode).toBe(403);
    expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/rating`, cookie: other.cookie, payload: { score: 1 } })).statusCode).toBe(404);
    expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/rating`, cookie: customer.cookie, payload: { score: 3 } })).statusCode).toBe(200);
    const rated = await t.http({ method: 'POST', url: `/api/v1/tickets/${tk.id}/rating`, cookie: customer.cookie, payload: { score: 4, comment: 'Quick and clear.' } });
    expect(rated.json()).toMatchObject({ score: 4, comment: 'Quick and clear.' });
    expect((await t.http({ method: 'GET', url: `/api/v1/tickets/${tk.id}/rating`, cookie: agent.cookie })).json().rating.score).toBe(4);
    const month = new Date().toISOString().slice(0, 7);
    const report = (await t.http({ method: 'GET', url: `/api/v1/ticket-reports?from=${month}&to=${month}`, cookie: customer.cookie })).json().items;
    expect(report[0].csatAverage).toBe(4);
  });

  it('canned responses: agents read them, provider admins keep them', async () => {
    expect((await t.http({ method: 'POST', url: '/api/v1/canned-responses', cookie: agent.cookie, payload: { title: 'On our way', body: 'A technician is on the way.' } })).statusCode).toBe(403);
    const created = await t.http({ method: 'POST', url: '/api/v1/canned-responses', cookie: admin.cookie, payload: { title: `On our way ${uniq()}`, body: 'A technician is on the way.', categoryKey: 'power' } });
    expect(created.statusCode, created.body).toBe(201);
    expect((await t.http({ method: 'GET', url: '/api/v1/canned-responses', cookie: agent.cookie })).json().items.map((c: { id: string }) => c.id)).toContain(created.json().id);
    expect((await t.http({ method: 'GET', url: '/api/v1/canned-responses', cookie: customer.cookie })).statusCode).toBe(403);
    expect((await t.http({ method: 'DELETE', url: `/api/v1/canned-responses/${created.json().id}`, cookie: admin.cookie })).statusCode).toBe(204);
    expect(await t.deps.db.select().from(tickets).where(and(eq(tickets.kind, 'nothing')))).toHaveLength(0);
  });
});
