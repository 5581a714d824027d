import type { ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Permission } from '../../contracts/permissions.js';
import { requireActor, type Actor } from './context.js';
import type { Database, DbOrTx } from './db/client.js';

/**
 * Realtime: a Server-Sent Events stream per signed-in browser, fed through PostgreSQL LISTEN/NOTIFY
 * so a change handled on one instance reaches clients connected to any instance. Messages carry ids
 * only ("notification 0190…", "ticket 0190… changed"); the client refetches through the normal API,
 * which enforces visibility again. Each message names its audience, and a connection receives only
 * messages whose audience matches its user, so nobody learns even the id of what they may not see.
 */
export const REALTIME_CHANNEL = 'portico_realtime';

/** Who may receive a message: any rule matching the connected user is enough. */
export type AudienceRule =
  | { userId: string }
  /** Members of an organisation, optionally only those holding a permission. */
  | { orgId: string; permission?: Permission }
  /** Provider staff holding a permission (they work across organisations). */
  | { providerPermission: Permission };
export type Audience = readonly AudienceRule[];

export type RealtimeMessage = { event: string; data: Record<string, string | number | boolean | null>; audience: Audience };

/**
 * Queues a message in the caller's transaction. PostgreSQL delivers a NOTIFY only when (and if) the
 * transaction commits, to every instance listening, so a client never hears of a change that was
 * rolled back or that it could not yet read.
 */
export async function publish(tx: DbOrTx, msg: RealtimeMessage): Promise<void> {
  await publishMany(tx, [msg]);
}

/** Several messages in one statement (a notice to each of a group's agents, say). */
export async function publishMany(tx: DbOrTx, msgs: RealtimeMessage[]): Promise<void> {
  if (msgs.length === 0) return;
  const payloads = msgs.map((msg) => {
    const payload = JSON.stringify(msg);
    // NOTIFY payloads are limited to 8000 bytes; ids and a few dozen audience rules stay far below.
    if (Buffer.byteLength(payload) > 7900) throw new Error(`realtime message ${msg.event} too large`);
    return payload;
  });
  await tx.execute(sql`SELECT pg_notify(${REALTIME_CHANNEL}, m) FROM unnest(${sql.param(payloads)}::text[]) AS m`);
}

/** Whether a message for `audience` may reach this user. */
export function inAudience(actor: Actor, audience: Audience): boolean {
  return audience.some((rule) => {
    if ('userId' in rule) return rule.userId === actor.userId;
    if ('orgId' in rule) return rule.orgId === actor.orgId && (!rule.permission || actor.permissions.has(rule.permission));
    return actor.orgKind === 'provider' && actor.permissions.has(rule.providerPermission);
  });
}

type Connection = { actor: Actor; res: ServerResponse; openedAt: number };

export type RealtimeOptions = {
  /** A comment line every so often keeps proxies from closing an idle stream (default 25 s). */
  heartbeatMs?: number;
  /** Streams are closed after this long (default 30 min); EventSource reconnects and is authenticated anew. */
  maxLifetimeMs?: number;
  /** Streams one user may hold open (tabs); the oldest is closed beyond it. */
  maxPerUser?: number;
};

export type Realtime = {
  /** Registers GET /api/v1/events/stream and the shutdown hook. */
  register(app: FastifyInstance): void;
  /** Starts listening for messages of every instance. */
  start(): Promise<void>;
  /** Ends a user's streams (sessions revoked, role changed): the browser reconnects with its new rights. */
  dropUser(userId: string): void;
  /** Open streams in this process. */
  count(): number;
  stop(): Promise<void>;
};

/** Creates the realtime hub of one instance. */
export function createRealtime(database: Database, opts: RealtimeOptions = {}): Realtime {
  const heartbeatMs = opts.heartbeatMs ?? 25_000;
  const maxLifetimeMs = opts.maxLifetimeMs ?? 30 * 60_000;
  const maxPerUser = opts.maxPerUser ?? 10;
  const byUser = new Map<string, Set<Connection>>();
  let closing = false;
  let unlisten: (() => Promise<void>) | null = null;
  let heartbeat: NodeJS.Timeout | null = null;

  const remove = (c: Connection) => {
    const set = byUser.get(c.actor.userId);
    set?.delete(c);
    if (set?.size === 0) byUser.delete(c.actor.userId);
  };
  const end = (c: Connection) => {
    remove(c);
    if (!c.res.writableEnded) c.res.end();
  };
  const all = () => [...byUser.values()].flatMap((s) => [...s]);
  const write = (c: Connection, chunk: string) => {
    // A client that stopped reading would make the buffer grow without end: drop it instead.
    if (c.res.writableLength > 1_000_000) return void c.res.destroy();
    c.res.write(chunk);
  };

  const deliver = (payload: string) => {
    let msg: RealtimeMessage;
    try {
      msg = JSON.parse(payload) as RealtimeMessage;
    } catch {
      return;
    }
    const frame = `event: ${msg.event.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(msg.data)}\n\n`;
    for (const c of all()) if (inAudience(c.actor, msg.audience)) write(c, frame);
  };

  return {
    register(app) {
      // Hidden from the OpenAPI document: it is a stream, not a JSON answer (the tenant sweep would
      // wait on it for ever); its own tests check who receives what.
      app.get('/api/v1/events/stream', { schema: { hide: true }, exposeHeadRoute: false }, (req, reply) => {
        requireActor(req.ctx);
        if (closing) return reply.code(503).send({ status: 'shutting_down' });
        const actor = req.ctx.actor;
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          'x-accel-buffering': 'no', // nginx: do not buffer the stream
          'x-content-type-options': 'nosniff',
          'x-request-id': String(req.id),
        });
        res.write(`retry: 5000\n: connected\n\n`);
        const c: Connection = { actor, res, openedAt: Date.now() };
        const mine = byUser.get(actor.userId) ?? new Set<Connection>();
        byUser.set(actor.userId, mine);
        mine.add(c);
        if (mine.size > maxPerUser) end(mine.values().next().value!);
        res.on('close', () => remove(c));
        res.on('error', () => remove(c));
      });
      // Open streams would keep the server from closing: end them first, so SIGTERM drains.
      app.addHook('preClose', async () => {
        closing = true;
        for (const c of all()) end(c);
      });
    },
    async start() {
      unlisten = await database.listen(REALTIME_CHANNEL, deliver);
      heartbeat = setInterval(() => {
        const now = Date.now();
        for (const c of all()) {
          if (now - c.openedAt > maxLifetimeMs) end(c);
          else write(c, ': ping\n\n');
        }
      }, heartbeatMs);
      heartbeat.unref();
    },
    dropUser(userId) {
      for (const c of [...(byUser.get(userId) ?? [])]) end(c);
    },
    count: () => all().length,
    async stop() {
      closing = true;
      if (heartbeat) clearInterval(heartbeat);
      for (const c of all()) end(c);
      await unlisten?.().catch(() => {});
    },
  };
}
