import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EntitlementDto, LocationDto, LocationKind, RackDto, RegionDto, SiteDto } from '../../../contracts/sites';
import { del, patch, post } from '../../ui/api';

export type PlaceType = 'region' | 'site' | 'location' | 'rack';
const base: Record<PlaceType, string> = { region: '/api/v1/regions', site: '/api/v1/sites', location: '/api/v1/locations', rack: '/api/v1/racks' };

export type RegionInput = { code: string; name: string };
export type SiteInput = { regionId: string; code: string; name: string; address: string; country: string; timeZone: string };
export type LocationInput = { siteId: string; parentId: string | null; kind: LocationKind; code: string; name: string; sort: number };
export type RackInput = { locationId: string; code: string; units: number; powerKw: number | null; notes: string };
type Saved = RegionDto | SiteDto | LocationDto | RackDto;

/** Every change to the tree refreshes the tree and what organisations may use. */
function useTreeChange<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['sites'] }) });
}

/** Creates (no id) or changes (id) a region, site, location or rack. */
export const useSavePlace = () =>
  useTreeChange(({ type, id, body }: { type: PlaceType; id?: string; body: Record<string, unknown> }) => (id ? patch<Saved>(`${base[type]}/${id}`, body) : post<Saved>(base[type], body)));

/** Deactivates or reactivates a place. */
export const useSetPlaceActive = () => useTreeChange(({ type, id, active }: { type: PlaceType; id: string; active: boolean }) => patch<Saved>(`${base[type]}/${id}`, { active }));

/** Deletes a place nothing refers to (the server answers 409 IN_USE otherwise). */
export const useDeletePlace = () => useTreeChange(({ type, id }: { type: PlaceType; id: string }) => del(`${base[type]}/${id}`));

/** Entitles an organisation to a location (with everything below it) or a single rack. */
export const useGrantEntitlement = (orgId: string) =>
  useTreeChange((target: { locationId: string } | { rackId: string }) => post<EntitlementDto>(`/api/v1/orgs/${orgId}/location-entitlements`, target));

/** Takes an entitlement away. */
export const useRevokeEntitlement = (orgId: string) => useTreeChange((entitlementId: string) => del(`/api/v1/orgs/${orgId}/location-entitlements/${entitlementId}`));
