import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../contracts/common.js';
import {
  KbArticleDto,
  KbArticleInput,
  KbArticleSummary,
  KbAttachmentDto,
  KbCategoryDto,
  KbCategoryInput,
  KbDiffDto,
  KbDiffQuery,
  KbEditorDto,
  KbFeedbackInput,
  KbHomeDto,
  KbKnownErrorInput,
  KbKnownErrorLookup,
  KbKnownErrorQuery,
  KbListQuery,
  KbManageItem,
  KbManageQuery,
  KbPreviewInput,
  KbReaderQuery,
  KbSettingsDto,
  KbSettingsInput,
} from '../../../contracts/kb.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { localFileStore } from '../../platform/storage.js';
import { contentDispositionOf } from '../documents/index.js';
import { addKbAttachment, createCategory, createKnownError, diffVersions, getForAuthor, getKbSettings, knownErrorOfProblem, listForAuthors, previewMarkdown, removeKbAttachment, updateKbSettings } from './service/manage.js';
import { kbHome, listArticles, listCategories, openKbAttachment, rateArticle, readArticle, readerLang } from './service/read.js';
import { createArticle, markReviewed, publishArticle, restoreVersion, submitArticle, unpublishArticle, updateArticle } from './service/write.js';

/** The knowledge base: reading (public where the article is), rating, and the authors' workspace. */
export async function kbRoutes(appRaw: FastifyInstance, deps: AppDeps) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['kb'];
  const pub = { public: true };
  const files = localFileStore(path.join(deps.config.dataDir, 'files'));
  const AttachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });
  const VersionParams = z.strictObject({ id: z.uuid(), number: z.coerce.number().int().min(1) });

  // Readers (signed out: public articles only).
  app.get('/api/v1/kb/home', { config: pub, schema: { tags, summary: 'KB home: categories, most viewed, recently updated', querystring: KbReaderQuery, response: { 200: KbHomeDto } } }, async (req) => kbHome(req.ctx, req.query));
  app.get('/api/v1/kb/categories', { config: pub, schema: { tags, summary: 'The category tree', querystring: KbReaderQuery, response: { 200: z.object({ items: z.array(KbCategoryDto) }) } } }, async (req) => ({ items: await listCategories(req.ctx, readerLang(req.ctx, req.query.lang)) }));
  app.get('/api/v1/kb/articles', { config: pub, schema: { tags, summary: 'Articles the caller may read', querystring: KbListQuery, response: { 200: z.object({ items: z.array(KbArticleSummary) }) } } }, async (req) => listArticles(req.ctx, req.query));
  app.get('/api/v1/kb/articles/:id', { config: pub, schema: { tags, summary: 'Read an article (the reader’s language, else the main language)', params: IdParams, querystring: KbReaderQuery, response: { 200: KbArticleDto } } }, async (req) => readArticle(req.ctx, req.params.id, req.query));
  app.get('/api/v1/kb/articles/:id/attachments/:attachmentId', { config: pub, schema: { tags, summary: 'Download an attachment of an article the caller may read', params: AttachmentParams } }, async (req, reply) => {
    const { meta, stream } = await openKbAttachment(req.ctx, files, req.params.id, req.params.attachmentId);
    const inline = meta.contentType.startsWith('image/') && meta.contentType !== 'image/svg+xml';
    return reply
      .header('content-type', meta.contentType)
      .header('content-disposition', inline ? 'inline' : contentDispositionOf(meta.filename))
      .header('content-length', String(meta.size))
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  });
  app.post('/api/v1/kb/articles/:id/feedback', { schema: { tags, summary: 'Did this help? (one answer per reader; a new one replaces it)', params: IdParams, body: KbFeedbackInput, response: { 200: z.object({ yes: z.number().int(), no: z.number().int() }) } } }, async (req) => rateArticle(req.ctx, req.params.id, req.body));

  // Authors (provider staff: kb.write; publishing kb.publish).
  const m = '/api/v1/kb/manage';
  app.get(`${m}/articles`, { schema: { tags, summary: 'Every article for its authors; due=true: past their review', querystring: KbManageQuery, response: { 200: z.object({ items: z.array(KbManageItem), reviewAfterDays: z.number().int() }) } } }, async (req) => listForAuthors(req.ctx, req.query));
  app.post(`${m}/articles`, { config: { idempotent: true }, schema: { tags, summary: 'Write a new article (a draft)', body: KbArticleInput, response: { 201: KbEditorDto } } }, async (req, reply) => reply.code(201).send(await createArticle(req.ctx, req.body)));
  app.get(`${m}/articles/:id`, { schema: { tags, summary: 'An article for its authors', params: IdParams, response: { 200: KbEditorDto } } }, async (req) => getForAuthor(req.ctx, req.params.id));
  app.put(`${m}/articles/:id`, { schema: { tags, summary: 'Change an article (content: the working copy, back to draft)', params: IdParams, body: KbArticleInput, response: { 200: KbEditorDto } } }, async (req) => updateArticle(req.ctx, req.params.id, req.body));
  app.post(`${m}/articles/:id/submit`, { schema: { tags, summary: 'Send the draft for review', params: IdParams, response: { 200: KbEditorDto } } }, async (req) => submitArticle(req.ctx, req.params.id));
  app.post(`${m}/articles/:id/publish`, { schema: { tags, summary: 'Publish the reviewed working copy as a new version', params: IdParams, response: { 200: KbEditorDto } } }, async (req) => publishArticle(req.ctx, req.params.id, files));
  app.post(`${m}/articles/:id/unpublish`, { schema: { tags, summary: 'Take the article off the portal', params: IdParams, response: { 200: KbEditorDto } } }, async (req) => unpublishArticle(req.ctx, req.params.id));
  app.post(`${m}/articles/:id/reviewed`, { schema: { tags, summary: 'Mark the article as reviewed now', params: IdParams, response: { 200: KbEditorDto } } }, async (req) => markReviewed(req.ctx, req.params.id));
  app.get(`${m}/articles/:id/diff`, { schema: { tags, summary: 'Line diff between two versions (to=draft: the working copy)', params: IdParams, querystring: KbDiffQuery, response: { 200: KbDiffDto } } }, async (req) => diffVersions(req.ctx, req.params.id, req.query));
  app.post(`${m}/articles/:id/versions/:number/restore`, { schema: { tags, summary: 'Restore a version as a new draft', params: VersionParams, response: { 200: KbEditorDto } } }, async (req) => restoreVersion(req.ctx, req.params.id, req.params.number));
  app.post(`${m}/articles/:id/preview`, { schema: { tags, summary: 'Render Markdown as readers will see it', params: IdParams, body: KbPreviewInput, response: { 200: z.object({ html: z.string() }) } } }, async (req) => previewMarkdown(req.ctx, req.params.id, req.body));
  app.post(`${m}/preview`, { schema: { tags, summary: 'Render Markdown as readers will see it (new article)', body: KbPreviewInput, response: { 200: z.object({ html: z.string() }) } } }, async (req) => previewMarkdown(req.ctx, null, req.body));
  app.post(
    `${m}/articles/:id/attachments`,
    { schema: { tags, summary: 'Attach a file (multipart/form-data, field "file")', consumes: ['multipart/form-data'], params: IdParams, response: { 201: KbAttachmentDto } } },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data in a field named "file".');
      const part = await req.file();
      if (!part || part.fieldname !== 'file') throw new AppError(400, 'VALIDATION_FAILED', 'Send the file in a field named "file".', { errors: [{ path: 'body.file', message: 'is required' }] });
      const created = await addKbAttachment(req.ctx, { files, limits: deps.config.attachments }, req.params.id, { filename: part.filename, mimetype: part.mimetype, file: part.file });
      return reply.code(201).send(created);
    },
  );
  app.delete(`${m}/articles/:id/attachments/:attachmentId`, { schema: { tags, summary: 'Remove an attachment', params: AttachmentParams, response: { 204: z.null() } } }, async (req, reply) => {
    await removeKbAttachment(req.ctx, files, req.params.id, req.params.attachmentId);
    return reply.code(204).send(null);
  });
  app.post(`${m}/categories`, { schema: { tags, summary: 'Add a category', body: KbCategoryInput, response: { 201: KbCategoryDto } } }, async (req, reply) => reply.code(201).send(await createCategory(req.ctx, req.body)));
  app.get(`${m}/settings`, { schema: { tags, summary: 'The review interval', response: { 200: KbSettingsDto } } }, async (req) => getKbSettings(req.ctx));
  app.put(`${m}/settings`, { schema: { tags, summary: 'Change the review interval', body: KbSettingsInput, response: { 200: KbSettingsDto } } }, async (req) => updateKbSettings(req.ctx, req.body));
  app.get(`${m}/known-errors`, { schema: { tags, summary: 'The known-error article of a problem, if it has one', querystring: KbKnownErrorQuery, response: { 200: KbKnownErrorLookup } } }, async (req) => knownErrorOfProblem(req.ctx, req.query));
  app.post(`${m}/known-errors`, { schema: { tags, summary: 'Publish a problem’s workaround as a known-error article (a draft)', body: KbKnownErrorInput, response: { 201: KbEditorDto } } }, async (req, reply) => reply.code(201).send(await createKnownError(req.ctx, req.body)));
}
