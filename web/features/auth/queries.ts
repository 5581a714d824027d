import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../../ui/api';

export type Me = {
  id: string;
  email: string;
  name: string;
  role: 'customer_user' | 'customer_admin' | 'provider_agent' | 'provider_admin';
  permissions: string[];
  locale: 'en' | 'de' | 'nb' | 'ru';
  timeZone: string;
  org: { id: string; name: string; kind: 'provider' | 'customer'; mfaRequired: boolean };
  mfa: 'ok' | 'enrol' | 'challenge';
  secondFactors: { totp: boolean; passkeys: number };
  via: 'session' | 'token';
};

/** The signed-in user, or null when nobody is signed in. */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<Me | null> => {
    try {
      return await get<Me>('/api/v1/me');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  staleTime: 30_000,
});

export const useMe = () => useQuery(meQuery);
export const can = (me: Me | null | undefined, permission: string) => !!me?.permissions.includes(permission);
