// The tickets module's public surface ("Get help"): other modules import only from here.
export { ticketsRoutes } from './tickets.routes.js';
export { renderMarkdown } from './markdown.js';
export { supportGroupRefs } from './service/support-group-refs.js';
export { seedTicketDemo } from './service/demo.js';
export { latestTicketEntries, ticketAudience, ticketEntry, ticketFacts, type TicketEntry, type TicketFacts } from './service/ticket-facts.js';
export { checkSlas } from './service/sla-watch.js';
export { addCommentFromMail } from './service/mail-entry.js';
export { ratingLinkRoutes } from './rating-link.routes.js';
/** Checks an integration token (`Authorization: Bearer pit_…`) for a scope: the access module's event API uses it. */
export { verifyIntegrationToken, type IntegrationScope } from './service/integration-tokens.js';

import type { Db } from '../../platform/db/client.js';
import type { ScheduledJob } from '../../platform/jobs.js';
import { checkSlas as runSlaWatch } from './service/sla-watch.js';

/** The module's scheduled jobs: the SLA watch every minute. */
export const ticketJobs = (db: Db): ScheduledJob[] => [{ name: 'tickets.sla-watch', cron: '* * * * *', handler: async () => void (await runSlaWatch(db)) }];
