import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { meQuery } from '../features/auth/queries';
import { ApiError } from '../ui/api';
import { dayjsLocale } from '../ui/i18n';
import { makeRouter } from './router';
import { cssVariablesResolver, makeTheme } from './theme';

const PUBLIC = ['/sign-in', '/forgot-password', '/reset-password', '/invite/', '/enrol'];

/**
 * A request that finds the session gone, or the second factor missing, sends the user where /me
 * says they belong, wherever in the app it happened.
 */
function onAuthError(error: unknown) {
  if (!(error instanceof ApiError)) return;
  if (!['UNAUTHENTICATED', 'MFA_ENROLMENT_REQUIRED', 'MFA_CHALLENGE_REQUIRED'].includes(error.code)) return;
  if (PUBLIC.some((p) => router.state.location.pathname.startsWith(p))) return;
  void queryClient.invalidateQueries({ queryKey: meQuery.queryKey }).then(() => router.invalidate());
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onAuthError }),
  mutationCache: new MutationCache({ onError: onAuthError }),
  defaultOptions: {
    queries: {
      retry: (n, e) => !(e instanceof ApiError && e.status > 0 && e.status < 500) && n < 2,
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});
export const router = makeRouter(queryClient);

/** Mantine (theme, date pickers in the UI language, notifications), TanStack Query and the router. */
export function Providers() {
  const { t, i18n } = useTranslation();
  const theme = useMemo(() => makeTheme(t), [t]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <DatesProvider settings={{ locale: dayjsLocale(i18n.language), firstDayOfWeek: 1 }}>
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
