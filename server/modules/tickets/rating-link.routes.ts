import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/deps.js';
import { RatingDto } from './service/csat-canned.js';
import { RatingLinkDto, RatingLinkInput, RatingLinkQuery, rateByLink, ratingLinkInfo } from './service/mail-entry.js';

/**
 * The one-click rating links of resolution mails (`/rate/<token>?score=N` in the web): public routes
 * authenticated by the signed token alone. GET only reads (mail scanners prefetch links); POST records.
 */
export async function ratingLinkRoutes(appRaw: FastifyInstance, deps: Pick<AppDeps, 'mailTokens'>) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  app.get(
    '/api/v1/ticket-ratings/by-link',
    { config: { public: true }, schema: { tags, summary: 'The ticket a rating link is for (reads only)', security: [], querystring: RatingLinkQuery, response: { 200: RatingLinkDto } } },
    async (req) => ratingLinkInfo(req.ctx, deps.mailTokens, req.query),
  );
  app.post(
    '/api/v1/ticket-ratings/by-link',
    { config: { public: true }, schema: { tags, summary: 'Rate a resolved ticket from the link in its resolution mail', security: [], body: RatingLinkInput, response: { 200: RatingDto } } },
    async (req) => rateByLink(req.ctx, deps.mailTokens, req.body),
  );
}
