import { ActionIcon, Button, Card, Code, SimpleGrid, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { IconChevronDown, IconChevronRight, IconDownload } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState, LoadMore } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { can, useCurrentUser } from '../auth/queries';
import { orgChoicesQuery } from '../orgs/queries';
import { AuditFilters } from './audit-filters';
import { auditExportUrl, auditQuery, type AuditEntry } from './queries';

const route = getRouteApi('/_app/audit');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** UUIDv7s share their leading (time) digits, so the tail tells them apart; other ids stay readable. */
const shortId = (id: string) => (UUID.test(id) ? `…${id.slice(-8)}` : id.length > 28 ? `${id.slice(0, 27)}…` : id);

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <Stack gap={4} miw={0}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {value === null || value === undefined ? '—' : JSON.stringify(value, null, 2)}
      </Code>
    </Stack>
  );
}

/** The before/after of one entry and where it came from. */
function EntryDetails({ e, orgName }: { e: AuditEntry; orgName?: string }) {
  const { t } = useTranslation();
  const facts: [string, string | null][] = [
    [t('audit.targetId'), e.targetId],
    [t('audit.actorId'), e.actorId],
    [t('audit.ip'), e.ip],
    [t('audit.organisation'), orgName ?? e.orgId],
    [t('audit.userAgent'), e.userAgent],
    [t('audit.requestId'), e.requestId],
  ];
  return (
    <Stack gap="sm" py="xs">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <Json label={t('audit.before')} value={e.before} />
        <Json label={t('audit.after')} value={e.after} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing={4} verticalSpacing={2}>
        {facts
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <Text key={k} size="xs" style={{ overflowWrap: 'anywhere' }}>
              <Text span fw={600} size="xs">
                {k}:
              </Text>{' '}
              {v}
            </Text>
          ))}
      </SimpleGrid>
    </Stack>
  );
}

/** Who did what, when and from where; filterable, exportable as CSV. */
export function AuditPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const fmt = useFormat();
  const filters = route.useSearch();
  const navigate = route.useNavigate();
  const [open, setOpen] = useState<string | null>(null);
  const audit = useInfiniteQuery(auditQuery(filters, me.timeZone));
  const allOrgs = can(me, 'audit.read_all');
  const orgs = useQuery({ ...orgChoicesQuery, enabled: allOrgs });
  const orgName = (id: string | null) => (id ? orgs.data?.items.find((o) => o.id === id)?.name : undefined);
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];
  const columns = allOrgs ? 6 : 5; // toggle, time, [organisation], actor (and IP), action, target
  return (
    <Page
      title={t('nav.audit')}
      description={t('audit.description', { zone: me.timeZone })}
      actions={
        <Button component="a" href={auditExportUrl(filters, me.timeZone)} download variant="default" leftSection={<IconDownload size={18} aria-hidden />}>
          {t('audit.export')}
        </Button>
      }
    >
      <Card withBorder padding="md">
        <AuditFilters filters={filters} onChange={(f) => void navigate({ search: f, replace: true })} />
        <ErrorAlert error={audit.error} />
        <Table.ScrollContainer minWidth={allOrgs ? 900 : 780}>
          <Table verticalSpacing="xs" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <VisuallyHidden>{t('audit.details')}</VisuallyHidden>
                </Table.Th>
                <Table.Th>{t('audit.time')}</Table.Th>
                {allOrgs && <Table.Th>{t('audit.organisation')}</Table.Th>}
                <Table.Th>{t('audit.actor')}</Table.Th>
                <Table.Th>{t('audit.action')}</Table.Th>
                <Table.Th>{t('audit.target')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => {
                const expanded = open === e.id;
                return (
                  <Fragment key={e.id}>
                    <Table.Tr>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          onClick={() => setOpen(expanded ? null : e.id)}
                          aria-expanded={expanded}
                          aria-controls={expanded ? `audit-${e.id}` : undefined}
                          aria-label={t(expanded ? 'audit.hideDetailsOf' : 'audit.showDetailsOf', { time: fmt.dateTime(e.at) })}
                        >
                          {expanded ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
                        </ActionIcon>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(e.at)}</Table.Td>
                      {allOrgs && <Table.Td>{orgName(e.orgId) ?? '—'}</Table.Td>}
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {!e.actorEmail || (e.actorEmail === 'system' && !e.actorId) ? t('audit.system') : e.actorEmail}
                        </Text>
                        {e.ip && (
                          <Text size="xs" c="dimmed">
                            {t('audit.ipValue', { ip: e.ip })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</Text>
                        <Code fz="xs">{e.action}</Code>
                      </Table.Td>
                      <Table.Td>
                        {e.targetType ? (
                          <>
                            <Text size="sm">{t(`audit.targets.${e.targetType}`, { defaultValue: e.targetType })}</Text>
                            {e.targetId && (
                              <Text size="xs" c="dimmed" title={e.targetId}>
                                {shortId(e.targetId)}
                              </Text>
                            )}
                          </>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                    </Table.Tr>
                    {expanded && (
                      <Table.Tr id={`audit-${e.id}`} bg="gray.0">
                        <Table.Td colSpan={columns}>
                          <EntryDetails e={e} orgName={orgName(e.orgId)} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <ListState loading={audit.isPending} empty={rows.length === 0} emptyText={t('audit.empty')} />
        <LoadMore hasMore={audit.hasNextPage} loading={audit.isFetchingNextPage} onLoad={() => void audit.fetchNextPage()} />
      </Card>
    </Page>
  );
}
