import { count, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Role } from '../../../../contracts/permissions.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { AppDeps } from '../../../platform/deps.js';
import { accounts, users } from '../identity.tables.js';

/** Number of users per organisation, for organisation lists. */
export async function countUsersByOrg(db: DbOrTx, orgIds: string[]): Promise<Map<string, number>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db.select({ orgId: users.orgId, n: count() }).from(users).where(inArray(users.orgId, orgIds)).groupBy(users.orgId);
  return new Map(rows.map((r) => [r.orgId, Number(r.n)]));
}

/**
 * Creates an active user with a password, hashed by Better Auth (demo data, first provider admin).
 * The user still has to enrol a second factor on first sign-in.
 */
export async function createActiveUser(
  tx: DbOrTx,
  deps: Pick<AppDeps, 'auth'>,
  u: { orgId: string; email: string; name: string; role: Role; password: string; locale?: string },
): Promise<string> {
  const id = uuidv7();
  const hash = await (await deps.auth.$context).password.hash(u.password);
  await tx.insert(users).values({ id, orgId: u.orgId, email: u.email.toLowerCase(), name: u.name, role: u.role, status: 'active', emailVerified: true, locale: u.locale ?? 'en' });
  await tx.insert(accounts).values({ id: uuidv7(), accountId: id, providerId: 'credential', userId: id, password: hash });
  return id;
}

