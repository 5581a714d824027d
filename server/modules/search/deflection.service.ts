import { and, eq, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { DeflectionEventInput, type DeflectionEventInput as DeflectionEventInputT } from '../../../contracts/search.js';
import { requirePermission, type Ctx } from '../../platform/context.js';
import { NotFoundError } from '../../platform/errors.js';
import { ticketFacts } from '../tickets/index.js';
import { deflectionEvents } from './search.tables.js';

/**
 * Records what a customer did with a suggested article on the new-ticket form. Requires
 * `tickets.create`. `opened`: the article was opened (once per form visit and article); `abandoned`:
 * the form was left without submitting, so every article opened in that visit counts as a deflection.
 * Measurements of the caller's own behaviour, kept per organisation and user: no audit record (they
 * change nothing anyone else sees) and no event.
 */
export async function recordDeflectionEvent(ctx: Ctx, input: DeflectionEventInputT): Promise<void> {
  requirePermission(ctx, 'tickets.create');
  const data = DeflectionEventInput.parse(input);
  const { orgId, userId } = ctx.actor;
  if (data.type === 'opened') {
    await ctx.db
      .insert(deflectionEvents)
      .values({ id: uuidv7(), orgId, userId, articleId: data.articleId, draftId: data.draftId })
      .onConflictDoNothing({ target: [deflectionEvents.orgId, deflectionEvents.draftId, deflectionEvents.articleId] });
    return;
  }
  await ctx.db
    .update(deflectionEvents)
    .set({ outcome: 'deflected', updatedAt: new Date() })
    .where(and(eq(deflectionEvents.orgId, orgId), eq(deflectionEvents.userId, userId), eq(deflectionEvents.draftId, data.draftId), eq(deflectionEvents.outcome, 'opened')));
}

/**
 * The ticket of a form visit was submitted after the customer had opened suggestions: those articles
 * are linked to the ticket instead of counting as deflections. Requires `tickets.create`; the ticket
 * must be the caller's own (another's, or another organisation's: 404).
 */
export async function linkDraftToTicket(ctx: Ctx, input: { draftId: string; ticketId: string }): Promise<{ linked: number }> {
  requirePermission(ctx, 'tickets.create');
  const { orgId, userId } = ctx.actor;
  const facts = await ticketFacts(ctx.db, orgId, input.ticketId);
  if (!facts || facts.requesterId !== userId) throw new NotFoundError('ticket');
  const rows = await ctx.db
    .update(deflectionEvents)
    .set({ outcome: 'ticket', ticketId: facts.id, updatedAt: new Date() })
    .where(and(eq(deflectionEvents.orgId, orgId), eq(deflectionEvents.userId, userId), eq(deflectionEvents.draftId, input.draftId)))
    .returning({ id: deflectionEvents.id });
  return { linked: rows.length };
}

/**
 * For the ticket reports (tickets module): deflections per organisation and UTC month as a SELECT of
 * (org_id, month 'YYYY-MM', deflected), by when the form was left.
 */
export function deflectionsPerMonthSql(start: Date, end: Date, orgId: string | undefined): SQL {
  return sql`SELECT org_id, to_char(date_trunc('month', updated_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(DISTINCT draft_id)::int AS deflected
    FROM ${deflectionEvents}
    WHERE outcome = 'deflected' AND updated_at >= ${start.toISOString()}::timestamptz AND updated_at < ${end.toISOString()}::timestamptz
    ${orgId ? sql`AND org_id = ${orgId}::uuid` : sql``}
    GROUP BY 1, 2`;
}

/** For the ticket reports: whether the ticket row `t` (alias of tickets) has an article linked by deflection. */
export function hasLinkedArticleSql(ticketAlias: string): SQL {
  const t = sql.identifier(ticketAlias);
  return sql`EXISTS (SELECT 1 FROM ${deflectionEvents} d WHERE d.org_id = ${t}.org_id AND d.ticket_id = ${t}.id)`;
}
