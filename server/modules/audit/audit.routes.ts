import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditEntryDto, AuditQuery } from '../../../contracts/audit.js';
import { Page } from '../../../contracts/common.js';
import { exportAuditCsv, listAudit } from './audit.service.js';

const tags = ['audit'];

export async function auditRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/audit', { schema: { tags, summary: 'Audit log (own organisation; all for provider admins)', querystring: AuditQuery, response: { 200: Page(AuditEntryDto) } } }, async (req) => listAudit(req.ctx, req.query));
  app.get('/api/v1/audit/export.csv', { schema: { tags, summary: 'Audit log as CSV', querystring: AuditQuery.omit({ cursor: true, limit: true }) } }, async (req, reply) => {
    const gen = exportAuditCsv(req.ctx, req.query);
    const first = await gen.next(); // fails here (403/404) before headers are sent
    const stream = Readable.from((async function* () {
      if (!first.done) yield first.value;
      yield* gen;
    })());
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="portico-audit-${day}.csv"`)
      .send(stream);
  });
}
