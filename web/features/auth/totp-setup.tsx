import { Alert, Button, Code, CopyButton, Group, Image, List, PasswordInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';

type Enabled = { totpURI: string; backupCodes: string[] };

/** The manual key of an otpauth URI, grouped in fours for reading aloud. */
export const manualKey = (uri: string) => (new URL(uri).searchParams.get('secret') ?? '').replace(/(.{4})/g, '$1 ').trim();

/** Backup codes as a list with copy and download. */
export function BackupCodes({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  const text = codes.join('\n');
  const href = `data:text/plain;charset=utf-8,${encodeURIComponent(`Portico backup codes\n\n${text}\n`)}`;
  return (
    <Stack gap="xs">
      <Text fw={600}>{t('enrol.backupCodesTitle')}</Text>
      <Text size="sm" c="dimmed">
        {t('enrol.backupCodesHint')}
      </Text>
      <SimpleGrid cols={2} spacing={4} aria-label={t('enrol.backupCodesTitle')}>
        {codes.map((c) => (
          <Code key={c} fz="sm">
            {c}
          </Code>
        ))}
      </SimpleGrid>
      <Group gap="xs">
        <CopyButton value={text}>{({ copied, copy }) => <Button size="xs" variant="default" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}</CopyButton>
        <Button size="xs" variant="default" component="a" href={href} download="portico-backup-codes.txt">
          {t('common.download')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Setting up an authenticator app: password, QR code and manual key, backup codes, first code. */
export function TotpSetup({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [qr, setQr] = useState<string | null>(null);
  const enable = useMutation({ mutationFn: () => post<Enabled>('/api/auth/two-factor/enable', { password }) });
  const verify = useMutation({ mutationFn: () => post('/api/auth/two-factor/verify-totp', { code: code.replace(/\s/g, '') }), onSuccess: onDone });
  useEffect(() => {
    if (enable.data) void QRCode.toDataURL(enable.data.totpURI, { margin: 1, width: 200 }).then(setQr);
  }, [enable.data]);

  if (!enable.data) {
    const submit = (e: FormEvent) => {
      e.preventDefault();
      if (password) enable.mutate();
    };
    return (
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('enrol.confirmPassword')}</Text>
          <ErrorAlert error={enable.error} />
          <PasswordInput label={t('auth.password')} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
          <Button type="submit" loading={enable.isPending}>
            {t('enrol.continue')}
          </Button>
        </Stack>
      </form>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim()) verify.mutate();
  };
  return (
    <Stack gap="md">
      <List type="ordered" size="sm" spacing={4}>
        <List.Item>{t('enrol.step1')}</List.Item>
        <List.Item>{t('enrol.step2')}</List.Item>
        <List.Item>{t('enrol.step3')}</List.Item>
      </List>
      <Group align="flex-start" wrap="wrap">
        {qr && <Image src={qr} alt={t('enrol.qrAlt')} w={180} h={180} />}
        <Stack gap={4} style={{ flex: 1, minWidth: 200 }}>
          <Text size="sm" fw={600}>
            {t('enrol.manualKey')}
          </Text>
          <Code block data-testid="totp-secret">
            {manualKey(enable.data.totpURI)}
          </Code>
        </Stack>
      </Group>
      <BackupCodes codes={enable.data.backupCodes} />
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={verify.error} />
          <TextInput label={t('auth.code')} inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.currentTarget.value)} required />
          <Button type="submit" loading={verify.isPending}>
            {t('enrol.activate')}
          </Button>
        </Stack>
      </form>
      <Alert color="gray" variant="light">
        {t('enrol.codeHint')}
      </Alert>
    </Stack>
  );
}
