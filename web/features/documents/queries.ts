import { infiniteQueryOptions } from '@tanstack/react-query';
import { get, qs, type PageOf } from '../../ui/api';

export type OrgDocument = {
  id: string;
  org: { id: string; name: string };
  category: string;
  title: string;
  filename: string;
  contentType: string;
  size: number;
  period: string | null;
  createdBy: { id: string | null; name: string };
  createdAt: string;
};
export type DocumentsSearch = { orgId?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const parseDocumentsSearch = (s: Record<string, unknown>): DocumentsSearch => ({ orgId: typeof s.orgId === 'string' && UUID.test(s.orgId) ? s.orgId : undefined });

export const documentsQuery = (s: DocumentsSearch) =>
  infiniteQueryOptions({
    queryKey: ['documents', s.orgId ?? null],
    queryFn: ({ pageParam, signal }) => get<PageOf<OrgDocument>>(`/api/v1/documents${qs({ orgId: s.orgId, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const downloadUrl = (id: string) => `/api/v1/documents/${id}/download`;
