import { sql } from 'drizzle-orm';
import { customType, foreignKey, index, integer, jsonb, pgSequence, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../platform/tenancy.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const ITEM_NAMES = `coalesce("item"->'names'->>'en', '') || ' ' || coalesce("item"->'names'->>'de', '') || ' ' || coalesce("item"->'names'->>'nb', '') || ' ' || coalesce("item"->'names'->>'ru', '')`;

/** Order references ORD0000001…, like tickets' refs. */
export const orderRefSeq = pgSequence('order_ref_seq');

/** The catalogue item as it was ordered: later edits of the item never change an order. */
export type ItemSnapshot = {
  key: string;
  kind: string;
  version: number;
  names: Record<string, string>;
  approvalRule: 'none' | 'customer_admin' | 'provider' | 'both';
  form: unknown;
  tasks: { title: Record<string, string>; groupId: string | null }[];
};

/** Orders. Customer-owned: org_id NOT NULL, indexes lead with org_id, children point at (org_id, id). */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    number: integer('number').notNull().unique(),
    ref: text('ref').notNull().unique(),
    itemId: uuid('item_id').notNull(),
    itemKind: text('item_kind').notNull(),
    item: jsonb('item').$type<ItemSnapshot>().notNull(),
    values: jsonb('values').$type<Record<string, unknown>>().notNull().default({}),
    /** Location ids named in the values (location fields), for "what depends on this location". */
    locationIds: uuid('location_ids').array().notNull().default([]),
    /** Decommission: what the customer was shown depends on it and submitted anyway. */
    acknowledgedDependencies: jsonb('acknowledged_dependencies').$type<{ kind: string; ref: string; label: string; link?: string }[]>().notNull().default([]),
    status: text('status').notNull().default('draft'),
    requesterId: uuid('requester_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    submittedAt: ts('submitted_at'),
    decidedAt: ts('decided_at'),
    fulfilmentStartedAt: ts('fulfilment_started_at'),
    completedAt: ts('completed_at'),
    cancelledAt: ts('cancelled_at'),
    cancelReason: text('cancel_reason'),
    /** Search (issue 5): the reference and the item's names in every language, `simple` configuration. */
    searchVector: tsvector('search_vector').generatedAlwaysAs(sql.raw(`setweight(to_tsvector('simple'::regconfig, "ref" || ' ' || ${ITEM_NAMES}), 'A')`)),
  },
  (t) => [
    unique('orders_org_id_id').on(t.orgId, t.id),
    index('orders_search_idx').using('gin', t.orgId, t.searchVector),
    index('orders_scoped_search_idx').using('gin', sql`portico_scoped_tsvector(${t.orgId}, ${t.searchVector})`),
    index('orders_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id.desc()),
    index('orders_org_requester_idx').on(t.orgId, t.requesterId, t.createdAt.desc()),
    index('orders_status_idx').on(t.status, t.createdAt.desc()).where(sql`status in ('waiting_for_approval', 'in_fulfilment')`),
    index('orders_created_idx').on(t.createdAt.desc(), t.id.desc()),
  ],
);

/** The timeline of an order: every step, comment, task change and attachment, who and when. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    orderId: uuid('order_id').notNull(),
    type: text('type').notNull(),
    /** public | internal (staff notes). */
    visibility: text('visibility').notNull().default('public'),
    actorId: uuid('actor_id'),
    body: text('body'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.orgId, t.orderId], foreignColumns: [orders.orgId, orders.id], name: 'order_events_order_fk' }).onDelete('cascade'),
    index('order_events_order_idx').on(t.orgId, t.orderId, t.createdAt),
  ],
);

/** Approval steps: customer (holders of orders.approve in the org), then provider (orders.fulfil). */
export const orderApprovals = pgTable(
  'order_approvals',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    orderId: uuid('order_id').notNull(),
    step: text('step').notNull(), // customer | provider
    position: integer('position').notNull(),
    status: text('status').notNull().default('pending'), // pending | approved | rejected
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    comment: text('comment'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.orgId, t.orderId], foreignColumns: [orders.orgId, orders.id], name: 'order_approvals_order_fk' }).onDelete('cascade'),
    unique('order_approvals_order_step').on(t.orderId, t.step),
    index('order_approvals_order_idx').on(t.orgId, t.orderId),
    index('order_approvals_pending_idx').on(t.step, t.createdAt).where(sql`status = 'pending'`),
  ],
);

/** Fulfilment tasks, copied from the item's template when fulfilment starts; assigned to support groups. */
export const orderTasks = pgTable(
  'order_tasks',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    orderId: uuid('order_id').notNull(),
    position: integer('position').notNull(),
    title: jsonb('title').$type<Record<string, string>>().notNull(),
    groupId: uuid('group_id'),
    assigneeId: uuid('assignee_id'),
    status: text('status').notNull().default('todo'), // todo | in_progress | done | skipped
    doneBy: uuid('done_by'),
    doneAt: ts('done_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.orgId, t.orderId], foreignColumns: [orders.orgId, orders.id], name: 'order_tasks_order_fk' }).onDelete('cascade'),
    index('order_tasks_order_idx').on(t.orgId, t.orderId, t.position),
    index('order_tasks_open_group_idx').on(t.groupId, t.createdAt).where(sql`status in ('todo', 'in_progress')`),
  ],
);

/**
 * Files: staged by a user (order_id null) for a form's file field, then linked to the order on
 * submission; or attached to an order later (comments and attachments, like tickets). Staged files
 * that were never used are the uploader's alone.
 */
export const orderFiles = pgTable(
  'order_files',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    orderId: uuid('order_id'),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    storageKey: text('storage_key').notNull(),
    visibility: text('visibility').notNull().default('public'),
    uploadedBy: uuid('uploaded_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.orgId, t.orderId], foreignColumns: [orders.orgId, orders.id], name: 'order_files_order_fk' }).onDelete('cascade'),
    index('order_files_order_idx').on(t.orgId, t.orderId),
    index('order_files_staged_idx').on(t.orgId, t.uploadedBy).where(sql`order_id is null`),
  ],
);
