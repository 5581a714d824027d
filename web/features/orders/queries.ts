import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { ORDER_QUEUES, ORDER_STATUSES, type OrderDto, type OrderEventDto, type OrderListItemDto, type OrderStatus } from '../../../contracts/orders';
import { get, qs, type PageOf } from '../../ui/api';
import { can, type Me } from '../auth/queries';

export type Order = OrderDto;
export type OrderListItem = OrderListItemDto;
export type OrderEvent = OrderEventDto;
export type OrderQueue = (typeof ORDER_QUEUES)[number];

/** The list's filters as they stand in the address bar of /orders. */
export type OrderSearch = { status?: OrderStatus; kind?: string; itemId?: string; requesterId?: string; orgId?: string; from?: string; to?: string; q?: string; queue?: OrderQueue };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const uuid = (v: unknown) => (typeof v === 'string' && UUID.test(v) ? v : undefined);
const day = (v: unknown) => (typeof v === 'string' && DAY.test(v) ? v : undefined);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 100) : undefined);
export const ITEM_KINDS = ['generic', 'access_visit', 'access_badge', 'smart_hands', 'shipment_inbound', 'shipment_outbound', 'cross_connect', 'decommission'] as const;

export const parseOrderSearch = (s: Record<string, unknown>): OrderSearch => ({
  status: ORDER_STATUSES.find((x) => x === s.status),
  kind: ITEM_KINDS.find((x) => x === s.kind),
  itemId: uuid(s.itemId),
  requesterId: uuid(s.requesterId),
  orgId: uuid(s.orgId),
  from: day(s.from),
  to: day(s.to),
  q: text(s.q),
  queue: ORDER_QUEUES.find((x) => x === s.queue),
});

/** Provider staff who fulfil orders (queues, every organisation, tasks). */
export const fulfilsOrders = (me: Me) => me.org.kind === 'provider' && can(me, 'orders.fulfil');

/** The API's query for the filters; staff start in "waiting for provider approval". */
export function orderParams(f: OrderSearch, staff: boolean) {
  const queue = staff ? (f.queue ?? 'provider_approval') : undefined;
  return { queue: queue === 'all' ? undefined : queue, status: f.status, kind: f.kind, itemId: f.itemId, requesterId: f.requesterId, orgId: staff ? f.orgId : undefined, from: f.from, to: f.to, q: f.q };
}

export const ordersQuery = (f: OrderSearch, staff: boolean) => {
  const params = orderParams(f, staff);
  return infiniteQueryOptions({
    queryKey: ['orders', 'list', params],
    queryFn: ({ pageParam, signal }) => get<PageOf<OrderListItem>>(`/api/v1/orders${qs({ ...params, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
};

/** The CSV of the list as filtered (same parameters, no paging). */
export const orderExportUrl = (f: OrderSearch, staff: boolean) => `/api/v1/orders/export.csv${qs(orderParams(f, staff))}`;

export const orderQuery = (id: string) => queryOptions({ queryKey: ['orders', 'one', id], queryFn: ({ signal }) => get<Order>(`/api/v1/orders/${id}`, signal) });
export const orderEventsQuery = (id: string) =>
  queryOptions({ queryKey: ['orders', 'one', id, 'events'], queryFn: ({ signal }) => get<{ items: OrderEvent[] }>(`/api/v1/orders/${id}/events`, signal) });
export const decideLinkQuery = (token: string) =>
  queryOptions({ queryKey: ['orders', 'decide-link', token], queryFn: ({ signal }) => get<{ orderId: string; step: 'customer' | 'provider'; valid: boolean }>(`/api/v1/orders/decide-link${qs({ token })}`, signal), retry: false });
