import { and, eq, inArray } from 'drizzle-orm';
import type { GrantStatus } from '../../../contracts/access.js';
import type { LocationRef } from '../../../contracts/sites.js';
import type { AuthedCtx, Ctx } from '../../platform/context.js';
import { requireActor } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { organizations } from '../../platform/tenancy.js';
import { locationRefs } from '../sites/index.js';
import { accessGrants, accessSettings } from './access.tables.js';

export type GrantRow = typeof accessGrants.$inferSelect;
export type Settings = { maxVisitDays: number; badgeValidityDays: number; lapseAfterUnusedDays: number };
export const DEFAULT_SETTINGS: Settings = { maxVisitDays: 14, badgeValidityDays: 365, lapseAfterUnusedDays: 365 };
export const DAY_MS = 86_400_000;

/** The provider's access rules (the defaults until a provider admin saves them). */
export async function accessRules(db: DbOrTx): Promise<Settings> {
  const [row] = await db.select().from(accessSettings).where(eq(accessSettings.id, 1));
  return row ? { maxVisitDays: row.maxVisitDays, badgeValidityDays: row.badgeValidityDays, lapseAfterUnusedDays: row.lapseAfterUnusedDays } : DEFAULT_SETTINGS;
}

/** Provider staff who manage access (every organisation's grants and events). */
export const managesAccess = (ctx: AuthedCtx) => ctx.actor.orgKind === 'provider' && ctx.actor.permissions.has('access.manage');

/**
 * The organisation whose access data the caller reads: customers their own (with `access.read`; another
 * organisation's id answers 404), provider staff with `access.manage` the one they name (`required`) or
 * all (null).
 */
export async function scopeOrg(ctx: Ctx, orgId: string | undefined, opts: { required: boolean }): Promise<string | null> {
  requireActor(ctx);
  if (managesAccess(ctx)) {
    if (!orgId) {
      if (opts.required) throw new ValidationError([{ path: 'query.orgId', message: 'name the organisation' }]);
      return null;
    }
    const [org] = await ctx.db.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.id, orgId), eq(organizations.kind, 'customer')));
    if (!org) throw new NotFoundError('organisation');
    return org.id;
  }
  if (ctx.actor.orgKind !== 'customer' || !ctx.actor.permissions.has('access.read')) throw new ForbiddenError();
  if (orgId && orgId !== ctx.actor.orgId) throw new NotFoundError('organisation');
  return ctx.actor.orgId;
}

/** A grant of the organisation (null: any, for provider staff), or 404. */
export async function getGrantInOrg(tx: DbOrTx, orgId: string | null, id: string, lock = false): Promise<GrantRow> {
  const q = tx
    .select()
    .from(accessGrants)
    .where(orgId ? and(eq(accessGrants.orgId, orgId), eq(accessGrants.id, id)) : eq(accessGrants.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('access grant');
  return row;
}

/** The status as people read it: an active grant past its end is expired, one not yet begun upcoming. */
export function grantStatus(g: Pick<GrantRow, 'status' | 'validFrom' | 'validUntil'>, now = new Date()): GrantStatus {
  if (g.status !== 'active') return g.status as GrantStatus;
  if (g.validUntil.getTime() <= now.getTime()) return 'expired';
  if (g.validFrom.getTime() > now.getTime()) return 'upcoming';
  return 'active';
}

export async function orgNames(db: DbOrTx, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Each location id with itself and all its ancestors (site-relative), following parent ids through
 * the sites module. Racks count as children of their location.
 */
export async function withAncestors(db: DbOrTx, ids: readonly string[]): Promise<{ chains: Map<string, Set<string>>; refs: Map<string, LocationRef> }> {
  const refs = new Map<string, LocationRef>();
  let todo = [...new Set(ids)];
  for (let depth = 0; todo.length && depth < 12; depth++) {
    const found = await locationRefs(db, todo);
    for (const [id, r] of found) refs.set(id, r);
    todo = [...new Set([...found.values()].map((r) => r.parentId).filter((p): p is string => !!p && !refs.has(p)))];
  }
  const chains = new Map<string, Set<string>>();
  for (const id of ids) {
    const chain = new Set<string>([id]);
    let cur = refs.get(id);
    while (cur?.parentId && !chain.has(cur.parentId)) {
      chain.add(cur.parentId);
      cur = refs.get(cur.parentId);
    }
    chains.set(id, chain);
  }
  return { chains, refs };
}

/**
 * Whether an event at `loc` is covered by a grant to `granted`: the granted location itself, anything
 * inside it (a rack in the cage), or a location on the way to it (the building's entrance, the hall).
 */
export function coversLocation(granted: readonly string[], loc: string, chains: Map<string, Set<string>>): boolean {
  const up = chains.get(loc);
  for (const g of granted) {
    if (g === loc || up?.has(g)) return true;
    if (chains.get(g)?.has(loc)) return true;
  }
  return false;
}

/** The person key of a grant, for "who is on site": the member, else the visitor's e-mail, else the badge. */
export function personKeyOf(g: Pick<GrantRow, 'userId' | 'personEmail' | 'badgeId' | 'id'>): string {
  if (g.userId) return `u:${g.userId}`;
  if (g.personEmail) return `e:${g.personEmail}`;
  if (g.badgeId) return `b:${g.badgeId}`;
  return `g:${g.id}`;
}

export const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);
