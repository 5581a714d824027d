import { Alert, Button, Card, Code, Group, NumberInput, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/confirm-modal';
import { CopyButton } from '../../ui/copy-button';
import { ErrorAlert, fieldError, onlyFieldErrors } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState } from '../../ui/list-parts';
import { useCreateToken, useRevokeToken } from './mutations';
import { tokensQuery, type TokenRow } from './queries';

/** Personal API tokens: list, create (the secret is shown once), revoke. */
export function TokensSection() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tokens = useQuery(tokensQuery);
  const [revoking, setRevoking] = useState<TokenRow | null>(null);
  const form = useForm({
    initialValues: { name: '', expiresInDays: 90 as number | string },
    validate: {
      name: (v) => (v.trim() ? null : t('profile.tokenNameRequired')),
      expiresInDays: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 366 ? null : t('profile.tokenDaysRange')),
    },
  });
  const create = useCreateToken({ onSuccess: () => form.reset() });
  const revoke = useRevokeToken();
  const rows = tokens.data?.items ?? [];
  return (
    <Card withBorder padding="lg">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">
            {t('profile.tokens')}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {t('profile.tokensText')}
          </Text>
        </div>
        {create.data && (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title={t('profile.tokenOnce')} role="status">
            <Stack gap="xs">
              <Code block data-testid="new-token" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                {create.data.token}
              </Code>
              <Group gap="xs">
                <CopyButton value={create.data.token} />
                <Button size="xs" variant="subtle" onClick={() => create.reset()}>
                  {t('profile.tokenSaved')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <form onSubmit={form.onSubmit((v) => create.mutate({ name: v.name.trim(), expiresInDays: Number(v.expiresInDays) }))} noValidate>
          <Stack gap="xs">
            {!onlyFieldErrors(create.error, ['name', 'expiresInDays']) && <ErrorAlert error={create.error} />}
            <Group align="flex-start" wrap="wrap" gap="sm">
              <TextInput label={t('profile.tokenName')} placeholder={t('profile.tokenNamePlaceholder')} required maxLength={80} {...form.getInputProps('name')} error={form.errors.name ?? fieldError(create.error, 'name')} />
              <NumberInput
                label={t('profile.tokenDays')}
                min={1}
                max={366}
                allowDecimal={false}
                w={160}
                {...form.getInputProps('expiresInDays')}
                error={form.errors.expiresInDays ?? fieldError(create.error, 'expiresInDays')}
              />
              <Button type="submit" loading={create.isPending} mt={{ base: 0, xs: 25 }}>
                {t('profile.createToken')}
              </Button>
            </Group>
          </Stack>
        </form>
        <ErrorAlert error={tokens.error} />
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('profile.tokenName')}</Table.Th>
                  <Table.Th>{t('common.created')}</Table.Th>
                  <Table.Th>{t('profile.expires')}</Table.Th>
                  <Table.Th>{t('profile.lastUsed')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((k) => (
                  <Table.Tr key={k.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {k.name}
                      </Text>
                      {k.start && <Code>{k.start}…</Code>}
                    </Table.Td>
                    <Table.Td>{fmt.dateTime(k.createdAt)}</Table.Td>
                    <Table.Td>{k.expiresAt ? fmt.date(k.expiresAt) : t('profile.never')}</Table.Td>
                    <Table.Td>{k.lastUsedAt ? fmt.dateTime(k.lastUsedAt) : t('profile.notUsed')}</Table.Td>
                    <Table.Td ta="right">
                      <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(k)} aria-label={t('profile.revokeToken', { name: k.name })}>
                        {t('profile.revoke')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <ListState loading={tokens.isPending} empty={rows.length === 0} emptyText={t('profile.noTokens')} />
      </Stack>
      <ConfirmModal
        opened={!!revoking}
        onClose={() => setRevoking(null)}
        title={t('profile.revokeToken', { name: revoking?.name ?? '' })}
        message={t('profile.revokeTokenText')}
        confirmLabel={t('profile.revoke')}
        onConfirm={() => revoke.mutateAsync(revoking!.id)}
      />
    </Card>
  );
}
