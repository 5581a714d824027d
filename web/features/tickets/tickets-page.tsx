import { Button, Card, Checkbox, Group, Paper, Stack, Table, Tabs, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { IconDownload, IconPlus } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/anchor-link';
import { ErrorAlert } from '../../ui/errors';
import { useFormat, useNow } from '../../ui/format';
import { ListState, LoadMore } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { can, useCurrentUser } from '../auth/queries';
import { QUEUE_TABS, ticketsQuery, worksTickets, type QueueTab, type TicketListItem, type TicketSearch } from './queries';
import { BulkBar, BulkResults, type BulkReport } from './list-bulk';
import { ticketExportUrl, useLiveTicketLists } from './list-queries';
import { TicketFilters } from './ticket-filters';
import { AssigneeText, PriorityBadge, SlaSummary, StatusBadge } from './ticket-parts';

const route = getRouteApi('/_app/tickets');

/** /tickets: customers follow their tickets; provider staff work the queues. */
export function TicketsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const staff = worksTickets(me);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const setFilters = (f: TicketSearch) => void navigate({ search: f, replace: true });
  const tab: QueueTab = search.queue ?? 'all_open';
  useLiveTicketLists();
  return (
    <Page
      title={staff ? t('nav.tickets') : t('nav.support')}
      description={staff ? t('tickets.list.staffDescription') : t('tickets.list.description')}
      actions={
        can(me, 'tickets.create', 'tickets.work') && (
          <Button component={Link} to="/tickets/new" leftSection={<IconPlus size={18} aria-hidden />}>
            {staff ? t('tickets.new.staffTitle') : t('tickets.new.title')}
          </Button>
        )
      }
    >
      {staff ? (
        <Tabs value={tab} onChange={(v) => setFilters({ ...search, queue: QUEUE_TABS.find((x) => x === v && x !== 'all_open'), status: undefined })} keepMounted={false}>
          <Tabs.List aria-label={t('tickets.queues.label')}>
            {QUEUE_TABS.map((q) => (
              <Tabs.Tab key={q} value={q}>
                {t(`tickets.queues.${q}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {QUEUE_TABS.map((q) => (
            <Tabs.Panel key={q} value={q} pt="md">
              <TicketList filters={search} onFilters={setFilters} staff inQueue={q !== 'everything'} />
            </Tabs.Panel>
          ))}
        </Tabs>
      ) : (
        <TicketList filters={search} onFilters={setFilters} staff={false} inQueue={false} />
      )}
    </Page>
  );
}

function TicketList({ filters, onFilters, staff, inQueue }: { filters: TicketSearch; onFilters: (f: TicketSearch) => void; staff: boolean; inQueue: boolean }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const fmt = useFormat();
  // The clock ticks every 30 s; a row updated live since the last tick must not read "in 1 minute".
  const now = Math.max(useNow(), Date.now());
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const tickets = useInfiniteQuery(ticketsQuery(filters, staff));
  const rows = tickets.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !!(filters.q || filters.kind || filters.categoryId || filters.orgId || filters.status);
  const showRequester = staff || can(me, 'tickets.read_org');
  const who = (r: TicketListItem) => (staff ? `${r.org.name} · ${r.requester.name}` : r.requester.name);
  const empty = filtered ? t('tickets.list.empty') : staff ? t('tickets.list.queueEmpty') : t('tickets.list.none');

  // Bulk changes (agents): the selection holds ids; only tickets still in the list count.
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());
  const [report, setReport] = useState<BulkReport | null>(null);
  const filterKey = JSON.stringify(filters);
  useEffect(() => setSelectedIds(new Set()), [filterKey]);
  const selected = rows.filter((r) => selectedIds.has(r.id));
  const allShown = rows.length > 0 && selected.length === rows.length;
  const toggle = (id: string, on: boolean) =>
    setSelectedIds((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const toggleAll = () => setSelectedIds(allShown ? new Set() : new Set(rows.map((r) => r.id)));
  const onBulkDone = (r: BulkReport) => {
    setReport(r);
    // What failed stays selected, to try again or otherwise.
    setSelectedIds(new Set(r.results.filter((x) => !x.ok).map((x) => x.id)));
  };
  const pick = (r: TicketListItem) => (
    <Checkbox aria-label={t('ticketList.select', { ref: r.ref })} checked={selectedIds.has(r.id)} onChange={(e) => toggle(r.id, e.currentTarget.checked)} />
  );

  const exportButton = (
    <Button
      component="a"
      href={ticketExportUrl(filters, staff)}
      download
      variant="default"
      leftSection={<IconDownload size={16} aria-hidden />}
      title={t('ticketList.exportHint')}
    >
      {t('ticketList.export')}
    </Button>
  );
  return (
    // overflow visible: the bulk bar sticks below the header while the list scrolls.
    <Card withBorder padding="md" style={{ overflow: 'visible' }}>
      <TicketFilters filters={filters} onChange={onFilters} staff={staff} inQueue={inQueue} actions={exportButton} />
      <ErrorAlert error={tickets.error} />
      {report && <BulkResults report={report} onDismiss={() => setReport(null)} />}
      {staff && selected.length > 0 && <BulkBar selected={selected} onClear={() => setSelectedIds(new Set())} onDone={onBulkDone} />}
      {phone ? (
        <>
          {staff && rows.length > 0 && (
            <Checkbox
              mb="sm"
              label={t('ticketList.selectAll')}
              checked={allShown}
              indeterminate={selected.length > 0 && !allShown}
              onChange={toggleAll}
            />
          )}
          <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('tickets.list.label')}>
            {rows.map((r) => (
              <Paper key={r.id} withBorder p="sm" component="li" bg={selectedIds.has(r.id) ? 'var(--mantine-color-default-hover)' : undefined}>
                <Group justify="space-between" gap="xs" wrap="wrap">
                  <Group gap="xs" wrap="nowrap">
                    {staff && pick(r)}
                    <Text size="xs" c="dimmed" ff="monospace">
                      {r.ref}
                    </Text>
                  </Group>
                  <Group gap={6}>
                    <PriorityBadge priority={r.priority} short />
                    <StatusBadge status={r.status} />
                  </Group>
                </Group>
                <AnchorLink to="/tickets/$id" params={{ id: r.id }} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {r.title}
                </AnchorLink>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {r.category.name}
                  {showRequester && ` · ${who(r)}`}
                </Text>
                <Stack gap={4} mt="xs">
                  <SlaSummary ticket={r} now={now} />
                  <Group gap={4} wrap="nowrap" align="flex-start">
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {t('tickets.assignee')}:
                    </Text>
                    <AssigneeText ticket={r} />
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('tickets.updatedAt', { when: fmt.dateTime(r.updatedAt) })}
                  </Text>
                </Stack>
              </Paper>
            ))}
          </Stack>
        </>
      ) : (
        <Table.ScrollContainer minWidth={staff ? 820 : 760}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                {staff && (
                  <Table.Th w={36}>
                    <Checkbox
                      aria-label={t('ticketList.selectAll')}
                      checked={allShown}
                      indeterminate={selected.length > 0 && !allShown}
                      onChange={toggleAll}
                      disabled={rows.length === 0}
                    />
                  </Table.Th>
                )}
                <Table.Th>{t('ticketList.ticket')}</Table.Th>
                <Table.Th>{t('tickets.titleAndCategory')}</Table.Th>
                <Table.Th>{t('tickets.status')}</Table.Th>
                <Table.Th>{t('tickets.slaColumn')}</Table.Th>
                <Table.Th>{t('tickets.assignee')}</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('tickets.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} bg={selectedIds.has(r.id) ? 'var(--mantine-color-default-hover)' : undefined}>
                  {staff && <Table.Td>{pick(r)}</Table.Td>}
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm" ff="monospace">
                      {r.ref}
                    </Text>
                    <PriorityBadge priority={r.priority} short />
                  </Table.Td>
                  <Table.Td miw={180} maw={320}>
                    <AnchorLink to="/tickets/$id" params={{ id: r.id }} fw={500} size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {r.title}
                    </AnchorLink>
                    <Text size="xs" c="dimmed">
                      {r.category.name} · {t(`tickets.kinds.${r.kind}`)}
                    </Text>
                    {showRequester && (
                      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        {who(r)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <StatusBadge status={r.status} />
                  </Table.Td>
                  <Table.Td miw={160}>
                    <SlaSummary ticket={r} now={now} />
                  </Table.Td>
                  <Table.Td miw={120}>
                    <AssigneeText ticket={r} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Tooltip label={fmt.dateTime(r.updatedAt)} withArrow>
                      <Text size="sm" component="time" dateTime={r.updatedAt} tabIndex={0}>
                        {fmt.relative(r.updatedAt, now)}
                        <VisuallyHidden> ({fmt.dateTime(r.updatedAt)})</VisuallyHidden>
                      </Text>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ListState loading={tickets.isPending} empty={rows.length === 0} emptyText={empty} />
      <LoadMore hasMore={tickets.hasNextPage} loading={tickets.isFetchingNextPage} onLoad={() => void tickets.fetchNextPage()} />
    </Card>
  );
}
