import { Button, Card, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { IconDeviceMobile, IconFingerprint } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../ui/api';
import { authClient } from '../../ui/auth-client';
import { ErrorAlert } from '../../ui/errors';
import { AuthLayout } from './auth-layout';
import { meQuery } from './queries';
import { TotpSetup } from './totp-setup';

/** First sign-in: nothing else is reachable until a second factor is added. */
export function EnrolPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [method, setMethod] = useState<'totp' | 'passkey'>('totp');
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const done = async () => {
    await qc.invalidateQueries({ queryKey: meQuery.queryKey });
    await navigate({ to: '/' });
  };
  const addPasskey = async () => {
    setBusy(true);
    setError(null);
    const r = await authClient.passkey.addPasskey({ name: name || undefined });
    setBusy(false);
    if (r?.error) return setError(new Error(r.error.message));
    return done();
  };
  const signOut = async () => {
    await post('/api/auth/sign-out');
    await qc.invalidateQueries({ queryKey: meQuery.queryKey });
    await navigate({ to: '/sign-in' });
  };
  return (
    <AuthLayout title={t('enrol.title')} subtitle={t('enrol.subtitle')}>
      <SegmentedControl
        fullWidth
        value={method}
        onChange={(v) => setMethod(v as 'totp' | 'passkey')}
        aria-label={t('enrol.method')}
        data={[
          { value: 'totp', label: <Group gap={6} justify="center" wrap="nowrap"><IconDeviceMobile size={16} aria-hidden />{t('enrol.authenticator')}</Group> },
          { value: 'passkey', label: <Group gap={6} justify="center" wrap="nowrap"><IconFingerprint size={16} aria-hidden />{t('enrol.passkey')}</Group> },
        ]}
      />
      {method === 'totp' ? (
        <TotpSetup onDone={() => void done()} />
      ) : (
        <Card withBorder>
          <Stack gap="sm">
            <Text size="sm">{t('enrol.passkeyIntro')}</Text>
            <ErrorAlert error={error} />
            <TextInput label={t('enrol.passkeyName')} placeholder={t('enrol.passkeyNamePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Button onClick={() => void addPasskey()} loading={busy} leftSection={<IconFingerprint size={18} aria-hidden />}>
              {t('enrol.addPasskey')}
            </Button>
          </Stack>
        </Card>
      )}
      <Button variant="subtle" color="gray" onClick={() => void signOut()}>
        {t('nav.signOut')}
      </Button>
    </AuthLayout>
  );
}
