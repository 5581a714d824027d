import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { AccessEventDto, GrantDto } from '../../../contracts/access';
import { get, qs, type PageOf } from '../../ui/api';
import { zonedDayBoundary } from '../../ui/format';

export type Grant = GrantDto;
export type AccessEvent = AccessEventDto;
export type OnSite = { personKey: string; person: string; company: string | null; since: string; location: { id: string; path: string } | null; reader: string | null; grantId: string | null };
export type AccessSettings = { maxVisitDays: number; badgeValidityDays: number; lapseAfterUnusedDays: number };

export const ACCESS_TABS = ['onsite', 'grants', 'activity', 'flagged', 'settings'] as const;
export type AccessTab = (typeof ACCESS_TABS)[number];
export const GRANT_FILTERS = ['current', 'active', 'upcoming', 'expired', 'revoked', 'lapsed', 'all'] as const;
export type GrantFilter = (typeof GRANT_FILTERS)[number];
export const FLAGS = ['no_grant', 'denied', 'unknown_badge'] as const;

/** The page's state in the address bar: tab, organisation (staff), filters; days are the user's calendar days. */
export type AccessSearch = {
  tab?: AccessTab;
  orgId?: string;
  status?: GrantFilter;
  q?: string;
  from?: string;
  to?: string;
  person?: string;
  locationId?: string;
  flag?: (typeof FLAGS)[number];
  handled?: 'true' | 'false';
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const str = (v: unknown, max = 120) => (typeof v === 'string' && v.trim() && v.length <= max ? v : undefined);
const oneOf = <T extends string>(v: unknown, list: readonly T[]) => (typeof v === 'string' && (list as readonly string[]).includes(v) ? (v as T) : undefined);

export const parseAccessSearch = (s: Record<string, unknown>): AccessSearch => ({
  tab: oneOf(s.tab, ACCESS_TABS),
  orgId: typeof s.orgId === 'string' && UUID.test(s.orgId) ? s.orgId : undefined,
  status: oneOf(s.status, GRANT_FILTERS),
  q: str(s.q),
  from: typeof s.from === 'string' && DAY.test(s.from) ? s.from : undefined,
  to: typeof s.to === 'string' && DAY.test(s.to) ? s.to : undefined,
  person: str(s.person),
  locationId: typeof s.locationId === 'string' && UUID.test(s.locationId) ? s.locationId : undefined,
  flag: oneOf(s.flag, FLAGS),
  handled: oneOf(s.handled, ['true', 'false'] as const),
});

/** Today and the first of this month in the user's time zone (the activity's default period). */
export function defaultPeriod(timeZone: string): { from: string; to: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return { from: `${today.slice(0, 8)}01`, to: today };
}

export const grantsQuery = (s: AccessSearch) =>
  infiniteQueryOptions({
    queryKey: ['access', 'grants', s.orgId ?? null, s.status ?? 'current', s.q ?? ''],
    queryFn: ({ pageParam, signal }) => get<PageOf<Grant>>(`/api/v1/access/grants${qs({ orgId: s.orgId, status: s.status ?? 'current', q: s.q, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const onSiteQuery = (orgId: string | undefined) =>
  queryOptions({
    queryKey: ['access', 'onsite', orgId ?? null],
    queryFn: ({ signal }) => get<{ items: OnSite[]; since: string }>(`/api/v1/access/on-site${qs({ orgId })}`, signal),
    refetchInterval: 30_000,
  });

export function activityParams(s: AccessSearch, timeZone: string) {
  const d = defaultPeriod(timeZone);
  return {
    orgId: s.orgId,
    from: zonedDayBoundary(s.from ?? d.from, timeZone, 'start'),
    // The API's "to" is exclusive: the end of the last day plus one millisecond.
    to: new Date(new Date(zonedDayBoundary(s.to ?? d.to, timeZone, 'end')).getTime() + 1).toISOString(),
    person: s.person,
    locationId: s.locationId,
  };
}

export const activityQuery = (s: AccessSearch, timeZone: string) =>
  infiniteQueryOptions({
    queryKey: ['access', 'activity', activityParams(s, timeZone)],
    queryFn: ({ pageParam, signal }) => get<PageOf<AccessEvent>>(`/api/v1/access/activity${qs({ ...activityParams(s, timeZone), cursor: pageParam, limit: 100 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const activityCsvUrl = (s: AccessSearch, timeZone: string) => `/api/v1/access/activity/export.csv${qs(activityParams(s, timeZone))}`;
export const activityPdfUrl = (s: AccessSearch, timeZone: string) => `/api/v1/access/activity/report.pdf${qs(activityParams(s, timeZone))}`;

export const flaggedQuery = (s: AccessSearch) =>
  infiniteQueryOptions({
    queryKey: ['access', 'flagged', s.orgId ?? null, s.flag ?? null, s.handled ?? 'false'],
    queryFn: ({ pageParam, signal }) => get<PageOf<AccessEvent>>(`/api/v1/access/flagged${qs({ orgId: s.orgId, flag: s.flag, handled: s.handled ?? 'false', cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const accessSettingsQuery = queryOptions({
  queryKey: ['access', 'settings'],
  queryFn: ({ signal }) => get<AccessSettings>('/api/v1/access/settings', signal),
});
