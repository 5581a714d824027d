import { and, asc, desc, eq, exists, gte, ilike, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { DependenciesQuery, OPEN_ORDER_STATUSES, OrderQuery, type OrderDependencyDto, type OrderDto, type OrderEventDto, type OrderListItemDto } from '../../../../contracts/orders.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import { csvRow } from '../../../platform/csv.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { ForbiddenError, ValidationError } from '../../../platform/errors.js';
import { cursorTime, decodeCursor, encodeCursor, page, PageQuery } from '../../../platform/http/pagination.js';
import { userRefs } from '../../identity/index.js';
import { fulfilsOrders, getVisibleOrder, groupsOf, itemName, listLookups, presentEvent, presentListItem, presentOrder, visibleTo, type OrderRow } from '../internal.js';
import { orderApprovals, orderEvents, orders, orderTasks } from '../orders.tables.js';
import type { OrderRegistry } from '../registry.js';

export const OrderListQuery = OrderQuery.extend(PageQuery.shape);
export type OrderListQuery = z.input<typeof OrderListQuery>;

/** Anyone signed in who may order, approve or fulfil. */
function requireOrderReader(ctx: Ctx): asserts ctx is AuthedCtx {
  requireActor(ctx);
  const p = ctx.actor.permissions;
  if (!p.has('orders.create') && !p.has('orders.approve') && !p.has('orders.fulfil')) throw new ForbiddenError();
}

const dayStart = (d: string) => new Date(`${d}T00:00:00.000Z`);

/**
 * Newest first, NULLS LAST as in orders_org_created_idx and orders_created_idx (drizzle-kit made them
 * DESC NULLS LAST; both columns are NOT NULL, so the order is the same). A plain DESC means NULLS FIRST,
 * which no index provides: PostgreSQL then fetched and sorted all of an organisation's orders for a page.
 */
const NEWEST_FIRST = [sql`${orders.createdAt} DESC NULLS LAST`, sql`${orders.id} DESC NULLS LAST`];

/** The list's WHERE: visibility, filters, and for staff the queue. Customers asking for a queue → 403. */
async function conditions(ctx: AuthedCtx, q: z.infer<typeof OrderQuery>): Promise<SQL[]> {
  const where: SQL[] = [visibleTo(ctx)];
  const staff = fulfilsOrders(ctx);
  if (q.queue && q.queue !== 'all' && !staff) throw new ForbiddenError('Queues are for the provider’s staff.');
  if (q.orgId) where.push(eq(orders.orgId, q.orgId));
  if (q.status) where.push(eq(orders.status, q.status));
  if (q.itemId) where.push(eq(orders.itemId, q.itemId));
  if (q.kind) where.push(eq(orders.itemKind, q.kind));
  if (q.requesterId) where.push(eq(orders.requesterId, q.requesterId));
  if (q.from) where.push(gte(orders.createdAt, dayStart(q.from)));
  if (q.to) where.push(lt(orders.createdAt, new Date(dayStart(q.to).getTime() + 86_400_000)));
  if (q.from && q.to && q.from > q.to) throw new ValidationError([{ path: 'query.to', message: 'must not be before from' }]);
  if (q.q) where.push(ilike(orders.ref, `%${q.q.replace(/[%_\\]/g, '')}%`));
  if (staff) {
    if (q.queue === 'provider_approval') {
      where.push(eq(orders.status, 'waiting_for_approval'));
      // The provider step is the one waiting: no pending customer step before it.
      where.push(
        exists(ctx.db.select({ one: sql`1` }).from(orderApprovals).where(and(eq(orderApprovals.orderId, orders.id), eq(orderApprovals.step, 'provider'), eq(orderApprovals.status, 'pending')))),
      );
      where.push(
        sql`not exists (select 1 from ${orderApprovals} a where a.order_id = ${orders.id} and a.step = 'customer' and a.status = 'pending')`,
      );
    } else if (q.queue === 'my_tasks') {
      const groups = await groupsOf(ctx.db, ctx.actor.userId);
      const mine = [eq(orderTasks.assigneeId, ctx.actor.userId)];
      if (groups.length) mine.push(inArray(orderTasks.groupId, groups));
      where.push(eq(orders.status, 'in_fulfilment'));
      where.push(
        exists(
          ctx.db
            .select({ one: sql`1` })
            .from(orderTasks)
            .where(and(eq(orderTasks.orderId, orders.id), inArray(orderTasks.status, ['todo', 'in_progress']), or(...mine))),
        ),
      );
    } else if (q.queue === 'in_fulfilment') where.push(eq(orders.status, 'in_fulfilment'));
  }
  return where;
}

/**
 * Orders the caller may see, newest first, with filters (status, item, kind, requester, organisation
 * for staff, created from/to, reference) and staff queues; keyset cursor.
 */
export async function listOrders(ctx: Ctx, input: OrderListQuery): Promise<{ items: OrderListItemDto[]; nextCursor: string | null }> {
  requireOrderReader(ctx);
  const q = OrderListQuery.parse(input);
  const where = await conditions(ctx, q);
  const after = decodeCursor(q.cursor);
  if (after) {
    const at = cursorTime(after);
    where.push(or(lt(orders.createdAt, at), and(eq(orders.createdAt, at), lt(orders.id, after.id)))!);
  }
  const rows = await ctx.db
    .select()
    .from(orders)
    .where(and(...where))
    .orderBy(...NEWEST_FIRST)
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (r) => encodeCursor(r.createdAt.toISOString(), r.id));
  const l = await listLookups(ctx.db, p.items);
  return { items: p.items.map((o) => presentListItem(ctx, o, l)), nextCursor: p.nextCursor };
}

export async function getOrder(ctx: Ctx, id: string): Promise<OrderDto> {
  requireOrderReader(ctx);
  const o = await getVisibleOrder(ctx.db, ctx, id);
  return presentOrder(ctx.db, ctx, o);
}

/** The order's timeline, oldest first; customers never see internal notes. */
export async function listOrderEvents(ctx: Ctx, id: string): Promise<{ items: OrderEventDto[] }> {
  requireOrderReader(ctx);
  const o = await getVisibleOrder(ctx.db, ctx, id);
  const where = [eq(orderEvents.orgId, o.orgId), eq(orderEvents.orderId, o.id)];
  if (!fulfilsOrders(ctx)) where.push(ne(orderEvents.visibility, 'internal'));
  const rows = await ctx.db.select().from(orderEvents).where(and(...where)).orderBy(asc(orderEvents.createdAt), asc(orderEvents.id));
  const people = await userRefs(ctx.db, rows.map((r) => r.actorId ?? ''));
  return { items: rows.map((r) => presentEvent(r, people)) };
}

export const OrderExportQuery = OrderQuery;
export const ORDER_CSV_COLUMNS = ['reference', 'status', 'item', 'kind', 'item_version', 'organisation', 'requester', 'created_at', 'submitted_at', 'decided_at', 'completed_at', 'cancelled_at', 'cancel_reason', 'values'] as const;
const EXPORT_BATCH = 500;
const isoOr = (d: Date | null) => d?.toISOString() ?? '';

/**
 * The orders the caller may see that match the list's filters, as CSV (newest first, in batches, every
 * cell spreadsheet-safe). Audited with its filters before the first row.
 */
export async function* exportOrdersCsv(ctx: Ctx, input: z.input<typeof OrderExportQuery>): AsyncGenerator<string> {
  requireOrderReader(ctx);
  const q = OrderExportQuery.parse(input);
  const base = await conditions(ctx, q);
  const filters = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
  await withTx(ctx, (tx) => audit(tx, auditSource(ctx), { orgId: ctx.actor.orgId, action: 'order.exported', targetType: 'order', after: { filters } }));
  yield csvRow(ORDER_CSV_COLUMNS);
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const where = [...base];
    if (after) where.push(or(lt(orders.createdAt, after.at), and(eq(orders.createdAt, after.at), lt(orders.id, after.id)))!);
    const rows: OrderRow[] = await ctx.db
      .select()
      .from(orders)
      .where(and(...where))
      .orderBy(...NEWEST_FIRST)
      .limit(EXPORT_BATCH);
    if (rows.length === 0) return;
    const l = await listLookups(ctx.db, rows);
    let out = '';
    for (const o of rows) {
      out += csvRow([
        o.ref,
        o.status,
        itemName(o, ctx.actor.locale),
        o.itemKind,
        o.item.version,
        l.orgs.get(o.orgId) ?? '',
        l.people.get(o.requesterId)?.name ?? '',
        isoOr(o.createdAt),
        isoOr(o.submittedAt),
        isoOr(o.decidedAt),
        isoOr(o.completedAt),
        isoOr(o.cancelledAt),
        o.cancelReason ?? '',
        JSON.stringify(o.values),
      ]);
    }
    yield out;
    const last = rows[rows.length - 1]!;
    after = { at: last.createdAt, id: last.id };
    if (rows.length < EXPORT_BATCH) return;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function idList(raw: string | undefined, path: string): string[] {
  if (!raw) return [];
  const ids = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = ids.findIndex((id) => !UUID.test(id));
  if (bad >= 0) throw new ValidationError([{ path: `${path}.${bad}`, message: 'is not an id' }]);
  if (ids.length > 100) throw new ValidationError([{ path, message: 'names more than 100 ids' }]);
  return [...new Set(ids.map((s) => s.toLowerCase()))];
}

/** Orders' own dependency source: other submitted or completed orders of the org naming the same locations. */
export async function ordersOnLocations(db: DbOrTx, orgId: string, target: { locationIds: string[]; rackIds?: string[] }): Promise<OrderDependencyDto[]> {
  const ids = [...target.locationIds, ...(target.rackIds ?? [])];
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.orgId, orgId),
        inArray(orders.status, [...OPEN_ORDER_STATUSES, 'completed']),
        ne(orders.itemKind, 'decommission'),
        sql`${orders.locationIds} && ARRAY[${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}]`,
      ),
    )
    .orderBy(desc(orders.createdAt))
    .limit(200);
  return rows.map((o) => ({ kind: `order:${o.itemKind}`, ref: o.ref, label: `${o.item.names.en ?? o.item.key} (${o.status.replace(/_/g, ' ')})`, link: `/orders/${o.id}` }));
}

/**
 * What depends on locations or racks about to be decommissioned, from every registered source (other
 * orders, access grants, …), for the caller's organisation (staff name one with orgId). Another
 * organisation's ids simply find nothing.
 */
export async function listDependencies(ctx: Ctx, registry: OrderRegistry, input: z.input<typeof DependenciesQuery>): Promise<{ items: OrderDependencyDto[] }> {
  requireOrderReader(ctx);
  const q = DependenciesQuery.parse(input);
  const staff = fulfilsOrders(ctx);
  if (!staff && q.orgId && q.orgId !== ctx.actor.orgId) return { items: [] };
  const orgId = staff ? q.orgId : ctx.actor.orgId;
  if (!orgId) throw new ValidationError([{ path: 'query.orgId', message: 'is required for the provider’s staff' }]);
  const target = { locationIds: idList(q.locationIds, 'query.locationIds'), rackIds: idList(q.rackIds, 'query.rackIds') };
  if (target.locationIds.length === 0 && target.rackIds.length === 0) return { items: [] };
  const items: OrderDependencyDto[] = [];
  for (const provider of [ordersOnLocations, ...registry.dependencyProviders]) items.push(...(await provider(ctx.db, orgId, target)));
  return { items };
}
