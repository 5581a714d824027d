import { boolean, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organizations } from '../../platform/tenancy.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * What a user was told in the portal (the bell). org_id is the recipient's organisation (for staff the
 * provider's, not the ticket's). Title and body are rendered in the recipient's language when sent.
 * Always read with the caller's own user id and organisation.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id').notNull(),
    /** The preference event (ticket_reply, …) and the outbox topic it came from. */
    event: text('event').notNull(),
    topic: text('topic').notNull(),
    ticketId: uuid('ticket_id'),
    ticketRef: text('ticket_ref'),
    /** Order notices: the order and its reference (ORD…), instead of a ticket. */
    orderId: uuid('order_id'),
    orderRef: text('order_ref'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('notifications_user_created_idx').on(t.userId, t.createdAt.desc(), t.id.desc()),
    index('notifications_user_unread_idx').on(t.userId).where(sql`read_at IS NULL`),
  ],
);

/** Switches a user turned off or on again; no row means on (the default). */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id').notNull(),
    event: text('event').notNull(),
    channel: text('channel').notNull(), // email | portal
    enabled: boolean('enabled').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.event, t.channel] })],
);
