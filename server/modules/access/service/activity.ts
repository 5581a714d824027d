import { and, asc, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ActivityExportQuery, ActivityQuery, OnSiteDto } from '../../../../contracts/access.js';
import { requireActor, type Ctx } from '../../../platform/context.js';
import { rowsOf, type DbOrTx } from '../../../platform/db/client.js';
import { ValidationError } from '../../../platform/errors.js';
import { cursorTime, decodeCursor, encodeCursor, page } from '../../../platform/http/pagination.js';
import { accessEvents, accessGrants } from '../access.tables.js';
import { scopeOrg, withAncestors } from '../internal.js';
import { presentEvents } from './events.js';

/** Midnight of `now`'s day in a time zone, as an instant. */
export function startOfDay(timeZone: string, now = new Date()): Date {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const wallNow = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = wallNow - Math.floor(now.getTime() / 1000) * 1000;
  return new Date(Date.UTC(get('year'), get('month') - 1, get('day')) - offset);
}

/**
 * Who is on site now (`access.read` own organisation; staff `access.manage` with orgId): each person
 * whose last event today (in the caller's time zone) is an entry that was granted.
 */
export async function onSiteNow(ctx: Ctx, orgIdParam: string | undefined): Promise<{ items: z.infer<typeof OnSiteDto>[]; since: string }> {
  const orgId = (await scopeOrg(ctx, orgIdParam, { required: true }))!;
  requireActor(ctx);
  const since = startOfDay(ctx.actor.timeZone);
  const result = await ctx.db.execute(sql`
    SELECT * FROM (
      SELECT DISTINCT ON (e.person_key) e.person_key, e.direction, e.result, e.occurred_at, e.location_id, e.reader, e.grant_id, e.person_ref, e.badge_id,
             g.person_name, g.visitor_company
      FROM access_events e LEFT JOIN access_grants g ON g.id = e.grant_id AND g.org_id = e.org_id
      WHERE e.org_id = ${orgId} AND e.occurred_at >= ${since.toISOString()}::timestamptz AND e.occurred_at <= now() + interval '5 minutes'
      ORDER BY e.person_key, e.occurred_at DESC, e.id DESC
    ) last WHERE last.direction = 'in' AND last.result = 'granted'
    ORDER BY last.occurred_at DESC
    LIMIT 2000`);
  type Row = { person_key: string; occurred_at: string | Date; location_id: string | null; reader: string | null; grant_id: string | null; person_ref: string | null; badge_id: string | null; person_name: string | null; visitor_company: string | null };
  const rows = rowsOf<Row>(result);
  const { refs } = await withAncestors(ctx.db, [...new Set(rows.map((r) => r.location_id).filter((x): x is string => !!x))]);
  return {
    since: since.toISOString(),
    items: rows.map((r) => ({
      personKey: r.person_key,
      person: r.person_name ?? r.person_ref ?? (r.badge_id ? `#${r.badge_id}` : '—'),
      company: r.visitor_company,
      since: new Date(r.occurred_at).toISOString(),
      location: r.location_id ? { id: r.location_id, path: refs.get(r.location_id)?.path ?? '—' } : null,
      reader: r.reader,
      grantId: r.grant_id,
    })),
  };
}

type Period = { orgId: string; from: Date; to: Date; person?: string; locationId?: string };

async function periodOf(ctx: Ctx, q: z.output<typeof ActivityExportQuery>): Promise<Period> {
  const orgId = (await scopeOrg(ctx, q.orgId, { required: true }))!;
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (to <= from) throw new ValidationError([{ path: 'query.to', message: 'must be after from' }]);
  if (to.getTime() - from.getTime() > 366 * 86_400_000) throw new ValidationError([{ path: 'query.to', message: 'a period may span at most a year' }]);
  return { orgId, from, to, person: q.person, locationId: q.locationId };
}

function periodWhere(p: Period): SQL[] {
  const where: SQL[] = [eq(accessEvents.orgId, p.orgId), gte(accessEvents.occurredAt, p.from), lt(accessEvents.occurredAt, p.to)];
  if (p.locationId) where.push(eq(accessEvents.locationId, p.locationId));
  if (p.person) {
    const like = `%${p.person.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(accessGrants.personName, like), ilike(accessGrants.visitorCompany, like), ilike(accessEvents.personRef, like), eq(accessEvents.badgeId, p.person))!);
  }
  return where;
}

/** The access activity of a period (`access.read` own organisation; staff with orgId), newest first. */
export async function listActivity(ctx: Ctx, q: z.output<typeof ActivityQuery>) {
  const p = await periodOf(ctx, q);
  const where = periodWhere(p);
  const after = decodeCursor(q.cursor);
  if (after) {
    const at = cursorTime(after);
    where.push(or(lt(accessEvents.occurredAt, at), and(eq(accessEvents.occurredAt, at), lt(accessEvents.id, after.id)))!);
  }
  const rows = await ctx.db
    .select({ e: accessEvents })
    .from(accessEvents)
    .leftJoin(accessGrants, and(eq(accessGrants.id, accessEvents.grantId), eq(accessGrants.orgId, accessEvents.orgId)))
    .where(and(...where))
    .orderBy(desc(accessEvents.occurredAt), desc(accessEvents.id))
    .limit(q.limit + 1);
  const pg = page(rows, q.limit, (r) => encodeCursor(r.e.occurredAt.toISOString(), r.e.id));
  return { items: await presentEvents(ctx.db, pg.items.map((r) => r.e)), nextCursor: pg.nextCursor };
}

/** Every event of a period in time order (CSV, PDF); at most `max`. The caller has scoped the organisation. */
export async function periodEvents(db: DbOrTx, p: Period, max = 50_000) {
  const rows = await db
    .select({ e: accessEvents })
    .from(accessEvents)
    .leftJoin(accessGrants, and(eq(accessGrants.id, accessEvents.grantId), eq(accessGrants.orgId, accessEvents.orgId)))
    .where(and(...periodWhere(p)))
    .orderBy(asc(accessEvents.occurredAt), asc(accessEvents.id))
    .limit(max);
  return presentEvents(db, rows.map((r) => r.e));
}

export { periodOf, type Period };
