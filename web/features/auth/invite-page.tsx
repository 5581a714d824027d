import { Alert, Button, Loader, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { useFormatDateTime } from '../../ui/format';
import { AuthLayout } from './auth-layout';
import { MIN_PASSWORD, useNewPasswordForm } from './password-pages';
import { meQuery } from './queries';

type Invitation = { email: string; orgName: string; expiresAt: string };

/** Accepting an invitation: choose a password, then straight on to the second factor. */
export function InvitePage() {
  const { t } = useTranslation();
  const { token } = useParams({ strict: false }) as { token: string };
  const navigate = useNavigate();
  const qc = useQueryClient();
  const fmt = useFormatDateTime();
  const form = useNewPasswordForm();
  const invitation = useQuery({ queryKey: ['invitation', token], queryFn: () => get<Invitation>(`/api/v1/invitations/${encodeURIComponent(token)}`), retry: false });
  const accept = useMutation({
    mutationFn: async (password: string) => {
      const { email } = await post<{ email: string }>('/api/v1/invitations/accept', { token, password });
      await post('/api/auth/sign-in/email', { email, password });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: meQuery.queryKey });
      await navigate({ to: '/enrol' });
    },
  });
  return (
    <AuthLayout title={t('auth.inviteTitle')}>
      {invitation.isPending && <Loader aria-label={t('common.loading')} />}
      {invitation.isError && (
        <Alert color="red" variant="light" role="alert">
          {t('errors.INVITATION_INVALID')}
        </Alert>
      )}
      {invitation.data && (
        <form onSubmit={form.onSubmit((v) => accept.mutate(v.password))} noValidate>
          <Stack gap="sm">
            <Text size="sm">{t('auth.inviteIntro', { org: invitation.data.orgName, email: invitation.data.email })}</Text>
            <Text size="xs" c="dimmed">
              {t('auth.inviteExpires', { when: fmt(invitation.data.expiresAt) })}
            </Text>
            <ErrorAlert error={accept.error} />
            <PasswordInput label={t('auth.newPassword')} description={t('auth.passwordHint', { min: MIN_PASSWORD })} autoComplete="new-password" required {...form.getInputProps('password')} />
            <PasswordInput label={t('auth.repeatPassword')} autoComplete="new-password" required {...form.getInputProps('repeat')} />
            <Button type="submit" loading={accept.isPending}>
              {t('auth.acceptInvitation')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
