import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../platform/tenancy.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * An organisation's documents (generated reports now; contracts and knowledge-base files later). The
 * bytes are in the file store under `storage_key`. `required_permission` hides a document from members
 * without it (null: every member). Generated reports name their period (`2026-10`): at most one per
 * organisation, category and period, which is what makes a monthly job safe to run twice.
 */
export const orgDocuments = pgTable(
  'org_documents',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    category: text('category').notNull(), // access_report | …
    title: text('title').notNull(),
    filename: text('filename').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    period: text('period'),
    requiredPermission: text('required_permission'),
    /** The user who added it; null with created_by_system for generated documents. */
    createdBy: uuid('created_by'),
    createdBySystem: text('created_by_system'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('org_documents_org_created_idx').on(t.orgId, t.createdAt.desc()), uniqueIndex('org_documents_period_uq').on(t.orgId, t.category, t.period)],
);
