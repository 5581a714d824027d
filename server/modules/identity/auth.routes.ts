import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../../contracts/errors.js';
import { audit, type AuditSource } from '../../platform/audit.js';
import type { AppDeps } from '../../platform/deps.js';
import { sendProblem } from '../../platform/http/problem.js';
import { CLIENT_IP_HEADER } from './auth.js';
import { apiKeys, users, verifications } from './identity.tables.js';
import { markSessionMfa, resolveIdentity, type ResolvedIdentity } from './resolve-identity.js';
import { notifySecurityChange } from './service/notify-security-change.js';

type Gate = 'public' | 'enrol' | 'full' | 'fresh';
/** How recent a sign-in must be for 'fresh' endpoints (the same as Better Auth's freshAge). */
const FRESH_MS = 10 * 60_000;
/**
 * The Better Auth endpoints reachable over HTTP, and what a caller must have to use them:
 * public (anyone), enrol (signed in, still allowed while enrolling a first second factor), full
 * (signed in with a second factor), fresh (full, and signed in within the last ten minutes: removing a
 * second factor without its password needs a recent sign-in instead). Everything else Better Auth offers answers 404: Portico's own
 * /api/v1 routes wrap those (API tokens, e-mail change) with its own checks.
 */
const ROUTES: Record<string, Gate> = {
  'POST /sign-in/email': 'public',
  'POST /sign-out': 'public',
  'GET /get-session': 'public',
  'POST /request-password-reset': 'public',
  'POST /reset-password': 'public',
  'GET /reset-password/:token': 'public',
  'GET /verify-email': 'public',
  'POST /two-factor/verify-totp': 'public',
  'POST /two-factor/verify-backup-code': 'public',
  'GET /passkey/generate-authenticate-options': 'public',
  'POST /passkey/generate-authenticate-options': 'public',
  'POST /passkey/verify-authentication': 'public',
  'POST /two-factor/enable': 'enrol',
  'GET /passkey/generate-register-options': 'enrol',
  'POST /passkey/verify-registration': 'enrol',
  'POST /two-factor/disable': 'full',
  'POST /two-factor/generate-backup-codes': 'full',
  'POST /two-factor/get-totp-uri': 'full',
  'GET /passkey/list-user-passkeys': 'full',
  'POST /passkey/delete-passkey': 'fresh',
  'POST /passkey/update-passkey': 'full',
  'POST /change-password': 'full',
};

function routeKey(method: string, path: string): string | null {
  const direct = `${method} ${path}`;
  if (direct in ROUTES) return direct;
  if (method === 'GET' && /^\/reset-password\/[^/]+$/.test(path)) return 'GET /reset-password/:token';
  return null;
}

const CODE_MAP: Record<string, ErrorCode> = {
  INVALID_EMAIL_OR_PASSWORD: 'INVALID_CREDENTIALS',
  INVALID_PASSWORD: 'INVALID_CREDENTIALS',
  INVALID_CODE: 'INVALID_CODE',
  INVALID_BACKUP_CODE: 'INVALID_CODE',
  INVALID_TWO_FACTOR_COOKIE: 'REAUTH_REQUIRED',
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: 'REAUTH_REQUIRED',
  ACCOUNT_TEMPORARILY_LOCKED: 'RATE_LIMITED',
  INVALID_TOKEN: 'TOKEN_INVALID',
  PASSWORD_TOO_SHORT: 'VALIDATION_FAILED',
  PASSWORD_TOO_LONG: 'VALIDATION_FAILED',
  VALIDATION_ERROR: 'VALIDATION_FAILED',
};

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  INVALID_CREDENTIALS: 'The e-mail or password is not correct.',
  INVALID_CODE: 'The code is not correct.',
  REAUTH_REQUIRED: 'This sign-in has expired. Sign in again.',
  TOKEN_INVALID: 'This link is not valid or has expired.',
};

/** Mounts Better Auth at /api/auth/* behind Portico's gate, throttle and audit. */
export async function authRoutes(app: FastifyInstance, deps: AppDeps) {
  const { config, db } = deps;
  const base = new URL(config.publicUrl);

  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    schema: { hide: true },
    config: { rawAuth: true },
    handler: async (req, reply) => {
      const path = req.url.split('?')[0]!.slice('/api/auth'.length);
      const key = routeKey(req.method, path);
      if (!key) return sendProblem(reply, 404, 'NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}.`);
      const gate = ROUTES[key]!;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const ip = req.ip;
      const who = await resolveIdentity(deps, req);
      const src: AuditSource = {
        actorId: who?.actor.userId ?? null,
        actorEmail: who?.actor.email ?? null,
        ip,
        userAgent: req.headers['user-agent'] ?? null,
        requestId: String(req.id),
      };

      if (gate !== 'public') {
        if (!who || who.via !== 'session') return sendProblem(reply, 401, 'UNAUTHENTICATED', 'Sign in to continue.');
        if ((gate === 'full' || gate === 'fresh') && who.mfa !== 'ok') return sendProblem(reply, 403, mfaCode(who), 'Verify your second factor first.');
        if (gate === 'fresh' && (!who.sessionCreatedAt || Date.now() - who.sessionCreatedAt.getTime() > FRESH_MS)) {
          return sendProblem(reply, 403, 'REAUTH_REQUIRED', 'Sign in again to make this change.');
        }
        if (gate === 'enrol' && who.mfa === 'challenge') return sendProblem(reply, 403, 'MFA_CHALLENGE_REQUIRED', 'Verify your second factor first.');
      }

      const pendingUserId = !who && path.startsWith('/two-factor/verify') ? await pendingSecondFactorUser(deps, req) : null;

      // Throttle per account and per IP, before the attempt is even looked at.
      const limited = await applyThrottle(deps, path, body, ip, req);
      if (limited) {
        await audit(db, src, {
          orgId: null,
          action: 'auth.throttled',
          targetType: 'auth',
          // Second-factor throttles are keyed by a cookie digest; the audit names the user instead.
          targetId: limited.subject.startsWith('2fa:') ? (who?.actor.userId ?? pendingUserId ?? null) : limited.subject,
          after: { path },
        });
        reply.header('retry-after', String(limited.retryAfter));
        return sendProblem(reply, 429, 'RATE_LIMITED', `Too many attempts. Try again in ${limited.retryAfter} seconds.`);
      }

      // What we must know before Better Auth changes it.
      let resetUserId: string | null = null;
      if (path === '/reset-password' && typeof body.token === 'string') {
        const [v] = await db.select({ value: verifications.value }).from(verifications).where(eq(verifications.identifier, `reset-password:${body.token}`));
        resetUserId = v?.value ?? null;
      }
      const forwardBody = path === '/change-password' ? { ...body, revokeOtherSessions: true } : body;

      const res = await deps.auth.handler(toFetchRequest(req, base, ip, forwardBody));
      const text = await res.text();
      const json = safeJson(text);

      await afterAuth(deps, { path, status: res.status, body, json, who, src, resetUserId, pendingUserId });

      reply.code(res.status);
      res.headers.forEach((value, name) => {
        if (name === 'set-cookie' || name === 'content-length' || name === 'content-encoding') return;
        reply.header(name, value);
      });
      const cookies = res.headers.getSetCookie();
      if (cookies.length) reply.header('set-cookie', cookies);
      if (res.status >= 400) return translateError(reply, res.status, json, res.headers.get('x-retry-after'));
      if (text === '') return reply.send();
      return reply.send(text);
    },
  });
}

function mfaCode(who: ResolvedIdentity): ErrorCode {
  return who.mfa === 'enrol' ? 'MFA_ENROLMENT_REQUIRED' : 'MFA_CHALLENGE_REQUIRED';
}

function safeJson(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function toFetchRequest(req: FastifyRequest, base: URL, ip: string, body: Record<string, unknown>): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || k === CLIENT_IP_HEADER || k === 'content-length' || k === 'host') continue;
    headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  }
  headers.set(CLIENT_IP_HEADER, ip);
  headers.set('host', base.host);
  const url = new URL(req.url, base);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  if (hasBody) headers.set('content-type', 'application/json');
  return new Request(url, { method: req.method, headers, body: hasBody ? JSON.stringify(body) : undefined });
}

function translateError(reply: FastifyReply, status: number, json: Record<string, unknown> | null, retry: string | null) {
  const authCode = typeof json?.code === 'string' ? json.code : '';
  let code: ErrorCode = CODE_MAP[authCode] ?? (status === 429 ? 'RATE_LIMITED' : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED');
  if (status === 429) code = 'RATE_LIMITED';
  if (status === 429 && retry) reply.header('retry-after', retry);
  const message = MESSAGES[code] ?? (typeof json?.message === 'string' ? json.message : 'The request was refused.');
  return sendProblem(reply, status, code, message);
}

type Limited = { retryAfter: number; subject: string };

async function applyThrottle(
  deps: AppDeps,
  path: string,
  body: Record<string, unknown>,
  ip: string,
  req: FastifyRequest,
): Promise<Limited | null> {
  const { throttle, config } = deps;
  const checks: [string, number][] = [];
  if (path === '/sign-in/email') {
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    checks.push([`signin:ip:${ip}`, config.throttle.ipMax]);
    if (email) checks.push([`signin:acct:${email}`, config.throttle.accountMax]);
  } else if (path.startsWith('/two-factor/verify') || path === '/two-factor/enable' || path === '/passkey/verify-authentication') {
    checks.push([`2fa:ip:${ip}`, config.throttle.ipMax]);
    const subject = req.headers.cookie?.match(/portico\.(?:two_factor|session_token)=([^;]+)/)?.[1];
    if (subject) checks.push([`2fa:sub:${createHash('sha256').update(subject).digest('hex').slice(0, 32)}`, config.throttle.accountMax]);
  } else if (path === '/request-password-reset' || path === '/reset-password') {
    checks.push([`reset:ip:${ip}`, config.throttle.ipMax]);
  }
  for (const [key, max] of checks) {
    const r = await throttle.hit(key, max);
    if (!r.allowed) return { retryAfter: r.retryAfter, subject: key.startsWith('2fa:') ? key : key.replace(/^[^:]+:[^:]+:/, '') };
  }
  return null;
}

type AfterAuth = {
  path: string;
  status: number;
  body: Record<string, unknown>;
  json: Record<string, unknown> | null;
  who: ResolvedIdentity | null;
  src: AuditSource;
  resetUserId: string | null;
  /** The user between password and second factor (from the two-factor cookie), for the audit log. */
  pendingUserId: string | null;
};

/**
 * Who is between the password step and the second factor: Better Auth's signed `two_factor` cookie
 * holds the identifier of a verification row whose value is the user id. Only used to attribute audit
 * records; Better Auth itself checks the signature.
 */
async function pendingSecondFactorUser(deps: AppDeps, req: FastifyRequest): Promise<string | null> {
  const raw = req.headers.cookie?.match(/(?:^|;\s*)portico\.two_factor=([^;]+)/)?.[1];
  if (!raw) return null;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const identifier = value.slice(0, value.lastIndexOf('.'));
  if (!identifier.startsWith('2fa-')) return null;
  const [v] = await deps.db.select({ value: verifications.value }).from(verifications).where(eq(verifications.identifier, identifier));
  return v?.value ?? null;
}

/** Audit log, notifications and token revocation after Better Auth has answered. */
async function afterAuth(deps: AppDeps, a: AfterAuth) {
  const { db } = deps;
  const ok = a.status < 400;
  const user = a.json?.user as { id?: string; email?: string } | undefined;
  const orgOf = async (userId: string | undefined | null) => {
    if (!userId) return null;
    const [u] = await db.select({ orgId: users.orgId, email: users.email }).from(users).where(eq(users.id, userId));
    return u ?? null;
  };
  // A failed attempt is not the account owner's act: the actor stays unknown (only the address the
  // caller typed is kept), so filtering the log by a user never shows someone else's guesses as theirs.
  const FAILED = new Set(['auth.sign_in_failed', 'auth.second_factor_failed']);
  const log = async (action: string, userId: string | null | undefined, extra: Record<string, unknown> = {}, targetEmail?: string) => {
    const u = await orgOf(userId);
    const actorId = a.src.actorId ?? (FAILED.has(action) ? null : (userId ?? null));
    await audit(db, { ...a.src, actorId, actorEmail: a.src.actorEmail ?? u?.email ?? targetEmail ?? null }, {
      orgId: u?.orgId ?? null,
      action,
      targetType: 'user',
      targetId: userId ?? targetEmail ?? null,
      after: extra,
    });
  };

  switch (a.path) {
    case '/sign-in/email': {
      const email = typeof a.body.email === 'string' ? a.body.email.trim().toLowerCase() : '';
      if (ok && a.json?.twoFactorRedirect) {
        const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
        await log('auth.password_verified', u?.id, { secondFactor: 'pending' });
      } else if (ok) {
        await deps.throttle.clear(`signin:acct:${email}`);
        await log('auth.sign_in', user?.id, { method: 'password' });
      } else {
        const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
        await log('auth.sign_in_failed', u?.id ?? null, { email, status: a.status }, email);
      }
      return;
    }
    case '/two-factor/verify-totp':
    case '/two-factor/verify-backup-code': {
      const method = a.path.endsWith('totp') ? 'totp' : 'backup_code';
      const enrolling = a.who?.mfa === 'enrol';
      if (ok && enrolling) {
        await log('auth.second_factor_added', a.who?.actor.userId, { method: 'totp' });
        await notifySecurityChange(deps, a.who!.actor.userId, 'totp_enabled');
        await deps.invalidateUser(a.who!.actor.userId);
      } else if (ok) await log('auth.sign_in', user?.id ?? a.who?.actor.userId ?? a.pendingUserId, { method });
      else await log('auth.second_factor_failed', a.who?.actor.userId ?? a.pendingUserId, { method });
      return;
    }
    case '/passkey/verify-authentication':
      await log(ok ? 'auth.sign_in' : 'auth.second_factor_failed', user?.id ?? null, { method: 'passkey' });
      return;
    case '/passkey/verify-registration':
      if (ok && a.who) {
        if (a.who.mfa === 'enrol' && a.who.sessionId) await markSessionMfa(db, a.who.sessionId, a.who.actor.userId);
        await log('auth.second_factor_added', a.who.actor.userId, { method: 'passkey' });
        await notifySecurityChange(deps, a.who.actor.userId, 'passkey_added');
        await deps.invalidateUser(a.who.actor.userId);
      }
      return;
    case '/passkey/delete-passkey':
    case '/two-factor/disable':
      if (ok && a.who) {
        const method = a.path.startsWith('/passkey') ? 'passkey' : 'totp';
        await log('auth.second_factor_removed', a.who.actor.userId, { method });
        await notifySecurityChange(deps, a.who.actor.userId, method === 'passkey' ? 'passkey_removed' : 'totp_disabled');
        await deps.invalidateUser(a.who.actor.userId);
      }
      return;
    case '/two-factor/generate-backup-codes':
      if (ok && a.who) {
        await log('auth.backup_codes_regenerated', a.who.actor.userId);
        await notifySecurityChange(deps, a.who.actor.userId, 'backup_codes_regenerated');
      }
      return;
    case '/change-password':
      if (ok && a.who) {
        await db.delete(apiKeys).where(eq(apiKeys.referenceId, a.who.actor.userId));
        await log('auth.password_changed', a.who.actor.userId, { otherSessionsRevoked: true, apiTokensRevoked: true });
        await notifySecurityChange(deps, a.who.actor.userId, 'password_changed');
        await deps.invalidateUser(a.who.actor.userId);
      } else if (a.who) await log('auth.password_change_failed', a.who.actor.userId);
      return;
    case '/request-password-reset': {
      const email = typeof a.body.email === 'string' ? a.body.email.trim().toLowerCase() : '';
      const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
      await log('auth.password_reset_requested', u?.id ?? null, { email }, email);
      return;
    }
    case '/reset-password':
      if (ok && a.resetUserId) {
        await db.delete(apiKeys).where(eq(apiKeys.referenceId, a.resetUserId));
        await log('auth.password_reset', a.resetUserId, { sessionsRevoked: true, apiTokensRevoked: true });
        await notifySecurityChange(deps, a.resetUserId, 'password_changed');
        await deps.invalidateUser(a.resetUserId);
      }
      return;
    case '/sign-out':
      if (a.who) {
        await log('auth.sign_out', a.who.actor.userId);
        await deps.invalidateUser(a.who.actor.userId);
      }
      return;
  }
}
