import { queryOptions, useQuery } from '@tanstack/react-query';
import type { InvitationInfo, Me } from '../../../contracts/identity';
import type { Permission } from '../../../contracts/permissions';
import type { z } from 'zod';
import { ApiError, get } from '../../ui/api';

export type { Me };
export type Invitation = z.infer<typeof InvitationInfo>;

/** The signed-in user, or null when nobody is signed in. The routing brain: see app/router.tsx. */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async ({ signal }): Promise<Me | null> => {
    try {
      return await get<Me>('/api/v1/me', signal);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  staleTime: 30_000,
});

/** What an invitation link is for (404/410 INVITATION_INVALID when it is not valid). */
export const invitationQuery = (token: string) =>
  queryOptions({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) => get<Invitation>(`/api/v1/invitations/${encodeURIComponent(token)}`, signal),
    retry: false,
    retryOnMount: false,
    staleTime: Infinity,
  });

export const useMe = () => useQuery(meQuery);

/** The signed-in user inside the app frame, where the router has made sure there is one. */
export function useCurrentUser(): Me {
  const me = useMe().data;
  if (!me) throw new ApiError(401, 'UNAUTHENTICATED', 'Not signed in.');
  return me;
}

export const can = (me: Me | null | undefined, ...permissions: Permission[]) => !!me && permissions.some((p) => me.permissions.includes(p));
