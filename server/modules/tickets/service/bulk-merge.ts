import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { RESOLUTION_CODES, TICKET_STATUSES, type TicketDto } from '../../../../contracts/tickets.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import { AppError, ConflictError, ForbiddenError, ValidationError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { dueTimes, getVisibleTicket, policies, worksTickets } from '../internal.js';
import { ticketEvents, tickets, ticketWatchers } from '../tickets.tables.js';
import { presentOne } from './read-tickets.js';
import { assignTicket, changeStatus } from './update-ticket.js';

export const BulkUpdate = z
  .strictObject({
    ids: z.array(z.uuid()).min(1).max(100),
    status: z.enum(TICKET_STATUSES).optional(),
    resolutionCode: z.enum(RESOLUTION_CODES).optional(),
    note: z.string().trim().max(20_000).optional(),
    assigneeId: z.uuid().nullable().optional(),
    groupId: z.uuid().nullable().optional(),
  })
  .refine((b) => b.status !== undefined || b.assigneeId !== undefined || b.groupId !== undefined, { message: 'name a status, an assigneeId or a groupId', path: ['status'] });

export const BulkResult = z.object({ results: z.array(z.object({ id: z.uuid(), ok: z.boolean(), code: z.string().optional(), message: z.string().optional() })) });

/**
 * The same change on many tickets (staff). Each ticket changes in its own transaction through the
 * ordinary service, so every rule, audit record and notification applies; the answer says per
 * ticket whether it worked and, if not, why.
 */
export async function bulkUpdate(ctx: Ctx, input: z.input<typeof BulkUpdate>): Promise<z.infer<typeof BulkResult>> {
  requireActor(ctx);
  if (!worksTickets(ctx)) throw new ForbiddenError();
  const data = BulkUpdate.parse(input);
  const results: z.infer<typeof BulkResult>['results'] = [];
  for (const id of [...new Set(data.ids)]) {
    try {
      if (data.assigneeId !== undefined || data.groupId !== undefined) {
        await assignTicket(ctx, id, { ...(data.assigneeId !== undefined ? { assigneeId: data.assigneeId } : {}), ...(data.groupId !== undefined ? { groupId: data.groupId } : {}) });
      }
      if (data.status) await changeStatus(ctx, id, { status: data.status, resolutionCode: data.resolutionCode, note: data.note });
      results.push({ id, ok: true });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ id, ok: false, code: err.code, message: err.message });
    }
  }
  return { results };
}

export const MergeTicket = z.strictObject({ intoId: z.uuid() });

/**
 * Merges a duplicate into the ticket that stays (staff): the duplicate is resolved as `duplicate` with
 * a pointer to the other, its requester and watchers follow the one that stays. Both tickets must
 * belong to the same organisation.
 */
export async function mergeTicket(ctx: Ctx, id: string, input: z.input<typeof MergeTicket>): Promise<TicketDto> {
  requireActor(ctx);
  if (!worksTickets(ctx)) throw new ForbiddenError();
  const data = MergeTicket.parse(input);
  if (data.intoId === id) throw new ValidationError([{ path: 'body.intoId', message: 'is the same ticket' }]);
  return withTx(ctx, async (tx) => {
    const dup = await getVisibleTicket(tx, ctx, id, true);
    const keep = await getVisibleTicket(tx, ctx, data.intoId, true);
    if (dup.orgId !== keep.orgId) throw new ValidationError([{ path: 'body.intoId', message: 'belongs to another organisation' }]);
    if (dup.status === 'closed' || dup.status === 'resolved') throw new ConflictError('INVALID_TRANSITION', 'Only an open ticket can be merged into another.', []);
    if (keep.status === 'closed') throw new ConflictError('TICKET_CLOSED', 'The ticket to keep is closed.');
    const now = new Date();
    const followers = await tx.select({ userId: ticketWatchers.userId }).from(ticketWatchers).where(and(eq(ticketWatchers.orgId, dup.orgId), eq(ticketWatchers.ticketId, dup.id)));
    const newWatchers = [...new Set([dup.requesterId, ...followers.map((f) => f.userId)])].filter((u) => u !== keep.requesterId);
    if (newWatchers.length) await tx.insert(ticketWatchers).values(newWatchers.map((userId) => ({ orgId: keep.orgId, ticketId: keep.id, userId }))).onConflictDoNothing();
    const pauses = dup.pauses.map((p) => (p.to === null ? { ...p, to: now.toISOString() } : p));
    const patch = { status: 'resolved', resolutionCode: 'duplicate', resolvedAt: now, pauses, firstRespondedAt: dup.firstRespondedAt ?? now, updatedAt: now };
    const policy = dup.slaPolicyId ? (await policies(tx)).get(dup.slaPolicyId) : undefined;
    await tx
      .update(tickets)
      .set({ ...patch, ...(policy ? dueTimes({ ...dup, ...patch } as typeof dup, policy.calendar, now) : {}) })
      .where(eq(tickets.id, dup.id));
    await tx.insert(ticketEvents).values([
      { id: uuidv7(), orgId: dup.orgId, ticketId: dup.id, type: 'resolved', actorId: ctx.actor.userId, data: { from: dup.status, to: 'resolved', resolutionCode: 'duplicate', mergedInto: { id: keep.id, ref: keep.ref } }, createdAt: now },
      { id: uuidv7(), orgId: keep.orgId, ticketId: keep.id, type: 'merged', actorId: ctx.actor.userId, data: { merged: { id: dup.id, ref: dup.ref } }, createdAt: now },
    ]);
    await audit(tx, auditSource(ctx), { orgId: dup.orgId, action: 'ticket.merged', targetType: 'ticket', targetId: dup.id, after: { into: keep.id } });
    await outbox(tx, 'ticket.status_changed', dup.orgId, { ticketId: dup.id, from: dup.status, to: 'resolved' });
    await outbox(tx, 'ticket.merged', keep.orgId, { ticketId: keep.id, mergedId: dup.id });
    const [saved] = await tx.select().from(tickets).where(eq(tickets.id, keep.id));
    return presentOne(ctx as AuthedCtx, saved!, tx);
  });
}
