import { boolean, foreignKey, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tickets } from './tickets.tables.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Files attached to a ticket; the bytes are in the file store under `storage_key`. */
export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    ticketId: uuid('ticket_id').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    storageKey: text('storage_key').notNull(),
    /** Internal attachments (staff only) never reach a customer. */
    visibility: text('visibility').notNull().default('public'),
    uploadedBy: uuid('uploaded_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id], name: 'ticket_attachments_ticket_fk' }).onDelete('cascade'),
    index('ticket_attachments_ticket_idx').on(t.orgId, t.ticketId),
  ],
);

/** Customer satisfaction: one rating per ticket, 1–5, with the agent who resolved it. */
export const ticketRatings = pgTable(
  'ticket_ratings',
  {
    ticketId: uuid('ticket_id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    agentId: uuid('agent_id'),
    score: integer('score').notNull(),
    comment: text('comment'),
    ratedBy: uuid('rated_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id], name: 'ticket_ratings_ticket_fk' }).onDelete('cascade'),
    index('ticket_ratings_org_idx').on(t.orgId, t.createdAt),
    index('ticket_ratings_agent_idx').on(t.agentId, t.createdAt),
  ],
);

/** Canned responses agents insert into replies. */
export const cannedResponses = pgTable('canned_responses', {
  id: uuid('id').primaryKey(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  categoryKey: text('category_key'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Tokens for systems that post into Portico (monitoring alerts, access control). Stored hashed. */
export const integrationTokens = pgTable('integration_tokens', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  scopes: text('scopes').array().notNull(),
  /** Alerts: resolve the incident when the alert resolves. */
  autoResolve: boolean('auto_resolve').notNull().default(false),
  createdBy: uuid('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
});
