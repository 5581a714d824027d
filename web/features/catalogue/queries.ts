import { queryOptions } from '@tanstack/react-query';
import type { CatalogueHomeDto, CategoryDto, ItemAdminDto, ItemDetailDto } from '../../../contracts/catalogue';
import { get, qs } from '../../ui/api';

export type { CatalogueHomeDto, CategoryDto, ItemAdminDto, ItemDetailDto, ItemSummaryDto } from '../../../contracts/catalogue';

/** The catalogue as the reader may order from it; `q` searches on the server too (every language). */
export const catalogueQuery = (q?: string) =>
  queryOptions({
    queryKey: ['catalogue', 'home', q ?? ''],
    queryFn: ({ signal }) => get<CatalogueHomeDto>(`/api/v1/catalogue${qs({ q })}`, signal),
    staleTime: 60_000,
  });

export const catalogueItemQuery = (id: string) =>
  queryOptions({
    queryKey: ['catalogue', 'item', id],
    queryFn: ({ signal }) => get<ItemDetailDto>(`/api/v1/catalogue/items/${id}`, signal),
  });

export const catalogueCategoriesQuery = queryOptions({
  queryKey: ['catalogue', 'categories'],
  queryFn: ({ signal }) => get<{ items: CategoryDto[] }>('/api/v1/catalogue/categories', signal),
});

/** Who a person field may name (customers: their organisation; staff name it). */
export const orderPeopleQuery = (orgId?: string) =>
  queryOptions({
    queryKey: ['catalogue', 'people', orgId ?? 'mine'],
    queryFn: ({ signal }) => get<{ items: { id: string; name: string; email: string }[] }>(`/api/v1/catalogue/people${qs({ orgId })}`, signal),
    staleTime: 60_000,
  });

export const adminItemsQuery = queryOptions({
  queryKey: ['catalogue', 'admin', 'items'],
  queryFn: ({ signal }) => get<{ items: ItemAdminDto[] }>('/api/v1/catalogue/admin/items', signal),
});

export const taskGroupsQuery = queryOptions({
  queryKey: ['catalogue', 'admin', 'groups'],
  queryFn: ({ signal }) => get<{ items: { id: string; name: string }[] }>('/api/v1/catalogue/admin/groups', signal),
  staleTime: 60_000,
});

/** What depends on the locations a decommission removes (orders API). */
export const dependenciesQuery = (locationIds: string[]) =>
  queryOptions({
    queryKey: ['orders', 'dependencies', [...locationIds].sort().join(',')],
    queryFn: ({ signal }) => get<{ items: { kind: string; ref: string; label: string; link?: string }[] }>(`/api/v1/orders/dependencies${qs({ locationIds: locationIds.join(',') })}`, signal),
    enabled: locationIds.length > 0,
  });

/** The price as the reader's locale writes it ("NOK 500.00"); null = on quote. */
export function formatPrice(price: { amountCents: number; currency: string } | null, locale: string): string | null {
  if (!price) return null;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: price.currency }).format(price.amountCents / 100);
}
