/**
 * Shaping the ticket report (GET /api/v1/ticket-reports: one row per organisation and month) for
 * the page: totals per month across the organisations shown, every month of the range present,
 * hours instead of minutes, and the rows of the CSV download. Pure, so it is tested on its own.
 */

/** One row of the API (server/modules/tickets/service/reports.ts, ReportRow). */
export type ReportRow = {
  orgId: string;
  orgName: string;
  month: string;
  opened: number;
  resolved: number;
  /** Tickets opened that month with a first response: the weight of meanFirstResponseMinutes. */
  answered: number;
  /** Ratings given that month: the weight of csatAverage. */
  ratings: number;
  meanFirstResponseMinutes: number | null;
  meanResolutionMinutes: number | null;
  withinSlaPercent: number | null;
  csatAverage: number | null;
};

/** The figures of one month, across every organisation in the report. */
export type MonthFigures = {
  month: string;
  opened: number;
  resolved: number;
  firstResponseHours: number | null;
  resolutionHours: number | null;
  withinSlaPercent: number | null;
  csatAverage: number | null;
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isMonth = (v: unknown): v is string => typeof v === 'string' && MONTH.test(v);

/** 'YYYY-MM' of a date (UTC, like the report). */
export const monthOf = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

/** A month moved by n months: addMonths('2025-01', -1) = '2024-12'. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return monthOf(new Date(Date.UTC(y, m - 1 + n, 1)));
}

/** Months from `from` to `to`, both included; empty when from is after to. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 1200; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The server's default when no range is asked for: the last 12 months up to this one. */
export function defaultRange(now: Date): { from: string; to: string } {
  const to = monthOf(now);
  return { from: addMonths(to, -11), to };
}

/**
 * The range a page shows for the address bar's months: both as given (in order), one of them with
 * the other filled in as the server would (twelve months back from `to`; up to this month from
 * `from`), or the last twelve months.
 */
export function reportRange(search: { from?: string; to?: string }, now = new Date()): { from: string; to: string } {
  const d = defaultRange(now);
  if (search.from && search.to) return search.from <= search.to ? { from: search.from, to: search.to } : { from: search.to, to: search.from };
  if (search.to) return { from: addMonths(search.to, -11), to: search.to };
  if (search.from) return { from: search.from, to: search.from > d.to ? search.from : d.to };
  return d;
}

/** The most months one report covers (the server refuses more). */
export const MAX_MONTHS = 36;

const round1 = (v: number) => Math.round(v * 10) / 10;
const round2 = (v: number) => Math.round(v * 100) / 100;

/** A mean over several organisations' means, each weighted by how many things it averages. */
function weightedMean(parts: { mean: number | null; weight: number }[]): number | null {
  let sum = 0;
  let weight = 0;
  for (const p of parts) {
    if (p.mean === null || p.weight <= 0) continue;
    sum += p.mean * p.weight;
    weight += p.weight;
  }
  return weight > 0 ? sum / weight : null;
}

/**
 * Totals per month over the rows (one organisation's or many), with every month of the range, in
 * order; a month without tickets has zeros and no means. Means are combined weighted by what they
 * average (answered tickets, resolved tickets, ratings), so they equal the mean over all tickets.
 */
export function monthlyTotals(rows: readonly ReportRow[], from: string, to: string): MonthFigures[] {
  return monthsBetween(from, to).map((month) => {
    const rs = rows.filter((r) => r.month === month);
    const frt = weightedMean(rs.map((r) => ({ mean: r.meanFirstResponseMinutes, weight: r.answered })));
    const ttr = weightedMean(rs.map((r) => ({ mean: r.meanResolutionMinutes, weight: r.resolved })));
    const within = weightedMean(rs.map((r) => ({ mean: r.withinSlaPercent, weight: r.resolved })));
    const csat = weightedMean(rs.map((r) => ({ mean: r.csatAverage, weight: r.ratings })));
    return {
      month,
      opened: rs.reduce((n, r) => n + r.opened, 0),
      resolved: rs.reduce((n, r) => n + r.resolved, 0),
      firstResponseHours: frt === null ? null : round1(frt / 60),
      resolutionHours: ttr === null ? null : round1(ttr / 60),
      withinSlaPercent: within === null ? null : round1(within),
      csatAverage: csat === null ? null : round2(csat),
    };
  });
}

/** Whether the report has anything to show at all. */
export const hasData = (rows: readonly ReportRow[]) => rows.some((r) => r.opened > 0 || r.resolved > 0 || r.ratings > 0);

/** The CSV's cells: one line per month (the table) or per organisation and month (the breakdown). */
export function csvRows(months: readonly MonthFigures[]): (string | number | null)[][] {
  return months.map((m) => [m.month, m.opened, m.resolved, m.firstResponseHours, m.resolutionHours, m.withinSlaPercent, m.csatAverage]);
}

/** Per organisation and month, as the API answers, in hours: the breakdown for provider staff. */
export function orgRows(rows: readonly ReportRow[]): (MonthFigures & { orgId: string; orgName: string })[] {
  return [...rows]
    .sort((a, b) => a.orgName.localeCompare(b.orgName) || a.month.localeCompare(b.month))
    .map((r) => ({
      orgId: r.orgId,
      orgName: r.orgName,
      month: r.month,
      opened: r.opened,
      resolved: r.resolved,
      firstResponseHours: r.meanFirstResponseMinutes === null ? null : round1(r.meanFirstResponseMinutes / 60),
      resolutionHours: r.meanResolutionMinutes === null ? null : round1(r.meanResolutionMinutes / 60),
      withinSlaPercent: r.withinSlaPercent,
      csatAverage: r.csatAverage,
    }));
}
