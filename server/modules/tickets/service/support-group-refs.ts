import { asc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client.js';
import { supportGroups } from '../tickets.tables.js';

/** Support groups by id (other modules assign work to them: catalogue fulfilment tasks, orders). */
export async function supportGroupRefs(db: DbOrTx, ids?: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  if (ids && ids.length === 0) return new Map();
  const q = db.select({ id: supportGroups.id, name: supportGroups.name }).from(supportGroups);
  const rows = await (ids ? q.where(inArray(supportGroups.id, [...ids])) : q).orderBy(asc(supportGroups.name));
  return new Map(rows.map((r) => [r.id, r]));
}
