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
}
