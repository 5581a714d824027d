import { Anchor, Button, Card, Code, Group, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { IconDownload } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { useFormatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';

type Entry = { id: string; at: string; orgId: string | null; actorId: string | null; actorEmail: string | null; action: string; targetType: string | null; targetId: string | null; before: unknown; after: unknown; ip: string | null; userAgent: string | null; requestId: string | null };
type Filters = { action?: string; actor?: string; from?: string; to?: string };

const auditQuery = (f: Filters) =>
  infiniteQueryOptions({
    queryKey: ['audit', f],
    queryFn: ({ pageParam }) => get<{ items: Entry[]; nextCursor: string | null }>(`/api/v1/audit${qs({ ...params(f), cursor: pageParam, limit: 50 })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** Date inputs give local dates; the API wants instants. */
function params(f: Filters) {
  return {
    action: f.action,
    actorId: f.actor && /^[0-9a-f-]{36}$/i.test(f.actor) ? f.actor : undefined,
    from: f.from ? new Date(`${f.from}T00:00:00`).toISOString() : undefined,
    to: f.to ? new Date(`${f.to}T23:59:59.999`).toISOString() : undefined,
  };
}

export function AuditPage() {
  const { t } = useTranslation();
  const fmt = useFormatDateTime();
  const [filters, setFilters] = useState<Filters>({});
  const [debounced] = useDebouncedValue(filters, 300);
  const [open, setOpen] = useState<string | null>(null);
  const audit = useInfiniteQuery(auditQuery(debounced));
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (k: keyof Filters) => (e: React.ChangeEvent<HTMLInputElement>) => setFilters({ ...filters, [k]: e.currentTarget.value || undefined });
  return (
    <Page
      title={t('nav.audit')}
      description={t('audit.description')}
      actions={
        <Button component="a" href={`/api/v1/audit/export.csv${qs(params(debounced))}`} variant="default" leftSection={<IconDownload size={18} aria-hidden />}>
          {t('audit.export')}
        </Button>
      }
    >
      <Card withBorder padding="md">
        <Group mb="md" wrap="wrap" align="flex-end">
          <TextInput label={t('audit.action')} placeholder="auth.sign_in, user.*" value={filters.action ?? ''} onChange={set('action')} />
          <TextInput label={t('audit.actorId')} value={filters.actor ?? ''} onChange={set('actor')} />
          <TextInput label={t('audit.from')} type="date" value={filters.from ?? ''} onChange={set('from')} />
          <TextInput label={t('audit.to')} type="date" value={filters.to ?? ''} onChange={set('to')} />
        </Group>
        <ErrorAlert error={audit.error} />
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="xs" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.time')}</Table.Th>
                <Table.Th>{t('audit.actor')}</Table.Th>
                <Table.Th>{t('audit.action')}</Table.Th>
                <Table.Th>{t('audit.target')}</Table.Th>
                <Table.Th>{t('audit.ip')}</Table.Th>
                <Table.Th>{t('audit.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Fragment key={e.id}>
                  <Table.Tr>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt(e.at)}</Table.Td>
                    <Table.Td>{e.actorEmail ?? '—'}</Table.Td>
                    <Table.Td>
                      <Code>{e.action}</Code>
                    </Table.Td>
                    <Table.Td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</Table.Td>
                    <Table.Td>{e.ip ?? '—'}</Table.Td>
                    <Table.Td>
                      <Anchor component="button" size="sm" onClick={() => setOpen(open === e.id ? null : e.id)} aria-expanded={open === e.id}>
                        {open === e.id ? t('audit.hide') : t('audit.show')}
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                  {open === e.id && (
                    <Table.Tr>
                      <Table.Td colSpan={6}>
                        <Code block>{JSON.stringify({ before: e.before, after: e.after, userAgent: e.userAgent, requestId: e.requestId }, null, 2)}</Code>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {rows.length === 0 && !audit.isPending && (
          <Text c="dimmed" size="sm" ta="center" py="md">
            {t('audit.empty')}
          </Text>
        )}
        {audit.hasNextPage && (
          <Group justify="center" mt="md">
            <Button variant="default" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          </Group>
        )}
      </Card>
    </Page>
  );
}
