import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../ui/api';

export type RatingLink = {
  ticket: { id: string; ref: string; title: string; status: string };
  rating: { score: number; comment: string | null; createdAt: string } | null;
  expiresAt: string;
};

/** The ticket a rating link is for (reading never records a rating: mail scanners prefetch links). */
export const ratingLinkQuery = (token: string) =>
  queryOptions({
    queryKey: ['rating-link', token],
    queryFn: ({ signal }) => get<RatingLink>(`/api/v1/ticket-ratings/by-link?token=${encodeURIComponent(token)}`, signal),
    retry: false,
    staleTime: Infinity,
  });

/** The score 1–5 preselected by the link the customer clicked (`?score=N`), if it is one. */
export function parseRatingSearch(s: Record<string, unknown>): { score?: number } {
  const n = Number(s.score);
  return Number.isInteger(n) && n >= 1 && n <= 5 ? { score: n } : {};
}

/** Records the rating of a rating link; refreshes what the page shows first, then calls the caller's onSuccess. */
export function useRateByLink(token: string, opts: { onSuccess?: () => void } = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { score: number; comment?: string }) => post<{ score: number; comment: string | null; createdAt: string }>('/api/v1/ticket-ratings/by-link', { token, ...v }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['rating-link', token] });
      opts.onSuccess?.();
    },
  });
}
