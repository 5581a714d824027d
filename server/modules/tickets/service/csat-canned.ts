import { and, asc, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, requirePermission, withTx, type Ctx } from '../../../platform/context.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { getVisibleTicket, settings, withinReopenWindow, worksTickets } from '../internal.js';
import { cannedResponses, ticketRatings } from '../more.tables.js';

export const RateTicket = z.strictObject({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() });
export const RatingDto = z.object({ score: z.number().int(), comment: z.string().nullable(), createdAt: z.iso.datetime({ offset: true }) }).meta({ id: 'TicketRating' });

/**
 * The customer rates a resolved or closed ticket 1–5 (CSAT), in the portal or from the link in the
 * resolution mail. A rating can be changed while the ticket may still be reopened; it is stored with
 * the agent who had the ticket, for per-agent and per-organisation figures.
 */
export async function rateTicket(ctx: Ctx, id: string, input: z.input<typeof RateTicket>) {
  requireActor(ctx);
  if (worksTickets(ctx)) throw new ForbiddenError('Only the customer rates a ticket.');
  const data = RateTicket.parse(input);
  return withTx(ctx, async (tx) => {
    const t = await getVisibleTicket(tx, ctx, id, true);
    if (t.status !== 'resolved' && t.status !== 'closed') throw new ConflictError('INVALID_TRANSITION', 'A ticket is rated once it is resolved.', []);
    const [prior] = await tx.select().from(ticketRatings).where(eq(ticketRatings.ticketId, t.id));
    const s = await settings(tx);
    if (prior && !withinReopenWindow(t, s.reopenDays)) throw new ConflictError('CONFLICT', 'This ticket has been rated.');
    const row = { ticketId: t.id, orgId: t.orgId, agentId: t.assigneeId, score: data.score, comment: data.comment ?? null, ratedBy: ctx.actor.userId, createdAt: new Date() };
    await tx.insert(ticketRatings).values(row).onConflictDoUpdate({ target: ticketRatings.ticketId, set: { score: row.score, comment: row.comment, ratedBy: row.ratedBy, createdAt: row.createdAt } });
    await audit(tx, auditSource(ctx), { orgId: t.orgId, action: 'ticket.rated', targetType: 'ticket', targetId: t.id, before: prior ? { score: prior.score } : null, after: { score: data.score } });
    await outbox(tx, 'ticket.rated', t.orgId, { ticketId: t.id, score: data.score, agentId: t.assigneeId, actorId: ctx.actor.userId, comment: row.comment });
    return { score: row.score, comment: row.comment, createdAt: row.createdAt.toISOString() };
  });
}

/** The rating of a ticket, if any (whoever may see the ticket). */
export async function getRating(ctx: Ctx, id: string) {
  requireActor(ctx);
  const t = await getVisibleTicket(ctx.db, ctx, id);
  const [r] = await ctx.db.select().from(ticketRatings).where(and(eq(ticketRatings.orgId, t.orgId), eq(ticketRatings.ticketId, t.id)));
  return { rating: r ? { score: r.score, comment: r.comment, createdAt: r.createdAt.toISOString() } : null };
}

export const CannedResponse = z.strictObject({ title: z.string().trim().min(2).max(120), body: z.string().trim().min(1).max(20_000), categoryKey: z.string().max(40).nullable().default(null) });
export const CannedDto = z.object({ id: z.uuid(), title: z.string(), body: z.string(), categoryKey: z.string().nullable() }).meta({ id: 'CannedResponse' });

/** Canned responses for agents' replies (staff read; provider admins keep them). */
export async function listCanned(ctx: Ctx) {
  requirePermission(ctx, 'tickets.work');
  const rows = await ctx.db.select().from(cannedResponses).orderBy(asc(cannedResponses.title));
  return { items: rows.map((r) => ({ id: r.id, title: r.title, body: r.body, categoryKey: r.categoryKey })) };
}

export async function saveCanned(ctx: Ctx, id: string | null, input: z.input<typeof CannedResponse>) {
  requirePermission(ctx, 'tickets.configure');
  const data = CannedResponse.parse(input);
  return withTx(ctx, async (tx) => {
    let row;
    if (id) {
      [row] = await tx.update(cannedResponses).set(data).where(eq(cannedResponses.id, id)).returning();
      if (!row) throw new NotFoundError('canned response');
    } else [row] = await tx.insert(cannedResponses).values({ id: uuidv7(), ...data, createdBy: ctx.actor.userId }).returning();
    await audit(tx, auditSource(ctx), { orgId: null, action: id ? 'tickets.canned_changed' : 'tickets.canned_created', targetType: 'canned_response', targetId: row!.id, after: data });
    return { id: row!.id, title: row!.title, body: row!.body, categoryKey: row!.categoryKey };
  });
}

export async function deleteCanned(ctx: Ctx, id: string) {
  requirePermission(ctx, 'tickets.configure');
  await withTx(ctx, async (tx) => {
    const [row] = await tx.delete(cannedResponses).where(eq(cannedResponses.id, id)).returning();
    if (!row) throw new NotFoundError('canned response');
    await audit(tx, auditSource(ctx), { orgId: null, action: 'tickets.canned_deleted', targetType: 'canned_response', targetId: id, before: { title: row.title } });
  });
}
