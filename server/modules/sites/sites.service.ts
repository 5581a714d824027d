import { and, asc, count, eq, inArray, ne } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import {
  CreateLocation,
  CreateRack,
  CreateRegion,
  CreateSite,
  EntitledQuery,
  GrantEntitlement,
  UpdateLocation,
  UpdateRack,
  UpdateRegion,
  UpdateSite,
  type EntitlementDto,
  type LocationDto,
  type LocationRef,
  type RackDto,
  type RegionDto,
  type SiteDto,
  type SitesTreeDto,
} from '../../../contracts/sites.js';
import type { Permission } from '../../../contracts/permissions.js';
import { audit } from '../../platform/audit.js';
import { auditSource, requireActor, requirePermission, withTx, type AuthedCtx, type Ctx } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { AppError, ConflictError, ForbiddenError, NotFoundError, UnprocessableError, ValidationError } from '../../platform/errors.js';
import { outbox } from '../../platform/outbox.js';
import { organizations } from '../../platform/tenancy.js';
import { userRefs } from '../identity/index.js';
import { byPath, descendantIds, entitledIds, everEntitled, getEntitlementInOrg, getLocation, getRack, getRegion, getSite, locationDto, pathsOf, rackDto, refsOf, type LocationRow, type RackRow } from './internal.js';
import { locationEntitlements, locations, racks, regions, sites } from './sites.tables.js';

/** Throws 403 unless the actor holds one of the permissions. */
function requireAny(ctx: Ctx, ...perms: Permission[]): asserts ctx is AuthedCtx {
  requireActor(ctx);
  if (!perms.some((p) => ctx.actor.permissions.has(p))) throw new ForbiddenError();
}
const isStaffReader = (ctx: AuthedCtx) => ctx.actor.orgKind === 'provider' && (ctx.actor.permissions.has('orgs.read_all') || ctx.actor.permissions.has('sites.manage'));

const codeTaken = (what: string, code: string) => new AppError(409, 'CODE_TAKEN', `The ${what} code ${code} is already used.`, { errors: [{ path: 'body.code', message: 'is already used' }] });
const inUse = (message: string) => new ConflictError('IN_USE', message);

const regionDto = (r: typeof regions.$inferSelect): RegionDto => ({ id: r.id, code: r.code, name: r.name, active: r.active });
const siteDto = (s: typeof sites.$inferSelect): SiteDto => ({ id: s.id, regionId: s.regionId, code: s.code, name: s.name, address: s.address, country: s.country, timeZone: s.timeZone, active: s.active });

async function pathOf(tx: DbOrTx, locationId: string): Promise<string> {
  return (await refsOf(tx, [locationId])).get(locationId)!.path;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The whole tree (regions, sites, locations, racks), inactive ones included. Provider staff (`orgs.read_all` or `sites.manage`). */
export async function sitesTree(ctx: Ctx): Promise<SitesTreeDto> {
  requireAny(ctx, 'orgs.read_all', 'sites.manage');
  if (!isStaffReader(ctx)) throw new ForbiddenError();
  const [regionRows, siteRows, locRows, rackRows, holderRows] = await Promise.all([
    ctx.db.select().from(regions).orderBy(asc(regions.name)),
    ctx.db.select().from(sites).orderBy(asc(sites.code)),
    ctx.db.select().from(locations).orderBy(asc(locations.sort), asc(locations.code)),
    ctx.db.select().from(racks).orderBy(asc(racks.code)),
    ctx.db
      .select({ locationId: locationEntitlements.locationId, rackId: locationEntitlements.rackId, orgId: organizations.id, orgName: organizations.name })
      .from(locationEntitlements)
      .innerJoin(organizations, eq(organizations.id, locationEntitlements.orgId))
      .orderBy(asc(organizations.name)),
  ]);
  const paths = pathsOf(siteRows, locRows);
  return {
    regions: regionRows.map(regionDto),
    sites: siteRows.map(siteDto),
    locations: locRows.map((l) => locationDto(l, paths.get(l.id)!)),
    racks: rackRows.map((r) => rackDto(r, paths.get(r.locationId) ?? '')),
    holders: holderRows.map((h) => ({ targetId: (h.locationId ?? h.rackId)!, orgId: h.orgId, orgName: h.orgName })),
  };
}

/** The organisation whose entitlements a caller asks about: customers their own (another id → 404), staff any customer organisation. */
async function customerOrgFor(ctx: AuthedCtx, orgId: string | undefined): Promise<string> {
  if (ctx.actor.orgKind === 'customer') {
    if (orgId && orgId !== ctx.actor.orgId) throw new NotFoundError('organisation');
    return ctx.actor.orgId;
  }
  if (!isStaffReader(ctx)) throw new ForbiddenError();
  if (!orgId) throw new ValidationError([{ path: 'querystring.orgId', message: 'is required for provider staff' }]);
  const [org] = await ctx.db.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.id, orgId), eq(organizations.kind, 'customer')));
  if (!org) throw new NotFoundError('organisation');
  return org.id;
}

/**
 * The locations and racks an organisation may use, with their sites. Customers: their own
 * organisation; provider staff (`orgs.read_all`): any customer organisation (orgId required).
 */
export async function listEntitled(ctx: Ctx, query: z.input<typeof EntitledQuery>): Promise<{ items: LocationRef[]; sites: SiteDto[] }> {
  requireActor(ctx);
  const q = EntitledQuery.parse(query);
  const orgId = await customerOrgFor(ctx, q.orgId);
  const { locationIds, rackIds } = await entitledIds(ctx.db, orgId);
  let items = [...(await refsOf(ctx.db, [...locationIds, ...rackIds])).values()].sort(byPath);
  if (q.siteId) items = items.filter((i) => i.siteId === q.siteId);
  const siteIds = [...new Set(items.map((i) => i.siteId))];
  const siteRows = siteIds.length ? await ctx.db.select().from(sites).where(inArray(sites.id, siteIds)).orderBy(asc(sites.code)) : [];
  return { items, sites: siteRows.map(siteDto) };
}

/** One location or rack: provider staff any; a customer only one their organisation may use (else 404). */
export async function getLocationFor(ctx: Ctx, id: string): Promise<LocationRef> {
  requireActor(ctx);
  if (!isStaffReader(ctx)) {
    if (ctx.actor.orgKind === 'provider') throw new ForbiddenError();
    const { locationIds, rackIds } = await entitledIds(ctx.db, ctx.actor.orgId);
    if (!locationIds.has(id) && !rackIds.has(id)) throw new NotFoundError('location');
  }
  const ref = (await refsOf(ctx.db, [id])).get(id);
  if (!ref) throw new NotFoundError('location');
  return ref;
}

// ---------------------------------------------------------------------------------------------
// Regions

/** Creates a region. Requires `sites.manage`. */
export async function createRegion(ctx: Ctx, input: z.input<typeof CreateRegion>): Promise<RegionDto> {
  requirePermission(ctx, 'sites.manage');
  const data = CreateRegion.parse(input);
  return withTx(ctx, async (tx) => {
    if ((await tx.select({ id: regions.id }).from(regions).where(eq(regions.code, data.code))).length) throw codeTaken('region', data.code);
    const [row] = await tx.insert(regions).values({ id: uuidv7(), code: data.code, name: data.name }).returning();
    await audit(tx, auditSource(ctx), { orgId: null, action: 'sites.region_created', targetType: 'region', targetId: row!.id, after: regionDto(row!) });
    return regionDto(row!);
  });
}

/** Renames or (de)activates a region. Requires `sites.manage`. */
export async function updateRegion(ctx: Ctx, id: string, input: z.input<typeof UpdateRegion>): Promise<RegionDto> {
  requirePermission(ctx, 'sites.manage');
  const data = UpdateRegion.parse(input);
  return withTx(ctx, async (tx) => {
    const before = await getRegion(tx, id, true);
    if (data.code && data.code !== before.code && (await tx.select({ id: regions.id }).from(regions).where(and(eq(regions.code, data.code), ne(regions.id, id)))).length) throw codeTaken('region', data.code);
    const [row] = await tx.update(regions).set(data).where(eq(regions.id, id)).returning();
    await audit(tx, auditSource(ctx), { orgId: null, action: 'sites.region_updated', targetType: 'region', targetId: id, before: regionDto(before), after: regionDto(row!) });
    return regionDto(row!);
  });
}

/** Deletes a region without sites (else 409 IN_USE). Requires `sites.manage`. */
export async function deleteRegion(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'sites.manage');
  await withTx(ctx, async (tx) => {
    const before = await getRegion(tx, id, true);
    const [n] = await tx.select({ n: count() }).from(sites).where(eq(sites.regionId, id));
    if (Number(n?.n ?? 0) > 0) throw inUse(`The region ${before.code} still has sites. Move or delete them first, or deactivate the region.`);
    await tx.delete(regions).where(eq(regions.id, id));
    await audit(tx, auditSource(ctx), { orgId: null, action: 'sites.region_deleted', targetType: 'region', targetId: id, before: regionDto(before) });
  });
}

// ---------------------------------------------------------------------------------------------
// Sites

async function regionMustExist(tx: DbOrTx, regionId: string) {
  const [r] = await tx.select({ id: regions.id }).from(regions).where(eq(regions.id, regionId));
  if (!r) throw new UnprocessableError([{ path: 'body.regionId', message: 'is not a region' }]);
}

/** Creates a site in a region. Requires `sites.manage`. */
export async function createSite(ctx: Ctx, input: z.input<typeof CreateSite>): Promise<SiteDto> {
  requirePermission(ctx, 'sites.manage');
  const data = CreateSite.parse(input);
  return withTx(ctx, async (tx) => {
    await regionMustExist(tx, data.regionId);
    if ((await tx.select({ id: sites.id }).from(sites).where(eq(sites.code, data.code))).length) throw codeTaken('site', data.code);
    const [row] = await tx.insert(sites).values({ id: uuidv7(), ...data }).returning();
    await audit(tx, auditSource(ctx), { orgId: null, action: 'sites.site_created', targetType: 'site', targetId: row!.id, after: siteDto(row!) });
    return siteDto(row!);
  });
}

/** Changes a site (region, code, name, address, country, time zone, active). Requires `sites.manage`. */
export async function updateSite(ctx: Ctx, id: string, input: z.input<typeof UpdateSite>): Promise<SiteDto> {
  requirePermission(ctx, 'sites.manage');
  const data = UpdateSite.parse(input);
  return withTx(ctx, async (tx) => {
    const before = await getSite(tx, id, true);
    if (data.regionId) await regionMustExist(tx, data.regionId);
    if (data.code && data.code !== before.code && (await tx.select({ id: sites.id }).from(sites).where(and(eq(sites.code, data.code), ne(sites.id, id)))).length) throw codeTaken('site', data.code);
    const [row] = await tx.update(sites).set(data).where(eq(sites.id, id)).returning();
    await audit(tx, auditSource(ctx), { orgId: null, action: 'sites.site_updated', targetType: 'site', targetId: id, before: siteDto(before), after: siteDto(row!) });
    return siteDto(row!);
  });
}

/** Deletes a site without locations (else 409 IN_USE). Requires `sites.manage`. */
export async function deleteSite(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'sites.manage');
  await withTx(ctx, async (tx) => {
    const before = await getSite(tx, id, true);
    const [n] = await tx.select({ n: count() }).from(locations).where(eq(locations.siteId, id));
    if (Number(n?.n ?? 0) > 0) throw inUse(`The site ${before.code} still has locations. Delete them first, or deactivate the site.`);
    await tx.delete(sites).where(eq(sites.id, id));
    await audit(tx, auditSource(ctx), { orgId: null, action: 'sites.site_deleted', targetType: 'site', targetId: id, before: siteDto(before) });
  });
}

// ---------------------------------------------------------------------------------------------
// Locations

async function locationCodeFree(tx: DbOrTx, siteId: string, code: string, exceptId?: string) {
  const rows = await tx
    .select({ id: locations.id })
    .from(locations)
    .where(and(eq(locations.siteId, siteId), eq(locations.code, code), exceptId ? ne(locations.id, exceptId) : undefined));
  if (rows.length) throw codeTaken('location', code);
}

/** Creates a location in a site, at the top or under a parent of the same site. Requires `sites.manage`. */
export async function createLocation(ctx: Ctx, input: z.input<typeof CreateLocation>): Promise<LocationDto> {
  requirePermission(ctx, 'sites.manage');
  const data = CreateLocation.parse(input);
  return withTx(ctx, async (tx) => {
    const [site] = await tx.select({ id: sites.id }).from(sites).where(eq(sites.id, data.siteId));
    if (!site) throw new UnprocessableError([{ path: 'body.siteId', message: 'is not a site' }]);
    if (data.parentId) {
      const [parent] = await tx.select().from(locations).where(eq(locations.id, data.parentId));
      if (!parent) throw new UnprocessableError([{ path: 'body.parentId', message: 'is not a location' }]);
      if (parent.siteId !== data.siteId) throw new UnprocessableError([{ path: 'body.parentId', message: 'is in another site' }]);
    }
    await locationCodeFree(tx, data.siteId, data.code);
    const [row] = await tx.insert(locations).values({ id: uuidv7(), ...data }).returning();
    const dto = locationDto(row!, await pathOf(tx, row!.id));
    await audit(tx, auditSource(ctx), { orgId: null, action: 'sites.location_created', targetType: 'location', targetId: row!.id, after: dto });
    return dto;
  });
}

/**
 * Changes a location; moving it (parentId) keeps it in its site and never under itself or one of its
 * descendants (422 naming body.parentId). Requires `sites.manage`.
 */
export async function updateLocation(ctx: Ctx, id: string, input: z.input<typeof UpdateLocation>): Promise<LocationDto> {
  requirePermission(ctx, 'sites.manage');
  const data = UpdateLocation.parse(input);
  return withTx(ctx, async (tx) => {
    const before = await getLocation(tx, id, true);
    if (data.parentId !== undefined && data.parentId !== null && data.parentId !== before.parentId) {
      const [parent] = await tx.select().from(locations).where(eq(locations.id, data.parentId));
      if (!parent) throw new UnprocessableError([{ path: 'body.parentId', message: 'is not a location' }]);
      if (parent.siteId !== before.siteId) throw new UnprocessableError([{ path: 'body.parentId', message: 'is in another site; a location stays in its site' }]);
      if (parent.id === id || (await descendantIds(tx, id)).has(parent.id)) throw new UnprocessableError([{ path: 'body.parentId', message: 'is this location or lies below it' }]);
    }
    if (data.code && data.code !== before.code) await locationCodeFree(tx, before.siteId, data.code, id);
    const beforeDto = locationDto(before, await pathOf(tx, id));
    const [row] = await tx.update(locations).set(data).where(eq(locations.id, id)).returning();
    const dto = locationDto(row!, await pathOf(tx, id));
    await audit(tx, auditSource(ctx), { orgId: null, action: 'sites.location_updated', targetType: 'location', targetId: id, before: beforeDto, after: dto });
    return dto;
  });
}

/**
 * Deletes a location nothing refers to (else 409 IN_USE): no sub-locations, racks or entitlements, and no
 * customer ever entitled to it or a location it lies in (orders and grants may name it). Requires `sites.manage`.
 */
export async function deleteLocation(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'sites.manage');
  await withTx(ctx, async (tx) => {
    const before = await getLocation(tx, id, true);
    const [children] = await tx.select({ n: count() }).from(locations).where(eq(locations.parentId, id));
    const [rackN] = await tx.select({ n: count() }).from(racks).where(eq(racks.locationId, id));
    const [ents] = await tx.select({ n: count() }).from(locationEntitlements).where(eq(locationEntitlements.locationId, id));
    if (Number(children?.n ?? 0) + Number(rackN?.n ?? 0) > 0) throw inUse(`${before.name} still holds locations or racks. Remove them first, or deactivate it.`);
    if (Number(ents?.n ?? 0) > 0) throw inUse(`${before.name} is entitled to a customer. Revoke the entitlement first, or deactivate it.`);
    if (await everEntitled(tx, { locationId: id })) throw inUse(`${before.name} is or was used by a customer, so orders and access grants may name it. Deactivate it instead.`);
    const beforeDto = locationDto(before, await pathOf(tx, id));
    await tx.delete(locations).where(eq(locations.id, id));
    await audit(tx, auditSource(ctx), { orgId: null, action: 'sites.location_deleted', targetType: 'location', targetId: id, before: beforeDto });
  });
}

// ---------------------------------------------------------------------------------------------
// Racks

async function rackLocation(tx: DbOrTx, locationId: string): Promise<LocationRow> {
  const [loc] = await tx.select().from(locations).where(eq(locations.id, locationId));
  if (!loc) throw new UnprocessableError([{ path: 'body.locationId', message: 'is not a location' }]);
  return loc;
}
async function rackCodeFree(tx: DbOrTx, siteId: string, code: string, exceptId?: string) {
  const rows = await tx
    .select({ id: racks.id })
    .from(racks)
    .where(and(eq(racks.siteId, siteId), eq(racks.code, code), exceptId ? ne(racks.id, exceptId) : undefined));
  if (rows.length) throw codeTaken('rack', code);
}
const rackOut = async (tx: DbOrTx, r: RackRow) => rackDto(r, await pathOf(tx, r.locationId));

/** Creates a rack in a location. Requires `sites.manage`. */
export async function createRack(ctx: Ctx, input: z.input<typeof CreateRack>): Promise<RackDto> {
  requirePermission(ctx, 'sites.manage');
  const data = CreateRack.parse(input);
  return withTx(ctx, async (tx) => {
    const loc = await rackLocation(tx, data.locationId);
    await rackCodeFree(tx, loc.siteId, data.code);
    const [row] = await tx.insert(racks).values({ id: uuidv7(), siteId: loc.siteId, ...data }).returning();
    const dto = await rackOut(tx, row!);
    await audit(tx, auditSource(ctx), { orgId: null, action: 'sites.rack_created', targetType: 'rack', targetId: row!.id, after: dto });
    return dto;
  });
}

/** Changes a rack; moving it keeps it in its site (422 naming body.locationId). Requires `sites.manage`. */
export async function updateRack(ctx: Ctx, id: string, input: z.input<typeof UpdateRack>): Promise<RackDto> {
  requirePermission(ctx, 'sites.manage');
  const data = UpdateRack.parse(input);
  return withTx(ctx, async (tx) => {
    const before = await getRack(tx, id, true);
    if (data.locationId && data.locationId !== before.locationId) {
      const loc = await rackLocation(tx, data.locationId);
      if (loc.siteId !== before.siteId) throw new UnprocessableError([{ path: 'body.locationId', message: 'is in another site; a rack stays in its site' }]);
    }
    if (data.code && data.code !== before.code) await rackCodeFree(tx, before.siteId, data.code, id);
    const beforeDto = await rackOut(tx, before);
    const [row] = await tx.update(racks).set(data).where(eq(racks.id, id)).returning();
    const dto = await rackOut(tx, row!);
    await audit(tx, auditSource(ctx), { orgId: null, action: 'sites.rack_updated', targetType: 'rack', targetId: id, before: beforeDto, after: dto });
    return dto;
  });
}

/** Deletes a rack no customer is or was entitled to, directly or through its location (else 409 IN_USE). Requires `sites.manage`. */
export async function deleteRack(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'sites.manage');
  await withTx(ctx, async (tx) => {
    const before = await getRack(tx, id, true);
    const [ents] = await tx.select({ n: count() }).from(locationEntitlements).where(eq(locationEntitlements.rackId, id));
    if (Number(ents?.n ?? 0) > 0) throw inUse(`Rack ${before.code} is entitled to a customer. Revoke the entitlement first, or deactivate it.`);
    if (await everEntitled(tx, { rackId: id, locationId: before.locationId })) throw inUse(`Rack ${before.code} is or was used by a customer, so orders and access grants may name it. Deactivate it instead.`);
    const beforeDto = await rackOut(tx, before);
    await tx.delete(racks).where(eq(racks.id, id));
    await audit(tx, auditSource(ctx), { orgId: null, action: 'sites.rack_deleted', targetType: 'rack', targetId: id, before: beforeDto });
  });
}

// ---------------------------------------------------------------------------------------------
// Entitlements

async function customerOrg(tx: DbOrTx, orgId: string) {
  const [org] = await tx.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.id, orgId), eq(organizations.kind, 'customer')));
  if (!org) throw new NotFoundError('organisation');
}

async function entitlementDtos(tx: DbOrTx, rows: (typeof locationEntitlements.$inferSelect)[]): Promise<EntitlementDto[]> {
  const refs = await refsOf(tx, rows.map((r) => (r.locationId ?? r.rackId)!));
  const people = await userRefs(tx, rows.map((r) => r.grantedBy).filter((x): x is string => !!x));
  return rows
    .map((r) => {
      const person = r.grantedBy ? people.get(r.grantedBy) : undefined;
      return { id: r.id, orgId: r.orgId, target: refs.get((r.locationId ?? r.rackId)!)!, grantedBy: person ? { id: person.id, name: person.name } : null, grantedAt: r.grantedAt.toISOString() };
    })
    .filter((e) => e.target)
    .sort((a, b) => byPath(a.target, b.target));
}

/** An organisation's entitlements (what was granted, not what it covers). Provider staff (`orgs.read_all`). */
export async function listEntitlements(ctx: Ctx, orgId: string): Promise<{ items: EntitlementDto[] }> {
  requireAny(ctx, 'orgs.read_all', 'sites.manage');
  if (!isStaffReader(ctx)) throw new ForbiddenError();
  await customerOrg(ctx.db, orgId);
  const rows = await ctx.db.select().from(locationEntitlements).where(eq(locationEntitlements.orgId, orgId));
  return { items: await entitlementDtos(ctx.db, rows) };
}

/**
 * Entitles a customer organisation to a location (and so everything below it) or a single rack;
 * granting what it already has changes nothing. Audited, outbox `sites.entitlement_granted`.
 * Requires `orgs.manage` or `sites.manage`.
 */
export async function grantEntitlement(ctx: Ctx, orgId: string, input: z.input<typeof GrantEntitlement>): Promise<EntitlementDto> {
  requireAny(ctx, 'orgs.manage', 'sites.manage');
  const data = GrantEntitlement.parse(input);
  if (!!data.locationId === !!data.rackId) throw new ValidationError([{ path: 'body', message: 'must name exactly one of locationId and rackId' }]);
  return withTx(ctx, async (tx) => {
    await customerOrg(tx, orgId);
    if (data.locationId) {
      const [loc] = await tx.select({ id: locations.id }).from(locations).where(eq(locations.id, data.locationId));
      if (!loc) throw new UnprocessableError([{ path: 'body.locationId', message: 'is not a location' }]);
    } else {
      const [rack] = await tx.select({ id: racks.id }).from(racks).where(eq(racks.id, data.rackId!));
      if (!rack) throw new UnprocessableError([{ path: 'body.rackId', message: 'is not a rack' }]);
    }
    const target = data.locationId ? eq(locationEntitlements.locationId, data.locationId) : eq(locationEntitlements.rackId, data.rackId!);
    const [existing] = await tx.select().from(locationEntitlements).where(and(eq(locationEntitlements.orgId, orgId), target));
    if (existing) return (await entitlementDtos(tx, [existing]))[0]!;
    const [row] = await tx
      .insert(locationEntitlements)
      .values({ id: uuidv7(), orgId, locationId: data.locationId ?? null, rackId: data.rackId ?? null, grantedBy: ctx.actor.userId })
      .returning();
    const dto = (await entitlementDtos(tx, [row!]))[0]!;
    await audit(tx, auditSource(ctx), { orgId, action: 'sites.entitlement_granted', targetType: 'location_entitlement', targetId: row!.id, after: { target: dto.target.path, locationId: row!.locationId, rackId: row!.rackId } });
    await outbox(tx, 'sites.entitlement_granted', orgId, { entitlementId: row!.id, locationId: row!.locationId, rackId: row!.rackId });
    return dto;
  });
}

/** Takes an entitlement away (another organisation's id → 404). Audited, outbox `sites.entitlement_revoked`. Requires `orgs.manage` or `sites.manage`. */
export async function revokeEntitlement(ctx: Ctx, orgId: string, id: string): Promise<void> {
  requireAny(ctx, 'orgs.manage', 'sites.manage');
  await withTx(ctx, async (tx) => {
    await customerOrg(tx, orgId);
    const row = await getEntitlementInOrg(tx, orgId, id);
    const ref = (await refsOf(tx, [(row.locationId ?? row.rackId)!])).get((row.locationId ?? row.rackId)!);
    await tx.delete(locationEntitlements).where(and(eq(locationEntitlements.orgId, orgId), eq(locationEntitlements.id, id)));
    await audit(tx, auditSource(ctx), { orgId, action: 'sites.entitlement_revoked', targetType: 'location_entitlement', targetId: id, before: { target: ref?.path ?? null, locationId: row.locationId, rackId: row.rackId } });
    await outbox(tx, 'sites.entitlement_revoked', orgId, { entitlementId: id, locationId: row.locationId, rackId: row.rackId });
  });
}
