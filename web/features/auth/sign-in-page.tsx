import { Anchor, Button, Divider, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, useNavigate } from '@tanstack/react-router';
import { IconFingerprint } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { AuthLayout } from './auth-layout';
import { usePasskeySignIn, useSignIn } from './mutations';

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Sign-in with e-mail and password (then a second factor), or with a passkey alone. */
export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (EMAIL_PATTERN.test(v.trim()) ? null : t('auth.emailInvalid')),
      password: (v) => (v ? null : t('auth.passwordRequired')),
    },
  });
  // Where to go next is the app's routing decision (enrol, challenge or home), made from /me.
  const signIn = useSignIn({ onSuccess: (res) => navigate({ to: res.twoFactorRedirect ? '/sign-in/two-factor' : '/' }) });
  const passkey = usePasskeySignIn({ onSuccess: () => navigate({ to: '/' }) });
  return (
    <AuthLayout title={t('auth.signInTitle')} subtitle={t('auth.signInSubtitle')}>
      <form onSubmit={form.onSubmit((v) => signIn.mutate({ email: v.email.trim(), password: v.password }))} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={signIn.error} />
          <TextInput label={t('auth.email')} type="email" autoComplete="username" required {...form.getInputProps('email')} />
          <PasswordInput label={t('auth.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
          <Button type="submit" loading={signIn.isPending} fullWidth>
            {t('auth.signIn')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('auth.forgotPassword')}
          </Anchor>
        </Stack>
      </form>
      <Divider label={t('auth.or')} labelPosition="center" />
      <ErrorAlert error={passkey.error} />
      <Button variant="default" leftSection={<IconFingerprint size={18} aria-hidden />} onClick={() => passkey.mutate()} loading={passkey.isPending}>
        {t('auth.signInWithPasskey')}
      </Button>
    </AuthLayout>
  );
}
