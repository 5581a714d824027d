import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../contracts/common.js';
import {
  CreateLocation,
  CreateRack,
  CreateRegion,
  CreateSite,
  EntitledQuery,
  EntitlementDto,
  GrantEntitlement,
  LocationDto,
  LocationRef,
  RackDto,
  RegionDto,
  SiteDto,
  SitesTreeDto,
  UpdateLocation,
  UpdateRack,
  UpdateRegion,
  UpdateSite,
} from '../../../contracts/sites.js';
import type { AppDeps } from '../../platform/deps.js';
import * as svc from './sites.service.js';

const EntitlementParams = z.strictObject({ id: z.uuid(), entitlementId: z.uuid() });

/** Sites and locations: the provider's tree, customers' entitlements, and what a customer may use. */
export async function sitesRoutes(appRaw: FastifyInstance, _deps?: AppDeps) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['sites'];

  app.get('/api/v1/sites/tree', { schema: { tags, summary: 'Regions, sites, locations and racks (provider staff)', response: { 200: SitesTreeDto } } }, async (req) => svc.sitesTree(req.ctx));
  app.get(
    '/api/v1/locations/entitled',
    { schema: { tags, summary: 'Locations and racks the organisation may use (customers: their own; staff: ?orgId=)', querystring: EntitledQuery, response: { 200: z.object({ items: z.array(LocationRef), sites: z.array(SiteDto) }) } } },
    async (req) => svc.listEntitled(req.ctx, req.query),
  );
  app.get('/api/v1/locations/:id', { schema: { tags, summary: 'One location or rack (customers: only one they may use)', params: IdParams, response: { 200: LocationRef } } }, async (req) => svc.getLocationFor(req.ctx, req.params.id));

  app.post('/api/v1/regions', { schema: { tags, summary: 'Create a region', body: CreateRegion, response: { 201: RegionDto } } }, async (req, reply) => reply.code(201).send(await svc.createRegion(req.ctx, req.body)));
  app.patch('/api/v1/regions/:id', { schema: { tags, summary: 'Change or (de)activate a region', params: IdParams, body: UpdateRegion, response: { 200: RegionDto } } }, async (req) => svc.updateRegion(req.ctx, req.params.id, req.body));
  app.delete('/api/v1/regions/:id', { schema: { tags, summary: 'Delete a region without sites', params: IdParams } }, async (req, reply) => {
    await svc.deleteRegion(req.ctx, req.params.id);
    return reply.code(204).send();
  });

  app.post('/api/v1/sites', { schema: { tags, summary: 'Create a site', body: CreateSite, response: { 201: SiteDto } } }, async (req, reply) => reply.code(201).send(await svc.createSite(req.ctx, req.body)));
  app.patch('/api/v1/sites/:id', { schema: { tags, summary: 'Change or (de)activate a site', params: IdParams, body: UpdateSite, response: { 200: SiteDto } } }, async (req) => svc.updateSite(req.ctx, req.params.id, req.body));
  app.delete('/api/v1/sites/:id', { schema: { tags, summary: 'Delete a site without locations', params: IdParams } }, async (req, reply) => {
    await svc.deleteSite(req.ctx, req.params.id);
    return reply.code(204).send();
  });

  app.post('/api/v1/locations', { schema: { tags, summary: 'Create a location (building, floor, room, cage, suite)', body: CreateLocation, response: { 201: LocationDto } } }, async (req, reply) => reply.code(201).send(await svc.createLocation(req.ctx, req.body)));
  app.patch('/api/v1/locations/:id', { schema: { tags, summary: 'Change, move (within its site) or (de)activate a location', params: IdParams, body: UpdateLocation, response: { 200: LocationDto } } }, async (req) => svc.updateLocation(req.ctx, req.params.id, req.body));
  app.delete('/api/v1/locations/:id', { schema: { tags, summary: 'Delete a location nothing refers to', params: IdParams } }, async (req, reply) => {
    await svc.deleteLocation(req.ctx, req.params.id);
    return reply.code(204).send();
  });

  app.post('/api/v1/racks', { schema: { tags, summary: 'Create a rack', body: CreateRack, response: { 201: RackDto } } }, async (req, reply) => reply.code(201).send(await svc.createRack(req.ctx, req.body)));
  app.patch('/api/v1/racks/:id', { schema: { tags, summary: 'Change, move (within its site) or (de)activate a rack', params: IdParams, body: UpdateRack, response: { 200: RackDto } } }, async (req) => svc.updateRack(req.ctx, req.params.id, req.body));
  app.delete('/api/v1/racks/:id', { schema: { tags, summary: 'Delete a rack that is not entitled to anyone', params: IdParams } }, async (req, reply) => {
    await svc.deleteRack(req.ctx, req.params.id);
    return reply.code(204).send();
  });

  app.get('/api/v1/orgs/:id/location-entitlements', { schema: { tags, summary: "An organisation's location entitlements (provider staff)", params: IdParams, response: { 200: z.object({ items: z.array(EntitlementDto) }) } } }, async (req) =>
    svc.listEntitlements(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/orgs/:id/location-entitlements',
    { schema: { tags, summary: 'Entitle an organisation to a location (with everything below it) or a single rack', params: IdParams, body: GrantEntitlement, response: { 201: EntitlementDto } } },
    async (req, reply) => reply.code(201).send(await svc.grantEntitlement(req.ctx, req.params.id, req.body)),
  );
  app.delete('/api/v1/orgs/:id/location-entitlements/:entitlementId', { schema: { tags, summary: 'Revoke a location entitlement', params: EntitlementParams } }, async (req, reply) => {
    await svc.revokeEntitlement(req.ctx, req.params.id, req.params.entitlementId);
    return reply.code(204).send();
  });
}
