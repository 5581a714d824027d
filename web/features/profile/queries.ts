import { queryOptions } from '@tanstack/react-query';
import type { ApiTokenDto, SessionDto } from '../../../contracts/identity';
import { get, type PageOf } from '../../ui/api';

export type SessionRow = SessionDto;
export type TokenRow = ApiTokenDto;
/** A passkey as Better Auth lists it. */
export type PasskeyRow = { id: string; name?: string | null; createdAt?: string | null; deviceType?: string | null; backedUp?: boolean };

export const PROFILE_TABS = ['details', 'security', 'notifications', 'sessions', 'tokens'] as const;
export type ProfileTab = (typeof PROFILE_TABS)[number];
export type ProfileSearch = { tab?: ProfileTab };
export const parseProfileSearch = (s: Record<string, unknown>): ProfileSearch => ({
  tab: PROFILE_TABS.find((t) => t === s.tab),
});

// Keyed under ['me'] so that signing out or in again clears them with who-am-I.
export const sessionsQuery = queryOptions({ queryKey: ['me', 'sessions'], queryFn: ({ signal }) => get<PageOf<SessionRow>>('/api/v1/me/sessions?limit=200', signal) });
export const tokensQuery = queryOptions({ queryKey: ['me', 'tokens'], queryFn: ({ signal }) => get<PageOf<TokenRow>>('/api/v1/me/tokens?limit=200', signal) });
export const passkeysQuery = queryOptions({ queryKey: ['me', 'passkeys'], queryFn: ({ signal }) => get<PasskeyRow[]>('/api/auth/passkey/list-user-passkeys', signal) });
