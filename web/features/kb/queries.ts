import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { KbArticleDto, KbArticleSummary, KbCategoryDto, KbDiffDto, KbEditorDto, KbHomeDto, KbManageItem, KbVisibility } from '../../../contracts/kb';
import { api, get, post, qs } from '../../ui/api';

export type { KbArticleDto, KbArticleSummary, KbCategoryDto, KbDiffDto, KbEditorDto, KbHomeDto, KbManageItem, KbVisibility };
export const KB_LANGS = ['en', 'de', 'nb', 'ru'] as const;
export type KbLang = (typeof KB_LANGS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/** Readers: the language is sent so signed-out visitors get theirs too (signed in, the profile's wins when none is sent). */
export const kbHomeQuery = (lang: string) => queryOptions({ queryKey: ['kb', 'home', lang], queryFn: ({ signal }) => get<KbHomeDto>(`/api/v1/kb/home${qs({ lang })}`, signal) });
export const kbListQuery = (p: { categoryId?: string; tag?: string; lang: string }) =>
  queryOptions({ queryKey: ['kb', 'list', p.categoryId ?? null, p.tag ?? null, p.lang], queryFn: ({ signal }) => get<{ items: KbArticleSummary[] }>(`/api/v1/kb/articles${qs({ categoryId: p.categoryId, tag: p.tag, lang: p.lang, limit: 100 })}`, signal) });
export const kbArticleQuery = (id: string, lang?: string) =>
  queryOptions({ queryKey: ['kb', 'article', id, lang ?? null], queryFn: ({ signal }) => get<KbArticleDto>(`/api/v1/kb/articles/${id}${qs({ lang })}`, signal), staleTime: 60_000 });
export const kbAttachmentUrl = (articleId: string, id: string) => `/api/v1/kb/articles/${articleId}/attachments/${id}`;

/** Authors. */
export type ManageSearch = { status?: 'draft' | 'in_review' | 'published' | 'unpublished'; due?: boolean };
export const kbManageQuery = (s: ManageSearch) =>
  queryOptions({ queryKey: ['kb', 'manage', s.status ?? null, !!s.due], queryFn: ({ signal }) => get<{ items: KbManageItem[]; reviewAfterDays: number }>(`/api/v1/kb/manage/articles${qs({ status: s.status, due: s.due ? 'true' : undefined })}`, signal) });
export const kbEditorQuery = (id: string) => queryOptions({ queryKey: ['kb', 'editor', id], queryFn: ({ signal }) => get<KbEditorDto>(`/api/v1/kb/manage/articles/${id}`, signal) });
export const kbCategoriesQuery = (lang: string) => queryOptions({ queryKey: ['kb', 'categories', lang], queryFn: ({ signal }) => get<{ items: KbCategoryDto[] }>(`/api/v1/kb/categories${qs({ lang })}`, signal) });
export const kbDiffQuery = (id: string, from: number, to: number | 'draft') =>
  queryOptions({ queryKey: ['kb', 'diff', id, from, to], queryFn: ({ signal }) => get<KbDiffDto>(`/api/v1/kb/manage/articles/${id}/diff${qs({ from, to })}`, signal) });

export type ArticleForm = {
  categoryId: string | null;
  mainLang: KbLang;
  variants: Partial<Record<KbLang, { title: string; body: string }>>;
  visibility: KbVisibility;
  orgIds: string[];
  roles: string[];
  permissions: string[];
  tags: string[];
  relatedIds: string[];
};

/** Every change to an article: invalidates the KB first, then the caller's onSuccess. */
export function useKbAction<T = KbEditorDto>(run: (input: never) => Promise<T>, onSuccess?: (r: T) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: run as (input: unknown) => Promise<T>,
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: ['kb'] });
      onSuccess?.(r);
    },
  });
}

export const kbApi = {
  create: (body: ArticleForm) => post<KbEditorDto>('/api/v1/kb/manage/articles', body),
  update: (id: string, body: ArticleForm) => api<KbEditorDto>(`/api/v1/kb/manage/articles/${id}`, { method: 'PUT', body }),
  step: (id: string, step: 'submit' | 'publish' | 'unpublish' | 'reviewed') => post<KbEditorDto>(`/api/v1/kb/manage/articles/${id}/${step}`),
  restore: (id: string, n: number) => post<KbEditorDto>(`/api/v1/kb/manage/articles/${id}/versions/${n}/restore`),
  preview: (id: string | null, body: string) => post<{ html: string }>(id ? `/api/v1/kb/manage/articles/${id}/preview` : '/api/v1/kb/manage/preview', { body }),
  rate: (id: string, helpful: boolean, comment?: string) => post<{ yes: number; no: number }>(`/api/v1/kb/articles/${id}/feedback`, { helpful, ...(comment ? { comment } : {}) }),
  settings: (reviewAfterDays: number) => api<{ reviewAfterDays: number }>('/api/v1/kb/manage/settings', { method: 'PUT', body: { reviewAfterDays } }),
};
