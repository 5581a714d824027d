import { Badge, Button, Card, Collapse, Group, Paper, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { IconAdjustmentsHorizontal, IconDownload, IconSearch, IconShoppingCart, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ORDER_QUEUES, ORDER_STATUSES } from '../../../contracts/orders';
import { AnchorLink } from '../../ui/anchor-link';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState, LoadMore } from '../../ui/list-parts';
import { useLiveInvalidate } from '../../ui/live-events';
import { Page } from '../../ui/page';
import { can, useCurrentUser } from '../auth/queries';
import { orgChoicesQuery } from '../orgs/queries';
import { userChoicesQuery } from '../users/queries';
import { OrderStatusBadge } from './order-parts';
import { fulfilsOrders, ITEM_KINDS, orderExportUrl, ordersQuery, type OrderListItem, type OrderQueue, type OrderSearch } from './queries';

const route = getRouteApi('/_app/orders');

/** /orders: customers see their (organisation's) order history; provider staff work the queues. */
export function OrdersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const staff = fulfilsOrders(me);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const setFilters = (f: OrderSearch) => void navigate({ search: f, replace: true });
  const tab: OrderQueue = search.queue ?? 'provider_approval';
  useLiveInvalidate(['order.changed'], [['orders', 'list']]);
  return (
    <Page
      title={t('orders.title')}
      description={staff ? t('orders.staffDescription') : can(me, 'orders.approve') ? t('orders.orgDescription') : t('orders.description')}
      actions={
        !staff &&
        can(me, 'orders.create') && (
          <Button component={Link} to="/catalogue" leftSection={<IconShoppingCart size={18} aria-hidden />}>
            {t('orders.orderSomething')}
          </Button>
        )
      }
    >
      {staff ? (
        <Tabs value={tab} onChange={(v) => setFilters({ ...search, queue: ORDER_QUEUES.find((x) => x === v && x !== 'provider_approval') })} keepMounted={false}>
          <Tabs.List aria-label={t('orders.queues.label')}>
            {ORDER_QUEUES.map((q) => (
              <Tabs.Tab key={q} value={q}>
                {t(`orders.queues.${q}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {ORDER_QUEUES.map((q) => (
            <Tabs.Panel key={q} value={q} pt="md">
              <OrderList filters={search} onFilters={setFilters} staff />
            </Tabs.Panel>
          ))}
        </Tabs>
      ) : (
        <OrderList filters={search} onFilters={setFilters} staff={false} />
      )}
    </Page>
  );
}

function OrderFilters({ filters, onChange, staff }: { filters: OrderSearch; onChange: (f: OrderSearch) => void; staff: boolean }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [text, setText] = useState(filters.q ?? '');
  const setQuery = useDebouncedCallback((q: string) => onChange({ ...filters, q: q.trim() || undefined }), 300);
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const [shown, { toggle }] = useDisclosure(false);
  const orgs = useQuery({ ...orgChoicesQuery, enabled: staff });
  const seesOrg = !staff && can(me, 'orders.approve');
  const people = useQuery({ ...userChoicesQuery(), enabled: seesOrg && can(me, 'users.read') });
  const set = (f: Partial<OrderSearch>) => onChange({ ...filters, ...f });
  const active = [filters.status, filters.kind, filters.orgId, filters.requesterId, filters.from, filters.to].filter(Boolean).length;
  return (
    <Stack mb="md" gap="xs" role="search" aria-label={t('orders.filter.label')}>
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          aria-label={t('orders.filter.search')}
          placeholder={t('orders.filter.search')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          type="search"
          onChange={(e) => {
            setText(e.currentTarget.value);
            setQuery(e.currentTarget.value);
          }}
          w={{ base: '100%', sm: 260 }}
        />
        {phone && (
          <Button
            variant="default"
            leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden />}
            rightSection={active > 0 ? <Badge size="sm" circle>{active}</Badge> : undefined}
            onClick={toggle}
            aria-expanded={shown}
            aria-controls="order-filters"
          >
            {t('orders.filter.button')}
          </Button>
        )}
        <Group ml="auto">
          <Button component="a" href={orderExportUrl(filters, staff)} download variant="default" leftSection={<IconDownload size={16} aria-hidden />} title={t('orders.exportHint')}>
            {t('orders.export')}
          </Button>
        </Group>
      </Group>
      <Collapse expanded={!phone || shown} id="order-filters">
        <SimpleGrid cols={{ base: 1, xs: 2, md: staff || seesOrg ? 5 : 4 }} spacing="sm">
          <Select
            label={t('orders.fields.status')}
            placeholder={t('orders.filter.anyStatus')}
            data={ORDER_STATUSES.filter((s) => s !== 'submitted' && s !== 'approved' && (!staff || s !== 'draft')).map((s) => ({ value: s, label: t(`orders.status.${s}`) }))}
            value={filters.status ?? null}
            onChange={(v) => set({ status: ORDER_STATUSES.find((s) => s === v) })}
            clearable
          />
          <Select
            label={t('orders.fields.kind')}
            placeholder={t('orders.filter.anyKind')}
            data={ITEM_KINDS.map((k) => ({ value: k, label: t(`orders.kinds.${k}`) }))}
            value={filters.kind ?? null}
            onChange={(v) => set({ kind: v ?? undefined })}
            clearable
          />
          {staff && (
            <Select
              label={t('orders.fields.organisation')}
              placeholder={t('orders.filter.anyOrganisation')}
              data={(orgs.data?.items ?? []).filter((o) => o.kind === 'customer').map((o) => ({ value: o.id, label: o.name }))}
              value={filters.orgId ?? null}
              onChange={(v) => set({ orgId: v ?? undefined })}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
            />
          )}
          {seesOrg && (
            <Select
              label={t('orders.fields.requester')}
              placeholder={t('orders.filter.anyone')}
              data={(people.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
              value={filters.requesterId ?? null}
              onChange={(v) => set({ requesterId: v ?? undefined })}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
            />
          )}
          <TextInput type="date" label={t('orders.filter.from')} value={filters.from ?? ''} onChange={(e) => set({ from: e.currentTarget.value || undefined })} />
          <TextInput type="date" label={t('orders.filter.to')} value={filters.to ?? ''} onChange={(e) => set({ to: e.currentTarget.value || undefined })} />
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
            {t('orders.filter.clear')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function OrderList({ filters, onFilters, staff }: { filters: OrderSearch; onFilters: (f: OrderSearch) => void; staff: boolean }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const fmt = useFormat();
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const list = useInfiniteQuery(ordersQuery(filters, staff));
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const showRequester = staff || can(me, 'orders.approve');
  const who = (r: OrderListItem) => (staff ? `${r.org.name} · ${r.requester.name}` : r.requester.name);
  const filtered = !!(filters.q || filters.kind || filters.status || filters.orgId || filters.requesterId || filters.from || filters.to);
  const empty = filtered ? t('orders.empty') : staff ? t('orders.queueEmpty') : t('orders.none');
  const when = (r: OrderListItem) => r.submittedAt ?? r.createdAt;
  return (
    <Card withBorder padding="md">
      <OrderFilters filters={filters} onChange={onFilters} staff={staff} />
      <ErrorAlert error={list.error} />
      {phone ? (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('orders.listLabel')}>
          {rows.map((r) => (
            <Paper key={r.id} withBorder p="sm" component="li">
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Text size="xs" c="dimmed" ff="monospace">
                  {r.ref}
                </Text>
                <OrderStatusBadge status={r.status} />
              </Group>
              <AnchorLink to="/orders/$id" params={{ id: r.id }} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                {r.item.name}
              </AnchorLink>
              {showRequester && (
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {who(r)}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {fmt.dateTime(when(r))}
                {r.openTasks > 0 && ` · ${t('orders.openTasks', { count: r.openTasks })}`}
              </Text>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('orders.fields.ref')}</Table.Th>
                <Table.Th>{t('orders.fields.item')}</Table.Th>
                <Table.Th>{t('orders.fields.status')}</Table.Th>
                {showRequester && <Table.Th>{staff ? t('orders.fields.customer') : t('orders.fields.requester')}</Table.Th>}
                <Table.Th>{t('orders.fields.tasks')}</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('orders.fields.placed')}</Table.Th>
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
                  <Table.Td miw={180} maw={320}>
                    <AnchorLink to="/orders/$id" params={{ id: r.id }} fw={500} size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {r.item.name}
                    </AnchorLink>
                    {t(`orders.kinds.${r.item.kind}`, { defaultValue: r.item.kind }) !== r.item.name && (
                      <Text size="xs" c="dimmed">
                        {t(`orders.kinds.${r.item.kind}`, { defaultValue: r.item.kind })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <OrderStatusBadge status={r.status} />
                  </Table.Td>
                  {showRequester && (
                    <Table.Td miw={140}>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {who(r)}
                      </Text>
                    </Table.Td>
                  )}
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm" c={r.openTasks ? undefined : 'dimmed'}>
                      {r.openTasks ? t('orders.openTasks', { count: r.openTasks }) : '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm" component="time" dateTime={when(r)}>
                      {fmt.dateTime(when(r))}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ListState loading={list.isPending} empty={rows.length === 0} emptyText={empty} />
      <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
    </Card>
  );
}
