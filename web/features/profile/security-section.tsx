import { Badge, Button, Card, Group, Modal, PasswordInput, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../ui/api';
import { authClient } from '../../ui/auth-client';
import { ErrorAlert } from '../../ui/errors';
import { useFormatDateTime } from '../../ui/format';
import { meQuery, type Me } from '../auth/queries';
import { BackupCodes, TotpSetup } from '../auth/totp-setup';
import { passkeysQuery } from './queries';

/** Asks for the password, then runs a sensitive action with it. */
function PasswordConfirm({ opened, onClose, title, action, children }: { opened: boolean; onClose: () => void; title: string; action: (password: string) => Promise<unknown>; children?: (result: unknown) => React.ReactNode }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const m = useMutation({ mutationFn: () => action(password) });
  const close = () => {
    setPassword('');
    m.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password) m.mutate();
  };
  return (
    <Modal opened={opened} onClose={close} title={title}>
      {m.isSuccess && children ? (
        <Stack>
          {children(m.data)}
          <Button onClick={close}>{t('common.done')}</Button>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <ErrorAlert error={m.error} />
            <PasswordInput label={t('auth.password')} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required data-autofocus />
            <Button type="submit" loading={m.isPending}>
              {t('common.confirm')}
            </Button>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

export function SecondFactorsSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fmt = useFormatDateTime();
  const passkeys = useQuery(passkeysQuery);
  const [codesOpen, codes] = useDisclosure();
  const [disableOpen, disable] = useDisclosure();
  const [setupOpen, setup] = useDisclosure();
  const [passkeyName, setPasskeyName] = useState('');
  const [passkeyError, setPasskeyError] = useState<unknown>(null);
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: meQuery.queryKey }), qc.invalidateQueries({ queryKey: passkeysQuery.queryKey })]);
  const addPasskey = async () => {
    setPasskeyError(null);
    const r = await authClient.passkey.addPasskey({ name: passkeyName || undefined });
    if (r?.error) return setPasskeyError(new Error(r.error.message));
    setPasskeyName('');
    return refresh();
  };
  const removePasskey = useMutation({ mutationFn: (id: string) => post('/api/auth/passkey/delete-passkey', { id }), onSuccess: refresh });
  const factors = (me.secondFactors.totp ? 1 : 0) + me.secondFactors.passkeys;
  return (
    <Card withBorder padding="lg">
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('profile.secondFactors')}
        </Title>
        <Group justify="space-between" wrap="wrap">
          <div>
            <Text fw={600}>{t('enrol.authenticator')}</Text>
            <Text size="sm" c="dimmed">
              {t('profile.totpText')}
            </Text>
          </div>
          <Group gap="xs">
            <Badge color={me.secondFactors.totp ? 'teal' : 'gray'} variant="light">
              {me.secondFactors.totp ? t('profile.on') : t('profile.off')}
            </Badge>
            {me.secondFactors.totp ? (
              <>
                <Button size="xs" variant="default" onClick={codes.open}>
                  {t('profile.newBackupCodes')}
                </Button>
                <Button size="xs" variant="default" color="red" onClick={disable.open} disabled={factors <= 1 && me.org.mfaRequired}>
                  {t('profile.turnOff')}
                </Button>
              </>
            ) : (
              <Button size="xs" onClick={setup.open}>
                {t('profile.setUp')}
              </Button>
            )}
          </Group>
        </Group>
        <div>
          <Text fw={600}>{t('enrol.passkey')}</Text>
          <Text size="sm" c="dimmed">
            {t('profile.passkeyText')}
          </Text>
        </div>
        <ErrorAlert error={passkeyError ?? removePasskey.error} />
        {(passkeys.data?.length ?? 0) > 0 && (
          <Table.ScrollContainer minWidth={400}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('profile.passkeyName')}</Table.Th>
                  <Table.Th>{t('common.created')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {passkeys.data!.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{p.name || t('enrol.passkey')}</Table.Td>
                    <Table.Td>{fmt(p.createdAt ?? null)}</Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="subtle" color="red" onClick={() => removePasskey.mutate(p.id)} disabled={factors <= 1 && me.org.mfaRequired}>
                        {t('common.remove')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t('enrol.passkeyName')} placeholder={t('enrol.passkeyNamePlaceholder')} value={passkeyName} onChange={(e) => setPasskeyName(e.currentTarget.value)} />
          <Button variant="default" onClick={() => void addPasskey()}>
            {t('enrol.addPasskey')}
          </Button>
        </Group>
      </Stack>
      <PasswordConfirm opened={codesOpen} onClose={codes.close} title={t('profile.newBackupCodes')} action={(password) => post<{ backupCodes: string[] }>('/api/auth/two-factor/generate-backup-codes', { password })}>
        {(r) => <BackupCodes codes={(r as { backupCodes: string[] }).backupCodes} />}
      </PasswordConfirm>
      <PasswordConfirm opened={disableOpen} onClose={disable.close} title={t('profile.turnOffTotp')} action={async (password) => { await post('/api/auth/two-factor/disable', { password }); await refresh(); disable.close(); }} />
      <Modal opened={setupOpen} onClose={setup.close} title={t('enrol.authenticator')} size="lg">
        <TotpSetup onDone={() => { void refresh(); setup.close(); }} />
      </Modal>
    </Card>
  );
}
