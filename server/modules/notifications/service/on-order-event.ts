import { and, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { NotificationChannel, NotificationEvent } from '../../../../contracts/notifications.js';
import { isProviderRole } from '../../../../contracts/permissions.js';
import type { Tx } from '../../../platform/db/client.js';
import type { AppDeps } from '../../../platform/deps.js';
import type { OutboxEvent } from '../../../platform/outbox.js';
import { publish, type Audience } from '../../../platform/realtime.js';
import { organizations } from '../../../platform/tenancy.js';
import { listStaffWith, userRefs } from '../../identity/index.js';
import { customerStepApprovers, orderEntry, orderNoticeFacts, supportGroupMembers, supportGroupNames, type OrderNoticeFacts } from '../../orders/index.js';
import { renderOrderNotice, type OrderNoticeTemplate, type OrderNoticeVars } from '../order-templates.js';
import { notificationPreferences, notifications } from '../notifications.tables.js';
import type { NotifyDeps } from './deliver.js';

/** Order topics (the orders module writes them through the outbox in the transaction of the change). */
export const ORDER_TOPICS = [
  'order.submitted',
  'order.approval_requested',
  'order.step_approved',
  'order.approved',
  'order.rejected',
  'order.in_fulfilment',
  'order.completed',
  'order.cancelled',
  'order.commented',
  'order.attachment_added',
  'order.task_assigned',
  'order.task_changed',
] as const;

type OrderNotice = {
  userId: string;
  template: OrderNoticeTemplate;
  event: NotificationEvent;
  channels: readonly NotificationChannel[];
  staffOnly?: boolean;
  evenToActor?: boolean;
  /** Approvers get a signed link that opens the order's decision in the portal. */
  decideStep?: 'customer' | 'provider';
  tasks?: string[];
  group?: string;
};

const both = ['email', 'portal'] as const;
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** Subscribes the notifications module to the orders module's events. */
export function subscribeOrderEvents(deps: Pick<AppDeps, 'events' | 'config' | 'mailer' | 'mailTokens'>) {
  for (const topic of ORDER_TOPICS) deps.events.onEvent(topic, (tx, e) => onOrderEvent(tx, deps, e));
}

/** Who sees an order change live: its organisation's approvers and requester, and staff who fulfil. */
const orderAudience = (f: OrderNoticeFacts): Audience => [{ userId: f.requesterId }, { orgId: f.orgId, permission: 'orders.approve' }, { providerPermission: 'orders.fulfil' }];

/** Staff who should hear of a customer's comment: the order's task groups, else everyone who fulfils. */
async function staffSide(tx: Tx, f: OrderNoticeFacts): Promise<string[]> {
  const assignees = f.tasks.map((t) => t.assigneeId).filter((id): id is string => !!id);
  const groups = [...new Set(f.tasks.map((t) => t.groupId).filter((g): g is string => !!g))];
  const members = await supportGroupMembers(tx, groups);
  const people = [...new Set([...assignees, ...members])];
  if (people.length) return people;
  return (await listStaffWith(tx, 'orders.fulfil')).map((u) => u.id);
}

/** One order event: a realtime "order changed", then the notices (see docs/ARCHITECTURE.md, "Orders"). */
export async function onOrderEvent(tx: Tx, deps: NotifyDeps, e: OutboxEvent): Promise<void> {
  const orderId = str(e.payload.orderId);
  if (!e.orgId || !orderId) return;
  const f = await orderNoticeFacts(tx, e.orgId, orderId);
  if (!f) return;
  await publish(tx, { event: 'order.changed', data: { orderId }, audience: orderAudience(f) });
  const p = e.payload;
  const actorId = str(p.actorId);
  const vars: Omit<OrderNoticeVars, 'ref' | 'item' | 'url'> = {};
  let notices: OrderNotice[] = [];
  switch (e.topic) {
    case 'order.submitted':
      notices = [{ userId: f.requesterId, template: 'order_submitted', event: 'order_submitted', channels: ['email'], evenToActor: true }];
      break;
    case 'order.approval_requested': {
      const step = str(p.step) === 'provider' ? 'provider' : 'customer';
      const who = step === 'customer' ? await customerStepApprovers(tx, f.orgId, f.requesterId) : (await listStaffWith(tx, 'orders.fulfil')).map((u) => u.id);
      vars.step = step;
      notices = who.map((userId) => ({ userId, template: 'order_approval_requested', event: 'order_approval_requested', channels: both, decideStep: step, evenToActor: true, staffOnly: step === 'provider' }));
      break;
    }
    case 'order.step_approved':
    case 'order.approved':
    case 'order.rejected': {
      // An approval without a person (rule "none") is not news: "in fulfilment" follows at once.
      if (e.topic === 'order.approved' && !actorId) return;
      vars.step = str(p.step) === 'provider' ? 'provider' : 'customer';
      vars.note = str(p.comment);
      const template = e.topic === 'order.rejected' ? 'order_rejected' : e.topic === 'order.step_approved' ? 'order_step_approved' : 'order_approved';
      notices = [{ userId: f.requesterId, template, event: e.topic === 'order.rejected' ? 'order_rejected' : 'order_approved', channels: both }];
      break;
    }
    case 'order.in_fulfilment':
      notices = [{ userId: f.requesterId, template: 'order_in_fulfilment', event: 'order_in_fulfilment', channels: both }];
      break;
    case 'order.completed':
      notices = [{ userId: f.requesterId, template: 'order_completed', event: 'order_completed', channels: both }];
      break;
    case 'order.cancelled': {
      vars.note = str(p.reason);
      // The requester, and whoever was asked to decide the step that was waiting.
      const step = str(p.pendingStep);
      const approvers = step === 'customer' ? await customerStepApprovers(tx, f.orgId, f.requesterId) : step === 'provider' ? (await listStaffWith(tx, 'orders.fulfil')).map((u) => u.id) : [];
      notices = [
        { userId: f.requesterId, template: 'order_cancelled', event: 'order_cancelled', channels: both },
        ...approvers.map((userId): OrderNotice => ({ userId, template: 'order_cancelled', event: 'order_cancelled', channels: both, staffOnly: step === 'provider' })),
      ];
      break;
    }
    case 'order.commented':
    case 'order.attachment_added': {
      const actor = actorId ? (await userRefs(tx, [actorId])).get(actorId) : undefined;
      const byStaff = !!actor && isProviderRole(actor.role);
      const isFile = e.topic === 'order.attachment_added';
      if (isFile) vars.file = str(p.filename) ?? '';
      else {
        const entry = await orderEntry(tx, f.orgId, f.id, str(p.eventId) ?? '');
        if (!entry || entry.visibility !== 'public') return;
        vars.excerpt = entry.body;
      }
      const toCustomer: OrderNoticeTemplate = isFile ? 'order_file_to_customer' : 'order_comment_to_customer';
      const toStaff: OrderNoticeTemplate = isFile ? 'order_file_to_staff' : 'order_comment_to_staff';
      notices = byStaff
        ? [{ userId: f.requesterId, template: toCustomer, event: 'order_comment', channels: both }]
        : [
            ...(actorId !== f.requesterId ? [{ userId: f.requesterId, template: toCustomer, event: 'order_comment' as const, channels: both }] : []),
            ...(await staffSide(tx, f)).map((userId): OrderNotice => ({ userId, template: toStaff, event: 'order_comment', channels: both, staffOnly: true })),
          ];
      break;
    }
    case 'order.task_assigned': {
      const groupId = str(p.groupId);
      if (!groupId) return;
      const taskIds = Array.isArray(p.taskIds) ? (p.taskIds as string[]) : [];
      const members = await supportGroupMembers(tx, [groupId]);
      const group = (await supportGroupNames(tx, [groupId])).get(groupId) ?? '';
      const tasks = f.tasks.filter((t) => taskIds.includes(t.id));
      notices = members.map((userId) => ({ userId, template: 'order_task_group', event: 'order_task_assigned', channels: both, staffOnly: true, group, tasks: tasks.map((t) => t.title.en ?? '') }));
      break;
    }
    case 'order.task_changed': {
      const assigneeId = str(p.assigneeId);
      const task = f.tasks.find((t) => t.id === str(p.taskId));
      if (!assigneeId || !task) return;
      notices = [{ userId: assigneeId, template: 'order_task_assigned', event: 'order_task_assigned', channels: both, staffOnly: true, tasks: [task.title.en ?? ''] }];
      break;
    }
  }
  if (notices.length === 0) return;
  await deliverOrderNotices(tx, deps, e.topic, f, actorId, vars, notices);
}

/** Mail subjects are one line, whatever a name holds. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Writes the notices in the dispatcher's transaction, as the ticket notices are: a portal notification
 * (and a realtime ping) and/or a queued mail in the recipient's language, as their preferences allow;
 * once per person; never to the actor (unless `evenToActor`), to inactive users, to another
 * organisation's customers, or staff-only notices to customers.
 */
async function deliverOrderNotices(
  tx: Tx,
  deps: NotifyDeps,
  topic: string,
  f: OrderNoticeFacts,
  actorId: string | null,
  vars: Omit<OrderNoticeVars, 'ref' | 'item' | 'url'>,
  list: OrderNotice[],
): Promise<number> {
  const seen = new Set<string>();
  const wanted = list.filter((n) => {
    if (seen.has(n.userId) || (n.userId === actorId && !n.evenToActor)) return false;
    seen.add(n.userId);
    return n.channels.length > 0;
  });
  if (wanted.length === 0) return 0;
  const ids = wanted.map((n) => n.userId);
  const people = await userRefs(tx, [...ids, actorId ?? '', f.requesterId]);
  const off = await tx
    .select({ userId: notificationPreferences.userId, event: notificationPreferences.event, channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.userId, ids), eq(notificationPreferences.enabled, false)));
  const disabled = new Set(off.map((p) => `${p.userId}:${p.event}:${p.channel}`));
  const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, f.orgId));
  const path = `/orders/${f.id}`;
  let delivered = 0;
  for (const n of wanted) {
    const u = people.get(n.userId);
    if (!u || u.status !== 'active') continue;
    const staff = isProviderRole(u.role);
    if (n.staffOnly ? !staff : !staff && u.orgId !== f.orgId) continue;
    const channels = n.channels.filter((ch) => !disabled.has(`${u.id}:${n.event}:${ch}`));
    if (channels.length === 0) continue;
    const decideUrl = n.decideStep ? `${deps.config.publicUrl}${path}?decide=${deps.mailTokens.orderDecisionToken(f.id, n.decideStep, u.id)}` : undefined;
    const text = renderOrderNotice(n.template, u.locale, {
      ...vars,
      ref: f.ref,
      item: f.itemNames[u.locale] || f.itemNames.en || f.itemKey,
      url: deps.config.publicUrl + path,
      actor: actorId ? people.get(actorId)?.name : null,
      requester: people.get(f.requesterId)?.name ?? '',
      org: org?.name ?? '',
      group: n.group,
      tasks: n.tasks,
      decideUrl,
    });
    if (channels.includes('portal')) {
      const id = uuidv7();
      await tx.insert(notifications).values({ id, orgId: u.orgId, userId: u.id, event: n.event, topic, orderId: f.id, orderRef: f.ref, title: oneLine(text.title), body: text.body });
      await publish(tx, { event: 'notification', data: { id }, audience: [{ userId: u.id }] });
    }
    if (channels.includes('email')) {
      await deps.mailer.enqueue(tx, { id: uuidv7(), to: u.email, subject: oneLine(text.title), text: text.mailText, template: `notification.${n.template}`, orgId: u.orgId });
    }
    delivered++;
  }
  return delivered;
}
