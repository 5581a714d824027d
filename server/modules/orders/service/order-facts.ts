import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client.js';
import { customerApprovers, groupNames, membersOf } from '../internal.js';
import { orderApprovals, orderEvents, orders, orderTasks } from '../orders.tables.js';

/** What the notifications module needs to know about an order to tell people of a change. */
export type OrderNoticeFacts = {
  id: string;
  ref: string;
  orgId: string;
  status: string;
  requesterId: string;
  itemNames: Record<string, string>;
  itemKey: string;
  tasks: { id: string; title: Record<string, string>; groupId: string | null; assigneeId: string | null; status: string }[];
  pendingStep: 'customer' | 'provider' | null;
};

/** An order's facts, read within its organisation (null when gone). */
export async function orderNoticeFacts(db: DbOrTx, orgId: string, orderId: string): Promise<OrderNoticeFacts | null> {
  const [o] = await db.select().from(orders).where(and(eq(orders.orgId, orgId), eq(orders.id, orderId)));
  if (!o) return null;
  const tasks = await db.select().from(orderTasks).where(and(eq(orderTasks.orgId, orgId), eq(orderTasks.orderId, orderId))).orderBy(asc(orderTasks.position));
  const [pending] = await db
    .select({ step: orderApprovals.step })
    .from(orderApprovals)
    .where(and(eq(orderApprovals.orgId, orgId), eq(orderApprovals.orderId, orderId), eq(orderApprovals.status, 'pending')))
    .orderBy(asc(orderApprovals.position))
    .limit(1);
  return {
    id: o.id,
    ref: o.ref,
    orgId: o.orgId,
    status: o.status,
    requesterId: o.requesterId,
    itemNames: o.item.names,
    itemKey: o.item.key,
    tasks: tasks.map((t) => ({ id: t.id, title: t.title, groupId: t.groupId, assigneeId: t.assigneeId, status: t.status })),
    pendingStep: (pending?.step as 'customer' | 'provider' | undefined) ?? null,
  };
}

/** One timeline entry of an order (a comment's text for the notice), within its organisation. */
export async function orderEntry(db: DbOrTx, orgId: string, orderId: string, eventId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) return null;
  const [e] = await db.select().from(orderEvents).where(and(eq(orderEvents.orgId, orgId), eq(orderEvents.orderId, orderId), eq(orderEvents.id, eventId)));
  return e ?? null;
}

/**
 * Who decides the customer step: the organisation's holders of `orders.approve`, without the requester
 * unless they are the only one (the same rule as deciding).
 */
export async function customerStepApprovers(db: DbOrTx, orgId: string, requesterId: string): Promise<string[]> {
  const all = await customerApprovers(db, orgId);
  const others = all.filter((id) => id !== requesterId);
  return others.length ? others : all;
}

export { groupNames as supportGroupNames, membersOf as supportGroupMembers };
