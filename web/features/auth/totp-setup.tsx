import { Box, Button, Code, Group, Image, List, PasswordInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton, downloadText } from '../../ui/copy-button';
import { ErrorAlert } from '../../ui/errors';
import { useEnableTotp, useVerifySecondFactor } from './mutations';

/** The manual key of an otpauth URI, grouped in fours for reading and typing. */
export const manualKey = (uri: string) => (new URL(uri).searchParams.get('secret') ?? '').replace(/(.{4})/g, '$1 ').trim();

/** Backup codes as a list, with copy and download. */
export function BackupCodes({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  const text = codes.join('\n');
  return (
    <Stack gap="xs">
      <Text fw={600} id="backup-codes-title">
        {t('enrol.backupCodesTitle')}
      </Text>
      <Text size="sm" c="dimmed">
        {t('enrol.backupCodesHint')}
      </Text>
      <SimpleGrid component="ul" cols={2} spacing={4} verticalSpacing={4} p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="backup-codes-title">
        {codes.map((c) => (
          <li key={c}>
            <Code fz="sm">{c}</Code>
          </li>
        ))}
      </SimpleGrid>
      <Group gap="xs">
        <CopyButton value={text} />
        <Button size="xs" variant="default" onClick={() => downloadText('portico-backup-codes.txt', `${t('enrol.backupCodesFile')}\n\n${text}\n`)}>
          {t('common.download')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Setting up an authenticator app: password, then QR code and manual key, backup codes, first code. */
export function TotpSetup({ onDone }: { onDone: () => unknown }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState<'password' | 'code' | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const enable = useEnableTotp();
  const verify = useVerifySecondFactor({ onSuccess: onDone });
  const uri = enable.data?.totpURI;
  useEffect(() => {
    if (uri) void QRCode.toDataURL(uri, { margin: 1, width: 360, errorCorrectionLevel: 'M' }).then(setQr);
  }, [uri]);

  if (!enable.data) {
    const submit = (e: FormEvent) => {
      e.preventDefault();
      setMissing(password ? null : 'password');
      if (password) enable.mutate(password);
    };
    return (
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('enrol.confirmPassword')}</Text>
          <ErrorAlert error={enable.error} />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
            error={missing === 'password' ? t('auth.passwordRequired') : undefined}
          />
          <Button type="submit" loading={enable.isPending}>
            {t('enrol.continue')}
          </Button>
        </Stack>
      </form>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(code.trim() ? null : 'code');
    if (code.trim()) verify.mutate({ kind: 'totp', code });
  };
  const key = manualKey(enable.data.totpURI);
  return (
    <Stack gap="md">
      <List type="ordered" size="sm" spacing={4}>
        <List.Item>{t('enrol.step1')}</List.Item>
        <List.Item>{t('enrol.step2')}</List.Item>
        <List.Item>{t('enrol.step3')}</List.Item>
      </List>
      <Group align="flex-start" wrap="wrap" gap="lg">
        <Box w={180} h={180} p={4} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
          {qr && <Image src={qr} alt={t('enrol.qrAlt')} w="100%" h="100%" />}
        </Box>
        <Stack gap={6} style={{ flex: 1, minWidth: 200 }}>
          <Text size="sm" fw={600}>
            {t('enrol.manualKey')}
          </Text>
          <Code block data-testid="totp-secret" fz="md" style={{ letterSpacing: '0.05em', wordSpacing: '0.3em', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {key}
          </Code>
          <Group>
            <CopyButton value={key.replace(/\s/g, '')} label={t('enrol.copyKey')} />
          </Group>
        </Stack>
      </Group>
      <BackupCodes codes={enable.data.backupCodes} />
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={verify.error} />
          <TextInput
            label={t('auth.code')}
            description={t('enrol.codeHint')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            required
            error={missing === 'code' ? t('auth.codeRequired') : undefined}
          />
          <Button type="submit" loading={verify.isPending}>
            {t('enrol.activate')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}

