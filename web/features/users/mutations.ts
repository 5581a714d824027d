import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DelegablePermission, Role } from '../../../contracts/permissions';
import { patch, post } from '../../ui/api';
import type { After } from '../auth/mutations';
import type { User } from './queries';

export type Invite = { email: string; name: string; role: Role; locale?: string; orgId?: string };
export type UserChange = { role?: Role; status?: 'active' | 'deactivated'; grantedPermissions?: DelegablePermission[] };

/** Invites a person; the answer is the same whether or not the address already has an account. */
export function useInviteUser(after?: After<unknown, Invite>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: Invite) => post('/api/v1/users/invite', v),
    onSuccess: async (d, v) => {
      await Promise.all([qc.invalidateQueries({ queryKey: ['users'] }), qc.invalidateQueries({ queryKey: ['orgs'] })]);
      await after?.onSuccess?.(d, v);
    },
  });
}

export function useUpdateUser(userId: string, after?: After<User, UserChange>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: UserChange) => patch<User>(`/api/v1/users/${userId}`, v),
    onSuccess: async (u, v) => {
      await qc.invalidateQueries({ queryKey: ['users'] });
      await after?.onSuccess?.(u, v);
    },
  });
}

export function useResendInvitation(userId: string, after?: After) {
  return useMutation({ mutationFn: () => post(`/api/v1/users/${userId}/resend-invitation`), onSuccess: after?.onSuccess });
}
