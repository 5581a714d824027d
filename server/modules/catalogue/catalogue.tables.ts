import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FulfilmentTask, ItemTextsByLang } from '../../../contracts/catalogue.js';
import type { FormDefinition, LocalText } from '../../../contracts/forms.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
/** Search (issue 5): each language's texts in its own configuration; names A, short texts B, long C. */
const ITEM_VECTOR = (
  [
    ['en', 'english'],
    ['de', 'german'],
    ['nb', 'norwegian'],
    ['ru', 'russian'],
  ] as const
)
  .map(([l, c]) =>
    (
      [
        ['name', 'A'],
        ['short', 'B'],
        ['long', 'C'],
      ] as const
    )
      .map(([f, w]) => `setweight(to_tsvector('${c}'::regconfig, coalesce("texts"->'${l}'->>'${f}', '')), '${w}')`)
      .join(' || '),
  )
  .join(' || ');

/**
 * The service catalogue. Provider-owned configuration (no org_id): every customer reads the same
 * items, filtered by who may order them.
 */
export const catalogueCategories = pgTable('catalogue_categories', {
  id: uuid('id').primaryKey(),
  key: text('key').notNull().unique(),
  names: jsonb('names').$type<LocalText>().notNull(),
  icon: text('icon').notNull(),
  sort: integer('sort').notNull().default(0),
});

/** Catalogue items: texts per language, the order form as data, approval rule, fulfilment tasks. */
export const catalogueItems = pgTable(
  'catalogue_items',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull().unique(),
    kind: text('kind').notNull(),
    categoryId: uuid('category_id').references(() => catalogueCategories.id),
    icon: text('icon').notNull(),
    /** { en: { name, short, long (Markdown) }, de?, nb?, ru? } */
    texts: jsonb('texts').$type<ItemTextsByLang>().notNull(),
    leadTimeHours: integer('lead_time_hours'),
    /** Both null = on quote. */
    priceCents: integer('price_cents'),
    currency: text('currency'),
    /** all | customer_admin | permission (then order_permission names it). */
    orderableBy: text('orderable_by').notNull().default('all'),
    orderPermission: text('order_permission'),
    /** none | customer_admin | provider | both */
    approvalRule: text('approval_rule').notNull().default('none'),
    tasks: jsonb('tasks').$type<FulfilmentTask[]>().notNull().default([]),
    fulfilmentSlaHours: integer('fulfilment_sla_hours'),
    form: jsonb('form').$type<FormDefinition>().notNull(),
    /** Incremented on every edit; orders keep the version they were placed with. */
    version: integer('version').notNull().default(1),
    active: boolean('active').notNull().default(true),
    sort: integer('sort').notNull().default(0),
    /** Orders submitted (popularity). */
    orderCount: integer('order_count').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    searchVector: tsvector('search_vector').generatedAlwaysAs(sql.raw(ITEM_VECTOR)),
  },
  (t) => [index('catalogue_items_category_idx').on(t.categoryId, t.sort), index('catalogue_items_search_idx').using('gin', t.searchVector)],
);
