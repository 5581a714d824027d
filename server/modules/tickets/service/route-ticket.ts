import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/client.js';
import { userRefs } from '../../identity/index.js';
import { supportGroupMembers } from '../tickets.tables.js';

/**
 * Capability-based routing (seed 004): the next agent, round-robin, among support-group members whose
 * skills include the ticket's category and whose languages include the requester's (an empty list
 * means "any"). Returns null when no group is set up for it; the ticket then waits unassigned.
 */
export async function pickAssignee(tx: Tx, categoryKey: string, language: string, now: Date): Promise<{ userId: string; groupId: string } | null> {
  const candidates = await tx
    .select()
    .from(supportGroupMembers)
    .where(
      and(
        or(sql`cardinality(${supportGroupMembers.categories}) = 0`, sql`${categoryKey} = ANY(${supportGroupMembers.categories})`),
        or(sql`cardinality(${supportGroupMembers.languages}) = 0`, sql`${language} = ANY(${supportGroupMembers.languages})`),
      ),
    )
    // Specialists before generalists, then whoever waited longest for a ticket.
    .orderBy(sql`cardinality(${supportGroupMembers.categories}) = 0`, sql`${supportGroupMembers.lastAssignedAt} ASC NULLS FIRST`, asc(supportGroupMembers.userId))
    .limit(20);
  if (candidates.length === 0) return null;
  const people = await userRefs(tx, candidates.map((c) => c.userId));
  const eligible = candidates.filter((c) => {
    const u = people.get(c.userId);
    return u && u.status === 'active' && (u.role === 'provider_agent' || u.role === 'provider_admin');
  });
  if (eligible.length === 0) return null;
  // Only the chosen member's row is locked: the first in turn that no concurrent ticket is taking
  // (SKIP LOCKED), else the first in turn, waited for. Locking all candidates at once in turn order
  // deadlocked concurrent creations, as the order moves with every assignment.
  const lockOne = (c: (typeof eligible)[number], skipLocked: boolean) =>
    tx
      .select({ userId: supportGroupMembers.userId })
      .from(supportGroupMembers)
      .where(and(eq(supportGroupMembers.groupId, c.groupId), eq(supportGroupMembers.userId, c.userId)))
      .for('update', skipLocked ? { skipLocked: true } : {});
  let next: (typeof eligible)[number] | undefined;
  for (const c of eligible) {
    if ((await lockOne(c, true)).length) {
      next = c;
      break;
    }
  }
  if (!next) {
    next = eligible[0]!;
    await lockOne(next, false);
  }
  await tx.update(supportGroupMembers).set({ lastAssignedAt: now }).where(and(eq(supportGroupMembers.groupId, next.groupId), eq(supportGroupMembers.userId, next.userId)));
  return { userId: next.userId, groupId: next.groupId };
}
