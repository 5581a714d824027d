import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { NotificationChannel, NotificationDto, NotificationPage } from '../../../contracts/notifications';
import { get, qs } from '../../ui/api';

export type Notification = NotificationDto;
/**
 * Switches per event and channel, as the server answers them (NotificationPreferences), kept open
 * to events this build does not know yet: the page offers whatever the server sends.
 */
export type Preferences = Record<string, Record<NotificationChannel, boolean>>;

/** Everything of the bell, keyed under ['me'] so that signing out clears it with who-am-I. */
export const NOTIFICATIONS_KEY = ['me', 'notifications'] as const;

/** How many the bell's popover shows. */
export const RECENT_LIMIT = 8;

/** The newest few and the unread count: what the bell in the header shows. */
export const recentNotificationsQuery = queryOptions({
  queryKey: [...NOTIFICATIONS_KEY, 'recent'],
  queryFn: ({ signal }) => get<NotificationPage>(`/api/v1/notifications${qs({ limit: RECENT_LIMIT })}`, signal),
  staleTime: 30_000,
});

/** The "see all" page's filter as it stands in the address bar of /notifications. */
export type NotificationsSearch = { show?: 'unread' };
export const parseNotificationsSearch = (s: Record<string, unknown>): NotificationsSearch => ({ show: s.show === 'unread' ? 'unread' : undefined });

/** All my notifications (or only the unread ones), newest first, page by page. */
export const notificationsQuery = (f: NotificationsSearch) =>
  infiniteQueryOptions({
    queryKey: [...NOTIFICATIONS_KEY, 'list', f.show ?? 'all'],
    queryFn: ({ pageParam, signal }) => get<NotificationPage>(`/api/v1/notifications${qs({ cursor: pageParam, limit: 25, unread: f.show === 'unread' ? 'true' : undefined })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const preferencesQuery = queryOptions({
  queryKey: ['me', 'notification-preferences'],
  queryFn: ({ signal }) => get<Preferences>('/api/v1/me/notification-preferences', signal),
});
