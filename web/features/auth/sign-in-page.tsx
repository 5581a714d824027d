import { Anchor, Button, Divider, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { IconFingerprint } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../ui/api';
import { authClient } from '../../ui/auth-client';
import { ErrorAlert } from '../../ui/errors';
import { AuthLayout } from './auth-layout';
import { meQuery } from './queries';

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [passkeyError, setPasskeyError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v) ? null : t('auth.emailInvalid')),
      password: (v) => (v ? null : t('auth.passwordRequired')),
    },
  });
  const signIn = useMutation({
    mutationFn: (v: { email: string; password: string }) => post<{ twoFactorRedirect?: boolean }>('/api/auth/sign-in/email', v),
    onSuccess: async (res) => {
      if (res.twoFactorRedirect) return navigate({ to: '/sign-in/two-factor' });
      await qc.invalidateQueries({ queryKey: meQuery.queryKey });
      return navigate({ to: '/' });
    },
  });
  const passkey = async () => {
    setPasskeyError(null);
    const r = await authClient.signIn.passkey();
    if (r.error) return setPasskeyError(new Error(r.error.message));
    await qc.invalidateQueries({ queryKey: meQuery.queryKey });
    return navigate({ to: '/' });
  };
  return (
    <AuthLayout title={t('auth.signInTitle')} subtitle={t('auth.signInSubtitle')}>
      <form onSubmit={form.onSubmit((v) => signIn.mutate(v))} noValidate>
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
      <ErrorAlert error={passkeyError} />
      <Button variant="default" leftSection={<IconFingerprint size={18} aria-hidden />} onClick={() => void passkey()}>
        {t('auth.signInWithPasskey')}
      </Button>
    </AuthLayout>
  );
}
