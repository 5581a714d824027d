import { queryOptions } from '@tanstack/react-query';
import { get, qs } from '../../ui/api';
import { can, type Me } from '../auth/queries';
import { isMonth, type ReportRow } from './report-data';

/** The report's filters as they stand in the address bar of /reports (unset: the server's defaults). */
export type ReportSearch = { from?: string; to?: string; orgId?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const parseReportSearch = (s: Record<string, unknown>): ReportSearch => ({
  from: isMonth(s.from) ? s.from : undefined,
  to: isMonth(s.to) ? s.to : undefined,
  orgId: typeof s.orgId === 'string' && UUID.test(s.orgId) ? s.orgId : undefined,
});

/**
 * Who may open the reports (server/modules/tickets/service/reports.ts): provider staff who work
 * tickets (every organisation, or one), and customers who may read all of their organisation's
 * tickets (customer admins; users it was delegated to).
 */
export const seesReports = (me: Me | null | undefined) => can(me, 'tickets.work', 'tickets.read_org');

/** Provider staff pick an organisation; everybody else sees their own. */
export const picksOrganisation = (me: Me) => me.org.kind === 'provider' && can(me, 'tickets.work');

/** Figures per organisation and month for a range (from/to fill in from now: see the page). */
export const reportQuery = (f: { from: string; to: string; orgId?: string }) =>
  queryOptions({
    queryKey: ['reports', 'tickets', f.from, f.to, f.orgId ?? 'all'],
    queryFn: ({ signal }) => get<{ items: ReportRow[] }>(`/api/v1/ticket-reports${qs({ from: f.from, to: f.to, orgId: f.orgId })}`, signal),
  });
