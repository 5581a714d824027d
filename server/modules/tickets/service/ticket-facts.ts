import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { Audience } from '../../../platform/realtime.js';
import { organizations } from '../../../platform/tenancy.js';
import { supportGroupMembers, supportGroups, ticketEvents, tickets, ticketWatchers } from '../tickets.tables.js';

/**
 * What other modules (notifications, realtime) may know of a ticket, read on their behalf. These are
 * system lookups for event subscribers: the organisation comes from the outbox event, so a ticket is
 * only ever read within the organisation the event was written for.
 */
export type TicketFacts = {
  id: string;
  orgId: string;
  ref: string;
  title: string;
  kind: string;
  priority: string;
  status: string;
  requesterId: string;
  assigneeId: string | null;
  groupId: string | null;
  watcherIds: string[];
  /** Agents of the ticket's support group (empty without a group). */
  groupMemberIds: string[];
  /** The lead of the ticket's support group (escalations, poor ratings). */
  groupLeadId: string | null;
  /** The customer organisation's name (for notices). */
  orgName: string;
};

/** A ticket's facts, or null if it is not (any longer) in that organisation. */
export async function ticketFacts(db: DbOrTx, orgId: string, ticketId: string): Promise<TicketFacts | null> {
  // One statement: the dispatcher reads this for every ticket event (two per new ticket).
  const [t] = await db
    .select({
      id: tickets.id,
      orgId: tickets.orgId,
      ref: tickets.ref,
      title: tickets.title,
      kind: tickets.kind,
      priority: tickets.priority,
      status: tickets.status,
      requesterId: tickets.requesterId,
      assigneeId: tickets.assigneeId,
      groupId: tickets.groupId,
      // Outer columns spelt out: drizzle renders a column of the only table unqualified, which inside a
      // subquery would bind to the subquery's own table.
      watcherIds: sql<string[] | null>`(SELECT array_agg(w.user_id::text) FROM ${ticketWatchers} w WHERE w.org_id = "tickets"."org_id" AND w.ticket_id = "tickets"."id")`,
      groupMemberIds: sql<string[] | null>`(SELECT array_agg(m.user_id::text) FROM ${supportGroupMembers} m WHERE m.group_id = "tickets"."group_id")`,
      groupLeadId: sql<string | null>`(SELECT g.lead_id::text FROM ${supportGroups} g WHERE g.id = "tickets"."group_id")`,
      orgName: sql<string>`(SELECT o.name FROM ${organizations} o WHERE o.id = "tickets"."org_id")`,
    })
    .from(tickets)
    .where(and(eq(tickets.orgId, orgId), eq(tickets.id, ticketId)));
  if (!t) return null;
  return { ...t, watcherIds: t.watcherIds ?? [], groupMemberIds: t.groupMemberIds ?? [], orgName: t.orgName ?? '' };
}

/** One timeline entry as subscribers need it: who, what, public or internal. */
export type TicketEntry = { id: string; type: string; visibility: 'public' | 'internal'; actorId: string | null; body: string | null; data: Record<string, unknown>; createdAt: Date };

const entryColumns = { id: ticketEvents.id, type: ticketEvents.type, visibility: ticketEvents.visibility, actorId: ticketEvents.actorId, body: ticketEvents.body, data: ticketEvents.data, createdAt: ticketEvents.createdAt };

/** One entry of a ticket's timeline (comment, internal note, …), or null. */
export async function ticketEntry(db: DbOrTx, orgId: string, ticketId: string, entryId: string): Promise<TicketEntry | null> {
  const [e] = await db
    .select(entryColumns)
    .from(ticketEvents)
    .where(and(eq(ticketEvents.orgId, orgId), eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.id, entryId)));
  return e ? { ...e, visibility: e.visibility as TicketEntry['visibility'] } : null;
}

/** The latest timeline entries of the given types, newest first (who changed the status, who assigned). */
export async function latestTicketEntries(db: DbOrTx, orgId: string, ticketId: string, types: readonly string[], limit = 10): Promise<TicketEntry[]> {
  const rows = await db
    .select(entryColumns)
    .from(ticketEvents)
    .where(and(eq(ticketEvents.orgId, orgId), eq(ticketEvents.ticketId, ticketId), inArray(ticketEvents.type, [...types])))
    .orderBy(desc(ticketEvents.createdAt), desc(ticketEvents.id))
    .limit(limit);
  return rows.map((e) => ({ ...e, visibility: e.visibility as TicketEntry['visibility'] }));
}

/**
 * Who may see a ticket, as a realtime audience: the visibility rule of internal.ts (`visibleTo`) in
 * another shape. Staff who work tickets; the organisation's members with `tickets.read_org`; the
 * requester and the watchers. `internal` changes (notes, SLA warnings) reach the staff only.
 */
export function ticketAudience(f: Pick<TicketFacts, 'orgId' | 'requesterId' | 'watcherIds'>, opts: { internal?: boolean } = {}): Audience {
  if (opts.internal) return [{ providerPermission: 'tickets.work' }];
  return [
    { providerPermission: 'tickets.work' },
    { orgId: f.orgId, permission: 'tickets.read_org' },
    // Requester and watchers are members of the ticket's organisation (or the agent who opened it).
    ...[f.requesterId, ...f.watcherIds].map((userId) => ({ userId })),
  ];
}
