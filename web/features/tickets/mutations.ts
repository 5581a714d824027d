import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CreateTicket, ResolutionCode, TicketStatus } from '../../../contracts/tickets';
import { ApiError, api, post } from '../../ui/api';
import type { After } from '../auth/mutations';
import type { Attachment, Rating, Ticket, TicketEvent } from './queries';

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

// ---- Working one ticket: attachments, rating, watchers, merge, problems.

/** A ticket-changing call that answers the ticket: cache it, refresh the rest, tell the caller. */
function useTicketChange<V>(id: string, fn: (v: V) => Promise<Ticket>, after?: After<Ticket, V>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (t: Ticket, v: V) => {
      qc.setQueryData(['tickets', 'one', id], t);
      await refresh(qc, id);
      await after?.onSuccess?.(t, v);
    },
    onError: refreshOnConflict(qc, id),
  });
}

/** Replaces the ticket's watchers. */
export const useSetWatchers = (id: string, after?: After<Ticket, string[]>) => useTicketChange(id, (userIds: string[]) => api<Ticket>(`/api/v1/tickets/${id}/watchers`, { method: 'PUT', body: { userIds } }), after);

/** Merges this ticket (a duplicate) into another one (staff); the answer is the ticket that stays. */
export function useMergeTicket(id: string, after?: After<Ticket, string>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (intoId: string) => post<Ticket>(`/api/v1/tickets/${id}/merge`, { intoId }),
    onSuccess: async (kept: Ticket, intoId: string) => {
      qc.setQueryData(['tickets', 'one', kept.id], kept);
      await Promise.all([refresh(qc, id), refresh(qc, kept.id)]);
      await after?.onSuccess?.(kept, intoId);
    },
    onError: refreshOnConflict(qc, id),
  });
}

/** Links an incident to a problem, or unlinks it with null (staff). */
export function useLinkProblem(id: string, after?: After<Ticket, string | null>) {
  const qc = useQueryClient();
  return useTicketChange(
    id,
    (problemId: string | null) => post<Ticket>(`/api/v1/tickets/${id}/problem`, { problemId }),
    {
      onSuccess: async (t, v) => {
        // The problem's list of linked incidents changed too (the old one's and the new one's).
        await qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'tickets' && q.queryKey[3] === 'linked-incidents' });
        await after?.onSuccess?.(t, v);
      },
    },
  );
}

/** Records a problem's known workaround, or clears it with null (staff). */
export const useSetWorkaround = (id: string, after?: After<Ticket, string | null>) => useTicketChange(id, (workaround: string | null) => post<Ticket>(`/api/v1/tickets/${id}/workaround`, { workaround }), after);

/** The customer rates a resolved ticket 1–5, with an optional comment. */
export function useRateTicket(id: string, after?: After<Rating, { score: number; comment?: string }>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { score: number; comment?: string }) => post<Rating>(`/api/v1/tickets/${id}/rating`, v),
    onSuccess: async (r, v) => {
      qc.setQueryData(['tickets', 'one', id, 'rating'], { rating: r });
      await after?.onSuccess?.(r, v);
    },
    onError: refreshOnConflict(qc, id),
  });
}

/**
 * Uploads one file as multipart/form-data (field "file"), reporting progress 0..1. XMLHttpRequest,
 * because fetch cannot report upload progress. A refusal (413 too large, 415 type not allowed, …)
 * becomes an ApiError with the server's code, like every other call.
 */
export function uploadAttachment(ticketId: string, file: File, opts: { internal?: boolean; onProgress?: (fraction: number) => void; signal?: AbortSignal } = {}): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/tickets/${ticketId}/attachments${opts.internal ? '?internal=true' : ''}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let data: Record<string, unknown> | null = null;
      try {
        data = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as unknown as Attachment);
      const code = typeof data?.code === 'string' ? data.code : xhr.status === 413 ? 'BODY_TOO_LARGE' : xhr.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : xhr.status >= 500 ? 'INTERNAL' : 'UNKNOWN';
      const detail = typeof data?.detail === 'string' ? data.detail : xhr.statusText;
      reject(new ApiError(xhr.status, code, detail, Array.isArray(data?.errors) ? (data.errors as { path: string; message: string }[]) : []));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The server could not be reached.'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
