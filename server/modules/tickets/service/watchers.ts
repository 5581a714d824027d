import { and, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { TicketDto } from '../../../../contracts/tickets.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { activeOrgMembers, userRefs } from '../../identity/index.js';
import { getVisibleTicket, worksTickets } from '../internal.js';
import { ticketEvents, tickets, ticketWatchers } from '../tickets.tables.js';
import { presentOne, requireTicketReader } from './read-tickets.js';

export const WatcherCandidateDto = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'WatcherCandidate' });
export type WatcherCandidateDto = z.infer<typeof WatcherCandidateDto>;

/** The same limit as when a ticket is opened (contracts/tickets.ts CreateTicket.watcherIds). */
export const MAX_WATCHERS = 20;
export const SetWatchers = z.strictObject({ userIds: z.array(z.uuid()).max(MAX_WATCHERS) });

/**
 * People who may watch a ticket: the active users of the ticket's organisation (the requester aside),
 * by name. Whoever may see the ticket may ask, so a customer user without `users.read` can still pick
 * colleagues; another organisation's ticket answers 404.
 */
export async function listWatcherCandidates(ctx: Ctx, ticketId: string): Promise<{ items: WatcherCandidateDto[] }> {
  requireTicketReader(ctx);
  const t = await getVisibleTicket(ctx.db, ctx, ticketId);
  const members = await activeOrgMembers(ctx.db, t.orgId);
  return { items: members.filter((m) => m.id !== t.requesterId).map((m) => ({ id: m.id, name: m.name })) };
}

/**
 * Replaces a ticket's watchers. Provider staff, the requester and customer users who read all of
 * their organisation's tickets (`tickets.read_org`) may change the list; a watcher may only take
 * themselves off it. Every watcher is an active user of the ticket's organisation (400 naming the
 * entry otherwise); the requester is not listed (they follow the ticket anyway). Each addition and
 * removal is a timeline entry; the change is audited and announced (`ticket.watchers_changed`).
 */
export async function setWatchers(ctx: Ctx, ticketId: string, input: z.input<typeof SetWatchers>): Promise<TicketDto> {
  requireTicketReader(ctx);
  const data = SetWatchers.parse(input);
  return withTx(ctx, async (tx) => {
    const t = await getVisibleTicket(tx, ctx, ticketId, true);
    if (t.status === 'closed') throw new ConflictError('TICKET_CLOSED', 'This ticket is closed.');
    const current = (await tx.select({ userId: ticketWatchers.userId }).from(ticketWatchers).where(and(eq(ticketWatchers.orgId, t.orgId), eq(ticketWatchers.ticketId, t.id)))).map((w) => w.userId);
    const wanted = [...new Set(data.userIds)].filter((id) => id !== t.requesterId);
    const added = wanted.filter((id) => !current.includes(id));
    const removed = current.filter((id) => !wanted.includes(id));
    const me = ctx.actor.userId;
    const mayManage = worksTickets(ctx) || t.requesterId === me || (ctx.actor.orgId === t.orgId && ctx.actor.permissions.has('tickets.read_org'));
    if (!mayManage && (added.length > 0 || removed.some((id) => id !== me))) throw new ForbiddenError('Only the requester, their organisation’s administrators and the provider’s staff change who watches a ticket.');

    const people = await userRefs(tx, added);
    const bad = data.userIds.findIndex((id) => added.includes(id) && (people.get(id)?.orgId !== t.orgId || people.get(id)?.status !== 'active'));
    if (bad >= 0) throw new ValidationError([{ path: `body.userIds.${bad}`, message: 'is not an active member of the ticket’s organisation' }]);
    if (added.length === 0 && removed.length === 0) return presentOne(ctx as AuthedCtx, t, tx);

    const now = new Date();
    if (added.length) await tx.insert(ticketWatchers).values(added.map((userId) => ({ orgId: t.orgId, ticketId: t.id, userId }))).onConflictDoNothing();
    if (removed.length) await tx.delete(ticketWatchers).where(and(eq(ticketWatchers.orgId, t.orgId), eq(ticketWatchers.ticketId, t.id), inArray(ticketWatchers.userId, removed)));
    const entry = (type: 'watcher_added' | 'watcher_removed', userId: string) => ({ id: uuidv7(), orgId: t.orgId, ticketId: t.id, type, visibility: 'public', actorId: me, data: { userId }, createdAt: now });
    await tx.insert(ticketEvents).values([...added.map((u) => entry('watcher_added', u)), ...removed.map((u) => entry('watcher_removed', u))]);
    const [saved] = await tx.update(tickets).set({ updatedAt: now }).where(and(eq(tickets.orgId, t.orgId), eq(tickets.id, t.id))).returning();
    await audit(tx, auditSource(ctx), { orgId: t.orgId, action: 'ticket.watchers_changed', targetType: 'ticket', targetId: t.id, before: { watcherIds: current }, after: { watcherIds: wanted } });
    await outbox(tx, 'ticket.watchers_changed', t.orgId, { ticketId: t.id, added, removed, actorId: me });
    return presentOne(ctx as AuthedCtx, saved!, tx);
  });
}
