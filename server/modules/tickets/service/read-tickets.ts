import { and, asc, desc, eq, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { OPEN_STATUSES, TicketQuery, type TicketDto, type TicketEventDto, type TicketListItemDto } from '../../../../contracts/tickets.js';
import { requireActor, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import { ForbiddenError, ValidationError } from '../../../platform/errors.js';
import { BREACHED_SCORE_BASE } from '../../../../contracts/ticket-priority.js';
import { cursorTime, decodeCursor, encodeCursor, page } from '../../../platform/http/pagination.js';
import { userRefs } from '../../identity/index.js';
import { getVisibleTicket, listLookups, lookups, presentEvent, presentListItem, presentTicket, queuePositions, queuePositionSql, settings, visibleTo, worksTickets, listColumns, type ListRow } from '../internal.js';
import { supportGroupMembers, ticketCategories, ticketEvents, tickets, ticketWatchers } from '../tickets.tables.js';

/** Anyone who may open tickets, read their organisation's, or work them. */
export function requireTicketReader(ctx: Ctx): asserts ctx is AuthedCtx {
  requireActor(ctx);
  const p = ctx.actor.permissions;
  if (!p.has('tickets.create') && !p.has('tickets.read_org') && !p.has('tickets.work')) throw new ForbiddenError();
}

const BREACHING_SOON_MS = 2 * 3600_000;

/**
 * `dynamicPriorityScore` (contracts/ticket-priority.ts) in SQL, so the queues sort in the database:
 * weight by priority and service level, divided by one plus the hours left to the nearer due time;
 * breached tickets above all others. Hours are wall-clock hours to the stored due time, the same as
 * business hours on a 24/7 policy and a close enough ordering on business-hours policies. A paused
 * ticket (no due time) sorts as if it had a very long time left. Computed in double precision:
 * `extract` answers numeric, and numeric ln() over thousands of open tickets cost the breaching-soon
 * queue 45 ms of database time per page.
 */
export function dynamicScoreSql(now: Date) {
  const weight = sql`((CASE ${tickets.priority} WHEN 'P1' THEN 8 WHEN 'P2' THEN 4 WHEN 'P3' THEN 2 ELSE 1 END) * (1 + (least(5, greatest(1, ${tickets.serviceLevel})) - 1) / 8.0))::float8`;
  const hoursLeft = sql`date_part('epoch', least(${tickets.firstResponseDueAt}, ${tickets.resolutionDueAt}) - ${now.toISOString()}::timestamptz) / 3600.0::float8`;
  return sql<number>`CASE
    WHEN least(${tickets.firstResponseDueAt}, ${tickets.resolutionDueAt}) IS NULL THEN ${weight} / 10000.0
    WHEN ${hoursLeft} <= 0 THEN ${BREACHED_SCORE_BASE} + ${weight} * (1 + ln(1 + (-(${hoursLeft}))))
    ELSE ${weight} / (1 + ${hoursLeft}) END`;
}

/**
 * The WHERE conditions of a ticket query for the caller: the visibility rule, the filters and the
 * agents' queue. Shared by the list and the CSV export, so both always show the same tickets.
 */
export function ticketConditions(ctx: AuthedCtx, q: Omit<z.output<typeof TicketQuery>, 'cursor' | 'limit'>): (SQL | undefined)[] {
  const staff = worksTickets(ctx);
  if (q.queue && !staff) throw new ForbiddenError('Queues are for the provider’s agents.');
  const where: (SQL | undefined)[] = [visibleTo(ctx)];
  if (q.status === 'open') where.push(inArray(tickets.status, [...OPEN_STATUSES]));
  else if (q.status) where.push(eq(tickets.status, q.status));
  if (q.kind) where.push(eq(tickets.kind, q.kind));
  if (q.orgId) where.push(eq(tickets.orgId, q.orgId));
  if (q.categoryId) where.push(eq(tickets.categoryId, q.categoryId));
  if (q.priority) where.push(eq(tickets.priority, q.priority));
  if (q.problemId) where.push(eq(tickets.problemId, q.problemId));
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(tickets.title, like), ilike(tickets.ref, like)));
  }
  const open = inArray(tickets.status, [...OPEN_STATUSES]);
  switch (q.queue) {
    case 'mine':
      where.push(open, eq(tickets.assigneeId, ctx.actor.userId));
      break;
    case 'my_groups': {
      const groups = ctx.db.select({ id: supportGroupMembers.groupId }).from(supportGroupMembers).where(eq(supportGroupMembers.userId, ctx.actor.userId));
      where.push(open, inArray(tickets.groupId, groups));
      break;
    }
    case 'unassigned':
      where.push(open, isNull(tickets.assigneeId));
      break;
    case 'breaching_soon':
      // Either due time before the limit, said as least() (which skips a null) so that the open
      // tickets' partial index answers it alone, without visiting the table.
      where.push(open, sql`least(${tickets.firstResponseDueAt}, ${tickets.resolutionDueAt}) < ${new Date(Date.now() + BREACHING_SOON_MS).toISOString()}::timestamptz`);
      break;
    case 'all_open':
      where.push(open);
      break;
  }
  return where;
}

/**
 * Tickets the caller may see, newest first (customers), or for agents' queues ordered by due time.
 * Filters: status (or 'open'), kind, organisation, category, priority, text; queues for staff.
 */
export async function listTickets(ctx: Ctx, input: TicketQuery): Promise<{ items: TicketListItemDto[]; nextCursor: string | null }> {
  requireTicketReader(ctx);
  const q = TicketQuery.parse(input);
  const where = ticketConditions(ctx, q);

  const after = decodeCursor(q.cursor);
  // One statement per page: the rows and the queue position of those waiting unassigned. The names a
  // list shows (people, organisations, groups, categories) and the SLA policies come from short
  // per-process caches (listLookups): the list used to take six round trips, and joining the names in
  // made PostgreSQL plan a six-table join for every page.
  // A customer's page holds a few waiting tickets at most: their positions are counted in the same
  // statement. An agents' queue page may be all waiting tickets: one pass over the unassigned queue
  // (queuePositions) is cheaper there than a count per row.
  const fields = { ticket: listColumns, queuePosition: q.queue ? sql<null>`NULL` : queuePositionSql() };
  type Row = { ticket: ListRow; queuePosition: number | string | null };
  let p: { items: Row[]; nextCursor: string | null };
  if (q.queue) {
    // Agents' queues: most urgent first by dynamic priority. The score moves with time, so the
    // cursor is a position in the queue rather than a key.
    const offset = after ? Number(after.key) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new ValidationError([{ path: 'query.cursor', message: 'is not a cursor this server issued' }]);
    // Ranked on the few columns the score needs (index-only on the open tickets' partial index), then
    // only the page's rows are read in full, in the same statement.
    const score = dynamicScoreSql(new Date());
    const ranked = ctx.db
      .select({ id: tickets.id, score: sql<number>`${score}`.as('score') })
      .from(tickets)
      .where(and(...where))
      .orderBy(desc(score), asc(tickets.createdAt), asc(tickets.id))
      .limit(q.limit + 1)
      .offset(offset)
      .as('ranked');
    const rows = await ctx.db.select(fields).from(ranked).innerJoin(tickets, eq(tickets.id, ranked.id)).orderBy(desc(ranked.score), asc(tickets.createdAt), asc(tickets.id));
    p = page(rows, q.limit, (r) => encodeCursor(String(offset + q.limit), r.ticket.id));
  } else {
    if (after) where.push(or(lt(tickets.createdAt, cursorTime(after)), and(eq(tickets.createdAt, cursorTime(after)), lt(tickets.id, after.id))));
    const rows = await ctx.db
      .select(fields)
      .from(tickets)
      .where(and(...where))
      // NULLS LAST (both columns are NOT NULL, so the order is the same) matches tickets_org_created_idx,
      // which drizzle-kit created as (org_id, created_at DESC NULLS LAST, id DESC NULLS LAST): a plain
      // DESC means NULLS FIRST and made PostgreSQL fetch and sort all of an organisation's tickets.
      .orderBy(sql`${tickets.createdAt} DESC NULLS LAST`, sql`${tickets.id} DESC NULLS LAST`)
      .limit(q.limit + 1);
    p = page(rows, q.limit, (r) => encodeCursor(r.ticket.createdAt.toISOString(), r.ticket.id));
  }
  const rows = p.items.map((r) => r.ticket);
  const [l, positions] = await Promise.all([listLookups(ctx.db, rows), q.queue ? queuePositions(ctx.db, rows) : new Map<string, number>()]);
  const now = new Date();
  const items = p.items.map((r) => presentListItem(ctx, r.ticket, l, r.queuePosition === null ? (positions.get(r.ticket.id) ?? null) : Number(r.queuePosition), now));
  return { items, nextCursor: p.nextCursor };
}

/** One ticket the caller may see; another organisation's answers 404. */
export async function getTicket(ctx: Ctx, id: string): Promise<TicketDto> {
  requireTicketReader(ctx);
  const t = await getVisibleTicket(ctx.db, ctx, id);
  return presentOne(ctx, t);
}

/** The full DTO of one row (watchers, queue position and abilities included). */
export async function presentOne(ctx: AuthedCtx, t: typeof tickets.$inferSelect, db = ctx.db): Promise<TicketDto> {
  const watchers = (await db.select({ userId: ticketWatchers.userId }).from(ticketWatchers).where(and(eq(ticketWatchers.orgId, t.orgId), eq(ticketWatchers.ticketId, t.id)))).map((w) => w.userId);
  // Outside a transaction the three go out at once (see lookups); a transaction takes one query at a time.
  const [l, positions, s] =
    db instanceof PgTransaction
      ? [await lookups(db, [t], watchers), await queuePositions(db, [t]), await settings(db)]
      : await Promise.all([lookups(db, [t], watchers), queuePositions(db, [t]), settings(db)]);
  return presentTicket(ctx, t, l, { watchers, queuePosition: positions.get(t.id) ?? null, reopenDays: s.reopenDays });
}

/** The ticket's timeline, oldest first. Customers never receive internal events. */
export async function listTicketEvents(ctx: Ctx, id: string): Promise<{ items: TicketEventDto[] }> {
  requireTicketReader(ctx);
  const t = await getVisibleTicket(ctx.db, ctx, id);
  const where = [eq(ticketEvents.orgId, t.orgId), eq(ticketEvents.ticketId, t.id)];
  if (!worksTickets(ctx)) where.push(eq(ticketEvents.visibility, 'public'));
  const rows = await ctx.db.select().from(ticketEvents).where(and(...where)).orderBy(asc(ticketEvents.createdAt), asc(ticketEvents.id)).limit(2000);
  const people = await userRefs(ctx.db, rows.map((r) => r.actorId ?? ''));
  return { items: rows.map((r) => presentEvent(r, people)) };
}

/** Active categories in the caller's language. */
export async function listCategories(ctx: Ctx) {
  requireTicketReader(ctx);
  const rows = await ctx.db.select().from(ticketCategories).orderBy(asc(ticketCategories.sort), asc(ticketCategories.key));
  const lang = ctx.actor.locale;
  return {
    items: rows
      .filter((c) => c.active || ctx.actor.permissions.has('tickets.configure'))
      .map((c) => ({ id: c.id, key: c.key, name: c.names[lang] ?? c.names.en ?? c.key, names: c.names, active: c.active })),
  };
}

/** The priority matrix and reopen window (the web previews the priority while a ticket is written). */
export async function getTicketSettings(ctx: Ctx) {
  requireTicketReader(ctx);
  const s = await settings(ctx.db);
  return { priorityMatrix: s.priorityMatrix, reopenDays: s.reopenDays };
}

