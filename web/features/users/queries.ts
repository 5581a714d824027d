import { infiniteQueryOptions } from '@tanstack/react-query';
import { get, qs } from '../../ui/api';

export type User = {
  id: string;
  orgId: string;
  name: string;
  email: string;
  role: 'customer_user' | 'customer_admin' | 'provider_agent' | 'provider_admin';
  status: 'invited' | 'active' | 'deactivated';
  grantedPermissions: string[];
  secondFactor: boolean;
  lastSignInAt: string | null;
  createdAt: string;
  abilities: { changeRole: boolean; deactivate: boolean; delegate: boolean };
};
export type UserFilters = { q?: string; status?: string; orgId?: string };
type PageOf<T> = { items: T[]; nextCursor: string | null };

/** Users of an organisation, page by page. */
export const usersQuery = (f: UserFilters) =>
  infiniteQueryOptions({
    queryKey: ['users', f],
    queryFn: ({ pageParam }) => get<PageOf<User>>(`/api/v1/users${qs({ ...f, cursor: pageParam, limit: 50 })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
