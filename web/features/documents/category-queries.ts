import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CategoryNames, DocumentCategoryAdminDto } from '../../../contracts/documents';
import { api, del, get, patch, post } from '../../ui/api';

export type CategoryAdmin = DocumentCategoryAdminDto;
type List = { items: CategoryAdmin[] };

/** Every category with its names and use (provider admins, `documents.configure`). */
export const categoriesAdminQuery = queryOptions({
  queryKey: ['documents', 'categories', 'admin'],
  queryFn: ({ signal }) => get<List>('/api/v1/documents/categories', signal),
});

/** Any change: the admin list and the readers' list (upload and filter pickers) are fetched again. */
function useCategoryMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['documents', 'categories'] }),
  });
}

export const useCreateCategory = () => useCategoryMutation((names: CategoryNames) => post<CategoryAdmin>('/api/v1/documents/categories', { names }));
export const useUpdateCategory = () =>
  useCategoryMutation(({ key, ...body }: { key: string; names?: CategoryNames; archived?: boolean }) => patch<CategoryAdmin>(`/api/v1/documents/categories/${key}`, body));
export const useReorderCategories = () => useCategoryMutation((keys: string[]) => api<List>('/api/v1/documents/categories/order', { method: 'PUT', body: { keys } }));
export const useDeleteCategory = () => useCategoryMutation((key: string) => del(`/api/v1/documents/categories/${key}`));
