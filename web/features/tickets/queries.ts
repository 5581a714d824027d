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

/** What GET /api/v1/ticket-settings answers: ATTACHMENT_MAX_BYTES and ATTACHMENT_TYPES ride along as `attachments`. */
export type TicketSettings = { priorityMatrix: PriorityMatrix; reopenDays: number; attachments: { maxBytes: number; types: string[] } };

/** The priority matrix (for the live preview while a ticket is written), the reopen window and the attachment limits. */
export const ticketSettingsQuery = queryOptions({
  queryKey: ['tickets', 'settings'],
  queryFn: ({ signal }) => get<TicketSettings>('/api/v1/ticket-settings', signal),
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

// ---- Working one ticket: attachments, rating, watchers, canned responses, pickers. Every per-ticket
// key starts with ['tickets', 'one', id], so invalidating the ticket (a live "ticket.changed") refreshes them all.

/** A file attached to a ticket (customers never receive internal ones). */
export type Attachment = { id: string; filename: string; contentType: string; size: number; visibility: 'public' | 'internal'; uploadedBy: { id: string; name: string } | null; createdAt: string };
export type Rating = { score: number; comment: string | null; createdAt: string };
export type CannedResponse = { id: string; title: string; body: string; categoryKey: string | null };
export type WatcherCandidate = { id: string; name: string };

export const attachmentsQuery = (id: string) =>
  queryOptions({ queryKey: ['tickets', 'one', id, 'attachments'], queryFn: ({ signal }) => get<{ items: Attachment[] }>(`/api/v1/tickets/${id}/attachments`, signal) });

/** Where the browser downloads an attachment (served with Content-Disposition: attachment). */
export const attachmentUrl = (ticketId: string, attachmentId: string) => `/api/v1/tickets/${ticketId}/attachments/${attachmentId}`;

/** The customer's rating of a resolved ticket, or null. */
export const ratingQuery = (id: string) =>
  queryOptions({ queryKey: ['tickets', 'one', id, 'rating'], queryFn: ({ signal }) => get<{ rating: Rating | null }>(`/api/v1/tickets/${id}/rating`, signal) });

/** Active users of the ticket's organisation who may watch it (the requester aside). */
export const watcherCandidatesQuery = (id: string) =>
  queryOptions({
    queryKey: ['tickets', 'one', id, 'watcher-candidates'],
    queryFn: ({ signal }) => get<{ items: WatcherCandidate[] }>(`/api/v1/tickets/${id}/watcher-candidates`, signal),
    staleTime: 60_000,
  });

/** Canned responses for agents' replies. */
export const cannedResponsesQuery = queryOptions({
  queryKey: ['tickets', 'canned-responses'],
  queryFn: ({ signal }) => get<{ items: CannedResponse[] }>('/api/v1/canned-responses', signal),
  staleTime: 5 * 60_000,
});

/** Tickets found by reference or title (staff pickers: merge target, problem to link), at most 20. */
export const ticketPickQuery = (p: { q: string; orgId?: string; kind?: TicketKind }) =>
  queryOptions({
    queryKey: ['tickets', 'pick', p],
    queryFn: ({ signal }) => get<PageOf<TicketListItem>>(`/api/v1/tickets${qs({ q: p.q || undefined, orgId: p.orgId, kind: p.kind, limit: 20 })}`, signal),
    staleTime: 10_000,
  });

/** Incidents linked to a problem. */
export const linkedIncidentsQuery = (problemId: string) =>
  queryOptions({
    queryKey: ['tickets', 'one', problemId, 'linked-incidents'],
    queryFn: ({ signal }) => get<PageOf<TicketListItem>>(`/api/v1/tickets${qs({ problemId, limit: 100 })}`, signal),
  });
