import { Alert, Button, Card, Code, CopyButton, Group, NumberInput, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { del, post } from '../../ui/api';
import { ErrorAlert, fieldError } from '../../ui/errors';
import { useFormatDateTime } from '../../ui/format';
import { tokensQuery, type TokenRow } from './queries';

export function TokensSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fmt = useFormatDateTime();
  const tokens = useQuery(tokensQuery);
  const invalidate = () => qc.invalidateQueries({ queryKey: tokensQuery.queryKey });
  const form = useForm({ initialValues: { name: '', expiresInDays: 90 } });
  const create = useMutation({
    mutationFn: (v: typeof form.values) => post<TokenRow & { token: string }>('/api/v1/me/tokens', v),
    onSuccess: () => {
      form.reset();
      return invalidate();
    },
  });
  const revoke = useMutation({ mutationFn: (id: string) => del(`/api/v1/me/tokens/${id}`), onSuccess: invalidate });
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('profile.tokens')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('profile.tokensText')}
        </Text>
        {create.data && (
          <Alert color="yellow" variant="light" title={t('profile.tokenOnce')}>
            <Group gap="xs" wrap="nowrap" align="center">
              <Code style={{ overflowWrap: 'anywhere' }} data-testid="new-token">
                {create.data.token}
              </Code>
              <CopyButton value={create.data.token}>{({ copied, copy }) => <Button size="xs" variant="default" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}</CopyButton>
            </Group>
          </Alert>
        )}
        <form onSubmit={form.onSubmit((v) => create.mutate(v))}>
          <Group align="flex-end" wrap="wrap">
            <TextInput label={t('profile.tokenName')} required {...form.getInputProps('name')} error={fieldError(create.error, 'name')} />
            <NumberInput label={t('profile.tokenDays')} min={1} max={366} w={160} {...form.getInputProps('expiresInDays')} error={fieldError(create.error, 'expiresInDays')} />
            <Button type="submit" loading={create.isPending}>
              {t('profile.createToken')}
            </Button>
          </Group>
        </form>
        <ErrorAlert error={create.error ?? revoke.error ?? tokens.error} />
        {(tokens.data?.items.length ?? 0) === 0 ? (
          <Text size="sm" c="dimmed">
            {t('profile.noTokens')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
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
                {tokens.data!.items.map((k) => (
                  <Table.Tr key={k.id}>
                    <Table.Td>
                      {k.name} <Code>{k.start}…</Code>
                    </Table.Td>
                    <Table.Td>{fmt(k.createdAt)}</Table.Td>
                    <Table.Td>{fmt(k.expiresAt)}</Table.Td>
                    <Table.Td>{k.lastUsedAt ? fmt(k.lastUsedAt) : t('profile.never')}</Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(k.id)}>
                        {t('profile.revoke')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
