import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { NotFoundError } from '../../platform/errors.js';
import { users } from './identity.tables.js';

export type UserRow = typeof users.$inferSelect;

/** A user of one organisation, or 404 (also when the user belongs to another organisation). */
export async function getUserInOrg(tx: DbOrTx, orgId: string, userId: string): Promise<UserRow> {
  const [row] = await tx.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId)));
  if (!row) throw new NotFoundError('user');
  return row;
}

/** Same, locked for update inside a transaction. */
export async function lockUserInOrg(tx: DbOrTx, orgId: string, userId: string): Promise<UserRow> {
  const [row] = await tx.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId))).for('update');
  if (!row) throw new NotFoundError('user');
  return row;
}
