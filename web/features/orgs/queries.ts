import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { OrgDto } from '../../../contracts/organisations';
import { get, qs, type PageOf } from '../../ui/api';

export type Org = OrgDto;
export type OrgSearch = { q?: string };

export const parseOrgSearch = (s: Record<string, unknown>): OrgSearch => ({
  q: typeof s.q === 'string' && s.q.trim() ? s.q.trim() : typeof s.q === 'number' ? String(s.q) : undefined,
});

/** Organisations (provider staff), page by page. */
export const orgsQuery = (f: OrgSearch) =>
  infiniteQueryOptions({
    queryKey: ['orgs', 'list', { q: f.q }],
    queryFn: ({ pageParam, signal }) => get<PageOf<Org>>(`/api/v1/orgs${qs({ q: f.q, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const orgQuery = (id: string) => queryOptions({ queryKey: ['orgs', 'one', id], queryFn: ({ signal }) => get<Org>(`/api/v1/orgs/${id}`, signal) });

/** All organisations for pickers (audit filter): the first 200 by name. */
export const orgChoicesQuery = queryOptions({
  queryKey: ['orgs', 'choices'],
  queryFn: ({ signal }) => get<PageOf<Org>>('/api/v1/orgs?limit=200', signal),
  staleTime: 60_000,
});
