import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { post } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { AuthLayout } from './auth-layout';

export const MIN_PASSWORD = 12;

/** Validation of a new password and its repetition, shared by reset, invitation and profile. */
export function useNewPasswordForm() {
  const { t } = useTranslation();
  return useForm({
    initialValues: { password: '', repeat: '' },
    validate: {
      password: (v) => (v.length >= MIN_PASSWORD ? null : t('auth.passwordTooShort', { min: MIN_PASSWORD })),
      repeat: (v, all) => (v === all.password ? null : t('auth.passwordsDiffer')),
    },
  });
}

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { email: '' }, validate: { email: (v) => (/^\S+@\S+$/.test(v) ? null : t('auth.emailInvalid')) } });
  const request = useMutation({ mutationFn: (email: string) => post('/api/auth/request-password-reset', { email, redirectTo: '/reset-password' }) });
  return (
    <AuthLayout title={t('auth.forgotTitle')} subtitle={t('auth.forgotSubtitle')}>
      {request.isSuccess ? (
        <Alert color="teal" variant="light" role="status">
          {t('auth.resetSent')}
        </Alert>
      ) : (
        <form onSubmit={form.onSubmit((v) => request.mutate(v.email))} noValidate>
          <Stack gap="sm">
            <ErrorAlert error={request.error} />
            <TextInput label={t('auth.email')} type="email" autoComplete="username" required {...form.getInputProps('email')} />
            <Button type="submit" loading={request.isPending}>
              {t('auth.sendResetLink')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/sign-in" size="sm">
        {t('auth.backToSignIn')}
      </Anchor>
    </AuthLayout>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const search = useSearch({ strict: false }) as { token?: string; error?: string };
  const form = useNewPasswordForm();
  const reset = useMutation({ mutationFn: (newPassword: string) => post('/api/auth/reset-password', { newPassword, token: search.token }) });
  const invalid = !search.token || search.error;
  return (
    <AuthLayout title={t('auth.resetTitle')}>
      {invalid ? (
        <Alert color="red" variant="light" role="alert">
          {t('errors.TOKEN_INVALID')}
        </Alert>
      ) : reset.isSuccess ? (
        <Alert color="teal" variant="light" role="status">
          {t('auth.resetDone')}
        </Alert>
      ) : (
        <form onSubmit={form.onSubmit((v) => reset.mutate(v.password))} noValidate>
          <Stack gap="sm">
            <ErrorAlert error={reset.error} />
            <PasswordInput label={t('auth.newPassword')} description={t('auth.passwordHint', { min: MIN_PASSWORD })} autoComplete="new-password" required {...form.getInputProps('password')} />
            <PasswordInput label={t('auth.repeatPassword')} autoComplete="new-password" required {...form.getInputProps('repeat')} />
            <Button type="submit" loading={reset.isPending}>
              {t('auth.setPassword')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/sign-in" size="sm">
        {t('auth.backToSignIn')}
      </Anchor>
    </AuthLayout>
  );
}
