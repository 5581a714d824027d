import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CategoryDto } from '../../../contracts/tickets.js';
import { audit } from '../../platform/audit.js';
import { auditSource, requirePermission, withTx, type Ctx } from '../../platform/context.js';
import { ValidationError } from '../../platform/errors.js';
import { ticketCategories } from './tickets.tables.js';

/**
 * What the help-desk settings screens need beyond the configuration API of tickets.routes.ts:
 * putting the categories in order in one step.
 */

export const OrderCategories = z.strictObject({
  /** Category ids, first offered first; categories left out follow in their present order. */
  ids: z.array(z.uuid()).min(1).max(500),
});

/** Puts the categories in the given order (sort 10, 20, …). Requires `tickets.configure`. */
export async function orderCategories(ctx: Ctx, input: z.input<typeof OrderCategories>) {
  requirePermission(ctx, 'tickets.configure');
  const data = OrderCategories.parse(input);
  return withTx(ctx, async (tx) => {
    const rows = await tx.select().from(ticketCategories).orderBy(asc(ticketCategories.sort), asc(ticketCategories.key)).for('update');
    const known = new Set(rows.map((r) => r.id));
    const seen = new Set<string>();
    const bad = data.ids.findIndex((id) => !known.has(id) || seen.has(id) || !seen.add(id));
    if (bad >= 0) throw new ValidationError([{ path: `body.ids.${bad}`, message: known.has(data.ids[bad]!) ? 'is listed twice' : 'is not a category' }]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    // Categories the list leaves out (one added meanwhile) keep their order after the listed ones.
    const after = [...data.ids.map((id) => byId.get(id)!), ...rows.filter((r) => !seen.has(r.id))];
    for (const [i, c] of after.entries()) if (c.sort !== (i + 1) * 10) await tx.update(ticketCategories).set({ sort: (i + 1) * 10 }).where(eq(ticketCategories.id, c.id));
    await audit(tx, auditSource(ctx), { orgId: null, action: 'tickets.categories_ordered', targetType: 'ticket_category', targetId: null, before: { order: rows.map((r) => r.key) }, after: { order: after.map((r) => r.key) } });
    const lang = ctx.actor.locale;
    return { items: after.map((c) => ({ id: c.id, key: c.key, name: c.names[lang] ?? c.names.en ?? c.key, names: c.names, active: c.active })) };
  });
}

export async function ticketAdminRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  app.put(
    '/api/v1/ticket-categories/order',
    { schema: { tags: ['tickets'], summary: 'Put the categories in order (first offered first; those left out follow)', body: OrderCategories, response: { 200: z.object({ items: z.array(CategoryDto) }) } } },
    async (req) => orderCategories(req.ctx, req.body),
  );
}
