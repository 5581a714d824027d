import { and, asc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { CANCELLABLE, type OrderDto, type OrderEventDto, type OrderEventType, type OrderListItemDto, type OrderStatus, type OrderValueDto } from '../../../contracts/orders.js';
import { localText, type FormDefinition } from '../../../contracts/forms.js';
import { permissionsFor, type Role } from '../../../contracts/permissions.js';
import type { AuthedCtx } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { NotFoundError } from '../../platform/errors.js';
import { organizations } from '../../platform/tenancy.js';
import { userRefs, users, type UserRef } from '../identity/index.js';
import { locationRefs } from '../sites/index.js';
import { supportGroupMemberIds, supportGroupRefs, supportGroupsOfUser } from '../tickets/index.js';
import type { OrderFacts } from './registry.js';
import { orderApprovals, orderEvents, orderFiles, orders, orderTasks } from './orders.tables.js';

export type OrderRow = typeof orders.$inferSelect;
export type ApprovalRow = typeof orderApprovals.$inferSelect;
export type TaskRow = typeof orderTasks.$inferSelect;

/** Provider staff who fulfil orders (agents and admins) see every organisation's orders, drafts excepted. */
export const fulfilsOrders = (ctx: AuthedCtx) => ctx.actor.orgKind === 'provider' && ctx.actor.permissions.has('orders.fulfil');
/** Customer admins and delegated approvers see their organisation's whole order history. */
export const seesOrgOrders = (ctx: AuthedCtx) => ctx.actor.orgKind === 'customer' && ctx.actor.permissions.has('orders.approve');

/**
 * The tenant rule for orders as one WHERE clause. A draft is its requester's alone. Provider staff
 * with `orders.fulfil` see every submitted order; a customer with `orders.approve` sees the
 * organisation's; any other customer user sees the orders they placed. Everyone else sees nothing.
 */
export function visibleTo(ctx: AuthedCtx): SQL {
  const own = and(eq(orders.orgId, ctx.actor.orgId), eq(orders.requesterId, ctx.actor.userId))!;
  const notDraft = ne(orders.status, 'draft');
  if (fulfilsOrders(ctx)) return or(own, notDraft)!;
  if (ctx.actor.orgKind !== 'customer') return own;
  if (seesOrgOrders(ctx)) return or(own, and(eq(orders.orgId, ctx.actor.orgId), notDraft))!;
  return own;
}

/** An order the caller may see, or 404 (also when it belongs to another organisation). */
export async function getVisibleOrder(tx: DbOrTx, ctx: AuthedCtx, id: string, lock = false): Promise<OrderRow> {
  const q = tx.select().from(orders).where(and(eq(orders.id, id), visibleTo(ctx)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('order');
  return row;
}

/** One timeline entry; `at` keeps several steps of one transaction in order. */
export async function addEvent(
  tx: DbOrTx,
  o: Pick<OrderRow, 'id' | 'orgId'>,
  type: OrderEventType,
  actorId: string | null,
  opts: { body?: string | null; data?: Record<string, unknown>; internal?: boolean; at?: Date } = {},
): Promise<string> {
  const id = uuidv7();
  await tx.insert(orderEvents).values({
    id,
    orgId: o.orgId,
    orderId: o.id,
    type,
    actorId,
    body: opts.body ?? null,
    data: opts.data ?? {},
    visibility: opts.internal ? 'internal' : 'public',
    createdAt: opts.at ?? new Date(),
  });
  return id;
}

/** A clock that ticks a millisecond per step, so the timeline keeps the order of one transaction's steps. */
export function stepClock(start = new Date()) {
  let n = 0;
  return () => new Date(start.getTime() + n++);
}

export const factsOf = (o: OrderRow, approvedBy: string | null = null): OrderFacts => ({
  id: o.id,
  orgId: o.orgId,
  ref: o.ref,
  itemId: o.itemId,
  itemKey: o.item.key,
  itemKind: o.itemKind,
  itemVersion: o.item.version,
  status: o.status,
  values: o.values,
  requesterId: o.requesterId,
  submittedAt: o.submittedAt,
  decidedAt: o.decidedAt,
  approvedBy,
});

/** Active users of the organisation holding `orders.approve` (customer admins and delegated approvers). */
export async function customerApprovers(db: DbOrTx, orgId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id, role: users.role, granted: users.grantedPermissions })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.status, 'active')));
  return rows.filter((r) => permissionsFor(r.role as Role, r.granted).has('orders.approve')).map((r) => r.id);
}

/**
 * Who may decide the customer step: holders of `orders.approve` in the order's organisation, but not
 * the requester (four eyes) — unless nobody else in the organisation holds it, so an organisation
 * with a single admin is never stuck.
 */
export async function mayDecideCustomerStep(db: DbOrTx, ctx: AuthedCtx, o: OrderRow): Promise<boolean> {
  if (ctx.actor.orgKind !== 'customer' || ctx.actor.orgId !== o.orgId || !ctx.actor.permissions.has('orders.approve')) return false;
  if (ctx.actor.userId !== o.requesterId) return true;
  const approvers = await customerApprovers(db, o.orgId);
  return approvers.every((id) => id === o.requesterId);
}

/** The step waiting for a decision now (the first pending one), if the order waits for approval. */
export async function pendingStep(db: DbOrTx, o: OrderRow): Promise<ApprovalRow | null> {
  if (o.status !== 'waiting_for_approval') return null;
  const [a] = await db
    .select()
    .from(orderApprovals)
    .where(and(eq(orderApprovals.orgId, o.orgId), eq(orderApprovals.orderId, o.id), eq(orderApprovals.status, 'pending')))
    .orderBy(asc(orderApprovals.position))
    .limit(1);
  return a ?? null;
}

export async function mayDecide(db: DbOrTx, ctx: AuthedCtx, o: OrderRow, step: ApprovalRow | null): Promise<boolean> {
  if (!step) return false;
  if (step.step === 'provider') return fulfilsOrders(ctx);
  return mayDecideCustomerStep(db, ctx, o);
}

/** May the caller cancel: the requester or the organisation's approvers, until fulfilment starts. */
export const mayCancel = (ctx: AuthedCtx, o: OrderRow) =>
  ctx.actor.orgKind === 'customer' && ctx.actor.orgId === o.orgId && (ctx.actor.userId === o.requesterId || ctx.actor.permissions.has('orders.approve'));

export const itemName = (o: Pick<OrderRow, 'item'>, lang: string) => o.item.names[lang] || o.item.names.en || o.item.key;

/** Names of people, organisations and open-task counts for a page of orders. */
export async function listLookups(db: DbOrTx, rows: OrderRow[]) {
  const people = await userRefs(db, rows.map((r) => r.requesterId));
  const orgIds = [...new Set(rows.map((r) => r.orgId))];
  const orgRows = orgIds.length ? await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, orgIds)) : [];
  const ids = rows.map((r) => r.id);
  const open = ids.length
    ? await db
        .select({ orderId: orderTasks.orderId, n: sql<number>`count(*)::int` })
        .from(orderTasks)
        .where(and(inArray(orderTasks.orderId, ids), inArray(orderTasks.status, ['todo', 'in_progress'])))
        .groupBy(orderTasks.orderId)
    : [];
  return { people, orgs: new Map(orgRows.map((o) => [o.id, o.name])), openTasks: new Map(open.map((r) => [r.orderId, Number(r.n)])) };
}
export type ListLookups = Awaited<ReturnType<typeof listLookups>>;

const iso = (d: Date | null) => d?.toISOString() ?? null;
const refOf = (people: Map<string, UserRef>, id: string | null) => (id ? { id, name: people.get(id)?.name ?? '—' } : null);

export function presentListItem(ctx: AuthedCtx, o: OrderRow, l: ListLookups): OrderListItemDto {
  return {
    id: o.id,
    ref: o.ref,
    status: o.status as OrderStatus,
    item: { id: o.itemId, key: o.item.key, kind: o.itemKind, version: o.item.version, name: itemName(o, ctx.actor.locale) },
    org: { id: o.orgId, name: l.orgs.get(o.orgId) ?? '' },
    requester: refOf(l.people, o.requesterId)!,
    createdAt: o.createdAt.toISOString(),
    submittedAt: iso(o.submittedAt),
    decidedAt: iso(o.decidedAt),
    completedAt: iso(o.completedAt),
    cancelledAt: iso(o.cancelledAt),
    openTasks: l.openTasks.get(o.id) ?? 0,
  };
}

const fmtDate = (s: string, lang: string, timeZone: string, withTime: boolean) => {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  try {
    // As the portal formats dates: British English (day first, 24-hour clock), never "8:00 AM" beside "13:28".
    const locale = lang === 'en' ? 'en-GB' : lang === 'nb' ? 'nb-NO' : lang;
    return new Intl.DateTimeFormat(locale, withTime ? { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23', timeZone } : { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
  } catch {
    return s;
  }
};

const YES: Record<string, string> = { en: 'Yes', de: 'Ja', nb: 'Ja', ru: 'Да' };
const NO: Record<string, string> = { en: 'No', de: 'Nein', nb: 'Nei', ru: 'Нет' };

/**
 * The order's values made readable with the snapshot's form: labels in the caller's language, options
 * by label, persons by name, locations as paths, files by name.
 */
export async function readableValues(db: DbOrTx, ctx: AuthedCtx, o: OrderRow, files: Map<string, string>): Promise<OrderValueDto[]> {
  const def = o.item.form as FormDefinition;
  if (!def || !Array.isArray(def.fields)) return [];
  const lang = ctx.actor.locale;
  const v = o.values;
  const personIds: string[] = [];
  const locationIds: string[] = [];
  for (const f of def.fields) {
    const val = v[f.key];
    if (f.type === 'person' && Array.isArray(val)) personIds.push(...(val as string[]));
    if (f.type === 'location' && Array.isArray(val)) locationIds.push(...(val as string[]));
  }
  const people = await userRefs(db, personIds);
  const places = locationIds.length ? await locationRefs(db, locationIds) : new Map();
  const out: OrderValueDto[] = [];
  for (const f of def.fields) {
    const val = v[f.key];
    if (val === undefined || val === null || val === '') continue;
    let text = '';
    let fileIds: string[] | undefined;
    switch (f.type) {
      case 'select':
        text = localText(f.options.find((x) => x.value === val)?.label, lang) || String(val);
        break;
      case 'multiselect':
        text = (val as string[]).map((x) => localText(f.options.find((op) => op.value === x)?.label, lang) || x).join(', ');
        break;
      case 'checkbox':
        text = val ? (YES[lang] ?? YES.en!) : (NO[lang] ?? NO.en!);
        break;
      case 'person':
        text = (val as string[]).map((id) => people.get(id)?.name ?? '—').join(', ');
        break;
      case 'location':
        text = (val as string[]).map((id) => places.get(id)?.path ?? '—').join('; ');
        break;
      case 'file':
        fileIds = val as string[];
        text = fileIds.map((id) => files.get(id) ?? '—').join(', ');
        break;
      case 'visitors':
        text = (val as { name: string; company?: string; email?: string; phone?: string }[])
          .map((p) => [p.name, p.company, p.email, p.phone].filter(Boolean).join(', '))
          .join('\n');
        break;
      case 'date':
        text = fmtDate(String(val), lang, ctx.actor.timeZone, false);
        break;
      case 'datetime':
        text = fmtDate(String(val), lang, ctx.actor.timeZone, true);
        break;
      case 'daterange':
      case 'datetimerange': {
        const r = val as { start: string; end: string };
        const time = f.type === 'datetimerange';
        text = `${fmtDate(r.start, lang, ctx.actor.timeZone, time)} – ${fmtDate(r.end, lang, ctx.actor.timeZone, time)}`;
        break;
      }
      case 'number':
        text = `${val}${f.unit ? ` ${f.unit}` : ''}`;
        break;
      default:
        text = String(val);
    }
    out.push({ key: f.key, type: f.type, label: localText(f.label, lang), text, ...(fileIds ? { fileIds } : {}) });
  }
  return out;
}

/** The full order: list fields, values made readable, approvals, tasks, files and what the caller may do. */
export async function presentOrder(db: DbOrTx, ctx: AuthedCtx, o: OrderRow): Promise<OrderDto> {
  const l = await listLookups(db, [o]);
  const approvals = await db.select().from(orderApprovals).where(and(eq(orderApprovals.orgId, o.orgId), eq(orderApprovals.orderId, o.id))).orderBy(asc(orderApprovals.position));
  const tasks = await db.select().from(orderTasks).where(and(eq(orderTasks.orgId, o.orgId), eq(orderTasks.orderId, o.id))).orderBy(asc(orderTasks.position));
  const staff = fulfilsOrders(ctx);
  const fileWhere = [eq(orderFiles.orgId, o.orgId), eq(orderFiles.orderId, o.id)];
  if (!staff) fileWhere.push(eq(orderFiles.visibility, 'public'));
  const fileRows = await db.select().from(orderFiles).where(and(...fileWhere)).orderBy(asc(orderFiles.createdAt));
  // A draft's file fields point at files still staged by the requester.
  const valueFileIds = Object.values(o.values).flatMap((v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []));
  const stagedNames =
    o.status === 'draft' && valueFileIds.length
      ? await db
          .select({ id: orderFiles.id, name: orderFiles.filename })
          .from(orderFiles)
          .where(and(eq(orderFiles.orgId, o.orgId), eq(orderFiles.uploadedBy, o.requesterId), inArray(orderFiles.id, valueFileIds)))
      : [];
  const fileNames = new Map([...fileRows.map((f) => [f.id, f.filename] as const), ...stagedNames.map((f) => [f.id, f.name] as const)]);
  const people = await userRefs(db, [
    ...approvals.map((a) => a.decidedBy ?? ''),
    ...tasks.flatMap((t) => [t.assigneeId ?? '', t.doneBy ?? '']),
    ...fileRows.map((f) => f.uploadedBy),
  ]);
  const groupIds = [...new Set(tasks.map((t) => t.groupId).filter((g): g is string => !!g))];
  const groups = await groupNames(db, groupIds);
  const step = await pendingStep(db, o);
  const status = o.status as OrderStatus;
  const lang = ctx.actor.locale;
  const own = ctx.actor.userId === o.requesterId;
  const tasksSettled = tasks.every((t) => t.status === 'done' || t.status === 'skipped');
  return {
    ...presentListItem(ctx, o, l),
    values: o.values,
    readable: await readableValues(db, ctx, o, fileNames),
    form: o.item.form,
    approvalRule: o.item.approvalRule,
    cancelReason: o.cancelReason,
    acknowledgedDependencies: o.acknowledgedDependencies,
    approvals: approvals.map((a) => ({
      id: a.id,
      step: a.step as 'customer' | 'provider',
      status: a.status as 'pending' | 'approved' | 'rejected',
      decidedBy: refOf(people, a.decidedBy),
      decidedAt: iso(a.decidedAt),
      comment: a.comment,
    })),
    tasks: tasks.map((t) => ({
      id: t.id,
      position: t.position,
      title: t.title[lang] || t.title.en || '',
      group: t.groupId ? { id: t.groupId, name: groups.get(t.groupId) ?? '' } : null,
      assignee: refOf(people, t.assigneeId),
      status: t.status as 'todo' | 'in_progress' | 'done' | 'skipped',
      doneBy: refOf(people, t.doneBy),
      doneAt: iso(t.doneAt),
    })),
    files: fileRows.map((f) => ({
      id: f.id,
      name: f.filename,
      size: f.size,
      contentType: f.contentType,
      internal: f.visibility === 'internal',
      createdAt: f.createdAt.toISOString(),
      uploadedBy: refOf(people, f.uploadedBy),
    })),
    abilities: {
      edit: status === 'draft' && own,
      submit: status === 'draft' && own,
      cancel: CANCELLABLE.includes(status) && mayCancel(ctx, o),
      decide: step && (await mayDecide(db, ctx, o, step)) ? (step.step as 'customer' | 'provider') : null,
      comment: status !== 'draft' && (staff || ctx.actor.orgId === o.orgId),
      internalNote: status !== 'draft' && staff,
      updateTasks: status === 'in_fulfilment' && staff,
      complete: status === 'in_fulfilment' && staff && tasksSettled,
      reorder: status !== 'draft' && ctx.actor.orgId === o.orgId && ctx.actor.permissions.has('orders.create'),
    },
  };
}

/** Support group names, from the tickets module (groups are its provider-owned configuration). */
export async function groupNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const refs = await supportGroupRefs(db, ids);
  return new Map([...refs.values()].map((g) => [g.id, g.name]));
}

export function presentEvent(e: typeof orderEvents.$inferSelect, people: Map<string, UserRef>): OrderEventDto {
  return {
    id: e.id,
    type: e.type as OrderEventType,
    actor: refOf(people, e.actorId),
    body: e.body,
    data: e.data,
    internal: e.visibility === 'internal',
    createdAt: e.createdAt.toISOString(),
  };
}

/** The support groups an agent belongs to (queue "my groups' open tasks", task assignment). */
export const groupsOf = (db: DbOrTx, userId: string): Promise<string[]> => supportGroupsOfUser(db, userId);

/** The members of support groups (who is told about a task for their group). */
export const membersOf = (db: DbOrTx, groupIds: string[]): Promise<string[]> => supportGroupMemberIds(db, groupIds);
