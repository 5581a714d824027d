import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { can, useCurrentUser } from '../auth/queries';
import { useSaveOrgTicketSettings } from './mutations';
import { orgTicketSettingsQuery, slaPoliciesQuery, type OrgTicketSettings } from './queries';

const LEVELS = [1, 2, 3, 4, 5] as const;
const DEFAULT = '__default__';

/**
 * On a customer's page (provider staff): which SLA policy the customer's tickets run on and its
 * service level, which weighs its tickets in the agents' queues. Provider admins change them.
 */
export function CustomerSlaSection({ orgId, orgName }: { orgId: string; orgName: string }) {
  const me = useCurrentUser();
  const { t } = useTranslation();
  const settings = useQuery({ ...orgTicketSettingsQuery(orgId), enabled: can(me, 'tickets.work') });
  const policies = useQuery({ ...slaPoliciesQuery, enabled: can(me, 'tickets.work') });
  if (!can(me, 'tickets.work')) return null;
  return (
    <Card withBorder padding="lg" maw={1200} mx="auto" mt="lg" component="section" aria-labelledby="customer-sla-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="customer-sla-title">
            {t('helpdeskAdmin.customer.title')}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {t('helpdeskAdmin.customer.text', { name: orgName })}
          </Text>
        </div>
        <ErrorAlert error={settings.error ?? policies.error} />
        {settings.data && policies.data && (
          <CustomerSlaForm key={JSON.stringify(settings.data)} orgId={orgId} saved={settings.data} policies={policies.data.items} editable={can(me, 'tickets.configure')} />
        )}
      </Stack>
    </Card>
  );
}

function CustomerSlaForm({ orgId, saved, policies, editable }: { orgId: string; saved: OrgTicketSettings; policies: { id: string; name: string; isDefault: boolean }[]; editable: boolean }) {
  const { t } = useTranslation();
  const [policy, setPolicy] = useState(saved.slaPolicyId ?? DEFAULT);
  const [level, setLevel] = useState(String(saved.serviceLevel));
  const save = useSaveOrgTicketSettings(orgId);
  const fallback = policies.find((p) => p.isDefault);
  const dirty = policy !== (saved.slaPolicyId ?? DEFAULT) || level !== String(saved.serviceLevel);
  const error = save.error instanceof ApiError ? save.error : null;
  const known = error?.code === 'VALIDATION_FAILED' && error.errors.every((e) => ['body.slaPolicyId', 'body.serviceLevel'].includes(e.path));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ slaPolicyId: policy === DEFAULT ? null : policy, serviceLevel: Number(level) }, { onSuccess: () => notifications.show({ color: 'teal', message: t('helpdeskAdmin.saved') }) });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {error && !known && <ErrorAlert error={error} />}
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label={t('helpdeskAdmin.customer.policy')}
            data={[
              { value: DEFAULT, label: fallback ? t('helpdeskAdmin.customer.defaultPolicyNamed', { name: fallback.name }) : t('helpdeskAdmin.customer.defaultPolicy') },
              ...policies.map((p) => ({ value: p.id, label: p.name })),
            ]}
            value={policy}
            onChange={(v) => v && setPolicy(v)}
            allowDeselect={false}
            disabled={!editable}
            error={error?.fieldError('slaPolicyId') ? t('helpdeskAdmin.customer.policyInvalid') : undefined}
            w={{ base: '100%', sm: 320 }}
          />
          <Select
            label={t('helpdeskAdmin.customer.level')}
            description={t('helpdeskAdmin.customer.levelHint')}
            data={LEVELS.map((l) => ({ value: String(l), label: t(`helpdeskAdmin.customer.levels.${l}`) }))}
            value={level}
            onChange={(v) => v && setLevel(v)}
            allowDeselect={false}
            disabled={!editable}
            error={error?.fieldError('serviceLevel') ? t('helpdeskAdmin.customer.levelInvalid') : undefined}
            w={{ base: '100%', sm: 320 }}
          />
        </Group>
        {editable && (
          <div>
            <Button type="submit" loading={save.isPending} disabled={!dirty}>
              {t('common.save')}
            </Button>
          </div>
        )}
      </Stack>
    </form>
  );
}
