import { Anchor, Button, Checkbox, Divider, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { IconFingerprint } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../ui/api';
import { authClient } from '../../ui/auth-client';
import { ErrorAlert } from '../../ui/errors';
import { AuthLayout } from './auth-layout';
import { meQuery, useMe } from './queries';

/** The second step of sign-in: a code from the authenticator app, a backup code, or a passkey. */
export function TwoFactorPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const [mode, setMode] = useState<'totp' | 'backup'>('totp');
  const [code, setCode] = useState('');
  const [trust, setTrust] = useState(false);
  const [passkeyError, setPasskeyError] = useState<unknown>(null);
  const passkeyOnly = me.data?.mfa === 'challenge';
  const done = async () => {
    await qc.invalidateQueries({ queryKey: meQuery.queryKey });
    await navigate({ to: '/' });
  };
  const verify = useMutation({
    mutationFn: () =>
      mode === 'totp'
        ? post('/api/auth/two-factor/verify-totp', { code: code.replace(/\s/g, ''), trustDevice: trust })
        : post('/api/auth/two-factor/verify-backup-code', { code: code.trim() }),
    onSuccess: done,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim()) verify.mutate();
  };
  const passkey = async () => {
    setPasskeyError(null);
    const r = await authClient.signIn.passkey();
    if (r.error) return setPasskeyError(new Error(r.error.message));
    return done();
  };
  return (
    <AuthLayout title={t('auth.twoFactorTitle')} subtitle={passkeyOnly ? t('auth.passkeyChallenge') : mode === 'totp' ? t('auth.twoFactorSubtitle') : t('auth.backupSubtitle')}>
      {!passkeyOnly && (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ErrorAlert error={verify.error} />
            <TextInput
              label={mode === 'totp' ? t('auth.code') : t('auth.backupCode')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              inputMode={mode === 'totp' ? 'numeric' : 'text'}
              autoComplete="one-time-code"
              required
              data-autofocus
            />
            {mode === 'totp' && <Checkbox label={t('auth.trustDevice')} checked={trust} onChange={(e) => setTrust(e.currentTarget.checked)} />}
            <Button type="submit" loading={verify.isPending} fullWidth>
              {t('auth.verify')}
            </Button>
            <Anchor component="button" type="button" size="sm" onClick={() => { setMode(mode === 'totp' ? 'backup' : 'totp'); setCode(''); }}>
              {mode === 'totp' ? t('auth.useBackupCode') : t('auth.useAuthenticator')}
            </Anchor>
          </Stack>
        </form>
      )}
      <Divider label={t('auth.or')} labelPosition="center" />
      <ErrorAlert error={passkeyError} />
      <Button variant="default" leftSection={<IconFingerprint size={18} aria-hidden />} onClick={() => void passkey()}>
        {t('auth.usePasskey')}
      </Button>
      <Anchor component={Link} to="/sign-in" size="sm">
        {t('auth.backToSignIn')}
      </Anchor>
    </AuthLayout>
  );
}
