import { z } from 'zod';
import { TimeZone } from './common.js';

/**
 * Sites and locations: region → site → location (nestable: building, floor, room, cage, suite) → rack,
 * kept by provider admins. Customer organisations are entitled to locations (or single racks); an
 * entitlement to a location covers its descendants and their racks. Shared by server and web.
 */
export const LOCATION_KINDS = ['building', 'floor', 'room', 'cage', 'suite'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];
/** What a LocationRef may name: a location of one of the kinds above, or a rack. */
export const LOCATION_REF_KINDS = [...LOCATION_KINDS, 'rack'] as const;
export type LocationRefKind = (typeof LOCATION_REF_KINDS)[number];

/** Separator of location paths: "OSL1 › Building 1 › Hall A › Cage A01". */
export const PATH_SEPARATOR = ' › ';

/**
 * A place a customer may name in an order or access request: a location or a rack (kind 'rack', id of
 * the rack, parentId its location). `path` starts with the site code.
 */
export const LocationRef = z
  .object({
    id: z.uuid(),
    siteId: z.uuid(),
    siteCode: z.string(),
    siteName: z.string(),
    kind: z.enum(LOCATION_REF_KINDS),
    code: z.string(),
    name: z.string(),
    path: z.string(),
    parentId: z.uuid().nullable(),
  })
  .meta({ id: 'LocationRef' });
export type LocationRef = z.infer<typeof LocationRef>;

const Code = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may hold letters, digits, ".", "_" and "-" only');
const Name = z.string().trim().min(1).max(120);

export const RegionDto = z.object({ id: z.uuid(), code: z.string(), name: z.string(), active: z.boolean() }).meta({ id: 'Region' });
export type RegionDto = z.infer<typeof RegionDto>;

export const SiteDto = z
  .object({
    id: z.uuid(),
    regionId: z.uuid(),
    code: z.string(),
    name: z.string(),
    address: z.string(),
    country: z.string(),
    timeZone: z.string(),
    active: z.boolean(),
  })
  .meta({ id: 'Site' });
export type SiteDto = z.infer<typeof SiteDto>;

export const LocationDto = z
  .object({
    id: z.uuid(),
    siteId: z.uuid(),
    parentId: z.uuid().nullable(),
    kind: z.enum(LOCATION_KINDS),
    code: z.string(),
    name: z.string(),
    sort: z.number().int(),
    active: z.boolean(),
    path: z.string(),
  })
  .meta({ id: 'Location' });
export type LocationDto = z.infer<typeof LocationDto>;

export const RackDto = z
  .object({
    id: z.uuid(),
    locationId: z.uuid(),
    siteId: z.uuid(),
    code: z.string(),
    units: z.number().int(),
    powerKw: z.number().nullable(),
    notes: z.string(),
    active: z.boolean(),
    path: z.string(),
  })
  .meta({ id: 'Rack' });
export type RackDto = z.infer<typeof RackDto>;

/** Everything the provider admins' tree shows, flat; the page nests it. */
export const SitesTreeDto = z
  .object({
    regions: z.array(RegionDto),
    sites: z.array(SiteDto),
    locations: z.array(LocationDto),
    racks: z.array(RackDto),
    /** Which customer organisation holds which location or rack directly (provider staff only). */
    holders: z.array(z.object({ targetId: z.uuid(), orgId: z.uuid(), orgName: z.string() })),
  })
  .meta({ id: 'SitesTree' });
export type SitesTreeDto = z.infer<typeof SitesTreeDto>;

export const CreateRegion = z.strictObject({ code: Code, name: Name });
export const UpdateRegion = z.strictObject({ code: Code.optional(), name: Name.optional(), active: z.boolean().optional() });

export const CreateSite = z.strictObject({
  regionId: z.uuid(),
  code: Code,
  name: Name,
  address: z.string().trim().max(500).default(''),
  /** ISO 3166-1 alpha-2. */
  country: z.string().trim().regex(/^[A-Z]{2}$/, 'must be a two-letter country code (ISO 3166-1, e.g. NO)'),
  timeZone: TimeZone,
});
export const UpdateSite = z.strictObject({
  regionId: z.uuid().optional(),
  code: Code.optional(),
  name: Name.optional(),
  address: z.string().trim().max(500).optional(),
  country: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code (ISO 3166-1, e.g. NO)')
    .optional(),
  timeZone: TimeZone.optional(),
  active: z.boolean().optional(),
});

export const CreateLocation = z.strictObject({
  siteId: z.uuid(),
  parentId: z.uuid().nullable().default(null),
  kind: z.enum(LOCATION_KINDS),
  code: Code,
  name: Name,
  sort: z.number().int().min(0).max(100_000).default(0),
});
/** Moving (parentId) keeps the location in its site; null makes it a top-level location of the site. */
export const UpdateLocation = z.strictObject({
  parentId: z.uuid().nullable().optional(),
  kind: z.enum(LOCATION_KINDS).optional(),
  code: Code.optional(),
  name: Name.optional(),
  sort: z.number().int().min(0).max(100_000).optional(),
  active: z.boolean().optional(),
});

export const CreateRack = z.strictObject({
  locationId: z.uuid(),
  code: Code,
  units: z.number().int().min(1).max(60).default(42),
  powerKw: z.number().min(0).max(1000).nullable().default(null),
  notes: z.string().trim().max(2000).default(''),
});
export const UpdateRack = z.strictObject({
  locationId: z.uuid().optional(),
  code: Code.optional(),
  units: z.number().int().min(1).max(60).optional(),
  powerKw: z.number().min(0).max(1000).nullable().optional(),
  notes: z.string().trim().max(2000).optional(),
  active: z.boolean().optional(),
});

/** One entitlement of an organisation: a location (with everything below it) or a single rack. */
export const EntitlementDto = z
  .object({
    id: z.uuid(),
    orgId: z.uuid(),
    target: LocationRef,
    grantedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    grantedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'LocationEntitlement' });
export type EntitlementDto = z.infer<typeof EntitlementDto>;

/** Grant a location (covers its descendants and their racks) or a single rack: exactly one of the two. */
export const GrantEntitlement = z.strictObject({ locationId: z.uuid().optional(), rackId: z.uuid().optional() });

export const EntitledQuery = z.strictObject({
  /** Provider staff: whose locations (required for them). Customers: their own organisation only. */
  orgId: z.uuid().optional(),
  siteId: z.uuid().optional(),
});
