import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Page } from '../../../contracts/common.js';
import { InboundMailDto, InboundMailQuery } from '../../../contracts/mail-in.js';
import { listInboundMail } from './service/list-inbound.js';

export async function mailInRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/inbound-mail',
    { schema: { tags: ['mail'], summary: 'Replies by mail: what the inbound listener took in and why a mail was dropped (provider admins)', querystring: InboundMailQuery, response: { 200: Page(InboundMailDto) } } },
    async (req) => listInboundMail(req.ctx, req.query),
  );
}
