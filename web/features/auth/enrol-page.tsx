import { Anchor, Button, Card, Group, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { IconDeviceMobile, IconFingerprint } from '@tabler/icons-react';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { AuthLayout } from './auth-layout';
import { useAddPasskey, useSignOut } from './mutations';
import { TotpSetup } from './totp-setup';

/** One way to add a second factor, as a selectable card (a radio button named by its title). */
function MethodCard({ value, icon, title, text }: { value: string; icon: ReactNode; title: string; text: string }) {
  const id = useId();
  return (
    <Radio.Card value={value} radius="md" p="md" aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`}>
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <Radio.Indicator mt={2} />
        <div>
          <Group gap={6} wrap="nowrap">
            {icon}
            <Text fw={600} id={`${id}-title`}>
              {title}
            </Text>
          </Group>
          <Text size="sm" c="dimmed" id={`${id}-text`}>
            {text}
          </Text>
        </div>
      </Group>
    </Radio.Card>
  );
}

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
      <Radio.Group value={method} onChange={(v) => setMethod(v === 'passkey' ? 'passkey' : 'totp')} label={t('enrol.method')}>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" mt="xs">
          <MethodCard value="totp" icon={<IconDeviceMobile size={22} aria-hidden />} title={t('enrol.authenticator')} text={t('profile.totpText')} />
          <MethodCard value="passkey" icon={<IconFingerprint size={22} aria-hidden />} title={t('enrol.passkey')} text={t('enrol.passkeyShort')} />
        </SimpleGrid>
      </Radio.Group>
      {method === 'totp' ? (
        <TotpSetup onDone={toApp} />
      ) : (
        <Card withBorder>
          <Stack gap="sm">
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
