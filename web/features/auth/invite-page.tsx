import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { AuthLayout } from './auth-layout';
import { useAcceptInvitation } from './mutations';
import { NewPasswordFields, useNewPasswordForm } from './password-pages';
import { invitationQuery } from './queries';

/** Accepting an invitation: choose a password, get signed in, then straight on to the second factor. */
export function InvitePage() {
  const { t } = useTranslation();
  const { token } = useParams({ from: '/invite/$token' });
  const navigate = useNavigate();
  const fmt = useFormat();
  const form = useNewPasswordForm();
  const invitation = useQuery(invitationQuery(token));
  const accept = useAcceptInvitation({ onSuccess: () => navigate({ to: '/enrol' }) });
  const gone = invitation.error instanceof ApiError && invitation.error.status < 500;
  return (
    <AuthLayout title={t('auth.inviteTitle')}>
      {invitation.isPending && (
        <Center py="md">
          <Loader size="sm" role="status" aria-label={t('common.loading')} />
        </Center>
      )}
      {gone && (
        <>
          <Alert color="red" variant="light" role="alert">
            {t('errors.INVITATION_INVALID')}
          </Alert>
          <Button component={Link} to="/sign-in" variant="default">
            {t('auth.backToSignIn')}
          </Button>
        </>
      )}
      {!gone && <ErrorAlert error={invitation.error} />}
      {invitation.data && (
        <form onSubmit={form.onSubmit((v) => accept.mutate({ token, password: v.password }))} noValidate>
          <Stack gap="sm">
            <Text size="sm">{t('auth.inviteIntro', { org: invitation.data.orgName, email: invitation.data.email })}</Text>
            <Text size="xs" c="dimmed">
              {t('auth.inviteExpires', { when: fmt.dateTime(invitation.data.expiresAt) })}
            </Text>
            <ErrorAlert error={accept.error} />
            <NewPasswordFields form={form} />
            <Button type="submit" loading={accept.isPending}>
              {t('auth.acceptInvitation')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
