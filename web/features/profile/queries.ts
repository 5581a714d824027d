import { queryOptions } from '@tanstack/react-query';
import { get } from '../../ui/api';

export type SessionRow = { id: string; createdAt: string; updatedAt: string; expiresAt: string; ipAddress: string | null; userAgent: string | null; current: boolean };
export type TokenRow = { id: string; name: string; start: string | null; createdAt: string; expiresAt: string | null; lastUsedAt: string | null };
export type PasskeyRow = { id: string; name?: string | null; createdAt?: string | null; deviceType?: string };

export const sessionsQuery = queryOptions({ queryKey: ['me', 'sessions'], queryFn: () => get<{ items: SessionRow[] }>('/api/v1/me/sessions?limit=100') });
export const tokensQuery = queryOptions({ queryKey: ['me', 'tokens'], queryFn: () => get<{ items: TokenRow[] }>('/api/v1/me/tokens?limit=100') });
export const passkeysQuery = queryOptions({ queryKey: ['me', 'passkeys'], queryFn: () => get<PasskeyRow[]>('/api/auth/passkey/list-user-passkeys') });
