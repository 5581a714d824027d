import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../ui/api';
import { authClient, toApiError } from '../../ui/auth-client';
import { meQuery } from './queries';

/** What a caller may add after the hook's own work (cache invalidation) is done. */
export type After<T = unknown, V = void> = { onSuccess?: (data: T, variables: V) => unknown };

type SignInResult = { twoFactorRedirect?: boolean; twoFactorMethods?: string[] };

/**
 * Refreshes who-am-I first, then runs the caller's onSuccess. A new sign-in (`fresh`) first drops
 * everything cached, so nothing of a previous user's session can show.
 */
function useAfterMe<T, V>(after?: After<T, V>, fresh = false) {
  const qc = useQueryClient();
  return async (data: T, variables: V) => {
    if (fresh) qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' || q.queryKey.length > 1 });
    await qc.invalidateQueries({ queryKey: meQuery.queryKey, exact: true });
    await after?.onSuccess?.(data, variables);
  };
}

export function useSignIn(after?: After<SignInResult, { email: string; password: string }>) {
  const onSuccess = useAfterMe(after, true);
  return useMutation({ mutationFn: (v: { email: string; password: string }) => post<SignInResult>('/api/auth/sign-in/email', v), onSuccess });
}

/** The second step of sign-in (or the first code of a new authenticator app): a TOTP or a backup code. */
export function useVerifySecondFactor(after?: After<unknown, { kind: 'totp' | 'backup'; code: string; trustDevice?: boolean }>) {
  const onSuccess = useAfterMe(after);
  return useMutation({
    mutationFn: (v: { kind: 'totp' | 'backup'; code: string; trustDevice?: boolean }) =>
      v.kind === 'totp'
        ? post('/api/auth/two-factor/verify-totp', { code: v.code.replace(/\s/g, ''), ...(v.trustDevice ? { trustDevice: true } : {}) })
        : post('/api/auth/two-factor/verify-backup-code', { code: v.code.trim() }),
    onSuccess,
  });
}

/** Starts setting up an authenticator app: returns the otpauth URI and ten backup codes. */
export function useEnableTotp() {
  return useMutation({ mutationFn: (password: string) => post<{ totpURI: string; backupCodes: string[] }>('/api/auth/two-factor/enable', { password }) });
}

/** Signs in (or confirms the second factor) with a passkey, through the WebAuthn ceremony. */
export function usePasskeySignIn(after?: After) {
  const onSuccess = useAfterMe(after, true);
  return useMutation({
    mutationFn: async () => {
      const r = await authClient.signIn.passkey();
      if (r.error) throw toApiError(r.error);
    },
    onSuccess,
  });
}

/** Registers a passkey for the signed-in user. */
export function useAddPasskey(after?: After<unknown, string>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) => {
      const r = await authClient.passkey.addPasskey({ name: name.trim() || undefined });
      if (r?.error) throw toApiError(r.error);
    },
    onSuccess: async (data, name) => {
      await qc.invalidateQueries({ queryKey: ['me'] }); // me and the passkey list under it
      await after?.onSuccess?.(data, name);
    },
  });
}

export function useSignOut(after?: After) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post('/api/auth/sign-out'),
    onSettled: async () => {
      qc.clear();
      qc.setQueryData(meQuery.queryKey, null);
      await after?.onSuccess?.(undefined, undefined);
    },
  });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (email: string) => post('/api/auth/request-password-reset', { email, redirectTo: '/reset-password' }) });
}

export function useResetPassword() {
  return useMutation({ mutationFn: (v: { token: string; newPassword: string }) => post('/api/auth/reset-password', v) });
}

/** Accepts an invitation with a new password, then signs in with it. */
export function useAcceptInvitation(after?: After<unknown, { token: string; password: string }>) {
  const onSuccess = useAfterMe(after, true);
  return useMutation({
    mutationFn: async (v: { token: string; password: string }) => {
      const { email } = await post<{ email: string }>('/api/v1/invitations/accept', v);
      await post('/api/auth/sign-in/email', { email, password: v.password });
    },
    onSuccess,
  });
}
