import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { validateFormValues, type FormDefinition } from '../../../../contracts/forms.js';
import {
  AddOrderComment,
  CANCELLABLE,
  CancelOrder,
  CreateOrder,
  DecideApproval,
  ORDER_TRANSITIONS,
  SubmitOrder,
  UpdateDraft,
  UpdateOrderTask,
  formatOrderRef,
  type OrderDto,
  type OrderEventDto,
  type OrderStatus,
  type ReorderResultDto,
} from '../../../../contracts/orders.js';
import type { z } from 'zod';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, requirePermission, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import { rowsOf, type Tx } from '../../../platform/db/client.js';
import type { MailTokens } from '../../../platform/mail-tokens.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { userRefs } from '../../identity/index.js';
import { getOrderableItem, recordItemOrdered, type OrderableItem } from '../../catalogue/index.js';
import { addEvent, factsOf, fulfilsOrders, getVisibleOrder, mayCancel, mayDecide, pendingStep, presentEvent, presentOrder, stepClock, type OrderRow } from '../internal.js';
import { orderApprovals, orderEvents, orders, orderTasks } from '../orders.tables.js';
import type { OrderRegistry } from '../registry.js';
import { approveAndStart, requestApproval, snapshotOf, submitDraft, validateSubmission } from './submit.js';

const invalidTransition = (from: OrderStatus, what: string) =>
  new ConflictError('INVALID_TRANSITION', `An order that is ${from.replace(/_/g, ' ')} cannot be ${what}.`, [...ORDER_TRANSITIONS[from]]);

/** Keeps a draft's values to the form's fields (drafts may be incomplete; submission checks them all). */
function draftValues(def: FormDefinition, values: Record<string, unknown>): Record<string, unknown> {
  const keys = new Set(def.fields.map((f) => f.key));
  const unknown = Object.keys(values).filter((k) => !keys.has(k));
  if (unknown.length) throw new ValidationError(unknown.map((k) => ({ path: `body.values.${k}`, message: 'is not a field of this form' })));
  return values;
}

/**
 * Places an order for a catalogue item (`orders.create`; the item's "who may order" → 403). With
 * `submit: true` it is validated and submitted at once (nothing is stored on any error); otherwise it
 * is kept as the requester's draft.
 */
export async function createOrder(ctx: Ctx, registry: OrderRegistry, input: z.input<typeof CreateOrder>): Promise<OrderDto> {
  requirePermission(ctx, 'orders.create');
  if (ctx.actor.orgKind !== 'customer') throw new ForbiddenError('Orders are placed by customers.');
  const data = CreateOrder.parse(input);
  const item = await getOrderableItem(ctx, data.itemId);
  return withTx(ctx, async (tx) => {
    const tick = stepClock();
    const orgId = ctx.actor.orgId;
    const id = uuidv7();
    const values = data.submit
      ? await validateSubmission(tx, ctx, registry, { orgId, orderId: null, requesterId: ctx.actor.userId, item, values: data.values })
      : draftValues(item.form, data.values);
    const seq = await tx.execute(sql`SELECT nextval('order_ref_seq') AS n`);
    const number = Number(rowsOf<{ n: string }>(seq)[0]!.n);
    const now = tick();
    const [draft] = await tx
      .insert(orders)
      .values({ id, orgId, number, ref: formatOrderRef(number), itemId: item.id, itemKind: item.kind, item: snapshotOf(item), values, requesterId: ctx.actor.userId, status: 'draft', createdAt: now, updatedAt: now })
      .returning();
    await addEvent(tx, draft!, 'created', ctx.actor.userId, { at: now, data: { item: item.key, version: item.version } });
    await audit(tx, auditSource(ctx), { orgId, action: 'order.created', targetType: 'order', targetId: id, after: { ref: draft!.ref, item: item.key, version: item.version } });
    await recordItemOrdered(tx, item.id);
    const result = data.submit ? await submitDraft(tx, ctx, registry, draft!, values, data.acknowledgedDependencies, tick) : draft!;
    return presentOrder(tx, ctx, result);
  });
}

/** The requester changes a draft's values (kept as they are; checked on submission). */
export async function updateDraft(ctx: Ctx, id: string, input: z.input<typeof UpdateDraft>): Promise<OrderDto> {
  requirePermission(ctx, 'orders.create');
  const data = UpdateDraft.parse(input);
  return withTx(ctx, async (tx) => {
    const o = await getVisibleOrder(tx, ctx, id, true);
    if (o.requesterId !== ctx.actor.userId) throw new NotFoundError('order');
    if (o.status !== 'draft') throw invalidTransition(o.status as OrderStatus, 'edited');
    const values = draftValues(o.item.form as FormDefinition, data.values);
    const [row] = await tx.update(orders).set({ values, updatedAt: new Date() }).where(eq(orders.id, o.id)).returning();
    return presentOrder(tx, ctx, row!);
  });
}

/**
 * Submits a draft with the values it holds (the requester). The item's current version is checked for
 * who may order; the values are validated against the snapshot the draft was made from.
 */
export async function submitOrder(ctx: Ctx, registry: OrderRegistry, id: string, input: z.input<typeof SubmitOrder>): Promise<OrderDto> {
  requirePermission(ctx, 'orders.create');
  const data = SubmitOrder.parse(input ?? {});
  const current = await withTx(ctx, (tx) => getVisibleOrder(tx, ctx, id));
  if (current.requesterId !== ctx.actor.userId) throw new NotFoundError('order');
  const item = await getOrderableItem(ctx, current.itemId);
  return withTx(ctx, async (tx) => {
    const o = await getVisibleOrder(tx, ctx, id, true);
    if (o.status !== 'draft') throw invalidTransition(o.status as OrderStatus, 'submitted');
    // Validate against the item as it was when the draft was made (its snapshot), with the item's current kind rules.
    const snapItem = { ...item, key: o.item.key, kind: o.item.kind, version: o.item.version, names: o.item.names, approvalRule: o.item.approvalRule, form: o.item.form as FormDefinition, tasks: o.item.tasks } as OrderableItem;
    const values = await validateSubmission(tx, ctx, registry, { orgId: o.orgId, orderId: o.id, requesterId: o.requesterId, item: snapItem, values: o.values });
    const result = await submitDraft(tx, ctx, registry, o, values, data.acknowledgedDependencies, stepClock());
    return presentOrder(tx, ctx, result);
  });
}

/**
 * Cancels an order (the requester or the organisation's approvers) until fulfilment starts; after that
 * 409 INVALID_TRANSITION naming what may follow. A cancelled approval leaves its steps undecided.
 */
export async function cancelOrder(ctx: Ctx, registry: OrderRegistry, id: string, input: z.input<typeof CancelOrder>): Promise<OrderDto> {
  requireActor(ctx);
  const data = CancelOrder.parse(input);
  return withTx(ctx, async (tx) => {
    const o = await getVisibleOrder(tx, ctx, id, true);
    if (!mayCancel(ctx, o)) throw new ForbiddenError('Only the requester or the organisation’s approvers may cancel an order.');
    const status = o.status as OrderStatus;
    if (!CANCELLABLE.includes(status)) throw invalidTransition(status, 'cancelled');
    const waiting = await pendingStep(tx, o);
    const now = new Date();
    const [row] = await tx.update(orders).set({ status: 'cancelled', cancelledAt: now, cancelReason: data.reason, updatedAt: now }).where(eq(orders.id, o.id)).returning();
    await addEvent(tx, o, 'cancelled', ctx.actor.userId, { at: now, body: data.reason, data: { from: status } });
    await audit(tx, auditSource(ctx), { orgId: o.orgId, action: 'order.cancelled', targetType: 'order', targetId: o.id, before: { status }, after: { status: 'cancelled', reason: data.reason } });
    if (status !== 'draft') {
      const handler = registry.kinds.get(o.itemKind);
      if (handler?.onCancelled) await handler.onCancelled(tx, factsOf(row!));
      await outbox(tx, 'order.cancelled', o.orgId, { orderId: o.id, actorId: ctx.actor.userId, reason: data.reason, pendingStep: waiting?.step ?? null });
    }
    return presentOrder(tx, ctx, row!);
  });
}

/**
 * Decides the approval step that is waiting: the customer step (holders of `orders.approve` of the
 * organisation, not the requester unless they are its only approver), then the provider step (staff
 * with `orders.fulfil`). From the mail link the token must name this order, the waiting step and the
 * caller (another user → 403; forged or expired → 403 TOKEN_INVALID; a step already decided → 409).
 */
export async function decideOrder(ctx: Ctx, registry: OrderRegistry, tokens: MailTokens, id: string, input: z.input<typeof DecideApproval>): Promise<OrderDto> {
  requireActor(ctx);
  const data = DecideApproval.parse(input);
  if (!ctx.actor.permissions.has('orders.approve') && !fulfilsOrders(ctx)) throw new ForbiddenError();
  const link = data.token ? tokens.verifyOrderDecision(data.token) : null;
  if (data.token && !link) throw new ForbiddenError('This approval link is not valid or has expired. Open the order in the portal.', 'TOKEN_INVALID');
  if (data.decision === 'reject' && !data.comment) throw new ValidationError([{ path: 'body.comment', message: 'is required when rejecting' }]);
  return withTx(ctx, async (tx) => {
    const o = await getVisibleOrder(tx, ctx, id, true);
    if (link && link.orderId !== o.id) throw new ForbiddenError('This approval link is for another order.', 'TOKEN_INVALID');
    if (link && link.userId !== ctx.actor.userId) throw new ForbiddenError('This approval link was sent to someone else.');
    if (link) {
      const [linked] = await tx.select().from(orderApprovals).where(and(eq(orderApprovals.orgId, o.orgId), eq(orderApprovals.orderId, o.id), eq(orderApprovals.step, link.step)));
      if (linked && linked.status !== 'pending') throw new ConflictError('CONFLICT', `The ${link.step} approval of ${o.ref} was already decided.`);
    }
    const status = o.status as OrderStatus;
    if (status !== 'waiting_for_approval') throw invalidTransition(status, data.decision === 'approve' ? 'approved' : 'rejected');
    const step = await pendingStep(tx, o);
    if (!step) throw invalidTransition(status, 'decided');
    if (link && link.step !== step.step) throw new ConflictError('CONFLICT', `The ${link.step} step of ${o.ref} is not waiting for a decision.`);
    if (!(await mayDecide(tx, ctx, o, step))) throw new ForbiddenError(step.step === 'provider' ? 'The provider decides this step.' : 'Another approver of your organisation decides this order.');
    const tick = stepClock();
    const now = tick();
    const approve = data.decision === 'approve';
    const comment = data.comment ?? null;
    const updated = await tx
      .update(orderApprovals)
      .set({ status: approve ? 'approved' : 'rejected', decidedBy: ctx.actor.userId, decidedAt: now, comment })
      .where(and(eq(orderApprovals.id, step.id), eq(orderApprovals.status, 'pending')))
      .returning();
    if (updated.length === 0) throw new ConflictError('CONFLICT', 'This step was decided meanwhile.');
    await addEvent(tx, o, approve ? 'approved' : 'rejected', ctx.actor.userId, { at: now, body: comment, data: { step: step.step, via: link ? 'mail_link' : 'portal' } });
    await audit(tx, auditSource(ctx), { orgId: o.orgId, action: approve ? 'order.approved' : 'order.rejected', targetType: 'order', targetId: o.id, after: { step: step.step, comment, via: link ? 'mail_link' : 'portal' } });
    let result: OrderRow;
    if (!approve) {
      const [row] = await tx.update(orders).set({ status: 'rejected', decidedAt: now, updatedAt: now }).where(eq(orders.id, o.id)).returning();
      await outbox(tx, 'order.rejected', o.orgId, { orderId: o.id, actorId: ctx.actor.userId, step: step.step, comment });
      result = row!;
    } else {
      const next = await pendingStep(tx, o);
      if (next) {
        await outbox(tx, 'order.step_approved', o.orgId, { orderId: o.id, actorId: ctx.actor.userId, step: step.step });
        await requestApproval(tx, o, next.step as 'customer' | 'provider', tick());
        result = o;
      } else {
        result = await approveAndStart(tx, registry, o, ctx.actor.userId, tick);
      }
    }
    return presentOrder(tx, ctx, result);
  });
}

/** What a mail link names, for the order page to open the right decision (the caller must be its user). */
export async function decideLinkInfo(ctx: Ctx, tokens: MailTokens, token: string) {
  requireActor(ctx);
  const link = tokens.verifyOrderDecision(token);
  if (!link) throw new ForbiddenError('This approval link is not valid or has expired. Open the order in the portal.', 'TOKEN_INVALID');
  if (link.userId !== ctx.actor.userId) throw new ForbiddenError('This approval link was sent to someone else.');
  const o = await getVisibleOrder(ctx.db, ctx, link.orderId);
  const step = await pendingStep(ctx.db, o);
  return { orderId: o.id, step: link.step, valid: !!step && step.step === link.step };
}

/**
 * Staff (`orders.fulfil`) change a fulfilment task: status and/or assignee (an active provider agent).
 * When every task is done or skipped the order completes by itself. Only while in fulfilment (409).
 */
export async function updateTask(ctx: Ctx, orderId: string, taskId: string, input: z.input<typeof UpdateOrderTask>): Promise<OrderDto> {
  requirePermission(ctx, 'orders.fulfil');
  const data = UpdateOrderTask.parse(input);
  if (data.status === undefined && data.assigneeId === undefined) throw new ValidationError([{ path: 'body', message: 'name a status or an assignee' }]);
  return withTx(ctx, async (tx) => {
    const o = await getVisibleOrder(tx, ctx, orderId, true);
    const [task] = await tx.select().from(orderTasks).where(and(eq(orderTasks.orgId, o.orgId), eq(orderTasks.orderId, o.id), eq(orderTasks.id, taskId)));
    if (!task) throw new NotFoundError('task');
    if (o.status !== 'in_fulfilment') throw new ConflictError('INVALID_TRANSITION', `Tasks change only while the order is in fulfilment; it is ${o.status.replace(/_/g, ' ')}.`, [...ORDER_TRANSITIONS[o.status as OrderStatus]]);
    if (data.assigneeId) {
      const people = await userRefs(tx, [data.assigneeId]);
      const p = people.get(data.assigneeId);
      if (!p || p.status !== 'active' || (p.role !== 'provider_agent' && p.role !== 'provider_admin')) throw new ValidationError([{ path: 'body.assigneeId', message: 'is not an active member of the provider’s staff' }]);
    }
    const now = new Date();
    const patch: Partial<typeof orderTasks.$inferInsert> = { updatedAt: now };
    if (data.status !== undefined) {
      patch.status = data.status;
      const finished = data.status === 'done' || data.status === 'skipped';
      patch.doneBy = finished ? ctx.actor.userId : null;
      patch.doneAt = finished ? now : null;
    }
    if (data.assigneeId !== undefined) patch.assigneeId = data.assigneeId;
    await tx.update(orderTasks).set(patch).where(eq(orderTasks.id, task.id));
    await addEvent(tx, o, 'task_changed', ctx.actor.userId, {
      at: now,
      data: { taskId: task.id, title: task.title, ...(data.status !== undefined ? { from: task.status, to: data.status } : {}), ...(data.assigneeId !== undefined ? { assigneeId: data.assigneeId } : {}) },
    });
    await audit(tx, auditSource(ctx), { orgId: o.orgId, action: 'order.task_changed', targetType: 'order', targetId: o.id, before: { status: task.status, assigneeId: task.assigneeId }, after: { taskId: task.id, ...data } });
    await outbox(tx, 'order.task_changed', o.orgId, { orderId: o.id, taskId: task.id, actorId: ctx.actor.userId, assigneeId: data.assigneeId ?? null });
    const all = await tx.select({ status: orderTasks.status }).from(orderTasks).where(and(eq(orderTasks.orgId, o.orgId), eq(orderTasks.orderId, o.id)));
    const settled = all.every((t) => t.status === 'done' || t.status === 'skipped');
    const result = settled && all.length > 0 ? await complete(tx, ctx, o, new Date(now.getTime() + 1), true) : o;
    return presentOrder(tx, ctx, result);
  });
}

async function complete(tx: Tx, ctx: AuthedCtx, o: OrderRow, at: Date, automatic: boolean): Promise<OrderRow> {
  const [row] = await tx.update(orders).set({ status: 'completed', completedAt: at, updatedAt: at }).where(eq(orders.id, o.id)).returning();
  await addEvent(tx, o, 'completed', automatic ? null : ctx.actor.userId, { at, data: { automatic } });
  await audit(tx, auditSource(ctx), { orgId: o.orgId, action: 'order.completed', targetType: 'order', targetId: o.id, after: { automatic } });
  await outbox(tx, 'order.completed', o.orgId, { orderId: o.id, actorId: automatic ? null : ctx.actor.userId });
  return row!;
}

/** Staff complete an order in fulfilment whose tasks are all done or skipped (e.g. an item without tasks). */
export async function completeOrder(ctx: Ctx, id: string): Promise<OrderDto> {
  requirePermission(ctx, 'orders.fulfil');
  return withTx(ctx, async (tx) => {
    const o = await getVisibleOrder(tx, ctx, id, true);
    if (o.status !== 'in_fulfilment') throw invalidTransition(o.status as OrderStatus, 'completed');
    const open = await tx.select({ id: orderTasks.id }).from(orderTasks).where(and(eq(orderTasks.orgId, o.orgId), eq(orderTasks.orderId, o.id), sql`${orderTasks.status} in ('todo', 'in_progress')`));
    if (open.length) throw new ConflictError('CONFLICT', `${open.length} task(s) of ${o.ref} are still open.`);
    return presentOrder(tx, ctx, await complete(tx, ctx, o, new Date(), false));
  });
}

/** A comment on an order (customers of its organisation, staff); internal notes are staff-only. */
export async function addOrderComment(ctx: Ctx, id: string, input: z.input<typeof AddOrderComment>): Promise<OrderEventDto> {
  requireActor(ctx);
  const data = AddOrderComment.parse(input);
  const staff = fulfilsOrders(ctx);
  if (data.internal && !staff) throw new ForbiddenError('Internal notes are for the provider’s staff.');
  return withTx(ctx, async (tx) => {
    const o = await getVisibleOrder(tx, ctx, id);
    if (o.status === 'draft') throw new ConflictError('INVALID_TRANSITION', 'Submit the order before commenting on it.', [...ORDER_TRANSITIONS.draft]);
    const eventId = await addEvent(tx, o, data.internal ? 'internal_note' : 'comment', ctx.actor.userId, { body: data.body, internal: data.internal });
    await audit(tx, auditSource(ctx), { orgId: o.orgId, action: data.internal ? 'order.internal_note_added' : 'order.commented', targetType: 'order', targetId: o.id });
    if (!data.internal) await outbox(tx, 'order.commented', o.orgId, { orderId: o.id, eventId, actorId: ctx.actor.userId });
    const [e] = await tx.select().from(orderEvents).where(eq(orderEvents.id, eventId));
    return presentEvent(e!, await userRefs(tx, [ctx.actor.userId]));
  });
}

/**
 * Reorder: a new draft of the item's current version with the old order's values. Values that no
 * longer fit (field gone, option gone, bounds changed, files of the old order) are dropped, each with
 * a note; the caller completes the draft on the item page.
 */
export async function reorder(ctx: Ctx, id: string): Promise<ReorderResultDto> {
  requirePermission(ctx, 'orders.create');
  const old = await withTx(ctx, (tx) => getVisibleOrder(tx, ctx, id));
  if (old.orgId !== ctx.actor.orgId || old.status === 'draft') throw new NotFoundError('order');
  const item = await getOrderableItem(ctx, old.itemId);
  const dropped: { key: string; reason: string }[] = [];
  const keep: Record<string, unknown> = {};
  const fields = new Map(item.form.fields.map((f) => [f.key, f]));
  const checked = validateFormValues(item.form, Object.fromEntries(Object.entries(old.values).filter(([k]) => fields.has(k))), { now: new Date(), lang: ctx.actor.locale });
  for (const [key, value] of Object.entries(old.values)) {
    const f = fields.get(key);
    if (!f) dropped.push({ key, reason: 'is no longer a field of this item' });
    else if (f.type === 'file') dropped.push({ key, reason: 'files stay with the earlier order; upload them again' });
    else {
      const err = checked.errors.find((e) => e.path === `values.${key}` || e.path.startsWith(`values.${key}.`));
      if (err && !/required|erforderlich|må fylles|обязательн/.test(err.message)) dropped.push({ key, reason: err.message });
      else keep[key] = value;
    }
  }
  return withTx(ctx, async (tx) => {
    const seq = await tx.execute(sql`SELECT nextval('order_ref_seq') AS n`);
    const number = Number(rowsOf<{ n: string }>(seq)[0]!.n);
    const now = new Date();
    const [draft] = await tx
      .insert(orders)
      .values({ id: uuidv7(), orgId: ctx.actor.orgId, number, ref: formatOrderRef(number), itemId: item.id, itemKind: item.kind, item: snapshotOf(item), values: keep, requesterId: ctx.actor.userId, status: 'draft', createdAt: now, updatedAt: now })
      .returning();
    await addEvent(tx, draft!, 'created', ctx.actor.userId, { at: now, data: { item: item.key, version: item.version, reorderOf: old.ref, dropped } });
    await audit(tx, auditSource(ctx), { orgId: draft!.orgId, action: 'order.created', targetType: 'order', targetId: draft!.id, after: { ref: draft!.ref, reorderOf: old.ref, dropped: dropped.map((d) => d.key) } });
    return { order: await presentOrder(tx, ctx, draft!), dropped };
  });
}
