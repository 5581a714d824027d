import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { PROVIDER_ROLES, ROLE_PERMISSIONS, type Permission, type Role } from '../../../../contracts/permissions.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { organizations } from '../../../platform/tenancy.js';
import { users } from '../identity.tables.js';
import type { UserRef } from './lookup.js';

/** More staff than this is not a queue anybody reads one mail each for: those signed in most recently are told. */
const MAX_STAFF = 500;

/**
 * Active provider staff whose role grants a permission, e.g. everyone who works tickets (`tickets.work`)
 * when a ticket nobody has picked up needs attention. A system lookup for notifications: no caller
 * permission. Delegated permissions only exist for customer users, so the role decides.
 */
export async function listStaffWith(db: DbOrTx, permission: Permission): Promise<UserRef[]> {
  const roles = PROVIDER_ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(permission));
  if (roles.length === 0) return [];
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, orgId: users.orgId, role: users.role, status: users.status, locale: users.locale, timeZone: users.timeZone })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(organizations.kind, 'provider'), eq(organizations.status, 'active'), eq(users.status, 'active'), inArray(users.role, roles)))
    .orderBy(sql`${users.lastSignInAt} DESC NULLS LAST`, asc(users.id))
    .limit(MAX_STAFF);
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}
