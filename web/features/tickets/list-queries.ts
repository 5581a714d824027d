import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ResolutionCode, TicketStatus } from '../../../contracts/tickets';
import { post, qs } from '../../ui/api';
import { LIVE_RECONNECTED, useLiveEvents } from '../../ui/live-events';
import { ticketParams, type TicketSearch } from './queries';

/** The CSV export of what the list shows: the same filters and queue, every page. */
export function ticketExportUrl(f: TicketSearch, staff: boolean): string {
  return `/api/v1/tickets/export.csv${qs(ticketParams(f, staff))}`;
}

/** One change for many tickets, as POST /api/v1/tickets/bulk takes it. */
export type BulkChange = {
  ids: string[];
  status?: TicketStatus;
  resolutionCode?: ResolutionCode;
  note?: string;
  assigneeId?: string | null;
  groupId?: string | null;
};
/** Per ticket: whether the change was made, and if not the error code (translated as errors.<code>). */
export type BulkOutcome = { id: string; ok: boolean; code?: string; message?: string };

/** Applies one change to the selected tickets; each ticket succeeds or fails on its own. */
export function useBulkUpdate(onDone?: (results: BulkOutcome[], change: BulkChange) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: BulkChange) => post<{ results: BulkOutcome[] }>('/api/v1/tickets/bulk', v),
    onSuccess: async ({ results }, v) => {
      onDone?.(results, v);
      await Promise.all([qc.invalidateQueries({ queryKey: ['tickets', 'list'] }), ...v.ids.map((id) => qc.invalidateQueries({ queryKey: ['tickets', 'one', id] }))]);
    },
  });
}

/**
 * Keeps the ticket lists current without reload: a `ticket.changed` event (the server sends it only
 * to those who may see the ticket) or a reconnect of the stream refetches the lists. Bursts (a bulk
 * change, an alert storm) are gathered into at most one refetch per `gapMs`.
 */
export function useLiveTicketLists(gapMs = 1500) {
  const qc = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const last = useRef(0);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useLiveEvents(['ticket.changed', LIVE_RECONNECTED], () => {
    if (timer.current) return;
    const wait = Math.max(0, last.current + gapMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      void qc.invalidateQueries({ queryKey: ['tickets', 'list'] });
    }, wait);
  });
}
