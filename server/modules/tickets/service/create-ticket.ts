import { eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { CreateTicket, CUSTOMER_KINDS, formatRef, type TicketDto, type TicketKind } from '../../../../contracts/tickets.js';
import { Impact, priorityFor, Urgency } from '../../../../contracts/ticket-priority.js';
import { auditInsert } from '../../../platform/audit.js';
import { rowsOf, writingAlso } from '../../../platform/db/client.js';
import { auditSource, requirePermission, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import { NotFoundError, ValidationError } from '../../../platform/errors.js';
import { outboxInsert } from '../../../platform/outbox.js';
import { organizations } from '../../../platform/tenancy.js';
import { userRefs, type UserRef } from '../../identity/index.js';
import { categoryById, dueTimes, orgTicketSettings, policies, presentTicket, queuePositions, settings, ticketLookups, worksTickets } from '../internal.js';
import { pickAssignee } from './route-ticket.js';
import { ticketEvents, tickets, ticketWatchers } from '../tickets.tables.js';

const SEQUENCE: Record<TicketKind, string> = {
  incident: 'ticket_ref_incident_seq',
  inquiry: 'ticket_ref_inquiry_seq',
  safety_quality: 'ticket_ref_safety_quality_seq',
  problem: 'ticket_ref_problem_seq',
};

/**
 * Opens a ticket. Customers (`tickets.create`) open incidents, inquiries and safety or quality
 * reports for their own organisation; provider staff (`tickets.work`) may open any kind for any
 * customer, naming the organisation and the requester. Priority comes from urgency × impact, the SLA
 * from the organisation's policy; both due times are stored for the queues.
 */
export async function createTicket(ctx: Ctx, input: CreateTicket): Promise<TicketDto> {
  if (!ctx.actor?.permissions.has('tickets.work')) requirePermission(ctx, 'tickets.create');
  const actx = ctx as AuthedCtx;
  const data = CreateTicket.parse(input);
  const staff = worksTickets(actx);
  const problems: { path: string; message: string }[] = [];
  const urgency = Urgency.safeParse(data.urgency);
  const impact = Impact.safeParse(data.impact);
  if (!urgency.success) problems.push({ path: 'body.urgency', message: `must be one of ${Urgency.options.join(', ')}` });
  if (!impact.success) problems.push({ path: 'body.impact', message: `must be one of ${Impact.options.join(', ')}` });
  if (!staff && !(CUSTOMER_KINDS as readonly string[]).includes(data.kind)) problems.push({ path: 'body.kind', message: `must be one of ${CUSTOMER_KINDS.join(', ')}` });
  if (!staff && (data.orgId || data.requesterId)) problems.push({ path: data.orgId ? 'body.orgId' : 'body.requesterId', message: 'is set by the portal for customers' });
  if (staff && !data.orgId && data.kind !== 'problem') problems.push({ path: 'body.orgId', message: 'is required when provider staff open a ticket' });
  if (problems.length) throw new ValidationError(problems);

  // A problem may span customers: without an organisation it belongs to the provider (never shown to customers).
  const orgId = staff ? (data.orgId ?? actx.actor.orgId) : actx.actor.orgId;
  const requesterId = staff ? (data.requesterId ?? actx.actor.userId) : actx.actor.userId;

  // A customer's own ticket needs no lookups of its organisation or requester: the session vouches for
  // both (an active member of an active customer organisation). Configuration (category, settings, the
  // organisation's SLA) comes from short per-process caches that configure.ts forgets on change; the
  // transaction is then the sequence number, the routing pick, three inserts and the audit record.
  const own = !staff && actx.actor.orgKind === 'customer' && requesterId === actx.actor.userId;
  return withTx(ctx, async (tx) => {
    if (!own) {
      const [org] = await tx.select({ id: organizations.id, kind: organizations.kind }).from(organizations).where(eq(organizations.id, orgId));
      if (!org || (org.kind !== 'customer' && !(data.kind === 'problem' && org.id === actx.actor.orgId))) throw new NotFoundError('organisation');
    }
    const category = await categoryById(tx, data.categoryId);
    if (!category || !category.active) throw new ValidationError([{ path: 'body.categoryId', message: 'is not an active category' }]);

    // The requester and the watchers are members of the ticket's organisation (the requester may also
    // be the provider agent who opened it on the customer's behalf).
    const watcherIds = [...new Set(data.watcherIds ?? [])].filter((id) => id !== requesterId);
    const people = own && watcherIds.length === 0 ? new Map<string, UserRef>() : await userRefs(tx, [requesterId, ...watcherIds]);
    const requester = own ? { locale: actx.actor.locale } : people.get(requesterId);
    if (!own) {
      const r = people.get(requesterId);
      if (!r || r.status !== 'active' || (r.orgId !== orgId && !(staff && requesterId === actx.actor.userId))) {
        throw new ValidationError([{ path: 'body.requesterId', message: 'is not an active member of the organisation' }]);
      }
    }
    const badWatcher = watcherIds.findIndex((id) => people.get(id)?.orgId !== orgId || people.get(id)?.status !== 'active');
    if (badWatcher >= 0) throw new ValidationError([{ path: `body.watcherIds.${badWatcher}`, message: 'is not an active member of the organisation' }]);

    const [s, orgSettings, pol] = [await settings(tx), await orgTicketSettings(tx, orgId), await policies(tx)];
    const priority = priorityFor(urgency.data!, impact.data!, s.priorityMatrix);
    const policy = (orgSettings?.slaPolicyId && pol.get(orgSettings.slaPolicyId)) || [...pol.values()].find((p) => p.isDefault);
    if (!policy) throw new Error('no default SLA policy (migration 0004)');
    const targets = policy.targets[priority] ?? { firstResponseMinutes: 60, resolutionMinutes: 1440 };

    const seq = await tx.execute(sql.raw(`SELECT nextval('${SEQUENCE[data.kind]}') AS n`));
    const number = Number(rowsOf<{ n: string }>(seq)[0]!.n);
    const id = uuidv7();
    const now = new Date();
    const row = {
      id,
      orgId,
      kind: data.kind,
      number,
      ref: formatRef(data.kind, number),
      title: data.title,
      description: data.description,
      categoryId: data.categoryId,
      urgency: urgency.data!,
      impact: impact.data!,
      priority,
      status: 'new',
      requesterId,
      site: data.site ?? null,
      service: data.service ?? null,
      slaPolicyId: policy.id,
      firstResponseMinutes: targets.firstResponseMinutes,
      resolutionMinutes: targets.resolutionMinutes,
      serviceLevel: orgSettings?.serviceLevel ?? 3,
      createdAt: now,
      updatedAt: now,
    };
    const due = dueTimes({ ...row, pauses: [], firstRespondedAt: null, resolvedAt: null, closedAt: null } as never, policy.calendar, now);
    const routed = await pickAssignee(tx, category.key, requester!.locale, now);
    const createdEventId = uuidv7();
    const events: (typeof ticketEvents.$inferInsert)[] = [{ id: createdEventId, orgId, ticketId: id, type: 'created', actorId: actx.actor.userId, data: { priority, urgency: row.urgency, impact: row.impact }, createdAt: now }];
    const topics: Parameters<typeof outboxInsert>[1] = [];
    if (routed) {
      events.push({ id: uuidv7(), orgId, ticketId: id, type: 'assigned', actorId: null, data: { assigneeId: routed.userId, groupId: routed.groupId, auto: true }, createdAt: new Date(now.getTime() + 1) });
      topics.push({ topic: 'ticket.assigned', orgId, payload: { ticketId: id, assigneeId: routed.userId, groupId: routed.groupId } });
    }
    topics.push({ topic: 'ticket.created', orgId, payload: { ticketId: id, ref: row.ref, actorId: actx.actor.userId, eventId: createdEventId } });
    // The ticket, its watchers, its first timeline entries, the audit record and the outbox events in
    // one statement (one round trip; the foreign keys to the new ticket are checked at its end).
    const [created] = await writingAlso(tx, [
      ...(watcherIds.length ? [tx.insert(ticketWatchers).values(watcherIds.map((userId) => ({ orgId, ticketId: id, userId })))] : []),
      tx.insert(ticketEvents).values(events),
      auditInsert(tx, auditSource(ctx), { orgId, action: 'ticket.created', targetType: 'ticket', targetId: id, after: { ref: row.ref, kind: row.kind, priority, title: row.title } }),
      outboxInsert(tx, topics),
    ])
      .insert(tickets)
      .values({ ...row, ...due, assigneeId: routed?.userId ?? null, groupId: routed?.groupId ?? null })
      .returning();
    const l = await ticketLookups(tx, [created!], watcherIds);
    const positions = await queuePositions(tx, [created!]);
    return presentTicket(actx, created!, l, { watchers: watcherIds, queuePosition: positions.get(id) ?? null, reopenDays: s.reopenDays });
  });
}
