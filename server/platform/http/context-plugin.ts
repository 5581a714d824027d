import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.js';
import type { AppDeps } from '../deps.js';
import { resolveIdentity, type ResolvedIdentity } from '../../modules/identity/index.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Ctx;
    identity: ResolvedIdentity | null;
  }
  interface FastifyContextConfig {
    /** Route answers without a signed-in user. */
    public?: boolean;
    /** Route answers to a signed-in user who has not yet passed the second factor (GET /me). */
    allowWithoutMfa?: boolean;
    rawAuth?: boolean;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Builds req.ctx for every /api/v1 request: who is calling (session or API token), whether the
 * second factor is satisfied, and CSRF protection for cookie-authenticated changes.
 */
export function registerContext(app: FastifyInstance, deps: AppDeps) {
  const allowedOrigin = new URL(deps.config.publicUrl).origin;
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.decorateRequest('identity', null);

  app.addHook('preValidation', async (req: FastifyRequest) => {
    if (!req.url.startsWith('/api/v1/')) return;
    const identity = await resolveIdentity(deps, req);
    req.identity = identity;
    const routeConfig = req.routeOptions.config;
    req.ctx = {
      db: deps.db,
      actor: identity && identity.mfa === 'ok' ? identity.actor : null,
      via: identity?.via ?? 'none',
      sessionId: identity?.sessionId ?? null,
      mfa: identity?.mfa ?? 'ok',
      requestId: String(req.id),
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
      log: req.log,
    };
    if (routeConfig.public) return;
    if (!identity) throw new UnauthenticatedError();
    if (identity.mfa !== 'ok' && !routeConfig.allowWithoutMfa) {
      throw identity.mfa === 'enrol'
        ? new ForbiddenError('Add a second factor before you continue.', 'MFA_ENROLMENT_REQUIRED')
        : new ForbiddenError('Verify your second factor before you continue.', 'MFA_CHALLENGE_REQUIRED');
    }
    if (identity.via === 'session' && !SAFE.has(req.method)) {
      const origin = req.headers.origin;
      const site = req.headers['sec-fetch-site'];
      const sameOrigin = origin ? origin === allowedOrigin : site === 'same-origin';
      if (!sameOrigin) throw new ForbiddenError('Cross-site request refused.', 'CSRF_REJECTED');
    }
  });
}
