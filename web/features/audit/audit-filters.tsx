import { Badge, Button, Collapse, Group, Select, SimpleGrid, Stack } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { DatePickerInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { IconAdjustmentsHorizontal, IconCalendar, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { can, useCurrentUser } from '../auth/queries';
import { orgChoicesQuery } from '../orgs/queries';
import { userChoicesQuery } from '../users/queries';
import { AUDIT_ACTIONS, AUDIT_FAMILIES, type AuditSearch } from './queries';

/** Organisation (provider admins), user, action and date range; every change lands in the address bar. */
export function AuditFilters({ filters, onChange }: { filters: AuditSearch; onChange: (f: AuditSearch) => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const allOrgs = can(me, 'audit.read_all');
  const orgs = useQuery({ ...orgChoicesQuery, enabled: allOrgs });
  const users = useQuery({ ...userChoicesQuery(filters.orgId), enabled: can(me, 'users.read') });
  const set = (patch: Partial<AuditSearch>) => onChange({ ...filters, ...patch });
  const actionLabel = (a: string) => (a.endsWith('*') ? t(`audit.families.${a.slice(0, -2)}`) : t(`audit.actions.${a}`, { defaultValue: a }));
  const active = Object.values(filters).filter(Boolean).length;
  const any = active > 0;
  // On phones the five filters fold behind one button.
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const [shown, { toggle }] = useDisclosure(false);
  // Today in the user's time zone ('en-CA' formats as YYYY-MM-DD).
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: me.timeZone }).format(new Date());
  return (
    <Stack mb="md" gap="xs" role="search" aria-label={t('audit.filters')}>
      {phone && (
        <Group>
          <Button
            variant="default"
            size="sm"
            leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden />}
            rightSection={any ? <Badge size="sm" circle>{active}</Badge> : undefined}
            onClick={toggle}
            aria-expanded={shown}
            aria-controls="audit-filters"
          >
            {t('audit.filterButton')}
          </Button>
        </Group>
      )}
      <Collapse expanded={!phone || shown} id="audit-filters">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: allOrgs ? 5 : 4 }} spacing="sm" verticalSpacing="sm">
          {allOrgs && (
            <Select
              label={t('audit.organisation')}
              placeholder={t('audit.allOrganisations')}
              data={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
              value={filters.orgId ?? null}
              onChange={(v) => set({ orgId: v ?? undefined, actorId: undefined })}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
            />
          )}
          {can(me, 'users.read') && (
            <Select
              label={t('audit.user')}
              placeholder={t('audit.anyUser')}
              data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
              value={filters.actorId ?? null}
              onChange={(v) => set({ actorId: v ?? undefined })}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
            />
          )}
          <Select
            label={t('audit.action')}
            placeholder={t('audit.anyAction')}
            data={[
              { group: t('audit.familiesGroup'), items: AUDIT_FAMILIES.map((a) => ({ value: a, label: actionLabel(a) })) },
              { group: t('audit.actionsGroup'), items: AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(a) })) },
            ]}
            value={filters.action ?? null}
            onChange={(v) => set({ action: v ?? undefined })}
            searchable
            clearable
            nothingFoundMessage={t('common.nothingFound')}
            comboboxProps={{ width: 320, position: 'bottom-start' }}
          />
          <DatePickerInput
            label={t('audit.from')}
            placeholder={t('audit.pickDay')}
            value={filters.from ?? null}
            onChange={(v) => set({ from: v ?? undefined })}
            maxDate={filters.to ?? today}
            clearable
            leftSection={<IconCalendar size={16} aria-hidden />}
            valueFormat="D MMM YYYY"
          />
          <DatePickerInput
            label={t('audit.to')}
            placeholder={t('audit.pickDay')}
            value={filters.to ?? null}
            onChange={(v) => set({ to: v ?? undefined })}
            minDate={filters.from}
            maxDate={today}
            clearable
            leftSection={<IconCalendar size={16} aria-hidden />}
            valueFormat="D MMM YYYY"
          />
        </SimpleGrid>
      </Collapse>
      {any && (
        <Group>
          <Button variant="subtle" color="gray" size="compact-sm" leftSection={<IconX size={16} aria-hidden />} onClick={() => onChange({})}>
            {t('audit.clearFilters')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
