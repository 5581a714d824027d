import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { AddComment, AssignTicket, ChangeStatus, LinkProblem, SetWorkaround, type TicketDto, type TicketEventDto, type TicketStatus } from '../../../../contracts/tickets.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/client.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { userRefs } from '../../identity/index.js';
import { abilitiesOf, dueTimes, getVisibleTicket, policies, presentEvent, settings, withinReopenWindow, worksTickets, type TicketRow } from '../internal.js';
import { supportGroups, ticketEvents, tickets, type SlaPause } from '../tickets.tables.js';
import { presentOne } from './read-tickets.js';

type Patch = Partial<typeof tickets.$inferInsert>;

/** Writes a ticket change with fresh due times (the queues sort on them). */
async function saveTicket(tx: Tx, t: TicketRow, patch: Patch, now: Date): Promise<TicketRow> {
  const next = { ...t, ...patch } as TicketRow;
  const policy = t.slaPolicyId ? (await policies(tx)).get(t.slaPolicyId) : undefined;
  const due = policy ? dueTimes(next, policy.calendar, now) : {};
  const [saved] = await tx
    .update(tickets)
    .set({ ...patch, ...due, updatedAt: now })
    .where(eq(tickets.id, t.id))
    .returning();
  return saved!;
}

const closePause = (pauses: SlaPause[], now: Date): SlaPause[] => pauses.map((p) => (p.to === null ? { ...p, to: now.toISOString() } : p));

async function addEvent(tx: Tx, t: TicketRow, actorId: string | null, e: { type: TicketEventDto['type']; visibility?: 'public' | 'internal'; body?: string | null; data?: Record<string, unknown> }, now: Date) {
  const [row] = await tx
    .insert(ticketEvents)
    .values({ id: uuidv7(), orgId: t.orgId, ticketId: t.id, type: e.type, visibility: e.visibility ?? 'public', actorId, body: e.body ?? null, data: e.data ?? {}, createdAt: now })
    .returning();
  return row!;
}

/**
 * A public reply or an internal note. Internal notes are for provider staff only. The first public
 * answer of the provider is the first response; a customer's reply to a ticket waiting for them
 * restarts the clock and moves it back to in progress.
 */
export async function addComment(ctx: Ctx, id: string, input: z.input<typeof AddComment>, via: { source?: 'email' } = {}): Promise<TicketEventDto> {
  requireActor(ctx);
  const data = AddComment.parse(input);
  const staff = worksTickets(ctx);
  if (data.internal && !staff) throw new ForbiddenError('Internal notes are for the provider’s staff.');
  return withTx(ctx, async (tx) => {
    const t = await getVisibleTicket(tx, ctx, id, true);
    if (t.status === 'closed') throw new ConflictError('TICKET_CLOSED', 'This ticket is closed; open a new one.');
    const now = new Date();
    const event = await addEvent(tx, t, ctx.actor.userId, { type: data.internal ? 'internal_note' : 'comment', visibility: data.internal ? 'internal' : 'public', body: data.body, data: via.source ? { source: via.source } : {} }, now);
    const patch: Patch = {};
    if (staff && !data.internal) {
      if (!t.firstRespondedAt) patch.firstRespondedAt = now;
      if (t.status === 'new') {
        patch.status = 'in_progress';
        await addEvent(tx, t, ctx.actor.userId, { type: 'status_changed', data: { from: 'new', to: 'in_progress' } }, now);
      }
    }
    if (!staff && t.status === 'waiting_for_customer') {
      patch.status = 'in_progress';
      patch.pauses = closePause(t.pauses, now);
      await addEvent(tx, t, ctx.actor.userId, { type: 'status_changed', data: { from: 'waiting_for_customer', to: 'in_progress', reason: 'customer_replied' } }, now);
    }
    await saveTicket(tx, t, patch, now);
    await audit(tx, auditSource(ctx), { orgId: t.orgId, action: data.internal ? 'ticket.internal_note_added' : 'ticket.commented', targetType: 'ticket', targetId: t.id, after: { eventId: event.id } });
    await outbox(tx, data.internal ? 'ticket.internal_note_added' : 'ticket.commented', t.orgId, { ticketId: t.id, eventId: event.id, byStaff: staff, ...(via.source ? { source: via.source } : {}) });
    const people = await userRefs(tx, [ctx.actor.userId]);
    return presentEvent(event, people);
  });
}

/**
 * Moves a ticket along its life cycle: new → in progress → waiting for customer → resolved → closed.
 * Staff follow TRANSITIONS (resolving needs a resolution code); a customer may reopen a resolved
 * ticket within the reopen window, or close it. Anything else answers 409 with the allowed statuses.
 */
export async function changeStatus(ctx: Ctx, id: string, input: z.input<typeof ChangeStatus>): Promise<TicketDto> {
  requireActor(ctx);
  const data = ChangeStatus.parse(input);
  const staff = worksTickets(ctx);
  return withTx(ctx, async (tx) => {
    const t = await getVisibleTicket(tx, ctx, id, true);
    const from = t.status as TicketStatus;
    const to = data.status;
    const s = await settings(tx);
    const now = new Date();
    const allowed = abilitiesOf(ctx, t, s.reopenDays, now).transitions;
    if (!allowed.includes(to)) {
      if (from === 'closed') throw new ConflictError('TICKET_CLOSED', 'This ticket is closed; open a new one.', []);
      if (!staff && from === 'resolved' && to === 'in_progress' && !withinReopenWindow(t, s.reopenDays, now)) {
        throw new ConflictError('REOPEN_WINDOW_CLOSED', `A resolved ticket can be reopened within ${s.reopenDays} days; open a new one.`, allowed);
      }
      throw new ConflictError('INVALID_TRANSITION', `A ${from.replace(/_/g, ' ')} ticket cannot become ${to.replace(/_/g, ' ')}${allowed.length ? `; allowed: ${allowed.join(', ')}` : ''}.`, allowed);
    }
    if (to === 'resolved' && !data.resolutionCode) throw new ValidationError([{ path: 'body.resolutionCode', message: 'is required to resolve a ticket' }]);

    const patch: Patch = { status: to };
    if (from === 'waiting_for_customer') patch.pauses = closePause(t.pauses, now);
    if (to === 'waiting_for_customer') patch.pauses = [...(patch.pauses ?? t.pauses), { from: now.toISOString(), to: null }];
    if (staff && !t.firstRespondedAt) patch.firstRespondedAt = now;
    if (to === 'resolved') {
      patch.resolvedAt = now;
      patch.resolutionCode = data.resolutionCode!;
    }
    if (to === 'closed') patch.closedAt = now;
    const reopening = from === 'resolved' && to === 'in_progress';
    if (reopening) {
      patch.resolvedAt = null;
      patch.resolutionCode = null;
    }
    const type = to === 'resolved' ? 'resolved' : reopening ? 'reopened' : 'status_changed';
    const event = await addEvent(tx, t, ctx.actor.userId, { type, body: data.note ?? null, data: { from, to, ...(data.resolutionCode ? { resolutionCode: data.resolutionCode } : {}) } }, now);
    const saved = await saveTicket(tx, t, patch, now);
    await audit(tx, auditSource(ctx), { orgId: t.orgId, action: `ticket.${type}`, targetType: 'ticket', targetId: t.id, before: { status: from }, after: { status: to, resolutionCode: patch.resolutionCode ?? null } });
    await outbox(tx, 'ticket.status_changed', t.orgId, { ticketId: t.id, from, to, actorId: ctx.actor.userId, eventId: event.id });
    return presentOne(ctx as AuthedCtx, saved, tx);
  });
}

/** Assigns a ticket to an agent and/or a support group (provider staff). The customer sees both names. */
export async function assignTicket(ctx: Ctx, id: string, input: z.input<typeof AssignTicket>): Promise<TicketDto> {
  requireActor(ctx);
  if (!worksTickets(ctx)) throw new ForbiddenError();
  const data = AssignTicket.parse(input);
  if (data.assigneeId === undefined && data.groupId === undefined) throw new ValidationError([{ path: 'body', message: 'name an assigneeId or a groupId' }]);
  return withTx(ctx, async (tx) => {
    const t = await getVisibleTicket(tx, ctx, id, true);
    if (t.status === 'closed') throw new ConflictError('TICKET_CLOSED', 'This ticket is closed.');
    const patch: Patch = {};
    if (data.assigneeId !== undefined) {
      if (data.assigneeId) {
        const agent = (await userRefs(tx, [data.assigneeId])).get(data.assigneeId);
        if (!agent || agent.status !== 'active' || (agent.role !== 'provider_agent' && agent.role !== 'provider_admin')) {
          throw new ValidationError([{ path: 'body.assigneeId', message: 'is not an active member of the provider’s staff' }]);
        }
      }
      patch.assigneeId = data.assigneeId;
    }
    if (data.groupId !== undefined) {
      if (data.groupId) {
        const [g] = await tx.select({ id: supportGroups.id }).from(supportGroups).where(eq(supportGroups.id, data.groupId));
        if (!g) throw new ValidationError([{ path: 'body.groupId', message: 'is not a support group' }]);
      }
      patch.groupId = data.groupId;
    }
    const now = new Date();
    const assigneeId = 'assigneeId' in patch ? patch.assigneeId : t.assigneeId;
    const groupId = 'groupId' in patch ? patch.groupId : t.groupId;
    const event = await addEvent(tx, t, ctx.actor.userId, { type: 'assigned', data: { assigneeId, groupId } }, now);
    const saved = await saveTicket(tx, t, patch, now);
    await audit(tx, auditSource(ctx), { orgId: t.orgId, action: 'ticket.assigned', targetType: 'ticket', targetId: t.id, before: { assigneeId: t.assigneeId, groupId: t.groupId }, after: { assigneeId: saved.assigneeId, groupId: saved.groupId } });
    await outbox(tx, 'ticket.assigned', t.orgId, { ticketId: t.id, assigneeId: saved.assigneeId, groupId: saved.groupId, previousAssigneeId: t.assigneeId, actorId: ctx.actor.userId, eventId: event.id });
    return presentOne(ctx as AuthedCtx, saved, tx);
  });
}


/** Links an incident to the problem behind it, or unlinks it (staff). The customer then sees the problem and its workaround. */
export async function linkProblem(ctx: Ctx, id: string, input: z.input<typeof LinkProblem>): Promise<TicketDto> {
  requireActor(ctx);
  if (!worksTickets(ctx)) throw new ForbiddenError();
  const data = LinkProblem.parse(input);
  return withTx(ctx, async (tx) => {
    const t = await getVisibleTicket(tx, ctx, id, true);
    if (t.kind !== 'incident') throw new ValidationError([{ path: 'params.id', message: 'only incidents are linked to problems' }]);
    let problemRef: string | null = null;
    if (data.problemId) {
      const [p] = await tx.select({ id: tickets.id, kind: tickets.kind, ref: tickets.ref }).from(tickets).where(eq(tickets.id, data.problemId));
      if (!p || p.kind !== 'problem') throw new ValidationError([{ path: 'body.problemId', message: 'is not a problem ticket' }]);
      problemRef = p.ref;
    }
    const now = new Date();
    await addEvent(tx, t, ctx.actor.userId, { type: 'problem_linked', data: { problemId: data.problemId, problemRef } }, now);
    const saved = await saveTicket(tx, t, { problemId: data.problemId }, now);
    await audit(tx, auditSource(ctx), { orgId: t.orgId, action: 'ticket.problem_linked', targetType: 'ticket', targetId: t.id, before: { problemId: t.problemId }, after: { problemId: data.problemId } });
    await outbox(tx, 'ticket.problem_linked', t.orgId, { ticketId: t.id, problemId: data.problemId });
    return presentOne(ctx as AuthedCtx, saved, tx);
  });
}

/** Records a problem's known workaround (staff); its linked incidents show it to their customers. */
export async function setWorkaround(ctx: Ctx, id: string, input: z.input<typeof SetWorkaround>): Promise<TicketDto> {
  requireActor(ctx);
  if (!worksTickets(ctx)) throw new ForbiddenError();
  const data = SetWorkaround.parse(input);
  return withTx(ctx, async (tx) => {
    const t = await getVisibleTicket(tx, ctx, id, true);
    if (t.kind !== 'problem') throw new ValidationError([{ path: 'params.id', message: 'only problems have a known workaround' }]);
    const now = new Date();
    await addEvent(tx, t, ctx.actor.userId, { type: 'workaround_changed', body: data.workaround, data: {} }, now);
    const saved = await saveTicket(tx, t, { workaround: data.workaround || null }, now);
    await audit(tx, auditSource(ctx), { orgId: t.orgId, action: 'ticket.workaround_changed', targetType: 'ticket', targetId: t.id, before: { workaround: t.workaround }, after: { workaround: saved.workaround } });
    await outbox(tx, 'ticket.workaround_changed', t.orgId, { ticketId: t.id });
    return presentOne(ctx as AuthedCtx, saved, tx);
  });
}
