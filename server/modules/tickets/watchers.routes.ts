import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../contracts/common.js';
import { TicketDto } from '../../../contracts/tickets.js';
import { listWatcherCandidates, SetWatchers, setWatchers, WatcherCandidateDto } from './service/watchers.js';

/** A ticket's watchers: who may be picked (the organisation's active users) and the list itself. */
export async function ticketWatcherRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  app.get(
    '/api/v1/tickets/:id/watcher-candidates',
    { schema: { tags, summary: 'People who may watch the ticket: active users of its organisation', params: IdParams, response: { 200: z.object({ items: z.array(WatcherCandidateDto) }) } } },
    async (req) => listWatcherCandidates(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/tickets/:id/watchers',
    { schema: { tags, summary: 'Replace the ticket’s watchers (requester, customer admins, staff; a watcher may remove themselves)', params: IdParams, body: SetWatchers, response: { 200: TicketDto } } },
    async (req) => setWatchers(req.ctx, req.params.id, req.body),
  );
}
