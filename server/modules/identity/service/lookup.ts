import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Role } from '../../../../contracts/permissions.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { RefCache } from '../../../platform/ref-cache.js';
import { users } from '../identity.tables.js';

/** What other modules may know of a user: enough to show a name, check membership and write to them. */
export type UserRef = { id: string; name: string; email: string; orgId: string; role: Role; status: string; locale: string; timeZone: string };

/** Users by id (missing ids are simply absent from the map). */
export async function userRefs(db: DbOrTx, ids: readonly string[]): Promise<Map<string, UserRef>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, orgId: users.orgId, role: users.role, status: users.status, locale: users.locale, timeZone: users.timeZone })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, { ...r, role: r.role as Role }]));
}

// Names for display only (lists): cached a few seconds; a change of name calls deps.invalidateUser,
// which forgets the entry here and on every instance (app.ts, NOTIFY portico_identity).
const nameCache = new RefCache<string>();

/** Display names of users by id, from a short per-process cache. Not for checks: use userRefs. */
export async function userNames(db: DbOrTx, ids: Iterable<string>): Promise<Map<string, string>> {
  return nameCache.getMany(ids, async (missing) => {
    const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, missing));
    return new Map(rows.map((r) => [r.id, r.name]));
  });
}
export function forgetUserName(userId?: string) {
  nameCache.forget(userId);
}

/** User ids by e-mail address (lower case); addresses without an account are absent. */
export async function userIdsByEmail(db: DbOrTx, emails: readonly string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails.map((e) => e.toLowerCase())));
  return new Map(rows.map((r) => [r.email, r.id]));
}

/**
 * The active users of one organisation, by name (pickers such as a ticket's watchers). A system lookup:
 * the caller has already checked that the organisation's data may be shown.
 */
export async function activeOrgMembers(db: DbOrTx, orgId: string, limit = 1000): Promise<UserRef[]> {
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, orgId: users.orgId, role: users.role, status: users.status, locale: users.locale, timeZone: users.timeZone })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.status, 'active')))
    .orderBy(asc(users.name), asc(users.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}
