import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Db } from './db/client.js';
import { sendProblem } from './http/problem.js';

/** Idempotency keys of API calls that create things: a retry with the same key gets the first answer. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    route: text('route').notNull(),
    bodyHash: text('body_hash').notNull(),
    /** null while the first request is still running. */
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** POST routes that honour an `Idempotency-Key` header. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency?: { principal: string; key: string };
  }
}

const KEY = /^[\x21-\x7e]{8,200}$/;
/** Keys are kept for a day: long enough for any client's retries. */
export const IDEMPOTENCY_TTL_HOURS = 24;

const hashBody = (req: FastifyRequest) => createHash('sha256').update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`).digest('hex');

/**
 * `Idempotency-Key` on routes with `config.idempotent` (the IETF draft's semantics): the first request
 * with a key runs and its answer is kept; a retry with the same key and body gets that answer again
 * and changes nothing; the same key with another body answers 422; a retry while the first is still
 * running answers 409. Keys belong to the caller (user), so two callers never share one.
 */
export function registerIdempotency(app: FastifyInstance, db: Db) {
  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.routeOptions.config.idempotent) return;
    const raw = req.headers['idempotency-key'];
    if (raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0]! : raw;
    if (!KEY.test(key)) return sendProblem(reply, 400, 'VALIDATION_FAILED', 'The Idempotency-Key header must be 8–200 visible ASCII characters.', { errors: [{ path: 'headers.idempotency-key', message: 'must be 8–200 visible ASCII characters' }] });
    const principal = req.ctx?.actor?.userId;
    if (!principal) return;
    const bodyHash = hashBody(req);
    const inserted = await db.insert(idempotencyKeys).values({ principal, key, route: req.routeOptions.url ?? req.url, bodyHash }).onConflictDoNothing().returning({ key: idempotencyKeys.key });
    if (inserted.length === 1) {
      req.idempotency = { principal, key };
      return;
    }
    const [prior] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
    if (!prior) return; // expired between the two statements: run as new
    if (prior.bodyHash !== bodyHash) return sendProblem(reply, 422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.');
    if (prior.statusCode === null) return sendProblem(reply, 409, 'IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still running; retry shortly.');
    reply.header('idempotent-replayed', 'true');
    return reply.code(prior.statusCode).send(prior.response);
  });

  // Keep a success for replay; forget a failure so the client may retry with the same key.
  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idempotency;
    if (!idem) return payload;
    const where = and(eq(idempotencyKeys.principal, idem.principal), eq(idempotencyKeys.key, idem.key));
    if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') {
      await db.update(idempotencyKeys).set({ statusCode: reply.statusCode, response: JSON.parse(payload) }).where(where);
    } else await db.delete(idempotencyKeys).where(where);
    return payload;
  });
}

/** Drops keys older than the TTL (a scheduled job). */
export async function purgeIdempotencyKeys(db: Db) {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(Date.now() - IDEMPOTENCY_TTL_HOURS * 3600_000)));
}
