import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, post } from '../../ui/api';
import { NOTIFICATIONS_KEY, preferencesQuery, type Preferences } from './queries';

/** Marks some (ids) or all of my notifications read; the bell and the lists refetch. */
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { ids: string[] } | { all: true }) => post<{ unreadCount: number }>('/api/v1/notifications/read', v),
    onSettled: () => qc.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export type PreferenceChange = { event: string; channel: 'email' | 'portal'; on: boolean };

/**
 * Sets one switch and saves it at once. The box flips before the server answers and flips back
 * when the server refuses; either way the server's answer is what stays.
 */
export function useSetPreference() {
  const qc = useQueryClient();
  const key = preferencesQuery.queryKey;
  return useMutation({
    mutationFn: (c: PreferenceChange) => api<Preferences>('/api/v1/me/notification-preferences', { method: 'PUT', body: { [c.event]: { [c.channel]: c.on } } }),
    onMutate: async (c) => {
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData(key);
      const current = before?.[c.event];
      if (before && current) qc.setQueryData(key, { ...before, [c.event]: { ...current, [c.channel]: c.on } });
      return { before };
    },
    onError: (_e, _c, context) => {
      if (context?.before) qc.setQueryData(key, context.before);
    },
    onSuccess: (prefs) => qc.setQueryData(key, prefs),
  });
}
