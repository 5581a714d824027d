import { Anchor, Button, Card, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { IconDeviceMobile, IconFingerprint } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { AuthLayout } from './auth-layout';
import { useAddPasskey, useSignOut } from './mutations';
import { TotpSetup } from './totp-setup';

/** First sign-in: nothing else is reachable until a second factor is added. */
export function EnrolPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [method, setMethod] = useState<'totp' | 'passkey'>('totp');
  const [name, setName] = useState('');
  const toApp = () => navigate({ to: '/' });
  const addPasskey = useAddPasskey({ onSuccess: toApp });
  const signOut = useSignOut({ onSuccess: () => navigate({ to: '/sign-in' }) });
  return (
    <AuthLayout title={t('enrol.title')} subtitle={t('enrol.subtitle')} wide>
      <SegmentedControl
        fullWidth
        value={method}
        onChange={(v) => setMethod(v === 'passkey' ? 'passkey' : 'totp')}
        aria-label={t('enrol.method')}
        data={[
          {
            value: 'totp',
            label: (
              <Group gap={6} justify="center" wrap="nowrap">
                <IconDeviceMobile size={16} aria-hidden />
                {t('enrol.authenticator')}
              </Group>
            ),
          },
          {
            value: 'passkey',
            label: (
              <Group gap={6} justify="center" wrap="nowrap">
                <IconFingerprint size={16} aria-hidden />
                {t('enrol.passkey')}
              </Group>
            ),
          },
        ]}
      />
      {method === 'totp' ? (
        <TotpSetup onDone={toApp} />
      ) : (
        <Card withBorder>
          <Stack gap="sm">
            <Text size="sm">{t('enrol.passkeyIntro')}</Text>
            <ErrorAlert error={addPasskey.error} />
            <TextInput label={t('enrol.passkeyName')} placeholder={t('enrol.passkeyNamePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={80} />
            <Button onClick={() => addPasskey.mutate(name)} loading={addPasskey.isPending} leftSection={<IconFingerprint size={18} aria-hidden />}>
              {t('enrol.addPasskey')}
            </Button>
          </Stack>
        </Card>
      )}
      <Anchor component="button" type="button" size="sm" ta="left" onClick={() => signOut.mutate()}>
        {t('enrol.signOutInstead')}
      </Anchor>
    </AuthLayout>
  );
}
