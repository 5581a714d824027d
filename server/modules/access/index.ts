// The access module's public surface (physical access: grants, access events, on site now, reports).
// Other modules import only from here.
import path from 'node:path';
import type { AppDeps } from '../../platform/deps.js';
import type { QueuedJob, ScheduledJob } from '../../platform/jobs.js';
import { localFileStore } from '../../platform/storage.js';
import { registerDependencyProvider, registerOrderKind } from '../orders/index.js';
import { expireGrants, grantsAtLocations, lapseGrants } from './service/grants.js';
import { accessKindHandler } from './service/requests.js';
import { subscribeAccess } from './service/notify.js';
import { generateMonthlyReport, MONTHLY_JOB, MONTHLY_ORG_JOB, runMonthlyReports, type ReportDeps } from './service/report.js';

export { accessRoutes } from './access.routes.js';
export { createGrantsFromRequest, expireGrants, lapseGrants, grantsAtLocations } from './service/grants.js';
export { ingestEvents } from './service/events.js';
export { validateAccessRequest, readAccessRequest, ACCESS_KINDS } from './service/requests.js';
export { generateMonthlyReport, runMonthlyReports, previousMonth } from './service/report.js';
export { accessGrants, accessEvents, accessSettings } from './access.tables.js';
export { seedAccessDemo } from './service/demo.js';

/**
 * Subscribes to flagged events (portal notices for access staff) and wires access into the orders module: the order kinds access_visit and access_badge (validation on
 * submission, grants on approval, revocation on cancellation) and the grants that depend on locations
 * being decommissioned.
 */
export function registerAccess(deps: AppDeps) {
  subscribeAccess(deps);
  registerOrderKind(deps, 'access_visit', accessKindHandler('access_visit'));
  registerOrderKind(deps, 'access_badge', accessKindHandler('access_badge'));
  registerDependencyProvider(deps, grantsAtLocations);
}

const reportDeps = (deps: AppDeps): ReportDeps => ({ db: deps.db, files: localFileStore(path.join(deps.config.dataDir, 'files')), mailer: deps.mailer, publicUrl: deps.config.publicUrl });

/** Demo data: last month's access report of each customer organisation, as the job on the 1st makes it (idempotent). */
export const seedAccessReportsDemo = (deps: AppDeps, now = new Date()) => runMonthlyReports(reportDeps(deps), null, now);

/**
 * Scheduled jobs: expiry and lapse daily; the monthly access reports on the 1st, fanned out as one
 * queued job per organisation and month (id and singleton key from both; the documents' unique index
 * makes a second run a no-op).
 */
export const accessJobs = (deps: AppDeps): ScheduledJob[] => [
  { name: 'access.expire-grants', cron: '7 * * * *', handler: async () => void (await expireGrants(deps.db)) },
  { name: 'access.lapse-grants', cron: '23 2 * * *', handler: async () => void (await lapseGrants(deps.db)) },
  { name: MONTHLY_JOB, cron: '30 3 1 * *', handler: async (jobs) => void (await runMonthlyReports(reportDeps(deps), jobs)) },
];
export const accessQueuedJobs = (deps: AppDeps): QueuedJob[] => [
  {
    name: MONTHLY_ORG_JOB,
    work: async (data) => {
      const { orgId, month } = data as { orgId?: string; month?: string };
      if (typeof orgId === 'string' && typeof month === 'string' && /^\d{4}-\d{2}$/.test(month)) await generateMonthlyReport(reportDeps(deps), orgId, month);
    },
  },
];
