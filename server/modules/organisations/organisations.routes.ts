import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, Page } from '../../../contracts/common.js';
import { CreateOrg, OrgDto, SetOrgMfa } from '../../../contracts/organisations.js';
import type { AppDeps } from '../../platform/deps.js';
import { createCustomerOrg, getOrgForActor, listOrgs, setOrgMfa } from './organisations.service.js';

const tags = ['organisations'];
const OrgListQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().trim().max(120).optional(),
});

export async function organisationsRoutes(appRaw: FastifyInstance, deps: AppDeps) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/orgs', { schema: { tags, summary: 'Customer organisations (provider staff)', querystring: OrgListQuery, response: { 200: Page(OrgDto) } } }, async (req) => listOrgs(req.ctx, req.query));
  app.post('/api/v1/orgs', { schema: { tags, summary: 'Create a customer organisation and invite its first admin', body: CreateOrg, response: { 201: OrgDto } } }, async (req, reply) => reply.code(201).send(await createCustomerOrg(req.ctx, deps, req.body)));
  app.get('/api/v1/orgs/:id', { schema: { tags, summary: 'One organisation', params: IdParams, response: { 200: OrgDto } } }, async (req) => getOrgForActor(req.ctx, req.params.id));
  app.patch('/api/v1/orgs/:id/mfa', { schema: { tags, summary: 'Require or relax the second factor (audited)', params: IdParams, body: SetOrgMfa, response: { 200: OrgDto } } }, async (req) => setOrgMfa(req.ctx, deps, req.params.id, req.body));
}
