import { randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { buildApp, type BuildOptions } from '../app.js';
import { createOrg, ORIGIN, signedInUser, testConfig, uniq, type TestApp } from '../../test/support/harness.js';
import { ticketCategories } from '../modules/tickets/tickets.tables.js';
import { openDatabase } from './db/client.js';
import { dispatchPending, outbox } from './outbox.js';
import { inAudience, publish } from './realtime.js';
import type { Actor } from './context.js';
import type { Permission } from '../../contracts/permissions.js';

/**
 * The SSE stream over real HTTP (app.listen on a free port, node's fetch reading the body): who
 * receives what, heartbeats, shutdown, and on PostgreSQL the fan-out between two instances.
 */
type Signed = Awaited<ReturnType<typeof signedInUser>>;
type Frame = { event: string; data: Record<string, unknown> };
type Stream = { status: number; frames: Frame[]; comments: string[]; ended: Promise<void>; isEnded(): boolean; close(): void };

/** An app like the harness's, with build options of its own (a short heartbeat) and listening. */
async function startApp(extra: Partial<BuildOptions> = {}, overrides: Record<string, string> = {}): Promise<TestApp & { base: string }> {
  const config = testConfig(overrides);
  const database = config.databaseUrl ? undefined : await openDatabase({ kind: 'pglite', dataDir: null });
  const portico = await buildApp({ config, logger: false, ...(database ? { database } : {}), ...extra });
  const ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const http: TestApp['http'] = ({ cookie, ip: fromIp, headers, ...opts }) =>
    portico.app.inject({ ...opts, remoteAddress: fromIp ?? ip, headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}), ...(headers ?? {}) } } as InjectOptions);
  const address = await portico.app.listen({ port: 0, host: '127.0.0.1' });
  const closeApp = portico.close.bind(portico);
  const close = async () => {
    await closeApp();
    await database?.close();
  };
  return Object.assign(portico, { http, close, base: address });
}

/** Connects to the stream and collects its frames and comment lines in the background. */
async function connect(base: string, cookie?: string): Promise<Stream> {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/v1/events/stream`, { headers: cookie ? { cookie, accept: 'text/event-stream' } : {}, signal: ac.signal });
  const s: Stream = { status: res.status, frames: [], comments: [], ended: Promise.resolve(), isEnded: () => done, close: () => ac.abort() };
  let done = false;
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel();
    done = true;
    return s;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  s.ended = (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buf += value;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) s.comments.push(line.slice(1).trim());
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (data) s.frames.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    } catch {
      // aborted by the test
    } finally {
      done = true;
    }
  })();
  return s;
}

/** Polls until `check` holds, failing after a deadline (arrival is asynchronous; nothing here is timed). */
async function until(check: () => boolean, what: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const changed = (s: Stream, ticketId: string) => s.frames.some((f) => f.event === 'ticket.changed' && f.data.ticketId === ticketId);

/**
 * Proves a stream did NOT receive something: a sentinel sent after it, to the same user, must arrive
 * first. NOTIFYs reach a listener in commit order, so anything sent before would already be there.
 */
async function sentinel(t: TestApp, s: Stream, userId: string) {
  const id = uuidv7();
  await t.deps.db.transaction((tx) => publish(tx, { event: 'test.sentinel', data: { id }, audience: [{ userId }] }));
  await until(() => s.frames.some((f) => f.event === 'test.sentinel' && f.data.id === id), 'the sentinel');
}

async function people(t: TestApp) {
  const provider = await createOrg(t, 'provider');
  const acme = await createOrg(t);
  const globex = await createOrg(t);
  const [requester, colleague, admin, other, agent] = await Promise.all([
    signedInUser(t, acme.id, 'customer_user'),
    signedInUser(t, acme.id, 'customer_user'), // same organisation, neither requester nor watcher
    signedInUser(t, acme.id, 'customer_admin'), // sees the organisation's tickets
    signedInUser(t, globex.id, 'customer_admin'),
    signedInUser(t, provider.id, 'provider_agent'),
  ]);
  const categoryId = uuidv7();
  await t.deps.db.insert(ticketCategories).values({ id: categoryId, key: `live_${uniq()}`, names: { en: 'Live' } });
  return { requester, colleague, admin, other, agent, categoryId };
}

describe('realtime stream (one instance)', () => {
  let t: Awaited<ReturnType<typeof startApp>>;
  let p: Awaited<ReturnType<typeof people>>;
  const streams: Stream[] = [];
  const open = async (who?: Signed) => {
    const s = await connect(t.base, who?.cookie);
    streams.push(s);
    return s;
  };
  beforeAll(async () => {
    t = await startApp({ realtimeHeartbeatMs: 50 });
    p = await people(t);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t?.close();
  });

  it('needs a signed-in user', async () => {
    const s = await open();
    expect(s.status).toBe(401);
  });

  it('tells whoever may see a ticket that it changed, and the requester of their new notification; nobody else', async () => {
    const [req, colleague, admin, other, agent] = await Promise.all([open(p.requester), open(p.colleague), open(p.admin), open(p.other), open(p.agent)]);
    const created = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: p.requester.cookie, payload: { title: 'Rack B4 too warm', description: '31 °C', categoryId: p.categoryId, urgency: 'major', impact: 'few' } });
    expect(created.statusCode, created.body).toBe(201);
    const ticketId = created.json().id as string;
    while ((await dispatchPending(t.deps)).processed > 0);
    // The agent hears of the new ticket (every agent does while nobody has it).
    await until(() => agent.frames.some((f) => f.event === 'notification') && changed(req, ticketId), 'the new-ticket notice');
    const notices = (s: Stream) => s.frames.filter((f) => f.event === 'notification').length;
    const agentNotices = notices(agent);
    const changes = (s: Stream) => s.frames.filter((f) => f.event === 'ticket.changed' && f.data.ticketId === ticketId).length;
    const changesBefore = changes(req);
    const reply = await t.http({ method: 'POST', url: `/api/v1/tickets/${ticketId}/comments`, cookie: p.agent.cookie, payload: { body: 'Looking into it.' } });
    expect(reply.statusCode).toBe(201);
    // Nothing is pushed before the dispatcher has handled the event (after the change committed). On a
    // PostgreSQL database shared with other test files, their dispatchers may get there first.
    await sentinel(t, req, p.requester.id);
    if (t.deps.database.kind === 'pglite') expect(changes(req)).toBe(changesBefore);
    const before = notices(req);
    while ((await dispatchPending(t.deps)).processed > 0);

    await until(() => notices(req) > before, 'the requester’s notification');
    for (const s of [req, admin, agent]) await until(() => changed(s, ticketId), 'ticket.changed');
    const note = req.frames.filter((f) => f.event === 'notification').at(-1)!;
    const bell = (await t.http({ method: 'GET', url: '/api/v1/notifications', cookie: p.requester.cookie })).json();
    expect(bell.items.map((n: { id: string }) => n.id)).toContain(note.data.id);
    // Only ids travel; the data comes through the API, which checks visibility again.
    expect(Object.keys(req.frames.find((f) => f.event === 'ticket.changed')!.data)).toEqual(['ticketId']);

    await sentinel(t, colleague, p.colleague.id);
    await sentinel(t, other, p.other.id);
    expect(changed(colleague, ticketId)).toBe(false);
    expect(changed(other, ticketId)).toBe(false);
    expect(other.frames.some((f) => f.event === 'notification')).toBe(false);
    await sentinel(t, agent, p.agent.id);
    expect(notices(agent)).toBe(agentNotices); // the agent replied: not told of their own reply
  });

  it('keeps internal notes from customers: only staff hear that the ticket changed', async () => {
    const [req, agent] = await Promise.all([open(p.requester), open(p.agent)]);
    const created = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: p.requester.cookie, payload: { title: 'Door sensor', description: 'Beeps', categoryId: p.categoryId, urgency: 'minor', impact: 'few' } });
    const ticketId = created.json().id as string;
    while ((await dispatchPending(t.deps)).processed > 0);
    await until(() => changed(req, ticketId) && changed(agent, ticketId), 'ticket.changed for the new ticket');
    const count = (s: Stream) => s.frames.filter((f) => f.event === 'ticket.changed' && f.data.ticketId === ticketId).length;
    const [reqBefore, agentBefore] = [count(req), count(agent)];
    const note = await t.http({ method: 'POST', url: `/api/v1/tickets/${ticketId}/comments`, cookie: p.agent.cookie, payload: { body: 'Sensor is on the list.', internal: true } });
    expect(note.statusCode).toBe(201);
    while ((await dispatchPending(t.deps)).processed > 0);
    await until(() => count(agent) > agentBefore, 'the agent’s ticket.changed');
    await sentinel(t, req, p.requester.id);
    expect(count(req)).toBe(reqBefore);
    // Likewise any event marked internal (an attachment on a note).
    const agentMid = count(agent);
    await t.deps.db.transaction((tx) => outbox(tx, 'ticket.attachment_added', p.requester.orgId, { ticketId, attachmentId: uuidv7(), internal: true }));
    while ((await dispatchPending(t.deps)).processed > 0);
    await until(() => count(agent) > agentMid, 'the agent’s ticket.changed for the attachment');
    await sentinel(t, req, p.requester.id);
    expect(count(req)).toBe(reqBefore);
  });

  it('sends a heartbeat comment to idle streams', async () => {
    const s = await open(p.colleague);
    await until(() => s.comments.includes('ping'), 'a heartbeat');
    expect(s.isEnded()).toBe(false);
  });

  it('ends a user’s streams when their identity changes, so they reconnect with their new rights', async () => {
    const s = await open(p.colleague);
    const other = await open(p.admin);
    await t.deps.invalidateUser(p.colleague.id);
    await until(() => s.isEnded(), 'the stream to end');
    expect(other.isEnded()).toBe(false);
  });

  it('ends every stream when the server closes, so a SIGTERM drain is not held up', async () => {
    const s = await open(p.requester);
    await until(() => s.comments.includes('connected'), 'the stream to open');
    await t.close();
    await until(() => s.isEnded(), 'the stream to end');
    t = { close: async () => {} } as typeof t;
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('realtime across instances (PostgreSQL)', () => {
  let a: Awaited<ReturnType<typeof startApp>>;
  let b: Awaited<ReturnType<typeof startApp>>;
  const streams: Stream[] = [];
  beforeAll(async () => {
    // One data directory: both instances share the auth secret, as instances of one deployment do.
    const shared = { PORTICO_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'portico-rt-')) };
    a = await startApp({}, shared);
    b = await startApp({}, shared);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await a?.close();
    await b?.close();
  });

  it('a reply made through instance A reaches the requester connected to instance B, and not another customer', async () => {
    const p = await people(a);
    const [req, other, agent] = await Promise.all([connect(b.base, p.requester.cookie), connect(b.base, p.other.cookie), connect(b.base, p.agent.cookie)]);
    streams.push(req, other, agent);
    expect(req.status).toBe(200);
    const created = await a.http({ method: 'POST', url: '/api/v1/tickets', cookie: p.requester.cookie, payload: { title: 'UPS alarm', description: 'Hall 1', categoryId: p.categoryId, urgency: 'major', impact: 'few' } });
    const ticketId = created.json().id as string;
    const reply = await a.http({ method: 'POST', url: `/api/v1/tickets/${ticketId}/comments`, cookie: p.agent.cookie, payload: { body: 'Technician on the way.' } });
    expect(reply.statusCode).toBe(201);
    // Instance A dispatches (on a shared database other files' events may come first).
    const arrived = () => changed(req, ticketId) && req.frames.some((f) => f.event === 'notification') && changed(agent, ticketId);
    const deadline = Date.now() + 30_000;
    while (!arrived() && Date.now() < deadline) {
      await dispatchPending(a.deps);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(arrived()).toBe(true);
    await sentinel(a, other, p.other.id);
    expect(changed(other, ticketId)).toBe(false);
    expect(other.frames.some((f) => f.event === 'notification')).toBe(false);
  });
});

describe('who a message is for', () => {
  const actor = (over: Partial<Actor>, perms: Permission[] = []): Actor => ({
    userId: 'u1', email: 'u1@test.example', name: 'U', orgId: 'o1', orgKind: 'customer', orgName: 'O', role: 'customer_user', permissions: new Set(perms), locale: 'en', timeZone: 'UTC', ...over,
  });
  it('matches a user, an organisation with a permission, or staff holding a permission', () => {
    expect(inAudience(actor({}), [{ userId: 'u1' }])).toBe(true);
    expect(inAudience(actor({}), [{ userId: 'u2' }])).toBe(false);
    expect(inAudience(actor({}), [{ orgId: 'o1' }])).toBe(true);
    expect(inAudience(actor({}), [{ orgId: 'o1', permission: 'tickets.read_org' }])).toBe(false);
    expect(inAudience(actor({}, ['tickets.read_org']), [{ orgId: 'o1', permission: 'tickets.read_org' }])).toBe(true);
    expect(inAudience(actor({}, ['tickets.read_org']), [{ orgId: 'o2', permission: 'tickets.read_org' }])).toBe(false);
    // A customer holding the same permission name is still not provider staff.
    expect(inAudience(actor({}, ['tickets.work']), [{ providerPermission: 'tickets.work' }])).toBe(false);
    expect(inAudience(actor({ orgKind: 'provider' }, ['tickets.work']), [{ providerPermission: 'tickets.work' }])).toBe(true);
    expect(inAudience(actor({ orgKind: 'provider' }), [{ providerPermission: 'tickets.work' }])).toBe(false);
  });
});
