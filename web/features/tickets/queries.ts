import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { PriorityMatrix } from '../../../contracts/ticket-priority';
import { TICKET_KINDS, TICKET_STATUSES, type CategoryDto, type TicketDto, type TicketEventDto, type TicketKind, type TicketListItemDto, type TicketStatus } from '../../../contracts/tickets';
import { get, qs, type PageOf } from '../../ui/api';
import { can, type Me } from '../auth/queries';

export type Ticket = TicketDto;
export type TicketListItem = TicketListItemDto;
export type TicketEvent = TicketEventDto;
export type Category = CategoryDto;

/** The agents' queues, in the order of the tabs; 'everything' is every ticket in any status. */
export const QUEUES = ['all_open', 'unassigned', 'mine', 'my_groups', 'breaching_soon'] as const;
export type Queue = (typeof QUEUES)[number];
export const QUEUE_TABS = [...QUEUES, 'everything'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

/** The status filter: open (the default; all in the staff's "All tickets" tab), all, or one status. */
export const STATUS_FILTERS = ['open', 'all', ...TICKET_STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** The list's filters as they stand in the address bar of /tickets. */
export type TicketSearch = { status?: StatusFilter; kind?: TicketKind; categoryId?: string; orgId?: string; q?: string; queue?: QueueTab };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (v: unknown) => (typeof v === 'string' && UUID.test(v) ? v : undefined);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : typeof v === 'number' ? String(v) : undefined);

export const parseTicketSearch = (s: Record<string, unknown>): TicketSearch => ({
  status: STATUS_FILTERS.find((x) => x === s.status),
  kind: TICKET_KINDS.find((x) => x === s.kind),
  categoryId: uuid(s.categoryId),
  orgId: uuid(s.orgId),
  q: text(s.q),
  queue: QUEUE_TABS.find((x) => x === s.queue),
});

/** Provider staff who work tickets (queues, internal notes, every organisation). */
export const worksTickets = (me: Me) => me.org.kind === 'provider' && can(me, 'tickets.work');

/**
 * The API's query for the filters: staff start in the "all open" queue, customers at their open
 * tickets; a queue holds open tickets only, so the status filter narrows within them.
 */
export function ticketParams(f: TicketSearch, staff: boolean) {
  const tab: QueueTab | undefined = staff ? (f.queue ?? 'all_open') : undefined;
  const queue = tab && tab !== 'everything' ? tab : undefined;
  // "All tickets" means every status unless a status is picked; elsewhere the list starts at the open ones.
  const status = f.status ?? (tab === 'everything' ? 'all' : 'open');
  return {
    queue,
    status: status === 'all' || (queue && status === 'open') ? undefined : status,
    kind: f.kind,
    categoryId: f.categoryId,
    orgId: staff ? f.orgId : undefined,
    q: f.q,
  };
}

/** Tickets the caller may see (staff: a queue, most urgent first), page by page. */
export const ticketsQuery = (f: TicketSearch, staff: boolean) => {
  const params = ticketParams(f, staff);
  return infiniteQueryOptions({
    queryKey: ['tickets', 'list', params],
    queryFn: ({ pageParam, signal }) => get<PageOf<TicketListItem>>(`/api/v1/tickets${qs({ ...params, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
};

/** One ticket with its SLA, queue position and what the caller may do with it. */
export const ticketQuery = (id: string) => queryOptions({ queryKey: ['tickets', 'one', id], queryFn: ({ signal }) => get<Ticket>(`/api/v1/tickets/${id}`, signal) });

/** A ticket's timeline, oldest first (customers never receive internal notes). */
export const ticketEventsQuery = (id: string) =>
  queryOptions({ queryKey: ['tickets', 'one', id, 'events'], queryFn: ({ signal }) => get<{ items: TicketEvent[] }>(`/api/v1/tickets/${id}/events`, signal) });

/** Categories, named in the user's language. */
export const categoriesQuery = queryOptions({
  queryKey: ['tickets', 'categories'],
  queryFn: ({ signal }) => get<{ items: Category[] }>('/api/v1/ticket-categories', signal),
  staleTime: 5 * 60_000,
});

/** The priority matrix (for the live preview while a ticket is written) and the reopen window. */
export const ticketSettingsQuery = queryOptions({
  queryKey: ['tickets', 'settings'],
  queryFn: ({ signal }) => get<{ priorityMatrix: PriorityMatrix; reopenDays: number }>('/api/v1/ticket-settings', signal),
  staleTime: 5 * 60_000,
});

/**
 * A support group as GET /api/v1/support-groups answers (staff). Its schema lives in the tickets
 * routes, not in contracts/, so the web names only the fields it reads.
 */
export type SupportGroup = { id: string; name: string; lead: { id: string; name: string } | null; members: { userId: string; name: string }[] };

/** Support groups (provider staff), for the assignment dialog and the timeline's names. */
export const supportGroupsQuery = queryOptions({
  queryKey: ['tickets', 'support-groups'],
  queryFn: ({ signal }) => get<{ items: SupportGroup[] }>('/api/v1/support-groups', signal),
  staleTime: 60_000,
});

export const isOpen = (s: TicketStatus) => s === 'new' || s === 'in_progress' || s === 'waiting_for_customer';
