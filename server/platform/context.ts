import type { FastifyBaseLogger } from 'fastify';
import type { Permission, Role } from '../../contracts/permissions.js';
import type { AuditSource } from './audit.js';
import type { Db, Tx } from './db/client.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

/** The signed-in person, resolved once per request from the session or the API token. */
export type Actor = {
  userId: string;
  email: string;
  name: string;
  orgId: string;
  orgKind: 'provider' | 'customer';
  orgName: string;
  role: Role;
  permissions: ReadonlySet<Permission>;
  locale: string;
  timeZone: string;
};

export type MfaState = 'ok' | 'enrol' | 'challenge';

/** What every service function receives: who asks, for which organisation, and the request's facts. */
export type Ctx = {
  db: Db;
  actor: Actor | null;
  /** How the caller authenticated. */
  via: 'session' | 'token' | 'none';
  sessionId: string | null;
  mfa: MfaState;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  log: FastifyBaseLogger;
};

export type AuthedCtx = Ctx & { actor: Actor };

/** Throws 401 unless someone is signed in (and has passed the second factor). */
export function requireActor(ctx: Ctx): asserts ctx is AuthedCtx {
  if (!ctx.actor) throw new UnauthenticatedError();
}

/** Throws 403 unless the actor holds the permission. */
export function requirePermission(ctx: Ctx, permission: Permission): asserts ctx is AuthedCtx {
  requireActor(ctx);
  if (!ctx.actor.permissions.has(permission)) throw new ForbiddenError();
}

export const can = (ctx: Ctx, permission: Permission) => !!ctx.actor?.permissions.has(permission);

/** The audit source (who, from where) of a request context. */
export function auditSource(ctx: Ctx): AuditSource {
  return {
    actorId: ctx.actor?.userId ?? null,
    actorEmail: ctx.actor?.email ?? null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
  };
}

/** Runs fn in one transaction. */
export function withTx<T>(ctx: Pick<Ctx, 'db'>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db.transaction(fn);
}
