import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { PriorityMatrix } from '../../../contracts/ticket-priority';
import { api, del, patch, post } from '../../ui/api';
import type { Category } from '../tickets/queries';
import {
  cannedQuery,
  categoriesQuery,
  groupsQuery,
  integrationTokensQuery,
  orgTicketSettingsQuery,
  slaPoliciesQuery,
  ticketSettingsQuery,
  type Canned,
  type CannedInput,
  type CreatedIntegrationToken,
  type GroupInput,
  type IntegrationScope,
  type OrgTicketSettings,
  type SlaPolicy,
  type SlaPolicyInput,
} from './queries';

const put = <T>(path: string, body: unknown) => api<T>(path, { method: 'PUT', body });

/** A mutation that refreshes the lists it changes. */
function useChange<V, R>(fn: (v: V) => Promise<R>, keys: QueryKey[]) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey }))) });
}

export type CategoryInput = { key: string; names: Partial<Record<string, string>>; active?: boolean };
export const useCreateCategory = () => useChange((v: CategoryInput) => post<Category>('/api/v1/ticket-categories', v), [categoriesQuery.queryKey]);
export const useUpdateCategory = () =>
  useChange((v: { id: string; names?: Partial<Record<string, string>>; active?: boolean }) => patch<Category>(`/api/v1/ticket-categories/${v.id}`, { names: v.names, active: v.active }), [categoriesQuery.queryKey]);
export function useOrderCategories() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => put<{ items: Category[] }>('/api/v1/ticket-categories/order', { ids }),
    // Show the new order at once; the answer (or a refetch after a failure) settles it.
    onMutate: (ids) => {
      const prev = qc.getQueryData(categoriesQuery.queryKey);
      if (prev) qc.setQueryData(categoriesQuery.queryKey, { items: ids.map((id) => prev.items.find((c) => c.id === id)!).filter(Boolean) });
    },
    onSuccess: (r) => qc.setQueryData(categoriesQuery.queryKey, r),
    onError: () => qc.invalidateQueries({ queryKey: categoriesQuery.queryKey }),
  });
}

export const useSaveTicketSettings = () =>
  useChange((v: { priorityMatrix?: PriorityMatrix; reopenDays?: number }) => put<{ priorityMatrix: PriorityMatrix; reopenDays: number }>('/api/v1/ticket-settings', v), [ticketSettingsQuery.queryKey]);

export const useSaveSlaPolicy = () =>
  useChange((v: { id: string | null; input: SlaPolicyInput }) => (v.id ? put<SlaPolicy>(`/api/v1/sla-policies/${v.id}`, v.input) : post<SlaPolicy>('/api/v1/sla-policies', v.input)), [slaPoliciesQuery.queryKey]);

export const useSaveGroup = () =>
  useChange((v: { id: string | null; input: GroupInput }) => (v.id ? put<{ id: string }>(`/api/v1/support-groups/${v.id}`, v.input) : post<{ id: string }>('/api/v1/support-groups', v.input)), [groupsQuery.queryKey]);

export const useSaveCanned = () =>
  useChange((v: { id: string | null; input: CannedInput }) => (v.id ? put<Canned>(`/api/v1/canned-responses/${v.id}`, v.input) : post<Canned>('/api/v1/canned-responses', v.input)), [cannedQuery.queryKey]);
export const useDeleteCanned = () => useChange((id: string) => del(`/api/v1/canned-responses/${id}`), [cannedQuery.queryKey]);

export const useCreateIntegrationToken = () =>
  useChange((v: { name: string; scopes: IntegrationScope[]; autoResolve: boolean }) => post<CreatedIntegrationToken>('/api/v1/integration-tokens', v), [integrationTokensQuery.queryKey]);
export const useRevokeIntegrationToken = () => useChange((id: string) => del(`/api/v1/integration-tokens/${id}`), [integrationTokensQuery.queryKey]);

export function useSaveOrgTicketSettings(orgId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: OrgTicketSettings) => put<OrgTicketSettings>(`/api/v1/orgs/${orgId}/ticket-settings`, v),
    onSuccess: (r) => qc.setQueryData(orgTicketSettingsQuery(orgId).queryKey, r),
  });
}
