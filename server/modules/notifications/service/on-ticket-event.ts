import { isProviderRole } from '../../../../contracts/permissions.js';
import type { Tx } from '../../../platform/db/client.js';
import type { AppDeps } from '../../../platform/deps.js';
import type { OutboxEvent } from '../../../platform/outbox.js';
import { publish } from '../../../platform/realtime.js';
import { listStaffWith, userRefs } from '../../identity/index.js';
import { latestTicketEntries, ticketAudience, ticketEntry, ticketFacts, type TicketEntry, type TicketFacts } from '../../tickets/index.js';
import { deliverNotices, type Notice, type NoticeContext, type NotifyDeps } from './deliver.js';

/** Ticket topics that notify people; every one also tells connected clients the ticket changed. */
const NOTIFYING = [
  'ticket.created',
  'ticket.assigned',
  'ticket.commented',
  'ticket.internal_note_added',
  'ticket.status_changed',
  'ticket.sla_warning',
  'ticket.sla_breach',
  'ticket.attachment_added',
  'ticket.rated',
  'ticket.watchers_changed',
] as const;
/** Topics that only refresh what connected clients see. */
const LIVE_ONLY = [
  'ticket.merged', // the duplicate's people are told through the duplicate's status change
  'ticket.problem_linked',
  'ticket.workaround_changed',
  'ticket.alert_resolved',
] as const;
/** Changes customers never learn of, not even that something happened. */
const INTERNAL = new Set<string>(['ticket.internal_note_added', 'ticket.sla_warning', 'ticket.sla_breach']);

/** Subscribes the notifications module to the tickets module's events. */
export function subscribeTicketEvents(deps: Pick<AppDeps, 'events' | 'config' | 'mailer' | 'mailTokens'>) {
  for (const topic of [...NOTIFYING, ...LIVE_ONLY]) deps.events.onEvent(topic, (tx, e) => onTicketEvent(tx, deps, e));
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** One ticket event: a realtime "ticket changed" to whoever may see the ticket, then the notices. */
export async function onTicketEvent(tx: Tx, deps: NotifyDeps, e: OutboxEvent): Promise<void> {
  const ticketId = str(e.payload.ticketId);
  if (!e.orgId || !ticketId) return;
  const facts = await ticketFacts(tx, e.orgId, ticketId);
  if (!facts) return;
  const internal = INTERNAL.has(e.topic) || e.payload.internal === true; // e.g. an attachment on an internal note
  await publish(tx, { event: 'ticket.changed', data: { ticketId }, audience: ticketAudience(facts, { internal }) });
  const plan = await planNotices(tx, e, facts);
  if (!plan || plan.notices.length === 0) return;
  const names = await userRefs(tx, [plan.actorId ?? '', plan.agentId ?? '']);
  const context: NoticeContext = {
    topic: e.topic,
    ticket: { id: facts.id, ref: facts.ref, title: facts.title, orgId: facts.orgId },
    actorId: plan.actorId,
    vars: {
      actor: plan.actorId ? names.get(plan.actorId)?.name : null,
      agent: plan.agentId ? names.get(plan.agentId)?.name : undefined,
      org: facts.orgName,
      priority: facts.priority,
      excerpt: plan.excerpt,
      note: plan.note,
      from: str(e.payload.from) ?? undefined,
      to: str(e.payload.to) ?? undefined,
      file: plan.file,
      into: plan.into?.ref,
      intoUrl: plan.into ? `${deps.config.publicUrl}/tickets/${plan.into.id}` : undefined,
      score: plan.score,
    },
  };
  await deliverNotices(tx, deps, context, plan.notices);
}

type Plan = {
  actorId: string | null;
  notices: Notice[];
  agentId?: string;
  excerpt?: string | null;
  note?: string | null;
  file?: string;
  into?: { id: string; ref: string };
  score?: number;
};

const both = ['email', 'portal'] as const;

/** The customer side of a ticket: its requester and watchers. */
const customerSide = (f: TicketFacts) => [...new Set([f.requesterId, ...f.watcherIds])];

/** The provider side: the assignee, else the group's agents, else every agent (kept cheap: by role). */
async function staffSide(tx: Tx, f: TicketFacts): Promise<string[]> {
  if (f.assigneeId) return [f.assigneeId];
  if (f.groupMemberIds.length) return f.groupMemberIds;
  return (await listStaffWith(tx, 'tickets.work')).map((u) => u.id);
}

/**
 * Who did it. The events carry the ticket, not always the actor: taken from the payload when there,
 * else from the timeline entry the change wrote.
 */
function actorOf(e: OutboxEvent, entry: TicketEntry | undefined | null): string | null {
  return str(e.payload.actorId) ?? entry?.actorId ?? null;
}

/**
 * The timeline entry an event was written with, and the one of the same kind before it. Exact when
 * the event names its entry (`eventId`); otherwise the newest entry that matches the payload, which
 * is right unless two equal changes were made before the dispatcher got to the first.
 */
async function entryOf(tx: Tx, e: OutboxEvent, f: TicketFacts, types: readonly string[], matches: (x: TicketEntry) => boolean) {
  const entries = await latestTicketEntries(tx, f.orgId, f.id, types, 50);
  const byId = str(e.payload.eventId);
  let i = byId ? entries.findIndex((x) => x.id === byId) : -1;
  if (i < 0) i = Math.max(0, entries.findIndex(matches));
  return { entry: entries[i], previous: entries[i + 1] };
}

/** Who is told what, per event (see docs/ARCHITECTURE.md, "Notifications"). */
async function planNotices(tx: Tx, e: OutboxEvent, f: TicketFacts): Promise<Plan | null> {
  const p = e.payload;
  switch (e.topic) {
    case 'ticket.created': {
      const [entry] = await latestTicketEntries(tx, f.orgId, f.id, ['created'], 1);
      const actorId = actorOf(e, entry);
      // The requester's receipt (by mail only when they opened it themselves: they are looking at it).
      const receipt: Notice = { userId: f.requesterId, template: 'created_confirmation', event: 'ticket_created', channels: f.requesterId === actorId ? ['email'] : both, evenToActor: true };
      // Staff: the group's agents, or every agent while nobody has it. An assignee set when the ticket was
      // opened (routing) hears of it through ticket.assigned, not twice.
      const staff = (f.groupId ? f.groupMemberIds : f.assigneeId ? [] : await staffSide(tx, f)).filter((id) => id !== f.requesterId && id !== f.assigneeId);
      return { actorId, notices: [receipt, ...staff.map((userId): Notice => ({ userId, template: 'created_staff', event: 'ticket_created', channels: both, staffOnly: true }))] };
    }
    case 'ticket.assigned': {
      const assigneeId = str(p.assigneeId);
      const { entry, previous } = await entryOf(tx, e, f, ['assigned'], (x) => str(x.data.assigneeId) === assigneeId && str(x.data.groupId) === str(p.groupId));
      const actorId = actorOf(e, entry);
      const before = 'previousAssigneeId' in p ? str(p.previousAssigneeId) : previous ? str(previous.data.assigneeId) : null;
      // Only a new assignee is news; a change of group alone is not.
      if (!assigneeId || assigneeId === before) return null;
      return {
        actorId,
        agentId: assigneeId,
        notices: [
          { userId: assigneeId, template: 'assigned', event: 'ticket_assigned', channels: both, staffOnly: true },
          ...customerSide(f).map((userId): Notice => ({ userId, template: 'assigned_customer', event: 'ticket_assigned', channels: ['portal'] })),
        ],
      };
    }
    case 'ticket.commented': {
      const entry = await ticketEntry(tx, f.orgId, f.id, str(p.eventId) ?? '');
      if (!entry || entry.visibility !== 'public') return null;
      const actorId = actorOf(e, entry);
      const notices: Notice[] =
        p.byStaff === true
          ? customerSide(f).map((userId) => ({ userId, template: 'reply_to_customer', event: 'ticket_reply', channels: both }))
          : (await staffSide(tx, f)).map((userId) => ({ userId, template: 'reply_to_staff', event: 'ticket_reply', channels: both, staffOnly: true }));
      return { actorId, notices, excerpt: entry.body };
    }
    case 'ticket.internal_note_added': {
      const entry = await ticketEntry(tx, f.orgId, f.id, str(p.eventId) ?? '');
      if (!entry || entry.visibility !== 'internal' || !f.assigneeId) return null;
      return { actorId: actorOf(e, entry), excerpt: entry.body, notices: [{ userId: f.assigneeId, template: 'internal_note', event: 'internal_note', channels: both, staffOnly: true }] };
    }
    case 'ticket.status_changed': {
      const from = str(p.from);
      const to = str(p.to);
      const { entry } = await entryOf(tx, e, f, ['status_changed', 'resolved', 'reopened'], (x) => x.data.from === from && x.data.to === to);
      const actorId = actorOf(e, entry);
      // A merged duplicate: its people learn which ticket continues (and are not asked to rate a duplicate).
      const into = entry?.data.mergedInto as { id?: unknown; ref?: unknown } | undefined;
      if (to === 'resolved' && into && typeof into.id === 'string' && typeof into.ref === 'string') {
        return { actorId, into: { id: into.id, ref: into.ref }, notices: customerSide(f).map((userId): Notice => ({ userId, template: 'merged', event: 'ticket_merged', channels: both })) };
      }
      const resolved = to === 'resolved';
      const notices: Notice[] = customerSide(f).map((userId) =>
        resolved ? { userId, template: 'resolved', event: 'ticket_resolved', channels: both } : { userId, template: 'status_changed', event: 'status_changed', channels: both },
      );
      // A customer reopening or closing is news for the provider's side too.
      const actor = actorId ? (await userRefs(tx, [actorId])).get(actorId) : undefined;
      if (actor && !isProviderRole(actor.role)) {
        for (const userId of await staffSide(tx, f)) notices.push({ userId, template: 'status_changed', event: 'status_changed', channels: both, staffOnly: true });
      }
      return { actorId, notices, note: resolved ? (entry?.body ?? null) : null };
    }
    case 'ticket.attachment_added': {
      // Like a public reply: the other side is told. Internal attachments never reach customers (nor notify).
      if (p.internal === true) return null;
      const attachmentId = str(p.attachmentId);
      const { entry } = await entryOf(tx, e, f, ['attachment_added'], (x) => x.data.attachmentId === attachmentId);
      if (!entry || entry.data.attachmentId !== attachmentId || entry.visibility !== 'public') return null;
      const actorId = actorOf(e, entry);
      const actor = actorId ? (await userRefs(tx, [actorId])).get(actorId) : undefined;
      const byStaff = !!actor && isProviderRole(actor.role);
      const notices: Notice[] = byStaff
        ? customerSide(f).map((userId) => ({ userId, template: 'attachment_to_customer', event: 'ticket_reply', channels: both }))
        : (await staffSide(tx, f)).map((userId) => ({ userId, template: 'attachment_to_staff', event: 'ticket_reply', channels: both, staffOnly: true }));
      return { actorId, notices, file: str(entry.data.filename) ?? '' };
    }
    case 'ticket.rated': {
      // The customer's verdict reaches whoever handled the ticket; a poor one (2 or less) also the group lead.
      const score = typeof p.score === 'number' ? p.score : null;
      if (score === null) return null;
      const agentId = str(p.agentId) ?? f.assigneeId;
      const notices: Notice[] = [];
      if (agentId) notices.push({ userId: agentId, template: 'rated', event: 'ticket_rated', channels: both, staffOnly: true });
      if (score <= 2 && f.groupLeadId) notices.push({ userId: f.groupLeadId, template: 'rated_low', event: 'ticket_rated', channels: both, staffOnly: true });
      return { actorId: str(p.actorId), agentId: agentId ?? undefined, score, note: str(p.comment), notices };
    }
    case 'ticket.watchers_changed': {
      // Whoever someone else added as a watcher learns why they now hear of this ticket; people who
      // added themselves, and removals, are news to nobody.
      const actorId = str(p.actorId);
      const added = (Array.isArray(p.added) ? p.added : []).filter((id): id is string => typeof id === 'string' && id !== actorId);
      return { actorId, notices: added.map((userId): Notice => ({ userId, template: 'watching', event: 'ticket_watching', channels: both })) };
    }
    case 'ticket.sla_warning':
    case 'ticket.sla_breach': {
      // The SLA watch (a job) is the actor: whoever has the ticket is told; a miss also goes to the lead.
      const target = p.target === 'first_response' ? 'first_response' : 'resolution';
      const breach = e.topic === 'ticket.sla_breach';
      const template = `sla_${breach ? 'breach' : 'warning'}_${target}` as const;
      const people = new Set(await staffSide(tx, f));
      const lead = str(p.escalatedTo);
      if (breach && lead) people.add(lead);
      return { actorId: null, notices: [...people].map((userId): Notice => ({ userId, template, event: 'sla_alert', channels: both, staffOnly: true })) };
    }
  }
  return null;
}
