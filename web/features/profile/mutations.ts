import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../../contracts/identity';
import { del, patch, post } from '../../ui/api';
import type { After } from '../auth/mutations';
import { meQuery } from '../auth/queries';
import { passkeysQuery, sessionsQuery, tokensQuery, type TokenRow } from './queries';

type MeChanges = { name?: string; locale?: Me['locale']; timeZone?: string };

export function useUpdateMe(after?: After<Me, MeChanges>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: MeChanges) => patch<Me>('/api/v1/me', v),
    onSuccess: async (me, v) => {
      qc.setQueryData(meQuery.queryKey, me);
      await after?.onSuccess?.(me, v);
    },
  });
}

export function useChangeEmail(after?: After<unknown, { newEmail: string; password: string }>) {
  return useMutation({ mutationFn: (v: { newEmail: string; password: string }) => post('/api/v1/me/email', v), onSuccess: after?.onSuccess });
}

/** Changes the password; the server ends the other sessions and revokes the API tokens. */
export function useChangePassword(after?: After<unknown, { currentPassword: string; newPassword: string }>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) => post('/api/auth/change-password', v),
    onSuccess: async (data, v) => {
      await Promise.all([qc.invalidateQueries({ queryKey: sessionsQuery.queryKey }), qc.invalidateQueries({ queryKey: tokensQuery.queryKey })]);
      await after?.onSuccess?.(data, v);
    },
  });
}

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => del(`/api/v1/me/sessions/${id}`), onSuccess: () => qc.invalidateQueries({ queryKey: sessionsQuery.queryKey }) });
}

export function useRevokeOtherSessions(after?: After<{ revoked: number }>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<{ revoked: number }>('/api/v1/me/sessions/revoke-others'),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: sessionsQuery.queryKey });
      await after?.onSuccess?.(r, undefined);
    },
  });
}

export function useCreateToken(after?: After<TokenRow & { token: string }, { name: string; expiresInDays: number }>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { name: string; expiresInDays: number }) => post<TokenRow & { token: string }>('/api/v1/me/tokens', v),
    onSuccess: async (created, v) => {
      await qc.invalidateQueries({ queryKey: tokensQuery.queryKey });
      await after?.onSuccess?.(created, v);
    },
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => del(`/api/v1/me/tokens/${id}`), onSuccess: () => qc.invalidateQueries({ queryKey: tokensQuery.queryKey }) });
}

/** Second-factor changes refresh who-am-I (its secondFactors) and the passkey list. */
function useRefreshFactors() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: meQuery.queryKey, exact: true }), qc.invalidateQueries({ queryKey: passkeysQuery.queryKey })]);
}

export function useRemovePasskey() {
  const refresh = useRefreshFactors();
  return useMutation({ mutationFn: (id: string) => post('/api/auth/passkey/delete-passkey', { id }), onSuccess: refresh });
}

export function useDisableTotp(after?: After<unknown, string>) {
  const refresh = useRefreshFactors();
  return useMutation({
    mutationFn: (password: string) => post('/api/auth/two-factor/disable', { password }),
    onSuccess: async (d, p) => {
      await refresh();
      await after?.onSuccess?.(d, p);
    },
  });
}

export function useRegenerateBackupCodes() {
  return useMutation({ mutationFn: (password: string) => post<{ backupCodes: string[] }>('/api/auth/two-factor/generate-backup-codes', { password }) });
}
