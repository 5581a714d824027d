import { Badge, Button, Collapse, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconAdjustmentsHorizontal, IconSearch, IconX } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_KINDS, OPEN_STATUSES, TICKET_KINDS } from '../../../contracts/tickets';
import { orgChoicesQuery } from '../orgs/queries';
import { categoriesQuery, STATUS_FILTERS, type TicketSearch } from './queries';
import { useStatusLabel } from './ticket-parts';

type Props = { filters: TicketSearch; onChange: (f: TicketSearch) => void; staff: boolean; inQueue: boolean; /** Buttons at the end of the search row (the export). */ actions?: ReactNode };

/** Text search always in view; status, kind, category (and organisation for staff) fold away on phones. */
export function TicketFilters({ filters, onChange, staff, inQueue, actions }: Props) {
  const { t } = useTranslation();
  const statusLabel = useStatusLabel();
  const [text, setText] = useState(filters.q ?? '');
  const setQuery = useDebouncedCallback((q: string) => onChange({ ...filters, q: q.trim() || undefined }), 300);
  const categories = useQuery(categoriesQuery);
  const orgs = useQuery({ ...orgChoicesQuery, enabled: staff });
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const [shown, { toggle }] = useDisclosure(false);
  const set = (f: Partial<TicketSearch>) => onChange({ ...filters, ...f });
  // A queue holds open tickets only: there the status filter picks among the open statuses.
  const statuses = inQueue ? (['open', ...OPEN_STATUSES] as const) : STATUS_FILTERS;
  const kinds = staff ? TICKET_KINDS : CUSTOMER_KINDS;
  const defaultStatus = inQueue || !staff ? 'open' : 'all';
  const active = [filters.status && filters.status !== defaultStatus, filters.kind, filters.categoryId, filters.orgId].filter(Boolean).length;
  const statusName = (s: string) => (s === 'open' ? t('tickets.filter.open') : s === 'all' ? t('tickets.filter.all') : statusLabel(s));
  return (
    <Stack mb="md" gap="xs" role="search" aria-label={t('tickets.filter.label')}>
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          aria-label={t('tickets.filter.search')}
          placeholder={t('tickets.filter.search')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          type="search"
          onChange={(e) => {
            setText(e.currentTarget.value);
            setQuery(e.currentTarget.value);
          }}
          w={{ base: '100%', sm: 300 }}
        />
        {phone && (
          <Button
            variant="default"
            leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden />}
            rightSection={active > 0 ? <Badge size="sm" circle>{active}</Badge> : undefined}
            onClick={toggle}
            aria-expanded={shown}
            aria-controls="ticket-filters"
          >
            {t('tickets.filter.button')}
          </Button>
        )}
        {actions && <Group ml="auto">{actions}</Group>}
      </Group>
      <Collapse expanded={!phone || shown} id="ticket-filters">
        <SimpleGrid cols={{ base: 1, xs: 2, md: staff ? 4 : 3 }} spacing="sm" verticalSpacing="sm">
          <Select
            label={t('tickets.status')}
            data={statuses.map((s) => ({ value: s, label: statusName(s) }))}
            value={filters.status ?? defaultStatus}
            onChange={(v) => set({ status: statuses.find((s) => s === v && s !== defaultStatus) })}
            allowDeselect={false}
          />
          <Select
            label={t('tickets.kind')}
            placeholder={t('tickets.filter.anyKind')}
            data={kinds.map((k) => ({ value: k, label: t(`tickets.kinds.${k}`) }))}
            value={filters.kind ?? null}
            onChange={(v) => set({ kind: kinds.find((k) => k === v) })}
            clearable
          />
          <Select
            label={t('tickets.category')}
            placeholder={t('tickets.filter.anyCategory')}
            data={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={filters.categoryId ?? null}
            onChange={(v) => set({ categoryId: v ?? undefined })}
            clearable
          />
          {staff && (
            <Select
              label={t('tickets.organisation')}
              placeholder={t('tickets.filter.anyOrganisation')}
              data={(orgs.data?.items ?? []).filter((o) => o.kind === 'customer').map((o) => ({ value: o.id, label: o.name }))}
              value={filters.orgId ?? null}
              onChange={(v) => set({ orgId: v ?? undefined })}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
            />
          )}
        </SimpleGrid>
      </Collapse>
      {(active > 0 || filters.q) && (
        <Group>
          <Button
            variant="subtle"
            color="gray"
            size="compact-sm"
            leftSection={<IconX size={16} aria-hidden />}
            onClick={() => {
              setText('');
              onChange({ queue: filters.queue });
            }}
          >
            {t('tickets.filter.clear')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
