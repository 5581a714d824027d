import { Anchor, Button, Checkbox, Divider, Stack, TextInput } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { IconFingerprint } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { AuthLayout } from './auth-layout';
import { usePasskeySignIn, useSignOut, useVerifySecondFactor } from './mutations';
import { useMe } from './queries';

/** The second step of sign-in: a code from the authenticator app, a backup code, or a passkey. */
export function TwoFactorPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const [kind, setKind] = useState<'totp' | 'backup'>('totp');
  const [code, setCode] = useState('');
  const [trust, setTrust] = useState(false);
  const [missing, setMissing] = useState(false);
  // Signed in with a password but holding only passkeys: the passkey is the only way on.
  const passkeyOnly = me.data?.mfa === 'challenge';
  const toApp = () => navigate({ to: '/' });
  const verify = useVerifySecondFactor({ onSuccess: toApp });
  const passkey = usePasskeySignIn({ onSuccess: toApp });
  const signOut = useSignOut({ onSuccess: () => navigate({ to: '/sign-in' }) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(!code.trim());
    if (code.trim()) verify.mutate({ kind, code, trustDevice: trust });
  };
  const switchKind = () => {
    setKind(kind === 'totp' ? 'backup' : 'totp');
    setCode('');
    setMissing(false);
    verify.reset();
  };
  const subtitle = passkeyOnly ? t('auth.passkeyChallenge') : kind === 'totp' ? t('auth.twoFactorSubtitle') : t('auth.backupSubtitle');
  return (
    <AuthLayout title={t('auth.twoFactorTitle')} subtitle={subtitle}>
      {!passkeyOnly && (
        <>
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <ErrorAlert error={verify.error} />
              <TextInput
                key={kind}
                label={kind === 'totp' ? t('auth.code') : t('auth.backupCode')}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                inputMode={kind === 'totp' ? 'numeric' : 'text'}
                autoComplete="one-time-code"
                maxLength={kind === 'totp' ? 7 : 32}
                required
                error={missing ? t('auth.codeRequired') : undefined}
              />
              {kind === 'totp' && <Checkbox label={t('auth.trustDevice')} checked={trust} onChange={(e) => setTrust(e.currentTarget.checked)} />}
              <Button type="submit" loading={verify.isPending} fullWidth>
                {t('auth.verify')}
              </Button>
              <Anchor component="button" type="button" size="sm" ta="left" onClick={switchKind}>
                {kind === 'totp' ? t('auth.useBackupCode') : t('auth.useAuthenticator')}
              </Anchor>
            </Stack>
          </form>
          <Divider label={t('auth.or')} labelPosition="center" />
        </>
      )}
      <ErrorAlert error={passkey.error} />
      <Button variant={passkeyOnly ? 'filled' : 'default'} leftSection={<IconFingerprint size={18} aria-hidden />} onClick={() => passkey.mutate()} loading={passkey.isPending}>
        {t('auth.usePasskey')}
      </Button>
      <Anchor component="button" type="button" size="sm" ta="left" onClick={() => signOut.mutate()}>
        {t('auth.backToSignIn')}
      </Anchor>
    </AuthLayout>
  );
}
