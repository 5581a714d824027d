import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { exportTicketsCsv, TicketExportQuery } from './service/export.js';

/** GET /api/v1/tickets/export.csv: the list's filters and queue as a CSV download, streamed. */
export async function ticketExportRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/tickets/export.csv',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Tickets as CSV, with the same filters and queues as the list (spreadsheet-safe cells)',
        querystring: TicketExportQuery,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const gen = exportTicketsCsv(req.ctx, req.query);
      const first = await gen.next(); // permission, input and queue fail here, before headers are sent
      const stream = Readable.from(
        (async function* () {
          if (!first.done) yield first.value;
          yield* gen;
        })(),
      );
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="portico-tickets-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );
}
