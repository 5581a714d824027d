import type { LocationRef } from '../../../contracts/sites.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { UnprocessableError } from '../../platform/errors.js';
import { byPath, entitledIds, refsOf } from './internal.js';

/**
 * Every location (and rack, kind 'rack') the organisation may use: its entitled locations with all
 * their active descendants and racks, and single entitled racks; sorted by site and path.
 */
export async function entitledLocations(db: DbOrTx, orgId: string): Promise<LocationRef[]> {
  const { locationIds, rackIds } = await entitledIds(db, orgId);
  const refs = await refsOf(db, [...locationIds, ...rackIds]);
  return [...refs.values()].sort(byPath);
}

/**
 * Throws 422 LOCATION_NOT_ENTITLED naming `${path}.${i}` for every id the organisation may not use.
 * Unknown ids answer the same, so another organisation's location is never revealed.
 */
export async function assertLocationsEntitled(db: DbOrTx, orgId: string, locationIds: string[], path: string): Promise<void> {
  if (!locationIds.length) return;
  const { locationIds: locs, rackIds } = await entitledIds(db, orgId);
  const errors = locationIds.flatMap((id, i) => (locs.has(id) || rackIds.has(id) ? [] : [{ path: `${path}.${i}`, message: 'is not a location your organisation may use' }]));
  if (errors.length) throw new UnprocessableError(errors, 'LOCATION_NOT_ENTITLED');
}

/** LocationRefs of location or rack ids (paths included); unknown ids are left out of the map. */
export async function locationRefs(db: DbOrTx, ids: readonly string[]): Promise<Map<string, LocationRef>> {
  return refsOf(db, ids);
}
