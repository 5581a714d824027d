import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, Page } from '../../../contracts/common.js';
import type { AppDeps } from '../../platform/deps.js';
import { localFileStore } from '../../platform/storage.js';
import { contentDispositionOf } from './disposition.js';
import { DocumentDto, DocumentQuery, listDocuments, openDocument } from './documents.service.js';

/** The organisation's documents: list and audited download. */
export async function documentsRoutes(appRaw: FastifyInstance, deps: AppDeps) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['documents'];
  const files = localFileStore(path.join(deps.config.dataDir, 'files'));
  app.get('/api/v1/documents', { schema: { tags, summary: 'The organisation’s documents (staff: orgId)', querystring: DocumentQuery, response: { 200: Page(DocumentDto) } } }, async (req) => listDocuments(req.ctx, req.query));
  app.get('/api/v1/documents/:id/download', { schema: { tags, summary: 'Download a document (audited)', params: IdParams } }, async (req, reply) => {
    const { meta, stream } = await openDocument(req.ctx, files, req.params.id);
    return reply
      .header('content-type', meta.contentType)
      .header('content-disposition', contentDispositionOf(meta.filename))
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  });
}
