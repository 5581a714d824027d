import { sql } from 'drizzle-orm';
import { boolean, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The tenant registry: the provider (exactly one, kind 'provider') and its customer organisations.
 * It belongs to the platform because every module scopes its rows by organisations.id; the
 * organisations module is the API that manages it.
 */
export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey(),
  kind: text('kind').notNull(), // provider | customer
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  /** Second factor required for every member. Only a provider admin may relax it, with an audit record. */
  mfaRequired: boolean('mfa_required').notNull().default(true),
  status: text('status').notNull().default('active'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('organizations_one_provider').on(t.kind).where(sql`kind = 'provider'`)]);
