import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, Page } from '../../../contracts/common.js';
import {
  AddOrderComment,
  CancelOrder,
  CreateOrder,
  DecideApproval,
  DecideLinkDto,
  DependenciesQuery,
  LinkOrderFiles,
  OrderDependencyDto,
  OrderDto,
  OrderEventDto,
  OrderFileDto,
  OrderListItemDto,
  ReorderResultDto,
  SubmitOrder,
  UpdateDraft,
  UpdateOrderTask,
} from '../../../contracts/orders.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { localFileStore } from '../../platform/storage.js';
import { orderRegistry } from './registry.js';
import { attachOrderFile, linkOrderFiles, openOrderFile, stageOrderFile } from './service/files.js';
import { addOrderComment, cancelOrder, completeOrder, createOrder, decideLinkInfo, decideOrder, reorder, submitOrder, updateDraft, updateTask } from './service/lifecycle.js';
import { exportOrdersCsv, getOrder, listDependencies, listOrderEvents, listOrders, OrderExportQuery, OrderListQuery } from './service/read-orders.js';
import { contentDisposition } from './service/content-disposition.js';

/** /api/v1/orders…, /api/v1/order-files: orders, approvals, fulfilment tasks, comments and files. */
export async function ordersRoutes(appRaw: FastifyInstance, deps: AppDeps) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const registry = orderRegistry(deps);
  const tags = ['orders'];
  const files = localFileStore(path.join(deps.config.dataDir, 'files'));
  const fileDeps = { config: deps.config, files };

  app.get('/api/v1/orders', { schema: { tags, summary: 'Orders I may see (staff: queues), newest first', querystring: OrderListQuery, response: { 200: Page(OrderListItemDto) } } }, async (req) => listOrders(req.ctx, req.query));
  app.post('/api/v1/orders', { config: { idempotent: true }, schema: { tags, summary: 'Order a catalogue item: a draft, or submitted at once (submit: true); honours Idempotency-Key', body: CreateOrder, response: { 201: OrderDto } } }, async (req, reply) =>
    reply.code(201).send(await createOrder(req.ctx, registry, req.body)),
  );
  app.get(
    '/api/v1/orders/export.csv',
    { schema: { tags, summary: 'Orders as CSV, with the list’s filters (spreadsheet-safe cells)', querystring: OrderExportQuery, produces: ['text/csv'] } },
    async (req, reply) => {
      const gen = exportOrdersCsv(req.ctx, req.query);
      const first = await gen.next(); // permission and input fail here, before headers are sent
      const stream = Readable.from(
        (async function* () {
          if (!first.done) yield first.value;
          yield* gen;
        })(),
      );
      const day = new Date().toISOString().slice(0, 10);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="portico-orders-${day}.csv"`).header('cache-control', 'no-store').send(stream);
    },
  );
  app.get('/api/v1/orders/dependencies', { schema: { tags, summary: 'What depends on locations or racks (before a decommission is submitted)', querystring: DependenciesQuery, response: { 200: z.object({ items: z.array(OrderDependencyDto) }) } } }, async (req) =>
    listDependencies(req.ctx, registry, req.query),
  );
  app.get('/api/v1/orders/decide-link', { schema: { tags, summary: 'What an approval link from a mail names (the caller must be its recipient)', querystring: z.strictObject({ token: z.string().min(1).max(400) }), response: { 200: DecideLinkDto } } }, async (req) =>
    decideLinkInfo(req.ctx, deps.mailTokens, req.query.token),
  );
  app.get('/api/v1/orders/:id', { schema: { tags, summary: 'One order with values, approvals, tasks and files', params: IdParams, response: { 200: OrderDto } } }, async (req) => getOrder(req.ctx, req.params.id));
  app.put('/api/v1/orders/:id', { schema: { tags, summary: 'Change a draft’s values (the requester)', params: IdParams, body: UpdateDraft, response: { 200: OrderDto } } }, async (req) => updateDraft(req.ctx, req.params.id, req.body));
  app.get('/api/v1/orders/:id/events', { schema: { tags, summary: 'The order’s timeline (customers never see internal notes)', params: IdParams, response: { 200: z.object({ items: z.array(OrderEventDto) }) } } }, async (req) => listOrderEvents(req.ctx, req.params.id));
  app.post('/api/v1/orders/:id/submit', { schema: { tags, summary: 'Submit a draft (422 naming the field; nothing changes on error)', params: IdParams, body: SubmitOrder.optional(), response: { 200: OrderDto } } }, async (req) =>
    submitOrder(req.ctx, registry, req.params.id, req.body ?? {}),
  );
  app.post('/api/v1/orders/:id/cancel', { schema: { tags, summary: 'Cancel an order until fulfilment starts (409 names what may follow)', params: IdParams, body: CancelOrder, response: { 200: OrderDto } } }, async (req) =>
    cancelOrder(req.ctx, registry, req.params.id, req.body),
  );
  app.post('/api/v1/orders/:id/decision', { schema: { tags, summary: 'Approve or reject the step waiting for the caller (portal or mail-link token)', params: IdParams, body: DecideApproval, response: { 200: OrderDto } } }, async (req) =>
    decideOrder(req.ctx, registry, deps.mailTokens, req.params.id, req.body),
  );
  app.post('/api/v1/orders/:id/complete', { schema: { tags, summary: 'Complete an order whose tasks are all done or skipped (staff)', params: IdParams, response: { 200: OrderDto } } }, async (req) => completeOrder(req.ctx, req.params.id));
  app.patch(
    '/api/v1/orders/:id/tasks/:taskId',
    { schema: { tags, summary: 'Change a fulfilment task’s status or assignee (staff)', params: z.strictObject({ id: z.uuid(), taskId: z.uuid() }), body: UpdateOrderTask, response: { 200: OrderDto } } },
    async (req) => updateTask(req.ctx, req.params.id, req.params.taskId, req.body),
  );
  app.post('/api/v1/orders/:id/comments', { config: { idempotent: true }, schema: { tags, summary: 'Comment on an order, or add an internal note (staff)', params: IdParams, body: AddOrderComment, response: { 201: OrderEventDto } } }, async (req, reply) =>
    reply.code(201).send(await addOrderComment(req.ctx, req.params.id, req.body)),
  );
  app.post('/api/v1/orders/:id/reorder', { schema: { tags, summary: 'A new draft of the item’s current version with this order’s values (what no longer fits is dropped and named)', params: IdParams, response: { 201: ReorderResultDto } } }, async (req, reply) =>
    reply.code(201).send(await reorder(req.ctx, req.params.id)),
  );

  // Files: multipart uploads (one file per request; limits of ticket attachments), downloads always as attachments.
  // @fastify/multipart is registered once for the app by the tickets module.
  const fileOf = async (req: FastifyRequest) => {
    if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data in a field named "file".');
    const part = await req.file();
    if (!part || part.fieldname !== 'file') throw new AppError(400, 'VALIDATION_FAILED', 'Send the file in a field named "file".', { errors: [{ path: 'body.file', message: 'is required' }] });
    return { filename: part.filename, mimetype: part.mimetype, file: part.file };
  };
  app.post('/api/v1/order-files', { schema: { tags, summary: 'Upload a file for an order form’s file field (multipart/form-data, field "file")', consumes: ['multipart/form-data'], response: { 201: OrderFileDto } } }, async (req, reply) =>
    reply.code(201).send(await stageOrderFile(req.ctx, fileDeps, await fileOf(req))),
  );
  app.post(
    '/api/v1/orders/:id/files',
    {
      schema: {
        tags,
        summary: 'Attach a file to an order (multipart, field "file"; ?internal=true for staff-only files)',
        consumes: ['multipart/form-data'],
        params: IdParams,
        querystring: z.strictObject({ internal: z.enum(['true', 'false']).optional() }),
        response: { 201: OrderFileDto },
      },
    },
    async (req, reply) => reply.code(201).send(await attachOrderFile(req.ctx, fileDeps, req.params.id, await fileOf(req), req.query.internal === 'true')),
  );
  app.post('/api/v1/orders/:id/files/link', { schema: { tags, summary: 'Attach files uploaded with /order-files to an order', params: IdParams, body: LinkOrderFiles, response: { 200: OrderDto } } }, async (req) => linkOrderFiles(req.ctx, req.params.id, req.body));
  app.get('/api/v1/orders/:id/files/:fileId', { schema: { tags, summary: 'Download a file of an order', params: z.strictObject({ id: z.uuid(), fileId: z.uuid() }) } }, async (req, reply) => {
    const { meta, stream } = await openOrderFile(req.ctx, files, req.params.id, req.params.fileId);
    reply.header('content-type', meta.contentType).header('content-disposition', contentDisposition(meta.filename)).header('content-length', String(meta.size)).header('x-content-type-options', 'nosniff');
    return reply.send(stream);
  });
}
