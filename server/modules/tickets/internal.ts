import { and, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { OPEN_STATUSES, TRANSITIONS, type TicketDto, type TicketListItemDto, type TicketEventDto, type TicketStatus, type SlaTargetDto } from '../../../contracts/tickets.js';
import type { AuthedCtx } from '../../platform/context.js';
import { rowsOf, type DbOrTx } from '../../platform/db/client.js';
import { NotFoundError } from '../../platform/errors.js';
import { organizations } from '../../platform/tenancy.js';
import { userNames, userRefs, type UserRef } from '../identity/index.js';
import { RefCache } from '../../platform/ref-cache.js';
import { renderMarkdown } from './markdown.js';
import { slaTarget, TWENTY_FOUR_SEVEN, type BusinessCalendar, type SlaTargetStatus } from './sla.js';
import { slaPolicies, supportGroups, ticketCategories, ticketEvents, ticketOrgSettings, tickets, ticketSettings, ticketWatchers, type SlaPause } from './tickets.tables.js';

export type TicketRow = typeof tickets.$inferSelect;

/** The columns a list row shows (not the description, the alert or the problem): lists read only these. */
export const listColumns = {
  id: tickets.id,
  orgId: tickets.orgId,
  kind: tickets.kind,
  ref: tickets.ref,
  title: tickets.title,
  categoryId: tickets.categoryId,
  urgency: tickets.urgency,
  priority: tickets.priority,
  status: tickets.status,
  requesterId: tickets.requesterId,
  assigneeId: tickets.assigneeId,
  groupId: tickets.groupId,
  slaPolicyId: tickets.slaPolicyId,
  firstResponseMinutes: tickets.firstResponseMinutes,
  resolutionMinutes: tickets.resolutionMinutes,
  pauses: tickets.pauses,
  firstRespondedAt: tickets.firstRespondedAt,
  resolvedAt: tickets.resolvedAt,
  closedAt: tickets.closedAt,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
};
export type ListRow = Pick<TicketRow, keyof typeof listColumns>;
export type EventRow = typeof ticketEvents.$inferSelect;

/** Provider staff who work tickets see every organisation's; customers only their own organisation's. */
export const worksTickets = (ctx: AuthedCtx) => ctx.actor.orgKind === 'provider' && ctx.actor.permissions.has('tickets.work');

/**
 * The tenant rule for tickets, as one WHERE clause: provider staff see all; a customer with
 * `tickets.read_org` sees the organisation's; any other customer user sees what they requested or watch.
 */
export function visibleTo(ctx: AuthedCtx): SQL | undefined {
  if (worksTickets(ctx)) return undefined;
  const inOrg = eq(tickets.orgId, ctx.actor.orgId);
  if (ctx.actor.permissions.has('tickets.read_org')) return inOrg;
  const watching = exists(
    ctx.db
      .select({ one: sql`1` })
      .from(ticketWatchers)
      // The organisation as a value, not the outer row's column: the (org_id, user_id) index then finds the
      // user's watched tickets once instead of the planner scanning every watcher for a hashed subplan.
      .where(and(eq(ticketWatchers.ticketId, tickets.id), eq(ticketWatchers.orgId, ctx.actor.orgId), eq(ticketWatchers.userId, ctx.actor.userId))),
  );
  return and(inOrg, or(eq(tickets.requesterId, ctx.actor.userId), watching));
}

/** A ticket the caller may see, or 404 (also when it belongs to another organisation). */
export async function getVisibleTicket(tx: DbOrTx, ctx: AuthedCtx, id: string, lock = false): Promise<TicketRow> {
  const q = tx.select().from(tickets).where(and(eq(tickets.id, id), visibleTo(ctx)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('ticket');
  return row;
}

// SLA policies and settings change rarely: kept for a few seconds per process.
let policyCache: { at: number; map: Map<string, typeof slaPolicies.$inferSelect> } | null = null;
export async function policies(db: DbOrTx) {
  if (policyCache && Date.now() - policyCache.at < 10_000) return policyCache.map;
  const rows = await db.select().from(slaPolicies);
  policyCache = { at: Date.now(), map: new Map(rows.map((r) => [r.id, r])) };
  return policyCache.map;
}
export function forgetPolicies() {
  policyCache = null;
}

// The ticket settings (priority matrix, reopen window) change rarely: kept a few seconds per process,
// forgotten at once by configure.ts when an admin changes them here.
let settingsCache: { at: number; row: typeof ticketSettings.$inferSelect } | null = null;
export async function settings(db: DbOrTx) {
  if (settingsCache && Date.now() - settingsCache.at < 10_000) return settingsCache.row;
  const [s] = await db.select().from(ticketSettings).where(eq(ticketSettings.id, 1));
  if (!s) throw new Error('ticket_settings row missing (migration 0004)');
  settingsCache = { at: Date.now(), row: s };
  return s;
}

// A customer's SLA policy and service level, read on every ticket it opens: cached like the settings.
const orgSettingsCache = new RefCache<{ slaPolicyId: string | null; serviceLevel: number } | null>();
export async function orgTicketSettings(db: DbOrTx, orgId: string) {
  const m = await orgSettingsCache.getMany([orgId], async ([id]) => {
    const [row] = await db.select({ slaPolicyId: ticketOrgSettings.slaPolicyId, serviceLevel: ticketOrgSettings.serviceLevel }).from(ticketOrgSettings).where(eq(ticketOrgSettings.orgId, id!));
    return new Map([[id!, row ?? null]]);
  });
  return m.get(orgId) ?? null;
}

/** A category by id (key, names, active), cached like the names; undefined when there is none. */
export async function categoryById(db: DbOrTx, id: string) {
  const m = await categoryCache.getMany([id], async (ids) => new Map((await db.select().from(ticketCategories).where(inArray(ticketCategories.id, ids))).map((c) => [c.id, { key: c.key, names: c.names, active: c.active }])));
  return m.get(id);
}

const pausesOf = (t: Pick<TicketRow, 'pauses'>) => t.pauses.map((p: SlaPause) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null }));

/** Both SLA targets of a ticket at `now`. */
export function slaOf(t: Pick<TicketRow, 'pauses' | 'createdAt' | 'firstResponseMinutes' | 'resolutionMinutes' | 'firstRespondedAt' | 'resolvedAt' | 'closedAt'>, calendar: BusinessCalendar, now = new Date()) {
  const pauses = pausesOf(t);
  const firstResponse = slaTarget({ calendar, startedAt: t.createdAt, targetMinutes: t.firstResponseMinutes, pauses, now, stoppedAt: t.firstRespondedAt ?? undefined });
  const resolution = slaTarget({ calendar, startedAt: t.createdAt, targetMinutes: t.resolutionMinutes, pauses, now, stoppedAt: t.resolvedAt ?? t.closedAt ?? undefined });
  return { firstResponse, resolution, paused: pauses.some((p) => p.to === null) };
}

/** The due times to store (null when met or paused), so the queues can sort and filter in SQL. */
export function dueTimes(t: TicketRow, calendar: BusinessCalendar, now = new Date()) {
  const s = slaOf(t, calendar, now);
  return {
    firstResponseDueAt: t.firstRespondedAt ? null : s.firstResponse.dueAt,
    resolutionDueAt: t.resolvedAt || t.closedAt ? null : s.resolution.dueAt,
  };
}

const target = (s: SlaTargetStatus, minutes: number, metAt: Date | null): SlaTargetDto => ({
  targetMinutes: minutes,
  dueAt: s.dueAt?.toISOString() ?? null,
  state: s.state,
  fraction: Math.round(s.fraction * 1000) / 1000,
  metAt: metAt?.toISOString() ?? null,
});

/** What the caller may do with a ticket (the web shows only these actions). */
export function abilitiesOf(ctx: AuthedCtx, t: TicketRow, reopenDays: number, now = new Date()): TicketDto['abilities'] {
  const status = t.status as TicketStatus;
  if (worksTickets(ctx)) {
    return { comment: status !== 'closed', internalNote: status !== 'closed', transitions: [...TRANSITIONS[status]], assign: status !== 'closed', edit: status !== 'closed' };
  }
  const transitions: TicketStatus[] = [];
  if (status === 'resolved') {
    if (withinReopenWindow(t, reopenDays, now)) transitions.push('in_progress');
    transitions.push('closed');
  }
  return { comment: status !== 'closed', internalNote: false, transitions, assign: false, edit: false };
}

export const reopenUntil = (t: TicketRow, reopenDays: number) => (t.status === 'resolved' && t.resolvedAt ? new Date(t.resolvedAt.getTime() + reopenDays * 86_400_000) : null);
export const withinReopenWindow = (t: TicketRow, reopenDays: number, now = new Date()) => {
  const until = reopenUntil(t, reopenDays);
  return !!until && now <= until;
};

/** Everything the presenters need besides the rows: names of people, organisations, groups, categories. */
export async function lookups(db: DbOrTx, rows: TicketRow[], extraUserIds: string[] = []) {
  const userIds = rows.flatMap((t) => [t.requesterId, t.assigneeId ?? '']).concat(extraUserIds);
  const orgIds = [...new Set(rows.map((t) => t.orgId))];
  const groupIds = [...new Set(rows.map((t) => t.groupId).filter((g): g is string => !!g))];
  const problemIds = [...new Set(rows.map((t) => t.problemId).filter((p): p is string => !!p))];
  const problemsQ = async () =>
    problemIds.length ? db.select({ id: tickets.id, ref: tickets.ref, title: tickets.title, workaround: tickets.workaround }).from(tickets).where(inArray(tickets.id, problemIds)) : [];
  const peopleQ = () => userRefs(db, userIds);
  const orgsQ = async () => (orgIds.length ? db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, orgIds)) : []);
  const groupsQ = async () => (groupIds.length ? db.select({ id: supportGroups.id, name: supportGroups.name }).from(supportGroups).where(inArray(supportGroups.id, groupIds)) : []);
  const categoriesQ = async () => db.select().from(ticketCategories);
  // Outside a transaction the lookups go out at once on the pool's connections (one round trip's wait
  // instead of five; PGlite queues them on its one connection, which is fine too). A transaction has
  // one connection that takes one query at a time, so there they go one after another. Categories are
  // read afresh (a handful of rows): caching them would show a renamed category's old name for a while.
  const [problemRows, people, orgs, groups, categories, pol] =
    db instanceof PgTransaction
      ? [await problemsQ(), await peopleQ(), await orgsQ(), await groupsQ(), await categoriesQ(), await policies(db)]
      : await Promise.all([problemsQ(), peopleQ(), orgsQ(), groupsQ(), categoriesQ(), policies(db)]);
  return {
    people,
    orgs: new Map(orgs.map((o) => [o.id, o.name])),
    groups: new Map(groups.map((g) => [g.id, g.name])),
    categories: new Map(categories.map((c) => [c.id, c])),
    policies: pol,
    problems: new Map(problemRows.map((p) => [p.id, p])),
  };
}
export type Lookups = Awaited<ReturnType<typeof lookups>>;
// Names a list shows, from short per-process caches (platform/ref-cache.ts): configure.ts forgets a
// category or group it changes; organisations are not renamed; users through identity's userNames.
const orgNameCache = new RefCache<string>();
const groupNameCache = new RefCache<string>();
const categoryCache = new RefCache<{ key: string; names: Record<string, string>; active: boolean }>();
/** Every configuration cache of this module; configure.ts calls it after each change it commits. */
export function forgetTicketRefs() {
  groupNameCache.forget();
  categoryCache.forget();
  orgSettingsCache.forget();
  settingsCache = null;
  policyCache = null;
}

/**
 * The names a page of list rows shows, without a round trip when the caches hold them (the usual
 * case): people, organisations, groups, categories and the SLA policies.
 */
export async function listLookups(db: DbOrTx, rows: ListRow[]): Promise<ListLookups> {
  const [people, orgs, groups, categories, pol] = await Promise.all([
    userNames(db, rows.flatMap((t) => (t.assigneeId ? [t.requesterId, t.assigneeId] : [t.requesterId]))),
    orgNameCache.getMany(
      rows.map((t) => t.orgId),
      async (ids) => new Map((await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, ids))).map((o) => [o.id, o.name])),
    ),
    groupNameCache.getMany(
      rows.flatMap((t) => (t.groupId ? [t.groupId] : [])),
      async (ids) => new Map((await db.select({ id: supportGroups.id, name: supportGroups.name }).from(supportGroups).where(inArray(supportGroups.id, ids))).map((g) => [g.id, g.name])),
    ),
    categoryCache.getMany(
      rows.map((t) => t.categoryId),
      async (ids) => new Map((await db.select().from(ticketCategories).where(inArray(ticketCategories.id, ids))).map((c) => [c.id, { key: c.key, names: c.names, active: c.active }])),
    ),
    policies(db),
  ]);
  return { people: new Map([...people].map(([id, name]) => [id, { name }])), orgs, groups, categories, policies: pol };
}

/**
 * Like `lookups` for the full DTO of freshly written rows (names from the caches, which is all a
 * DTO shows of people): the list's names plus the watchers' and linked problems.
 */
export async function ticketLookups(db: DbOrTx, rows: TicketRow[], extraUserIds: string[] = []): Promise<TicketLookups> {
  const l = await listLookups(db, rows);
  if (extraUserIds.length) for (const [id, name] of await userNames(db, extraUserIds)) l.people.set(id, { name });
  const problemIds = [...new Set(rows.map((t) => t.problemId).filter((p): p is string => !!p))];
  const problems = problemIds.length ? await db.select({ id: tickets.id, ref: tickets.ref, title: tickets.title, workaround: tickets.workaround }).from(tickets).where(inArray(tickets.id, problemIds)) : [];
  return { ...l, problems: new Map(problems.map((p) => [p.id, p])) };
}
export type TicketLookups = ListLookups & { problems: Lookups['problems'] };

/** What a list row needs besides the row: names (a full `Lookups` will do). */
export type ListLookups = {
  people: Map<string, Pick<UserRef, 'name'>>;
  orgs: Map<string, string>;
  groups: Map<string, string>;
  categories: Map<string, { key: string; names: Record<string, string> }>;
  policies: Lookups['policies'];
};

const ref = (people: Map<string, Pick<UserRef, 'name'>>, id: string | null) => (id ? { id, name: people.get(id)?.name ?? '—' } : null);

/** The fields of a list row: no Markdown rendering, no abilities (a list page must stay cheap). */
export function presentListItem(ctx: AuthedCtx, t: ListRow, l: ListLookups, queuePosition: number | null, now = new Date()): TicketListItemDto {
  const policy = t.slaPolicyId ? l.policies.get(t.slaPolicyId) : undefined;
  const sla = slaOf(t, policy?.calendar ?? TWENTY_FOUR_SEVEN, now);
  const cat = l.categories.get(t.categoryId);
  const lang = ctx.actor.locale;
  return {
    id: t.id,
    ref: t.ref,
    kind: t.kind as TicketDto['kind'],
    title: t.title,
    category: { id: t.categoryId, key: cat?.key ?? 'other', name: cat?.names[lang] ?? cat?.names.en ?? cat?.key ?? '' },
    urgency: t.urgency,
    priority: t.priority,
    status: t.status as TicketStatus,
    org: { id: t.orgId, name: l.orgs.get(t.orgId) ?? '' },
    requester: ref(l.people, t.requesterId)!,
    assignee: ref(l.people, t.assigneeId),
    group: t.groupId ? { id: t.groupId, name: l.groups.get(t.groupId) ?? '' } : null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    sla: {
      policy: policy?.name ?? '24/7',
      firstResponse: target(sla.firstResponse, t.firstResponseMinutes, t.firstRespondedAt),
      resolution: target(sla.resolution, t.resolutionMinutes, t.resolvedAt),
      paused: sla.paused,
    },
    queuePosition,
  };
}

/** A row to the full DTO of one ticket: the list fields plus description, people, links and abilities. */
export function presentTicket(
  ctx: AuthedCtx,
  t: TicketRow,
  l: TicketLookups,
  extra: { watchers: string[]; queuePosition: number | null; reopenDays: number },
  now = new Date(),
): TicketDto {
  const until = reopenUntil(t, extra.reopenDays);
  return {
    ...presentListItem(ctx, t, l, extra.queuePosition, now),
    description: t.description,
    descriptionHtml: renderMarkdown(t.description),
    impact: t.impact,
    resolutionCode: (t.resolutionCode as TicketDto['resolutionCode']) ?? null,
    watchers: extra.watchers.map((id) => ref(l.people, id)!),
    site: t.site,
    service: t.service,
    source: (t.source as TicketDto['source']) ?? 'portal',
    alert: t.alertFingerprint ? { count: t.alertCount, lastAt: t.alertLastAt?.toISOString() ?? null } : null,
    problem: t.problemId && l.problems.get(t.problemId) ? l.problems.get(t.problemId)! : null,
    workaround: t.kind === 'problem' ? t.workaround : null,
    resolvedAt: t.resolvedAt?.toISOString() ?? null,
    closedAt: t.closedAt?.toISOString() ?? null,
    reopenUntil: until?.toISOString() ?? null,
    abilities: abilitiesOf(ctx, t, extra.reopenDays, now),
  };
}

/** An event to its DTO; internal ones must already be filtered out for customers. */
export function presentEvent(e: EventRow, people: Map<string, UserRef>): TicketEventDto {
  return {
    id: e.id,
    type: e.type as TicketEventDto['type'],
    visibility: e.visibility as TicketEventDto['visibility'],
    actor: e.actorId ? { id: e.actorId, name: people.get(e.actorId)?.name ?? '—' } : null,
    body: e.body,
    bodyHtml: e.body ? renderMarkdown(e.body) : null,
    data: e.data,
    createdAt: e.createdAt.toISOString(),
  };
}

/**
 * The queue position of the row in `t` (the tickets table, possibly aliased) as a SELECT expression:
 * one plus the unassigned open tickets before it (higher priority first, then older first) while it
 * waits unassigned, else null. A count over the range of tickets_unassigned_queue_idx before the row
 * (an index-only scan), evaluated only for the rows a page returns.
 */
export function queuePositionSql() {
  return sql<number | null>`CASE WHEN ${tickets.assigneeId} IS NULL AND ${tickets.status} IN ('new', 'in_progress', 'waiting_for_customer') THEN 1 + (
    SELECT count(*) FROM ${tickets} u
    WHERE u.assignee_id IS NULL AND u.status IN ('new', 'in_progress', 'waiting_for_customer')
      AND (u.priority, u.created_at, u.id) < (${tickets.priority}, ${tickets.createdAt}, ${tickets.id})
  ) END`;
}

/**
 * Queue positions of unassigned open tickets: how many unassigned open tickets come before each one
 * (higher priority first, then older first), plus one. Other tickets get null.
 */
export async function queuePositions(db: DbOrTx, rows: Pick<TicketRow, 'id' | 'assigneeId' | 'status'>[]): Promise<Map<string, number>> {
  const waiting = rows.filter((t) => !t.assigneeId && (OPEN_STATUSES as readonly string[]).includes(t.status));
  if (waiting.length === 0) return new Map();
  // One pass instead of a count per row: the unassigned open tickets (an index-only scan of the partial
  // index tickets_unassigned_queue_idx) and the requested rows, in queue order; each requested row's
  // position is one plus the unassigned open tickets before it, exactly as "count those that come
  // first" would say, also for a row that is no longer waiting by now.
  const result = await db.execute(sql`
    SELECT id, 1 + before AS pos FROM (
      SELECT id, requested,
        count(*) FILTER (WHERE waiting) OVER (ORDER BY priority, created_at, id ROWS UNBOUNDED PRECEDING) - (CASE WHEN waiting THEN 1 ELSE 0 END) AS before
      FROM (
        SELECT id, priority, created_at, bool_or(waiting) AS waiting, bool_or(requested) AS requested FROM (
          SELECT u.id, u.priority, u.created_at, true AS waiting, false AS requested FROM ${tickets} u
          WHERE u.assignee_id IS NULL AND u.status IN ('new', 'in_progress', 'waiting_for_customer')
          UNION ALL
          SELECT t.id, t.priority, t.created_at, false, true FROM ${tickets} t WHERE t.id IN (${sql.join(
            waiting.map((w) => sql`${w.id}::uuid`),
            sql`, `,
          )})
        ) candidates GROUP BY id, priority, created_at
      ) queue
    ) ranked WHERE requested`);
  const list = rowsOf<{ id: string; pos: string | number }>(result);
  return new Map(list.map((r) => [r.id, Number(r.pos)]));
}
