import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, Page } from '../../../contracts/common.js';
import { PriorityMatrix } from '../../../contracts/ticket-priority.js';
import { LinkProblem, SetWorkaround } from '../../../contracts/tickets.js';
import { AddComment, AssignTicket, CategoryDto, ChangeStatus, CreateTicket, TicketDto, TicketEventDto, TicketListItemDto, TicketQuery } from '../../../contracts/tickets.js';
import type { AppDeps } from '../../platform/deps.js';
import { createTicket } from './service/create-ticket.js';
import { getTicket, getTicketSettings, listCategories, listTicketEvents, listTickets } from './service/read-tickets.js';
import { addComment, assignTicket, changeStatus, linkProblem, setWorkaround } from './service/update-ticket.js';
import {
  createCategory,
  getOrgTicketSettings,
  listGroups,
  listSlaPolicies,
  OrgTicketSettings,
  PatchCategory,
  saveGroup,
  saveSlaPolicy,
  setOrgTicketSettings,
  UpdateTicketSettings,
  updateCategory,
  updateTicketSettings,
  UpsertCategory,
  UpsertGroup,
  UpsertSlaPolicy,
} from './service/configure.js';
import { BusinessCalendarSchema } from './sla.js';
import { ReportQuery, ReportRow, ticketReport } from './service/reports.js';
import { BulkResult, BulkUpdate, MergeTicket, bulkUpdate, mergeTicket } from './service/bulk-merge.js';
import { AttachmentDto, addAttachment, contentDisposition, listAttachments, openAttachment } from './service/attachments.js';
import { localFileStore } from '../../platform/storage.js';
import { CannedDto, CannedResponse, RateTicket, RatingDto, deleteCanned, getRating, listCanned, rateTicket, saveCanned } from './service/csat-canned.js';
import { AlertResult, receiveAlerts } from './service/alerts.js';
import { CreateIntegrationToken, IntegrationTokenDto, createIntegrationToken, listIntegrationTokens, revokeIntegrationToken } from './service/integration-tokens.js';
import { AppError } from '../../platform/errors.js';
import { ticketExportRoutes } from './export.routes.js';
import { ticketAdminRoutes } from './admin.routes.js';
import { ticketWatcherRoutes } from './watchers.routes.js';

export async function ticketsRoutes(appRaw: FastifyInstance, deps: AppDeps) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  app.get('/api/v1/tickets', { schema: { tags, summary: 'Tickets I may see (agents: queues)', querystring: TicketQuery, response: { 200: Page(TicketListItemDto) } } }, async (req) => listTickets(req.ctx, req.query));
  app.post('/api/v1/tickets', { config: { idempotent: true }, schema: { tags, summary: 'Open a ticket (honours Idempotency-Key)', body: CreateTicket, response: { 201: TicketDto } } }, async (req, reply) => reply.code(201).send(await createTicket(req.ctx, req.body)));
  await ticketExportRoutes(appRaw);
  app.get('/api/v1/tickets/:id', { schema: { tags, summary: 'One ticket', params: IdParams, response: { 200: TicketDto } } }, async (req) => getTicket(req.ctx, req.params.id));
  app.get('/api/v1/tickets/:id/events', { schema: { tags, summary: 'The ticket’s timeline (customers never see internal notes)', params: IdParams, response: { 200: z.object({ items: z.array(TicketEventDto) }) } } }, async (req) => listTicketEvents(req.ctx, req.params.id));
  app.post('/api/v1/tickets/:id/comments', { config: { idempotent: true }, schema: { tags, summary: 'Reply, or add an internal note (staff); honours Idempotency-Key', params: IdParams, body: AddComment, response: { 201: TicketEventDto } } }, async (req, reply) => reply.code(201).send(await addComment(req.ctx, req.params.id, req.body)));
  app.post('/api/v1/tickets/:id/status', { schema: { tags, summary: 'Change the status (409 names the allowed ones)', params: IdParams, body: ChangeStatus, response: { 200: TicketDto } } }, async (req) => changeStatus(req.ctx, req.params.id, req.body));
  app.post('/api/v1/tickets/:id/assign', { schema: { tags, summary: 'Assign to an agent or group (staff)', params: IdParams, body: AssignTicket, response: { 200: TicketDto } } }, async (req) => assignTicket(req.ctx, req.params.id, req.body));
  app.get('/api/v1/ticket-categories', { schema: { tags, summary: 'Ticket categories', response: { 200: z.object({ items: z.array(CategoryDto) }) } } }, async (req) => listCategories(req.ctx));
  // The attachment limits (ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES) ride along, so the web can say them before an upload.
  const AttachmentLimits = z.object({ maxBytes: z.number().int(), types: z.array(z.string()) });
  app.get('/api/v1/ticket-settings', { schema: { tags, summary: 'Priority matrix, reopen window and attachment limits', response: { 200: z.object({ priorityMatrix: PriorityMatrix, reopenDays: z.number().int(), attachments: AttachmentLimits }) } } }, async (req) => ({ ...(await getTicketSettings(req.ctx)), attachments: { maxBytes: deps.config.attachments.maxBytes, types: deps.config.attachments.extensions } }));

  // Configuration (provider admins: `tickets.configure`; staff may read).
  const Settings = z.object({ priorityMatrix: PriorityMatrix, reopenDays: z.number().int() });
  app.put('/api/v1/ticket-settings', { schema: { tags, summary: 'Change the priority matrix or the reopen window', body: UpdateTicketSettings, response: { 200: Settings } } }, async (req) => updateTicketSettings(req.ctx, req.body));
  app.post('/api/v1/ticket-categories', { schema: { tags, summary: 'Add a category', body: UpsertCategory, response: { 201: CategoryDto } } }, async (req, reply) => reply.code(201).send(await createCategory(req.ctx, req.body)));
  app.patch('/api/v1/ticket-categories/:id', { schema: { tags, summary: 'Rename, reorder or retire a category', params: IdParams, body: PatchCategory, response: { 200: CategoryDto } } }, async (req) => updateCategory(req.ctx, req.params.id, req.body));
  const Policy = z.object({ id: z.uuid(), name: z.string(), calendar: BusinessCalendarSchema, targets: z.record(z.string(), z.object({ firstResponseMinutes: z.number(), resolutionMinutes: z.number() })), isDefault: z.boolean() }).meta({ id: 'SlaPolicy' });
  app.get('/api/v1/sla-policies', { schema: { tags, summary: 'SLA policies', response: { 200: z.object({ items: z.array(Policy) }) } } }, async (req) => listSlaPolicies(req.ctx));
  app.post('/api/v1/sla-policies', { schema: { tags, summary: 'Add an SLA policy', body: UpsertSlaPolicy, response: { 201: Policy } } }, async (req, reply) => reply.code(201).send(await saveSlaPolicy(req.ctx, null, req.body)));
  app.put('/api/v1/sla-policies/:id', { schema: { tags, summary: 'Change an SLA policy (applies to tickets opened afterwards)', params: IdParams, body: UpsertSlaPolicy, response: { 200: Policy } } }, async (req) => saveSlaPolicy(req.ctx, req.params.id, req.body));
  app.get('/api/v1/orgs/:id/ticket-settings', { schema: { tags, summary: 'A customer’s SLA policy and service level', params: IdParams, response: { 200: OrgTicketSettings } } }, async (req) => getOrgTicketSettings(req.ctx, req.params.id));
  app.put('/api/v1/orgs/:id/ticket-settings', { schema: { tags, summary: 'Set a customer’s SLA policy and service level', params: IdParams, body: OrgTicketSettings, response: { 200: OrgTicketSettings } } }, async (req) => setOrgTicketSettings(req.ctx, req.params.id, req.body));
  const Group = z.object({
    id: z.uuid(),
    name: z.string(),
    lead: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    members: z.array(z.object({ userId: z.uuid(), name: z.string(), categories: z.array(z.string()), languages: z.array(z.string()) })),
  }).meta({ id: 'SupportGroup' });
  app.get('/api/v1/support-groups', { schema: { tags, summary: 'Support groups and their members (staff)', response: { 200: z.object({ items: z.array(Group) }) } } }, async (req) => listGroups(req.ctx));
  app.post('/api/v1/support-groups', { schema: { tags, summary: 'Add a support group', body: UpsertGroup, response: { 201: z.object({ id: z.uuid() }) } } }, async (req, reply) => reply.code(201).send(await saveGroup(req.ctx, null, req.body)));
  app.put('/api/v1/support-groups/:id', { schema: { tags, summary: 'Replace a support group and its members', params: IdParams, body: UpsertGroup, response: { 200: z.object({ id: z.uuid() }) } } }, async (req) => saveGroup(req.ctx, req.params.id, req.body));

  await ticketAdminRoutes(app);
  await ticketWatcherRoutes(app);

  app.get('/api/v1/ticket-reports', { schema: { tags, summary: 'Service figures per organisation and month', querystring: ReportQuery, response: { 200: z.object({ items: z.array(ReportRow) }) } } }, async (req) => ticketReport(req.ctx, req.query));
  app.post('/api/v1/tickets/bulk', { schema: { tags, summary: 'The same status or assignment change on many tickets (staff)', body: BulkUpdate, response: { 200: BulkResult } } }, async (req) => bulkUpdate(req.ctx, req.body));
  app.post('/api/v1/tickets/:id/merge', { schema: { tags, summary: 'Merge a duplicate into another ticket (staff)', params: IdParams, body: MergeTicket, response: { 200: TicketDto } } }, async (req) => mergeTicket(req.ctx, req.params.id, req.body));

  // Attachments: multipart uploads (one file per request), downloads always as attachments.
  const files = localFileStore(path.join(deps.config.dataDir, 'files'));
  await app.register(multipart, { limits: { fileSize: deps.config.attachments.maxBytes, files: 1, fields: 2, parts: 3 } });
  const AttachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });
  app.post(
    '/api/v1/tickets/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Attach a file (multipart/form-data, field "file"; ?internal=true for staff-only files)',
        consumes: ['multipart/form-data'],
        params: IdParams,
        querystring: z.strictObject({ internal: z.enum(['true', 'false']).optional() }),
        response: { 201: AttachmentDto },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data in a field named "file".');
      const part = await req.file();
      if (!part || part.fieldname !== 'file') throw new AppError(400, 'VALIDATION_FAILED', 'Send the file in a field named "file".', { errors: [{ path: 'body.file', message: 'is required' }] });
      const created = await addAttachment(req.ctx, { config: deps.config, files }, req.params.id, { filename: part.filename, mimetype: part.mimetype, file: part.file }, req.query.internal === 'true');
      return reply.code(201).send(created);
    },
  );
  app.get('/api/v1/tickets/:id/attachments', { schema: { tags, summary: 'The ticket’s attachments', params: IdParams, response: { 200: z.object({ items: z.array(AttachmentDto) }) } } }, async (req) => listAttachments(req.ctx, req.params.id));
  app.get('/api/v1/tickets/:id/attachments/:attachmentId', { schema: { tags, summary: 'Download an attachment', params: AttachmentParams } }, async (req, reply) => {
    const { meta, stream } = await openAttachment(req.ctx, files, req.params.id, req.params.attachmentId);
    reply.header('content-type', meta.contentType).header('content-disposition', contentDisposition(meta.filename)).header('content-length', String(meta.size)).header('x-content-type-options', 'nosniff');
    return reply.send(stream);
  });

  // Integrations: monitoring systems open incidents (integration token, not a session).
  app.post(
    '/api/v1/integrations/alerts',
    {
      config: { public: true },
      schema: {
        tags: ['integrations'],
        summary: 'Alerts open incidents: Prometheus Alertmanager webhook (version 4) or Portico’s generic format',
        security: [{ bearer: [] }],
        // Either format; validated in the service so errors name the field (see docs/integrations.md).
        body: z.record(z.string(), z.unknown()).meta({ description: 'An Alertmanager webhook payload (version "4") or { alerts: [GenericAlert] }' }),
        response: { 200: AlertResult },
      },
    },
    async (req) => receiveAlerts(deps, { authorization: req.headers.authorization, requestId: String(req.id), ip: req.ip, log: req.log }, req.body),
  );
  app.get('/api/v1/integration-tokens', { schema: { tags: ['integrations'], summary: 'Integration tokens (provider admins)', response: { 200: z.object({ items: z.array(IntegrationTokenDto) }) } } }, async (req) => listIntegrationTokens(req.ctx));
  app.post('/api/v1/integration-tokens', { schema: { tags: ['integrations'], summary: 'Create an integration token (shown once)', body: CreateIntegrationToken, response: { 201: IntegrationTokenDto.extend({ token: z.string() }) } } }, async (req, reply) => reply.code(201).send(await createIntegrationToken(req.ctx, req.body)));
  app.delete('/api/v1/integration-tokens/:id', { schema: { tags: ['integrations'], summary: 'Revoke an integration token', params: IdParams } }, async (req, reply) => {
    await revokeIntegrationToken(req.ctx, req.params.id);
    return reply.code(204).send();
  });

  app.post('/api/v1/tickets/:id/problem', { schema: { tags, summary: 'Link an incident to a problem, or unlink it (staff)', params: IdParams, body: LinkProblem, response: { 200: TicketDto } } }, async (req) => linkProblem(req.ctx, req.params.id, req.body));
  app.post('/api/v1/tickets/:id/workaround', { schema: { tags, summary: 'Record a problem’s known workaround (staff)', params: IdParams, body: SetWorkaround, response: { 200: TicketDto } } }, async (req) => setWorkaround(req.ctx, req.params.id, req.body));

  app.post('/api/v1/tickets/:id/rating', { schema: { tags, summary: 'Rate a resolved ticket 1–5 (customers)', params: IdParams, body: RateTicket, response: { 200: RatingDto } } }, async (req) => rateTicket(req.ctx, req.params.id, req.body));
  app.get('/api/v1/tickets/:id/rating', { schema: { tags, summary: 'The ticket’s rating', params: IdParams, response: { 200: z.object({ rating: RatingDto.nullable() }) } } }, async (req) => getRating(req.ctx, req.params.id));
  app.get('/api/v1/canned-responses', { schema: { tags, summary: 'Canned responses (staff)', response: { 200: z.object({ items: z.array(CannedDto) }) } } }, async (req) => listCanned(req.ctx));
  app.post('/api/v1/canned-responses', { schema: { tags, summary: 'Add a canned response', body: CannedResponse, response: { 201: CannedDto } } }, async (req, reply) => reply.code(201).send(await saveCanned(req.ctx, null, req.body)));
  app.put('/api/v1/canned-responses/:id', { schema: { tags, summary: 'Change a canned response', params: IdParams, body: CannedResponse, response: { 200: CannedDto } } }, async (req) => saveCanned(req.ctx, req.params.id, req.body));
  app.delete('/api/v1/canned-responses/:id', { schema: { tags, summary: 'Delete a canned response', params: IdParams } }, async (req, reply) => {
    await deleteCanned(req.ctx, req.params.id);
    return reply.code(204).send();
  });
}
