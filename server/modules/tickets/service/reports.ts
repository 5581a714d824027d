import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor, type Ctx } from '../../../platform/context.js';
import { rowsOf } from '../../../platform/db/client.js';
import { ForbiddenError, ValidationError } from '../../../platform/errors.js';
import { worksTickets } from '../internal.js';
import { tickets } from '../tickets.tables.js';
import { ticketRatings } from '../more.tables.js';
import { deflectionsPerMonthSql, hasLinkedArticleSql } from '../../search/index.js';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');
export const ReportQuery = z.strictObject({
  from: Month.optional(),
  to: Month.optional(),
  orgId: z.uuid().optional(),
});

export const ReportRow = z.object({
  orgId: z.uuid(),
  orgName: z.string(),
  month: z.string(),
  opened: z.number().int(),
  resolved: z.number().int(),
  /** Tickets opened that month that have had a first response (what meanFirstResponseMinutes averages over). */
  answered: z.number().int(),
  /** Mean minutes from opening to the provider's first response (wall clock), of tickets answered. */
  meanFirstResponseMinutes: z.number().nullable(),
  /** Mean minutes from opening to resolution (wall clock), of tickets resolved that month. */
  meanResolutionMinutes: z.number().nullable(),
  /** Share of tickets resolved that month without a resolution breach (0–100). */
  withinSlaPercent: z.number().nullable(),
  /** Ratings given that month (what csatAverage averages over). */
  ratings: z.number().int(),
  /** Mean customer rating 1–5 of the ratings given that month; null without ratings. */
  csatAverage: z.number().nullable(),
  /** New-ticket forms left without submitting after a suggested article was opened (search module). */
  deflected: z.number().int(),
  /** Share of would-be tickets answered by an article: deflected / (deflected + opened), 0–100; null without either. */
  deflectionPercent: z.number().nullable(),
  /** Tickets resolved that month that have an article linked (opened on the new-ticket form before submitting). */
  resolvedWithArticle: z.number().int(),
  /** Share of tickets resolved that month with a linked article (0–100); null without resolved tickets. */
  resolvedWithArticlePercent: z.number().nullable(),
});
export type ReportRow = z.infer<typeof ReportRow>;

const monthStart = (m: string) => new Date(`${m}-01T00:00:00Z`);
const nextMonth = (m: string) => {
  const d = monthStart(m);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d;
};

/**
 * Service figures per organisation and month (UTC months): opened and resolved tickets, mean time to
 * first response and to resolution, the share resolved within the SLA. Customer admins see their own
 * organisation (`tickets.read_org`), provider staff any or all.
 */
export async function ticketReport(ctx: Ctx, input: z.input<typeof ReportQuery>): Promise<{ items: ReportRow[] }> {
  requireActor(ctx);
  const q = ReportQuery.parse(input);
  const staff = worksTickets(ctx);
  if (!staff && !ctx.actor.permissions.has('tickets.read_org')) throw new ForbiddenError();
  const now = new Date();
  const defaultTo = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const to = q.to ?? defaultTo;
  const fromDefault = new Date(monthStart(to));
  fromDefault.setUTCMonth(fromDefault.getUTCMonth() - 11);
  const from = q.from ?? fromDefault.toISOString().slice(0, 7);
  if (from > to) throw new ValidationError([{ path: 'query.from', message: 'must not be after to' }]);
  if ((monthStart(to).getUTCFullYear() - monthStart(from).getUTCFullYear()) * 12 + monthStart(to).getUTCMonth() - monthStart(from).getUTCMonth() > 35) {
    throw new ValidationError([{ path: 'query.from', message: 'a report covers at most 36 months' }]);
  }
  if (!staff && q.orgId && q.orgId !== ctx.actor.orgId) throw new ForbiddenError();
  const start = monthStart(from);
  const end = nextMonth(to);
  // One organisation (a customer's own, or the one staff asked for) or all of them, in every part.
  const orgId = staff ? q.orgId : ctx.actor.orgId;
  const org = orgId ? sql`AND org_id = ${orgId}::uuid` : sql``;
  // Opened per month (by created_at), resolved per month (by resolved_at) and ratings per month (by
  // when given), joined on every organisation and month that has any of them.
  const result = await ctx.db.execute(sql`
    WITH opened AS (
      SELECT org_id, to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*)::int AS opened,
             count(*) FILTER (WHERE first_responded_at IS NOT NULL)::int AS answered,
             avg(extract(epoch FROM first_responded_at - created_at) / 60) FILTER (WHERE first_responded_at IS NOT NULL) AS frt
      FROM ${tickets} WHERE created_at >= ${start.toISOString()}::timestamptz AND created_at < ${end.toISOString()}::timestamptz ${org}
      GROUP BY 1, 2
    ), resolved AS (
      SELECT org_id, to_char(date_trunc('month', resolved_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*)::int AS resolved,
             avg(extract(epoch FROM resolved_at - created_at) / 60) AS ttr,
             100.0 * count(*) FILTER (WHERE NOT ('res_breach' = ANY(sla_notified))) / count(*) AS within,
             count(*) FILTER (WHERE ${hasLinkedArticleSql('tickets')})::int AS with_article
      FROM ${tickets} WHERE resolved_at >= ${start.toISOString()}::timestamptz AND resolved_at < ${end.toISOString()}::timestamptz ${org}
      GROUP BY 1, 2
    ), rated AS (
      SELECT org_id, to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, avg(score) AS csat, count(*)::int AS ratings
      FROM ${ticketRatings} WHERE created_at >= ${start.toISOString()}::timestamptz AND created_at < ${end.toISOString()}::timestamptz ${org}
      GROUP BY 1, 2
    ), deflected AS (${deflectionsPerMonthSql(start, end, orgId)}
    ), months AS (
      -- Every organisation and month with anything to report: a month may only have ratings or deflections.
      SELECT org_id, month FROM opened UNION SELECT org_id, month FROM resolved UNION SELECT org_id, month FROM rated UNION SELECT org_id, month FROM deflected
    )
    SELECT m.org_id, orgs.name AS org_name, m.month,
           coalesce(o.opened, 0) AS opened, coalesce(o.answered, 0) AS answered, coalesce(r.resolved, 0) AS resolved, o.frt, r.ttr, r.within,
           c.csat, coalesce(c.ratings, 0) AS ratings, coalesce(d.deflected, 0) AS deflected, coalesce(r.with_article, 0) AS with_article
    FROM months m
    LEFT JOIN opened o ON o.org_id = m.org_id AND o.month = m.month
    LEFT JOIN resolved r ON r.org_id = m.org_id AND r.month = m.month
    LEFT JOIN rated c ON c.org_id = m.org_id AND c.month = m.month
    LEFT JOIN deflected d ON d.org_id = m.org_id AND d.month = m.month
    JOIN organizations orgs ON orgs.id = m.org_id
    ORDER BY org_name, month`);
  const percent = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);
  const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
  return {
    items: rowsOf<Record<string, unknown>>(result).map((r) => ({
      orgId: String(r.org_id),
      orgName: String(r.org_name),
      month: String(r.month),
      opened: Number(r.opened),
      resolved: Number(r.resolved),
      answered: Number(r.answered),
      ratings: Number(r.ratings),
      meanFirstResponseMinutes: round(r.frt),
      meanResolutionMinutes: round(r.ttr),
      withinSlaPercent: round(r.within),
      csatAverage: r.csat === null || r.csat === undefined ? null : Math.round(Number(r.csat) * 100) / 100,
      deflected: Number(r.deflected),
      deflectionPercent: percent(Number(r.deflected), Number(r.deflected) + Number(r.opened)),
      resolvedWithArticle: Number(r.with_article),
      resolvedWithArticlePercent: percent(Number(r.with_article), Number(r.resolved)),
    })),
  };
}

