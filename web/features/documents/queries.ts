import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { DocumentCategoryDto, DocumentDetailDto, DocumentDto, UpdateDocument } from '../../../contracts/documents';
import { ApiError, get, patch, qs, type PageOf } from '../../ui/api';

export type OrgDocument = DocumentDto;
export type DocumentsSearch = { orgId?: string; category?: string; doc?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY = /^[a-z][a-z0-9_]{0,39}$/;
export const parseDocumentsSearch = (s: Record<string, unknown>): DocumentsSearch => ({
  orgId: typeof s.orgId === 'string' && UUID.test(s.orgId) ? s.orgId : undefined,
  category: typeof s.category === 'string' && KEY.test(s.category) ? s.category : undefined,
  doc: typeof s.doc === 'string' && UUID.test(s.doc) ? s.doc : undefined,
});

export const documentsQuery = (s: Pick<DocumentsSearch, 'orgId' | 'category'>) =>
  infiniteQueryOptions({
    queryKey: ['documents', 'list', s.orgId ?? null, s.category ?? null],
    queryFn: ({ pageParam, signal }) => get<PageOf<OrgDocument>>(`/api/v1/documents${qs({ orgId: s.orgId, category: s.category, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const documentQuery = (id: string) => queryOptions({ queryKey: ['documents', 'one', id], queryFn: ({ signal }) => get<DocumentDetailDto>(`/api/v1/documents/${id}`, signal) });

export const documentCategoriesQuery = queryOptions({
  queryKey: ['documents', 'categories'],
  queryFn: ({ signal }) => get<{ items: DocumentCategoryDto[] }>('/api/v1/document-categories', signal),
  staleTime: 5 * 60_000,
});

export const downloadUrl = (id: string, versionId?: string) => (versionId ? `/api/v1/documents/${id}/versions/${versionId}/download` : `/api/v1/documents/${id}/download`);

/** Sends fields first, then the file (the server reads the fields that precede it). */
async function sendForm(url: string, fields: Record<string, string | undefined>, file: File): Promise<DocumentDetailDto> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') form.append(k, v);
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server could not be reached.');
  }
  const data = (await res.json().catch(() => null)) as (DocumentDetailDto & { code?: string; detail?: string; errors?: { path: string; message: string }[] }) | null;
  if (!res.ok) {
    const code = data?.code ?? (res.status === 413 ? 'BODY_TOO_LARGE' : res.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'INTERNAL');
    throw new ApiError(res.status, code, data?.detail ?? res.statusText, data?.errors ?? []);
  }
  return data as DocumentDetailDto;
}

export type NewDocumentInput = { orgId: string; category: string; title: string; description: string; language: string; visibility: string; requiredPermission?: string; file: File };

export function useCreateDocument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, ...fields }: NewDocumentInput) => sendForm('/api/v1/documents', fields, file),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['documents', 'list'] }),
  });
}

export function useAddVersion(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => sendForm(`/api/v1/documents/${id}/versions`, {}, file),
    onSuccess: (doc) => {
      queryClient.setQueryData(documentQuery(id).queryKey, doc);
      return queryClient.invalidateQueries({ queryKey: ['documents', 'list'] });
    },
  });
}

export function useUpdateDocument(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateDocument) => patch<DocumentDetailDto>(`/api/v1/documents/${id}`, body),
    onSuccess: (doc) => {
      queryClient.setQueryData(documentQuery(id).queryKey, doc);
      return queryClient.invalidateQueries({ queryKey: ['documents', 'list'] });
    },
  });
}
