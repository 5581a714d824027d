import { z } from 'zod';

/** Physical access: grants, access events, who is on site, reports (issue 4, seed 000). */

export const GRANT_KINDS = ['visit', 'permanent'] as const;
/** Stored statuses plus "upcoming" (active, not yet valid), derived when read. */
export const GRANT_STATUSES = ['upcoming', 'active', 'expired', 'revoked', 'lapsed'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
export const EVENT_FLAGS = ['none', 'no_grant', 'denied', 'unknown_badge'] as const;
export type EventFlag = (typeof EVENT_FLAGS)[number];

const Iso = z.iso.datetime({ offset: true });
const Ref = z.object({ id: z.uuid(), name: z.string() });

export const GrantLocation = z.object({ id: z.uuid(), path: z.string() }).meta({ id: 'AccessGrantLocation' });

export const GrantDto = z
  .object({
    id: z.uuid(),
    org: Ref,
    person: z.object({ userId: z.uuid().nullable(), name: z.string(), company: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }),
    badgeId: z.string().nullable(),
    locations: z.array(GrantLocation),
    validFrom: Iso,
    validUntil: Iso,
    kind: z.enum(GRANT_KINDS),
    status: z.enum(GRANT_STATUSES),
    order: z.object({ id: z.uuid(), ref: z.string().nullable() }).nullable(),
    revokedAt: Iso.nullable(),
    revokedBy: Ref.nullable(),
    revokeReason: z.string().nullable(),
    lastUsedAt: Iso.nullable(),
    createdAt: Iso,
    abilities: z.object({ revoke: z.boolean() }),
  })
  .meta({ id: 'AccessGrant' });
export type GrantDto = z.infer<typeof GrantDto>;

export const GrantQuery = z.strictObject({
  orgId: z.uuid().optional(),
  /** current = upcoming or active (the default view). */
  status: z.enum([...GRANT_STATUSES, 'current', 'all']).default('current'),
  q: z.string().trim().max(120).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const RevokeGrant = z.strictObject({ reason: z.string().trim().min(3).max(500) });

export const AccessSettingsDto = z
  .object({
    maxVisitDays: z.number().int().min(1).max(90),
    badgeValidityDays: z.number().int().min(1).max(3650),
    lapseAfterUnusedDays: z.number().int().min(7).max(3650),
  })
  .meta({ id: 'AccessSettings' });
export const UpdateAccessSettings = z.strictObject({
  maxVisitDays: z.number().int().min(1).max(90),
  badgeValidityDays: z.number().int().min(1).max(3650),
  lapseAfterUnusedDays: z.number().int().min(7).max(3650),
});

/**
 * One event of the physical access-control system (docs/integrations.md). `person` is a Portico user id
 * or an e-mail address (members and visitors); `badgeId` the card read. At least one of them.
 */
export const AccessEventInput = z
  .strictObject({
    eventId: z.string().trim().min(1).max(200),
    badgeId: z.string().trim().min(1).max(100).optional(),
    person: z.string().trim().min(1).max(254).optional(),
    locationId: z.uuid(),
    reader: z.string().trim().max(120).optional(),
    direction: z.enum(['in', 'out']),
    occurredAt: Iso,
    result: z.enum(['granted', 'denied']),
  })
  .refine((e) => e.badgeId !== undefined || e.person !== undefined, { message: 'name the person or the badge', path: ['badgeId'] });
export type AccessEventInput = z.infer<typeof AccessEventInput>;
export const MAX_EVENTS_PER_BATCH = 1000;
export const AccessEventBatch = z.array(AccessEventInput).min(1).max(MAX_EVENTS_PER_BATCH);

export const IngestResult = z
  .object({ received: z.number().int(), stored: z.number().int(), duplicates: z.number().int(), matched: z.number().int(), flagged: z.number().int() })
  .meta({ id: 'AccessIngestResult' });
export type IngestResult = z.infer<typeof IngestResult>;

export const ImportResult = z
  .object({
    imported: z.number().int(),
    duplicates: z.number().int(),
    flagged: z.number().int(),
    errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
  })
  .meta({ id: 'AccessImportResult' });

export const AccessEventDto = z
  .object({
    id: z.uuid(),
    org: Ref.nullable(),
    eventId: z.string(),
    occurredAt: Iso,
    person: z.string(),
    company: z.string().nullable(),
    badgeId: z.string().nullable(),
    location: GrantLocation.nullable(),
    reader: z.string().nullable(),
    direction: z.enum(['in', 'out']),
    result: z.enum(['granted', 'denied']),
    grantId: z.uuid().nullable(),
    flag: z.enum(EVENT_FLAGS),
    flagHandledAt: Iso.nullable(),
    flagHandledBy: Ref.nullable(),
  })
  .meta({ id: 'AccessEvent' });
export type AccessEventDto = z.infer<typeof AccessEventDto>;

export const ActivityQuery = z.strictObject({
  orgId: z.uuid().optional(),
  from: Iso,
  to: Iso,
  person: z.string().trim().max(120).optional(),
  locationId: z.uuid().optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const ActivityExportQuery = ActivityQuery.omit({ cursor: true, limit: true });

export const FlaggedQuery = z.strictObject({
  orgId: z.uuid().optional(),
  flag: z.enum(['no_grant', 'denied', 'unknown_badge']).optional(),
  handled: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const HandleFlags = z.strictObject({ ids: z.array(z.uuid()).min(1).max(200) });

export const OnSiteDto = z
  .object({
    personKey: z.string(),
    person: z.string(),
    company: z.string().nullable(),
    since: Iso,
    location: GrantLocation.nullable(),
    reader: z.string().nullable(),
    grantId: z.uuid().nullable(),
  })
  .meta({ id: 'AccessOnSite' });
export const OnSiteQuery = z.strictObject({ orgId: z.uuid().optional() });

export const MonthQuery = z.strictObject({ orgId: z.uuid().optional(), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'), lang: z.enum(['en', 'de', 'nb', 'ru']).optional() });
