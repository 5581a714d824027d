import { and, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { TicketQuery } from '../../../../contracts/tickets.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, withTx, type Ctx } from '../../../platform/context.js';
import { csvRow } from '../../../platform/csv.js';
import { lookups, slaOf, worksTickets, type TicketRow } from '../internal.js';
import { TWENTY_FOUR_SEVEN } from '../sla.js';
import { tickets } from '../tickets.tables.js';
import { requireTicketReader, ticketConditions } from './read-tickets.js';

/** The list's filters and queue, without paging: the export holds every matching ticket. */
export const TicketExportQuery = TicketQuery.omit({ cursor: true, limit: true });
export type TicketExportQuery = z.input<typeof TicketExportQuery>;

/** Column names (stable, for scripts and spreadsheets); values are codes and UTC ISO times. */
export const TICKET_CSV_COLUMNS = [
  'reference',
  'kind',
  'title',
  'status',
  'priority',
  'urgency',
  'category',
  'organisation',
  'requester',
  'assignee',
  'group',
  'created_at',
  'first_response_due_at',
  'first_responded_at',
  'resolution_due_at',
  'resolved_at',
  'first_response_breached',
  'resolution_breached',
] as const;

/** Rows fetched per query: memory stays flat however many tickets match. */
export const EXPORT_BATCH = 500;

const iso = (d: Date | null | undefined) => d?.toISOString() ?? '';
const breached = (state: string) => state === 'breached' || state === 'missed';

/**
 * The tickets the caller may see that match the list's filters (and, for agents, the queue), as CSV,
 * newest first, streamed in batches of EXPORT_BATCH (keyset paging on created_at to the microsecond
 * and id, so no ticket is skipped or repeated). Customers get their own tickets or their
 * organisation's (the same visibility rule as the list); agents get every organisation's. Only ticket
 * fields are exported, never a comment or an internal note. Every cell is spreadsheet-safe (`csvRow`).
 *
 * Permission, input and queue are checked before the first byte; the export is audited (with its
 * filters) before any row leaves.
 */
export async function* exportTicketsCsv(ctx: Ctx, input: TicketExportQuery): AsyncGenerator<string> {
  requireTicketReader(ctx);
  const q = TicketExportQuery.parse(input);
  const base = ticketConditions(ctx, q); // 403 for a customer asking for a queue
  const filters = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
  await withTx(ctx, (tx) =>
    audit(tx, auditSource(ctx), {
      // A customer's export concerns their organisation; an agent's all of them (or the one filtered).
      orgId: worksTickets(ctx) ? (q.orgId ?? null) : ctx.actor.orgId,
      action: 'ticket.exported',
      targetType: 'ticket',
      after: { format: 'csv', filters },
    }),
  );

  yield csvRow(TICKET_CSV_COLUMNS);
  const lang = ctx.actor.locale;
  const createdKey = sql<string>`to_char(${tickets.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  let after: { key: string; id: string } | null = null;
  for (;;) {
    const where: (SQL | undefined)[] = [...base];
    if (after) where.push(sql`(${tickets.createdAt}, ${tickets.id}) < (${after.key}::timestamptz, ${after.id}::uuid)`);
    const batch: { row: TicketRow; key: string }[] = await ctx.db
      .select({ row: tickets, key: createdKey })
      .from(tickets)
      .where(and(...where))
      // NULLS LAST as in tickets_org_created_idx (both columns are NOT NULL): the index serves the order.
      .orderBy(sql`${tickets.createdAt} DESC NULLS LAST`, sql`${tickets.id} DESC NULLS LAST`)
      .limit(EXPORT_BATCH);
    if (batch.length === 0) return;
    const rows = batch.map((b) => b.row);
    const l = await lookups(ctx.db, rows);
    const now = new Date();
    let chunk = '';
    for (const t of rows) {
      const policy = t.slaPolicyId ? l.policies.get(t.slaPolicyId) : undefined;
      const sla = slaOf(t, policy?.calendar ?? TWENTY_FOUR_SEVEN, now);
      const cat = l.categories.get(t.categoryId);
      chunk += csvRow([
        t.ref,
        t.kind,
        t.title,
        t.status,
        t.priority,
        t.urgency,
        cat?.names[lang] ?? cat?.names.en ?? cat?.key ?? '',
        l.orgs.get(t.orgId) ?? '',
        l.people.get(t.requesterId)?.name ?? '',
        t.assigneeId ? (l.people.get(t.assigneeId)?.name ?? '') : '',
        t.groupId ? (l.groups.get(t.groupId) ?? '') : '',
        iso(t.createdAt),
        iso(sla.firstResponse.dueAt),
        iso(t.firstRespondedAt),
        iso(sla.resolution.dueAt),
        iso(t.resolvedAt),
        breached(sla.firstResponse.state) || t.slaNotified.includes('frt_breach'),
        breached(sla.resolution.state) || t.slaNotified.includes('res_breach'),
      ]);
    }
    yield chunk;
    if (batch.length < EXPORT_BATCH) return;
    const last = batch[batch.length - 1]!;
    after = { key: last.key, id: last.row.id };
  }
}
