import { and, eq, inArray, sql } from 'drizzle-orm';
import { PATH_SEPARATOR, type LocationDto, type LocationRef, type RackDto } from '../../../contracts/sites.js';
import { rowsOf, type DbOrTx } from '../../platform/db/client.js';
import { NotFoundError } from '../../platform/errors.js';
import { locationEntitlements, locations, racks, regions, sites } from './sites.tables.js';

export type RegionRow = typeof regions.$inferSelect;
export type SiteRow = typeof sites.$inferSelect;
export type LocationRow = typeof locations.$inferSelect;
export type RackRow = typeof racks.$inferSelect;

const sqlIds = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** Every location and rack id the organisation may use: entitled locations with their active descendants, their racks, and single entitled racks. Inactive places, places below an inactive one and places of an inactive site are left out. */
export async function entitledIds(db: DbOrTx, orgId: string): Promise<{ locationIds: Set<string>; rackIds: Set<string> }> {
  const rows = rowsOf<{ id: string; kind: 'location' | 'rack' }>(
    await db.execute(sql`
      with recursive live(id) as (
        select l.id from locations l join sites s on s.id = l.site_id where l.parent_id is null and l.active and s.active
        union
        select c.id from locations c join live on c.parent_id = live.id where c.active
      ),
      tree(id) as (
        select e.location_id from location_entitlements e
        where e.org_id = ${orgId} and e.location_id in (select id from live)
        union
        select c.id from locations c join tree on c.parent_id = tree.id where c.id in (select id from live)
      )
      select id, 'location' as kind from tree
      union all
      select r.id, 'rack' as kind from racks r
      where r.active and (
        r.location_id in (select id from tree)
        or (
          r.id in (select e.rack_id from location_entitlements e where e.org_id = ${orgId} and e.rack_id is not null)
          and r.location_id in (select id from live)
        )
      )`),
  );
  const locationIds = new Set<string>();
  const rackIds = new Set<string>();
  for (const r of rows) (r.kind === 'rack' ? rackIds : locationIds).add(r.id);
  return { locationIds, rackIds };
}

/** The locations with all their ancestors (recursive CTE upwards), for building paths. */
async function withAncestors(db: DbOrTx, locationIds: string[]): Promise<Map<string, LocationRow>> {
  if (!locationIds.length) return new Map();
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      with recursive up(id) as (
        select id from locations where id in (${sqlIds(locationIds)})
        union
        select l.parent_id from locations l join up on l.id = up.id where l.parent_id is not null
      )
      select id from up`),
  );
  const all = rows.length ? await db.select().from(locations).where(inArray(locations.id, rows.map((r) => r.id))) : [];
  return new Map(all.map((l) => [l.id, l]));
}

/** "Building 1 › Hall A › Cage A01" for a location, from a map that holds its ancestors. */
function namesUp(byId: Map<string, LocationRow>, id: string): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let cur = byId.get(id); cur && !seen.has(cur.id); cur = cur.parentId ? byId.get(cur.parentId) : undefined) {
    seen.add(cur.id);
    names.unshift(cur.name);
  }
  return names;
}

/** LocationRefs (paths included) of location and rack ids; unknown ids are left out. */
export async function refsOf(db: DbOrTx, ids: readonly string[]): Promise<Map<string, LocationRef>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, LocationRef>();
  if (!unique.length) return out;
  const rackRows = await db.select().from(racks).where(inArray(racks.id, unique));
  const locIds = [...new Set([...unique.filter((id) => !rackRows.some((r) => r.id === id)), ...rackRows.map((r) => r.locationId)])];
  const byId = await withAncestors(db, locIds);
  const siteIds = [...new Set([...byId.values()].map((l) => l.siteId))];
  const siteRows = siteIds.length ? await db.select().from(sites).where(inArray(sites.id, siteIds)) : [];
  const siteById = new Map(siteRows.map((s) => [s.id, s]));
  for (const id of unique) {
    const loc = byId.get(id);
    const rack = rackRows.find((r) => r.id === id);
    if (loc) {
      const site = siteById.get(loc.siteId)!;
      out.set(id, { id, siteId: site.id, siteCode: site.code, siteName: site.name, kind: loc.kind, code: loc.code, name: loc.name, path: [site.code, ...namesUp(byId, id)].join(PATH_SEPARATOR), parentId: loc.parentId });
    } else if (rack) {
      const site = siteById.get(rack.siteId);
      if (!site) continue;
      const path = [site.code, ...namesUp(byId, rack.locationId), rack.code].join(PATH_SEPARATOR);
      out.set(id, { id, siteId: site.id, siteCode: site.code, siteName: site.name, kind: 'rack', code: rack.code, name: rack.code, path, parentId: rack.locationId });
    }
  }
  return out;
}

/** Sort key of refs: site code, then path. */
export const byPath = (a: LocationRef, b: LocationRef) => a.siteCode.localeCompare(b.siteCode) || a.path.localeCompare(b.path, undefined, { numeric: true });

/** Paths of every location of the given sites (all when omitted), from one load. */
export function pathsOf(siteRows: SiteRow[], locRows: LocationRow[]): Map<string, string> {
  const byId = new Map(locRows.map((l) => [l.id, l]));
  const siteCode = new Map(siteRows.map((s) => [s.id, s.code]));
  return new Map(locRows.map((l) => [l.id, [siteCode.get(l.siteId) ?? '?', ...namesUp(byId, l.id)].join(PATH_SEPARATOR)]));
}

export const locationDto = (l: LocationRow, path: string): LocationDto => ({ id: l.id, siteId: l.siteId, parentId: l.parentId, kind: l.kind, code: l.code, name: l.name, sort: l.sort, active: l.active, path });
export const rackDto = (r: RackRow, locationPath: string): RackDto => ({
  id: r.id,
  locationId: r.locationId,
  siteId: r.siteId,
  code: r.code,
  units: r.units,
  powerKw: r.powerKw === null ? null : Number(r.powerKw),
  notes: r.notes,
  active: r.active,
  path: `${locationPath}${PATH_SEPARATOR}${r.code}`,
});

export async function getRegion(tx: DbOrTx, id: string, lock = false): Promise<RegionRow> {
  const q = tx.select().from(regions).where(eq(regions.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('region');
  return row;
}
export async function getSite(tx: DbOrTx, id: string, lock = false): Promise<SiteRow> {
  const q = tx.select().from(sites).where(eq(sites.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('site');
  return row;
}
export async function getLocation(tx: DbOrTx, id: string, lock = false): Promise<LocationRow> {
  const q = tx.select().from(locations).where(eq(locations.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('location');
  return row;
}
export async function getRack(tx: DbOrTx, id: string, lock = false): Promise<RackRow> {
  const q = tx.select().from(racks).where(eq(racks.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('rack');
  return row;
}

/** An entitlement of the organisation, or 404 (also when it belongs to another organisation). */
export async function getEntitlementInOrg(tx: DbOrTx, orgId: string, id: string) {
  const [row] = await tx.select().from(locationEntitlements).where(and(eq(locationEntitlements.orgId, orgId), eq(locationEntitlements.id, id)));
  if (!row) throw new NotFoundError('entitlement');
  return row;
}

/** The ids of a location's descendants (not itself), by recursive CTE. */
export async function descendantIds(tx: DbOrTx, id: string): Promise<Set<string>> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      with recursive down(id) as (
        select id from locations where parent_id = ${id}
        union
        select c.id from locations c join down on c.parent_id = down.id
      )
      select id from down`),
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Whether a customer was ever entitled to the place or to a location it lies in (the audit log keeps
 * every grant): orders and access grants may name it then, so it is deactivated, never deleted.
 */
export async function everEntitled(tx: DbOrTx, place: { locationId: string } | { rackId: string; locationId: string }): Promise<boolean> {
  const up = [...(await withAncestors(tx, [place.locationId])).keys()];
  const rackId = 'rackId' in place ? place.rackId : null;
  const rows = rowsOf<{ one: number }>(
    await tx.execute(sql`
      select 1 as one from location_entitlements
        where location_id in (${sqlIds(up)}) ${rackId ? sql`or rack_id = ${rackId}` : sql``}
      union all
      (select 1 as one from audit_log
        where action = 'sites.entitlement_granted'
          and (after->>'locationId' in (${sql.join(up.map((id) => sql`${id}`), sql`, `)}) ${rackId ? sql`or after->>'rackId' = ${rackId}` : sql``})
        limit 1)
      limit 1`),
  );
  return rows.length > 0;
}
