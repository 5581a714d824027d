import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DeflectionEventInput, SearchParams, SearchResultDto } from '../../../contracts/search.js';
import type { AppDeps } from '../../platform/deps.js';
import { linkDraftToTicket, recordDeflectionEvent } from './deflection.service.js';
import { search, searchRegistry } from './search.service.js';

/** One search (open to visitors: public articles only) and the deflection events of the new-ticket form. */
export async function searchRoutes(appRaw: FastifyInstance, deps: AppDeps) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['search'];
  const registry = searchRegistry(deps);
  app.get(
    '/api/v1/search',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Search articles, documents, catalogue items and the caller’s own tickets and orders (signed out: public articles)',
        description:
          'Full-text search in the content’s language (english, german, norwegian, russian), the last word as a prefix unless `prefix=false`, ranked by title matches and recency, with a trigram fallback for typos. `kinds` is a comma-separated list of article, document, catalogue_item, ticket, order. Snippets are HTML-escaped text with <mark> around matches.',
        querystring: SearchParams,
        response: { 200: SearchResultDto },
      },
    },
    async (req) => search(req.ctx, registry, req.query),
  );
  app.post(
    '/api/v1/search/deflections',
    { schema: { tags, summary: 'The new-ticket form: a suggested article was opened, or the form was left without submitting (tickets.create)', body: DeflectionEventInput, response: { 204: z.null() } } },
    async (req, reply) => {
      await recordDeflectionEvent(req.ctx, req.body);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/search/deflections/link',
    {
      schema: {
        tags,
        summary: 'The new-ticket form was submitted: link the articles opened in it to the new ticket (tickets.create; the caller’s own ticket)',
        body: z.strictObject({ draftId: z.uuid(), ticketId: z.uuid() }),
        response: { 200: z.object({ linked: z.number().int() }) },
      },
    },
    async (req) => linkDraftToTicket(req.ctx, req.body),
  );
}
