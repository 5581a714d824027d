import { infiniteQueryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { MailDto } from '../../../contracts/audit';
import { get, qs, type PageOf } from '../../ui/api';

export type Mail = z.infer<typeof MailDto>;

/** The mail outbox (provider admins), newest first, page by page. */
export const mailQuery = infiniteQueryOptions({
  queryKey: ['mail'],
  queryFn: ({ pageParam, signal }) => get<PageOf<Mail>>(`/api/v1/mail${qs({ cursor: pageParam, limit: 50 })}`, signal),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});
