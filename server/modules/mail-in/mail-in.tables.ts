import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Every mail the inbound listener took in, accepted or not: the provider admins' log of replies by
 * mail. Not customer-owned (an unknown sender has no organisation): `org_id` is the ticket's
 * organisation when one was found, and the log is read only with `mail.read_outbox` (provider admins).
 * One accepted row per inbound Message-ID: the same mail delivered twice adds one reply.
 */
export const inboundMails = pgTable(
  'inbound_mails',
  {
    id: uuid('id').primaryKey(),
    /** The mail's own Message-ID (null when it had none). */
    messageId: text('message_id'),
    fromAddress: text('from_address').notNull(),
    /** Envelope recipients, comma-separated. */
    recipients: text('recipients').notNull(),
    subject: text('subject').notNull(),
    size: integer('size').notNull(),
    /** accepted | rejected | duplicate */
    outcome: text('outcome').notNull(),
    /** Why it was rejected: unknown_sender, not_allowed, bad_token, no_ticket, ticket_closed, empty, error. */
    reason: text('reason'),
    /** How the ticket was found: token | thread. */
    matchedBy: text('matched_by'),
    orgId: uuid('org_id'),
    ticketId: uuid('ticket_id'),
    userId: uuid('user_id'),
    /** The timeline entry the reply became. */
    eventId: uuid('event_id'),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('inbound_mails_accepted_message_id').on(t.messageId).where(sql`outcome = 'accepted' and message_id is not null`),
    index('inbound_mails_received_idx').on(t.receivedAt),
  ],
);
