import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SearchHitDto, SearchKind, SearchResultDto } from '../../../contracts/search';
import { SEARCH_KINDS } from '../../../contracts/search';
import { get, qs } from '../../ui/api';

export type SearchHit = SearchHitDto;
export type SearchResult = SearchResultDto;
export { SEARCH_KINDS, type SearchKind };

/** Fewer characters than this: not worth asking (the server would find next to everything). */
export const MIN_QUERY = 2;

/** One search: the same factory serves the header's spotlight, the results page and the ticket form's suggestions. */
export const searchQuery = (q: string, opts: { kinds?: readonly SearchKind[]; limit?: number; prefix?: boolean; lang?: string } = {}) =>
  queryOptions({
    queryKey: ['search', q.trim(), opts.kinds?.join(',') ?? 'all', opts.limit ?? 10, opts.prefix ?? true, opts.lang ?? ''],
    queryFn: ({ signal }) =>
      get<SearchResult>(
        `/api/v1/search${qs({ q: q.trim(), kinds: opts.kinds?.length ? opts.kinds.join(',') : undefined, limit: opts.limit, prefix: opts.prefix === false ? 'false' : undefined, lang: opts.lang })}`,
        signal,
      ),
    enabled: q.trim().length >= MIN_QUERY,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });

/** The value after it stopped changing for `ms` (as-you-type search asks once per pause, not per key). */
export function useDebounced<T>(value: T, ms = 200): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** Kinds in the order the page shows their groups. */
export const isSearchKind = (k: unknown): k is SearchKind => typeof k === 'string' && (SEARCH_KINDS as readonly string[]).includes(k);
