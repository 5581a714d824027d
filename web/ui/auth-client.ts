import { createAuthClient } from 'better-auth/react';
import { twoFactorClient } from 'better-auth/client/plugins';
import { passkeyClient } from '@better-auth/passkey/client';
import { ApiError } from './api';

/**
 * Better Auth's browser client. Portico uses it for the WebAuthn ceremonies (passkeys); password and
 * code steps go through `api.ts`, which keeps the server's problem+json codes and Retry-After.
 */
export const authClient = createAuthClient({
  baseURL: window.location.origin,
  basePath: '/api/auth',
  plugins: [
    twoFactorClient({
      onTwoFactorRedirect: () => {
        window.location.assign('/sign-in/two-factor');
      },
    }),
    passkeyClient(),
  ],
});

type ClientError = { code?: string; message?: string; detail?: string; status?: number };

/** A Better Auth client error as an ApiError: server problems keep their code, browser ones get a client code. */
export function toApiError(error: ClientError): ApiError {
  const code = error.code ?? '';
  if (/^[A-Z_]+$/.test(code) && (error.status ?? 0) >= 400 && error.detail !== undefined) {
    return new ApiError(error.status ?? 400, code, error.detail);
  }
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return new ApiError(0, 'PASSKEY_ALREADY_REGISTERED', error.message ?? code);
  if (code === 'AUTH_CANCELLED' || code === 'ERROR_CEREMONY_ABORTED' || code.startsWith('ERROR_')) return new ApiError(0, 'PASSKEY_CANCELLED', error.message ?? code);
  return new ApiError(error.status ?? 0, code || 'INTERNAL', error.detail ?? error.message ?? '');
}
