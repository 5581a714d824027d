import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../platform/tenancy.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Physical access: one row per person × (the locations of a request) × validity. The person is a
 * member of the organisation (user_id) or a visitor (name, company, e-mail, phone). Permanent badges
 * carry a badge id; visit grants are matched by the person reference (e-mail or user id).
 * status is stored as active | revoked | expired | lapsed; reads derive "expired" from valid_until
 * before the daily job has marked it, and "upcoming" from valid_from.
 */
export const accessGrants = pgTable(
  'access_grants',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id'),
    /** Display name: the member's name when granted, or the visitor's. */
    personName: text('person_name').notNull(),
    visitorCompany: text('visitor_company'),
    /** Lower case; the member's address for members, so events may name either by e-mail. */
    personEmail: text('person_email'),
    visitorPhone: text('visitor_phone'),
    badgeId: text('badge_id'),
    siteId: uuid('site_id'),
    locationIds: uuid('location_ids').array().notNull(),
    validFrom: ts('valid_from').notNull(),
    validUntil: ts('valid_until').notNull(),
    kind: text('kind').notNull(), // visit | permanent
    sourceOrderId: uuid('source_order_id'),
    sourceOrderRef: text('source_order_ref'),
    status: text('status').notNull().default('active'), // active | revoked | expired | lapsed
    revokedBy: uuid('revoked_by'),
    revokedAt: ts('revoked_at'),
    revokeReason: text('revoke_reason'),
    lastUsedAt: ts('last_used_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('access_grants_org_until_idx').on(t.orgId, t.validUntil.desc()),
    index('access_grants_badge_idx').on(t.badgeId).where(sql`badge_id IS NOT NULL`),
    index('access_grants_email_idx').on(t.personEmail).where(sql`person_email IS NOT NULL`),
    index('access_grants_user_idx').on(t.userId).where(sql`user_id IS NOT NULL`),
    index('access_grants_active_idx').on(t.status, t.validUntil).where(sql`status = 'active'`),
    uniqueIndex('access_grants_badge_uq').on(t.badgeId).where(sql`badge_id IS NOT NULL AND status = 'active'`),
  ],
);

/**
 * What the access-control system saw (badge readers, biometrics, mantraps), sent through the API or a
 * CSV import. org_id is NULLABLE on purpose, the one exception to the tenant rule: an event for a badge
 * or person that no grant of any organisation knows belongs to nobody yet; it is stored flagged
 * (`unknown_badge`) for the provider, and only provider staff with `access.manage` ever read such rows.
 * Every other event carries the org_id of the grant it matched (or of the person's latest grant).
 */
export const accessEvents = pgTable(
  'access_events',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').references(() => organizations.id),
    /** The source system's id of the event: the same event sent twice is stored once. */
    eventId: text('event_id').notNull(),
    personRef: text('person_ref'),
    badgeId: text('badge_id'),
    /** Who, for "on site now": u:<user id>, e:<e-mail>, b:<badge id> (from the grant when matched). */
    personKey: text('person_key').notNull(),
    locationId: uuid('location_id'),
    reader: text('reader'),
    direction: text('direction').notNull(), // in | out
    occurredAt: ts('occurred_at').notNull(),
    result: text('result').notNull(), // granted | denied
    grantId: uuid('grant_id'),
    flag: text('flag').notNull().default('none'), // none | no_grant | denied | unknown_badge
    flagHandledBy: uuid('flag_handled_by'),
    flagHandledAt: ts('flag_handled_at'),
    source: text('source').notNull(), // api | csv
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('access_events_event_id_uq').on(t.eventId),
    // A month's activity of one organisation.
    index('access_events_org_time_idx').on(t.orgId, t.occurredAt),
    // Who is on site now: the last event per person of an organisation.
    index('access_events_org_person_idx').on(t.orgId, t.personKey, t.occurredAt.desc()),
    // The provider's flagged list (unhandled first).
    index('access_events_flagged_idx').on(t.occurredAt.desc()).where(sql`flag <> 'none'`),
  ],
);

/** The provider's access rules: one row (id 1). Missing row = the defaults. */
export const accessSettings = pgTable('access_settings', {
  id: integer('id').primaryKey(),
  maxVisitDays: integer('max_visit_days').notNull().default(14),
  badgeValidityDays: integer('badge_validity_days').notNull().default(365),
  lapseAfterUnusedDays: integer('lapse_after_unused_days').notNull().default(365),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
