import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client.js';
import { supportGroupMembers, supportGroups } from '../tickets.tables.js';

/** Support groups by id (other modules assign work to them: catalogue fulfilment tasks, orders). */
export async function supportGroupRefs(db: DbOrTx, ids?: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  if (ids && ids.length === 0) return new Map();
  const q = db.select({ id: supportGroups.id, name: supportGroups.name }).from(supportGroups);
  const rows = await (ids ? q.where(inArray(supportGroups.id, [...ids])) : q).orderBy(asc(supportGroups.name));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The ids of the support groups a user belongs to (orders: "my groups' open tasks"). */
export async function supportGroupsOfUser(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db.select({ id: supportGroupMembers.groupId }).from(supportGroupMembers).where(eq(supportGroupMembers.userId, userId));
  return rows.map((r) => r.id);
}

/** The members of some support groups, each once (who is told about work for their group). */
export async function supportGroupMemberIds(db: DbOrTx, groupIds: readonly string[]): Promise<string[]> {
  if (groupIds.length === 0) return [];
  const rows = await db.selectDistinct({ id: supportGroupMembers.userId }).from(supportGroupMembers).where(inArray(supportGroupMembers.groupId, [...groupIds]));
  return rows.map((r) => r.id);
}
