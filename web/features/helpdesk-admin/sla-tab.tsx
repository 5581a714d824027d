import { Badge, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITIES } from '../../../contracts/ticket-priority';
import { ErrorAlert } from '../../ui/errors';
import { ListState } from '../../ui/list-parts';
import { formatMinutes } from './duration';
import { is247, slaPoliciesQuery, type SlaPolicy } from './queries';
import { Section } from './section';
import { SlaPolicyForm } from './sla-policy-form';

/** SLA policies: the list, and one policy's editor in its place. */
export function SlaTab() {
  const { t, i18n } = useTranslation();
  const policies = useQuery(slaPoliciesQuery);
  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  if (editing) return <SlaPolicyForm key={editing === 'new' ? 'new' : editing.id} policy={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />;
  const rows = policies.data?.items ?? [];
  return (
    <Section
      title={t('helpdeskAdmin.sla.title')}
      text={t('helpdeskAdmin.sla.text')}
      actions={
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          {t('helpdeskAdmin.sla.add')}
        </Button>
      }
    >
      <ErrorAlert error={policies.error} />
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="sm" aria-describedby="sla-targets-note">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('helpdeskAdmin.sla.name')}</Table.Th>
                <Table.Th>{t('helpdeskAdmin.sla.clock')}</Table.Th>
                {PRIORITIES.map((p) => (
                  <Table.Th key={p}>
                    {p} · {t(`tickets.priorities.${p}`)}
                  </Table.Th>
                ))}
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {p.name}
                    </Text>
                    {p.isDefault && (
                      <Badge size="sm" variant="light" mt={2}>
                        {t('helpdeskAdmin.sla.defaultBadge')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{is247(p.calendar) ? t('helpdeskAdmin.sla.mode247') : t('helpdeskAdmin.sla.modeBusiness')}</Text>
                    {!is247(p.calendar) && (
                      <Text size="xs" c="dimmed">
                        {p.calendar.timeZone}
                        {p.calendar.holidays.length > 0 && ` · ${t('helpdeskAdmin.sla.holidayCount', { count: p.calendar.holidays.length })}`}
                      </Text>
                    )}
                  </Table.Td>
                  {PRIORITIES.map((pr) => (
                    <Table.Td key={pr}>
                      <Text size="sm">{formatMinutes(p.targets[pr].firstResponseMinutes, i18n.language)}</Text>
                      <Text size="xs" c="dimmed">
                        {formatMinutes(p.targets[pr].resolutionMinutes, i18n.language)}
                      </Text>
                    </Table.Td>
                  ))}
                  <Table.Td ta="right">
                    <Button size="xs" variant="default" onClick={() => setEditing(p)} aria-label={t('helpdeskAdmin.sla.editOf', { name: p.name })}>
                      {t('helpdeskAdmin.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {rows.length > 0 && (
        <Text size="xs" c="dimmed" id="sla-targets-note">
          {t('helpdeskAdmin.sla.targetsNote')}
        </Text>
      )}
      <ListState loading={policies.isPending} empty={rows.length === 0} emptyText={t('helpdeskAdmin.sla.none')} />
    </Section>
  );
}
