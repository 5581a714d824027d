import { useMutation, useQueryClient } from '@tanstack/react-query';
import { patch, post } from '../../ui/api';
import type { After } from '../auth/mutations';
import type { Org } from './queries';

export type NewOrg = { name: string; admin: { name: string; email: string } };

/** Creates a customer organisation and invites its first administrator. */
export function useCreateOrg(after?: After<Org, NewOrg>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: NewOrg) => post<Org>('/api/v1/orgs', v),
    onSuccess: async (org, v) => {
      await qc.invalidateQueries({ queryKey: ['orgs'] });
      await after?.onSuccess?.(org, v);
    },
  });
}

export type MfaChange = { mfaRequired: true } | { mfaRequired: false; reason: string };

/** Requires or relaxes the second factor for an organisation (relaxing needs a reason; both are audited). */
export function useSetOrgMfa(orgId: string, after?: After<Org, MfaChange>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: MfaChange) => patch<Org>(`/api/v1/orgs/${orgId}/mfa`, v),
    onSuccess: async (org, v) => {
      await qc.invalidateQueries({ queryKey: ['orgs'] });
      await after?.onSuccess?.(org, v);
    },
  });
}
