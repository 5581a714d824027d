import { Alert, Anchor, Badge, Button, Checkbox, Code, Group, Stack, Switch, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError } from '../../ui/api';
import { ConfirmModal } from '../../ui/confirm-modal';
import { CopyButton } from '../../ui/copy-button';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState } from '../../ui/list-parts';
import { useCreateIntegrationToken, useRevokeIntegrationToken } from './mutations';
import { INTEGRATION_SCOPES, integrationTokensQuery, type IntegrationScope, type IntegrationToken } from './queries';
import { Section } from './section';

/** Integration tokens for monitoring and access-control systems: create (shown once), list, revoke. */
export function TokensTab() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tokens = useQuery(integrationTokensQuery);
  const create = useCreateIntegrationToken();
  const revoke = useRevokeIntegrationToken();
  const [revoking, setRevoking] = useState<IntegrationToken | null>(null);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<IntegrationScope[]>(['alerts']);
  const [autoResolve, setAutoResolve] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; scopes?: string }>({});
  const rows = tokens.data?.items ?? [];
  const error = create.error instanceof ApiError ? create.error : null;
  const known = error?.code === 'VALIDATION_FAILED' && error.errors.every((e) => ['body.name', 'body.scopes'].includes(e.path) || e.path.startsWith('body.scopes.'));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = { name: name.trim().length >= 2 ? undefined : t('helpdeskAdmin.nameLength'), scopes: scopes.length ? undefined : t('helpdeskAdmin.tokens.scopeRequired') };
    setErrors(next);
    if (next.name || next.scopes) return;
    create.mutate(
      { name: name.trim(), scopes, autoResolve: scopes.includes('alerts') && autoResolve },
      {
        onSuccess: () => {
          setName('');
          setScopes(['alerts']);
          setAutoResolve(false);
        },
      },
    );
  };
  return (
    <Section
      title={t('helpdeskAdmin.tokens.title')}
      text={
        <Trans
          i18nKey="helpdeskAdmin.tokens.text"
          components={{ docs: <Code />, api: <Anchor href="/api/docs" target="_blank" rel="noopener" size="sm" /> }}
        />
      }
    >
      {create.data && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title={t('helpdeskAdmin.tokens.once', { name: create.data.name })} role="status">
          <Stack gap="xs">
            <Text size="sm">{t('helpdeskAdmin.tokens.onceText')}</Text>
            <Code block data-testid="new-integration-token" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
              {create.data.token}
            </Code>
            <Group gap="xs">
              <CopyButton value={create.data.token} />
              <Button size="xs" variant="subtle" onClick={() => create.reset()}>
                {t('helpdeskAdmin.tokens.stored')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <form onSubmit={submit} noValidate aria-labelledby="new-token-heading">
        <Stack gap="sm">
          <Title order={3} size="h5" id="new-token-heading">
            {t('helpdeskAdmin.tokens.create')}
          </Title>
          {error && !known && <ErrorAlert error={error} />}
          <TextInput
            label={t('helpdeskAdmin.tokens.name')}
            description={t('helpdeskAdmin.tokens.nameHint')}
            required
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name ?? (error?.fieldError('name') ? t('helpdeskAdmin.nameLength') : undefined)}
            w={{ base: '100%', sm: 420 }}
          />
          <Checkbox.Group
            label={t('helpdeskAdmin.tokens.scopes')}
            required
            withAsterisk={false}
            value={scopes}
            onChange={(v) => setScopes(v as IntegrationScope[])}
            error={errors.scopes ?? (error?.errors.some((x) => x.path.startsWith('body.scopes')) ? t('helpdeskAdmin.tokens.scopeRequired') : undefined)}
          >
            <Stack gap={6} mt={6}>
              {INTEGRATION_SCOPES.map((s) => (
                <Checkbox key={s} value={s} label={t(`helpdeskAdmin.tokens.scope.${s}`)} description={t(`helpdeskAdmin.tokens.scopeText.${s}`)} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Switch
            label={t('helpdeskAdmin.tokens.autoResolve')}
            description={t('helpdeskAdmin.tokens.autoResolveHint')}
            checked={autoResolve && scopes.includes('alerts')}
            disabled={!scopes.includes('alerts')}
            onChange={(e) => setAutoResolve(e.currentTarget.checked)}
          />
          <div>
            <Button type="submit" loading={create.isPending}>
              {t('helpdeskAdmin.tokens.createButton')}
            </Button>
          </div>
        </Stack>
      </form>
      <ErrorAlert error={tokens.error} />
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('helpdeskAdmin.tokens.name')}</Table.Th>
                <Table.Th>{t('helpdeskAdmin.tokens.scopes')}</Table.Th>
                <Table.Th>{t('common.created')}</Table.Th>
                <Table.Th>{t('helpdeskAdmin.tokens.lastUsed')}</Table.Th>
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
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {k.scopes.map((s) => (
                        <Badge key={s} size="sm" variant="light">
                          {INTEGRATION_SCOPES.includes(s as IntegrationScope) ? t(`helpdeskAdmin.tokens.scope.${s}`) : s}
                        </Badge>
                      ))}
                      {k.autoResolve && (
                        <Badge size="sm" variant="outline" color="teal">
                          {t('helpdeskAdmin.tokens.autoResolveBadge')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{fmt.dateTime(k.createdAt)}</Table.Td>
                  <Table.Td>{k.lastUsedAt ? fmt.dateTime(k.lastUsedAt) : t('helpdeskAdmin.tokens.notUsed')}</Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(k)} aria-label={t('helpdeskAdmin.tokens.revokeOf', { name: k.name })}>
                      {t('helpdeskAdmin.tokens.revoke')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ListState loading={tokens.isPending} empty={rows.length === 0} emptyText={t('helpdeskAdmin.tokens.none')} />
      <ConfirmModal
        opened={!!revoking}
        onClose={() => setRevoking(null)}
        title={t('helpdeskAdmin.tokens.revokeOf', { name: revoking?.name ?? '' })}
        message={t('helpdeskAdmin.tokens.revokeText')}
        confirmLabel={t('helpdeskAdmin.tokens.revoke')}
        onConfirm={() => revoke.mutateAsync(revoking!.id)}
      />
    </Section>
  );
}
