import { Button, Card, Group, Paper, Stack, Table, Tabs, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/anchor-link';
import { ErrorAlert } from '../../ui/errors';
import { useFormat, useNow } from '../../ui/format';
import { ListState, LoadMore } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { can, useCurrentUser } from '../auth/queries';
import { QUEUE_TABS, ticketsQuery, worksTickets, type QueueTab, type TicketListItem, type TicketSearch } from './queries';
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
  const now = useNow();
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const tickets = useInfiniteQuery(ticketsQuery(filters, staff));
  const rows = tickets.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !!(filters.q || filters.kind || filters.categoryId || filters.orgId || filters.status);
  const showRequester = staff || can(me, 'tickets.read_org');
  const who = (r: TicketListItem) => (staff ? `${r.org.name} · ${r.requester.name}` : r.requester.name);
  const empty = filtered ? t('tickets.list.empty') : staff ? t('tickets.list.queueEmpty') : t('tickets.list.none');
  return (
    <Card withBorder padding="md">
      <TicketFilters filters={filters} onChange={onFilters} staff={staff} inQueue={inQueue} />
      <ErrorAlert error={tickets.error} />
      {phone ? (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('tickets.list.label')}>
          {rows.map((r) => (
            <Paper key={r.id} withBorder p="sm" component="li">
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Text size="xs" c="dimmed" ff="monospace">
                  {r.ref}
                </Text>
                <Group gap={6}>
                  <PriorityBadge priority={r.priority} short />
                  <StatusBadge status={r.status} />
                </Group>
              </Group>
              <AnchorLink to="/tickets/$id" params={{ id: r.id }} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                {r.title}
              </AnchorLink>
              <Text size="xs" c="dimmed">
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
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tickets.ref')}</Table.Th>
                <Table.Th>{t('tickets.titleAndCategory')}</Table.Th>
                <Table.Th>{t('tickets.priority')}</Table.Th>
                <Table.Th>{t('tickets.status')}</Table.Th>
                <Table.Th>{t('tickets.slaColumn')}</Table.Th>
                <Table.Th>{t('tickets.assignee')}</Table.Th>
                <Table.Th>{t('tickets.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm" ff="monospace">
                      {r.ref}
                    </Text>
                  </Table.Td>
                  <Table.Td miw={200} maw={320}>
                    <AnchorLink to="/tickets/$id" params={{ id: r.id }} fw={500} size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {r.title}
                    </AnchorLink>
                    <Text size="xs" c="dimmed">
                      {r.category.name} · {t(`tickets.kinds.${r.kind}`)}
                    </Text>
                    {showRequester && (
                      <Text size="xs" c="dimmed">
                        {who(r)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <PriorityBadge priority={r.priority} short />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <StatusBadge status={r.status} />
                  </Table.Td>
                  <Table.Td miw={170}>
                    <SlaSummary ticket={r} now={now} />
                  </Table.Td>
                  <Table.Td>
                    <AssigneeText ticket={r} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Tooltip label={fmt.dateTime(r.updatedAt)} withArrow>
                      <Text size="sm" component="time" dateTime={r.updatedAt}>
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
