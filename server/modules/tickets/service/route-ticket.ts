import { sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/client.js';
import { rowsOf } from '../../../platform/db/client.js';
import { users } from '../../identity/index.js';
import { supportGroupMembers } from '../tickets.tables.js';

/**
 * Capability-based routing (seed 004): the next agent, round-robin, among support-group members whose
 * skills include the ticket's category and whose languages include the requester's (an empty list
 * means "any"), who are active provider staff. Returns null when no group is set up for it; the ticket
 * then waits unassigned.
 *
 * One statement picks and marks the member: specialists before generalists, then whoever waited
 * longest for a ticket, skipping a member whom a concurrent creation is taking (FOR UPDATE SKIP
 * LOCKED, so concurrent tickets spread over the agents instead of queueing on one row). Only when every
 * candidate is being taken at that moment does it wait for the first in turn. Only the chosen row is
 * locked: locking all candidates in turn order deadlocked concurrent creations, as the order moves
 * with every assignment.
 */
export async function pickAssignee(tx: Tx, categoryKey: string, language: string, now: Date): Promise<{ userId: string; groupId: string } | null> {
  const pick = (skipLocked: boolean) => sql`
    UPDATE ${supportGroupMembers} SET last_assigned_at = ${now.toISOString()}::timestamptz
    FROM (
      SELECT m.group_id, m.user_id FROM ${supportGroupMembers} m
      JOIN ${users} u ON u.id = m.user_id AND u.status = 'active' AND u.role IN ('provider_agent', 'provider_admin')
      WHERE (cardinality(m.categories) = 0 OR ${categoryKey} = ANY(m.categories))
        AND (cardinality(m.languages) = 0 OR ${language} = ANY(m.languages))
      ORDER BY cardinality(m.categories) = 0, m.last_assigned_at ASC NULLS FIRST, m.user_id
      LIMIT 1
      FOR UPDATE OF m ${skipLocked ? sql`SKIP LOCKED` : sql``}
    ) chosen
    WHERE ${supportGroupMembers.groupId} = chosen.group_id AND ${supportGroupMembers.userId} = chosen.user_id
    RETURNING ${supportGroupMembers.userId} AS user_id, ${supportGroupMembers.groupId} AS group_id`;
  let [row] = rowsOf<{ user_id: string; group_id: string }>(await tx.execute(pick(true)));
  if (!row) [row] = rowsOf<{ user_id: string; group_id: string }>(await tx.execute(pick(false)));
  return row ? { userId: row.user_id, groupId: row.group_id } : null;
}
