// The tickets module's public surface ("Get help"): other modules import only from here.
export { ticketsRoutes } from './tickets.routes.js';
export { renderMarkdown } from './markdown.js';
export { supportGroupMemberIds, supportGroupRefs, supportGroupsOfUser } from './service/support-group-refs.js';
export { seedTicketDemo } from './service/demo.js';
export { latestTicketEntries, ticketAudience, ticketEntry, ticketFacts, type TicketEntry, type TicketFacts } from './service/ticket-facts.js';
export { checkSlas } from './service/sla-watch.js';
export { addCommentFromMail } from './service/mail-entry.js';
export { ratingLinkRoutes } from './rating-link.routes.js';
/** Search (issue 5): the caller's tickets, by the ticket list's rule. */
export { ticketSearchProvider } from './search-provider.js';
/** Checks an integration token (`Authorization: Bearer pit_…`) for a scope: the access module's event API uses it. */
export { verifyIntegrationToken, type IntegrationScope } from './service/integration-tokens.js';
import { and as andSql, asc as ascSql, eq as eqSql } from 'drizzle-orm';
import type { AuthedCtx } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { NotFoundError } from '../../platform/errors.js';
import { getVisibleTicket, visibleTo } from './internal.js';
import { tickets as ticketsTable } from './tickets.tables.js';
/**
 * The incidents linked to a problem that the caller may see by the ticket list's rule (staff: all; a customer:
 * their organisation's, or only those they requested or watch). Needs no sight of the problem itself, which
 * is the provider's: a customer reading a known error finds their own incidents, never another organisation's.
 */
export async function incidentsOfProblem(ctx: AuthedCtx, problemId: string, db: DbOrTx = ctx.db) {
  return db
    .select({ id: ticketsTable.id, ref: ticketsTable.ref, title: ticketsTable.title, status: ticketsTable.status, orgId: ticketsTable.orgId })
    .from(ticketsTable)
    .where(andSql(eqSql(ticketsTable.problemId, problemId), visibleTo(ctx)))
    .orderBy(ascSql(ticketsTable.createdAt))
    .limit(200);
}

/** A problem the caller may see (404 otherwise, also for another kind) with its workaround and the linked incidents the caller may see: the knowledge base publishes it as a known error. */
export async function problemWithIncidents(ctx: AuthedCtx, problemId: string, db: DbOrTx = ctx.db) {
  const p = await getVisibleTicket(db, ctx, problemId);
  if (p.kind !== 'problem') throw new NotFoundError('ticket');
  const incidents = await incidentsOfProblem(ctx, p.id, db);
  return { id: p.id, ref: p.ref, title: p.title, workaround: p.workaround, incidents };
}

import type { Db } from '../../platform/db/client.js';
import type { ScheduledJob } from '../../platform/jobs.js';
import { checkSlas as runSlaWatch } from './service/sla-watch.js';

/** The module's scheduled jobs: the SLA watch every minute. */
export const ticketJobs = (db: Db): ScheduledJob[] => [{ name: 'tickets.sla-watch', cron: '* * * * *', handler: async () => void (await runSlaWatch(db)) }];
