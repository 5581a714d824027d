import { z } from 'zod';
import { and, count, desc, eq, inArray, isNotNull, isNull, lt, or, type SQL } from 'drizzle-orm';
import { MarkNotificationsRead, NotificationQuery, type NotificationDto, type NotificationEvent, type NotificationPage } from '../../../../contracts/notifications.js';
import { requireActor, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { NotFoundError, ValidationError } from '../../../platform/errors.js';
import { cursorTime, decodeCursor, encodeCursor, page } from '../../../platform/http/pagination.js';
import { notifications } from '../notifications.tables.js';

type Row = typeof notifications.$inferSelect;

/** Every query of this file: the caller's own notifications, never anybody else's. */
const mine = (ctx: AuthedCtx) => and(eq(notifications.orgId, ctx.actor.orgId), eq(notifications.userId, ctx.actor.userId));

function present(r: Row): NotificationDto {
  return {
    id: r.id,
    event: r.event as NotificationEvent,
    ticket: r.ticketId && r.ticketRef ? { id: r.ticketId, ref: r.ticketRef } : null,
    order: r.orderId && r.orderRef ? { id: r.orderId, ref: r.orderRef } : null,
    title: r.title,
    body: r.body,
    url: r.ticketId ? `/tickets/${r.ticketId}` : r.orderId ? `/orders/${r.orderId}` : r.event === 'access_flagged' ? '/access?tab=flagged' : '/',
    readAt: r.readAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

async function unreadCount(db: DbOrTx, ctx: AuthedCtx): Promise<number> {
  const [r] = await db.select({ n: count() }).from(notifications).where(and(mine(ctx), isNull(notifications.readAt)));
  return Number(r?.n ?? 0);
}

/** The query as the service takes it: the route has already turned `unread=true` into a boolean. */
const ListInput = NotificationQuery.extend({ unread: z.boolean().optional() });

/** My notifications, newest first, with how many are unread. Any signed-in user. */
export async function listMyNotifications(ctx: Ctx, input: z.input<typeof ListInput>): Promise<NotificationPage> {
  requireActor(ctx);
  const q = ListInput.parse(input);
  const where: (SQL | undefined)[] = [mine(ctx)];
  if (q.unread === true) where.push(isNull(notifications.readAt));
  if (q.unread === false) where.push(isNotNull(notifications.readAt));
  const after = decodeCursor(q.cursor);
  if (after) where.push(or(lt(notifications.createdAt, cursorTime(after)), and(eq(notifications.createdAt, cursorTime(after)), lt(notifications.id, after.id))));
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(and(...where))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (r) => encodeCursor(r.createdAt.toISOString(), r.id));
  return { items: p.items.map(present), nextCursor: p.nextCursor, unreadCount: await unreadCount(ctx.db, ctx) };
}

/**
 * Marks some (`ids`) or all (`all: true`) of my notifications read. An id that is not one of mine
 * answers 404 and nothing changes. Any signed-in user.
 */
export async function markMyNotificationsRead(ctx: Ctx, input: MarkNotificationsRead): Promise<{ unreadCount: number }> {
  requireActor(ctx);
  const data = MarkNotificationsRead.parse(input);
  if (!data.all && !data.ids) throw new ValidationError([{ path: 'body', message: 'name ids or set all to true' }]);
  if (data.all && data.ids) throw new ValidationError([{ path: 'body.all', message: 'cannot be combined with ids' }]);
  return withTx(ctx, async (tx) => {
    const now = new Date();
    if (data.all) {
      await tx.update(notifications).set({ readAt: now }).where(and(mine(ctx), isNull(notifications.readAt)));
    } else {
      const ids = [...new Set(data.ids!)];
      const found = await tx.select({ id: notifications.id }).from(notifications).where(and(mine(ctx), inArray(notifications.id, ids)));
      if (found.length !== ids.length) throw new NotFoundError('notification');
      await tx.update(notifications).set({ readAt: now }).where(and(mine(ctx), inArray(notifications.id, ids), isNull(notifications.readAt)));
    }
    return { unreadCount: await unreadCount(tx, ctx) };
  });
}
