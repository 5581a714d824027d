import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, Page } from '../../../contracts/common.js';
import { PriorityMatrix } from '../../../contracts/ticket-priority.js';
import { AddComment, AssignTicket, CategoryDto, ChangeStatus, CreateTicket, TicketDto, TicketEventDto, TicketListItemDto, TicketQuery } from '../../../contracts/tickets.js';
import type { AppDeps } from '../../platform/deps.js';
import { createTicket } from './service/create-ticket.js';
import { getTicket, getTicketSettings, listCategories, listTicketEvents, listTickets } from './service/read-tickets.js';
import { addComment, assignTicket, changeStatus } from './service/update-ticket.js';
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

export async function ticketsRoutes(appRaw: FastifyInstance, deps: AppDeps) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  app.get('/api/v1/tickets', { schema: { tags, summary: 'Tickets I may see (agents: queues)', querystring: TicketQuery, response: { 200: Page(TicketListItemDto) } } }, async (req) => listTickets(req.ctx, req.query));
  app.post('/api/v1/tickets', { schema: { tags, summary: 'Open a ticket', body: CreateTicket, response: { 201: TicketDto } } }, async (req, reply) => reply.code(201).send(await createTicket(req.ctx, deps, req.body)));
  app.get('/api/v1/tickets/:id', { schema: { tags, summary: 'One ticket', params: IdParams, response: { 200: TicketDto } } }, async (req) => getTicket(req.ctx, req.params.id));
  app.get('/api/v1/tickets/:id/events', { schema: { tags, summary: 'The ticket’s timeline (customers never see internal notes)', params: IdParams, response: { 200: z.object({ items: z.array(TicketEventDto) }) } } }, async (req) => listTicketEvents(req.ctx, req.params.id));
  app.post('/api/v1/tickets/:id/comments', { schema: { tags, summary: 'Reply, or add an internal note (staff)', params: IdParams, body: AddComment, response: { 201: TicketEventDto } } }, async (req, reply) => reply.code(201).send(await addComment(req.ctx, req.params.id, req.body)));
  app.post('/api/v1/tickets/:id/status', { schema: { tags, summary: 'Change the status (409 names the allowed ones)', params: IdParams, body: ChangeStatus, response: { 200: TicketDto } } }, async (req) => changeStatus(req.ctx, req.params.id, req.body));
  app.post('/api/v1/tickets/:id/assign', { schema: { tags, summary: 'Assign to an agent or group (staff)', params: IdParams, body: AssignTicket, response: { 200: TicketDto } } }, async (req) => assignTicket(req.ctx, req.params.id, req.body));
  app.get('/api/v1/ticket-categories', { schema: { tags, summary: 'Ticket categories', response: { 200: z.object({ items: z.array(CategoryDto) }) } } }, async (req) => listCategories(req.ctx));
  app.get('/api/v1/ticket-settings', { schema: { tags, summary: 'Priority matrix and reopen window', response: { 200: z.object({ priorityMatrix: PriorityMatrix, reopenDays: z.number().int() }) } } }, async (req) => getTicketSettings(req.ctx));

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

  app.get('/api/v1/ticket-reports', { schema: { tags, summary: 'Service figures per organisation and month', querystring: ReportQuery, response: { 200: z.object({ items: z.array(ReportRow) }) } } }, async (req) => ticketReport(req.ctx, req.query));
  app.post('/api/v1/tickets/bulk', { schema: { tags, summary: 'The same status or assignment change on many tickets (staff)', body: BulkUpdate, response: { 200: BulkResult } } }, async (req) => bulkUpdate(req.ctx, req.body));
  app.post('/api/v1/tickets/:id/merge', { schema: { tags, summary: 'Merge a duplicate into another ticket (staff)', params: IdParams, body: MergeTicket, response: { 200: TicketDto } } }, async (req) => mergeTicket(req.ctx, req.params.id, req.body));
}
