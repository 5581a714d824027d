import { Badge, Button, Card, Group, Modal, PasswordInput, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, type UseMutationResult } from '@tanstack/react-query';
import { IconDeviceMobile, IconFingerprint } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/confirm-modal';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useAddPasskey } from '../auth/mutations';
import type { Me } from '../auth/queries';
import { BackupCodes, TotpSetup } from '../auth/totp-setup';
import { useDisableTotp, useRegenerateBackupCodes, useRemovePasskey } from './mutations';
import { passkeysQuery, type PasskeyRow } from './queries';

/** A dialog that asks for the password before a sensitive change, then shows what came of it. */
function PasswordDialog<T>({ opened, onClose, title, text, mutation, confirmLabel, result }: {
  opened: boolean;
  onClose: () => void;
  title: string;
  text: string;
  mutation: UseMutationResult<T, Error, string>;
  confirmLabel: string;
  result?: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const close = () => {
    setPassword('');
    setMissing(false);
    mutation.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(!password);
    if (password) mutation.mutate(password, { onSuccess: () => (result ? setPassword('') : close()) });
  };
  return (
    <Modal opened={opened} onClose={close} title={title}>
      {mutation.isSuccess && result ? (
        <Stack>
          {result(mutation.data)}
          <Button onClick={close}>{t('common.done')}</Button>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm">{text}</Text>
            <ErrorAlert error={mutation.error} />
            <PasswordInput
              label={t('auth.password')}
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
              data-autofocus
              error={missing ? t('auth.passwordRequired') : undefined}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                {confirmLabel}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** Authenticator app and passkeys: status, set-up, backup codes, removal. */
export function SecondFactorsSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const passkeys = useQuery(passkeysQuery);
  const [codesOpen, codes] = useDisclosure();
  const [disableOpen, disable] = useDisclosure();
  const [setupOpen, setup] = useDisclosure();
  const [removing, setRemoving] = useState<PasskeyRow | null>(null);
  const [passkeyName, setPasskeyName] = useState('');
  const regenerate = useRegenerateBackupCodes();
  const disableTotp = useDisableTotp({ onSuccess: () => notifications.show({ color: 'teal', message: t('profile.totpOff') }) });
  const removePasskey = useRemovePasskey();
  const addPasskey = useAddPasskey({
    onSuccess: () => {
      setPasskeyName('');
      notifications.show({ color: 'teal', message: t('profile.passkeyAdded') });
    },
  });
  const factors = (me.secondFactors.totp ? 1 : 0) + me.secondFactors.passkeys;
  // The organisation requires a second factor: the last one cannot go (the server refuses it too).
  const lastRequired = me.org.mfaRequired && factors <= 1;
  const list = passkeys.data ?? [];
  return (
    <Card withBorder padding="lg">
      <Stack gap="lg">
        <div>
          <Title order={2} size="h4">
            {t('profile.secondFactors')}
          </Title>
          {lastRequired && (
            <Text size="sm" c="dimmed" mt={4}>
              {t('profile.lastFactorHint', { org: me.org.name })}
            </Text>
          )}
        </div>

        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <IconDeviceMobile size={22} aria-hidden style={{ marginTop: 2 }} />
              <div>
                <Group gap="xs">
                  <Title order={3} size="h5">
                    {t('enrol.authenticator')}
                  </Title>
                  <Badge color={me.secondFactors.totp ? 'teal' : 'gray'} variant="light">
                    {me.secondFactors.totp ? t('profile.on') : t('profile.off')}
                  </Badge>
                </Group>
                <Text size="sm" c="dimmed">
                  {t('profile.totpText')}
                </Text>
              </div>
            </Group>
            <Group gap="xs">
              {me.secondFactors.totp ? (
                <>
                  <Button size="xs" variant="default" onClick={codes.open}>
                    {t('profile.newBackupCodes')}
                  </Button>
                  <Button size="xs" variant="default" c={lastRequired ? undefined : 'red.9'} onClick={disable.open} disabled={lastRequired}>
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
        </Stack>

        <Stack gap="sm">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconFingerprint size={22} aria-hidden style={{ marginTop: 2 }} />
            <div>
              <Title order={3} size="h5">
                {t('profile.passkeys')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('profile.passkeyText')}
              </Text>
            </div>
          </Group>
          <ErrorAlert error={passkeys.error ?? addPasskey.error} />
          {list.length > 0 ? (
            <Table.ScrollContainer minWidth={420}>
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
                  {list.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{p.name || t('enrol.passkey')}</Table.Td>
                      <Table.Td>{fmt.dateTime(p.createdAt)}</Table.Td>
                      <Table.Td ta="right">
                        <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(p)} disabled={lastRequired} aria-label={t('profile.removePasskey', { name: p.name || t('enrol.passkey') })}>
                          {t('common.remove')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : (
            !passkeys.isPending && (
              <Text size="sm" c="dimmed">
                {t('profile.noPasskeys')}
              </Text>
            )
          )}
          <Group align="flex-end" wrap="wrap" gap="sm">
            <TextInput label={t('enrol.passkeyName')} placeholder={t('enrol.passkeyNamePlaceholder')} value={passkeyName} onChange={(e) => setPasskeyName(e.currentTarget.value)} maxLength={80} />
            <Button variant="default" leftSection={<IconFingerprint size={16} aria-hidden />} onClick={() => addPasskey.mutate(passkeyName)} loading={addPasskey.isPending}>
              {t('enrol.addPasskey')}
            </Button>
          </Group>
        </Stack>
      </Stack>

      <PasswordDialog
        opened={codesOpen}
        onClose={codes.close}
        title={t('profile.newBackupCodes')}
        text={t('profile.newBackupCodesText')}
        confirmLabel={t('profile.generate')}
        mutation={regenerate}
        result={(r) => <BackupCodes codes={r.backupCodes} />}
      />
      <PasswordDialog opened={disableOpen} onClose={disable.close} title={t('profile.turnOffTotp')} text={t('profile.turnOffTotpText')} confirmLabel={t('profile.turnOff')} mutation={disableTotp} />
      <ConfirmModal
        opened={!!removing}
        onClose={() => setRemoving(null)}
        title={t('profile.removePasskey', { name: removing?.name || t('enrol.passkey') })}
        message={t('profile.removePasskeyText')}
        confirmLabel={t('common.remove')}
        onConfirm={() => removePasskey.mutateAsync(removing!.id)}
      />
      <Modal opened={setupOpen} onClose={setup.close} title={t('enrol.authenticator')} size="lg">
        <TotpSetup
          onDone={() => {
            setup.close();
            notifications.show({ color: 'teal', message: t('profile.totpOn') });
          }}
        />
      </Modal>
    </Card>
  );
}
