import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, Page } from '../../../contracts/common.js';
import {
  CategoryKeyParams,
  DocumentCategoryAdminDto,
  DocumentCategoryDto,
  DocumentDetailDto,
  DocumentDto,
  DocumentQuery,
  NewDocumentCategory,
  ReorderDocumentCategories,
  UpdateDocument,
  UpdateDocumentCategory,
  VersionParams,
} from '../../../contracts/documents.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { SAFE_CONTENT_TYPES, localFileStore } from '../../platform/storage.js';
import { contentDispositionOf } from './disposition.js';
import { getDocument, listDocumentCategories, listDocuments, openDocumentVersion } from './service/read.js';
import { createCategory, deleteCategory, listCategoriesForAdmin, reorderCategories, updateCategory } from './service/categories.js';
import { updateDocument } from './service/update.js';
import { addDocumentVersion, createDocument, type Upload } from './service/upload.js';

/** Form fields a document upload may carry before its file (the rest is refused by the fields' schema). */
const MAX_FIELDS = 10;

/** The organisation's document library: categories, list, one document with its versions, uploads (staff), audited downloads. */
export async function documentsRoutes(appRaw: FastifyInstance, deps: AppDeps) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['documents'];
  const files = localFileStore(path.join(deps.config.dataDir, 'files'));
  const fileDeps = { config: deps.config, files };

  // @fastify/multipart is registered once for the app by the tickets module; documents carry a few fields before the file.
  const uploadOf = async (req: FastifyRequest): Promise<Upload> => {
    if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the document as multipart/form-data: the fields first, then the file in a field named "file".');
    const part = await req.file({ limits: { fileSize: deps.config.attachments.maxBytes, files: 1, fields: MAX_FIELDS, parts: MAX_FIELDS + 1 } });
    if (!part || part.fieldname !== 'file') throw new AppError(400, 'VALIDATION_FAILED', 'Send the file in a field named "file".', { errors: [{ path: 'body.file', message: 'is required' }] });
    const fields: Record<string, string> = {};
    for (const [name, f] of Object.entries(part.fields)) {
      const one = Array.isArray(f) ? f[0] : f;
      if (one && one.type === 'field' && name !== 'file') fields[name] = String(one.value);
    }
    return { filename: part.filename, mimetype: part.mimetype, file: part.file, fields };
  };

  const send = async (req: FastifyRequest, reply: FastifyReply, id: string, versionId?: string) => {
    const { meta, stream } = await openDocumentVersion(req.ctx, files, id, versionId);
    return reply
      .header('content-type', SAFE_CONTENT_TYPES.has(meta.contentType) ? meta.contentType : 'application/octet-stream')
      .header('content-disposition', contentDispositionOf(meta.filename))
      .header('content-length', String(meta.size))
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  };

  app.get('/api/v1/document-categories', { schema: { tags, summary: 'Document categories, named in the caller’s language', response: { 200: z.object({ items: z.array(DocumentCategoryDto) }) } } }, async (req) => listDocumentCategories(req.ctx));
  // Configuration (`documents.configure`): static paths, so they win over /documents/:id.
  const CategoryList = z.object({ items: z.array(DocumentCategoryAdminDto) });
  app.get('/api/v1/documents/categories', { schema: { tags, summary: 'Every document category with its names and use (provider admins)', response: { 200: CategoryList } } }, async (req) => listCategoriesForAdmin(req.ctx));
  app.post('/api/v1/documents/categories', { schema: { tags, summary: 'Add a document category (provider admins)', body: NewDocumentCategory, response: { 201: DocumentCategoryAdminDto } } }, async (req, reply) =>
    reply.code(201).send(await createCategory(req.ctx, req.body)),
  );
  app.put('/api/v1/documents/categories/order', { schema: { tags, summary: 'Reorder document categories (provider admins)', body: ReorderDocumentCategories, response: { 200: CategoryList } } }, async (req) => reorderCategories(req.ctx, req.body));
  app.patch('/api/v1/documents/categories/:key', { schema: { tags, summary: 'Rename, archive or restore a document category (provider admins)', params: CategoryKeyParams, body: UpdateDocumentCategory, response: { 200: DocumentCategoryAdminDto } } }, async (req) =>
    updateCategory(req.ctx, req.params.key, req.body),
  );
  app.delete('/api/v1/documents/categories/:key', { schema: { tags, summary: 'Delete a document category no document uses (else 409 IN_USE; archive instead)', params: CategoryKeyParams } }, async (req, reply) => {
    await deleteCategory(req.ctx, req.params.key);
    return reply.code(204).send();
  });
  app.get('/api/v1/documents', { schema: { tags, summary: 'The organisation’s documents the caller may see (staff: orgId)', querystring: DocumentQuery, response: { 200: Page(DocumentDto) } } }, async (req) => listDocuments(req.ctx, req.query));
  app.post(
    '/api/v1/documents',
    {
      schema: {
        tags,
        summary: 'Upload a document for an organisation (staff; multipart: orgId, category, title, description, language, visibility, requiredPermission, then "file")',
        consumes: ['multipart/form-data'],
        response: { 201: DocumentDetailDto },
      },
    },
    async (req, reply) => reply.code(201).send(await createDocument(req.ctx, fileDeps, await uploadOf(req))),
  );
  app.get('/api/v1/documents/:id', { schema: { tags, summary: 'A document with its versions', params: IdParams, response: { 200: DocumentDetailDto } } }, async (req) => getDocument(req.ctx, req.params.id));
  app.patch('/api/v1/documents/:id', { schema: { tags, summary: 'Change title, description, category, language or visibility (staff)', params: IdParams, body: UpdateDocument, response: { 200: DocumentDetailDto } } }, async (req) =>
    updateDocument(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/documents/:id/versions',
    { schema: { tags, summary: 'Upload a new version of a document (staff; multipart, field "file")', consumes: ['multipart/form-data'], params: IdParams, response: { 201: DocumentDetailDto } } },
    async (req, reply) => reply.code(201).send(await addDocumentVersion(req.ctx, fileDeps, req.params.id, await uploadOf(req))),
  );
  app.get('/api/v1/documents/:id/download', { schema: { tags, summary: 'Download the current version (audited)', params: IdParams } }, async (req, reply) => send(req, reply, req.params.id));
  app.get('/api/v1/documents/:id/versions/:versionId/download', { schema: { tags, summary: 'Download one version (audited)', params: VersionParams } }, async (req, reply) => send(req, reply, req.params.id, req.params.versionId));
}
