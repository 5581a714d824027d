import { randomInt } from 'node:crypto';
import { and, desc, eq, gt, ilike, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { GrantDto, GrantQuery, RevokeGrant } from '../../../../contracts/access.js';
import { audit, type AuditSource } from '../../../platform/audit.js';
import { auditSource, requireActor, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import type { DbOrTx, Tx } from '../../../platform/db/client.js';
import { ConflictError, ForbiddenError } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor, cursorTime, page } from '../../../platform/http/pagination.js';
import { outbox } from '../../../platform/outbox.js';
import { userRefs } from '../../identity/index.js';
import { locationRefs } from '../../sites/index.js';
import { accessGrants } from '../access.tables.js';
import { accessRules, DAY_MS, getGrantInOrg, grantStatus, isoOrNull, managesAccess, orgNames, scopeOrg, type GrantRow } from '../internal.js';
import type { AccessRequest } from './requests.js';

/** A badge number for a permanent badge: ten digits, unique among active badges (index). */
const newBadgeId = () => String(randomInt(1_000_000_000, 9_999_999_999));

export type GrantSource = { orgId: string; orderId: string | null; orderRef: string | null; kind: 'visit' | 'permanent'; createdBy: string | null };

/**
 * Turns an approved request into grants: one per person (member or visitor) for the request's
 * locations and validity. A permanent badge runs from the requested start (else now) for at most the
 * configured badge validity; each badge gets a badge id. Writes audit and an outbox event in `tx`.
 */
export async function createGrantsFromRequest(tx: Tx, source: GrantSource, req: AccessRequest, who: AuditSource | null = null): Promise<GrantRow[]> {
  const rules = await accessRules(tx);
  const now = new Date();
  let from: Date;
  let until: Date;
  if (source.kind === 'visit') {
    if (!req.window) throw new Error('a visit needs a window');
    from = req.window.start;
    until = req.window.end;
  } else {
    from = req.window && req.window.start > now ? req.window.start : now;
    const cap = new Date(from.getTime() + rules.badgeValidityDays * DAY_MS);
    until = req.window && req.window.end < cap ? req.window.end : cap;
  }
  const refs = await locationRefs(tx, req.locationIds);
  const siteId = refs.get(req.locationIds[0] ?? '')?.siteId ?? null;
  const members = await userRefs(tx, req.personIds);
  const rows: (typeof accessGrants.$inferInsert)[] = [];
  const base = {
    orgId: source.orgId,
    siteId,
    locationIds: req.locationIds,
    validFrom: from,
    validUntil: until,
    kind: source.kind,
    sourceOrderId: source.orderId,
    sourceOrderRef: source.orderRef,
    status: 'active',
    createdBy: source.createdBy,
  };
  for (const id of req.personIds) {
    const u = members.get(id);
    if (!u || u.orgId !== source.orgId) continue; // members were checked when the order was submitted
    rows.push({ ...base, id: uuidv7(), userId: u.id, personName: u.name, personEmail: u.email.toLowerCase(), badgeId: source.kind === 'permanent' ? newBadgeId() : null });
  }
  for (const v of req.visitors) {
    rows.push({
      ...base,
      id: uuidv7(),
      userId: null,
      personName: v.name,
      visitorCompany: v.company || null,
      personEmail: v.email ? v.email.toLowerCase() : null,
      visitorPhone: v.phone || null,
      badgeId: source.kind === 'permanent' ? newBadgeId() : null,
    });
  }
  if (!rows.length) return [];
  const created = await tx.insert(accessGrants).values(rows).returning();
  const src: AuditSource = who ?? { actorId: source.createdBy, actorEmail: null, ip: null, userAgent: null, requestId: null };
  await audit(tx, src, {
    orgId: source.orgId,
    action: 'access.grants_created',
    targetType: 'order',
    targetId: source.orderId,
    after: { grants: created.map((g) => ({ id: g.id, person: g.personName, badgeId: g.badgeId, validFrom: g.validFrom, validUntil: g.validUntil, locationIds: g.locationIds })) },
  });
  await outbox(tx, 'access.grants_created', source.orgId, { orderId: source.orderId, grantIds: created.map((g) => g.id) });
  return created;
}

/** Revokes the active grants an order created (the order was cancelled after approval). */
export async function revokeGrantsOfOrder(tx: Tx, orgId: string, orderId: string, reason: string): Promise<number> {
  const rows = await tx
    .update(accessGrants)
    .set({ status: 'revoked', revokedAt: new Date(), revokeReason: reason })
    .where(and(eq(accessGrants.orgId, orgId), eq(accessGrants.sourceOrderId, orderId), eq(accessGrants.status, 'active')))
    .returning({ id: accessGrants.id });
  if (rows.length) {
    await audit(tx, { actorId: null, actorEmail: null, ip: null, userAgent: null, requestId: null }, { orgId, action: 'access.grants_revoked', targetType: 'order', targetId: orderId, after: { grantIds: rows.map((r) => r.id), reason } });
    await outbox(tx, 'access.grants_revoked', orgId, { orderId, grantIds: rows.map((r) => r.id) });
  }
  return rows.length;
}

const mayRevoke = (ctx: AuthedCtx, g: GrantRow, now: Date) => {
  const s = grantStatus(g, now);
  if (s !== 'active' && s !== 'upcoming') return false;
  return managesAccess(ctx) || (ctx.actor.orgId === g.orgId && ctx.actor.permissions.has('access.request'));
};

/** Grants as the caller sees them, with location paths, organisation and revoker names. */
export async function presentGrants(db: DbOrTx, ctx: AuthedCtx, rows: GrantRow[]): Promise<GrantDto[]> {
  const now = new Date();
  const refs = await locationRefs(db, [...new Set(rows.flatMap((r) => r.locationIds))]);
  const orgs = await orgNames(db, rows.map((r) => r.orgId));
  const people = await userRefs(db, rows.map((r) => r.revokedBy ?? ''));
  return rows.map((g) => ({
    id: g.id,
    org: { id: g.orgId, name: orgs.get(g.orgId) ?? '—' },
    person: { userId: g.userId, name: g.personName, company: g.visitorCompany, email: g.personEmail, phone: g.visitorPhone },
    badgeId: g.badgeId,
    locations: g.locationIds.map((id) => ({ id, path: refs.get(id)?.path ?? '—' })),
    validFrom: g.validFrom.toISOString(),
    validUntil: g.validUntil.toISOString(),
    kind: g.kind as GrantDto['kind'],
    status: grantStatus(g, now),
    order: g.sourceOrderId ? { id: g.sourceOrderId, ref: g.sourceOrderRef } : null,
    revokedAt: isoOrNull(g.revokedAt),
    revokedBy: g.revokedBy ? { id: g.revokedBy, name: people.get(g.revokedBy)?.name ?? '—' } : null,
    revokeReason: g.revokeReason,
    lastUsedAt: isoOrNull(g.lastUsedAt),
    createdAt: g.createdAt.toISOString(),
    abilities: { revoke: mayRevoke(ctx, g, now) },
  }));
}

/** `access.read` (own organisation) or `access.manage` (all, or one with orgId): grants by status, newest end first. */
export async function listGrants(ctx: Ctx, query: z.output<typeof GrantQuery>) {
  const orgId = await scopeOrg(ctx, query.orgId, { required: false });
  requireActor(ctx);
  const now = new Date();
  const where: (SQL | undefined)[] = [orgId ? eq(accessGrants.orgId, orgId) : undefined];
  const active = eq(accessGrants.status, 'active');
  switch (query.status) {
    case 'current':
      where.push(active, gt(accessGrants.validUntil, now));
      break;
    case 'active':
      where.push(active, gt(accessGrants.validUntil, now), lte(accessGrants.validFrom, now));
      break;
    case 'upcoming':
      where.push(active, gt(accessGrants.validFrom, now));
      break;
    case 'expired':
      where.push(or(eq(accessGrants.status, 'expired'), and(active, lte(accessGrants.validUntil, now))));
      break;
    case 'revoked':
    case 'lapsed':
      where.push(eq(accessGrants.status, query.status));
      break;
    case 'all':
      break;
  }
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(accessGrants.personName, like), ilike(accessGrants.visitorCompany, like), ilike(accessGrants.personEmail, like), eq(accessGrants.badgeId, query.q), ilike(accessGrants.sourceOrderRef, like)));
  }
  const after = decodeCursor(query.cursor);
  if (after) {
    const at = cursorTime(after);
    where.push(or(lt(accessGrants.validUntil, at), and(eq(accessGrants.validUntil, at), lt(accessGrants.id, after.id))));
  }
  const rows = await ctx.db
    .select()
    .from(accessGrants)
    .where(and(...where))
    .orderBy(desc(accessGrants.validUntil), desc(accessGrants.id))
    .limit(query.limit + 1);
  const p = page(rows, query.limit, (r) => encodeCursor(r.validUntil.toISOString(), r.id));
  return { items: await presentGrants(ctx.db, ctx, p.items), nextCursor: p.nextCursor };
}

/**
 * Revokes a grant at once, with a reason: a customer's authorised requesters and admins
 * (`access.request`) their organisation's, provider staff (`access.manage`) any. Another
 * organisation's grant answers 404; a grant that is no longer active 409.
 */
export async function revokeGrant(ctx: Ctx, id: string, input: z.input<typeof RevokeGrant>): Promise<GrantDto> {
  requireActor(ctx);
  const staff = managesAccess(ctx);
  if (!staff && !(ctx.actor.orgKind === 'customer' && ctx.actor.permissions.has('access.request'))) {
    // Do not reveal whether the id exists in another organisation: a stranger's id is 404 first.
    await getGrantInOrg(ctx.db, ctx.actor.orgId, id);
    throw new ForbiddenError();
  }
  return withTx(ctx, async (tx) => {
    const g = await getGrantInOrg(tx, staff ? null : ctx.actor.orgId, id, true);
    const s = grantStatus(g);
    if (s !== 'active' && s !== 'upcoming') throw new ConflictError('CONFLICT', `This grant is ${s} and cannot be revoked.`);
    const [row] = await tx
      .update(accessGrants)
      .set({ status: 'revoked', revokedAt: new Date(), revokedBy: ctx.actor.userId, revokeReason: input.reason })
      .where(and(eq(accessGrants.orgId, g.orgId), eq(accessGrants.id, g.id)))
      .returning();
    await audit(tx, auditSource(ctx), { orgId: g.orgId, action: 'access.grant_revoked', targetType: 'access_grant', targetId: g.id, before: { status: s }, after: { status: 'revoked', reason: input.reason } });
    await outbox(tx, 'access.grant_revoked', g.orgId, { grantId: g.id, by: ctx.actor.userId });
    return (await presentGrants(tx, ctx, [row!]))[0]!;
  });
}

/** Job: marks active grants past their end as expired. Returns how many. */
export async function expireGrants(db: DbOrTx, now = new Date()): Promise<number> {
  const rows = await db
    .update(accessGrants)
    .set({ status: 'expired' })
    .where(and(eq(accessGrants.status, 'active'), lte(accessGrants.validUntil, now)))
    .returning({ id: accessGrants.id });
  return rows.length;
}

/**
 * Job: grants not used for the configured number of days lapse (Equinix: 365): active, begun at least
 * that long ago, and no access event since (last_used_at older, or never used).
 */
export async function lapseGrants(db: DbOrTx, now = new Date()): Promise<number> {
  const rules = await accessRules(db);
  const cutoff = new Date(now.getTime() - rules.lapseAfterUnusedDays * DAY_MS);
  const rows = await db
    .update(accessGrants)
    .set({ status: 'lapsed' })
    .where(
      and(
        eq(accessGrants.status, 'active'),
        gt(accessGrants.validUntil, now),
        lte(accessGrants.validFrom, cutoff),
        or(sql`${accessGrants.lastUsedAt} IS NULL`, lte(accessGrants.lastUsedAt, cutoff)),
      ),
    )
    .returning({ id: accessGrants.id, orgId: accessGrants.orgId });
  const byOrg = new Map<string, string[]>();
  for (const r of rows) byOrg.set(r.orgId, [...(byOrg.get(r.orgId) ?? []), r.id]);
  for (const [orgId, ids] of byOrg) {
    await audit(db, { actorId: null, actorEmail: 'system', ip: null, userAgent: null, requestId: null }, { orgId, action: 'access.grants_lapsed', targetType: 'access_grant', after: { grantIds: ids, unusedDays: rules.lapseAfterUnusedDays } });
  }
  return rows.length;
}

/** Grants that depend on locations (decommission orders list them before submission). */
export async function grantsAtLocations(db: DbOrTx, orgId: string, target: { locationIds: string[] }) {
  const locationIds = target.locationIds;
  if (!locationIds.length) return [];
  const now = new Date();
  const rows = await db
    .select()
    .from(accessGrants)
    .where(and(eq(accessGrants.orgId, orgId), eq(accessGrants.status, 'active'), gt(accessGrants.validUntil, now), sql`${accessGrants.locationIds} && ARRAY[${sql.join(locationIds.map((id) => sql`${id}`), sql`, `)}]::uuid[]`))
    .limit(200);
  return rows.map((g) => ({ kind: 'access_grant', ref: g.badgeId ?? g.sourceOrderRef ?? g.id.slice(0, 8), label: `${g.personName} (${g.kind === 'permanent' ? 'badge' : 'visit'} until ${g.validUntil.toISOString().slice(0, 10)})`, link: '/access' }));
}
