import { and, desc, eq, lt } from 'drizzle-orm';
import { InboundMailQuery, type InboundMailDto } from '../../../../contracts/mail-in.js';
import { requirePermission, type Ctx } from '../../../platform/context.js';
import { decodeCursor, encodeCursor, page } from '../../../platform/http/pagination.js';
import { inboundMails } from '../mail-in.tables.js';

type Row = typeof inboundMails.$inferSelect;
const present = (r: Row): InboundMailDto => ({
  id: r.id,
  messageId: r.messageId,
  from: r.fromAddress,
  recipients: r.recipients,
  subject: r.subject,
  size: r.size,
  outcome: r.outcome as InboundMailDto['outcome'],
  reason: (r.reason as InboundMailDto['reason']) ?? null,
  matchedBy: (r.matchedBy as InboundMailDto['matchedBy']) ?? null,
  ticketId: r.ticketId,
  userId: r.userId,
  eventId: r.eventId,
  receivedAt: r.receivedAt.toISOString(),
});

/** The inbound mail log, newest first, optionally of one outcome. Requires `mail.read_outbox` (provider admins). */
export async function listInboundMail(ctx: Ctx, input: InboundMailQuery) {
  requirePermission(ctx, 'mail.read_outbox');
  const q = InboundMailQuery.parse(input);
  const after = decodeCursor(q.cursor);
  // Ids are uuidv7 (time-ordered): the id alone is the keyset.
  const rows = await ctx.db
    .select()
    .from(inboundMails)
    .where(and(after ? lt(inboundMails.id, after.id) : undefined, q.outcome ? eq(inboundMails.outcome, q.outcome) : undefined))
    .orderBy(desc(inboundMails.id))
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (r) => encodeCursor('', r.id));
  return { items: p.items.map(present), nextCursor: p.nextCursor };
}
