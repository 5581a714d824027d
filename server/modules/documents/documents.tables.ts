import { sql } from 'drizzle-orm';
import { customType, foreignKey, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../platform/tenancy.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The text search configuration of a document's language (immutable, so it can feed a generated column). */
const CONFIG = `(CASE "language" WHEN 'de' THEN 'german'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END)`;

/**
 * Categories of documents (operations manual, service description, contract, report, billing, …) as
 * data: a key the documents name and its name in each portal language. Provider admins
 * (`documents.configure`) add, rename, reorder and archive them; an archived category is not offered
 * for new documents, but the documents filed under it keep it.
 */
export const documentCategories = pgTable('document_categories', {
  key: text('key').primaryKey(),
  names: jsonb('names').$type<Record<string, string>>().notNull(),
  position: integer('position').notNull().default(100),
  archivedAt: ts('archived_at'),
});

/**
 * An organisation's documents. The current version's file is mirrored here (filename … size) so a plain
 * download and the list need no join; every version, the current one included, is a row of
 * `org_document_versions`. Visibility: `members` (every member), `admins` (customer admins) or
 * `permission` (holders of `required_permission`). Generated reports name their period (`2026-10`): at
 * most one per organisation, category and period, which is what makes a monthly job safe to run twice.
 * `search_text` is the current version's extracted text (capped); `search_vector` weighs the title A
 * and description and text B in the document's language.
 */
export const orgDocuments = pgTable(
  'org_documents',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    category: text('category').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    language: text('language').notNull().default('en'),
    visibility: text('visibility').notNull().default('members'),
    filename: text('filename').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    currentVersion: integer('current_version').notNull().default(1),
    period: text('period'),
    requiredPermission: text('required_permission'),
    /** The user who added it; null with created_by_system for generated documents. */
    createdBy: uuid('created_by'),
    createdBySystem: text('created_by_system'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    searchText: text('search_text'),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql.raw(
        `setweight(to_tsvector(${CONFIG}, coalesce("title", '')), 'A') || setweight(to_tsvector(${CONFIG}, coalesce("description", '') || ' ' || coalesce("search_text", '')), 'B')`,
      ),
    ),
  },
  (t) => [
    index('org_documents_org_created_idx').on(t.orgId, t.createdAt.desc()),
    uniqueIndex('org_documents_period_uq').on(t.orgId, t.category, t.period),
    uniqueIndex('org_documents_org_id_uq').on(t.orgId, t.id),
    // Search: org_id first (btree_gin) so a customer's search reads one organisation's entries; titles by trigram for typos.
    index('org_documents_search_idx').using('gin', t.orgId, t.searchVector),
    index('org_documents_scoped_search_idx').using('gin', sql`portico_scoped_tsvector(${t.orgId}, ${t.searchVector})`),
    index('org_documents_title_trgm_idx').using('gin', t.orgId, t.title.op('gin_trgm_ops')),
  ],
);

/** Every version of a document's file, with who added it and when; `text` is what search reads (capped). */
export const orgDocumentVersions = pgTable(
  'org_document_versions',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    documentId: uuid('document_id').notNull(),
    version: integer('version').notNull(),
    filename: text('filename').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    createdBy: uuid('created_by'),
    createdBySystem: text('created_by_system'),
    createdAt: ts('created_at').notNull().defaultNow(),
    textStatus: text('text_status').notNull().default('pending'), // pending | done | none | failed
    text: text('text'),
  },
  (t) => [
    foreignKey({ columns: [t.orgId, t.documentId], foreignColumns: [orgDocuments.orgId, orgDocuments.id], name: 'org_document_versions_document_fk' }).onDelete('cascade'),
    uniqueIndex('org_document_versions_doc_version_uq').on(t.orgId, t.documentId, t.version),
    index('org_document_versions_pending_idx').on(t.createdAt).where(sql`text_status = 'pending'`),
  ],
);
