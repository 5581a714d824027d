import { createHash } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { permissionsFor, type Role } from '../../../contracts/permissions.js';
import type { Actor, MfaState } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import type { AppDeps } from '../../platform/deps.js';
import { organizations } from '../../platform/tenancy.js';
import { passkeys, sessions, users } from './identity.tables.js';

export type ResolvedIdentity = {
  actor: Actor;
  via: 'session' | 'token';
  sessionId: string | null;
  sessionToken: string | null;
  /** When the session was signed in (null for API tokens): sensitive changes need a recent one. */
  sessionCreatedAt: Date | null;
  mfa: MfaState;
  secondFactors: { totp: boolean; passkeys: number };
  mfaRequired: boolean;
};

export const SESSION_COOKIES = ['portico.session_token', '__Secure-portico.session_token'];

/** Loads a user with their organisation and second factors; null if missing or not active. */
export async function loadActor(db: Db, userId: string) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      status: users.status,
      granted: users.grantedPermissions,
      locale: users.locale,
      timeZone: users.timeZone,
      totp: users.twoFactorEnabled,
      orgId: organizations.id,
      orgKind: organizations.kind,
      orgName: organizations.name,
      orgStatus: organizations.status,
      mfaRequired: organizations.mfaRequired,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, userId));
  if (!row || row.status !== 'active' || row.orgStatus !== 'active') return null;
  const [pk] = await db.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, userId));
  const actor: Actor = {
    userId: row.id,
    email: row.email,
    name: row.name,
    orgId: row.orgId,
    orgKind: row.orgKind as Actor['orgKind'],
    orgName: row.orgName,
    role: row.role as Role,
    permissions: permissionsFor(row.role as Role, row.granted),
    locale: row.locale,
    timeZone: row.timeZone,
  };
  return { actor, totp: row.totp, passkeys: Number(pk?.n ?? 0), mfaRequired: row.mfaRequired };
}

function readCookie(header: string | undefined, names: string[]): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (names.includes(name)) return part.slice(i + 1).trim();
  }
  return null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/**
 * Who is calling: from `Authorization: Bearer <token>` (personal API token) or the session cookie.
 * Results are cached for a few seconds per credential; null when nobody valid is signed in.
 */
export async function resolveIdentity(deps: AppDeps, req: FastifyRequest): Promise<ResolvedIdentity | null> {
  const authz = req.headers.authorization;
  if (authz?.startsWith('Bearer ')) {
    const key = authz.slice(7).trim();
    const cacheKey = 't:' + sha256(key);
    const hit = deps.identityCache.get(cacheKey);
    if (hit) return hit;
    const r = await deps.auth.api.verifyApiKey({ body: { key } });
    if (!r.valid || !r.key) return null;
    const loaded = await loadActor(deps.db, r.key.referenceId);
    if (!loaded) return null;
    const resolved: ResolvedIdentity = {
      actor: loaded.actor,
      via: 'token',
      sessionId: null,
      sessionToken: null,
      sessionCreatedAt: null,
      mfa: 'ok', // tokens can only be made from a fully signed-in session
      secondFactors: { totp: loaded.totp, passkeys: loaded.passkeys },
      mfaRequired: loaded.mfaRequired,
    };
    deps.identityCache.set(cacheKey, loaded.actor.userId, resolved);
    return resolved;
  }

  const cookie = readCookie(req.headers.cookie, SESSION_COOKIES);
  if (!cookie) return null;
  const cacheKey = 's:' + cookie;
  const hit = deps.identityCache.get(cacheKey);
  if (hit) return hit;
  const data = await deps.auth.api.getSession({ headers: new Headers({ cookie: req.headers.cookie ?? '' }) });
  if (!data) return null;
  const session = data.session as typeof data.session & { amr?: string };
  const absoluteMs = deps.config.session.absoluteHours * 3600_000;
  if (new Date(session.createdAt).getTime() + absoluteMs < Date.now()) {
    await deps.db.delete(sessions).where(eq(sessions.id, session.id));
    return null;
  }
  const loaded = await loadActor(deps.db, data.user.id);
  if (!loaded) return null;
  const resolved: ResolvedIdentity = {
    actor: loaded.actor,
    via: 'session',
    sessionId: session.id,
    sessionToken: session.token,
    sessionCreatedAt: new Date(session.createdAt),
    mfa: mfaState(loaded.mfaRequired, loaded.totp, loaded.passkeys, session.amr),
    secondFactors: { totp: loaded.totp, passkeys: loaded.passkeys },
    mfaRequired: loaded.mfaRequired,
  };
  deps.identityCache.set(cacheKey, loaded.actor.userId, resolved);
  return resolved;
}

/** ok when the org does not require a second factor or the session was verified with one. */
export function mfaState(required: boolean, totp: boolean, passkeyCount: number, amr: string | undefined): MfaState {
  if (!required) return 'ok';
  if (!totp && passkeyCount === 0) return 'enrol';
  return amr === 'mfa' ? 'ok' : 'challenge';
}

/** Marks a session as verified with a second factor (after a passkey was registered in it). */
export async function markSessionMfa(db: Db, sessionId: string, userId: string) {
  await db.update(sessions).set({ amr: 'mfa' }).where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)));
}
