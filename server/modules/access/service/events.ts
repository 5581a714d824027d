import { and, desc, eq, inArray, isNotNull, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { AccessEventInput, type AccessEventDto, type EventFlag, type FlaggedQuery, type HandleFlags, type IngestResult } from '../../../../contracts/access.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requirePermission, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { ForbiddenError, NotFoundError } from '../../../platform/errors.js';
import { cursorTime, decodeCursor, encodeCursor, page } from '../../../platform/http/pagination.js';
import { outbox } from '../../../platform/outbox.js';
import { userRefs } from '../../identity/index.js';
import { accessEvents, accessGrants } from '../access.tables.js';
import { coversLocation, isoOrNull, managesAccess, orgNames, personKeyOf, scopeOrg, withAncestors, type GrantRow } from '../internal.js';

type EventRow = typeof accessEvents.$inferInsert;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How an event names its person: a user id, an e-mail address, or neither (badge only). */
function personOf(e: AccessEventInput): { userId: string | null; email: string | null } {
  const p = e.person?.trim();
  if (!p) return { userId: null, email: null };
  if (UUID.test(p)) return { userId: p.toLowerCase(), email: null };
  return { userId: null, email: p.toLowerCase() };
}

/** Whether the grant let this person in at that time (its status at the time, not now). */
function validAt(g: GrantRow, at: Date): boolean {
  if (at < g.validFrom || at >= g.validUntil) return false;
  if (g.status === 'active' || g.status === 'expired') return true;
  if (g.status === 'revoked') return !!g.revokedAt && at < g.revokedAt;
  return false; // lapsed
}

/**
 * Whose event it is when no grant was valid: the organisation of a grant of the person that covers the
 * place, else the one organisation that knows the person. A person known to several organisations, none
 * covering the place, stays nobody's, so one customer never sees another's event.
 */
function ownerOf(mine: GrantRow[], loc: string, chains: Map<string, Set<string>>): GrantRow | undefined {
  const covering = mine.find((g) => coversLocation(g.locationIds, loc, chains));
  if (covering) return covering;
  return new Set(mine.map((g) => g.orgId)).size === 1 ? mine[0] : undefined;
}

const knows = (g: GrantRow, e: AccessEventInput, p: { userId: string | null; email: string | null }) =>
  (!!e.badgeId && g.badgeId === e.badgeId) || (!!p.userId && g.userId === p.userId) || (!!p.email && g.personEmail === p.email);

/**
 * Stores a batch of access events (API or CSV import) set-based: one query for the candidate grants,
 * one for the locations, one multi-row insert (the same source event id again is skipped), one update
 * of the grants' last use, one outbox event for what was flagged. Each event is matched to a grant
 * valid at its time for its person or badge and a location it covers (org_id from the grant).
 * Flags: a denied attempt → `denied`; an entry without a valid grant → `no_grant` (org of the person's
 * latest grant); a badge or person no grant knows → `unknown_badge`, org_id null.
 */
export async function ingestEvents(db: DbOrTx, events: readonly AccessEventInput[], source: 'api' | 'csv'): Promise<IngestResult & { inserted: EventRow[] }> {
  const seen = new Set<string>();
  const batch = events.filter((e) => (seen.has(e.eventId) ? false : (seen.add(e.eventId), true)));
  const withinBatchDuplicates = events.length - batch.length;
  if (!batch.length) return { received: events.length, stored: 0, duplicates: withinBatchDuplicates, matched: 0, flagged: 0, inserted: [] };
  const persons = batch.map(personOf);
  const badges = [...new Set(batch.map((e) => e.badgeId).filter((b): b is string => !!b))];
  const userIds = [...new Set(persons.map((p) => p.userId).filter((x): x is string => !!x))];
  const emails = [...new Set(persons.map((p) => p.email).filter((x): x is string => !!x))];
  const times = batch.map((e) => new Date(e.occurredAt).getTime());
  const minT = new Date(Math.min(...times));
  const maxT = new Date(Math.max(...times));
  const who: SQL[] = [];
  if (badges.length) who.push(inArray(accessGrants.badgeId, badges));
  if (userIds.length) who.push(inArray(accessGrants.userId, userIds));
  if (emails.length) who.push(inArray(accessGrants.personEmail, emails));
  const candidates = who.length
    ? await db
        .select()
        .from(accessGrants)
        .where(and(or(...who), lt(accessGrants.validFrom, new Date(maxT.getTime() + 1)), sql`${accessGrants.validUntil} > ${minT}`))
    : [];
  const { chains } = await withAncestors(db, [...new Set([...batch.map((e) => e.locationId.toLowerCase()), ...candidates.flatMap((g) => g.locationIds)])]);

  const rows: EventRow[] = [];
  const unmatched: number[] = [];
  batch.forEach((e, i) => {
    const p = persons[i]!;
    const at = new Date(e.occurredAt);
    const loc = e.locationId.toLowerCase();
    const mine = candidates.filter((g) => knows(g, e, p));
    const grant = mine.filter((g) => validAt(g, at) && coversLocation(g.locationIds, loc, chains)).sort((a, b) => b.validFrom.getTime() - a.validFrom.getTime())[0];
    let flag: EventFlag = 'none';
    if (e.result === 'denied') flag = 'denied';
    else if (!grant && e.direction === 'in') flag = 'no_grant';
    const fallbackKey = e.badgeId ? `b:${e.badgeId}` : p.userId ? `u:${p.userId}` : `e:${p.email}`;
    const owner = grant ?? ownerOf(mine, loc, chains);
    rows.push({
      id: uuidv7(),
      orgId: owner?.orgId ?? null,
      eventId: e.eventId,
      personRef: e.person ?? null,
      badgeId: e.badgeId ?? null,
      personKey: owner ? personKeyOf(owner) : fallbackKey,
      locationId: loc,
      reader: e.reader || null,
      direction: e.direction,
      occurredAt: at,
      result: e.result,
      grantId: grant?.id ?? null,
      flag,
      source,
    });
    if (!owner) unmatched.push(i);
  });

  // Persons or badges with no grant in the batch's time span: the organisation of their latest grant, else nobody's.
  if (unmatched.length) {
    const ub = [...new Set(unmatched.map((i) => batch[i]!.badgeId).filter((b): b is string => !!b))];
    const uu = [...new Set(unmatched.map((i) => persons[i]!.userId).filter((x): x is string => !!x))];
    const ue = [...new Set(unmatched.map((i) => persons[i]!.email).filter((x): x is string => !!x))];
    const conds: SQL[] = [];
    if (ub.length) conds.push(inArray(accessGrants.badgeId, ub));
    if (uu.length) conds.push(inArray(accessGrants.userId, uu));
    if (ue.length) conds.push(inArray(accessGrants.personEmail, ue));
    const known = conds.length ? await db.select().from(accessGrants).where(or(...conds)).orderBy(desc(accessGrants.validUntil)).limit(5000) : [];
    const more = await withAncestors(db, [...new Set([...unmatched.map((i) => batch[i]!.locationId.toLowerCase()), ...known.flatMap((g) => g.locationIds)])]);
    for (const i of unmatched) {
      const e = batch[i]!;
      const mineKnown = known.filter((k) => knows(k, e, persons[i]!));
      const g = ownerOf(mineKnown, e.locationId.toLowerCase(), more.chains);
      const row = rows[i]!;
      if (g) {
        row.orgId = g.orgId;
        row.personKey = personKeyOf(g);
      } else {
        // Nobody's (yet): a badge no grant knows, or a person known to several organisations none of
        // whose grants covers this place. Only the provider sees it.
        row.orgId = null;
        if (!mineKnown.length) row.flag = 'unknown_badge';
        else if (row.flag === 'none' && e.direction === 'in') row.flag = 'no_grant';
      }
    }
  }

  const inserted: EventRow[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const ids = await db.insert(accessEvents).values(chunk).onConflictDoNothing({ target: accessEvents.eventId }).returning({ id: accessEvents.id });
    const kept = new Set(ids.map((r) => r.id));
    inserted.push(...chunk.filter((r) => kept.has(r.id!)));
  }

  // The grants' last use: the latest granted event of each.
  const lastUse = new Map<string, Date>();
  for (const r of inserted) {
    if (!r.grantId || r.result !== 'granted') continue;
    const prev = lastUse.get(r.grantId);
    if (!prev || prev < r.occurredAt) lastUse.set(r.grantId, r.occurredAt);
  }
  if (lastUse.size) {
    const values = sql.join(
      [...lastUse].map(([id, at]) => sql`(${id}::uuid, ${at.toISOString()}::timestamptz)`),
      sql`, `,
    );
    await db.execute(
      sql`UPDATE access_grants g SET last_used_at = GREATEST(COALESCE(g.last_used_at, v.at), v.at) FROM (VALUES ${values}) AS v(id, at) WHERE g.id = v.id`,
    );
  }

  const flagged = inserted.filter((r) => r.flag !== 'none');
  if (flagged.length) {
    const counts: Record<string, number> = {};
    for (const r of flagged) counts[r.flag!] = (counts[r.flag!] ?? 0) + 1;
    await outbox(db, 'access.events_flagged', null, { count: flagged.length, counts, first: flagged[0]!.id, orgIds: [...new Set(flagged.map((r) => r.orgId).filter(Boolean))].slice(0, 50) });
  }
  return {
    received: events.length,
    stored: inserted.length,
    duplicates: withinBatchDuplicates + (rows.length - inserted.length),
    matched: inserted.filter((r) => r.grantId).length,
    flagged: flagged.length,
    inserted,
  };
}

/** Presents events with names: the grant's person and company, else what the system sent. */
export async function presentEvents(db: DbOrTx, rows: (typeof accessEvents.$inferSelect)[]): Promise<AccessEventDto[]> {
  const grantIds = [...new Set(rows.map((r) => r.grantId).filter((x): x is string => !!x))];
  const grants = grantIds.length
    ? new Map((await db.select({ id: accessGrants.id, name: accessGrants.personName, company: accessGrants.visitorCompany }).from(accessGrants).where(inArray(accessGrants.id, grantIds))).map((g) => [g.id, g]))
    : new Map<string, { id: string; name: string; company: string | null }>();
  const { refs } = await withAncestors(db, [...new Set(rows.map((r) => r.locationId).filter((x): x is string => !!x))]);
  const orgs = await orgNames(db, rows.map((r) => r.orgId));
  const people = await userRefs(db, rows.map((r) => r.flagHandledBy ?? ''));
  return rows.map((r) => {
    const g = r.grantId ? grants.get(r.grantId) : undefined;
    return {
      id: r.id,
      org: r.orgId ? { id: r.orgId, name: orgs.get(r.orgId) ?? '—' } : null,
      eventId: r.eventId,
      occurredAt: r.occurredAt.toISOString(),
      person: g?.name ?? r.personRef ?? (r.badgeId ? `#${r.badgeId}` : '—'),
      company: g?.company ?? null,
      badgeId: r.badgeId,
      location: r.locationId ? { id: r.locationId, path: refs.get(r.locationId)?.path ?? '—' } : null,
      reader: r.reader,
      direction: r.direction as 'in' | 'out',
      result: r.result as 'granted' | 'denied',
      grantId: r.grantId,
      flag: r.flag as EventFlag,
      flagHandledAt: isoOrNull(r.flagHandledAt),
      flagHandledBy: r.flagHandledBy ? { id: r.flagHandledBy, name: people.get(r.flagHandledBy)?.name ?? '—' } : null,
    };
  });
}

/** `access.manage`: flagged events of every organisation (and those of nobody), newest first. */
export async function listFlagged(ctx: Ctx, query: z.output<typeof FlaggedQuery>) {
  requirePermission(ctx, 'access.manage');
  if (!managesAccess(ctx)) throw new ForbiddenError();
  const orgId = await scopeOrg(ctx, query.orgId, { required: false });
  const where: (SQL | undefined)[] = [ne(accessEvents.flag, 'none')];
  if (orgId) where.push(eq(accessEvents.orgId, orgId));
  if (query.flag) where.push(eq(accessEvents.flag, query.flag));
  if (query.handled === 'true') where.push(isNotNull(accessEvents.flagHandledAt));
  if (query.handled === 'false') where.push(isNull(accessEvents.flagHandledAt));
  const after = decodeCursor(query.cursor);
  if (after) {
    const at = cursorTime(after);
    where.push(or(lt(accessEvents.occurredAt, at), and(eq(accessEvents.occurredAt, at), lt(accessEvents.id, after.id))));
  }
  const rows = await ctx.db
    .select()
    .from(accessEvents)
    .where(and(...where))
    .orderBy(desc(accessEvents.occurredAt), desc(accessEvents.id))
    .limit(query.limit + 1);
  const p = page(rows, query.limit, (r) => encodeCursor(r.occurredAt.toISOString(), r.id));
  return { items: await presentEvents(ctx.db, p.items), nextCursor: p.nextCursor };
}

/** `access.manage`: marks flagged events handled (unknown ids 404, nothing changed). */
export async function handleFlags(ctx: Ctx, input: z.output<typeof HandleFlags>) {
  requirePermission(ctx, 'access.manage');
  if (!managesAccess(ctx)) throw new ForbiddenError();
  const actor = (ctx as AuthedCtx).actor;
  return withTx(ctx, async (tx) => {
    const ids = [...new Set(input.ids)];
    const rows = await tx.select({ id: accessEvents.id, orgId: accessEvents.orgId }).from(accessEvents).where(and(inArray(accessEvents.id, ids), ne(accessEvents.flag, 'none'))).for('update');
    if (rows.length !== ids.length) throw new NotFoundError('flagged access event');
    const now = new Date();
    await tx.update(accessEvents).set({ flagHandledAt: now, flagHandledBy: actor.userId }).where(and(inArray(accessEvents.id, ids), isNull(accessEvents.flagHandledAt)));
    await audit(tx, auditSource(ctx), { orgId: null, action: 'access.flags_handled', targetType: 'access_event', after: { ids } });
    return { handled: ids.length };
  });
}
