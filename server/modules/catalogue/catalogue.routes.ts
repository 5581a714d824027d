import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CatalogueHomeDto, CatalogueQuery, CategoryDto, CategoryInput, ItemAdminDto, ItemDetailDto, ItemInput } from '../../../contracts/catalogue.js';
import { IdParams } from '../../../contracts/common.js';
import {
  createItem,
  getCatalogueItem,
  getCatalogueItemSchema,
  getItemAdmin,
  listCatalogue,
  listCategoriesAll,
  listItemsAdmin,
  listOrderPeople,
  listTaskGroups,
  saveCategory,
  updateItem,
} from './service/catalogue.js';

/** The catalogue: reading (any signed-in user, by who may order) and editing (`catalogue.manage`). */
export async function catalogueRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['catalogue'];
  app.get('/api/v1/catalogue', { schema: { tags, summary: 'The catalogue as the reader may order from it: categories, items, popular ones (?q= searches)', querystring: CatalogueQuery, response: { 200: CatalogueHomeDto } } }, async (req) => listCatalogue(req.ctx, req.query));
  app.get('/api/v1/catalogue/items/:id', { schema: { tags, summary: 'One item with its order form (reader’s language)', params: IdParams, response: { 200: ItemDetailDto } } }, async (req) => getCatalogueItem(req.ctx, req.params.id));
  app.get('/api/v1/catalogue/items/:id/schema', { schema: { tags, summary: 'The item’s order form as JSON Schema 2020-12 with x-ui hints', params: IdParams, response: { 200: z.record(z.string(), z.unknown()) } } }, async (req) => getCatalogueItemSchema(req.ctx, req.params.id));
  app.get('/api/v1/catalogue/people', { schema: { tags, summary: 'Who a person field may name: the organisation’s active members (staff: ?orgId=)', querystring: z.strictObject({ orgId: z.uuid().optional() }), response: { 200: z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string() })) }) } } }, async (req) => listOrderPeople(req.ctx, req.query.orgId));
  app.get('/api/v1/catalogue/categories', { schema: { tags, summary: 'Catalogue categories', response: { 200: z.object({ items: z.array(CategoryDto) }) } } }, async (req) => listCategoriesAll(req.ctx));

  // Editing (provider admins).
  app.get('/api/v1/catalogue/admin/items', { schema: { tags, summary: 'Every item with all its settings (catalogue.manage)', response: { 200: z.object({ items: z.array(ItemAdminDto) }) } } }, async (req) => listItemsAdmin(req.ctx));
  app.get('/api/v1/catalogue/admin/items/:id', { schema: { tags, summary: 'One item with all its settings (catalogue.manage)', params: IdParams, response: { 200: ItemAdminDto } } }, async (req) => getItemAdmin(req.ctx, req.params.id));
  app.post('/api/v1/catalogue/admin/items', { schema: { tags, summary: 'Add an item (catalogue.manage)', body: ItemInput, response: { 201: ItemAdminDto } } }, async (req, reply) => reply.code(201).send(await createItem(req.ctx, req.body)));
  app.put('/api/v1/catalogue/admin/items/:id', { schema: { tags, summary: 'Replace an item (its version goes up by one; orders keep theirs)', params: IdParams, body: ItemInput, response: { 200: ItemAdminDto } } }, async (req) => updateItem(req.ctx, req.params.id, req.body));
  app.post('/api/v1/catalogue/admin/categories', { schema: { tags, summary: 'Add a category (catalogue.manage)', body: CategoryInput, response: { 201: CategoryDto } } }, async (req, reply) => reply.code(201).send(await saveCategory(req.ctx, null, req.body)));
  app.put('/api/v1/catalogue/admin/categories/:id', { schema: { tags, summary: 'Replace a category (catalogue.manage)', params: IdParams, body: CategoryInput, response: { 200: CategoryDto } } }, async (req) => saveCategory(req.ctx, req.params.id, req.body));
  app.get('/api/v1/catalogue/admin/groups', { schema: { tags, summary: 'Support groups fulfilment tasks may go to (catalogue.manage)', response: { 200: z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string() })) }) } } }, async (req) => listTaskGroups(req.ctx));
}
