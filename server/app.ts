import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { lt, sql } from 'drizzle-orm';
import type { Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/db/client.js';
import { migrationsApplied, runMigrations } from './platform/db/migrate.js';
import type { AppDeps } from './platform/deps.js';
import { registerContext } from './platform/http/context-plugin.js';
import { registerProblemHandler, sendProblem } from './platform/http/problem.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { startJobs } from './platform/jobs.js';
import { createMailer } from './platform/mail.js';
import { createMailTokens } from './platform/mail-tokens.js';
import { createEventRegistry, pruneOutbox, startDispatcher } from './platform/outbox.js';
import { createRealtime } from './platform/realtime.js';
import { resolveAuthSecret } from './platform/secrets.js';
import { ActorCache, forgetUserName, authRoutes, createAuth, createThrottle, identityRoutes, type ResolvedIdentity } from './modules/identity/index.js';
import { organisationsRoutes } from './modules/organisations/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { mailRoutes } from './modules/mail/index.js';
import { ratingLinkRoutes, ticketJobs, ticketSearchProvider, ticketsRoutes } from './modules/tickets/index.js';
import { mailInRoutes, startInboundListener, type InboundListener } from './modules/mail-in/index.js';
import { notificationJobs, notificationsRoutes, subscribeNotifications } from './modules/notifications/index.js';
import { orderSearchProvider, ordersRoutes } from './modules/orders/index.js';
import { sitesRoutes } from './modules/sites/index.js';
import { catalogueRoutes, catalogueSearchProvider } from './modules/catalogue/index.js';
import { registerSearchProvider, searchRoutes } from './modules/search/index.js';
import { accessJobs, accessQueuedJobs, accessRoutes, registerAccess } from './modules/access/index.js';
import { documentJobs, documentSearchProvider, documentsRoutes } from './modules/documents/index.js';
import { kbRoutes, registerKbEvents, registerKbSearch } from './modules/kb/index.js';
import { ROOT } from './platform/paths.js';
import { localFileStore } from './platform/storage.js';
import { purgeIdempotencyKeys, registerIdempotency } from './platform/idempotency.js';
import { authAttempts, sessions, verifications } from './platform/db/schema.js';

const IDENTITY_CHANNEL = 'portico_identity';

export type BuildOptions = {
  config: Config;
  /** Use this database instead of opening one from the config (tests share one per file). */
  database?: Database;
  /** Start pg-boss and the mail pump (the server does; most tests do not). */
  jobs?: boolean;
  logger?: boolean;
  /** Heartbeat of the realtime streams (tests shorten it; default 25 s). */
  realtimeHeartbeatMs?: number;
  /** How often the outbox dispatcher looks for events when jobs run (default 1 s). */
  dispatchIntervalMs?: number;
};

export type Portico = {
  app: FastifyInstance;
  deps: AppDeps;
  /** The inbound SMTP listener for replies by mail, when INBOUND_SMTP_PORT is set (and jobs run). */
  inbound: InboundListener | null;
  close(): Promise<void>;
};

/** Builds the whole server: database, migrations, identity, modules, web. Does not listen. */
const REQUEST_ID = /^[\w-]{8,64}$/;
/** Request ids: a random per-process prefix and a counter; unique across instances, no RNG per request. */
const REQUEST_ID_PREFIX = randomBytes(6).toString('base64url');
let requestCounter = 0;
const nextRequestId = () => `${REQUEST_ID_PREFIX}-${(++requestCounter).toString(36).padStart(6, '0')}`;

export async function buildApp(opts: BuildOptions): Promise<Portico> {
  const { config } = opts;
  const database =
    opts.database ??
    (await openDatabase(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir }));
  await runMigrations(database);

  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, files: localFileStore(path.join(config.dataDir, 'files')) });
  const secret = resolveAuthSecret(config.authSecret, config.dataDir);
  const auth = createAuth({ db: database.db, config, secret, mailer });
  const identityCache = new ActorCache<ResolvedIdentity>(10_000);
  const realtime = createRealtime(database, { heartbeatMs: opts.realtimeHeartbeatMs });
  await realtime.start();
  const unlisten = await database.listen(IDENTITY_CHANNEL, (userId) => {
    identityCache.invalidateUser(userId);
    forgetUserName(userId);
    // Open streams carry the rights of when they opened: end them, the browser reconnects with the new ones.
    realtime.dropUser(userId);
  });
  const deps: AppDeps = {
    config,
    database,
    db: database.db,
    mailer,
    mailTokens: createMailTokens(secret, config.inboundMail.domain),
    events: createEventRegistry(),
    auth,
    throttle: createThrottle(database, config.throttle.windowMinutes),
    identityCache,
    async invalidateUser(userId) {
      identityCache.invalidateUser(userId);
      forgetUserName(userId);
      await database.raw.query('SELECT pg_notify($1, $2)', [IDENTITY_CHANNEL, userId]);
    },
  };

  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : nextRequestId();
    },
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerSecurityHeaders(app, { https: config.publicUrl.startsWith('https:') });

  registerProblemHandler(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Portico API', version: '1', description: 'Customer portal API. Authenticate with the session cookie or `Authorization: Bearer <personal API token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'portico.session_token' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  registerContext(app, deps);
  registerIdempotency(app, database.db);
  realtime.register(app);

  app.get('/api/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/api/ready', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await database.raw.query('SELECT 1');
      if (!(await migrationsApplied(database))) return reply.code(503).send({ status: 'migrations_pending' });
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database_unreachable' });
    }
  });
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await authRoutes(app, deps);
  await identityRoutes(app, deps);
  await organisationsRoutes(app, deps);
  await auditRoutes(app);
  await mailRoutes(app, deps);
  await ticketsRoutes(app, deps);
  await ratingLinkRoutes(app, deps);
  await mailInRoutes(app);
  await notificationsRoutes(app);
  await catalogueRoutes(app);
  await ordersRoutes(app, deps);
  await sitesRoutes(app, deps);
  await accessRoutes(app, deps);
  await documentsRoutes(app, deps);
  await kbRoutes(app, deps);
  registerKbSearch(deps);
  registerKbEvents(deps);
  registerAccess(deps);
  // One search (issue 5): each module that owns searchable things adds its provider.
  for (const provider of [ticketSearchProvider, orderSearchProvider, catalogueSearchProvider, documentSearchProvider]) registerSearchProvider(deps, provider);
  await searchRoutes(app, deps);
  subscribeNotifications(deps);

  const webDir = path.join(ROOT, 'dist/web');
  if (existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: 'index.html' });
  }
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/');
    if (!isApi && req.method === 'GET' && existsSync(path.join(webDir, 'index.html'))) return reply.sendFile('index.html');
    return sendProblem(reply, 404, 'NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}.`);
  });

  let jobs: { stop(): Promise<void> } | null = null;
  let pump: NodeJS.Timeout | null = null;
  let dispatcher: { stop(): Promise<void> } | null = null;
  if (opts.jobs) {
    jobs = await startJobs(
      database,
      [
        {
          name: 'identity.cleanup',
          cron: '*/15 * * * *',
          handler: async () => {
            const now = new Date();
            await database.db.delete(sessions).where(lt(sessions.expiresAt, now));
            await database.db.delete(verifications).where(lt(verifications.expiresAt, now));
            await database.db.delete(authAttempts).where(lt(authAttempts.windowStart, sql`now() - interval '1 day'`));
          },
        },
        ...ticketJobs(database.db),
        { name: 'platform.idempotency-purge', cron: '17 * * * *', handler: () => purgeIdempotencyKeys(database.db) },
        { name: 'outbox.prune', cron: '17 3 * * *', handler: () => pruneOutbox(database.db) },
        ...notificationJobs(database.db),
        ...accessJobs(deps),
        ...documentJobs(deps, (msg, err) => app.log.error({ err }, msg)),
      ],
      (msg, err) => app.log.error({ err }, msg),
      accessQueuedJobs(deps),
    );
    // Outbox events reach their subscribers within about a second; SKIP LOCKED claims let every instance
    // dispatch. On PostgreSQL each instance runs a few batches at once (its pool has room); PGlite has
    // one connection, so one.
    dispatcher = startDispatcher(deps, { intervalMs: opts.dispatchIntervalMs, concurrency: database.kind === 'postgres' ? 3 : 1, onError: (msg, err) => app.log.error({ err }, msg) });
    if (mailer.smtp) {
      // Mail goes out within seconds; the claim uses SKIP LOCKED, so several instances can pump.
      pump = setInterval(() => void mailer.deliverQueued(database.db).catch((err) => app.log.error({ err }, 'mail delivery failed')), 3000);
      pump.unref();
    }
  }

  // Replies by mail: the listener runs where jobs run (the server), so tests build apps without it.
  let inbound: InboundListener | null = null;
  if (opts.jobs && config.inboundMail.port !== undefined) inbound = await startInboundListener(deps, app.log);

  return {
    app,
    deps,
    inbound,
    async close() {
      if (inbound) await inbound.close();
      if (pump) clearInterval(pump);
      if (dispatcher) await dispatcher.stop();
      await app.close();
      await realtime.stop();
      if (jobs) await jobs.stop().catch(() => {});
      await unlisten().catch(() => {});
      mailer.close();
      if (!opts.database) await database.close();
    },
  };
}
