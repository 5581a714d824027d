import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { Anchor, createTheme, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { makeRouter } from './app/router';
import { ApiError } from './ui/api';
import './ui/i18n';

const theme = createTheme({
  primaryColor: 'portico',
  primaryShade: 7,
  colors: {
    portico: ['#e6f4f9', '#cde6ef', '#9dcfe0', '#69b6cf', '#43a1c1', '#2a93b8', '#1a7fa3', '#0b6a8a', '#0b4f6c', '#053c53'],
  },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  components: {
    // Links inside text are underlined, so they are told apart without relying on colour.
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
  },
});

// Mantine's default "dimmed" grey is below 4.5:1 on light backgrounds; ours meets WCAG AA.
// Light variants (badges, light buttons) use the darkest shade for text, for the same reason.
const resolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#555d66',
    ...Object.fromEntries(Object.keys(t.colors).map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`])),
    ...Object.fromEntries(Object.keys(t.colors).map((c) => [`--mantine-color-${c}-light`, `var(--mantine-color-${c}-0)`])),
  },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2, refetchOnWindowFocus: false },
  },
});
const router = makeRouter(queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={resolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
