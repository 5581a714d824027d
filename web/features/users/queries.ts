import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { UserDto } from '../../../contracts/organisations';
import { get, qs, type PageOf } from '../../ui/api';

export type User = UserDto;
export const USER_STATUSES = ['active', 'invited', 'deactivated'] as const;
export type UserSearch = { q?: string; status?: (typeof USER_STATUSES)[number] };
export type UserFilters = UserSearch & { orgId?: string };

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);
/** The filters in the address bar of /users (and /customers/$orgId). */
export const parseUserSearch = (s: Record<string, unknown>): UserSearch => ({
  q: text(s.q),
  status: USER_STATUSES.find((x) => x === s.status),
});

/** Users of an organisation (the caller's own unless orgId), page by page, sorted by e-mail. */
export const usersQuery = (f: UserFilters) =>
  infiniteQueryOptions({
    queryKey: ['users', { q: f.q, status: f.status, orgId: f.orgId }],
    queryFn: ({ pageParam, signal }) => get<PageOf<User>>(`/api/v1/users${qs({ q: f.q, status: f.status, orgId: f.orgId, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** Users for pickers (the audit log's user filter): the first 200 of an organisation. */
export const userChoicesQuery = (orgId?: string) =>
  queryOptions({
    queryKey: ['users', 'choices', orgId ?? 'own'],
    queryFn: ({ signal }) => get<PageOf<User>>(`/api/v1/users${qs({ orgId, limit: 200 })}`, signal),
    staleTime: 60_000,
  });
