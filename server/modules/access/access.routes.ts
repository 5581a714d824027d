import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AccessEventBatch,
  AccessEventDto,
  AccessSettingsDto,
  ActivityExportQuery,
  ActivityQuery,
  FlaggedQuery,
  GrantDto,
  GrantQuery,
  HandleFlags,
  ImportResult,
  IngestResult,
  MAX_EVENTS_PER_BATCH,
  OnSiteDto,
  OnSiteQuery,
  RevokeGrant,
  UpdateAccessSettings,
} from '../../../contracts/access.js';
import { IdParams, Page } from '../../../contracts/common.js';
import { requirePermission, withTx } from '../../platform/context.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, ValidationError } from '../../platform/errors.js';
import { verifyIntegrationToken } from '../tickets/index.js';
import { contentDispositionOf } from '../documents/index.js';
import { listActivity, onSiteNow } from './service/activity.js';
import { handleFlags, ingestEvents, listFlagged } from './service/events.js';
import { listGrants, revokeGrant } from './service/grants.js';
import { importEventsCsv } from './service/import.js';
import { activityCsv, activityPdf } from './service/report.js';
import { getAccessSettings, updateAccessSettings } from './service/settings.js';

const MAX_CSV_BYTES = 20 * 1024 * 1024;

export async function accessRoutes(appRaw: FastifyInstance, deps: AppDeps) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['access'];

  app.get('/api/v1/access/grants', { schema: { tags, summary: 'Access grants (customers: own organisation; staff: all or orgId)', querystring: GrantQuery, response: { 200: Page(GrantDto) } } }, async (req) => listGrants(req.ctx, req.query));
  app.post('/api/v1/access/grants/:id/revoke', { schema: { tags, summary: 'Revoke a grant at once, with a reason', params: IdParams, body: RevokeGrant, response: { 200: GrantDto } } }, async (req) => revokeGrant(req.ctx, req.params.id, req.body));
  app.get('/api/v1/access/on-site', { schema: { tags, summary: 'Who is on site now (last event today: a granted entry)', querystring: OnSiteQuery, response: { 200: z.object({ items: z.array(OnSiteDto), since: z.string() }) } } }, async (req) => onSiteNow(req.ctx, req.query.orgId));
  app.get('/api/v1/access/activity', { schema: { tags, summary: 'Access activity of a period', querystring: ActivityQuery, response: { 200: Page(AccessEventDto) } } }, async (req) => listActivity(req.ctx, req.query));
  app.get('/api/v1/access/activity/export.csv', { schema: { tags, summary: 'Access activity of a period as CSV', querystring: ActivityExportQuery, produces: ['text/csv'] } }, async (req, reply) => {
    const { csv, filename } = await activityCsv(req.ctx, req.query);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', contentDispositionOf(filename)).header('cache-control', 'no-store').send(csv);
  });
  app.get('/api/v1/access/activity/report.pdf', { schema: { tags, summary: 'Access report of a period as PDF', querystring: ActivityExportQuery, produces: ['application/pdf'] } }, async (req, reply) => {
    const { pdf, filename } = await activityPdf(req.ctx, req.query);
    return reply.header('content-type', 'application/pdf').header('content-disposition', contentDispositionOf(filename)).header('cache-control', 'no-store').send(pdf);
  });
  app.get('/api/v1/access/flagged', { schema: { tags, summary: 'Flagged access events (provider staff)', querystring: FlaggedQuery, response: { 200: Page(AccessEventDto) } } }, async (req) => listFlagged(req.ctx, req.query));
  app.post('/api/v1/access/flagged/handled', { schema: { tags, summary: 'Mark flagged events handled (provider staff)', body: HandleFlags, response: { 200: z.object({ handled: z.number().int() }) } } }, async (req) => handleFlags(req.ctx, req.body));
  app.get('/api/v1/access/settings', { schema: { tags, summary: 'Access rules', response: { 200: AccessSettingsDto } } }, async (req) => getAccessSettings(req.ctx));
  app.put('/api/v1/access/settings', { schema: { tags, summary: 'Change the access rules (provider admins)', body: UpdateAccessSettings, response: { 200: AccessSettingsDto } } }, async (req) => updateAccessSettings(req.ctx, req.body));

  // The access-control system posts events with an integration token (scope access_events).
  app.post(
    '/api/v1/integrations/access-events',
    {
      config: { public: true },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags,
        summary: `Access events from the access-control system: a JSON array of up to ${MAX_EVENTS_PER_BATCH} events (integration token, scope access_events)`,
        security: [{ bearer: [] }],
        body: z.unknown().meta({ description: 'A JSON array of AccessEventInput (see docs/integrations.md)' }),
        response: { 200: IngestResult },
      },
    },
    async (req) => {
      await verifyIntegrationToken(deps.db, req.headers.authorization, 'access_events');
      const parsed = AccessEventBatch.safeParse(req.body);
      if (!parsed.success) throw new ValidationError(parsed.error.issues.slice(0, 50).map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })));
      const { inserted: _inserted, ...result } = await withTx({ db: deps.db }, (tx) => ingestEvents(tx, parsed.data, 'api'));
      return result;
    },
  );

  // CSV import (provider staff): multipart, one file in the field "file".
  if (!appRaw.hasContentTypeParser('multipart/form-data')) await appRaw.register(multipart);
  app.post(
    '/api/v1/access-events/import',
    { schema: { tags, summary: 'Import access events from CSV (multipart field "file"; provider staff)', consumes: ['multipart/form-data'], response: { 200: ImportResult } } },
    async (req) => {
      requirePermission(req.ctx, 'access.manage');
      if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the CSV as multipart/form-data in a field named "file".');
      const part = await req.file({ limits: { fileSize: MAX_CSV_BYTES, files: 1 } });
      if (!part) throw new ValidationError([{ path: 'file', message: 'attach a CSV file in the field "file"' }]);
      const buf = await part.toBuffer().catch((err: { code?: string }) => {
        if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'BODY_TOO_LARGE', 'The CSV file is larger than 20 MB.');
        throw err;
      });
      return importEventsCsv(req.ctx, buf.toString('utf8'));
    },
  );
}
