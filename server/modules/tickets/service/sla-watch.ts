import { and, asc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { OPEN_STATUSES } from '../../../../contracts/tickets.js';
import { audit } from '../../../platform/audit.js';
import type { Db } from '../../../platform/db/client.js';
import { outbox } from '../../../platform/outbox.js';
import { policies, slaOf } from '../internal.js';
import { supportGroups, ticketEvents, tickets } from '../tickets.tables.js';

const SYSTEM = { actorId: null, actorEmail: 'system', ip: null, userAgent: null, requestId: null };

/**
 * The SLA watch (a job, every minute): for open tickets, a first-response or resolution target that
 * reached 75% gets a warning, one that reached 100% a breach. Each is written once per ticket and
 * target: a timeline entry for the agents, an outbox event for notifications, and a breach escalates
 * to the lead of the ticket's group. Safe on several instances: tickets are claimed with SKIP LOCKED.
 */
export async function checkSlas(db: Db, now = new Date(), batch = 500): Promise<{ warnings: number; breaches: number }> {
  let warnings = 0;
  let breaches = 0;
  await db.transaction(async (tx) => {
    const candidates = await tx
      .select()
      .from(tickets)
      .where(
        and(
          inArray(tickets.status, [...OPEN_STATUSES]),
          // Only tickets with a mark still to come: a target still running (its due time stored)
          // whose breach has not been marked (a breach implies its warning). A ticket whose first
          // response was given can never collect the first-response marks, so "not all four marks"
          // kept re-reading the same tickets every minute.
          or(
            and(isNotNull(tickets.firstResponseDueAt), sql`NOT (${tickets.slaNotified} @> ARRAY['frt_breach']::text[])`),
            and(isNotNull(tickets.resolutionDueAt), sql`NOT (${tickets.slaNotified} @> ARRAY['res_breach']::text[])`),
          ),
        ),
      )
      .orderBy(asc(sql`least(${tickets.firstResponseDueAt}, ${tickets.resolutionDueAt})`))
      .limit(batch)
      .for('update', { skipLocked: true });
    if (candidates.length === 0) return;
    const pol = await policies(tx);
    const groupIds = [...new Set(candidates.map((t) => t.groupId).filter((g): g is string => !!g))];
    const leads = new Map(
      groupIds.length ? (await tx.select({ id: supportGroups.id, leadId: supportGroups.leadId }).from(supportGroups).where(inArray(supportGroups.id, groupIds))).map((g) => [g.id, g.leadId]) : [],
    );
    for (const t of candidates) {
      const policy = t.slaPolicyId ? pol.get(t.slaPolicyId) : undefined;
      if (!policy) continue;
      const sla = slaOf(t, policy.calendar, now);
      const marks = new Set(t.slaNotified);
      const fresh: { key: string; target: 'first_response' | 'resolution'; kind: 'warning' | 'breach'; dueAt: Date | null }[] = [];
      const consider = (prefix: 'frt' | 'res', target: 'first_response' | 'resolution', s: typeof sla.firstResponse, done: boolean) => {
        if (done) return;
        if (s.state === 'breached' && !marks.has(`${prefix}_breach`)) {
          fresh.push({ key: `${prefix}_breach`, target, kind: 'breach', dueAt: s.dueAt });
          marks.add(`${prefix}_warning`); // a breach found first makes the warning moot
        } else if (s.state === 'warning' && !marks.has(`${prefix}_warning`)) fresh.push({ key: `${prefix}_warning`, target, kind: 'warning', dueAt: s.dueAt });
      };
      consider('frt', 'first_response', sla.firstResponse, !!t.firstRespondedAt);
      consider('res', 'resolution', sla.resolution, !!t.resolvedAt);
      if (fresh.length === 0) continue;
      const leadId = t.groupId ? (leads.get(t.groupId) ?? null) : null;
      for (const f of fresh) {
        marks.add(f.key);
        const data = { target: f.target, dueAt: f.dueAt?.toISOString() ?? null, ...(f.kind === 'breach' ? { escalatedTo: leadId } : {}) };
        await tx.insert(ticketEvents).values({ id: uuidv7(), orgId: t.orgId, ticketId: t.id, type: f.kind === 'breach' ? 'sla_breach' : 'sla_warning', visibility: 'internal', actorId: null, data, createdAt: now });
        await outbox(tx, f.kind === 'breach' ? 'ticket.sla_breach' : 'ticket.sla_warning', t.orgId, { ticketId: t.id, ...data });
        if (f.kind === 'breach') {
          breaches++;
          await audit(tx, SYSTEM, { orgId: t.orgId, action: 'ticket.sla_breached', targetType: 'ticket', targetId: t.id, after: data });
        } else warnings++;
      }
      await tx.update(tickets).set({ slaNotified: [...marks] }).where(eq(tickets.id, t.id));
    }
  });
  return { warnings, breaches };
}
