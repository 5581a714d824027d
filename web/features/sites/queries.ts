import { queryOptions } from '@tanstack/react-query';
import type { EntitlementDto, LocationRef, SiteDto, SitesTreeDto } from '../../../contracts/sites';
import { get, qs } from '../../ui/api';

export type { EntitlementDto, LocationDto, LocationRef, RackDto, RegionDto, SiteDto, SitesTreeDto } from '../../../contracts/sites';

/** Regions, sites, locations and racks, inactive ones included (provider staff). */
export const sitesTreeQuery = queryOptions({
  queryKey: ['sites', 'tree'],
  queryFn: ({ signal }) => get<SitesTreeDto>('/api/v1/sites/tree', signal),
});

export type Entitled = { items: LocationRef[]; sites: SiteDto[] };

/** What an organisation may use: customers their own (no orgId), staff name the organisation. */
export const entitledQuery = (orgId?: string, siteId?: string) =>
  queryOptions({
    queryKey: ['sites', 'entitled', orgId ?? 'mine', siteId ?? 'all'],
    queryFn: ({ signal }) => get<Entitled>(`/api/v1/locations/entitled${qs({ orgId, siteId })}`, signal),
    staleTime: 60_000,
  });

/** An organisation's entitlements as granted (provider staff). */
export const entitlementsQuery = (orgId: string) =>
  queryOptions({
    queryKey: ['sites', 'entitlements', orgId],
    queryFn: ({ signal }) => get<{ items: EntitlementDto[] }>(`/api/v1/orgs/${orgId}/location-entitlements`, signal),
  });
