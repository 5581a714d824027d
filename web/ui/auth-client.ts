import { createAuthClient } from 'better-auth/react';
import { passkeyClient } from '@better-auth/passkey/client';

/** Better Auth's browser client, used for passkeys (it runs the WebAuthn ceremonies). */
export const authClient = createAuthClient({
  baseURL: window.location.origin,
  basePath: '/api/auth',
  plugins: [passkeyClient()],
});
