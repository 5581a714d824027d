import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { AuthLayout } from './auth-layout';
import { useRequestPasswordReset, useResetPassword } from './mutations';
import { EMAIL_PATTERN } from './sign-in-page';

export const MIN_PASSWORD = 12;

/** A new password and its repetition, shared by reset, invitation and profile. */
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

/** The two password fields of useNewPasswordForm. */
export function NewPasswordFields({ form }: { form: ReturnType<typeof useNewPasswordForm> }) {
  const { t } = useTranslation();
  return (
    <>
      <PasswordInput label={t('auth.newPassword')} description={t('auth.passwordHint', { min: MIN_PASSWORD })} autoComplete="new-password" required {...form.getInputProps('password')} />
      <PasswordInput label={t('auth.repeatPassword')} autoComplete="new-password" required {...form.getInputProps('repeat')} />
    </>
  );
}

/** Asks for a reset link; the answer never tells whether the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { email: '' }, validate: { email: (v) => (EMAIL_PATTERN.test(v.trim()) ? null : t('auth.emailInvalid')) } });
  const request = useRequestPasswordReset();
  return (
    <AuthLayout title={t('auth.forgotTitle')} subtitle={request.isSuccess ? undefined : t('auth.forgotSubtitle')}>
      {request.isSuccess ? (
        <Alert color="teal" variant="light" role="status">
          {t('auth.resetSent')}
        </Alert>
      ) : (
        <form onSubmit={form.onSubmit((v) => request.mutate(v.email.trim()))} noValidate>
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

/** Where the mailed reset link lands: /reset-password?token=… (or ?error=INVALID_TOKEN). */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token, error } = useSearch({ from: '/reset-password' });
  const form = useNewPasswordForm();
  const reset = useResetPassword();
  const invalid = !token || !!error || (reset.error instanceof ApiError && reset.error.code === 'TOKEN_INVALID');
  return (
    <AuthLayout title={t('auth.resetTitle')}>
      {invalid ? (
        <>
          <Alert color="red" variant="light" role="alert">
            {t('errors.TOKEN_INVALID')}
          </Alert>
          <Button component={Link} to="/forgot-password" variant="default">
            {t('auth.requestNewLink')}
          </Button>
        </>
      ) : reset.isSuccess ? (
        <>
          <Alert color="teal" variant="light" role="status">
            {t('auth.resetDone')}
          </Alert>
          <Button component={Link} to="/sign-in">
            {t('auth.signIn')}
          </Button>
        </>
      ) : (
        <form onSubmit={form.onSubmit((v) => {
          if (token) reset.mutate({ token, newPassword: v.password });
        })} noValidate>
          <Stack gap="sm">
            <ErrorAlert error={reset.error} />
            <NewPasswordFields form={form} />
            <Button type="submit" loading={reset.isPending}>
              {t('auth.setPassword')}
            </Button>
          </Stack>
        </form>
      )}
      {!reset.isSuccess && (
        <Anchor component={Link} to="/sign-in" size="sm">
          {t('auth.backToSignIn')}
        </Anchor>
      )}
    </AuthLayout>
  );
}
