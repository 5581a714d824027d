import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { OrderableItem } from '../../../../contracts/catalogue.js';
import { fieldsOfType, fileAccepts, validateFormValues, type FormDefinition } from '../../../../contracts/forms.js';
import type { OrderDependencyDto } from '../../../../contracts/orders.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, type AuthedCtx } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/client.js';
import { UnprocessableError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { userRefs } from '../../identity/index.js';
import { assertLocationsEntitled } from '../../sites/index.js';
import { addEvent, factsOf, type OrderRow } from '../internal.js';
import { orderApprovals, orderFiles, orders, orderTasks } from '../orders.tables.js';
import type { OrderRegistry } from '../registry.js';

/** The item as the order keeps it: later edits of the catalogue item never change an order. */
export const snapshotOf = (item: OrderableItem): OrderRow['item'] => ({
  key: item.key,
  kind: item.kind,
  version: item.version,
  names: item.names,
  approvalRule: item.approvalRule,
  form: item.form,
  tasks: item.tasks,
});

/** Location ids named in the values' location fields. */
export function locationIdsOf(def: FormDefinition, values: Record<string, unknown>): string[] {
  const ids = fieldsOfType(def, 'location').flatMap((f) => (Array.isArray(values[f.key]) ? (values[f.key] as string[]) : []));
  return [...new Set(ids)];
}

/**
 * Everything a submission must pass, in order, before anything is stored: the form (422 FORM_INVALID
 * naming `values.<key>`), persons are active members of the organisation, locations are entitled
 * (sites: 422 LOCATION_NOT_ENTITLED), files are the requester's staged files (or already this
 * order's) and fit the field's accept list, then the kind's own rules (access: 403 / 422).
 */
export async function validateSubmission(
  tx: Tx,
  ctx: AuthedCtx,
  registry: OrderRegistry,
  input: { orgId: string; orderId: string | null; requesterId: string; item: OrderableItem; values: unknown },
): Promise<Record<string, unknown>> {
  const def = input.item.form;
  const checked = validateFormValues(def, input.values, { now: new Date(), lang: ctx.actor.locale });
  if (checked.errors.length) throw new UnprocessableError(checked.errors, 'FORM_INVALID');
  const values = checked.values as Record<string, unknown>;
  const errors: { path: string; message: string }[] = [];

  const personFields = fieldsOfType(def, 'person');
  const personIds = personFields.flatMap((f) => (Array.isArray(values[f.key]) ? (values[f.key] as string[]) : []));
  const people = await userRefs(tx, personIds);
  for (const f of personFields) {
    const ids = Array.isArray(values[f.key]) ? (values[f.key] as string[]) : [];
    ids.forEach((id, i) => {
      const p = people.get(id);
      if (!p || p.orgId !== input.orgId || p.status !== 'active') errors.push({ path: `values.${f.key}.${i}`, message: 'is not an active member of the organisation' });
    });
  }

  const fileFields = fieldsOfType(def, 'file');
  const fileIds = fileFields.flatMap((f) => (Array.isArray(values[f.key]) ? (values[f.key] as string[]) : []));
  if (fileIds.length) {
    const rows = await tx
      .select()
      .from(orderFiles)
      .where(
        and(
          eq(orderFiles.orgId, input.orgId),
          inArray(orderFiles.id, fileIds),
          input.orderId ? or(isNull(orderFiles.orderId), eq(orderFiles.orderId, input.orderId)) : isNull(orderFiles.orderId),
        ),
      );
    const mine = new Map(rows.filter((r) => r.uploadedBy === input.requesterId || (input.orderId !== null && r.orderId === input.orderId)).map((r) => [r.id, r]));
    for (const f of fileFields) {
      const ids = Array.isArray(values[f.key]) ? (values[f.key] as string[]) : [];
      ids.forEach((id, i) => {
        const file = mine.get(id);
        if (!file) errors.push({ path: `values.${f.key}.${i}`, message: 'is not a file you uploaded for this order' });
        else if (!fileAccepts(f.accept, { name: file.filename, contentType: file.contentType })) errors.push({ path: `values.${f.key}.${i}`, message: `must be one of ${f.accept!.join(', ')}` });
      });
    }
  }
  if (errors.length) throw new UnprocessableError(errors, 'FORM_INVALID');

  for (const f of fieldsOfType(def, 'location')) {
    const ids = Array.isArray(values[f.key]) ? (values[f.key] as string[]) : [];
    if (ids.length) await assertLocationsEntitled(tx, input.orgId, ids, `values.${f.key}`);
  }

  const handler = registry.kinds.get(input.item.kind);
  if (handler?.validate) await handler.validate(tx, ctx, { orgId: input.orgId, values, item: input.item, requesterId: input.requesterId });
  return values;
}

/**
 * Moves a draft (locked, validated) through submission: submitted, then the approval steps of the
 * item's rule, or straight on to approved and fulfilment when it needs none. Staged files named in the
 * values become the order's. Timeline, audit and outbox in the caller's transaction.
 */
export async function submitDraft(
  tx: Tx,
  ctx: AuthedCtx,
  registry: OrderRegistry,
  o: OrderRow,
  values: Record<string, unknown>,
  acknowledged: OrderDependencyDto[] | undefined,
  tick: () => Date,
): Promise<OrderRow> {
  const now = tick();
  const def = o.item.form as FormDefinition;
  const fileIds = fieldsOfType(def, 'file').flatMap((f) => (Array.isArray(values[f.key]) ? (values[f.key] as string[]) : []));
  if (fileIds.length) {
    await tx.update(orderFiles).set({ orderId: o.id }).where(and(eq(orderFiles.orgId, o.orgId), inArray(orderFiles.id, fileIds)));
  }
  const rule = o.item.approvalRule;
  const steps: ('customer' | 'provider')[] = rule === 'both' ? ['customer', 'provider'] : rule === 'customer_admin' ? ['customer'] : rule === 'provider' ? ['provider'] : [];
  const [submitted] = await tx
    .update(orders)
    .set({
      values,
      locationIds: locationIdsOf(def, values),
      acknowledgedDependencies: o.itemKind === 'decommission' ? (acknowledged ?? []) : [],
      status: steps.length ? 'waiting_for_approval' : 'submitted',
      submittedAt: now,
      updatedAt: now,
    })
    .where(eq(orders.id, o.id))
    .returning();
  await addEvent(tx, o, 'submitted', ctx.actor.userId, { at: now, data: o.itemKind === 'decommission' ? { acknowledged: (acknowledged ?? []).length } : {} });
  await audit(tx, auditSource(ctx), { orgId: o.orgId, action: 'order.submitted', targetType: 'order', targetId: o.id, after: { ref: o.ref, item: o.item.key, version: o.item.version } });
  await outbox(tx, 'order.submitted', o.orgId, { orderId: o.id, actorId: ctx.actor.userId });
  if (steps.length === 0) return approveAndStart(tx, registry, submitted!, null, tick);
  await tx.insert(orderApprovals).values(steps.map((step, position) => ({ id: uuidv7(), orgId: o.orgId, orderId: o.id, step, position, createdAt: now })));
  await requestApproval(tx, submitted!, steps[0]!, tick());
  return submitted!;
}

/** A step now waits for its approvers: timeline and the event that tells them (with their mail link). */
export async function requestApproval(tx: Tx, o: OrderRow, step: 'customer' | 'provider', at: Date) {
  await addEvent(tx, o, 'approval_requested', null, { at, data: { step } });
  await outbox(tx, 'order.approval_requested', o.orgId, { orderId: o.id, step });
}

/**
 * Approved: the kind's onApproved (e.g. access grants), then fulfilment with the item's tasks. An
 * order whose item has no tasks waits in fulfilment for staff to complete it.
 */
export async function approveAndStart(tx: Tx, registry: OrderRegistry, o: OrderRow, approvedBy: string | null, tick: () => Date): Promise<OrderRow> {
  const approvedAt = tick();
  const [approved] = await tx.update(orders).set({ status: 'approved', decidedAt: approvedAt, updatedAt: approvedAt }).where(eq(orders.id, o.id)).returning();
  if (!approvedBy) await addEvent(tx, o, 'approved', null, { at: approvedAt, data: { step: null, automatic: true } });
  const handler = registry.kinds.get(o.itemKind);
  if (handler?.onApproved) await handler.onApproved(tx, factsOf(approved!, approvedBy));
  await outbox(tx, 'order.approved', o.orgId, { orderId: o.id, actorId: approvedBy });
  const startedAt = tick();
  const [started] = await tx.update(orders).set({ status: 'in_fulfilment', fulfilmentStartedAt: startedAt, updatedAt: startedAt }).where(eq(orders.id, o.id)).returning();
  const tasks = o.item.tasks.map((t, position) => ({ id: uuidv7(), orgId: o.orgId, orderId: o.id, position, title: t.title, groupId: t.groupId, createdAt: startedAt, updatedAt: startedAt }));
  if (tasks.length) await tx.insert(orderTasks).values(tasks);
  await addEvent(tx, o, 'fulfilment_started', null, { at: startedAt, data: { tasks: tasks.length } });
  await outbox(tx, 'order.in_fulfilment', o.orgId, { orderId: o.id });
  const groups = [...new Set(tasks.map((t) => t.groupId).filter((g): g is string => !!g))];
  for (const groupId of groups) await outbox(tx, 'order.task_assigned', o.orgId, { orderId: o.id, groupId, taskIds: tasks.filter((t) => t.groupId === groupId).map((t) => t.id) });
  return started!;
}
