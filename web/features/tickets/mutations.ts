import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CreateTicket, ResolutionCode, TicketStatus } from '../../../contracts/tickets';
import { ApiError, post } from '../../ui/api';
import type { After } from '../auth/mutations';
import type { Ticket, TicketEvent } from './queries';

export type StatusChange = { status: TicketStatus; resolutionCode?: ResolutionCode; note?: string };
export type Comment = { body: string; internal?: boolean };
export type Assignment = { assigneeId?: string | null; groupId?: string | null };

/** The ticket, its timeline and every list it appears in. */
const refresh = (qc: QueryClient, id: string) => Promise.all([qc.invalidateQueries({ queryKey: ['tickets', 'one', id] }), qc.invalidateQueries({ queryKey: ['tickets', 'list'] })]);

/**
 * A change refused because the ticket moved on meanwhile (409: someone else resolved or closed it,
 * the reopen window passed): what the page shows is stale, so it is fetched again.
 */
const refreshOnConflict = (qc: QueryClient, id: string) => (e: unknown) => {
  if (e instanceof ApiError && e.status === 409) void refresh(qc, id);
};

/** Opens a ticket. */
export function useCreateTicket(after?: After<Ticket, CreateTicket>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: CreateTicket) => post<Ticket>('/api/v1/tickets', v),
    onSuccess: async (t, v) => {
      qc.setQueryData(['tickets', 'one', t.id], t);
      await qc.invalidateQueries({ queryKey: ['tickets', 'list'] });
      await after?.onSuccess?.(t, v);
    },
  });
}

/** A public reply, or (staff) an internal note. */
export function useAddComment(id: string, after?: After<TicketEvent, Comment>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: Comment) => post<TicketEvent>(`/api/v1/tickets/${id}/comments`, v),
    onSuccess: async (e, v) => {
      await refresh(qc, id);
      await after?.onSuccess?.(e, v);
    },
    onError: refreshOnConflict(qc, id),
  });
}

/** Moves the ticket to another status (resolve, reopen, close, …). */
export function useChangeStatus(id: string, after?: After<Ticket, StatusChange>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: StatusChange) => post<Ticket>(`/api/v1/tickets/${id}/status`, v),
    onSuccess: async (t, v) => {
      qc.setQueryData(['tickets', 'one', id], t);
      await refresh(qc, id);
      await after?.onSuccess?.(t, v);
    },
    onError: refreshOnConflict(qc, id),
  });
}

/** Assigns the ticket to an agent (staff). */
export function useAssignTicket(id: string, after?: After<Ticket, Assignment>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: Assignment) => post<Ticket>(`/api/v1/tickets/${id}/assign`, v),
    onSuccess: async (t, v) => {
      qc.setQueryData(['tickets', 'one', id], t);
      await refresh(qc, id);
      await after?.onSuccess?.(t, v);
    },
    onError: refreshOnConflict(qc, id),
  });
}
