import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, numeric, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../platform/tenancy.js';
import type { LocationKind } from '../../../contracts/sites.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Regions (Nordics, DACH, …): provider-owned configuration, no org_id. */
export const regions = pgTable('regions', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Data-centre sites (OSL1, FRA1, …) in a region. */
export const sites = pgTable('sites', {
  id: uuid('id').primaryKey(),
  regionId: uuid('region_id')
    .notNull()
    .references(() => regions.id),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  address: text('address').notNull().default(''),
  country: text('country').notNull(),
  timeZone: text('time_zone').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * Locations inside a site, nestable (building → floor → room → cage/suite). A parent is always in
 * the same site (composite foreign key); the service refuses cycles.
 */
export const locations = pgTable(
  'locations',
  {
    id: uuid('id').primaryKey(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    parentId: uuid('parent_id'),
    kind: text('kind').$type<LocationKind>().notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    sort: integer('sort').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('locations_site_code_uq').on(t.siteId, t.code),
    unique('locations_site_id_uq').on(t.siteId, t.id),
    foreignKey({ columns: [t.siteId, t.parentId], foreignColumns: [t.siteId, t.id], name: 'locations_parent_fk' }),
    index('locations_parent_idx').on(t.parentId),
    check('locations_kind_check', sql`${t.kind} in ('building', 'floor', 'room', 'cage', 'suite')`),
    check('locations_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
  ],
);

/** Racks (cabinets) in a location; the site is kept beside it so rack codes are unique per site. */
export const racks = pgTable(
  'racks',
  {
    id: uuid('id').primaryKey(),
    siteId: uuid('site_id').notNull(),
    locationId: uuid('location_id').notNull(),
    code: text('code').notNull(),
    units: integer('units').notNull().default(42),
    powerKw: numeric('power_kw', { precision: 8, scale: 2, mode: 'number' }),
    notes: text('notes').notNull().default(''),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('racks_site_code_uq').on(t.siteId, t.code),
    foreignKey({ columns: [t.siteId, t.locationId], foreignColumns: [locations.siteId, locations.id], name: 'racks_location_fk' }),
    index('racks_location_idx').on(t.locationId),
  ],
);

/**
 * What a customer organisation may use: a location (covering its descendants and their racks) or a
 * single rack (a customer renting two racks in a shared room). Customer-owned: org_id first.
 */
export const locationEntitlements = pgTable(
  'location_entitlements',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    locationId: uuid('location_id').references(() => locations.id),
    rackId: uuid('rack_id').references(() => racks.id),
    grantedBy: uuid('granted_by'),
    grantedAt: ts('granted_at').notNull().defaultNow(),
  },
  (t) => [
    unique('location_entitlements_org_location_uq').on(t.orgId, t.locationId),
    unique('location_entitlements_org_rack_uq').on(t.orgId, t.rackId),
    index('location_entitlements_location_idx').on(t.locationId),
    index('location_entitlements_rack_idx').on(t.rackId),
    check('location_entitlements_one_target', sql`num_nonnulls(${t.locationId}, ${t.rackId}) = 1`),
  ],
);
