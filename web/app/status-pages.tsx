import { Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useQueryErrorResetBoundary } from '@tanstack/react-query';
import { Link, useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { IconAlertTriangle, IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from '../features/auth/auth-layout';
import { useMe } from '../features/auth/queries';
import { ApiError } from '../ui/api';
import { useErrorMessage } from '../ui/errors';
import { Page } from '../ui/page';

/** An address that is no page (rendered outside the app frame, so it works signed in or not). */
export function NotFoundPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  return (
    <AuthLayout title={t('status.notFound')}>
      <Text>{t('status.notFoundText')}</Text>
      <Button component={Link} to={me ? '/' : '/sign-in'} variant="default">
        {me ? t('status.toHome') : t('auth.backToSignIn')}
      </Button>
    </AuthLayout>
  );
}

/** A page inside the app frame that failed to load: what went wrong, in words, and a way to try again. */
export function ErrorPage({ error }: ErrorComponentProps) {
  return <ErrorView error={error} />;
}

/** The same for pages outside the frame (sign-in pages, or the frame itself failing to load). */
export function StandaloneErrorPage({ error }: ErrorComponentProps) {
  return <ErrorView error={error} standalone />;
}

function ErrorView({ error, standalone }: { error: unknown; standalone?: boolean }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const router = useRouter();
  const { reset } = useQueryErrorResetBoundary();
  const forbidden = error instanceof ApiError && error.status === 403;
  const missing = error instanceof ApiError && error.status === 404;
  const retry = () => {
    reset();
    void router.invalidate();
  };
  const title = forbidden ? t('status.forbidden') : missing ? t('status.notFound') : t('status.error');
  const body = (
      <Stack gap="md" align="flex-start">
        <Group gap="xs" wrap="nowrap" c={forbidden ? 'dark' : 'red.9'}>
          {forbidden ? <IconLock size={20} aria-hidden /> : <IconAlertTriangle size={20} aria-hidden />}
          <Text role="alert">{message(error)}</Text>
        </Group>
        <Group gap="sm">
          {!forbidden && !missing && <Button onClick={retry}>{t('status.retry')}</Button>}
          <Button component={Link} to="/" variant="default">
            {t('status.toHome')}
          </Button>
        </Group>
      </Stack>
  );
  return standalone ? <AuthLayout title={title}>{body}</AuthLayout> : <Page title={title}>{body}</Page>;
}

/** Shown only when a page takes noticeably long to load. */
export function PendingPage() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Loader role="status" aria-label={t('common.loading')} />
    </Center>
  );
}
